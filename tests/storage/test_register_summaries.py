"""Lists of quotes: `Register.summaries` pages through the quotes `find` finds, newest first,
without their JSON; and the number's year is the caller's, not the UTC moment's."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from quoter.domain.money import Money
from quoter.domain.register import Status
from quoter.storage.register import QuoteSummary, Register, StoredQuote
from tests.storage.conftest import quote_facts

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
TRIAGE = {"verdict": "out_of_scope", "policy": {"id": "orca", "version": "2026.1"}}
PDF = [("pdf", "0" * 64, b"%PDF-fake")]


def _fill(register: Register) -> dict[str, list[str]]:
    """Twelve quotes of three customers, in every stored status, some created at the same
    moment; returns the numbers by customer, newest first."""
    by_customer: dict[str, list[str]] = {"Acme GmbH": [], "Globex": [], "Initech": []}
    plan = [
        # (customer, hours after START, what happens after the draft)
        ("Acme GmbH", 0, "issue:2026-03-20"),
        ("Globex", 5, "draft"),
        ("Initech", 10, "issue:2026-04-30"),
        ("Acme GmbH", 15, "accept"),
        ("Globex", 15, "decline"),  # the same moment as the one before: ordered by id
        ("Globex", 15, "triage"),
        ("Initech", 25, "issue:2026-03-10"),
        ("Acme GmbH", 30, "draft"),
        ("Acme GmbH", 35, "issue:2026-05-01"),
        ("Globex", 40, "triage"),
        ("Initech", 45, "accept"),
        ("Acme GmbH", 50, "draft"),
    ]
    for index, (customer, hours, then) in enumerate(plan):
        now = START + timedelta(hours=hours)
        facts = quote_facts(customer, total=f"{100 + index}.50")
        if then == "triage":
            facts = replace(facts, triage=TRIAGE)
        number = register.create_draft("Q", facts, now, "sam", year=2026)
        by_customer[customer].insert(0, number)
        if then.startswith("issue") or then in ("accept", "decline"):
            until = date.fromisoformat(then.split(":")[1]) if ":" in then else date(2026, 4, 1)
            register.issue(register.get(number), facts, until, PDF, now, "sam")
        if then in ("accept", "decline"):
            status = Status.ACCEPTED if then == "accept" else Status.DECLINED
            register.set_status(register.get(number), status, now, "sam")
    return by_customer


FILTERS: list[dict[str, Any]] = [
    {},
    {"statuses": (Status.ISSUED,)},
    {"statuses": (Status.DRAFT, Status.ACCEPTED)},
    {"statuses": (Status.ISSUED,), "expired_before": date(2026, 4, 1)},
    {"statuses": (Status.ISSUED,), "not_expired_from": date(2026, 4, 1)},
    {"customer": "acme"},
    {"customer": "GLOB", "statuses": (Status.DRAFT,)},
    {"customer": "E", "since": date(2026, 3, 3)},
    {"since": date(2026, 3, 4)},
    {"customer": "nobody"},
    {"statuses": (Status.SUPERSEDED,)},
]


def _same(summary: QuoteSummary, quote: StoredQuote) -> None:
    assert summary == QuoteSummary(
        number=quote.number,
        status=quote.status,
        customer=quote.customer,
        book_id=quote.book_id,
        book_version=quote.book_version,
        currency=quote.currency,
        total=Money(Decimal(quote.total), quote.currency),
        created_at=quote.created_at,
        issued_at=quote.issued_at,
        valid_until=quote.valid_until,
        has_triage=quote.triage is not None,
    )


def test_summaries_are_finds_results_without_the_json(database: str) -> None:
    register = Register(database)
    try:
        _fill(register)
        for filters in FILTERS:
            found = register.find(**filters, limit=100)
            listed = register.summaries(**filters, limit=100)
            assert [s.number for s in listed] == [q.number for q in found], filters
            for summary, quote in zip(listed, found, strict=True):
                _same(summary, quote)
    finally:
        register.close()


def test_the_filters_keep_what_they_say(database: str) -> None:
    register = Register(database)
    try:
        by_customer = _fill(register)
        everything = register.summaries(limit=100)
        assert len(everything) == 12
        assert everything[0].total == Money(Decimal("111.50"), "USD")
        assert [s.number for s in register.summaries(customer="acme")] == by_customer["Acme GmbH"]
        issued = register.summaries(statuses=(Status.ISSUED,))
        assert [s.valid_until for s in issued] == [
            date(2026, 5, 1),
            date(2026, 3, 10),
            date(2026, 4, 30),
            date(2026, 3, 20),
        ]
        expired = register.summaries(statuses=(Status.ISSUED,), expired_before=date(2026, 4, 1))
        assert {s.valid_until for s in expired} == {date(2026, 3, 10), date(2026, 3, 20)}
        valid = register.summaries(statuses=(Status.ISSUED,), not_expired_from=date(2026, 4, 30))
        assert {s.valid_until for s in valid} == {date(2026, 4, 30), date(2026, 5, 1)}
        triaged = [s.number for s in everything if s.has_triage]
        assert triaged == by_customer["Globex"][:2]
        assert {s.status for s in register.summaries(customer="glob")} == {
            Status.DRAFT,
            Status.DECLINED,
        }
        assert len(register.summaries(since=date(2026, 3, 3))) == 9  # from 00:30 UTC on
        assert len(register.summaries(since=date(2026, 3, 4))) == 3
        assert register.summaries(since=date(2026, 3, 5)) == []
    finally:
        register.close()


def test_pages_are_newest_first_and_stable(database: str) -> None:
    register = Register(database)
    try:
        _fill(register)
        everything = register.summaries(limit=100)
        moments = [s.created_at for s in everything]
        assert moments == sorted(moments, reverse=True)
        # the three quotes created at the same moment: the later stored comes first, every time
        tied = [s.number for s in everything if s.created_at == START + timedelta(hours=15)]
        assert tied == sorted(tied, reverse=True) and len(tied) == 3
        for size in (1, 5, 7):
            pages = [register.summaries(offset=offset, limit=size) for offset in range(0, 12, size)]
            assert [s for page in pages for s in page] == everything
            assert all(len(page) == size for page in pages[:-1])
        assert register.summaries(offset=12) == []
        acme = register.summaries(customer="acme", limit=100)
        assert register.summaries(customer="acme", offset=2, limit=2) == acme[2:4]
    finally:
        register.close()


def test_the_numbers_year_is_the_callers(database: str) -> None:
    register = Register(database)
    try:
        new_year_in_berlin = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January
        number = register.create_draft(
            "Q", quote_facts("Acme GmbH"), new_year_in_berlin, "sam", year=2027
        )
        assert number == "Q-2027-00001"
        assert register.get(number).created_at == new_year_in_berlin  # still the UTC moment
        earlier = register.create_draft(
            "Q", quote_facts("Acme GmbH"), new_year_in_berlin, "sam", year=2026
        )
        assert earlier == "Q-2026-00001"  # a counter per year
        assert (
            register.create_draft(
                "Q", quote_facts("Acme GmbH"), new_year_in_berlin, "sam", year=2027
            )
            == "Q-2027-00002"
        )
        # a revision keeps its family's number, whatever the year given
        revision = register.create_draft(
            "Q", quote_facts("Acme GmbH"), new_year_in_berlin, "sam", number, year=2028
        )
        assert revision == "Q-2027-00001-R2"
        with pytest.raises(ValueError, match="four digits"):
            register.create_draft("Q", quote_facts("Acme GmbH"), new_year_in_berlin, "sam", year=27)
    finally:
        register.close()


def test_the_lists_search_book_filter_and_every_order_agree_on_both_databases(
    database: str,
) -> None:
    """What the app's register view asks: a text in the number or the customer's name (any
    case), a book, and a sort by any column, both ways, with stable ties."""
    from quoter.storage.register import ORDERS

    register = Register(database)
    try:
        by_customer = _fill(register)
        assert [s.number for s in register.summaries(text="ACME")] == by_customer["Acme GmbH"]
        one = by_customer["Globex"][-1]
        assert [s.number for s in register.summaries(text=one[-5:])] == [one]
        assert len(register.summaries(book="mini-usd", limit=100)) == 12
        assert register.summaries(book="mini-eur") == []
        everything = register.summaries(limit=100)
        for order in ORDERS:
            for descending in (False, True):
                listed = register.summaries(
                    order=order, descending=descending, today=date(2026, 4, 1), limit=100
                )
                assert sorted(s.number for s in listed) == sorted(s.number for s in everything)
                if order == "total":  # one currency here: by amount
                    amounts = [s.total.amount for s in listed]
                    assert amounts == sorted(amounts, reverse=descending), order
                if order == "customer":
                    names = [s.customer for s in listed]
                    assert names == sorted(names, reverse=descending), order
                if order == "number":
                    numbers = [s.number for s in listed]
                    assert numbers == sorted(numbers, reverse=descending), order
    finally:
        register.close()
