"""A draft being edited: the request, its price as far as it prices today, and every problem at its
line and field. The app calls `edit_draft` after each change; it is cheap (about a millisecond for
twenty lines, see bench/bench_usecases.py) because the context keeps the books read."""

from __future__ import annotations

from pathlib import Path

from quoter.domain.draft import DraftPricing, price_draft, refused
from quoter.domain.problems import PolicyError, PriceBookError, Problem, ProductError
from quoter.domain.quote import QuoteRequest
from quoter.usecases.context import AppContext
from quoter.usecases.price_quote import request_problems


def edit_draft(context: AppContext, request: QuoteRequest) -> DraftPricing:
    """`request` priced with the book in force today as far as it prices; the problems of the
    request itself (a book not in force, a triage origin that is not published) are among the
    problems, never raised."""
    library = context.library
    try:
        problems = request_problems(request, library)
    except PolicyError as error:  # the policies cannot be read: the triage cannot be checked
        problems = [Problem(("triage",), error.describe())]
    if problems:
        return refused(request, tuple(problems))
    today = context.today()
    try:
        book = library.book_in_force(request.book, today)
        product = library.product(book.product, near=Path(book.source) if book.source else None)
    except (PriceBookError, ProductError) as error:
        return refused(request, error.problems or _summary(error))
    return price_draft(request, book, product, today)


def _summary(error: PriceBookError | ProductError) -> tuple[Problem, ...]:
    return (Problem((), error.summary),)
