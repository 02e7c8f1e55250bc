import hashlib
import json
import tomllib
from collections.abc import Callable
from pathlib import Path

from quoter.books.digest import canonical_number
from quoter.data.library import Library
from quoter.domain.pricebook import PriceBook
from quoter.usecases.context import locator_for
from quoter.usecases.settings import Settings


def read(path: Path) -> PriceBook:
    return Library(
        locator_for(Settings(data_dirs=(path.parent.parent,), use_bundled_data=False))
    ).read_book(path)


def test_layout_comments_and_number_spelling_do_not_change_the_digest(
    write_book: Callable[..., Path],
) -> None:
    original = read(write_book(name="a.toml")).digest
    reformatted = read(
        write_book(
            ("format = 1", "# finance's comment\nformat   =   1"),
            ("unit_price = 2500.00", "unit_price = 2500"),
            ("base = 3500.00", "base = 3500.0"),
            name="b.toml",
        )
    ).digest
    assert reformatted == original


def test_any_change_of_price_or_text_changes_the_digest(write_book: Callable[..., Path]) -> None:
    original = read(write_book(name="a.toml")).digest
    assert (
        read(write_book(("unit_price = 2500.00", "unit_price = 2500.01"), name="b.toml")).digest
        != original
    )
    assert read(write_book(("Net 30 days.", "Net 31 days."), name="c.toml")).digest != original


def test_the_digest_can_be_recomputed_from_the_documented_rules(
    write_book: Callable[..., Path],
) -> None:
    """docs/digest.md: numbers as normalised decimal strings, sorted keys, compact UTF-8 JSON."""
    import datetime as dt
    import unicodedata
    from decimal import Decimal

    def canonical(value: object) -> object:
        if isinstance(value, dict):
            return {unicodedata.normalize("NFC", k): canonical(v) for k, v in value.items()}
        if isinstance(value, list):
            return [canonical(v) for v in value]
        if isinstance(value, bool):
            return value
        if isinstance(value, int | Decimal):
            number = Decimal(value)
            return "0" if number.is_zero() else format(number.normalize(), "f")
        if isinstance(value, dt.date):
            return value.isoformat()
        return unicodedata.normalize("NFC", str(value))

    path = write_book()
    data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    body = json.dumps(canonical(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()
    assert read(path).digest == expected


def test_canonical_numbers() -> None:
    from decimal import Decimal

    assert canonical_number(Decimal("1500.00")) == "1500"
    assert canonical_number(1500) == "1500"
    assert canonical_number(Decimal("0.50")) == "0.5"
    assert canonical_number(Decimal("-0.00")) == "0"
    assert canonical_number(Decimal("120E+1")) == "1200"
