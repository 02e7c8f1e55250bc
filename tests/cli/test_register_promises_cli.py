"""The register's promises as a user meets them on the command line: a register that is not
there or is truncated, `db create`, a damaged stored contract, a book edited in place, a register
that cannot be written. Each said with what to do, with exit status 1."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import Run, run  # noqa: F401  (the fixture)
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "backport-usd.toml"


@pytest.fixture
def register_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The register the user configured (QUOTER_DB): not made yet."""
    path = tmp_path / "share" / "register.sqlite3"
    monkeypatch.setenv("QUOTER_DB", f"sqlite:///{path}")
    monkeypatch.setenv("QUOTER_USER", "sam.seller")
    return path


def test_a_configured_register_must_exist_until_db_create_makes_it(
    run: Run,  # noqa: F811
    register_path: Path,
) -> None:
    status, out, err = run("quotes", "list")
    assert status == 1 and out == ""
    assert f"there is no quote register at {register_path}: the file does not exist" in err
    assert f"quoter --db sqlite:///{register_path} db create" in err
    assert not register_path.parent.exists()

    status, out, _ = run("db", "create")
    assert status == 0 and "a new, empty register was made" in out
    status, _, err = run("db", "create")
    assert status == 1 and "is already a quote register" in err and "nothing was made" in err
    status, out, _ = run("quotes", "new", EXAMPLE)
    assert status == 0 and out.startswith("Q-2026-00001: draft created")


def test_a_truncated_register_file_is_refused_and_kept(run: Run, register_path: Path) -> None:  # noqa: F811
    register_path.parent.mkdir()
    for content in (b"", b"S"):
        register_path.write_bytes(content)
        status, _, err = run("quotes", "new", EXAMPLE)
        assert status == 1
        assert f"{register_path} is {len(content)} bytes long: it is not a quote register" in err
        assert "restore it from a backup with 'quoter db restore'" in err
        assert register_path.read_bytes() == content


def test_db_restore_makes_the_register_it_restores_into(
    run: Run,  # noqa: F811
    register_path: Path,
    tmp_path: Path,
) -> None:
    run("db", "create")
    run("quotes", "new", EXAMPLE)
    assert run("db", "backup", tmp_path / "backup.jsonl")[0] == 0
    elsewhere = tmp_path / "new-laptop" / "register.sqlite3"
    status, out, err = run(
        "--db", f"sqlite:///{elsewhere}", "db", "restore", tmp_path / "backup.jsonl"
    )
    assert status == 0, err
    status, out, _ = run("--db", f"sqlite:///{elsewhere}", "quotes", "list")
    assert "Q-2026-00001" in out


def _issued(run: Run, register_path: Path) -> str:  # noqa: F811
    run("db", "create")
    out = run("quotes", "new", EXAMPLE)[1]
    number = out.split(":")[0]
    assert run("quotes", "issue", number)[0] == 0
    return number


def test_a_damaged_stored_pdf_is_named_on_export_and_show(
    run: Run,  # noqa: F811
    register_path: Path,
    tmp_path: Path,
) -> None:
    number = _issued(run, register_path)
    with sqlite3.connect(register_path) as connection:
        (content,) = connection.execute(
            "SELECT content FROM quote_documents WHERE kind = 'pdf'"
        ).fetchone()
        flipped = bytearray(content)
        flipped[len(flipped) // 2] ^= 0x01  # one bit of one byte
        connection.execute(
            "UPDATE quote_documents SET content = ? WHERE kind = 'pdf'", (bytes(flipped),)
        )
    target = tmp_path / "contract.pdf"
    status, _, err = run("quotes", "export", number, "--pdf", target)
    assert status == 1 and f"the stored PDF of {number} is damaged" in err
    assert not target.exists()
    status, out, err = run("quotes", "show", number)
    assert status == 1 and f"the stored PDF of {number} is damaged" in err
    assert "Document:    PDF sha256:" in out and "DAMAGED" in out
    assert "Document:    DOCX sha256:" in out and out.count("DAMAGED") == 1
    status, _, _ = run("quotes", "export", number, "--docx", tmp_path / "contract.docx")
    assert status == 0


def test_a_used_book_version_edited_in_place_is_refused(
    run: Run,  # noqa: F811
    register_path: Path,
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    (data / "price_books").mkdir(parents=True)
    book = (REPO / "price_books" / "services-usd-2026.toml").read_text(encoding="utf-8")
    book = book.replace('id = "services-usd"', 'id = "acme-usd"', 1)
    (data / "price_books" / "acme.toml").write_text(book, encoding="utf-8")
    request = tmp_path / "request.toml"
    text = EXAMPLE.read_text(encoding="utf-8").replace('book = "services-usd"', 'book = "acme-usd"')
    request.write_text(text, encoding="utf-8")
    run("db", "create")
    number = run("--data", data, "quotes", "new", request)[1].split(":")[0]
    assert run("--data", data, "quotes", "issue", number)[0] == 0
    _, shown, _ = run("--data", data, "quotes", "show", number)
    used = shown.split("acme-usd 2026.1 (")[1].split(")")[0]

    assert "unit_price = 1350.00" in book
    (data / "price_books" / "acme.toml").write_text(
        book.replace("unit_price = 1350.00", "unit_price = 1350.01", 1), encoding="utf-8"
    )
    for command in (("quotes", "new", request), ("quotes", "revise", number)):
        status, _, err = run("--data", data, *command)
        assert status == 1 and f"they were priced on {used}, the book now has sha256:" in err
        assert "A published version never changes" in err
    status, out, err = run(
        "--data", data, "pricebook", "validate", data / "price_books" / "acme.toml"
    )
    assert status == 1 and f"they were priced on {used}" in out + err
    assert run("quotes", "list")[1].count("Q-2026") == 1  # nothing was added


def test_a_register_that_cannot_be_written_can_be_listed_and_shown(
    run: Run,  # noqa: F811
    register_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Root writes anywhere: the test takes write access away where quoter asks for it."""
    number = _issued(run, register_path)
    real_access = os.access
    monkeypatch.setattr(
        "quoter.storage.register.os.access",
        lambda where, mode: False if mode == os.W_OK else real_access(where, mode),
    )
    status, out, _ = run("quotes", "list")
    assert status == 0 and number in out
    status, out, _ = run("quotes", "show", number)
    assert status == 0 and "Document:    PDF sha256:" in out
    status, _, err = run("quotes", "new", EXAMPLE)
    assert status == 1
    assert f"{register_path} is read-only for you" in err and "Nothing was saved" in err


def test_the_default_register_is_made_on_first_use_and_that_is_said_once(
    run: Run,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("QUOTER_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    made = tmp_path / "data-home" / "quoter" / "register.sqlite3"
    status, out, err = run("quotes", "new", EXAMPLE)
    assert status == 0 and out.startswith("Q-2026-00001: draft created")
    assert err == f"quoter: a new, empty quote register was made: {made}\n"
    status, out, err = run("quotes", "new", EXAMPLE)
    assert status == 0 and out.startswith("Q-2026-00002") and err == ""
