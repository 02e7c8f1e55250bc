"""Price a quote request with the book in force: today's for real, another day's as a preview."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from quoter.books.library import Library
from quoter.books.request_file import read_quote_request
from quoter.books.source import locate, read_text
from quoter.domain.bookset import book_in_force, check_book_set, republished
from quoter.domain.pricebook import PriceBook
from quoter.domain.pricing import price_request
from quoter.domain.problems import PriceBookError, PricingError, Problem, QuoteRequestError
from quoter.domain.quote import PricedQuote, QuoteRequest
from quoter.locations import DataLocator
from quoter.settings import Settings
from quoter.usecases.policy import check_triage_origin


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


def read_request(request_file: Path, library: Library) -> QuoteRequest:
    """The request in `request_file`, its `[triage]` table (if any) naming a published policy."""
    request = read_quote_request(request_file)
    problems = check_triage_origin(request, library)
    if problems:
        text = read_text(request_file)
        raise QuoteRequestError(
            f"{request_file}: not a valid quote request", locate(problems, text, str(request_file))
        )
    return request


def price_quote_file(
    request_file: Path,
    settings: Settings,
    today: date,
    *,
    preview_on: date | None = None,
    book_files: tuple[Path, ...] = (),
    language: str | None = None,
) -> PricedQuote:
    """The priced quote for the request in `request_file`.

    The book is the request's book id in force `today` (the system clock's day: a quote cannot be
    back-dated). `preview_on` prices as on another day and marks the result as a preview.
    `book_files` restricts the books to these files instead of the data folders; `language`
    replaces the request's document language.
    """
    library = Library(DataLocator(settings))
    request = read_request(request_file, library)
    if language is not None:
        request = replace(request, language=language)
    day = preview_on or today
    try:
        if book_files:
            books, problems = check_book_set(library.read_book(path) for path in book_files)
            problems += published_version_conflicts(books, library)
            if problems:
                raise PriceBookError("The price books given are not valid:", problems)
            book = book_in_force(books, request.book, day)
        else:
            book = library.book_in_force(request.book, day)
    except PriceBookError as error:
        if not any(problem.path == ("book",) and not problem.file for problem in error.problems):
            raise
        text = read_text(request_file)
        raise PriceBookError(
            f"{request_file}: {error.summary}",
            locate(list(error.problems), text, str(request_file)),
        ) from None
    product = library.product(book.product, near=Path(book.source) if book.source else None)
    try:
        return price_request(request, book, product, day, preview=preview_on is not None)
    except PricingError as error:
        text = read_text(request_file)
        raise PricingError(
            f"{request_file}: {error.summary}",
            locate(list(error.problems), text, str(request_file)),
        ) from None
