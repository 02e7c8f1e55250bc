"""The customer of a quote, checked as a request file's is, and offered from the register."""

from __future__ import annotations

from pathlib import Path

from quoter.books.request_file import read_quote_request
from quoter.usecases.customers import checked_customer, known_customers
from quoter.usecases.register import new_draft
from quoter.usecases.settings import Settings
from tests.conftest import DATA, context_for

REQUEST = read_quote_request(DATA / "request.toml")


def test_empty_fields_are_missing_fields_each_named() -> None:
    customer, problems = checked_customer(
        {"legal_name": " ", "address": ["", ""], "tax_id": "", "signatory": {"name": "A"}}
    )
    assert customer is None
    assert [str(problem).split(":")[0] for problem in problems] == [
        "customer.legal_name",
        "customer.address",
        "customer.signatory.title",
    ]


def test_a_complete_customer_reads(tmp_path: Path) -> None:
    data = {
        "legal_name": "Nordlicht Robotik GmbH",
        "address": ["Hafenstraße 1", "20457 Hamburg"],
        "tax_id": "DE123456789",
        "signatory": {"name": "Anna Berg", "title": "CTO"},
    }
    customer, problems = checked_customer(data)
    assert problems == () and customer is not None
    assert (customer.legal_name, customer.address, customer.tax_id) == (
        "Nordlicht Robotik GmbH",
        ("Hafenstraße 1", "20457 Hamburg"),
        "DE123456789",
    )


def test_the_registers_customers_are_offered_by_part_of_their_name(tmp_path: Path) -> None:
    settings = Settings(data_dirs=(DATA / "books",), database=f"sqlite:///{tmp_path / 'r.db'}")
    context = context_for(settings)
    new_draft(context, REQUEST)
    assert known_customers(context, "SONS") == [REQUEST.customer]
    assert known_customers(context, "nobody") == []
