"""A non-editable install works: the wheel carries the bundled books, products and examples."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent


@pytest.mark.slow
def test_the_wheel_ships_the_data_and_prices_from_it(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next(tmp_path.glob("quoter-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("price_books", "policies", "products", "examples"):
        shipped = {n for n in names if n.startswith(f"quoter/_bundled/{folder}/")}
        in_repo = {
            f"quoter/_bundled/{folder}/{p.relative_to(REPO / folder).as_posix()}"
            for p in (REPO / folder).rglob("*")
            if p.is_file()
        }
        assert shipped == in_repo

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "QUOTER_CONFIG": str(tmp_path / "none.toml")}
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    example = target / "quoter" / "_bundled" / "examples" / "backport-usd.toml"
    result = subprocess.run(
        [sys.executable, "-m", "quoter", "quote", "price", str(example)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "services-usd" in result.stdout
    facts = target / "quoter" / "_bundled" / "examples" / "triage" / "backport-fix.toml"
    triaged = subprocess.run(
        [sys.executable, "-m", "quoter", "triage", str(facts), "--date", "2026-11-24"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert triaged.returncode == 0, triaged.stderr
    assert "Verdict: OUT OF SCOPE" in triaged.stdout and "orca-os-support 2026.1" in triaged.stdout
    assert (
        str(target)
        in subprocess.run(
            [sys.executable, "-c", "import quoter.data.locator as l; print(l.bundled_root())"],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
