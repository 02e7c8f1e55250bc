"""Rules over the set of price books: dated versions of one lineage, and the book in force on a day.

Versions of one book id follow each other without overlap or gap. A version without
`effective_until` stays in force until the next version starts (published rate lists are replaced by
the next list), so ending a version never means editing it. One id and version must always mean one
content (digest): a published id and version never changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import pairwise

from quoter.domain.pricebook import PriceBook
from quoter.domain.problems import PriceBookError, Problem


def check_book_set(books: Iterable[PriceBook]) -> tuple[list[PriceBook], list[Problem]]:
    """The distinct books, and the set's problems (overlaps, gaps, a version with two digests)."""
    problems: list[Problem] = []
    by_version: dict[tuple[str, str], PriceBook] = {}
    for book in books:
        key = (book.id, book.version)
        known = by_version.get(key)
        if known is None:
            by_version[key] = book
        elif known.digest != book.digest:
            problems.append(
                Problem(
                    ("version",),
                    f"{book.id} {book.version} is also in {known.source} with other content "
                    f"({known.digest[:19]}... here {book.digest[:19]}...)",
                    "a new version number for changed prices: a published version never changes",
                    file=book.source,
                )
            )
    lineages: dict[str, list[PriceBook]] = defaultdict(list)
    for book in by_version.values():
        lineages[book.id].append(book)
    for versions in lineages.values():
        versions.sort(key=lambda b: b.effective_from)
        for earlier, later in pairwise(versions):
            problems.extend(_period_problems(earlier, later))
    return list(by_version.values()), problems


def republished(book: PriceBook, published: PriceBook) -> Problem | None:
    """The problem when `book` reuses `published`'s id and version with other content: a
    published version never changes, or anyone could quote other prices under its name."""
    if (book.id, book.version) != (published.id, published.version):
        return None
    if book.digest == published.digest:
        return None
    return Problem(
        ("version",),
        f"{book.id} {book.version} is already published ({published.source}) with other content",
        "a new version number for changed prices",
        file=book.source,
    )


def _period_problems(earlier: PriceBook, later: PriceBook) -> list[Problem]:
    where = f"{later.id} {later.version} (from {later.effective_from})"
    if earlier.effective_until is None and earlier.effective_from < later.effective_from:
        return []  # the later version ends the open-ended earlier one
    if earlier.effective_from == later.effective_from:
        return [
            Problem(
                ("effective_from",),
                f"{where} starts on the same day as {earlier.version}",
                "a later effective_from for the later version",
                file=later.source,
            )
        ]
    if earlier.effective_until is None or earlier.effective_until >= later.effective_from:
        until = earlier.effective_until or "with no end date"
        return [
            Problem(
                ("effective_from",),
                f"{where} overlaps {earlier.version} (in force until {until}, {earlier.source})",
                f"effective_until = {later.effective_from - timedelta(days=1)} "
                f"in {earlier.version}",
                file=later.source,
            )
        ]
    if earlier.effective_until + timedelta(days=1) < later.effective_from:
        return [
            Problem(
                ("effective_from",),
                f"{where} leaves a gap after {earlier.version}, "
                f"which ends {earlier.effective_until}",
                f"effective_from = {earlier.effective_until + timedelta(days=1)}",
                file=later.source,
            )
        ]
    return []


def book_in_force(books: Iterable[PriceBook], book_id: str, day: date) -> PriceBook:
    """The version of `book_id` in force on `day`, or `PriceBookError` naming the known ones."""
    versions = sorted((b for b in books if b.id == book_id), key=lambda b: b.effective_from)
    started = [book for book in versions if book.effective_from <= day]
    if started and started[-1].covers(day):
        return started[-1]  # the latest version that has started, unless it has ended
    if not versions:
        ids = sorted({b.id for b in books})
        raise PriceBookError(
            f"There is no price book '{book_id}'.",
            [Problem(("book",), f"no book with id '{book_id}'", "one of: " + ", ".join(ids))],
        )
    periods = "; ".join(
        f"{b.version}: {b.effective_from} to {b.effective_until or 'the next version'}"
        for b in versions
    )
    raise PriceBookError(
        f"No version of price book '{book_id}' is in force on {day.isoformat()}.",
        [Problem(("book",), f"versions known: {periods}", "a date inside one of these periods")],
    )
