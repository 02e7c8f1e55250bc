from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from quoter.domain.problems import PriceBookError, PricingError, QuoteRequestError
from quoter.usecases.price_quote import price_quote_file
from quoter.usecases.settings import Settings
from tests.conftest import DATA, context_for

REQUEST = DATA / "request.toml"


def two_versions(write_book: Callable[..., Path]) -> Settings:
    write_book(
        (
            "effective_from = 2026-01-01",
            "effective_from = 2025-01-01\neffective_until = 2025-12-31",
        ),
        ('version = "2026.1"', 'version = "2025.1"'),
        ("unit_price = 2500.00", "unit_price = 2400.00"),
        name="2025.toml",
    )
    path = write_book(name="2026.toml")
    return Settings(data_dirs=(path.parent.parent,), use_bundled_data=False)


def test_the_book_in_force_today_prices_the_quote(write_book: Callable[..., Path]) -> None:
    settings = two_versions(write_book)
    quote = price_quote_file(context_for(settings, date(2026, 5, 4)), REQUEST)
    assert quote.book.version == "2026.1"
    assert quote.lines[1].total.as_text() == "7500.00"
    assert quote.priced_on == date(2026, 5, 4) and not quote.preview


def test_another_day_is_a_preview_with_that_days_book(write_book: Callable[..., Path]) -> None:
    settings = two_versions(write_book)
    quote = price_quote_file(
        context_for(settings, date(2026, 5, 4)), REQUEST, preview_on=date(2025, 6, 1)
    )
    assert quote.book.version == "2025.1"
    assert quote.lines[1].total.as_text() == "7200.00"
    assert quote.preview


def test_a_configured_book_hides_the_bundled_one_of_the_same_id(
    write_book: Callable[..., Path],
) -> None:
    path = write_book(
        ('id = "mini-usd"', 'id = "services-usd"'), ('version = "2026.1"', 'version = "2026.7"')
    )
    settings = Settings(data_dirs=(path.parent.parent,))
    request = path.parent.parent / "request.toml"
    request.write_text(
        REQUEST.read_text(encoding="utf-8").replace("mini-usd", "services-usd"), encoding="utf-8"
    )
    quote = price_quote_file(context_for(settings, date(2026, 5, 4)), request)
    assert quote.book.id == "services-usd" and quote.book_title == "Mini price list"


def test_problems_in_the_request_come_before_the_books(
    mini_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "r.toml"
    path.write_text('format = 1\nbook = "mini-usd"\n', encoding="utf-8")
    with pytest.raises(QuoteRequestError):
        price_quote_file(context_for(mini_settings, date(2026, 5, 4)), path)


def test_a_broken_book_in_the_data_folder_is_reported(write_book: Callable[..., Path]) -> None:
    path = write_book(("quote_validity_days = 30", "quote_validity_days = 0"))
    settings = Settings(data_dirs=(path.parent.parent,), use_bundled_data=False)
    with pytest.raises(PriceBookError) as error:
        price_quote_file(context_for(settings, date(2026, 5, 4)), REQUEST)
    assert error.value.problems[0].line == 10


def test_pricing_problems_are_located_in_the_request(
    mini_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        REQUEST.read_text(encoding="utf-8").replace('tier = "M"', 'tier = "XL"'), encoding="utf-8"
    )
    with pytest.raises(PricingError) as error:
        price_quote_file(context_for(mini_settings, date(2026, 5, 4)), path)
    problem = error.value.problems[0]
    assert (problem.file, problem.line) == (str(path), 26)
    assert problem.expected == "one of: S, M, L"


def test_a_configured_book_cannot_reuse_a_published_version_with_other_prices(
    write_book: Callable[..., Path],
) -> None:
    path = write_book(('id = "mini-usd"', 'id = "services-usd"'))
    settings = Settings(data_dirs=(path.parent.parent,))
    with pytest.raises(PriceBookError) as error:
        price_quote_file(context_for(settings, date(2026, 5, 4)), REQUEST)
    assert "services-usd 2026.1 is already published" in error.value.describe()


def test_a_book_file_cannot_reuse_a_published_version_with_other_prices(
    write_book: Callable[..., Path],
) -> None:
    path = write_book(('id = "mini-usd"', 'id = "services-usd"'))
    with pytest.raises(PriceBookError) as error:
        price_quote_file(context_for(Settings(), date(2026, 5, 4)), REQUEST, book_files=(path,))
    assert "services-usd 2026.1 is already published" in error.value.describe()


def test_an_unknown_book_id_is_located_in_the_request(
    mini_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        REQUEST.read_text(encoding="utf-8").replace('book = "mini-usd"', 'book = "nope"'),
        encoding="utf-8",
    )
    with pytest.raises(PriceBookError) as error:
        price_quote_file(context_for(mini_settings, date(2026, 5, 4)), path)
    problem = error.value.problems[0]
    assert (problem.file, problem.line) == (str(path), 2)
    assert problem.message == "no book with id 'nope'"
