"""One clock for every command: the quote number's year, the priced day and 'today' all come from
the clock in the vendor's time zone, whatever zone the machine is set to."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.test_cli import Run, run  # noqa: F401  (the fixture)
from tests.conftest import DATA, REPO

NEW_YEARS_EVE_UTC = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
"""00:30 on 1 January 2027 in Berlin; 15:30 on 31 December 2026 in Los Angeles."""
REQUEST = REPO / "examples" / "backport-usd.toml"


@pytest.fixture
def laptop_in_los_angeles() -> Iterator[None]:
    """The machine's own zone is America/Los_Angeles for the test."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def books_with_2027(tmp_path: Path) -> Path:
    """A data folder with the whole USD lineage: 2025.1, 2026.1 and finance's new 2027.1."""
    folder = tmp_path / "data"
    (folder / "price_books").mkdir(parents=True)
    for book in (REPO / "price_books").glob("services-usd-*.toml"):
        shutil.copy(book, folder / "price_books" / book.name)
    shutil.copy(
        DATA / "books-2027" / "price_books" / "services-usd-2027.toml", folder / "price_books"
    )
    return folder


def test_a_draft_made_after_midnight_in_berlin_is_numbered_and_priced_in_the_new_year(
    run: Run,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    laptop_in_los_angeles: None,
    books_with_2027: Path,
) -> None:
    monkeypatch.setenv("QUOTER_TIME_ZONE", "Europe/Berlin")
    data = ("--data", books_with_2027)
    status, out, err = run(*data, "quotes", "new", REQUEST, now=NEW_YEARS_EVE_UTC)
    assert status == 0, err
    assert out.startswith("Q-2027-00001: draft created (services-usd 2027.1, USD ")
    exported = json.loads(run(*data, "quotes", "export", "Q-2027-00001")[1])
    assert exported["priced_quote"]["priced_on"] == "2027-01-01"
    assert exported["priced_quote"]["book"]["version"] == "2027.1"


def test_every_command_prices_on_the_vendors_day_not_the_laptops(
    run: Run,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    laptop_in_los_angeles: None,
    books_with_2027: Path,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("QUOTER_TIME_ZONE", "Europe/Berlin")
    assert NEW_YEARS_EVE_UTC.astimezone().day == 31  # the laptop's day
    data = ("--data", books_with_2027)
    status, out, err = run(*data, "quote", "price", REQUEST, "--json", now=NEW_YEARS_EVE_UTC)
    assert status == 0, err
    priced = json.loads(out)
    assert (priced["priced_on"], priced["book"]["version"]) == ("2027-01-01", "2027.1")
    assert priced["lines"][0]["pricing"]["unit_price"] == "1417.50"  # the 2027 price

    pdf = tmp_path / "sow.pdf"
    status, out, err = run(*data, "contract", REQUEST, "--pdf", pdf, now=NEW_YEARS_EVE_UTC)
    assert status == 0, err
    assert "services-usd 2027.1" in out
    from pypdf import PdfReader

    embedded = PdfReader(pdf).attachments["quote.json"][0]
    assert json.loads(embedded)["priced_on"] == "2027-01-01"

    status, out, err = run(*data, "quotes", "new", REQUEST, now=NEW_YEARS_EVE_UTC)
    assert status == 0, err
    assert "(services-usd 2027.1," in out


def test_without_a_vendor_zone_the_machines_zone_is_the_vendors(
    run: Run,  # noqa: F811
    laptop_in_los_angeles: None,
    books_with_2027: Path,
) -> None:
    # 19:00 on 31 December in Los Angeles, already 1 January in UTC
    evening = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)
    status, out, err = run(
        "--data", books_with_2027, "quote", "price", REQUEST, "--json", now=evening
    )
    assert status == 0, err
    priced = json.loads(out)
    assert (priced["priced_on"], priced["book"]["version"]) == ("2026-12-31", "2026.1")
