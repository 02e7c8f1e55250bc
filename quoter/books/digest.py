"""The digest of a data file's content: SHA-256 over canonical form 1 (docs/digest.md).

Canonical form 1 of a parsed TOML document is compact JSON (UTF-8, keys sorted by code point, no
spaces, non-ASCII kept as is) where tables are objects, arrays are arrays, strings are NFC-
normalised, booleans are booleans, every number (integer or decimal) is a string of its normalised
decimal value (`1500`, `1500.0` and `1500.00` are all "1500"; `0.50` is "0.5"), and dates are ISO
8601 strings. Comments, key order, quoting and layout do not change the digest; any change of
meaning does.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import unicodedata
from decimal import Decimal
from typing import Any

from quoter.books.source import BadNumber

CANONICAL_FORM = 1
_EXACT = decimal.Context(prec=100, traps=[decimal.Inexact, decimal.InvalidOperation])


def canonical_number(number: Decimal | int) -> str:
    """A number's normalised decimal text: no exponent, no trailing zeros, no sign on zero."""
    value = Decimal(number)
    if value.is_zero():
        return "0"
    # an explicit context: the digest must never depend on a caller's decimal precision
    return format(value.normalize(_EXACT), "f")


def canonical(value: Any) -> Any:
    """The canonical form of one parsed value (see the module docstring)."""
    kind = type(value)
    if kind is str:  # the most common value first; ASCII text is already NFC
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    if kind is dict:
        return {_text(key): canonical(item) for key, item in value.items()}
    if kind is int:
        return str(value)
    if isinstance(value, dict):
        return {_text(key): canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [canonical(item) for item in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return canonical_number(value)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, BadNumber):
        return value.text
    raise TypeError(f"no canonical form for {type(value).__name__}")


def _text(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def canonical_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(
        canonical(document), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def digest(document: dict[str, Any]) -> str:
    """`sha256:` and the hex SHA-256 of the document's canonical form."""
    return "sha256:" + hashlib.sha256(canonical_bytes(document)).hexdigest()
