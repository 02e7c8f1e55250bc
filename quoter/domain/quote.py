"""A quote request (what the seller asks for) and a priced quote (what the price book makes of it).

The request holds only what a seller may choose: the customer, the services, their parameters and
quantities. There is no price, discount or override field anywhere, by design.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from quoter.domain.money import Money
from quoter.domain.pricebook import BookRef

ParameterValue = str | int


@dataclass(frozen=True, slots=True)
class Signatory:
    name: str
    title: str


@dataclass(frozen=True, slots=True)
class Customer:
    legal_name: str
    address: tuple[str, ...]
    signatory: Signatory
    tax_id: str | None = None


@dataclass(frozen=True, slots=True)
class RequestLine:
    service: str
    parameters: Mapping[str, ParameterValue]
    quantity: Decimal | None = None


@dataclass(frozen=True, slots=True)
class TriageOrigin:
    """The scope-of-support policy whose triage produced this request."""

    policy_id: str
    policy_version: str
    policy_digest: str


@dataclass(frozen=True, slots=True)
class QuoteRequest:
    customer: Customer
    book: str
    lines: tuple[RequestLine, ...]
    language: str | None = None
    reference: str | None = None
    triage: TriageOrigin | None = None


@dataclass(frozen=True, slots=True)
class FilledParameter:
    """A parameter as the seller gave it and as the document shows it."""

    name: str
    label: str
    value: ParameterValue
    shown: str


@dataclass(frozen=True, slots=True)
class PricedLine:
    number: int
    service_code: str
    category: str
    category_name: str
    name: str
    summary: str
    parameters: tuple[FilledParameter, ...]
    model: str
    quantity: Decimal
    unit: str | None
    unit_price: Money | None
    base: Money | None
    units: int | None
    total: Money
    scope: str
    deliverables: tuple[str, ...]
    assumptions: tuple[str, ...]
    exclusions: tuple[str, ...]
    lead_time_days: int


@dataclass(frozen=True, slots=True)
class TaxLine:
    label: str
    percent: Decimal
    amount: Money


@dataclass(frozen=True, slots=True)
class PricedQuote:
    """A request priced against one book version on one day; everything a contract needs."""

    request: QuoteRequest
    book: BookRef
    book_title: str
    currency: str
    language: str
    locale: str
    priced_on: date
    valid_until: date
    preview: bool
    lines: tuple[PricedLine, ...]
    subtotal: Money
    tax: TaxLine | None
    total: Money
    payment_terms: str
    rounding_rule: str
