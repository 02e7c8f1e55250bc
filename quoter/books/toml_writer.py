"""Writing the small, known shapes quoter writes as TOML (a quote request from a triage).

Tables become `[name]` sections after the plain keys, lists of tables `[[name]]`; strings are TOML
basic strings (JSON's escapes are TOML's), numbers are written from their exact decimal text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def to_toml(data: dict[str, Any], header: str = "") -> str:
    """`data` as a TOML document, with `header` as comment lines on top."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _table(data, (), lines)
    return "\n".join(lines).strip("\n") + "\n"


def _table(data: dict[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in data.items() if _is_table_list(v)}
    for key, value in data.items():
        if key not in tables and key not in arrays:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in tables.items():
        name = (*path, key)
        lines.extend(["", f"[{'.'.join(_key(part) for part in name)}]"])
        _table(value, name, lines)
    for key, items in arrays.items():
        name = (*path, key)
        for item in items:
            lines.extend(["", f"[[{'.'.join(_key(part) for part in name)}]]"])
            _table(item, name, lines)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(key: str) -> str:
    bare = key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
    return key if bare else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
