"""The project's own rules, checked by machines: lint, types, layers, and a light start-up path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_ruff_finds_nothing() -> None:
    result = run(str(BIN / "ruff"), "check", "quoter", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_finds_nothing() -> None:
    result = run(sys.executable, "-m", "mypy", "quoter")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_layers_point_inward_and_the_domain_stays_pure() -> None:
    result = run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_quoter_help_imports_nothing_heavy() -> None:
    """`quoter --help` must start fast: no Qt, WeasyPrint, docxtpl or Babel on that path."""
    probe = (
        "import sys, contextlib, io\n"
        "from quoter.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "heavy = [m for m in ('PySide6', 'weasyprint', 'docxtpl', 'babel', 'tomllib')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = run(sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
