"""The register's customers: one row per legal name with the details the latest quote gave.

Each quote points at its customer (`quotes.customer_id`). Finding one customer's quotes reads this
small table (a few hundred rows) for the names that match, then only those customers' quotes, in
the index on (customer_id, created_at), instead of every quote with its JSON. The app completes the
customer field from the same table, most recently used first.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from quoter.storage.schema import customers, quotes


@dataclass(frozen=True, slots=True)
class StoredCustomer:
    """A customer as the register last stored it, for completing the customer field."""

    legal_name: str
    details: dict[str, Any]
    """The request's `customer` object: legal_name, address, tax_id, signatory..."""
    last_used_at: datetime


def name_key(name: str) -> str:
    """What a customer search compares: the casefolded name (SQLite's lower() knows only ASCII,
    so the key is computed here, for both databases alike)."""
    return name.casefold()


def contains_pattern(text: str) -> str:
    """A LIKE pattern, escape character backslash, for keys that contain `text` in any case;
    `%`, `_` and backslash in `text` match themselves."""
    escaped = name_key(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def customer_object(request: Mapping[str, Any]) -> dict[str, Any] | None:
    """The request's `customer` object, or None when it has none."""
    found = request.get("customer")
    return dict(found) if isinstance(found, Mapping) else None


def store_customer(
    connection: Connection, legal_name: str, details: Mapping[str, Any] | None, at: str
) -> int:
    """Insert or update the customer named `legal_name` and return its id. The latest details
    win; a request without a customer object keeps the details stored before."""
    values = {
        "legal_name": legal_name,
        "name_key": name_key(legal_name),
        "details": json.dumps(details or {"legal_name": legal_name}, ensure_ascii=False),
        "last_used_at": at,
    }
    changed = ["last_used_at", "details"] if details is not None else ["last_used_at"]
    if connection.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        lite = sqlite_insert(customers).values(**values)
        lite = lite.on_conflict_do_update(
            index_elements=[customers.c.legal_name],
            set_={name: lite.excluded[name] for name in changed},
        )
        statement = lite.returning(customers.c.id)
    else:
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        server = postgresql_insert(customers).values(**values)
        server = server.on_conflict_do_update(
            index_elements=[customers.c.legal_name],
            set_={name: server.excluded[name] for name in changed},
        )
        statement = server.returning(customers.c.id)
    return int(connection.execute(statement).scalar_one())


def link_quotes_to_customers(connection: Connection) -> int:
    """Give every quote that has no customer row yet its customer, created from that customer's
    newest quote (its details and creation time) when the register has none of that name. For
    migration 2 -> 3 and for restored backups made before version 3. Returns the quotes linked."""
    names = connection.execute(
        select(quotes.c.customer, func.max(quotes.c.created_at))
        .where(quotes.c.customer_id.is_(None))
        .group_by(quotes.c.customer)
    ).all()
    linked = 0
    for legal_name, last_created in names:
        known = connection.execute(
            select(customers.c.id).where(customers.c.legal_name == legal_name)
        ).scalar()
        if known is None:
            request = connection.execute(
                select(quotes.c.request)
                .where(quotes.c.customer == legal_name)
                .order_by(quotes.c.created_at.desc(), quotes.c.id.desc())
                .limit(1)
            ).scalar_one()
            try:
                data = json.loads(request)
            except json.JSONDecodeError:  # a damaged request still gets its customer by name
                data = {}
            details = customer_object(data) if isinstance(data, dict) else None
            known = store_customer(connection, legal_name, details, last_created)
        linked += connection.execute(
            update(quotes)
            .where(quotes.c.customer == legal_name)
            .where(quotes.c.customer_id.is_(None))
            .values(customer_id=known)
        ).rowcount
    return linked


def matching_customer_ids(connection: Connection, text: str) -> list[int]:
    """The ids of the customers whose name contains `text`, in any case."""
    return [
        int(found)
        for found in connection.execute(
            select(customers.c.id).where(
                customers.c.name_key.like(contains_pattern(text), escape="\\")
            )
        ).scalars()
    ]


def recent_customers(connection: Connection, text: str, limit: int) -> list[StoredCustomer]:
    """Customers whose name contains `text` (all when empty), most recently used first."""
    query = (
        select(customers.c.legal_name, customers.c.details, customers.c.last_used_at)
        .order_by(customers.c.last_used_at.desc(), customers.c.id.desc())
        .limit(limit)
    )
    if text:
        query = query.where(customers.c.name_key.like(contains_pattern(text), escape="\\"))
    return [
        StoredCustomer(
            row.legal_name, json.loads(row.details), datetime.fromisoformat(row.last_used_at)
        )
        for row in connection.execute(query)
    ]
