"""The priced quote as JSON, format 1 (docs/quote-requests.md): what `--json` prints, what the
register will store and what a contract PDF embeds. Amounts are strings with the currency's minor
unit of digits, so no reader ever parses them as floats. Additive changes keep format 1; anything
else is 2.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from quoter.books.digest import CANONICAL_FORM, canonical_number
from quoter.books.fields import Collector, Fields
from quoter.books.request_file import request_from_fields
from quoter.domain.money import Money
from quoter.domain.pricebook import BookRef
from quoter.domain.problems import Problem, QuoteRequestError
from quoter.domain.quote import (
    Customer,
    FilledParameter,
    PricedLine,
    PricedQuote,
    QuoteRequest,
    TaxLine,
)

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


def request_from_data(data: dict[str, Any], where: str) -> QuoteRequest:
    """A request read back from its data (as stored by the register), or `QuoteRequestError`."""
    collector = Collector()
    request = request_from_fields(Fields(data, ("request",), collector))
    if request is None:
        problems = collector.problems or [Problem(("request",), "is not a quote request")]
        raise QuoteRequestError(f"{where}: the stored request no longer reads", problems)
    return request


def priced_quote_from_data(
    data: dict[str, Any], where: str, request: QuoteRequest | None = None
) -> PricedQuote:
    """The priced quote that `priced_quote_to_data` wrote, read back exactly (amounts from their
    text); `request` is its request when the caller has read it already. The JSON keeps each
    line's category id only, so `category_name` reads back as the id."""
    try:
        currency = str(data["currency"])

        def money(text: Any) -> Money:
            return Money(Decimal(str(text)), currency)

        def optional(text: Any) -> Money | None:
            return None if text is None else money(text)

        tax = data.get("tax")
        book = data["book"]
        return PricedQuote(
            request=request or request_from_data(data["request"], where),
            book=BookRef(str(book["id"]), str(book["version"]), str(book["digest"])),
            book_title=str(data["book_title"]),
            currency=currency,
            language=str(data["language"]),
            locale=str(data["locale"]),
            priced_on=date.fromisoformat(data["priced_on"]),
            valid_until=date.fromisoformat(data["valid_until"]),
            preview=bool(data["preview"]),
            lines=tuple(_line_from(line, money, optional) for line in data["lines"]),
            subtotal=money(data["subtotal"]),
            tax=None
            if tax is None
            else TaxLine(str(tax["label"]), Decimal(str(tax["percent"])), money(tax["amount"])),
            total=money(data["total"]),
            payment_terms=str(data["payment_terms"]),
            rounding_rule=str(data["rounding"]),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise QuoteRequestError(
            f"{where}: the stored priced quote no longer reads ({type(error).__name__}: {error})"
        ) from None


def _line_from(line: dict[str, Any], money: Any, optional: Any) -> PricedLine:
    pricing = line["pricing"]
    return PricedLine(
        number=int(line["number"]),
        service_code=str(line["service"]),
        category=str(line["category"]),
        category_name=str(line["category"]),
        name=str(line["name"]),
        summary=str(line["summary"]),
        parameters=tuple(
            FilledParameter(str(p["name"]), str(p["label"]), p["value"], str(p["shown"]))
            for p in line["parameters"]
        ),
        model=str(pricing["model"]),
        quantity=Decimal(str(pricing["quantity"])),
        unit=pricing["unit"],
        unit_price=optional(pricing["unit_price"]),
        base=optional(pricing["base"]),
        units=pricing["units"],
        total=money(line["total"]),
        scope=str(line["scope"]),
        deliverables=tuple(line["deliverables"]),
        assumptions=tuple(line["assumptions"]),
        exclusions=tuple(line["exclusions"]),
        lead_time_days=int(line["lead_time_days"]),
    )
