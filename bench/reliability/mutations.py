"""Seeded mutations of TOML and JSON data files, for fuzz_files.py.

Two families, each a function of a `random.Random`, so one seed gives the same inputs again:

- on the text or bytes: bytes changed, inserted or deleted, the file truncated, lines deleted,
  duplicated, swapped or borrowed from another file, a value or key replaced by an interesting
  token (huge and odd numbers, bad dates, control and bidirectional characters, surrogates,
  10,000-character words, template syntax), a value nested 50 to 100,000 levels deep, a table
  repeated up to a thousand times, the file in another encoding or with other line ends;
- on the parsed data (the seed read with tomllib or json, a node changed, written back as TOML
  or JSON): a value replaced by one of another type or an odd one, a key deleted, renamed or
  added, a list's entry repeated, so that the file still parses and the validators are reached.

Every mutation returns the new bytes and a short description of what it did.
"""

from __future__ import annotations

import json
import random
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

MAX_SIZE = 1_500_000
"""Mutations that grow a file stop short of this many bytes."""

LONG_WORD = "A" * 10_000
ODD_TEXTS = (
    "",
    " ",
    "\t\n",
    LONG_WORD,
    "\u202eevil\u202c",
    "\u202d\u2066isolate\u2069",
    "zero\u200bwidth\u200d",
    "\ufeffbom",
    "nul\u0000byte",
    "bell\u0007and\u001bescape",
    "line\u2028separator\u2029",
    "next\u0085line",
    "e\u0301" * 2000,
    "\u0300" * 3000,
    "\U0001f9e8\U0001f4a5\U0001f469\u200d\U0001f469\u200d\U0001f467",
    "\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522",  # fraktur
    "\uff21\uff43\uff4d\uff45",  # full-width Acme
    "\u0412\u0420-FIX",  # Cyrillic look-alikes of BP-FIX
    "\U0010ffff\ufffe\uffff",
    "\ud800lone",
    "{{ 7*7 }}{% raw %}",
    "${jndi:ldap://127.0.0.1/x}",
    "<script>alert(1)</script><img src=http://127.0.0.1:9/x>",
    "url(file:///etc/passwd)",
    "../../../../etc/passwd",
    "%s%n%x%d",
    "'; DROP TABLE quotes; --",
    "CON",
    "-1",
    "1e999",
    "2026-02-30",
    "services-usd",
    "orca-os",
    "4.3",
)
ODD_NUMBERS = (
    0,
    -1,
    1,
    2**31,
    2**63,
    -(2**63) - 1,
    10**30,
    10**300,
    Decimal("0.000000000000000000000000001"),
    Decimal("-0.00"),
    Decimal("123456789012345678901234567890.123456789"),
    Decimal("99999999999999999999999999999999999999999999999999"),
)
ODD_DATES = (
    date(1, 1, 1),
    date(9999, 12, 31),
    date(2026, 2, 28),
    datetime(2026, 12, 7, 0, 0),  # noqa: DTZ001 (a TOML local date-time has no zone)
    time(23, 59, 59),
)
TOML_TOKENS = (
    '""',
    "0",
    "-0",
    "-1",
    "1e999",
    "-inf",
    "nan",
    "+inf",
    "1_000",
    "0x7fffffffffffffff",
    "0o777",
    "0b101",
    "1" + "0" * 400,
    "9" * 5000,
    "1" + "0" * 40 + ".5",
    "0." + "0" * 40 + "1",
    "9223372036854775808",
    "1.",
    ".5",
    "true",
    "1979-05-27",
    "2026-02-30",
    "0000-00-00",
    "1979-05-27T07:32:00Z",
    "1979-05-27T07:32:00.999999999+23:59",
    "07:32:00",
    "[]",
    "{}",
    '[1, "a", true, 1.5, 2026-01-01]',
    '"\\u0000"',
    '"\\ud800"',
    '"\\U0010FFFF"',
    '"\\u202eRTL"',
    f'"{LONG_WORD}"',
    "'''\nmulti\nline'''",
    '"""\\\n  continued"""',
    "'literal \\ backslash'",
    '"{{ 7*7 }}"',
    '"<img src=http://127.0.0.1:9/x>"',
    "{ a = { b = { c = 1 } } }",
)
JSON_TOKENS = (
    '""',
    "0",
    "-0",
    "-1",
    "1e999",
    "-1e-999",
    "NaN",
    "Infinity",
    "-Infinity",
    "1" + "0" * 400,
    "9" * 5000,
    "0." + "0" * 40 + "1",
    "true",
    "null",
    "[]",
    "{}",
    '[1, "a", true, null]',
    '"\\u0000"',
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"\\u202eRTL"',
    f'"{LONG_WORD}"',
    '"2026-02-30"',
    '"{{ 7*7 }}"',
    '{"a": {"b": {"c": 1}}}',
)
ODD_BYTES = (
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\r",
    b"\r\n",
    b"\x1a",
    b"\\",
    b'"',
    b"'''",
    b"[",
    b"]]",
    b"{",
    b"=",
    b"#",
)
KEY_LINE = re.compile(r'^([ \t]*)("?[A-Za-z0-9_.\-]+"?)([ \t]*[=:][ \t]*)(.+?)(,?)[ \t]*$', re.M)
TABLE_HEADER = re.compile(r"^\[\[?[^\]\n]+\]\]?[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class Seed:
    name: str
    """The file's name, which says its format: .json or .toml."""
    text: str

    @property
    def is_json(self) -> bool:
        return self.name.endswith(".json")


Mutation = Callable[[random.Random, bytes, Seed, list[Seed]], tuple[bytes, str]]


def mutate(rng: random.Random, seed: Seed, corpus: list[Seed]) -> tuple[bytes, str]:
    """One to three mutations of `seed`, chosen at random: the new file's bytes and what was
    done. Half the time the first is a mutation of the parsed data, so the file still parses."""
    data = seed.text.encode("utf-8")
    done = []
    if rng.random() < 0.5:
        data, what = tree_mutation(rng, seed, corpus)
        done.append(what)
    for _ in range(rng.choice((0, 0, 1, 2)) if done else rng.choice((1, 1, 2, 3))):
        mutation = rng.choice(TEXT_MUTATIONS)
        data, what = mutation(rng, data, seed, corpus)
        done.append(what)
    return data[:MAX_SIZE], "; ".join(done)


# -- on the text --------------------------------------------------------------------------------


def flip_bytes(
    rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]
) -> tuple[bytes, str]:
    buffer = bytearray(data)
    count = rng.choice((1, 2, 4, 8, 32))
    for _ in range(count):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer), f"{count} random bytes"


def insert_bytes(
    rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]
) -> tuple[bytes, str]:
    chunk = rng.choice(ODD_BYTES) * rng.choice((1, 1, 3, 100))
    at = rng.randrange(len(data) + 1)
    return data[:at] + chunk + data[at:], f"inserted {chunk[:8]!r} at {at}"


def delete_span(
    rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]
) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    length = rng.choice((1, 2, 10, 100, 1000))
    return data[:at] + data[at + length :], f"deleted {length} bytes at {at}"


def truncate(rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    return data[:at], f"truncated at {at} of {len(data)}"


def edit_lines(
    rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]
) -> tuple[bytes, str]:
    lines = data.split(b"\n")
    if not lines:
        return data, "no lines"
    at = rng.randrange(len(lines))
    how = rng.choice(("deleted", "duplicated", "swapped", "borrowed"))
    if how == "deleted":
        del lines[at]
    elif how == "duplicated":
        lines.insert(at, lines[at])
    elif how == "swapped":
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    else:
        donor = rng.choice(corpus).text.encode("utf-8").split(b"\n")
        lines.insert(at, rng.choice(donor))
    return b"\n".join(lines), f"line {at + 1} {how}"


def replace_value(
    rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]
) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="surrogateescape")
    found = list(KEY_LINE.finditer(text))
    if not found:
        return data, "no value to replace"
    match = rng.choice(found)
    token = rng.choice(JSON_TOKENS if seed.is_json else TOML_TOKENS)
    start, end = match.span(4)
    text = text[:start] + token + text[end:]
    return _encoded(text), f"value of {match.group(2)} replaced by {token[:24]!r}"


def replace_key(
    rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]
) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="surrogateescape")
    found = list(KEY_LINE.finditer(text))
    if not found:
        return data, "no key to replace"
    match = rng.choice(found)
    donors = [m.group(2) for s in corpus for m in KEY_LINE.finditer(s.text)]
    key = rng.choice(
        [
            *donors[:: max(1, len(donors) // 50)],
            '"\u202ekey"',
            '""',
            f'"{LONG_WORD[:500]}"',
            match.group(2).upper(),
            match.group(2) + ".x",
        ]
    )
    start, end = match.span(2)
    text = text[:start] + key + text[end:]
    return _encoded(text), f"key {match.group(2)} renamed {key[:24]!r}"


def deep_nesting(
    rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]
) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="surrogateescape")
    found = list(KEY_LINE.finditer(text))
    if not found:
        return data, "no value to nest"
    match = rng.choice(found)
    depth = rng.choice((50, 500, 5000, 100_000))
    if rng.random() < 0.5:
        nested = "[" * depth + "1" + "]" * depth
    elif seed.is_json:
        nested = '{"a": ' * depth + "1" + "}" * depth
    else:
        nested = "{ a = " * depth + "1" + " }" * depth
    start, end = match.span(4)
    text = text[:start] + nested + text[end:]
    return _encoded(text), f"value of {match.group(2)} nested {depth} deep"


def repeat_table(
    rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]
) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="surrogateescape")
    headers = list(TABLE_HEADER.finditer(text))
    if seed.is_json or len(headers) < 2:
        return _encoded(text + text[: rng.randrange(len(text) + 1)]), "a part appended again"
    index = rng.randrange(len(headers))
    start = headers[index].start()
    end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
    block = text[start:end]
    times = min(rng.choice((2, 10, 100, 1000)), MAX_SIZE // max(1, len(block)))
    text = text[:end] + block * times + text[end:]
    return _encoded(text), f"table {headers[index].group().strip()} repeated {times} times"


def reencode(rng: random.Random, data: bytes, seed: Seed, corpus: list[Seed]) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="surrogateescape")
    how = rng.choice(("utf-16", "utf-32", "latin-1", "crlf", "cr", "bom", "nul-end", "no-end"))
    if how in ("utf-16", "utf-32"):
        return text.encode(how, errors="surrogatepass"), f"encoded as {how}"
    if how == "latin-1":
        return text.encode("latin-1", errors="replace"), "encoded as latin-1"
    if how == "crlf":
        return _encoded(text.replace("\n", "\r\n")), "CRLF line ends"
    if how == "cr":
        return _encoded(text.replace("\n", "\r")), "CR line ends"
    if how == "bom":
        return b"\xef\xbb\xbf" + data, "byte order mark"
    if how == "nul-end":
        return data + b"\x00" * 16, "NUL bytes at the end"
    return data.rstrip(b"\n"), "no newline at the end"


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


TEXT_MUTATIONS: tuple[Mutation, ...] = (
    flip_bytes,
    insert_bytes,
    delete_span,
    truncate,
    edit_lines,
    edit_lines,
    replace_value,
    replace_value,
    replace_value,
    replace_key,
    deep_nesting,
    repeat_table,
    reencode,
)


# -- on the parsed data -------------------------------------------------------------------------


def parse_seed(seed: Seed) -> Any:
    if seed.is_json:
        return json.loads(seed.text, parse_float=Decimal)
    return tomllib.loads(seed.text, parse_float=Decimal)


def tree_mutation(rng: random.Random, seed: Seed, corpus: list[Seed]) -> tuple[bytes, str]:
    """The seed's data with one node changed, written back in the seed's format."""
    data = parse_seed(seed)
    places = list(_places(data, ()))
    path, container, key = rng.choice(places)
    where = ".".join(str(part) for part in path) or "(top)"
    how = rng.choice(("value", "value", "value", "delete", "add", "repeat", "rename", "cross"))
    if how == "cross":  # the value another file of the kind has under the same key
        donor = rng.choice(corpus)
        values = [c[k] for _, c, k in _places(parse_seed(donor), ()) if k == key]
        if values:
            container[key] = rng.choice(values)
        what = f"{where} from {donor.name}"
    elif how == "delete" and isinstance(container, dict):
        del container[key]
        what = f"{where} deleted"
    elif how == "add" and isinstance(container, dict):
        name = rng.choice(("extra", "unknown_key", "\u202e", "", "Book", LONG_WORD[:300]))
        container[name] = odd_value(rng, None)
        what = f"{where}: key {name[:20]!r} added"
    elif how == "repeat" and isinstance(container, list):
        times = rng.choice((2, 50, 1000))
        container[key : key + 1] = [container[key]] * times
        what = f"{where} repeated {times} times"
    elif how == "rename" and isinstance(container, dict):
        name = rng.choice((str(key).upper(), f"{key} ", f"{key}_", "\u200b" + str(key)))
        container[name] = container.pop(key)
        what = f"{where} renamed {name!r}"
    else:
        value = odd_value(rng, container[key])
        container[key] = value
        what = f"{where} = {_short(value)}"
    written = to_json(data) if seed.is_json else to_toml(data)
    return written.encode("utf-8", errors="surrogatepass")[:MAX_SIZE], what


def _places(node: Any, path: tuple[Any, ...]) -> Any:
    """Every (path, container, key) of the data, for a node to change."""
    items: Any
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return
    for key, value in items:
        yield (*path, key), node, key
        yield from _places(value, (*path, key))


def odd_value(rng: random.Random, old: Any) -> Any:
    draw = rng.random()
    if draw < 0.35:
        return rng.choice(ODD_TEXTS)
    if draw < 0.55:
        return rng.choice(ODD_NUMBERS)
    if draw < 0.62:
        return rng.choice(ODD_DATES)
    if draw < 0.67:
        return rng.choice((True, False))
    if draw < 0.75:
        return [old] * rng.choice((0, 1, 3))
    if draw < 0.82:
        return {"value": old} if rng.random() < 0.5 else {}
    if draw < 0.88:
        nested: Any = old
        for _ in range(rng.choice((10, 100, 400))):
            nested = [nested]
        return nested
    if isinstance(old, str):
        return old * rng.choice((2, 100, 1000)) if len(old) < 1000 else old + old
    return str(old)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- writing ------------------------------------------------------------------------------------


def to_json(value: Any, indent: str = "") -> str:
    """JSON with exact decimals (as numbers), dates as text, surrogates as escapes; one key or
    entry a line, as people write it (so the line mutations find them)."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        entries = [f"{inner}{_string(str(k))}: {to_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(entries) + f"\n{indent}}}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + to_json(v, inner) for v in value) + f"\n{indent}]"
    if isinstance(value, dict | list):
        return "{}" if isinstance(value, dict) else "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, date | datetime | time):
        return _string(value.isoformat())
    return _string(str(value))


def to_toml(data: dict[str, Any]) -> str:
    """Any parsed data as a TOML document: tables as [sections], lists of tables as [[arrays]],
    everything inside a list inline."""
    lines: list[str] = []
    _toml_table(data, (), lines)
    return "\n".join(lines) + "\n"


def _toml_table(data: dict[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {
        k: v
        for k, v in data.items()
        if isinstance(v, list) and v and all(isinstance(item, dict) for item in v)
    }
    for key, value in data.items():
        if key not in tables and key not in arrays:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in tables.items():
        lines.extend(["", f"[{'.'.join(_toml_key(p) for p in (*path, key))}]"])
        _toml_table(value, (*path, key), lines)
    for key, items in arrays.items():
        for item in items:
            lines.extend(["", f"[[{'.'.join(_toml_key(p) for p in (*path, key))}]]"])
            _toml_table(item, (*path, key), lines)


def _toml_key(key: Any) -> str:
    key = str(key)
    bare = key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
    return key if bare else _string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
        )
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return _string(str(value))


def _string(text: str) -> str:
    """A JSON string, which is also a TOML basic string; surrogates as \\u escapes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(text)
    return json.dumps(text, ensure_ascii=False)
