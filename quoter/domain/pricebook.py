"""The price book: finance's list of standard services and their non-negotiable prices.

Frozen values only; reading and validating a book's file lives in `quoter.books`. A book belongs to
a lineage (`id`); each version has a dated period of validity and a digest of its canonical content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from quoter.domain.text import LocalizedText


class ParameterKind(StrEnum):
    ENUM = "enum"
    TEXT = "text"
    INTEGER = "integer"
    RELEASE = "release"


@dataclass(frozen=True, slots=True)
class Choice:
    """One allowed value of an enum parameter, with its label in each language."""

    value: str
    label: LocalizedText


@dataclass(frozen=True, slots=True)
class Parameter:
    """A typed value the seller fills in for a service (a fix id, a release, a tier...)."""

    name: str
    kind: ParameterKind
    label: LocalizedText
    required: bool = True
    choices: tuple[Choice, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 200
    default: str | int | None = None

    def choice(self, value: str) -> Choice | None:
        for choice in self.choices:
            if choice.value == value:
                return choice
        return None


@dataclass(frozen=True, slots=True)
class FixedPrice:
    price: Decimal


@dataclass(frozen=True, slots=True)
class PerUnitPrice:
    unit: LocalizedText
    unit_price: Decimal
    min_quantity: Decimal
    max_quantity: Decimal | None
    quantity_step: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True)
class TieredPrice:
    parameter: str
    prices: Mapping[str, Decimal]


@dataclass(frozen=True, slots=True)
class ReleasesBetween:
    """Units counted as how many releases `older` is behind `newer` in the product's list."""

    newer: str
    older: str


@dataclass(frozen=True, slots=True)
class FromParameter:
    """Units taken from an integer parameter."""

    parameter: str


@dataclass(frozen=True, slots=True)
class BasePlusUnitPrice:
    base: Decimal
    unit: LocalizedText
    unit_price: Decimal
    units: ReleasesBetween | FromParameter
    min_units: int = 0
    max_units: int | None = None


PricingModel = FixedPrice | PerUnitPrice | TieredPrice | BasePlusUnitPrice


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: LocalizedText


@dataclass(frozen=True, slots=True)
class Service:
    """One standard service: what is done, what it depends on, and how it is priced."""

    code: str
    category: str
    name: LocalizedText
    summary: LocalizedText
    scope: LocalizedText
    deliverables: Mapping[str, tuple[str, ...]]
    assumptions: Mapping[str, tuple[str, ...]]
    exclusions: Mapping[str, tuple[str, ...]]
    lead_time_days: int
    parameters: tuple[Parameter, ...]
    pricing: PricingModel

    def parameter(self, name: str) -> Parameter | None:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        return None


@dataclass(frozen=True, slots=True)
class Tax:
    label: LocalizedText
    percent: Decimal


@dataclass(frozen=True, slots=True)
class BookRef:
    """What a priced quote records of its book: enough to find it again and prove it unchanged."""

    id: str
    version: str
    digest: str


@dataclass(frozen=True, slots=True)
class PriceBook:
    id: str
    version: str
    title: LocalizedText
    product: str
    currency: str
    locale: str
    languages: tuple[str, ...]
    effective_from: date
    effective_until: date | None
    quote_validity_days: int
    payment_terms: LocalizedText
    tax: Tax | None
    categories: tuple[Category, ...]
    services: tuple[Service, ...]
    digest: str
    source: str = ""
    """Where the book was read from, for messages only (not part of its identity)."""
    _by_code: dict[str, Service] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update((service.code, service) for service in self.services)

    @property
    def ref(self) -> BookRef:
        return BookRef(self.id, self.version, self.digest)

    def service(self, code: str) -> Service | None:
        return self._by_code.get(code)

    def category(self, category_id: str) -> Category | None:
        for category in self.categories:
            if category.id == category_id:
                return category
        return None

    def covers(self, day: date) -> bool:
        """True when the book is in force on `day`."""
        if day < self.effective_from:
            return False
        return self.effective_until is None or day <= self.effective_until

    @property
    def default_language(self) -> str:
        """The language of the book's locale (validation ensures the book carries it)."""
        return self.locale.split("_")[0]
