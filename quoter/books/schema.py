"""JSON Schemas of the data formats, for editors (e.g. Taplo or VS Code's TOML support) to check
files as they are typed. `quoter pricebook schema` and `quoter quote schema` print them. The
validator in `quoter.books` stays the authority: it also checks what a schema cannot (placeholders
against parameters, tier prices against choices, minor units against the currency).
"""

from __future__ import annotations

from typing import Any

ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
BOOK_ID = {**ID, "maxLength": 80}
"""A book's id: the register keeps it in a column 80 wide (pricebook_file.BOOK_ID_LENGTH)."""
_AMOUNT = {
    "type": "number",
    "minimum": 0,
    "description": "a plain decimal, exact in the minor unit",
}
TEXTS = {
    "type": "object",
    "description": 'one text per language of the book, e.g. { en = "...", de = "..." }',
    "patternProperties": {"^[a-z]{2,3}$": {"type": "string", "minLength": 1}},
    "additionalProperties": False,
    "minProperties": 1,
}
_TEXT_LISTS = {
    "type": "object",
    "patternProperties": {
        "^[a-z]{2,3}$": {"type": "array", "items": {"type": "string", "minLength": 1}}
    },
    "additionalProperties": False,
}


def json_object(properties: dict[str, Any], required: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        **extra,
    }


_CHOICE = json_object({"value": {"type": "string"}, "label": TEXTS}, ["value", "label"])
_PARAMETER = json_object(
    {
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "type": {"enum": ["enum", "text", "integer", "release"]},
        "label": TEXTS,
        "required": {"type": "boolean"},
        "choices": {"type": "array", "items": _CHOICE, "minItems": 1},
        "minimum": {"type": "integer"},
        "maximum": {"type": "integer"},
        "max_length": {"type": "integer", "minimum": 1, "maximum": 2000},
        "default": {"type": ["string", "integer"]},
    },
    ["name", "type", "label"],
)
_PRICING = {
    "oneOf": [
        json_object({"model": {"const": "fixed"}, "price": _AMOUNT}, ["model", "price"]),
        json_object(
            {
                "model": {"const": "per_unit"},
                "unit": TEXTS,
                "unit_price": _AMOUNT,
                "min_quantity": {"type": "number", "exclusiveMinimum": 0},
                "max_quantity": {"type": "number", "exclusiveMinimum": 0},
                "quantity_step": {"type": "number", "exclusiveMinimum": 0},
            },
            ["model", "unit", "unit_price"],
        ),
        json_object(
            {
                "model": {"const": "tiered"},
                "parameter": {"type": "string"},
                "prices": {"type": "object", "additionalProperties": _AMOUNT, "minProperties": 1},
            },
            ["model", "parameter", "prices"],
        ),
        json_object(
            {
                "model": {"const": "base_plus_unit"},
                "base": _AMOUNT,
                "unit": TEXTS,
                "unit_price": _AMOUNT,
                "units": {
                    "oneOf": [
                        json_object(
                            {
                                "releases_between": {
                                    "type": "array",
                                    "items": {"type": "string"},
                                    "minItems": 2,
                                    "maxItems": 2,
                                }
                            },
                            ["releases_between"],
                        ),
                        json_object({"parameter": {"type": "string"}}, ["parameter"]),
                    ]
                },
                "min_units": {"type": "integer", "minimum": 0},
                "max_units": {"type": "integer", "minimum": 0},
            },
            ["model", "base", "unit", "unit_price", "units"],
        ),
    ]
}
_SERVICE = json_object(
    {
        "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"},
        "category": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "name": TEXTS,
        "summary": TEXTS,
        "scope": TEXTS,
        "deliverables": _TEXT_LISTS,
        "assumptions": _TEXT_LISTS,
        "exclusions": _TEXT_LISTS,
        "lead_time_days": {"type": "integer", "minimum": 0, "maximum": 3650},
        "parameters": {"type": "array", "items": _PARAMETER},
        "pricing": _PRICING,
    },
    ["code", "category", "name", "summary", "scope", "lead_time_days", "pricing"],
)

PRICE_BOOK_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:quoter:price-book:1",
    "title": "quoter price book, format 1",
    **json_object(
        {
            "format": {"const": 1},
            "id": BOOK_ID,
            "version": {
                "type": "string",
                "pattern": "^[0-9A-Za-z][0-9A-Za-z.-]*$",
                "maxLength": 40,
            },
            "title": TEXTS,
            "product": ID,
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "locale": {
                "type": "string",
                "pattern": "^[a-z]{2,3}(_[A-Z][a-z]{3})?(_([A-Z]{2}|[0-9]{3}))?$",
            },
            "languages": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[a-z]{2,3}$"},
                "minItems": 1,
                "uniqueItems": True,
            },
            "effective_from": {"type": "string", "format": "date"},
            "effective_until": {"type": "string", "format": "date"},
            "quote_validity_days": {"type": "integer", "minimum": 1, "maximum": 366},
            "payment_terms": TEXTS,
            "tax": json_object(
                {"label": TEXTS, "percent": {"type": "number", "minimum": 0, "maximum": 100}},
                ["label", "percent"],
            ),
            "categories": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": json_object({"name": TEXTS}, ["name"]),
            },
            "services": {"type": "array", "items": _SERVICE, "minItems": 1},
        },
        [
            "format",
            "id",
            "version",
            "title",
            "product",
            "currency",
            "locale",
            "languages",
            "effective_from",
            "quote_validity_days",
            "payment_terms",
            "categories",
            "services",
        ],
    ),
}

CUSTOMER = json_object(
    {
        "legal_name": {"type": "string", "minLength": 1, "maxLength": 200},
        "address": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        "tax_id": {"type": "string", "minLength": 1, "maxLength": 50},
        "signatory": json_object(
            {
                "name": {"type": "string", "minLength": 1},
                "title": {"type": "string", "minLength": 1},
            },
            ["name", "title"],
        ),
    },
    ["legal_name", "address", "signatory"],
)
"""The `[customer]` table of a quote request (and of a triage's facts)."""

QUOTE_REQUEST_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:quoter:quote-request:1",
    "title": "quoter quote request, format 1",
    **json_object(
        {
            "format": {"const": 1},
            "book": BOOK_ID,
            "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
            "reference": {"type": "string", "minLength": 1, "maxLength": 100},
            "customer": CUSTOMER,
            "triage": json_object(
                {
                    "policy_id": ID,
                    "policy_version": {"type": "string"},
                    "policy_digest": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                },
                ["policy_id", "policy_version", "policy_digest"],
            ),
            "lines": {
                "type": "array",
                "minItems": 1,
                "items": json_object(
                    {
                        "service": {"type": "string"},
                        "quantity": {
                            "type": ["number", "string"],
                            "exclusiveMinimum": 0,
                            "pattern": "^[0-9]+(\\.[0-9]+)?$",
                        },
                        "parameters": {
                            "type": "object",
                            "additionalProperties": {"type": ["string", "integer"]},
                        },
                    },
                    ["service"],
                ),
            },
        },
        ["format", "book", "customer", "lines"],
    ),
}

SCHEMAS = {"price-book": PRICE_BOOK_SCHEMA, "quote-request": QUOTE_REQUEST_SCHEMA}
"""By name; quoter.books.scope_schema adds the policy's and the facts'."""
