"""The priced quote as JSON, format 1 (docs/quote-requests.md): what `--json` prints, what the
register will store and what a contract PDF embeds. Amounts are strings with the currency's minor
unit of digits, so no reader ever parses them as floats. Additive changes keep format 1; anything
else is 2.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from quoter.books.digest import CANONICAL_FORM, canonical_number
from quoter.domain.money import Money
from quoter.domain.quote import Customer, PricedLine, PricedQuote, QuoteRequest

PRICED_QUOTE_FORMAT = 1


def request_to_data(request: QuoteRequest) -> dict[str, Any]:
    """The request as the data of a request file (format 1): it reads back to the same request."""
    data: dict[str, Any] = {"format": 1, "book": request.book}
    if request.language:
        data["language"] = request.language
    if request.reference:
        data["reference"] = request.reference
    data["customer"] = customer_to_data(request.customer)
    if request.triage:
        data["triage"] = {
            "policy_id": request.triage.policy_id,
            "policy_version": request.triage.policy_version,
            "policy_digest": request.triage.policy_digest,
        }
    data["lines"] = [
        {
            "service": line.service,
            **({"quantity": _number(line.quantity)} if line.quantity is not None else {}),
            "parameters": dict(line.parameters),
        }
        for line in request.lines
    ]
    return data


def customer_to_data(customer: Customer) -> dict[str, Any]:
    """A customer as the `[customer]` table of a request or facts file."""
    return {
        "legal_name": customer.legal_name,
        "address": list(customer.address),
        **({"tax_id": customer.tax_id} if customer.tax_id else {}),
        "signatory": {"name": customer.signatory.name, "title": customer.signatory.title},
    }


def priced_quote_to_data(quote: PricedQuote) -> dict[str, Any]:
    """The priced quote as JSON-ready data (format 1)."""
    return {
        "format": PRICED_QUOTE_FORMAT,
        "kind": "quoter.priced-quote",
        "request": request_to_data(quote.request),
        "book": {
            "id": quote.book.id,
            "version": quote.book.version,
            "digest": quote.book.digest,
            "digest_form": CANONICAL_FORM,
        },
        "book_title": quote.book_title,
        "currency": quote.currency,
        "language": quote.language,
        "locale": quote.locale,
        "priced_on": quote.priced_on.isoformat(),
        "valid_until": quote.valid_until.isoformat(),
        "preview": quote.preview,
        "rounding": quote.rounding_rule,
        "lines": [_line(line) for line in quote.lines],
        "subtotal": _money(quote.subtotal),
        "tax": None
        if quote.tax is None
        else {
            "label": quote.tax.label,
            "percent": canonical_number(quote.tax.percent),
            "amount": _money(quote.tax.amount),
        },
        "total": _money(quote.total),
        "payment_terms": quote.payment_terms,
    }


def _line(line: PricedLine) -> dict[str, Any]:
    return {
        "number": line.number,
        "service": line.service_code,
        "category": line.category,
        "name": line.name,
        "summary": line.summary,
        "parameters": [
            {"name": p.name, "label": p.label, "value": p.value, "shown": p.shown}
            for p in line.parameters
        ],
        "pricing": {
            "model": line.model,
            "quantity": _number(line.quantity),
            "unit": line.unit,
            "unit_price": _money(line.unit_price) if line.unit_price else None,
            "base": _money(line.base) if line.base else None,
            "units": line.units,
        },
        "total": _money(line.total),
        "scope": line.scope,
        "deliverables": list(line.deliverables),
        "assumptions": list(line.assumptions),
        "exclusions": list(line.exclusions),
        "lead_time_days": line.lead_time_days,
    }


def _money(money: Money) -> str:
    return money.as_text()


def _number(number: Decimal) -> str:
    return canonical_number(number)
