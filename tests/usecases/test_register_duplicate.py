"""Duplicating a quote as a new draft priced on today's book, with the price changes listed; and
the listing's book and text filters and its orders, which the app's register view uses. On
SQLite (the register suite in tests/storage runs both databases)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from quoter.domain.money import Money
from quoter.domain.quote import Customer, QuoteRequest, RequestLine, Signatory
from quoter.domain.register import Status
from quoter.storage.register import ORDERS
from quoter.usecases.context import AppContext
from quoter.usecases.register import (
    QuoteFilter,
    QuoteOrder,
    decide_quote,
    duplicate_quote,
    issue_quote,
    list_quotes,
    new_draft,
    quote_history,
    register_books,
    revise_quote,
    show_quote,
    sorted_rows,
)
from quoter.usecases.settings import Settings
from tests.conftest import DATA, REPO, context_for

DAY_2026 = date(2026, 11, 24)
DAY_2027 = date(2027, 1, 5)

Contexts = Callable[[date], AppContext]


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


def request(customer: str = "Acme GmbH", days: int = 3, book: str = "services-usd") -> QuoteRequest:
    """A backport 4.2 -> 3.8 (three releases stepped back) and `days` on-site days."""
    who = Customer(customer, ("1 Main Street", "Springfield"), Signatory("Jane Smith", "CTO"))
    lines = (
        RequestLine(
            "BP-FIX", {"fix_id": "ORCA-1234", "source_release": "4.2", "target_release": "3.8"}
        ),
        RequestLine("OS-DAY", {"site": "Portland", "topic": "CAN bus"}, Decimal(days)),
    )
    return QuoteRequest(who, book, lines, language="en", reference="PO-4711")


@pytest.fixture
def contexts(tmp_path: Path) -> Iterator[Contexts]:
    """Contexts on one register, each on its own day, over the USD lineage 2025.1, 2026.1 and
    finance's 2027.1 (backport steps 1350.00 -> 1417.50 from 1 January 2027), beside the
    bundled data (the EUR book, the product)."""
    folder = tmp_path / "data"
    (folder / "price_books").mkdir(parents=True)
    for book in (REPO / "price_books").glob("services-usd-*.toml"):
        shutil.copy(book, folder / "price_books" / book.name)
    shutil.copy(
        DATA / "books-2027" / "price_books" / "services-usd-2027.toml", folder / "price_books"
    )
    settings = Settings(
        data_dirs=(folder,),
        database=f"sqlite:///{tmp_path / 'register.sqlite3'}",
    )
    made: list[AppContext] = []

    def make(day: date) -> AppContext:
        made.append(context_for(settings, day))
        return made[-1]

    yield make
    for context in made:
        context.close()


def test_a_duplicate_on_a_new_book_is_a_new_draft_with_the_changed_prices_listed(
    contexts: Contexts,
) -> None:
    then = contexts(DAY_2026)
    original = issue_quote(then, new_draft(then, request()).number)
    assert original.priced.book.version == "2026.1"

    now = contexts(DAY_2027)
    result = duplicate_quote(now, original.number)

    copy = result.quote
    assert copy.number == "Q-2027-00001"  # a new quote of this year, not a revision
    assert copy.status is Status.DRAFT
    assert copy.request == original.request  # customer, lines, language, reference
    assert copy.priced.book.version == "2027.1" and copy.priced.priced_on == DAY_2027
    assert (result.book_before.version, result.book_after.version) == ("2026.1", "2027.1")
    assert result.book_changed
    # three releases stepped back at 1417.50 instead of 1350.00; the on-site days unchanged
    (change,) = result.changes
    assert (change.line, change.service) == (1, "BP-FIX")
    assert (change.before, change.after) == (usd("6650.00"), usd("6852.50"))
    assert copy.total.amount - result.total_before.amount == Decimal("202.50")
    assert result.total_before == original.total
    # the original is left as it was (its offer has expired by now)
    assert show_quote(now, original.number).status is Status.EXPIRED
    created = quote_history(now, copy.number)[0]
    assert created.action == "created"
    assert created.detail["duplicate_of"] == original.number
    assert "revision_of" not in created.detail


def test_a_duplicate_on_the_same_book_lists_no_change(contexts: Contexts) -> None:
    context = contexts(DAY_2026)
    draft = new_draft(context, request())
    result = duplicate_quote(context, draft.number)
    assert result.changes == ()
    assert not result.book_changed
    assert result.quote.number != draft.number and result.quote.total == draft.total
    assert show_quote(context, draft.number).status is Status.DRAFT  # untouched


def test_any_quote_can_be_duplicated_even_one_no_action_is_left_on(contexts: Contexts) -> None:
    context = contexts(DAY_2026)
    first = issue_quote(context, new_draft(context, request()).number)
    revision = issue_quote(context, revise_quote(context, first.number).number)
    assert show_quote(context, first.number).status is Status.SUPERSEDED
    decide_quote(context, revision.number, accepted=True)
    for number in (first.number, revision.number):
        assert duplicate_quote(context, number).quote.status is Status.DRAFT


# -- the listing the register view shows -------------------------------------------------------


def _numbers(
    context: AppContext,
    where: QuoteFilter | None = None,
    order: QuoteOrder = QuoteOrder.CREATED,
    descending: bool = True,
) -> list[str]:
    page = list_quotes(
        context, where or QuoteFilter(), limit=100, order=order, descending=descending
    )
    return [row.number for row in page.rows]


def test_the_text_finds_a_number_or_a_customer_in_any_case(contexts: Contexts) -> None:
    context = contexts(DAY_2026)
    acme = new_draft(context, request("Acme GmbH")).number
    globex = new_draft(context, request("Globex Österreich")).number
    assert _numbers(context, QuoteFilter(text="acme")) == [acme]
    assert _numbers(context, QuoteFilter(text="ÖSTERREICH")) == [globex]  # beyond ASCII
    assert _numbers(context, QuoteFilter(text=globex.lower())) == [globex]  # q-2026-00002
    assert _numbers(context, QuoteFilter(text="2026-0000")) == [globex, acme]
    assert _numbers(context, QuoteFilter(text="%")) == []  # a LIKE wildcard is a character
    assert _numbers(context, QuoteFilter(text="  ")) == [globex, acme]  # blank: no filter
    assert _numbers(context, QuoteFilter(text="acme", customer="globex")) == []


def test_the_book_filter_keeps_one_books_quotes(contexts: Contexts) -> None:
    context = contexts(DAY_2026)
    usd_quote = new_draft(context, request()).number
    eur_quote = new_draft(context, request(book="services-eur")).number
    assert register_books(context) == ["services-eur", "services-usd"]
    assert _numbers(context, QuoteFilter(book="services-usd")) == [usd_quote]
    assert _numbers(context, QuoteFilter(book="services-eur")) == [eur_quote]
    assert _numbers(context, QuoteFilter(book="services")) == []  # an id, not a part of one


def test_the_register_sorts_as_the_view_sorts_what_it_holds(contexts: Contexts) -> None:
    """Sorted by the register and sorted in memory give one order, for every order, both ways."""
    then = contexts(DAY_2026 - timedelta(days=60))
    expired = issue_quote(then, new_draft(then, request("Initech", 1)).number).number
    context = contexts(DAY_2026)
    new_draft(context, request("globex", 5))
    accepted = issue_quote(context, new_draft(context, request("Acme GmbH", 2)).number).number
    decide_quote(context, accepted, accepted=True)
    issue_quote(context, new_draft(context, request("Zeta AG", 4)).number)
    new_draft(context, request("Beta", 3, book="services-eur"))
    rows = list_quotes(context, limit=100).rows
    assert {order.value for order in QuoteOrder} == set(ORDERS)
    for order in QuoteOrder:
        for descending in (False, True):
            read = _numbers(context, order=order, descending=descending)
            held = [row.number for row in sorted_rows(rows, order, descending)]
            assert read == held, (order, descending)
    by_status = _numbers(context, order=QuoteOrder.STATUS, descending=False)
    statuses = {row.number: row.status for row in rows}
    assert [statuses[number] for number in by_status] == [
        Status.DRAFT,
        Status.DRAFT,
        Status.ISSUED,
        Status.ACCEPTED,
        Status.EXPIRED,  # read as a reader sees it, after the stored statuses' places
    ]
    assert statuses[expired] is Status.EXPIRED
    by_total = list_quotes(context, order=QuoteOrder.TOTAL, descending=False, limit=100).rows
    currencies = [row.summary.currency for row in by_total]
    assert currencies == sorted(currencies)  # EUR before USD, each by amount
    usd_totals = [row.summary.total for row in by_total if row.summary.currency == "USD"]
    assert usd_totals == sorted(usd_totals, key=lambda money: money.amount)


def test_pages_follow_the_order(contexts: Contexts) -> None:
    context = contexts(DAY_2026)
    for days in (4, 1, 3, 2):
        new_draft(context, request(f"Customer {days}", days))
    first = list_quotes(context, limit=3, order=QuoteOrder.TOTAL, descending=False)
    rest = list_quotes(context, offset=3, limit=3, order=QuoteOrder.TOTAL, descending=False)
    assert first.has_more and not rest.has_more
    customers = [row.summary.customer for row in (*first.rows, *rest.rows)]
    assert customers == ["Customer 1", "Customer 2", "Customer 3", "Customer 4"]
