from datetime import date

import pytest

from quoter.domain.bookset import book_in_force, check_book_set
from quoter.domain.problems import PriceBookError
from tests.builders import book, fixed

A = fixed("A", "1")
V2025 = book(
    A, version="2025.1", effective_from=date(2025, 1, 1), effective_until=date(2025, 12, 31)
)
V2026 = book(A, version="2026.1", effective_from=date(2026, 1, 1), digest="sha256:" + "1" * 64)


def test_consecutive_versions_are_a_valid_set() -> None:
    books, problems = check_book_set([V2026, V2025])
    assert problems == []
    assert len(books) == 2


@pytest.mark.parametrize(
    ("day", "version"),
    [(date(2025, 1, 1), "2025.1"), (date(2025, 12, 31), "2025.1"), (date(2026, 1, 1), "2026.1")],
)
def test_the_book_in_force_is_the_one_whose_period_covers_the_day(day: date, version: str) -> None:
    assert book_in_force([V2025, V2026], "test-book", day).version == version


def test_no_book_before_the_first_period() -> None:
    with pytest.raises(
        PriceBookError, match="No version of price book 'test-book' is in force on 2024-12-31"
    ):
        book_in_force([V2025, V2026], "test-book", date(2024, 12, 31))


def test_an_unknown_book_id_lists_the_known_ones() -> None:
    with pytest.raises(PriceBookError) as error:
        book_in_force([V2025], "services-xyz", date(2025, 6, 1))
    assert error.value.problems[0].expected == "one of: test-book"


def test_overlapping_versions() -> None:
    too_long = book(
        A, version="2025.1", effective_from=date(2025, 1, 1), effective_until=date(2026, 3, 31)
    )
    _, problems = check_book_set([too_long, V2026])
    assert len(problems) == 1
    assert "test-book 2026.1 (from 2026-01-01) overlaps 2025.1" in problems[0].message
    assert problems[0].expected == "effective_until = 2025-12-31 in 2025.1"


def test_two_versions_starting_the_same_day_overlap() -> None:
    same_day = book(
        A, version="2026.2", effective_from=date(2026, 1, 1), digest="sha256:" + "3" * 64
    )
    _, problems = check_book_set([V2026, same_day])
    assert len(problems) == 1 and "starts on the same day" in problems[0].message


def test_an_open_ended_version_ends_when_the_next_one_starts() -> None:
    open_ended = book(A, version="2025.1", effective_from=date(2025, 1, 1))
    books, problems = check_book_set([open_ended, V2026])
    assert problems == []
    assert book_in_force(books, "test-book", date(2025, 12, 31)).version == "2025.1"
    assert book_in_force(books, "test-book", date(2026, 1, 1)).version == "2026.1"


def test_a_gap_between_versions() -> None:
    early = book(
        A, version="2025.1", effective_from=date(2025, 1, 1), effective_until=date(2025, 11, 30)
    )
    _, problems = check_book_set([early, V2026])
    assert "leaves a gap after 2025.1, which ends 2025-11-30" in problems[0].message


def test_one_version_with_two_contents() -> None:
    changed = book(
        fixed("A", "2"),
        version="2025.1",
        effective_from=date(2025, 1, 1),
        effective_until=date(2025, 12, 31),
        digest="sha256:" + "2" * 64,
    )
    _, problems = check_book_set([V2025, changed])
    assert "test-book 2025.1 is also in" in problems[0].message
    assert "a published version never changes" in problems[0].expected


def test_the_same_file_twice_is_one_book() -> None:
    books, problems = check_book_set([V2025, V2025])
    assert problems == [] and books == [V2025]
