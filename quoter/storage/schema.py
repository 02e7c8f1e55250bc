"""The register's tables (SQLAlchemy Core) and its schema version.

Surrogate keys everywhere; the quote number is a business key with a UNIQUE constraint. Times are
stored as ISO 8601 UTC text and dates as ISO text, so SQLite and PostgreSQL hold the same values.
"""

from __future__ import annotations

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
)

SCHEMA_VERSION = 3
"""Raised by each migration; a register with a higher version was made by a newer quoter.
Version 2 added `quotes.triage`: why a quote from a scope-of-support triage was billable.
Version 3 added the `customers` table (each customer's latest details, to find a customer's quotes
without reading every quote and to complete the customer field) and `quotes.customer_id`."""

metadata = MetaData()

schema_info = Table(
    "quoter_schema",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

counters = Table(
    "quote_counters",
    metadata,
    Column("prefix", String(40), primary_key=True),
    # (prefix, year) counts quote numbers; (family, 0) counts a quote's revisions
    Column("year", Integer, primary_key=True),
    Column("last", Integer, nullable=False),
)

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("legal_name", String(200), nullable=False, unique=True),
    # the casefolded name, computed in Python: SQLite's lower() knows only ASCII
    Column("name_key", Text, nullable=False),
    # the request's `customer` object as last stored (legal_name, address, tax_id, signatory...)
    Column("details", Text, nullable=False),
    Column("last_used_at", String(40), nullable=False),
)
Index("customers_by_last_used", customers.c.last_used_at)

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
    Column("triage", Text),
    Column("row_version", Integer, nullable=False),
    # last, where migration 2 -> 3 adds it (ALTER TABLE appends), so both layouts are the same
    Column("customer_id", Integer, ForeignKey("customers.id")),
    UniqueConstraint("family", "revision", name="one_revision_number"),
)
Index("quotes_by_created", quotes.c.created_at)
Index("quotes_by_customer", quotes.c.customer)
Index("quotes_by_family", quotes.c.family)
quotes_by_customer_id = Index(
    "quotes_by_customer_id", quotes.c.customer_id, quotes.c.created_at, quotes.c.id
)
"""A customer's quotes newest first, read in index order (so a page stops after its rows)."""

documents = Table(
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
