"""Reading a quote request (TOML or JSON, format 1; docs/quote-requests.md).

Only what a seller may choose is accepted: the customer, the document language, a reference, the
book's id and the lines (service code, parameters, quantity). Unknown keys are errors; a key that
tries to set a price (`price`, `discount`...) gets an error saying prices come only from the price
book.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from quoter.books.fields import (
    LARGEST_WHOLE_NUMBER,
    Fields,
    describe,
    read_data,
    read_data_file,
)
from quoter.books.limits import REQUEST
from quoter.books.pricebook_file import BOOK_ID, BOOK_ID_LENGTH
from quoter.books.source import (
    PLAIN_DECIMAL,
    BadNumber,
)
from quoter.domain.problems import QuoteRequestError
from quoter.domain.quote import (
    Customer,
    ParameterValue,
    QuoteRequest,
    RequestLine,
    Signatory,
    TriageOrigin,
)
from quoter.domain.text import LANGUAGE_CODE

PRICE_KEYS = frozenset(
    {
        "price",
        "prices",
        "discount",
        "discount_percent",
        "unit_price",
        "total",
        "amount",
        "override",
        "rebate",
        "markup",
        "base",
    }
)
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def read_quote_request(path: Path) -> QuoteRequest:
    """The request in `path` (`.json` is JSON, anything else TOML), or `QuoteRequestError`."""
    return read_data_file(path, "quote request", QuoteRequestError, request_from_fields, REQUEST)


def quote_request_from_data(data: Any, text: str, file: str) -> QuoteRequest:
    return read_data(data, text, file, "quote request", QuoteRequestError, request_from_fields)


def request_from_fields(top: Fields) -> QuoteRequest | None:
    """Read a request from parsed data; problems go to the fields' collector."""
    _refuse_prices(top)
    top.format_one()
    book = top.text(
        "book",
        pattern=BOOK_ID,
        max_length=BOOK_ID_LENGTH,
        expected="a price book id like 'services-usd'",
    )
    language = top.text(
        "language", required=False, pattern=LANGUAGE_CODE, expected='a language code like "en"'
    )
    reference = top.text(
        "reference", required=False, max_length=100, expected="a purchase order or ticket reference"
    )
    customer = read_customer(top)
    lines = [
        _line(entry)
        for entry in top.tables("lines", expected="one [[lines]] table per service ordered")
    ]
    if top.has("lines") and not top.raw("lines"):
        top.problem("lines", "is empty", "at least one [[lines]] table")
    triage = _triage(top)
    top.finish()
    if top.collector.problems or book is None or customer is None:
        return None
    return QuoteRequest(
        customer=customer,
        book=book,
        lines=tuple(line for line in lines if line is not None),
        language=language,
        reference=reference,
        triage=triage,
    )


def _refuse_prices(table: Fields) -> None:
    for key in table.data:
        if key in PRICE_KEYS:
            table.raw(key)
            table.problem(
                key,
                f"'{key}' cannot be set in a quote request: prices come only from the price book",
                "only the service code, its parameters and a quantity",
            )


def read_customer(top: Fields) -> Customer | None:
    table = top.table("customer", expected="a [customer] table")
    if table is None:
        return None
    legal_name = table.text("legal_name", max_length=200, expected="the customer's full legal name")
    address = table.texts(
        "address", required=True, expected="the postal address as a list of lines"
    )
    if table.has("address") and not address and isinstance(table.raw("address"), list):
        table.problem("address", "is empty", "at least one address line")
    tax_id = table.text(
        "tax_id", required=False, max_length=50, expected="the customer's tax or VAT id"
    )
    signatory_table = table.table(
        "signatory", expected="a [customer.signatory] table with name and title"
    )
    signatory = None
    if signatory_table is not None:
        name = signatory_table.text("name", max_length=120, expected="the signatory's full name")
        title = signatory_table.text("title", max_length=120, expected="the signatory's job title")
        signatory_table.finish()
        if name and title:
            signatory = Signatory(name, title)
    table.finish()
    if legal_name is None or not address or signatory is None:
        return None
    return Customer(legal_name, tuple(address), signatory, tax_id)


def _line(entry: Fields) -> RequestLine | None:
    _refuse_prices(entry)
    service = entry.text(
        "service", max_length=40, expected="a service code from the price book, like BP-FIX"
    )
    quantity = _quantity(entry)
    parameters: dict[str, ParameterValue] = {}
    table = entry.table("parameters", required=False, expected="a table of parameter values")
    if table is not None:
        for name, value in table.data.items():
            table.raw(name)
            if isinstance(value, (bool, Decimal, BadNumber)):
                table.problem(name, f"is {describe(value)}", "a text or a whole number")
            elif isinstance(value, int) and abs(value) >= LARGEST_WHOLE_NUMBER:
                table.problem(name, f"{value} is too large", f"less than {LARGEST_WHOLE_NUMBER:,}")
            elif isinstance(value, int):
                parameters[name] = value
            else:
                text = table.check_text(
                    name, value, expected="a text or a whole number", max_length=2000
                )
                if text is not None:
                    parameters[name] = text
    entry.finish()
    if service is None:
        return None
    return RequestLine(service, parameters, quantity)


def _quantity(entry: Fields) -> Decimal | None:
    if not entry.has("quantity"):
        return None
    value = entry.raw("quantity")
    if isinstance(value, str) and PLAIN_DECIMAL.fullmatch(value):
        value = Decimal(value)  # the priced quote's JSON writes quantities as strings
    quantity = entry.check_decimal("quantity", value, what="quantity")
    if quantity is not None and quantity <= 0:
        entry.problem("quantity", f"{quantity} is not more than zero", "a positive quantity")
        return None
    return quantity


def _triage(top: Fields) -> TriageOrigin | None:
    table = top.table("triage", required=False)
    if table is None:
        return None
    policy_id = table.text("policy_id", pattern=BOOK_ID, expected="the policy's id")
    version = table.text("policy_version", expected="the policy's version")
    policy_digest = table.text(
        "policy_digest", pattern=DIGEST, expected="sha256: and 64 hex digits"
    )
    table.finish()
    if policy_id and version and policy_digest:
        return TriageOrigin(policy_id, version, policy_digest)
    return None
