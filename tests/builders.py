"""Builders of domain objects for tests that need a book without a file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from quoter.domain.pricebook import (
    BasePlusUnitPrice,
    Category,
    Choice,
    FixedPrice,
    Parameter,
    ParameterKind,
    PerUnitPrice,
    PriceBook,
    PricingModel,
    ReleasesBetween,
    Service,
    Tax,
    TieredPrice,
)
from quoter.domain.products import Product, Release
from quoter.domain.quote import Customer, QuoteRequest, RequestLine, Signatory
from quoter.domain.text import LocalizedText


def text(value: str) -> LocalizedText:
    return LocalizedText({"en": value})


PRODUCT = Product(
    "orca-os",
    "Orca OS",
    tuple(
        Release(release_id, release_id, date(2020 + i, 3, 1))
        for i, release_id in enumerate(["3.8", "4.0", "4.1", "4.2"])
    ),
)

RELEASE_PARAMETERS = (
    Parameter("source_release", ParameterKind.RELEASE, text("From")),
    Parameter("target_release", ParameterKind.RELEASE, text("To")),
)
TIER = Parameter(
    "tier",
    ParameterKind.ENUM,
    text("Tier"),
    choices=tuple(Choice(v, text(v)) for v in ("S", "M", "L")),
)


def service(
    code: str,
    pricing: PricingModel,
    parameters: tuple[Parameter, ...] = (),
    scope: str = "Work.",
) -> Service:
    return Service(
        code=code,
        category="work",
        name=text(f"Service {code}"),
        summary=text("One line."),
        scope=text(scope),
        deliverables={"en": ("Patch",)},
        assumptions={},
        exclusions={},
        lead_time_days=5,
        parameters=parameters,
        pricing=pricing,
    )


def fixed(code: str, price: str) -> Service:
    return service(code, FixedPrice(Decimal(price)))


def per_unit(code: str, price: str, step: str = "1", maximum: str | None = None) -> Service:
    return service(
        code,
        PerUnitPrice(
            text("day"),
            Decimal(price),
            Decimal(step),
            Decimal(maximum) if maximum else None,
            Decimal(step),
        ),
    )


def tiered(code: str, prices: dict[str, str]) -> Service:
    return service(code, TieredPrice("tier", {k: Decimal(v) for k, v in prices.items()}), (TIER,))


def backport(code: str, base: str, per_release: str) -> Service:
    return service(
        code,
        BasePlusUnitPrice(
            Decimal(base),
            text("release"),
            Decimal(per_release),
            ReleasesBetween("source_release", "target_release"),
            min_units=1,
        ),
        RELEASE_PARAMETERS,
        scope="Backport from {source_release} to {target_release}.",
    )


def book(
    *services: Service,
    currency: str = "USD",
    tax_percent: str | None = None,
    book_id: str = "test-book",
    version: str = "1",
    effective_from: date = date(2026, 1, 1),
    effective_until: date | None = None,
    digest: str = "sha256:" + "0" * 64,
) -> PriceBook:
    return PriceBook(
        id=book_id,
        version=version,
        title=text("Test book"),
        product="orca-os",
        currency=currency,
        locale="en_US",
        languages=("en",),
        effective_from=effective_from,
        effective_until=effective_until,
        quote_validity_days=30,
        payment_terms=text("Net 30."),
        tax=Tax(text("Tax"), Decimal(tax_percent)) if tax_percent is not None else None,
        categories=(Category("work", text("Work")),),
        services=services,
        digest=digest,
        source=f"{book_id}-{version}.toml",
    )


CUSTOMER = Customer("Globex Corporation", ("1 Main St",), Signatory("Hank Scorpio", "CEO"))


def request(*lines: RequestLine, book_id: str = "test-book") -> QuoteRequest:
    return QuoteRequest(customer=CUSTOMER, book=book_id, lines=lines)


def line(code: str, quantity: str | None = None, **parameters: str | int) -> RequestLine:
    return RequestLine(code, parameters, Decimal(quantity) if quantity is not None else None)
