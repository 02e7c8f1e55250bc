"""The catalogue: what the books in force today sell, in one language, ready for a form.

For each book in force: its categories and services (code, name, summary, category, pricing model
and prices as `Money`, the unit), each service's parameters (kind, label, choices with their labels,
default, limits, and for a release parameter the product's releases), and one casefolded text per
service to search in. Also the policies in force. Callers never walk `quoter.books` themselves.

Money is given as values, not text: the caller formats the rows it shows (Babel costs about as much
per amount as building the whole row). A book's catalogue is built once per language and kept by
the context's library for as long as the data files are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from quoter.domain.money import Money
from quoter.domain.pricebook import (
    BasePlusUnitPrice,
    FixedPrice,
    FromParameter,
    Parameter,
    ParameterKind,
    PerUnitPrice,
    PriceBook,
    Service,
    TieredPrice,
)
from quoter.domain.problems import PolicyError, PriceBookError
from quoter.domain.products import Product, Release
from quoter.usecases.context import AppContext


class PriceModel(StrEnum):
    FIXED = "fixed"
    PER_UNIT = "per_unit"
    TIERED = "tiered"
    BASE_PLUS_UNIT = "base_plus_unit"


@dataclass(frozen=True, slots=True)
class ChoiceInfo:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class ParameterInfo:
    """One field of a service's form."""

    name: str
    kind: ParameterKind
    label: str
    required: bool
    choices: tuple[ChoiceInfo, ...]
    default: str | int | None
    minimum: int | None
    maximum: int | None
    max_length: int
    releases: tuple[Release, ...]
    """For a release parameter: the product's releases, oldest first; empty otherwise."""


@dataclass(frozen=True, slots=True)
class PriceInfo:
    """How a service is priced, as the book says it; never editable, never a discount."""

    model: PriceModel
    price: Money | None = None
    """A fixed price, or the base of a base-plus-unit price."""
    unit_price: Money | None = None
    unit: str | None = None
    min_quantity: Decimal | None = None
    max_quantity: Decimal | None = None
    quantity_step: Decimal | None = None
    tiers: tuple[tuple[ChoiceInfo, Money], ...] = ()
    """For a tiered price: each tier (value and label) and its price."""
    tier_parameter: str | None = None
    units_from: tuple[str, ...] = ()
    """The parameters a base-plus-unit price counts its units from."""


@dataclass(frozen=True)
class ServiceInfo:
    """One service as a seller picks it. Its price and its form's parameters are worked out on
    first use: a list of ten thousand services shows a few dozen at a time."""

    code: str
    category: str
    category_name: str
    name: str
    summary: str
    lead_time_days: int
    search_text: str
    """Code, name, summary and category, casefolded: what a search box matches against."""
    source: Service = field(repr=False, compare=False)
    product: Product = field(repr=False, compare=False)
    language: str = field(repr=False, compare=False)
    currency: str = field(repr=False, compare=False)

    @cached_property
    def parameters(self) -> tuple[ParameterInfo, ...]:
        return tuple(_parameter(p, self.product, self.language) for p in self.source.parameters)

    @cached_property
    def price(self) -> PriceInfo:
        return _price(self.source, self.currency, self.language, self.parameters)

    @property
    def takes_quantity(self) -> bool:
        return isinstance(self.source.pricing, PerUnitPrice)


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    id: str
    name: str
    services: tuple[ServiceInfo, ...]


@dataclass(frozen=True, slots=True)
class BookCatalogue:
    """One book in force, in one language."""

    id: str
    version: str
    digest: str
    title: str
    currency: str
    locale: str
    language: str
    languages: tuple[str, ...]
    effective_from: date
    effective_until: date | None
    product: Product
    categories: tuple[CategoryInfo, ...]
    services: tuple[ServiceInfo, ...]
    """Every service, in the book's order."""

    def service(self, code: str) -> ServiceInfo | None:
        for service in self.services:
            if service.code == code:
                return service
        return None


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    id: str
    version: str
    digest: str
    product: str
    product_name: str
    languages: tuple[str, ...]
    effective_from: date
    book: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    day: date
    books: tuple[BookCatalogue, ...]
    policies: tuple[PolicyInfo, ...]
    problems: tuple[str, ...] = ()
    """What kept part of the data out (a broken policy file, say), each said in full: the books
    that are valid are still offered."""

    def book(self, book_id: str) -> BookCatalogue | None:
        for book in self.books:
            if book.id == book_id:
                return book
        return None


def catalogue(context: AppContext, language: str | None = None) -> Catalogue:
    """What the books in force today sell, each in `language` where it has it (else in its own
    language), and the scope-of-support policies in force today."""
    library = context.library
    today = context.today()
    books = []
    for book_id in sorted({book.id for book in library.books()}):
        try:
            book = library.book_in_force(book_id, today)
        except PriceBookError:
            continue  # no version in force today: nothing to sell from it
        chosen = language if language in book.languages else book.default_language
        books.append(book_catalogue(context, book, chosen))
    policies = []
    problems = []
    try:
        in_data = library.policies()
    except PolicyError as error:  # a broken policy file must not take the price list with it
        in_data = []
        problems.append(error.describe())
    for product_id in sorted({policy.product.id for policy in in_data}):
        try:
            policy = library.policy_in_force(product_id, today)
        except PolicyError:
            continue
        policies.append(
            PolicyInfo(
                policy.id,
                policy.version,
                policy.ref.digest,
                policy.product.id,
                policy.product.name,
                policy.languages,
                policy.effective_from,
                policy.book,
            )
        )
    return Catalogue(today, tuple(books), tuple(policies), tuple(problems))


def book_catalogue(context: AppContext, book: PriceBook, language: str) -> BookCatalogue:
    """One book's catalogue in `language` (one the book has), built once and then remembered."""
    library = context.library
    key = ("catalogue", book.digest, language)
    return library.remembered(
        key,
        lambda: _build(
            book,
            library.product(book.product, near=Path(book.source) if book.source else None),
            language,
        ),
    )


def _build(book: PriceBook, product: Product, language: str) -> BookCatalogue:
    names = {category.id: category.name[language] for category in book.categories}
    services = tuple(_service(service, book, product, language, names) for service in book.services)
    categories = tuple(
        CategoryInfo(
            category.id,
            names[category.id],
            tuple(s for s in services if s.category == category.id),
        )
        for category in book.categories
    )
    return BookCatalogue(
        id=book.id,
        version=book.version,
        digest=book.digest,
        title=book.title[language],
        currency=book.currency,
        locale=book.locale,
        language=language,
        languages=book.languages,
        effective_from=book.effective_from,
        effective_until=book.effective_until,
        product=product,
        categories=categories,
        services=services,
    )


def _service(
    service: Service,
    book: PriceBook,
    product: Product,
    language: str,
    category_names: dict[str, str],
) -> ServiceInfo:
    name = service.name.by_language[language]  # the book has every text in its languages
    summary = service.summary.by_language[language]
    category_name = category_names[service.category]
    return ServiceInfo(
        service.code,
        service.category,
        category_name,
        name,
        summary,
        service.lead_time_days,
        f"{service.code} {name} {summary} {category_name}".casefold(),
        service,
        product,
        language,
        book.currency,
    )


def _parameter(parameter: Parameter, product: Product, language: str) -> ParameterInfo:
    return ParameterInfo(
        name=parameter.name,
        kind=parameter.kind,
        label=parameter.label[language],
        required=parameter.required,
        choices=tuple(ChoiceInfo(c.value, c.label[language]) for c in parameter.choices),
        default=parameter.default,
        minimum=parameter.minimum,
        maximum=parameter.maximum,
        max_length=parameter.max_length,
        releases=product.releases if parameter.kind is ParameterKind.RELEASE else (),
    )


def _price(
    service: Service, currency: str, language: str, parameters: tuple[ParameterInfo, ...]
) -> PriceInfo:
    pricing = service.pricing
    if isinstance(pricing, FixedPrice):
        return PriceInfo(PriceModel.FIXED, price=Money(pricing.price, currency))
    if isinstance(pricing, PerUnitPrice):
        return PriceInfo(
            PriceModel.PER_UNIT,
            unit_price=Money(pricing.unit_price, currency),
            unit=pricing.unit[language],
            min_quantity=pricing.min_quantity,
            max_quantity=pricing.max_quantity,
            quantity_step=pricing.quantity_step,
        )
    if isinstance(pricing, TieredPrice):
        labels = {
            choice.value: choice
            for parameter in parameters
            if parameter.name == pricing.parameter
            for choice in parameter.choices
        }
        tiers = tuple(
            (labels.get(value, ChoiceInfo(value, value)), Money(amount, currency))
            for value, amount in pricing.prices.items()
        )
        return PriceInfo(PriceModel.TIERED, tiers=tiers, tier_parameter=pricing.parameter)
    assert isinstance(pricing, BasePlusUnitPrice)
    units = pricing.units
    units_from = (
        (units.parameter,) if isinstance(units, FromParameter) else (units.newer, units.older)
    )
    return PriceInfo(
        PriceModel.BASE_PLUS_UNIT,
        price=Money(pricing.base, currency),
        unit_price=Money(pricing.unit_price, currency),
        unit=pricing.unit[language],
        min_quantity=Decimal(pricing.min_units),
        max_quantity=None if pricing.max_units is None else Decimal(pricing.max_units),
        units_from=units_from,
    )
