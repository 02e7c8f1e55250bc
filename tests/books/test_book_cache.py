"""The validated-book cache: used when nothing changed, ignored when anything did."""

from __future__ import annotations

import io
import os
import pickle
import stat
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from quoter.books import book_cache, pricebook_file
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


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle"))


def test_an_edited_entry_never_changes_a_price(
    write_book: Callable[..., Path], tmp_path: Path
) -> None:
    """Issue 19: an edited entry priced $35,051.00 instead of $37,650.00 under the genuine digest."""
    path = write_book()
    first = read(path, tmp_path / "cache")
    (entry,) = entries(tmp_path / "cache")
    content = entry.read_bytes()
    assert content.count(b"2500.00") == 1
    entry.write_bytes(content.replace(b"2500.00", b"0001.00"))
    again = read(path, tmp_path / "cache")
    assert again == first
    assert again.services[1].pricing.unit_price == Decimal("2500.00")  # type: ignore[union-attr]
    assert entry.read_bytes() == content  # the damaged entry was replaced


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\x80\x05",
        bytes(range(256)) * 40,
        b"\x80\x05\x95" + b"\xff" * 8,  # a pickle frame longer than memory: OverflowError
    ],
)
def test_any_bytes_in_an_entry_are_ignored_and_replaced(
    write_book: Callable[..., Path], tmp_path: Path, damage: bytes
) -> None:
    path = write_book()
    first = read(path, tmp_path / "cache")
    (entry,) = entries(tmp_path / "cache")
    genuine = entry.read_bytes()
    entry.write_bytes(damage)
    assert read(path, tmp_path / "cache") == first
    assert entry.read_bytes() == genuine
    entry.write_bytes(genuine[: len(genuine) // 2])  # truncated
    assert read(path, tmp_path / "cache") == first


class _RunsCode:
    """Unpickled, it would create a file: the proof that an entry ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_an_entry_never_runs_code_even_with_the_right_key(
    write_book: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_book()
    cache = tmp_path / "cache"
    first = read(path, cache)
    (entry,) = entries(cache)
    key = entry.stem
    marker = tmp_path / "ran"
    evil = pickle.dumps((_RunsCode(marker), None))
    entry.write_bytes(evil)  # someone who may write in the cache folder, without the key
    assert read(path, cache) == first and not marker.exists()
    secret = book_cache.key_file(cache).read_bytes()  # someone who has the key as well
    entry.write_bytes(book_cache.MAGIC + book_cache._mac(secret, key, evil) + evil)
    assert read(path, cache) == first and not marker.exists()


def test_another_books_genuine_entry_is_not_taken_for_this_one(
    write_book: Callable[..., Path], tmp_path: Path
) -> None:
    cheap = write_book(("unit_price = 2500.00", "unit_price = 1.00"), name="cheap.toml")
    read(cheap, tmp_path / "cache")
    (cheap_entry,) = entries(tmp_path / "cache")
    path = write_book(name="book.toml")
    first = read(path, tmp_path / "cache")
    this_entry = next(e for e in entries(tmp_path / "cache") if e != cheap_entry)
    this_entry.write_bytes(cheap_entry.read_bytes())
    assert read(path, tmp_path / "cache") == first


def test_the_key_is_kept_beside_the_cache_for_its_owner_only(
    write_book: Callable[..., Path], tmp_path: Path
) -> None:
    read(write_book(), tmp_path / "cache")
    key = tmp_path / "cache.key"
    assert book_cache.key_file(tmp_path / "cache") == key
    assert len(key.read_bytes()) == book_cache.KEY_BYTES
    if os.name == "posix":
        assert stat.S_IMODE(key.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_key_others_may_read_is_not_trusted_and_is_replaced(
    write_book: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_book()
    read(path, tmp_path / "cache")
    key = tmp_path / "cache.key"
    known = key.read_bytes()
    key.chmod(0o644)
    no_parsing(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        read(path, tmp_path / "cache")
    monkeypatch.undo()
    read(path, tmp_path / "cache")
    assert key.read_bytes() != known and stat.S_IMODE(key.stat().st_mode) == 0o600


def test_without_its_key_no_entry_is_used(
    write_book: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_book()
    read(path, tmp_path / "cache")
    (tmp_path / "cache.key").unlink()
    no_parsing(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        read(path, tmp_path / "cache")


def test_the_unpickler_admits_only_domain_classes() -> None:
    unpickler = book_cache._DomainUnpickler(io.BytesIO(b""))
    assert unpickler.find_class("decimal", "Decimal") is Decimal
    assert unpickler.find_class("quoter.domain.pricebook", "PriceBook") is PriceBook
    for module, name in [
        ("os", "system"),
        ("builtins", "eval"),
        ("quoter.domain.bookset", "book_in_force"),  # a function of the domain
        ("quoter.domain.pricebook", "Decimal"),  # a class the module only imports
    ]:
        with pytest.raises(pickle.UnpicklingError, match="not part of a price book"):
            unpickler.find_class(module, name)


class _AsOlderPythons:
    """Pickles as Python 3.11.2 pickles an enum's member: `getattr(EnumClass, 'NAME')`."""

    def __init__(self, owner: object, name: str) -> None:
        self.owner, self.name = owner, name

    def __reduce__(self) -> tuple[object, tuple[object, str]]:
        return getattr, (self.owner, self.name)


def test_an_enum_member_pickled_by_name_is_read_and_nothing_else_is() -> None:
    from quoter.domain.pricebook import ParameterKind

    member = next(iter(ParameterKind))
    payload = pickle.dumps(_AsOlderPythons(ParameterKind, member.name))
    assert book_cache._DomainUnpickler(io.BytesIO(payload)).load() is member
    for owner, name in ((ParameterKind, "__class__"), (PriceBook, "__init__"), (str, "join")):
        with pytest.raises(pickle.UnpicklingError):
            book_cache._DomainUnpickler(
                io.BytesIO(pickle.dumps(_AsOlderPythons(owner, name)))
            ).load()
