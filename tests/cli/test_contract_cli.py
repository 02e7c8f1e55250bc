"""`quoter contract ...` as a user types it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quoter.cli import main
from tests.cli.test_cli import Run, run  # noqa: F401  (the fixture)
from tests.conftest import DATA, REPO


def test_one_command_writes_both_formats(run: Run, tmp_path: Path) -> None:  # noqa: F811
    status, out, err = run(
        "contract",
        REPO / "examples" / "backport-usd.toml",
        "--pdf",
        tmp_path / "c.pdf",
        "--docx",
        tmp_path / "c.docx",
    )
    assert status == 0, err
    assert f"{tmp_path / 'c.pdf'}: written (unregistered draft, services-usd 2026.1, en)" in out
    assert (tmp_path / "c.docx").stat().st_size > 10_000


def test_verify_prints_matches_and_exits_0(run: Run, tmp_path: Path) -> None:  # noqa: F811
    run("contract", REPO / "examples" / "backport-usd.toml", "--pdf", tmp_path / "c.pdf")
    status, out, _ = run("contract", "verify", tmp_path / "c.pdf")
    assert status == 0
    assert out.startswith(f"{tmp_path / 'c.pdf'}: matches price book services-usd 2026.1")


def test_verify_of_a_missing_file(run: Run, tmp_path: Path) -> None:  # noqa: F811
    status, _, err = run("contract", "verify", tmp_path / "nope.pdf")
    assert status == 1 and "nope.pdf: cannot be read" in err


def test_lint_renders_every_book_and_language(run: Run) -> None:  # noqa: F811
    status, out, err = run("--data", DATA / "books", "contract", "lint")
    assert status == 0, err
    lines = out.splitlines()
    assert all(line.startswith("ok: ") for line in lines)
    rendered = {line.split(":")[1].strip() for line in lines}
    assert rendered == {
        "mini-usd 2026.1 in 'en'",
        "services-eur 2026.1 in 'de'",
        "services-eur 2026.1 in 'en'",
        "services-usd 2026.1 in 'de'",
        "services-usd 2026.1 in 'en'",
        "Scope of Support orca-os-support 2026.1 in 'en'",
        "Scope of Support orca-os-support 2026.1 in 'de'",
    }


def test_batch_uses_worker_processes_and_reports_progress(tmp_path: Path) -> None:
    requests = tmp_path / "requests"
    requests.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(DATA / "request.toml", requests / f"{name}.toml")
    (requests / "broken.toml").write_text("format = 1\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "quoter",
            "--data",
            str(DATA / "books"),
            "contract",
            "--batch",
            str(requests),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 1  # one request is broken
    assert "Traceback" not in result.stderr
    assert "3 of 4 contracts written to" in result.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "a.docx",
        "a.pdf",
        "b.docx",
        "b.pdf",
        "c.docx",
        "c.pdf",
    ]
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in progress] == ["[1/4", "[2/4", "[3/4", "[4/4"]
    assert f"\n{requests / 'broken.toml'}: not a valid quote request" in result.stderr
    assert f"{requests / 'broken.toml'}: {requests / 'broken.toml'}" not in result.stderr


def test_contract_with_no_output_is_explained(run: Run) -> None:  # noqa: F811
    status, _, err = run("contract", REPO / "examples" / "backport-usd.toml")
    assert status == 2 and "--pdf FILE and/or --docx FILE" in err  # a usage error


def test_contract_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["contract", "--help"])
    out = capsys.readouterr().out
    for command in ("render", "verify", "lint", "batch"):
        assert command in out


def test_a_batch_into_a_place_that_cannot_be_written_is_located(run: Run, tmp_path: Path) -> None:  # noqa: F811
    requests = tmp_path / "requests"
    requests.mkdir()
    shutil.copy(DATA / "request.toml", requests / "a.toml")
    status, out, err = run("contract", "--batch", requests, "--out", "/proc/forbidden")
    assert status == 1 and out == ""
    assert err.startswith("/proc/forbidden: cannot write the contracts there (")
    status, _, err = run("contract", "--batch", tmp_path / "nope", "--out", tmp_path / "out")
    assert status == 1
    assert err.startswith(f"{tmp_path / 'nope'}: cannot be read (No such file or directory)")
