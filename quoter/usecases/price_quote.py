"""Price a quote request with the book in force: today's for real, another day's as a preview."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from quoter.books.request_file import read_quote_request
from quoter.books.source import locate, read_text
from quoter.data.library import Library
from quoter.domain.bookset import book_in_force, check_book_set, republished
from quoter.domain.pricebook import PriceBook
from quoter.domain.pricing import price_request
from quoter.domain.problems import (
    PriceBookError,
    PricingError,
    Problem,
    QuoteRequestError,
    QuoterError,
)
from quoter.domain.provenance import origin_problems
from quoter.domain.quote import PricedQuote, QuoteRequest
from quoter.usecases.context import AppContext


def published_version_conflicts(books: list[PriceBook], library: Library) -> list[Problem]:
    """A book file that reuses a known book's id and version with other content: a published
    version never changes, so such a file would let anyone quote other prices under its name."""
    try:
        known = {(b.id, b.version): b for b in library.books()}
    except PriceBookError:
        return []  # the data folders' own problems are reported where they are used
    problems = []
    for book in books:
        same = known.get((book.id, book.version))
        problem = republished(book, same) if same is not None else None
        if problem is not None:
            problems.append(problem)
    return problems


def request_problems(request: QuoteRequest, library: Library) -> list[Problem]:
    """What the data folders say is wrong with a request before it is priced: its triage origin
    must name a published policy version with its published digest."""
    if request.triage is None:
        return []
    return origin_problems(request.triage, (policy.ref for policy in library.policies()))


def read_request(request_file: Path, library: Library) -> QuoteRequest:
    """The request in `request_file`, its `[triage]` table (if any) naming a published policy."""
    request = read_quote_request(request_file)
    problems = request_problems(request, library)
    if problems:
        text = read_text(request_file)
        raise QuoteRequestError(
            f"{request_file}: not a valid quote request", locate(problems, text, str(request_file))
        )
    return request


def price_quote(
    context: AppContext,
    request: QuoteRequest,
    *,
    preview_on: date | None = None,
    books: list[PriceBook] | None = None,
) -> PricedQuote:
    """The priced quote for `request`, with its book in force today (a quote cannot be
    back-dated). `preview_on` prices as on another day and marks the result as a preview;
    `books` restricts the books to these instead of the data folders'."""
    library = context.library
    problems = request_problems(request, library)
    if problems:
        raise QuoteRequestError("not a valid quote request", problems)
    day = preview_on or context.today()
    book = (
        book_in_force(books, request.book, day)
        if books
        else library.book_in_force(request.book, day)
    )
    product = library.product(book.product, near=Path(book.source) if book.source else None)
    return price_request(request, book, product, day, preview=preview_on is not None)


def price_quote_file(
    context: AppContext,
    request_file: Path,
    *,
    preview_on: date | None = None,
    book_files: tuple[Path, ...] = (),
    language: str | None = None,
) -> PricedQuote:
    """The priced quote for the request in `request_file`, its problems located in that file.
    `book_files` restricts the books to these files; `language` replaces the request's."""
    library = context.library
    request = read_request(request_file, library)
    if language is not None:
        request = replace(request, language=language)
    books = None
    if book_files:
        books, problems = check_book_set(library.read_book(path) for path in book_files)
        problems += published_version_conflicts(books, library)
        if problems:
            raise PriceBookError("The price books given are not valid:", problems)
    try:
        return price_quote(context, request, preview_on=preview_on, books=books)
    except PriceBookError as error:
        if not any(problem.path == ("book",) and not problem.file for problem in error.problems):
            raise
        raise _located(error, request_file) from None
    except PricingError as error:
        raise _located(error, request_file) from None


def _located(error: PriceBookError | PricingError, request_file: Path) -> QuoterError:
    """`error` again, with its problems placed in the request file."""
    text = read_text(request_file)
    return type(error)(
        f"{request_file}: {error.summary}", locate(list(error.problems), text, str(request_file))
    )
