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


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("usecases/catalogue.py", "import PySide6.QtWidgets", "PySide6 only in quoter.gui BROKEN"),
        ("storage/schema.py", "import weasyprint", "only in the PDF module BROKEN"),
        (
            "domain/money.py",
            "import sqlalchemy",
            "knows no GUI, document or database library BROKEN",
        ),
        ("cli/output.py", "from quoter.cli import scope", "No import circles"),
        ("books/digest.py", "import quoter.usecases.context", "Layers point inward BROKEN"),
        ("domain/quote.py", "import pathlib", "document or database library BROKEN"),
        ("usecases/drafts.py", "import sqlalchemy", "drivers only in quoter.storage BROKEN"),
        ("usecases/catalogue.py", "import pypdf", "pypdf only in quoter.documents BROKEN"),
    ],
)
def test_the_import_contracts_catch_a_forbidden_import(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    """The contracts are not vacuous: one forbidden import, in a copy of the package, breaks them."""
    import shutil

    shutil.copytree(REPO / "quoter", tmp_path / "quoter")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "quoter" / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{line}  # a probe\n")
    result = subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": str(BIN)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout
