"""Builders of domain objects for tests that need a book without a file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from quoter.domain.policy import (
    Clause,
    DatedRelease,
    EnvironmentClause,
    ItemsClause,
    Level,
    Named,
    Policy,
    PolicyRef,
    ReleaseWindow,
    RequestClause,
    RequestKind,
    ServiceProposal,
)
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


# -- scope-of-support policies -------------------------------------------------------------------

POLICY_PRODUCT = Product(
    "orca-os",
    "Orca OS",
    (
        Release("1.0", "1.0", date(2020, 1, 15)),
        Release("2.0", "2.0", date(2021, 1, 15)),
        Release("2.5", "2.5 LTS", date(2021, 6, 1)),
        Release("3.0", "3.0", date(2022, 1, 15)),
        Release("4.0", "4.0", date(2023, 6, 1)),
    ),
)
"""A product whose 2.5 LTS has dated phases and takes no place in the release window."""


def clause(clause_id: str) -> Clause:
    return Clause(clause_id, text(f"The words of {clause_id}."))


def policy(full_support: int = 2, maintenance: int = 1) -> Policy:
    """A policy over POLICY_PRODUCT with one clause of each kind and every request kind."""
    services = {
        RequestKind.BACKPORT: ServiceProposal(
            "BP-FIX",
            {"fix_id": "fix", "source_release": "fixed_in", "target_release": "release"},
            None,
        ),
        RequestKind.ONSITE: ServiceProposal("OS-DAY", {"site": "site"}, "days"),
        RequestKind.REMOTE: ServiceProposal("RE-DAY", {"topic": "topic"}, "days"),
        RequestKind.DRIVER_PORT: ServiceProposal("DP-PORT", {"tier": "tier"}, Decimal(1)),
    }
    requests = tuple(
        RequestClause(
            clause(f"REQ-{kind.value.upper().replace('_', '-')}"), kind, services.get(kind)
        )
        for kind in RequestKind
        if kind.covered or kind in services
    )
    return Policy(
        ref=PolicyRef("test-policy", "1", "sha256:" + "1" * 64),
        product=POLICY_PRODUCT,
        languages=("en",),
        effective_from=date(2020, 1, 1),
        book="test-book",
        title=text("Scope of Support"),
        introduction=text("Intro."),
        how_to_buy=text("Buy."),
        window=ReleaseWindow(clause("REL-1"), full_support, maintenance),
        dated=(DatedRelease(clause("REL-2"), "2.5", date(2022, 6, 30), date(2024, 6, 30)),),
        maintenance=clause("REL-3"),
        end_of_life=clause("REL-4"),
        environments=(
            EnvironmentClause(
                clause("ENV-1"), "board", Level.SUPPORTED, (Named("evk", "The EVK"),)
            ),
            EnvironmentClause(
                clause("ENV-2"), "board", Level.REASONABLE_EFFORTS, (Named("pi", "The Pi"),)
            ),
            EnvironmentClause(
                clause("ENV-3"), "host", Level.UNSUPPORTED, (Named("win7", "Windows 7"),)
            ),
        ),
        unlisted_environments=clause("ENV-9"),
        modified_source=clause("MOD-1"),
        third_party=(ItemsClause(clause("TP-1"), (Named("postgresql", "PostgreSQL"),)),),
        third_party_defects=clause("TP-2"),
        previews=(ItemsClause(clause("PRE-1"), (Named("ml", "The ML runtime"),)),),
        requests=requests,
    )
