"""A release's life-cycle phase on a day: the window counted from the newest published release,
and dated releases, each tested on both sides of every boundary."""

from __future__ import annotations

from datetime import date

import pytest

from quoter.domain.policy import Phase, release_status, release_table
from tests.builders import policy


@pytest.mark.parametrize(
    ("release", "day", "phase"),
    [
        # 4.0 is published on 2023-06-01: the window moves that day, not the day before
        ("3.0", date(2023, 5, 31), Phase.FULL),
        ("2.0", date(2023, 5, 31), Phase.FULL),
        ("1.0", date(2023, 5, 31), Phase.MAINTENANCE),
        ("4.0", date(2023, 5, 31), Phase.NOT_RELEASED),
        ("4.0", date(2023, 6, 1), Phase.FULL),
        ("3.0", date(2023, 6, 1), Phase.FULL),
        ("2.0", date(2023, 6, 1), Phase.MAINTENANCE),
        ("1.0", date(2023, 6, 1), Phase.END_OF_LIFE),
        # 3.0 is published on 2022-01-15
        ("1.0", date(2022, 1, 14), Phase.FULL),
        ("1.0", date(2022, 1, 15), Phase.MAINTENANCE),
        # the first release is the current one on its own day
        ("1.0", date(2020, 1, 15), Phase.FULL),
        ("1.0", date(2020, 1, 14), Phase.NOT_RELEASED),
    ],
)
def test_the_window_counts_back_from_the_newest_published_release(
    release: str, day: date, phase: Phase
) -> None:
    assert release_status(policy(), release, day).phase is phase


@pytest.mark.parametrize(
    ("day", "phase"),
    [
        (date(2021, 5, 31), Phase.NOT_RELEASED),
        (date(2021, 6, 1), Phase.FULL),
        (date(2022, 6, 30), Phase.FULL),
        (date(2022, 7, 1), Phase.MAINTENANCE),
        (date(2024, 6, 30), Phase.MAINTENANCE),
        (date(2024, 7, 1), Phase.END_OF_LIFE),
    ],
)
def test_a_dated_release_follows_its_own_dates(day: date, phase: Phase) -> None:
    status = release_status(policy(), "2.5", day)
    assert status.phase is phase
    if phase in (Phase.FULL, Phase.MAINTENANCE):
        assert status.clause.id == "REL-2"
        assert status.until == (date(2022, 6, 30) if phase is Phase.FULL else date(2024, 6, 30))


def test_a_dated_release_takes_no_place_in_the_window() -> None:
    # 2.5 LTS was published after 2.0, yet 2.0 is still the second newest release of the window
    assert release_status(policy(), "2.0", date(2022, 1, 15)).phase is Phase.FULL
    assert release_status(policy(), "2.0", date(2022, 1, 15)).clause.id == "REL-1"


def test_a_wider_window_keeps_more_releases_in_support() -> None:
    wide = policy(full_support=3, maintenance=2)
    assert release_status(wide, "2.0", date(2023, 6, 1)).phase is Phase.FULL
    assert release_status(wide, "1.0", date(2023, 6, 1)).phase is Phase.MAINTENANCE
    assert release_status(policy(maintenance=0), "2.0", date(2023, 6, 1)).phase is (
        Phase.END_OF_LIFE
    )


def test_window_phases_say_how_many_releases_end_them() -> None:
    day = date(2023, 6, 1)
    assert release_status(policy(), "4.0", day).releases_left == 2
    assert release_status(policy(), "3.0", day).releases_left == 1
    assert release_status(policy(), "2.0", day).releases_left == 1
    assert release_status(policy(), "1.0", day).releases_left is None


def test_the_release_table_lists_published_releases_newest_first() -> None:
    table = release_table(policy(), date(2022, 7, 1))
    assert [(s.release, s.phase) for s in table] == [
        ("3.0", Phase.FULL),
        ("2.5", Phase.MAINTENANCE),
        ("2.0", Phase.FULL),
        ("1.0", Phase.MAINTENANCE),
    ]


def test_an_unknown_release_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        release_status(policy(), "9.9", date(2023, 1, 1))
