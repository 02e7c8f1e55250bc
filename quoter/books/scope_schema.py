"""JSON Schemas of the scope-of-support policy and of a triage's facts, for editors to check files
as they are typed (`quoter policy schema`, `quoter policy schema --facts`). The readers in
policy_file.py and facts_file.py stay the authority: they also check clause ids for uniqueness,
releases against the product, placeholders, and the services against the price book.
"""

from __future__ import annotations

from typing import Any

from quoter.books.facts_file import TEXT_DETAILS
from quoter.books.schema import CUSTOMER, ID, TEXTS, json_object
from quoter.domain.policy import ENVIRONMENT_CATEGORIES, Level, RequestKind
from quoter.domain.triage import FACT_NAMES, NUMBER_FACTS

_CLAUSE_ID = {"type": "string", "pattern": "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"}
_DATE = {"type": "string", "format": "date", "description": "a TOML date like 2026-01-31"}
_ITEM_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9._+-]*$"}
_ITEMS = {
    "type": "array",
    "minItems": 1,
    "items": json_object(
        {"id": _ITEM_ID, "name": {"type": "string", "minLength": 1}}, ["id", "name"]
    ),
}


def _clause(*optional: str, **more: Any) -> dict[str, Any]:
    """A clause's table: its id, its text and the keys of its kind, all required but `optional`."""
    required = ["id", "text", *(key for key in more if key not in optional)]
    return json_object({"id": _CLAUSE_ID, "text": TEXTS, **more}, required)


POLICY_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:quoter:scope-of-support-policy:1",
    "title": "quoter scope-of-support policy, format 1",
    **json_object(
        {
            "format": {"const": 1},
            "id": ID,
            "version": {"type": "string", "minLength": 1, "maxLength": 40},
            "product": ID,
            "languages": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[a-z]{2,3}$"},
                "minItems": 1,
            },
            "effective_from": _DATE,
            "book": ID,
            "title": TEXTS,
            "introduction": TEXTS,
            "how_to_buy": TEXTS,
            "release_window": _clause(
                full_support={"type": "integer", "minimum": 1, "maximum": 50},
                maintenance={"type": "integer", "minimum": 0, "maximum": 50},
            ),
            "release_dates": {
                "type": "array",
                "items": _clause(
                    release={"type": "string"},
                    full_support_until=_DATE,
                    maintenance_until=_DATE,
                ),
            },
            "maintenance": _clause(),
            "end_of_life": _clause(),
            "environments": {
                "type": "array",
                "items": _clause(
                    category={"enum": list(ENVIRONMENT_CATEGORIES)},
                    level={"enum": [level.value for level in Level]},
                    items=_ITEMS,
                ),
            },
            "unlisted_environments": _clause(),
            "modified_source": _clause(),
            "third_party": {"type": "array", "items": _clause(items=_ITEMS)},
            "third_party_defects": _clause(),
            "previews": {"type": "array", "items": _clause(items=_ITEMS)},
            "requests": {
                "type": "array",
                "minItems": 1,
                "items": _clause(
                    "service",
                    "parameters",
                    "quantity",
                    kind={"enum": [kind.value for kind in RequestKind]},
                    service={"type": "string"},
                    parameters={
                        "type": "object",
                        "additionalProperties": {"enum": list(FACT_NAMES)},
                    },
                    quantity={
                        "anyOf": [
                            {"enum": list(NUMBER_FACTS)},
                            {"type": "number", "exclusiveMinimum": 0},
                        ]
                    },
                ),
            },
        },
        [
            "format",
            "id",
            "version",
            "product",
            "languages",
            "effective_from",
            "book",
            "title",
            "introduction",
            "how_to_buy",
            "release_window",
            "maintenance",
            "end_of_life",
            "environments",
            "unlisted_environments",
            "modified_source",
            "third_party_defects",
            "requests",
        ],
    ),
}

_TEXT = {"type": "string", "minLength": 1, "maxLength": 300}
_ENVIRONMENT = {
    "type": "string",
    "pattern": "^(unlisted:)?[a-z0-9][a-z0-9._+-]*$",
    "maxLength": 80,
    "description": "an id the policy lists, or 'unlisted:' and an id it does not list, on purpose",
}

FACTS_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:quoter:triage-facts:1",
    "title": "quoter facts of a support request, format 1",
    **json_object(
        {
            "format": {"const": 1},
            "product": ID,
            "release": {"type": "string", "minLength": 1},
            "summary": _TEXT,
            "ticket": {"type": "string", "minLength": 1, "maxLength": 60},
            "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
            "book": ID,
            "third_party": {"type": "string", "minLength": 1, "maxLength": 80},
            "preview": _ITEM_ID,
            "environment": json_object(
                {category: _ENVIRONMENT for category in ENVIRONMENT_CATEGORIES}, []
            ),
            "modified": json_object(
                {
                    "components": {
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "minItems": 1,
                    },
                    "reproduced_unmodified": {"type": "boolean"},
                },
                ["components"],
            ),
            "ask": json_object(
                {
                    "kind": {"enum": [kind.value for kind in RequestKind]},
                    "critical": {"type": "boolean"},
                    "security": {"type": "boolean"},
                    "in_third_party": {"type": "boolean"},
                    **dict.fromkeys(TEXT_DETAILS, _TEXT),
                    "fixed_in": {"type": "string", "minLength": 1},
                    "days": {
                        "type": ["number", "string"],
                        "exclusiveMinimum": 0,
                        "pattern": "^[0-9]+(\\.[0-9]+)?$",
                        "description": "a number, or its exact text as quoter writes it",
                    },
                },
                ["kind"],
            ),
            "customer": CUSTOMER,
        },
        ["format", "product", "release", "summary", "ask"],
    ),
}
