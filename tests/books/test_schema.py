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


def test_the_schema_refuses_a_discount() -> None:
    data = as_json(DATA / "request.toml")
    data["lines"][0]["discount"] = 10
    with pytest.raises(jsonschema.ValidationError, match="discount"):
        jsonschema.validate(data, QUOTE_REQUEST_SCHEMA)
