"""A quote's life in the register, on SQLite and PostgreSQL, through the use cases."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from quoter.domain.register import RegisterError, Status
from quoter.usecases.register import (
    backup_register,
    decide_quote,
    delete_quote,
    export_quote,
    issue_quote,
    list_quotes,
    new_quote,
    quote_document,
    quote_history,
    restore_register,
    revise_quote,
    show_quote,
)
from quoter.usecases.settings import Settings
from tests.conftest import DATA, MINI_BOOK
from tests.storage.conftest import FakeClock

REQUEST = DATA / "request.toml"


def test_a_draft_gets_the_next_number_of_its_year(settings: Settings, clock: FakeClock) -> None:
    first = new_quote(REQUEST, settings, clock)
    second = new_quote(REQUEST, settings, clock)
    assert (first.quote.number, second.quote.number) == ("Q-2026-00001", "Q-2026-00002")
    assert first.status is Status.DRAFT
    assert first.quote.total == "67138.50" and first.quote.book_id == "mini-usd"
    delete_quote("Q-2026-00002", settings, clock)
    assert new_quote(REQUEST, settings, clock).quote.number == "Q-2026-00003"  # never reused
    clock.now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    assert new_quote(REQUEST, settings, clock).quote.number == "Q-2027-00001"


def test_issue_freezes_the_quote_with_its_documents(settings: Settings, clock: FakeClock) -> None:
    from pypdf import PdfReader

    number = new_quote(REQUEST, settings, clock).quote.number
    clock.advance(hours=1)
    view = issue_quote(number, settings, clock)
    assert view.status is Status.ISSUED
    assert view.quote.valid_until == date(2026, 4, 1)  # 30 days from the issue day
    pdf = quote_document(number, "pdf", settings)
    docx = quote_document(number, "docx", settings)
    exported = export_quote(number, settings, clock)
    assert exported["documents"] == {
        "docx": "sha256:" + hashlib.sha256(docx).hexdigest(),
        "pdf": "sha256:" + hashlib.sha256(pdf).hexdigest(),
    }
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Statement of Work No. {number}" in text and "Unregistered draft" not in text
    embedded = json.loads(PdfReader(io.BytesIO(pdf)).attachments["quote.json"][0])
    assert embedded == exported["priced_quote"]
    with pytest.raises(RegisterError, match="cannot be issued: it is issued and frozen"):
        issue_quote(number, settings, clock)
    with pytest.raises(RegisterError, match="cannot be deleted"):
        delete_quote(number, settings, clock)


def test_an_issued_quote_keeps_its_prices_whatever_books_come_later(
    settings: Settings, clock: FakeClock, tmp_path: Path
) -> None:
    number = new_quote(REQUEST, settings, clock).quote.number
    issue_quote(number, settings, clock)
    data = tmp_path / "data"
    shutil_copy_books(data)
    (data / "price_books" / "mini-2026-2.toml").write_text(
        MINI_BOOK.replace('version = "2026.1"', 'version = "2026.2"')
        .replace("effective_from = 2026-01-01", "effective_from = 2026-03-03")
        .replace("unit_price = 2500.00", "unit_price = 2600.00"),
        encoding="utf-8",
    )
    later = replace(settings, data_dirs=(data,))
    clock.advance(days=5)
    shown = show_quote(number, later, clock)
    assert shown.quote.book_version == "2026.1" and shown.quote.total == "67138.50"
    revision = revise_quote(number, later, clock)
    assert revision.quote.number == f"{number}-R2"
    assert revision.quote.book_version == "2026.2"
    assert revision.quote.total != shown.quote.total


def shutil_copy_books(target: Path) -> None:
    import shutil

    shutil.copytree(DATA / "books", target)


def test_validity_ends_at_the_end_of_its_day_in_the_vendors_zone(
    settings: Settings, clock: FakeClock
) -> None:
    number = new_quote(REQUEST, settings, clock).quote.number
    issue_quote(number, settings, clock)  # valid until 2026-04-01, Berlin time (UTC+2 in April)
    clock.now = datetime(2026, 4, 1, 21, 59, 59, tzinfo=UTC)  # 23:59:59 in Berlin
    assert show_quote(number, settings, clock).status is Status.ISSUED
    clock.now = datetime(2026, 4, 1, 22, 0, 0, tzinfo=UTC)  # midnight in Berlin
    assert show_quote(number, settings, clock).status is Status.EXPIRED
    assert [v.quote.number for v in list_quotes(settings, clock, status=Status.EXPIRED)] == [number]
    assert list_quotes(settings, clock, status=Status.ISSUED) == []
    with pytest.raises(RegisterError, match="cannot be accepted: its offer has expired"):
        decide_quote(number, True, settings, clock)
    # expiry is computed on read: the audit log never records it
    assert [entry.action for entry in quote_history(number, settings)] == ["created", "issued"]
    revision = revise_quote(number, settings, clock)
    assert revision.status is Status.DRAFT and revision.quote.number == f"{number}-R2"


def test_accepted_or_declined_never_expires(settings: Settings, clock: FakeClock) -> None:
    accepted = new_quote(REQUEST, settings, clock).quote.number
    declined = new_quote(REQUEST, settings, clock).quote.number
    for number in (accepted, declined):
        issue_quote(number, settings, clock)
    decide_quote(accepted, True, settings, clock)
    decide_quote(declined, False, settings, clock)
    clock.advance(days=400)
    assert show_quote(accepted, settings, clock).status is Status.ACCEPTED
    assert show_quote(declined, settings, clock).status is Status.DECLINED
    with pytest.raises(RegisterError, match="cannot be revised: it is accepted"):
        revise_quote(accepted, settings, clock)


def test_a_revision_supersedes_only_when_issued(settings: Settings, clock: FakeClock) -> None:
    original = new_quote(REQUEST, settings, clock).quote.number
    issue_quote(original, settings, clock)
    revision = revise_quote(original, settings, clock).quote.number
    delete_quote(revision, settings, clock)  # a dropped revision leaves the offer alone
    assert show_quote(original, settings, clock).status is Status.ISSUED
    revision = revise_quote(original, settings, clock).quote.number
    assert revision == f"{original}-R3"
    issue_quote(revision, settings, clock)
    assert show_quote(original, settings, clock).status is Status.SUPERSEDED
    with pytest.raises(RegisterError, match="a later revision replaced it"):
        decide_quote(original, True, settings, clock)
    actions = [entry.action for entry in quote_history(original, settings)]
    assert actions == ["created", "issued", "superseded"]
    assert quote_history(revision, settings)[0].actor == "tester"


def test_a_stale_view_cannot_overwrite_a_newer_change(settings: Settings, clock: FakeClock) -> None:
    from quoter.usecases.register import opened

    number = new_quote(REQUEST, settings, clock).quote.number
    with opened(settings) as register:
        stale = register.get(number)
    issue_quote(number, settings, clock)
    with (
        opened(settings) as register,
        pytest.raises(RegisterError, match="changed by someone else"),
    ):
        register.delete_draft(stale, clock(), "someone")
    assert show_quote(number, settings, clock).status is Status.ISSUED


def test_unknown_and_malformed_numbers(settings: Settings, clock: FakeClock) -> None:
    with pytest.raises(RegisterError, match="there is no quote Q-2026-00099"):
        show_quote("Q-2026-00099", settings, clock)
    with pytest.raises(RegisterError, match="is not a quote number"):
        show_quote("42", settings, clock)


def test_list_filters(settings: Settings, clock: FakeClock, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(
        REQUEST.read_text(encoding="utf-8").replace("Smith & Sons <Ltd>", "Globex 100% Corp"),
        encoding="utf-8",
    )
    new_quote(REQUEST, settings, clock)
    clock.advance(days=2)
    new_quote(other, settings, clock)
    assert [v.quote.customer for v in list_quotes(settings, clock)] == [
        "Globex 100% Corp",
        "Smith & Sons <Ltd>",
    ]
    assert [v.quote.customer for v in list_quotes(settings, clock, customer="100%")] == [
        "Globex 100% Corp"
    ]
    assert [v.quote.customer for v in list_quotes(settings, clock, customer="smith")] == [
        "Smith & Sons <Ltd>"
    ]
    assert len(list_quotes(settings, clock, since=date(2026, 3, 3))) == 1
    assert list_quotes(settings, clock, status=Status.ACCEPTED) == []


def test_backup_and_restore_into_an_empty_register(
    settings: Settings, clock: FakeClock, tmp_path: Path
) -> None:
    number = new_quote(REQUEST, settings, clock).quote.number
    issue_quote(number, settings, clock)
    backup = tmp_path / "register.backup"
    assert backup_register(backup, settings) > 4
    restored = replace(settings, database=f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    restore_register(backup, restored)
    assert export_quote(number, restored, clock) == export_quote(number, settings, clock)
    assert new_quote(REQUEST, restored, clock).quote.number == "Q-2026-00002"
    with pytest.raises(RegisterError, match="restore needs an empty register"):
        restore_register(backup, restored)


def test_only_a_draft_can_be_edited(settings: Settings, clock: FakeClock, tmp_path: Path) -> None:
    from quoter.usecases.register import edit_quote

    number = new_quote(REQUEST, settings, clock).quote.number
    fewer = tmp_path / "fewer.toml"
    text = REQUEST.read_text(encoding="utf-8")
    fewer.write_text(text[: text.index('[[lines]]\nservice = "OS-DAY"')], encoding="utf-8")
    edited = edit_quote(number, fewer, settings, clock)
    assert edited.quote.total == "7614.75"  # 7100.00 + 7.25 % tax
    assert [e.action for e in quote_history(number, settings)] == ["created", "edited"]
    issue_quote(number, settings, clock)
    with pytest.raises(RegisterError, match="cannot be edited: it is issued and frozen"):
        edit_quote(number, REQUEST, settings, clock)
