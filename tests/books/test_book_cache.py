"""The validated-book cache: used when nothing changed, ignored when anything did."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quoter.books import pricebook_file
from quoter.data.library import Library
from quoter.domain.pricebook import PriceBook
from quoter.usecases.context import locator_for
from quoter.usecases.settings import Settings


def read(path: Path, cache: Path) -> PriceBook:
    settings = Settings(data_dirs=(path.parent.parent,), use_bundled_data=False, book_cache=cache)
    return Library(locator_for(settings)).read_book(path)


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the book was parsed again")

    monkeypatch.setattr(pricebook_file, "parse_toml", refuse)


def test_an_unchanged_book_comes_from_the_cache(
    write_book: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_book()
    first = read(path, tmp_path / "cache")
    no_parsing(monkeypatch)
    again = read(path, tmp_path / "cache")
    assert again == first and again.digest == first.digest and again.source == str(path)


def test_a_changed_book_or_product_is_validated_again(
    write_book: Callable[..., Path],
    tmp_path: Path,
    book_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_book()
    read(path, tmp_path / "cache")
    changed = write_book(("unit_price = 2500.00", "unit_price = 2600.00"))
    assert read(changed, tmp_path / "cache").services[1].pricing.unit_price == 2600  # type: ignore[union-attr]
    product = book_folder / "products" / "orca-os.toml"
    product.write_text(
        product.read_text(encoding="utf-8").replace('name = "4.2"', 'name = "4.2 LTS"'),
        encoding="utf-8",
    )
    no_parsing(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        read(changed, tmp_path / "cache")


def test_a_damaged_cache_entry_is_ignored(write_book: Callable[..., Path], tmp_path: Path) -> None:
    path = write_book()
    first = read(path, tmp_path / "cache")
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"not a pickle")
    assert read(path, tmp_path / "cache") == first
