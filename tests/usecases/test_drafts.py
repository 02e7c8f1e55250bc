"""A draft being edited: good lines keep their prices while a bad line shows its problem at the
field, and the request's own problems are shown, never raised."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from quoter.books.request_file import read_quote_request
from quoter.domain.money import Money
from quoter.domain.quote import RequestLine, TriageOrigin
from quoter.usecases.context import AppContext
from quoter.usecases.drafts import edit_draft
from quoter.usecases.settings import Settings
from tests.conftest import DATA, context_for

REQUEST = read_quote_request(DATA / "request.toml")


def mini(day: date = date(2026, 5, 4)) -> AppContext:
    return context_for(Settings(data_dirs=(DATA / "books",), use_bundled_data=False), day)


def test_a_complete_draft_prices_every_line_and_the_totals() -> None:
    draft = edit_draft(mini(), REQUEST)
    assert draft.complete and draft.problems == ()
    assert draft.priced is not None and draft.lines == draft.priced.lines
    assert (draft.subtotal, draft.tax, draft.total) == (
        draft.priced.subtotal,
        draft.priced.tax,
        draft.priced.total,
    )
    first, second, third = draft.line_totals
    assert first == Money(Decimal("7100.00"), "USD")  # 3,500 + 3 x 1,200 release steps
    assert second is not None and third is not None
    assert draft.subtotal == first + second + third


def test_one_bad_line_keeps_the_prices_of_the_good_ones() -> None:
    lines = list(REQUEST.lines)
    lines[2] = RequestLine("DP-PORT", {"driver": "imx8-eth", "tier": "XL"})  # no such tier
    draft = edit_draft(mini(), replace(REQUEST, lines=tuple(lines)))
    assert not draft.complete and draft.priced is None  # not an offer
    assert draft.line_totals[0] == Money(Decimal("7100.00"), "USD")  # 3,500 + 3 x 1,200
    assert draft.line_totals[1] is not None and draft.line_totals[2] is None
    assert draft.subtotal == draft.line_totals[0] + draft.line_totals[1]
    assert draft.tax is not None and draft.total == draft.subtotal + draft.tax.amount
    (problem,) = draft.field_problems(2, "tier")
    assert "'XL'" in problem.message
    assert draft.line_problems(0) == () and draft.line_problems(1) == ()


def test_the_good_lines_keep_their_numbers_when_an_earlier_one_is_bad() -> None:
    lines = list(REQUEST.lines)
    lines[0] = RequestLine("BP-FIX", {"fix_id": "X", "source_release": "9.9"})  # broken
    draft = edit_draft(mini(), replace(REQUEST, lines=tuple(lines)))
    assert draft.lines[0] is None
    assert [(line.number, line.service_code) for line in draft.lines[1:] if line] == [
        (2, "OS-DAY"),
        (3, "DP-PORT"),
    ]
    assert draft.line_problems(0) and not draft.line_problems(1) and not draft.line_problems(2)


def test_a_bad_quantity_is_a_problem_of_that_field() -> None:
    lines = list(REQUEST.lines)
    lines[1] = RequestLine("OS-DAY", {}, Decimal("-1"))
    draft = edit_draft(mini(), replace(REQUEST, lines=tuple(lines)))
    assert draft.field_problems(1, "quantity")
    assert draft.line_totals[1] is None and draft.line_totals[0] is not None


def test_a_book_not_in_force_is_a_problem_not_an_exception() -> None:
    draft = edit_draft(mini(date(2025, 6, 1)), REQUEST)
    assert draft.priced is None and draft.line_totals == (None, None, None)
    assert draft.subtotal is None and draft.total is None
    assert any("versions known: 2026.1" in problem.message for problem in draft.problems)


def test_a_triage_origin_that_is_not_published_is_a_problem() -> None:
    origin = TriageOrigin("orca-os-support", "1999.1", "sha256:" + "0" * 64)
    draft = edit_draft(mini(), replace(REQUEST, triage=origin))
    assert draft.priced is None
    (problem,) = draft.problems
    assert problem.path == ("triage", "policy_id")
