"""A quote's life in the register, on SQLite and PostgreSQL, through the use cases."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from quoter.domain.money import Money
from quoter.domain.register import RegisterError, Status
from quoter.usecases.context import AppContext, build_context
from quoter.usecases.register import (
    QuoteFilter,
    backup_register,
    customers,
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

Contexts = Callable[[Settings], AppContext]


@pytest.fixture
def contexts(clock: FakeClock) -> Iterator[Contexts]:
    """Application contexts on the test clock, closed after the test."""
    made: list[AppContext] = []

    def make(settings: Settings) -> AppContext:
        made.append(build_context(settings, now=clock))
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture
def context(settings: Settings, contexts: Contexts) -> AppContext:
    return contexts(settings)


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


def test_a_draft_gets_the_next_number_of_its_year(context: AppContext, clock: FakeClock) -> None:
    first = new_quote(context, REQUEST)
    second = new_quote(context, REQUEST)
    assert (first.number, second.number) == ("Q-2026-00001", "Q-2026-00002")
    assert first.status is Status.DRAFT
    assert first.total == usd("67138.50") and first.priced.book.id == "mini-usd"
    delete_quote(context, "Q-2026-00002")
    assert new_quote(context, REQUEST).number == "Q-2026-00003"  # never reused
    clock.now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    assert new_quote(context, REQUEST).number == "Q-2027-00001"


def test_issue_freezes_the_quote_with_its_documents(context: AppContext, clock: FakeClock) -> None:
    from pypdf import PdfReader

    number = new_quote(context, REQUEST).number
    clock.advance(hours=1)
    view = issue_quote(context, number)
    assert view.status is Status.ISSUED
    assert view.valid_until == date(2026, 4, 1)  # 30 days from the issue day
    pdf = quote_document(context, number, "pdf")
    docx = quote_document(context, number, "docx")
    exported = export_quote(context, number)
    assert exported["documents"] == {
        "docx": "sha256:" + hashlib.sha256(docx).hexdigest(),
        "pdf": "sha256:" + hashlib.sha256(pdf).hexdigest(),
    }
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Statement of Work No. {number}" in text and "Unregistered draft" not in text
    embedded = json.loads(PdfReader(io.BytesIO(pdf)).attachments["quote.json"][0])
    assert embedded == exported["priced_quote"]
    with pytest.raises(RegisterError, match="cannot be issued: it is issued and frozen"):
        issue_quote(context, number)
    with pytest.raises(RegisterError, match="cannot be deleted"):
        delete_quote(context, number)


def test_an_issued_quote_keeps_its_prices_whatever_books_come_later(
    settings: Settings, context: AppContext, contexts: Contexts, clock: FakeClock, tmp_path: Path
) -> None:
    number = new_quote(context, REQUEST).number
    issue_quote(context, number)
    data = tmp_path / "data"
    shutil_copy_books(data)
    (data / "price_books" / "mini-2026-2.toml").write_text(
        MINI_BOOK.replace('version = "2026.1"', 'version = "2026.2"')
        .replace("effective_from = 2026-01-01", "effective_from = 2026-03-03")
        .replace("unit_price = 2500.00", "unit_price = 2600.00"),
        encoding="utf-8",
    )
    later = contexts(replace(settings, data_dirs=(data,)))
    clock.advance(days=5)
    shown = show_quote(later, number)
    assert shown.priced.book.version == "2026.1" and shown.total == usd("67138.50")
    revision = revise_quote(later, number)
    assert revision.number == f"{number}-R2"
    assert revision.priced.book.version == "2026.2"
    assert revision.total != shown.total


def shutil_copy_books(target: Path) -> None:
    import shutil

    shutil.copytree(DATA / "books", target)


def test_validity_ends_at_the_end_of_its_day_in_the_vendors_zone(
    context: AppContext, clock: FakeClock
) -> None:
    number = new_quote(context, REQUEST).number
    issue_quote(context, number)  # valid until 2026-04-01, Berlin time (UTC+2 in April)
    clock.now = datetime(2026, 4, 1, 21, 59, 59, tzinfo=UTC)  # 23:59:59 in Berlin
    assert show_quote(context, number).status is Status.ISSUED
    clock.now = datetime(2026, 4, 1, 22, 0, 0, tzinfo=UTC)  # midnight in Berlin
    assert show_quote(context, number).status is Status.EXPIRED
    expired = list_quotes(context, QuoteFilter(status=Status.EXPIRED)).rows
    assert [(row.number, row.status) for row in expired] == [(number, Status.EXPIRED)]
    assert list_quotes(context, QuoteFilter(status=Status.ISSUED)).rows == ()
    with pytest.raises(RegisterError, match="cannot be accepted: its offer has expired"):
        decide_quote(context, number, True)
    # expiry is computed on read: the audit log never records it
    assert [entry.action for entry in quote_history(context, number)] == ["created", "issued"]
    revision = revise_quote(context, number)
    assert revision.status is Status.DRAFT and revision.number == f"{number}-R2"


def test_accepted_or_declined_never_expires(context: AppContext, clock: FakeClock) -> None:
    accepted = new_quote(context, REQUEST).number
    declined = new_quote(context, REQUEST).number
    for number in (accepted, declined):
        issue_quote(context, number)
    decide_quote(context, accepted, True)
    decide_quote(context, declined, False)
    clock.advance(days=400)
    assert show_quote(context, accepted).status is Status.ACCEPTED
    assert show_quote(context, declined).status is Status.DECLINED
    with pytest.raises(RegisterError, match="cannot be revised: it is accepted"):
        revise_quote(context, accepted)


def test_a_revision_supersedes_only_when_issued(context: AppContext, clock: FakeClock) -> None:
    original = new_quote(context, REQUEST).number
    issue_quote(context, original)
    revision = revise_quote(context, original).number
    delete_quote(context, revision)  # a dropped revision leaves the offer alone
    assert show_quote(context, original).status is Status.ISSUED
    revision = revise_quote(context, original).number
    assert revision == f"{original}-R3"
    issue_quote(context, revision)
    assert show_quote(context, original).status is Status.SUPERSEDED
    with pytest.raises(RegisterError, match="a later revision replaced it"):
        decide_quote(context, original, True)
    actions = [entry.action for entry in quote_history(context, original)]
    assert actions == ["created", "issued", "superseded"]
    assert quote_history(context, revision)[0].actor == "tester"


def test_a_stale_view_cannot_overwrite_a_newer_change(
    context: AppContext, clock: FakeClock
) -> None:
    number = new_quote(context, REQUEST).number
    stale = context.register().get(number)
    issue_quote(context, number)
    with pytest.raises(RegisterError, match="changed by someone else"):
        context.register().delete_draft(stale, clock(), "someone")
    assert show_quote(context, number).status is Status.ISSUED


def test_unknown_and_malformed_numbers(context: AppContext, clock: FakeClock) -> None:
    with pytest.raises(RegisterError, match="there is no quote Q-2026-00099"):
        show_quote(context, "Q-2026-00099")
    with pytest.raises(RegisterError, match="is not a quote number"):
        show_quote(context, "42")


def test_list_filters(context: AppContext, clock: FakeClock, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(
        REQUEST.read_text(encoding="utf-8").replace("Smith & Sons <Ltd>", "Globex 100% Corp"),
        encoding="utf-8",
    )
    new_quote(context, REQUEST)
    clock.advance(days=2)
    new_quote(context, other)

    def listed(where: QuoteFilter) -> list[str]:
        return [row.summary.customer for row in list_quotes(context, where).rows]

    assert listed(QuoteFilter()) == ["Globex 100% Corp", "Smith & Sons <Ltd>"]
    assert listed(QuoteFilter(customer="100%")) == ["Globex 100% Corp"]
    assert listed(QuoteFilter(customer="smith")) == ["Smith & Sons <Ltd>"]
    assert len(listed(QuoteFilter(since=date(2026, 3, 3)))) == 1
    assert listed(QuoteFilter(status=Status.ACCEPTED)) == []
    assert [c.legal_name for c in customers(context)] == ["Globex 100% Corp", "Smith & Sons <Ltd>"]


def test_backup_and_restore_into_an_empty_register(
    settings: Settings, context: AppContext, contexts: Contexts, tmp_path: Path
) -> None:
    number = new_quote(context, REQUEST).number
    issue_quote(context, number)
    backup = tmp_path / "register.backup"
    assert backup_register(context, backup) > 4
    restored = contexts(replace(settings, database=f"sqlite:///{tmp_path / 'restored.sqlite3'}"))
    restore_register(restored, backup)
    assert export_quote(restored, number) == export_quote(context, number)
    assert customers(restored) == customers(context)
    assert new_quote(restored, REQUEST).number == "Q-2026-00002"
    with pytest.raises(RegisterError, match="restore needs an empty register"):
        restore_register(restored, backup)


def test_only_a_draft_can_be_edited(context: AppContext, tmp_path: Path) -> None:
    from quoter.usecases.register import edit_quote

    number = new_quote(context, REQUEST).number
    fewer = tmp_path / "fewer.toml"
    text = REQUEST.read_text(encoding="utf-8")
    fewer.write_text(text[: text.index('[[lines]]\nservice = "OS-DAY"')], encoding="utf-8")
    edited = edit_quote(context, number, fewer)
    assert edited.total == usd("7614.75")  # 7100.00 + 7.25 % tax
    assert [e.action for e in quote_history(context, number)] == ["created", "edited"]
    issue_quote(context, number)
    with pytest.raises(RegisterError, match="cannot be edited: it is issued and frozen"):
        edit_quote(context, number, REQUEST)
