"""`quoter quotes ...` and `quoter db ...` as a new user types them, with no database set up."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quoter.cli import main
from tests.cli.test_cli import Run, run  # noqa: F401  (the fixture)
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "backport-usd.toml"


@pytest.fixture(autouse=True)
def _fresh_register(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No register configured: the default one, made on first use in the user's data folder."""
    monkeypatch.delenv("QUOTER_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "nested"))
    monkeypatch.setenv("QUOTER_USER", "sam.seller")


def test_create_list_issue_revise_accept(run: Run, tmp_path: Path) -> None:  # noqa: F811
    status, out, err = run("quotes", "new", EXAMPLE)
    assert status == 0, err
    number = out.split(":")[0]
    assert re.fullmatch(r"Q-\d{4}-00001", number)
    assert "draft created (services-usd 2026.1, USD 37650.00)" in out
    status, out, _ = run("quotes", "list")
    assert out.split()[:2] == [number, "draft"] and "Cascade Motion Controls, Inc." in out
    status, out, err = run("quotes", "issue", number)
    assert status == 0, err
    assert f"{number}: issued, valid until" in out
    status, out, _ = run("quotes", "export", number, "--pdf", tmp_path / "offer.pdf")
    assert status == 0 and (tmp_path / "offer.pdf").read_bytes().startswith(b"%PDF")
    status, out, _ = run("contract", "verify", tmp_path / "offer.pdf")
    assert status == 0 and "matches price book services-usd 2026.1" in out
    status, out, _ = run("quotes", "revise", number)
    assert out.startswith(f"{number}-R2: draft revision of {number} created")
    run("quotes", "issue", f"{number}-R2")
    status, out, _ = run("quotes", "accept", f"{number}-R2")
    assert status == 0 and out.strip() == f"{number}-R2: accepted"
    status, _, err = run("quotes", "accept", number)
    assert status == 1 and "a later revision replaced it" in err
    status, out, _ = run("quotes", "list", "--status", "superseded")
    assert out.split()[:2] == [number, "superseded"]
    status, out, _ = run("quotes", "history", number)
    assert [line.split()[2] for line in out.splitlines()] == ["created", "issued", "superseded"]
    assert "sam.seller" in out
    status, out, _ = run("quotes", "export", number, "--json")
    data = json.loads(out)
    assert data["status"] == "superseded" and set(data["documents"]) == {"pdf", "docx"}
    status, out, _ = run("quotes", "show", f"{number}-R2")
    assert "accepted" in out.splitlines()[0] and "Document:    PDF sha256:" in out


def test_backup_and_restore(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    run("quotes", "new", EXAMPLE)
    status, out, _ = run("db", "backup", tmp_path / "b.jsonl")
    assert status == 0 and "backup written" in out
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    status, out, _ = run("--db", other, "db", "restore", tmp_path / "b.jsonl")
    assert status == 0 and "restored" in out
    status, out, _ = run("--db", other, "quotes", "list")
    assert "Cascade Motion Controls, Inc." in out


def test_mistakes_are_explained(run: Run) -> None:  # noqa: F811
    status, _, err = run("quotes", "show", "Q-2026-99999")
    assert status == 1 and "there is no quote Q-2026-99999 in the register" in err
    status, _, err = run("quotes", "issue", "nonsense")
    assert status == 1 and "'nonsense' is not a quote number" in err
    status, _, err = run("--db", "postgresql+psycopg://nobody@127.0.0.1:9/x", "quotes", "list")
    assert status == 1 and "cannot be opened as a quote register" in err and "Traceback" not in err


def test_a_bad_prefix_setting(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("QUOTER_QUOTE_PREFIX", "q-1")
    status, _, err = run("quotes", "list")
    assert status == 1 and "the quote prefix 'q-1' is not valid" in err


def test_quotes_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["quotes", "--help"])
    out = capsys.readouterr().out
    for command in (
        "new",
        "list",
        "show",
        "issue",
        "revise",
        "accept",
        "decline",
        "export",
        "history",
    ):
        assert command in out


def test_a_backup_to_a_place_that_cannot_be_written_is_located(run: Run, tmp_path: Path) -> None:  # noqa: F811
    status, out, err = run("db", "backup", "/proc/x.backup")
    assert status == 1 and out == ""
    assert err.startswith("/proc/x.backup: cannot be written (")
    assert "internal error" not in err
    status, _, err = run("db", "backup", tmp_path / "no-folder" / "x.backup")
    assert status == 1 and "no-folder/x.backup: cannot be written" in err
    assert not (tmp_path / "no-folder").exists()  # nothing made, nothing half-written
