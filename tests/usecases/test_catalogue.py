"""The catalogue of the books in force: what a seller can pick, in one language, with each
parameter's form, and never an editable price."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from quoter.domain.money import Money
from quoter.domain.pricebook import ParameterKind
from quoter.usecases.catalogue import PriceModel, catalogue
from quoter.usecases.settings import Settings
from tests.conftest import DATA, context_for


def test_the_books_in_force_today_in_the_asked_language() -> None:
    found = catalogue(context_for(day=date(2026, 11, 24)), "de")
    assert [(b.id, b.version, b.language) for b in found.books] == [
        ("services-eur", "2026.1", "de"),
        ("services-usd", "2026.1", "de"),
    ]
    usd = found.book("services-usd")
    assert usd is not None and usd.currency == "USD"
    assert [c.name for c in usd.categories][:2] == ["Backports", "Kundenspezifische Anpassungen"]
    backport = usd.service("BP-FIX")
    assert backport is not None
    assert backport.name == "Backport einer einzelnen Fehlerkorrektur"
    assert backport.price.model is PriceModel.BASE_PLUS_UNIT
    assert backport.price.price == Money(Decimal("2600.00"), "USD")
    assert backport.price.unit_price == Money(Decimal("1350.00"), "USD")
    release = next(p for p in backport.parameters if p.name == "target_release")
    assert release.kind is ParameterKind.RELEASE and release.label == "Zurückportieren auf Release"
    assert [r.id for r in release.releases][-4:] == ["4.1", "4.2", "4.3", "5.0"]  # oldest first
    assert "bp-fix" in backport.search_text and "fehlerkorrektur" in backport.search_text
    assert [(p.id, p.version) for p in found.policies] == [("orca-os-support", "2026.1")]


def test_a_tiered_price_lists_each_tier_with_its_label() -> None:
    usd = catalogue(context_for(), "en").book("services-usd")
    assert usd is not None
    port = usd.service("DP-PORT")
    assert port is not None and port.price.model is PriceModel.TIERED
    tiers = {choice.value: (choice.label, money) for choice, money in port.price.tiers}
    assert set(tiers) == {"S", "M", "L"}
    assert all(money.currency == "USD" for _, money in tiers.values())
    tier = next(p for p in port.parameters if p.name == port.price.tier_parameter)
    assert [c.value for c in tier.choices] == ["S", "M", "L"]


def test_a_language_the_book_lacks_falls_back_to_its_own() -> None:
    found = catalogue(context_for(Settings(data_dirs=(DATA / "books",))), "de")
    mini = found.book("mini-usd")
    assert mini is not None and mini.language == "en"


def test_only_books_in_force_today_are_offered() -> None:
    found = catalogue(context_for(day=date(2025, 6, 1)))
    usd = found.book("services-usd")
    assert usd is not None and usd.version == "2025.1"
    assert found.book("services-eur") is None  # its first version starts in 2026


def test_nothing_in_the_catalogue_can_change_a_price() -> None:
    usd = catalogue(context_for()).book("services-usd")
    assert usd is not None
    service = usd.services[0]
    before = service.price
    for value, name in (
        (service, "price"),
        (service, "name"),
        (before, "price"),
        (usd, "currency"),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, name, None)
    assert service.price == before and service.price.price is not None


def test_the_catalogue_is_built_once_until_the_data_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "price_books").mkdir(parents=True)
    shutil.copy(DATA / "books" / "price_books" / "mini.toml", data / "price_books")
    context = context_for(Settings(data_dirs=(data,)))
    first = catalogue(context).book("mini-usd")
    assert catalogue(context).book("mini-usd") is first  # remembered, not rebuilt
    assert not context.library.changed()
    book = data / "price_books" / "mini.toml"
    book.write_text(
        book.read_text(encoding="utf-8").replace(
            'title.en = "Mini price list"', 'title.en = "Mini 2"'
        ),
        encoding="utf-8",
    )
    assert context.library.changed()
    fresh = catalogue(context.reloaded()).book("mini-usd")
    assert fresh is not None and fresh.title == "Mini 2"


def test_a_broken_policy_file_leaves_the_price_list_offered(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "policies").mkdir(parents=True)
    (data / "policies" / "broken.toml").write_text("format = 1\nid = 3\n", encoding="utf-8")
    found = catalogue(context_for(Settings(data_dirs=(data,))))
    assert found.book("services-usd") is not None and found.policies == ()
    (problem,) = found.problems
    assert "broken.toml" in problem


def test_each_product_file_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import quoter.data.library as library_module
    from quoter.books.request_file import read_quote_request
    from quoter.usecases.drafts import edit_draft

    reads: list[Path] = []
    real = library_module.read_product

    def counted(path: Path) -> object:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(library_module, "read_product", counted)
    context = context_for(Settings(data_dirs=(DATA / "books",), use_bundled_data=False))
    request = read_quote_request(DATA / "request.toml")
    for _ in range(3):
        edit_draft(context, request)
    catalogue(context)
    assert len(reads) == 1
