"""One test per kind of bad price book: each must name the file, the line and the field."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from quoter.data.library import Library
from quoter.domain.pricebook import BasePlusUnitPrice, PerUnitPrice, TieredPrice
from quoter.domain.problems import PriceBookError, Problem, format_path
from quoter.usecases.context import locator_for
from quoter.usecases.settings import Settings

WriteBook = Callable[..., Path]


def read(path: Path) -> object:
    library = Library(
        locator_for(Settings(data_dirs=(path.parent.parent,), use_bundled_data=False))
    )
    return library.read_book(path)


def problems(path: Path) -> list[Problem]:
    with pytest.raises(PriceBookError) as error:
        read(path)
    assert all(p.file == str(path) for p in error.value.problems)
    return list(error.value.problems)


def only(path: Path) -> Problem:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_the_mini_book_reads_exactly(write_book: WriteBook) -> None:
    book = read(write_book())
    services = {s.code: s for s in book.services}  # type: ignore[attr-defined]
    backport = services["BP-FIX"].pricing
    assert isinstance(backport, BasePlusUnitPrice)
    assert backport.base == Decimal("3500.00") and backport.unit_price == Decimal("1200")
    assert isinstance(services["OS-DAY"].pricing, PerUnitPrice)
    tiers = services["DP-PORT"].pricing
    assert isinstance(tiers, TieredPrice) and tiers.prices["M"] == Decimal("48000.00")
    assert book.tax.percent == Decimal("7.25")  # type: ignore[attr-defined]


def test_negative_price(write_book: WriteBook) -> None:
    path = write_book(("unit_price = 2500.00", "unit_price = -2500.00"))
    problem = only(path)
    assert format_path(problem.path) == "services[2].pricing.unit_price"
    assert problem.line == line_of(path, "-2500.00")
    assert "negative" in problem.message and "zero or more" in problem.expected


def test_placeholder_without_parameter(write_book: WriteBook) -> None:
    path = write_book(('scope.en = "Port driver {driver}', 'scope.en = "Port driver {drivr}'))
    problem = only(path)
    assert format_path(problem.path) == "services[3].scope.en"
    assert problem.message == "placeholder {drivr} has no parameter"
    assert problem.line == line_of(path, "{drivr}")


def test_placeholder_syntax(write_book: WriteBook) -> None:
    path = write_book(("A literal {{brace}} stays.", "A lone { brace."))
    problem = only(path)
    assert format_path(problem.path) == "services[1].scope.en"
    assert "placeholder syntax" in problem.message
    assert problem.line == line_of(path, 'scope.en = """Backport')


def test_tier_price_missing(write_book: WriteBook) -> None:
    path = write_book(
        ("prices = { S = 24000, M = 48000.00, L = 96000 }", "prices = { S = 24000, M = 48000.00 }")
    )
    problem = only(path)
    assert format_path(problem.path) == "services[3].pricing.prices"
    assert problem.message == "tier price missing for 'L'"
    assert problem.line == line_of(path, "prices = {")


def test_tier_price_for_an_unknown_choice(write_book: WriteBook) -> None:
    path = write_book(("L = 96000 }", "L = 96000, XL = 1 }"))
    problem = only(path)
    assert format_path(problem.path) == "services[3].pricing.prices.XL"
    assert "unknown key 'XL'" in problem.message


def test_duplicate_service_codes(write_book: WriteBook) -> None:
    path = write_book(('code = "DP-PORT"', 'code = "OS-DAY"'))
    problem = only(path)
    assert format_path(problem.path) == "services[3].code"
    assert problem.message == "duplicate service code 'OS-DAY' (also service 2)"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert problem.line is not None and lines[problem.line - 1] == 'code = "OS-DAY"'
    assert problem.line > line_of(path, 'code = "OS-DAY"')


def test_unknown_currency(write_book: WriteBook) -> None:
    path = write_book(('currency = "USD"', 'currency = "USX"'))
    found = problems(path)
    assert format_path(found[0].path) == "currency"
    assert "'USX' is not a known ISO 4217 currency code" in found[0].message
    assert found[0].line == line_of(path, "USX")


def test_effective_until_before_effective_from(write_book: WriteBook) -> None:
    path = write_book(
        ("effective_from = 2026-01-01", "effective_from = 2026-01-01\neffective_until = 2025-12-31")
    )
    problem = only(path)
    assert format_path(problem.path) == "effective_until"
    assert problem.line == line_of(path, "effective_until")


@pytest.mark.parametrize("written", ["1e3", "1.5e3", "inf", "nan", "1_000.50", "+inf"])
def test_float_looking_prices(write_book: WriteBook, written: str) -> None:
    path = write_book(("price" + "s = { S = 24000,", f"prices = {{ S = {written},"))
    problem = only(path)
    assert format_path(problem.path) == "services[3].pricing.prices.S"
    assert f"'{written}' is not a plain decimal number" in problem.message
    assert problem.line == line_of(path, "prices = {")


@pytest.mark.parametrize("written", ["1_500", "0x5DC"])
def test_integers_that_are_not_plain_digits(write_book: WriteBook, written: str) -> None:
    path = write_book(("unit_price = 2500.00", f"unit_price = {written}"))
    problem = only(path)
    assert problem.line == line_of(path, f"unit_price = {written}")
    assert "is not a plain number" in problem.message


def test_more_decimals_than_the_currency_has(write_book: WriteBook) -> None:
    path = write_book(("unit_price = 2500.00", "unit_price = 2500.005"))
    problem = only(path)
    assert problem.message == "2500.005 has more decimal places than USD allows"
    assert problem.expected == "at most 2 decimal places for USD"


def test_toml_syntax_error(write_book: WriteBook) -> None:
    path = write_book(('title.en = "Mini price list"', 'title.en = "Mini price list'))
    problem = only(path)
    assert problem.message.startswith("TOML syntax error")
    assert problem.line == line_of(path, "title.en")


def test_unknown_key_is_not_ignored(write_book: WriteBook) -> None:
    path = write_book(("lead_time_days = 20", "lead_time_days = 20\ndiscount = 10"))
    problem = only(path)
    assert format_path(problem.path) == "services[3].discount"
    assert problem.message == "unknown key 'discount'"
    assert problem.line == line_of(path, "discount = 10")


def test_a_text_missing_in_one_language(write_book: WriteBook) -> None:
    path = write_book(('languages = ["en"]', 'languages = ["en", "de"]'))
    found = problems(path)
    assert "title.de" in {format_path(p.path) for p in found}
    assert "services[1].name.de" in {format_path(p.path) for p in found}


def test_a_wrong_type_names_what_it_found(write_book: WriteBook) -> None:
    path = write_book(("lead_time_days = 10", 'lead_time_days = "ten"'))
    problem = only(path)
    assert problem.message == 'is the text "ten"'
    assert problem.expected == "a whole number from 0 to 3650"


def test_every_problem_is_reported_at_once(write_book: WriteBook) -> None:
    path = write_book(
        ('currency = "USD"', 'currency = "XYZ"'),
        ("unit_price = 2500.00", "unit_price = -1"),
        (", L = 96000 }", " }"),
        ('code = "DP-PORT"', 'code = "OS-DAY"'),
    )
    assert len(problems(path)) == 4


def test_unknown_product(write_book: WriteBook) -> None:
    path = write_book(('product = "orca-os"', 'product = "whale-os"'))
    problem = only(path)
    assert format_path(problem.path) == "product"
    assert "no product 'whale-os'" in problem.message


def test_unknown_release_as_a_default(write_book: WriteBook) -> None:
    path = write_book(('label.en = "To release"', 'label.en = "To release"\ndefault = "9.9"'))
    problem = only(path)
    assert format_path(problem.path) == "services[1].parameters[3].default"


def test_a_file_that_is_not_utf8(book_folder: Path) -> None:
    path = book_folder / "price_books" / "latin1.toml"
    path.write_bytes('title.en = "Preisübersicht"\n'.encode("latin-1"))
    problem = only(path)
    assert problem.message == "is not UTF-8 text"


def test_an_empty_file(book_folder: Path) -> None:
    path = book_folder / "price_books" / "empty.toml"
    path.write_text("", encoding="utf-8")
    found = problems(path)
    assert {"format", "id", "services"} <= {format_path(p.path) for p in found}


def test_placeholders_in_deliverables_are_checked_too(write_book: WriteBook) -> None:
    path = write_book(
        (
            'deliverables.en = ["Patch", "Binary build"]',
            'deliverables.en = ["Patch for {fix}", "Binary build"]',
        )
    )
    problem = only(path)
    assert format_path(problem.path) == "services[1].deliverables.en[1]"
    assert problem.message == "placeholder {fix} has no parameter"
