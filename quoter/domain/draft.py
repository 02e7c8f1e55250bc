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
from quoter.domain.quote import PricedLine, PricedQuote, QuoteRequest, TaxLine


@dataclass(frozen=True, slots=True)
class DraftPricing:
    """A request as far as it prices on one day."""

    request: QuoteRequest
    lines: tuple[PricedLine | None, ...]
    """Each request line priced, in request order and numbered as in the request; None where the
    line has a problem."""
    subtotal: Money | None
    """The good lines' sum; None when no line prices or the request itself cannot be priced
    (its book, its language)."""
    tax: TaxLine | None
    total: Money | None
    problems: tuple[Problem, ...]
    """Paths as in a request: ('lines', 2, 'parameters', 'tier') is the third line's tier."""
    priced: PricedQuote | None
    """The whole request priced, only when every line prices: what an offer would be."""

    @property
    def complete(self) -> bool:
        """Every line prices: the draft can become an offer."""
        return self.priced is not None

    @property
    def line_totals(self) -> tuple[Money | None, ...]:
        return tuple(None if line is None else line.total for line in self.lines)

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
    try:
        priced = price_request(request, book, product, on)
    except PricingError as error:
        problems = error.problems
    else:
        return DraftPricing(
            request, priced.lines, priced.subtotal, priced.tax, priced.total, (), priced
        )
    unpriced = refused(request, problems)
    bad = {_line_index(p) for p in problems}
    if None in bad:  # the request itself (book, language, no lines): no line can be priced
        return unpriced
    good = [index for index in range(len(request.lines)) if index not in bad]
    if not good:
        return unpriced
    subset = replace(request, lines=tuple(request.lines[index] for index in good))
    partial = price_request(subset, book, product, on)
    lines: list[PricedLine | None] = [None] * len(request.lines)
    for index, line in zip(good, partial.lines, strict=True):
        lines[index] = replace(line, number=index + 1)  # numbered as in the request
    return DraftPricing(
        request, tuple(lines), partial.subtotal, partial.tax, partial.total, problems, None
    )


def refused(request: QuoteRequest, problems: tuple[Problem, ...]) -> DraftPricing:
    """A draft none of whose lines can be priced, for these problems."""
    nothing: tuple[PricedLine | None, ...] = (None,) * len(request.lines)
    return DraftPricing(request, nothing, None, None, None, problems, None)


def _line_index(problem: Problem) -> int | None:
    path = problem.path
    if len(path) >= 2 and path[0] == "lines" and isinstance(path[1], int):
        return path[1]
    return None


def as_issued(quote: PricedQuote) -> DraftPricing:
    """An offer as it was priced (an issued quote is shown as it was frozen, never re-priced)."""
    return DraftPricing(
        quote.request, quote.lines, quote.subtotal, quote.tax, quote.total, (), quote
    )
