"""Validate price book files: each one alone, then the given files together as a set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quoter.domain.bookset import check_book_set
from quoter.domain.pricebook import PriceBook
from quoter.domain.problems import PriceBookError, Problem, ProductError
from quoter.domain.register import PublishedBookChanged
from quoter.usecases.context import AppContext


@dataclass(frozen=True, slots=True)
class BookCheck:
    file: Path
    book: PriceBook | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class ValidationReport:
    checks: tuple[BookCheck, ...]
    set_problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.set_problems and all(check.book is not None for check in self.checks)


def validate_book_files(context: AppContext, files: Sequence[Path]) -> ValidationReport:
    """Every problem of every file, and of the files as a set of dated versions; with a register
    at hand, also a version its offers were priced on with another digest (edited in place)."""
    library = context.library
    register = context.register_if_there()
    checks = []
    for file in files:
        try:
            book = library.read_book(file)
            if register is not None:
                register.check_book(book.id, book.version, book.digest)
            checks.append(BookCheck(file, book, ()))
        except PublishedBookChanged as error:
            checks.append(
                BookCheck(file, None, (Problem(("version",), str(error), file=str(file)),))
            )
        except (PriceBookError, ProductError) as error:
            problems = error.problems or (Problem((), error.summary, file=str(file)),)
            checks.append(BookCheck(file, None, problems))
    _, set_problems = check_book_set(check.book for check in checks if check.book is not None)
    return ValidationReport(tuple(checks), tuple(set_problems))
