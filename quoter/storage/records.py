"""What the register gives back and takes: its records, as plain frozen values, and how a table
row becomes one. Times are stored as ISO 8601 UTC text, dates as ISO text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from quoter.domain.money import Money
from quoter.domain.register import Status
from quoter.storage.schema import quotes


@dataclass(frozen=True, slots=True)
class StoredQuote:
    number: str
    family: str
    revision: int
    status: Status
    customer: str
    book_id: str
    book_version: str
    book_digest: str
    currency: str
    total: str
    created_at: datetime
    issued_at: datetime | None
    valid_until: date | None
    decided_at: datetime | None
    request: dict[str, Any]
    priced: dict[str, Any]
    row_version: int
    triage: dict[str, Any] | None = None
    """The triage that found the request out of scope: facts, verdict, clauses, policy."""


@dataclass(frozen=True, slots=True)
class QuoteSummary:
    """A quote as a list shows it: read without its request, priced or triage JSON."""

    number: str
    status: Status
    """As stored: whether an issued quote has expired is the reader's to compute."""
    customer: str
    book_id: str
    book_version: str
    currency: str
    total: Money
    created_at: datetime
    issued_at: datetime | None
    valid_until: date | None
    has_triage: bool


@dataclass(frozen=True, slots=True)
class StoredDocument:
    kind: str
    sha256: str
    content: bytes


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class QuoteFacts:
    """What the register keeps of a priced quote besides its JSON: for lists and filters."""

    customer: str
    book_id: str
    book_version: str
    book_digest: str
    currency: str
    total: str
    request: dict[str, Any]
    priced: dict[str, Any]
    triage: dict[str, Any] | None = None


def moment_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def moment_of(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


SUMMARY_COLUMNS = (
    quotes.c.number,
    quotes.c.status,
    quotes.c.customer,
    quotes.c.book_id,
    quotes.c.book_version,
    quotes.c.currency,
    quotes.c.total,
    quotes.c.created_at,
    quotes.c.issued_at,
    quotes.c.valid_until,
    quotes.c.triage.is_not(None).label("has_triage"),
)
"""What a list shows: never the JSON columns, only whether there is a triage."""


def quote_summary(row: Any) -> QuoteSummary:
    return QuoteSummary(
        number=row["number"],
        status=Status(row["status"]),
        customer=row["customer"],
        book_id=row["book_id"],
        book_version=row["book_version"],
        currency=row["currency"],
        total=Money(Decimal(row["total"]), row["currency"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        issued_at=moment_of(row["issued_at"]),
        valid_until=date.fromisoformat(row["valid_until"]) if row["valid_until"] else None,
        has_triage=bool(row["has_triage"]),
    )


def stored_quote(row: Any) -> StoredQuote:
    return StoredQuote(
        number=row["number"],
        family=row["family"],
        revision=row["revision"],
        status=Status(row["status"]),
        customer=row["customer"],
        book_id=row["book_id"],
        book_version=row["book_version"],
        book_digest=row["book_digest"],
        currency=row["currency"],
        total=row["total"],
        created_at=datetime.fromisoformat(row["created_at"]),
        issued_at=moment_of(row["issued_at"]),
        valid_until=date.fromisoformat(row["valid_until"]) if row["valid_until"] else None,
        decided_at=moment_of(row["decided_at"]),
        request=json.loads(row["request"]),
        priced=json.loads(row["priced"]),
        row_version=row["row_version"],
        triage=json.loads(row["triage"]) if row["triage"] else None,
    )
