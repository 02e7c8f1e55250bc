"""What the register promises a team: a published book version never changes under its offers,
a stored contract is never handed out damaged, and a register is never silently replaced by a new
one. On SQLite and PostgreSQL where both apply."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quoter.domain.register import DamagedDocument, PublishedBookChanged, RegisterError
from quoter.storage.register import Register
from quoter.usecases.context import AppContext
from quoter.usecases.register import (
    damaged_documents,
    issue_quote,
    list_quotes,
    new_quote,
    quote_contract_files,
    quote_document,
    revise_quote,
    show_quote,
)
from quoter.usecases.settings import Settings
from quoter.usecases.validate_books import validate_book_files
from tests.conftest import MINI_BOOK
from tests.storage.conftest import quote_facts
from tests.storage.test_register_lifecycle import (  # noqa: F401  (fixtures)
    REQUEST,
    Contexts,
    context,
    contexts,
    shutil_copy_books,
)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_a_used_book_version_edited_in_place_is_refused_with_both_digests(
    settings: Settings,
    contexts: Contexts,  # noqa: F811
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    shutil_copy_books(data)
    book = data / "price_books" / "mini.toml"
    book.write_text(MINI_BOOK, encoding="utf-8")
    first = contexts(replace(settings, data_dirs=(data,)))
    issued = issue_quote(first, new_quote(first, REQUEST).number)
    draft = new_quote(first, REQUEST).number

    book.write_text(MINI_BOOK.replace("unit_price = 2500.00", "unit_price = 2500.01"), "utf-8")
    edited = contexts(replace(settings, data_dirs=(data,)))
    used, now = issued.priced.book.digest, edited.library.books()[0].digest
    assert used != now
    said = re.compile(
        rf"mini-usd 2026\.1 \({re.escape(str(book))}\) has changed since offers were issued "
        rf"on it: they were priced on {used}, the book now has {now}\. A published version "
        "never changes"
    )
    for attempt in (
        lambda: new_quote(edited, REQUEST),
        lambda: revise_quote(edited, issued.number),
        lambda: issue_quote(edited, draft),
    ):
        with pytest.raises(PublishedBookChanged, match=said):
            attempt()
    assert len(list_quotes(edited).rows) == 2  # nothing was added
    assert show_quote(edited, draft).status.value == "draft"

    (report,) = validate_book_files(edited, [book]).checks
    (problem,) = report.problems
    assert report.book is None and problem.file == str(book)
    assert f"they were priced on {used}, the book now has {now}" in problem.message

    book.write_text(MINI_BOOK, encoding="utf-8")  # put back as it was: quoting goes on
    restored = contexts(replace(settings, data_dirs=(data,)))
    assert issue_quote(restored, draft).priced.book.digest == used


def test_a_book_edited_before_any_offer_was_issued_on_it_may_be_used(
    settings: Settings,
    contexts: Contexts,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Drafts are not offers: a book no issued quote used can still be corrected."""
    data = tmp_path / "data"
    shutil_copy_books(data)
    book = data / "price_books" / "mini.toml"
    first = contexts(replace(settings, data_dirs=(data,)))
    draft = new_quote(first, REQUEST).number
    book.write_text(MINI_BOOK.replace("unit_price = 2500.00", "unit_price = 2500.01"), "utf-8")
    corrected = contexts(replace(settings, data_dirs=(data,)))
    assert issue_quote(corrected, draft).priced.book.digest != show_quote(first, draft).priced.book


def _damage_stored_pdf(url: str, number: str) -> None:
    register = Register(url)
    try:
        with register.transaction() as connection:
            connection.exec_driver_sql(
                "UPDATE quote_documents SET content = "
                + ("CAST(? AS BLOB)" if register.is_sqlite else "%(content)s::bytea")
                + " WHERE kind = 'pdf' AND quote_id = (SELECT id FROM quotes WHERE number = "
                + ("?)" if register.is_sqlite else "%(number)s)"),
                (b"%PDF-1.7 not what was sent", number)
                if register.is_sqlite
                else {"content": b"%PDF-1.7 not what was sent", "number": number},
            )
    finally:
        register.close()


def test_a_damaged_stored_contract_is_named_and_never_exported(
    settings: Settings,
    context: AppContext,  # noqa: F811
) -> None:
    number = issue_quote(context, new_quote(context, REQUEST).number).number
    assert damaged_documents(context, number) == []
    recorded = show_quote(context, number).documents["pdf"].removeprefix("sha256:")
    assert settings.database is not None
    _damage_stored_pdf(settings.database, number)

    with pytest.raises(DamagedDocument, match=rf"the stored PDF of {number} is damaged") as error:
        quote_document(context, number, "pdf")
    assert recorded in str(error.value) and "quoter db restore" in str(error.value)
    with pytest.raises(DamagedDocument):
        quote_contract_files(context, number, docx=False)
    (damage,) = damaged_documents(context, number)
    assert (damage.number, damage.kind) == (number, "pdf")
    assert quote_document(context, number, "docx").startswith(b"PK")  # the intact one is fine


def test_a_file_too_short_to_be_a_register_is_never_taken_for_a_new_one(tmp_path: Path) -> None:
    for size in (0, 1, 99):
        path = tmp_path / f"register-{size}.sqlite3"
        path.write_bytes(b"S" * size)
        with pytest.raises(
            RegisterError,
            match=rf"{size} bytes long: it is not a quote register.*restore it from a backup",
        ):
            Register(f"sqlite:///{path}")
        assert path.read_bytes() == b"S" * size  # left as it was


def test_a_configured_register_that_is_not_there_is_not_made(tmp_path: Path) -> None:
    path = tmp_path / "share" / "register.sqlite3"
    url = f"sqlite:///{path}"
    with pytest.raises(
        RegisterError,
        match=rf"there is no quote register at {re.escape(str(path))}: the file does not "
        rf"exist.*quoter --db {re.escape(url)} db create",
    ):
        Register(url, create=False)
    assert not path.parent.exists()
    made = Register(url, create=True)
    try:
        assert made.created and made.schema_version() >= 1
    finally:
        made.close()
    again = Register(url, create=False)
    try:
        assert not again.created
    finally:
        again.close()


@pytest.mark.parametrize(
    ("value", "said"), [("three", "'three'"), ("", "''"), (None, "missing"), ("-1", "'-1'")]
)
def test_a_damaged_version_row_is_said_and_nothing_is_changed(
    tmp_path: Path, value: str | None, said: str
) -> None:
    path = tmp_path / "register.sqlite3"
    Register(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        if value is None:
            connection.execute("DELETE FROM quoter_schema")
        else:
            connection.execute("UPDATE quoter_schema SET value = ?", (value,))
    before = path.read_bytes()
    with pytest.raises(
        RegisterError,
        match=rf"the register's version \(table quoter_schema, key 'version'\) is {said}, "
        "expected a whole number.*restore it from a backup",
    ):
        Register(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_register_that_cannot_be_written_is_listed_and_shown_but_not_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a colleague without write access to the shared folder sees it. Root may write
    anywhere, so the test takes the folder's write permission away where quoter asks for it;
    the file is then really opened read-only."""
    path = tmp_path / "register.sqlite3"
    url = f"sqlite:///{path}"
    writer = Register(url)
    try:
        number = writer.create_draft("Q", quote_facts("Globex"), NOW, "sam", year=2026)
    finally:
        writer.close()
    real_access = os.access
    monkeypatch.setattr(
        "quoter.storage.register.os.access",
        lambda where, mode: False if mode == os.W_OK else real_access(where, mode),
    )
    (path.parent / "register.sqlite3-wal").unlink(missing_ok=True)
    before = path.read_bytes()
    reader = Register(url)
    try:
        assert reader.read_only
        assert [quote.number for quote in reader.find()] == [number]
        assert reader.get(number).customer == "Globex"
        with pytest.raises(RegisterError, match=r"is read-only for you.*listed and shown, not "):
            reader.create_draft("Q", quote_facts("Initech"), NOW, "sam", year=2026)
    finally:
        reader.close()
    assert path.read_bytes() == before
    assert not (path.parent / "register.sqlite3-shm").exists()


def test_a_damaged_database_page_is_said_never_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite3"
    register = Register(f"sqlite:///{path}")
    try:
        for name in ("Globex", "Initech", "Umbrella"):
            register.create_draft("Q", quote_facts(name), NOW, "sam", year=2026)
    finally:
        register.close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    content = bytearray(path.read_bytes())
    content[4096 * 5 : 4096 * 9] = b"A" * (4096 * 4)  # the pages after the schema's
    path.write_bytes(bytes(content))
    damaged = Register(f"sqlite:///{path}")
    try:
        with pytest.raises(
            RegisterError, match=r"could not be read: database disk image is malformed.*backup"
        ):
            damaged.create_draft("Q", quote_facts("Globex"), NOW, "sam", year=2026)
    finally:
        damaged.close()
