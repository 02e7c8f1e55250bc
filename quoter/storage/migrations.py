"""The register's schema migrations: each brings the schema from version N to N+1 inside the
upgrade's transaction (SQLite automatically after a backup, PostgreSQL by `quoter db upgrade`)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from quoter.storage.customers import link_quotes_to_customers
from quoter.storage.schema import customers, quotes_by_customer_id

Migration = Callable[[Connection], None]
"""Brings the schema from version N to N+1 inside the upgrade's transaction."""


def _add_triage(connection: Connection) -> None:
    connection.exec_driver_sql("ALTER TABLE quotes ADD COLUMN triage TEXT")


def _add_customers(connection: Connection) -> None:
    """The customers table, filled from the quotes, each quote's `customer_id`, and the index
    that lists one customer's quotes newest first."""
    customers.create(connection)
    connection.exec_driver_sql(
        "ALTER TABLE quotes ADD COLUMN customer_id INTEGER REFERENCES customers (id)"
    )
    link_quotes_to_customers(connection)
    quotes_by_customer_id.create(connection)
    if connection.dialect.name == "postgresql":  # statistics for the new column at once
        connection.exec_driver_sql("ANALYZE quotes, customers")


MIGRATIONS: dict[int, Migration] = {1: _add_triage, 2: _add_customers}
"""By the version they upgrade from."""
