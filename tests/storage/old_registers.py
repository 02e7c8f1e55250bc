"""Registers as older quoters left them, for the upgrade and restore tests.

The tables are frozen copies of quoter/storage/schema.py at register versions 1 and 2 (version 1
had no `quotes.triage`), so an upgrade starts from what those quoters really created, on SQLite
and PostgreSQL alike.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
)


def old_tables(version: int) -> MetaData:
    """The register's tables as quoter created them at `version` (1 or 2)."""
    metadata = MetaData()
    Table(
        "quoter_schema",
        metadata,
        Column("key", String(40), primary_key=True),
        Column("value", String(200), nullable=False),
    )
    Table(
        "quote_counters",
        metadata,
        Column("prefix", String(40), primary_key=True),
        Column("year", Integer, primary_key=True),
        Column("last", Integer, nullable=False),
    )
    quotes = Table(
        "quotes",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("number", String(40), nullable=False, unique=True),
        Column("family", String(32), nullable=False),
        Column("revision", Integer, nullable=False),
        Column("status", String(16), nullable=False),
        Column("customer", String(200), nullable=False),
        Column("book_id", String(80), nullable=False),
        Column("book_version", String(40), nullable=False),
        Column("book_digest", String(80), nullable=False),
        Column("currency", String(3), nullable=False),
        Column("total", String(40), nullable=False),
        Column("created_at", String(40), nullable=False),
        Column("issued_at", String(40)),
        Column("valid_until", String(10)),
        Column("decided_at", String(40)),
        Column("request", Text, nullable=False),
        Column("priced", Text, nullable=False),
        *([Column("triage", Text)] if version >= 2 else []),
        Column("row_version", Integer, nullable=False),
        UniqueConstraint("family", "revision", name="one_revision_number"),
    )
    Index("quotes_by_created", quotes.c.created_at)
    Index("quotes_by_customer", quotes.c.customer)
    Index("quotes_by_family", quotes.c.family)
    Table(
        "quote_documents",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("quote_id", Integer, ForeignKey("quotes.id", ondelete="CASCADE"), nullable=False),
        Column("kind", String(8), nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("content", LargeBinary, nullable=False),
        UniqueConstraint("quote_id", "kind", name="one_document_per_kind"),
    )
    audit = Table(
        "quote_audit",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("number", String(40), nullable=False),
        Column("at", String(40), nullable=False),
        Column("actor", String(120), nullable=False),
        Column("action", String(20), nullable=False),
        Column("detail", Text, nullable=False),
    )
    Index("audit_by_number", audit.c.number)
    return metadata


@dataclass(frozen=True)
class OldQuote:
    """A quote row as an older quoter stored it."""

    number: str
    customer: str
    created_at: datetime
    status: str = "draft"
    details: dict[str, Any] | None = field(default=None)
    """The request's customer object; None stores a request without one."""
    total: str = "10.00"
    triage: dict[str, Any] | None = None

    def row(self, version: int) -> dict[str, Any]:
        family, _, revision = self.number.partition("-R")
        request: dict[str, Any] = {"format": 1, "book": "mini-usd", "lines": []}
        if self.details is not None:
            request["customer"] = self.details
        row: dict[str, Any] = {
            "number": self.number,
            "family": family,
            "revision": int(revision or 1),
            "status": self.status,
            "customer": self.customer,
            "book_id": "mini-usd",
            "book_version": "2026.1",
            "book_digest": "sha256:" + "0" * 64,
            "currency": "USD",
            "total": self.total,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "request": json.dumps(request),
            "priced": json.dumps({"total": self.total}),
            "row_version": 1,
        }
        if version >= 2:
            row["triage"] = json.dumps(self.triage) if self.triage else None
        return row


def old_register(url: str, version: int, quotes: Sequence[OldQuote]) -> None:
    """Create the tables of `version` in the empty database at `url` and store `quotes`, with
    the counters and audit entries that quoter wrote beside them."""
    metadata = old_tables(version)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            metadata.create_all(connection)
            tables = metadata.tables
            connection.execute(
                tables["quoter_schema"].insert(), [{"key": "version", "value": str(version)}]
            )
            connection.execute(tables["quotes"].insert(), [quote.row(version) for quote in quotes])
            serials: dict[tuple[str, int], int] = {}
            for quote in quotes:
                prefix, year, serial = quote.number.split("-")[:3]
                key = (prefix, int(year))
                serials[key] = max(serials.get(key, 0), int(serial))
            connection.execute(
                tables["quote_counters"].insert(),
                [{"prefix": p, "year": y, "last": last} for (p, y), last in serials.items()],
            )
            connection.execute(
                tables["quote_audit"].insert(),
                [
                    {
                        "number": quote.number,
                        "at": quote.created_at.isoformat(timespec="microseconds"),
                        "actor": "old quoter",
                        "action": "created",
                        "detail": "{}",
                    }
                    for quote in quotes
                ],
            )
    finally:
        engine.dispose()
