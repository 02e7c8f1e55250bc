"""The exported JSON Schemas agree with the validator on real files."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from quoter.books.schema import PRICE_BOOK_SCHEMA, QUOTE_REQUEST_SCHEMA
from tests.conftest import DATA, REPO


def as_json(path: Path) -> Any:
    """The file as an editor's schema checker sees it: dates as text, numbers exact."""
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return dates_as_text(tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))


def dates_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [dates_as_text(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


BOOKS = [
    *sorted((REPO / "price_books").glob("*.toml")),
    DATA / "books" / "price_books" / "mini.toml",
]
REQUESTS = sorted((REPO / "examples").glob("*.toml")) + sorted((REPO / "examples").glob("*.json"))
REQUESTS.append(DATA / "request.toml")


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.name)
def test_every_valid_book_satisfies_the_schema(path: Path) -> None:
    jsonschema.validate(as_json(path), PRICE_BOOK_SCHEMA)


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.name)
def test_every_example_request_satisfies_the_schema(path: Path) -> None:
    jsonschema.validate(as_json(path), QUOTE_REQUEST_SCHEMA)


def test_the_schemas_hold_ids_to_the_registers_columns() -> None:
    book = DATA / "books" / "price_books" / "mini.toml"
    for path, key, longest, schema in [
        (book, "id", 80, PRICE_BOOK_SCHEMA),
        (book, "version", 40, PRICE_BOOK_SCHEMA),
        (DATA / "request.toml", "book", 80, QUOTE_REQUEST_SCHEMA),
    ]:
        data = as_json(path)
        data[key] = "b" * longest
        jsonschema.validate(data, schema)
        data[key] += "b"
        with pytest.raises(jsonschema.ValidationError, match="is too long"):
            jsonschema.validate(data, schema)


def test_the_schema_refuses_a_discount() -> None:
    data = as_json(DATA / "request.toml")
    data["lines"][0]["discount"] = 10
    with pytest.raises(jsonschema.ValidationError, match="discount"):
        jsonschema.validate(data, QUOTE_REQUEST_SCHEMA)


# -- the scope of support -----------------------------------------------------------------------

POLICIES = sorted((REPO / "policies").glob("*.toml"))
FACTS = sorted((REPO / "examples" / "triage").glob("*.toml"))


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_every_bundled_policy_satisfies_the_schema(path: Path) -> None:
    from quoter.books.scope_schema import POLICY_SCHEMA

    jsonschema.validate(as_json(path), POLICY_SCHEMA)


@pytest.mark.parametrize("path", FACTS, ids=lambda p: p.name)
def test_every_example_of_facts_satisfies_the_schema(path: Path) -> None:
    from quoter.books.scope_schema import FACTS_SCHEMA

    jsonschema.validate(as_json(path), FACTS_SCHEMA)


def test_the_schemas_refuse_what_the_readers_refuse() -> None:
    from quoter.books.scope_schema import FACTS_SCHEMA, POLICY_SCHEMA

    facts = as_json(FACTS[0])
    facts["ask"]["kind"] = "favour"
    with pytest.raises(jsonschema.ValidationError, match="favour"):
        jsonschema.validate(facts, FACTS_SCHEMA)
    policy = as_json(POLICIES[0])
    policy["discount"] = 10
    with pytest.raises(jsonschema.ValidationError, match="discount"):
        jsonschema.validate(policy, POLICY_SCHEMA)
    policy = as_json(POLICIES[0])
    policy["requests"][0]["parameters"] = {"topic": "mood"}
    with pytest.raises(jsonschema.ValidationError, match="mood"):
        jsonschema.validate(policy, POLICY_SCHEMA)
