"""The customer of a quote: checked as a request file's `[customer]` table is checked, and the
customers already in the register, for completing the customer field."""

from __future__ import annotations

from typing import Any

from quoter.books.fields import Collector, Fields
from quoter.books.request_file import read_customer
from quoter.domain.problems import Problem
from quoter.domain.quote import Customer
from quoter.usecases.context import AppContext


def checked_customer(data: dict[str, Any]) -> tuple[Customer | None, tuple[Problem, ...]]:
    """The customer in `data` (legal_name, address lines, tax_id, signatory name and title), or
    None and every problem, each at its field (('customer', 'signatory', 'title'), say)."""
    collector = Collector()
    given = _given(data)
    given.setdefault("signatory", {})  # so each of its fields is said missing, not the table
    customer = read_customer(Fields({"customer": given}, (), collector))
    return customer, tuple(collector.problems)


def known_customers(context: AppContext, text: str = "", limit: int = 20) -> list[Customer]:
    """Customers already in the register whose name contains `text`, most recently used first,
    with the details their latest quote gave (those that no longer read are left out)."""
    found = []
    for stored in context.register().customers(text, limit):
        customer, _ = checked_customer(dict(stored.details))
        if customer is not None:
            found.append(customer)
    return found


def _given(data: dict[str, Any]) -> dict[str, Any]:
    """`data` without its empty values: an empty field is a missing one."""
    given: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _given(value)
        elif isinstance(value, list):
            value = [item for item in value if not (isinstance(item, str) and not item.strip())]
        if value not in ("", [], {}, None):
            given[key] = value
    return given
