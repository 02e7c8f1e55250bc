"""A draft under edit: priced as far as it prices, so one bad line never hides the good ones.

The pricing engine refuses a whole request when any line is wrong, which is right for an offer and
wrong for a seller in the middle of typing: the app shows each good line's amount and the totals of
the good lines, and each problem at its line and field. An offer (issue, contract) still goes
through `price_request`, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from quoter.domain.money import Money
from quoter.domain.pricebook import PriceBook
from quoter.domain.pricing import price_request
from quoter.domain.problems import PricingError, Problem
from quoter.domain.products import Product
from quoter.domain.quote import PricedQuote, QuoteRequest


@dataclass(frozen=True, slots=True)
class DraftPricing:
    """A request as far as it prices on one day."""

    request: QuoteRequest
    priced: PricedQuote | None
    """The good lines priced together (totals, tax); None when no line prices or the request
    itself cannot be priced (its book, its language)."""
    line_totals: tuple[Money | None, ...]
    """Each request line's amount, in request order; None where the line has a problem."""
    problems: tuple[Problem, ...]
    """Paths as in a request: ('lines', 2, 'parameters', 'tier') is the third line's tier."""

    @property
    def complete(self) -> bool:
        """Every line prices: the draft can become an offer."""
        return not self.problems and self.priced is not None

    def line_problems(self, index: int) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.path[:2] == ("lines", index))

    def field_problems(self, index: int, field: str) -> tuple[Problem, ...]:
        """The problems of one line's field: 'quantity', or a parameter's name."""
        return tuple(
            p
            for p in self.line_problems(index)
            if p.path[2:3] == (field,) or p.path[2:4] == ("parameters", field)
        )


def price_draft(request: QuoteRequest, book: PriceBook, product: Product, on: date) -> DraftPricing:
    """Price `request` with `book` on `on`, line by line as far as it goes."""
    nothing: tuple[Money | None, ...] = (None,) * len(request.lines)
    try:
        priced = price_request(request, book, product, on)
    except PricingError as error:
        problems = error.problems
    else:
        return DraftPricing(request, priced, tuple(line.total for line in priced.lines), ())
    bad = {_line_index(p) for p in problems}
    if None in bad:  # the request itself (book, language, no lines): no line can be priced
        return DraftPricing(request, None, nothing, problems)
    good = [index for index in range(len(request.lines)) if index not in bad]
    if not good:
        return DraftPricing(request, None, nothing, problems)
    subset = replace(request, lines=tuple(request.lines[index] for index in good))
    priced = price_request(subset, book, product, on)
    totals: list[Money | None] = list(nothing)
    for index, line in zip(good, priced.lines, strict=True):
        totals[index] = line.total
    return DraftPricing(request, priced, tuple(totals), problems)


def _line_index(problem: Problem) -> int | None:
    path = problem.path
    if len(path) >= 2 and path[0] == "lines" and isinstance(path[1], int):
        return path[1]
    return None
