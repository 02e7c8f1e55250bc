"""Checking a register backup before any of it is written.

Line by line: the header names a backup format and register version this quoter restores; every
other line is a row of a register table, with only that table's columns, each value one the
column can hold on either database (text for text, whole numbers in PostgreSQL's `integer` range,
no NUL character, base64 for a document's bytes); a line cut short (the file ends inside it) says
the backup is incomplete; no key (primary or unique) appears twice.

Then the rows together, so that a register restored from them works on: every quote's customer
and every document's quote is in the backup; each number is well formed and matches its family
and revision; every counter is at or above every number given from it, counting the numbers only
the audit log still names (deleted drafts), so no number is ever given twice; every audited
number is a quote of the backup or was deleted. A backup that fails any of this was not taken in
one moment, or was damaged since: it is refused, with each problem's line.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Column, Integer, LargeBinary, String, Table, UniqueConstraint

from quoter.domain.problems import Problem
from quoter.domain.register import QuoteNumber, RegisterError, Status, parse_number
from quoter.storage.records import moment_text
from quoter.storage.schema import audit, counters, customers, documents, quotes

TABLES = (counters, customers, quotes, documents, audit)
"""In the order they are written and restored: each table after the tables it refers to."""
_INTEGER = (-(2**31), 2**31 - 1)
"""PostgreSQL's `integer`: what every whole-number column holds on both databases."""
_SHOWN = 20
"""The problems listed at most; the message counts the rest."""


class _Row(NamedTuple):
    line: int
    table: Table
    values: dict[str, Any]


def checked_rows(
    source: Path, content: bytes, backup_format: int, schemas: tuple[int, ...]
) -> list[tuple[Table, dict[str, Any]]]:
    """The rows of the backup `content` (read from `source`), documents decoded, in the order
    they load; a `RegisterError` listing every problem, with its line, if anything is wrong."""
    lines = content.split(b"\n")
    cut = lines[-1].strip() != b""  # the file does not end with a line break: cut short
    if not cut:
        lines.pop()
    if not any(line.strip() for line in lines):
        raise _refused(source, [(1, "the file is empty: it is not a quoter register backup")])
    _check_header(source, lines[0], backup_format, schemas)
    rows: list[_Row] = []
    problems: list[tuple[int, str]] = []
    for number, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        try:
            entry = _json(raw)
        except ValueError:
            last = cut and number == len(lines)
            problems.append(
                (number, "the line is cut short: the backup is incomplete" if last else "not JSON")
            )
            continue
        row, said = _row(number, entry)
        problems.extend((number, problem) for problem in said)
        if row is not None and not said:
            rows.append(row)
    problems.extend(_duplicates(rows))
    if not problems:  # whole rows only: a row already refused would only add echoes
        problems.extend(_inconsistencies(rows))
    if problems:
        raise _refused(source, problems)
    order = {table.name: place for place, table in enumerate(TABLES)}
    rows.sort(key=lambda row: order[row.table.name])
    return [(row.table, row.values) for row in rows]


def _refused(source: Path, problems: list[tuple[int, str]]) -> RegisterError:
    problems = sorted(problems)
    count = len(problems)
    listed = f"; the first {_SHOWN} are listed" if count > _SHOWN else ""
    summary = (
        f"{source} cannot be restored: {count} problem{'s' if count > 1 else ''}{listed}. "
        "Nothing was changed."
    )
    return RegisterError(
        summary,
        [Problem((), said, file=str(source), line=line) for line, said in problems[:_SHOWN]],
    )


def _check_header(source: Path, raw: bytes, backup_format: int, schemas: tuple[int, ...]) -> None:
    try:
        header = _json(raw)
    except ValueError:
        header = None
    if not isinstance(header, dict) or "quoter_register_backup" not in header:
        example = json.dumps({"quoter_register_backup": backup_format, "schema": schemas[-1]})
        raise _refused(
            source, [(1, f"not a quoter register backup (its first line would be {example})")]
        )
    if header.get("quoter_register_backup") != backup_format or header.get("schema") not in schemas:
        shown = json.dumps(header)[:120]
        raise _refused(
            source,
            [
                (
                    1,
                    f"a backup this quoter cannot restore ({shown}): it restores backup format "
                    f"{backup_format} of register versions {schemas[0]} to {schemas[-1]}. A "
                    "backup made by a newer quoter needs that quoter",
                )
            ],
        )


def _json(raw: bytes) -> Any:
    """A line's JSON value; `ValueError` if the line is not JSON."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, RecursionError) as error:
        raise ValueError(error) from None


def _row(line: int, entry: Any) -> tuple[_Row | None, list[str]]:
    """The line's row, documents decoded, and what is wrong with it."""
    if not isinstance(entry, dict) or set(entry) != {"table", "row"}:
        return None, ['not a row of a register table (a line is {"table": ..., "row": {...}})']
    name, values = entry["table"], entry["row"]
    tables = {table.name: table for table in TABLES}
    if not isinstance(name, str) or not isinstance(values, dict):
        return None, ["not a row of a register table"]
    table = tables.get(name)
    if table is None:
        return None, [
            f"{name[:60]!r} is not a table of the register (a backup holds {', '.join(tables)})"
        ]
    unknown = sorted(set(values) - set(table.columns.keys()))
    if unknown:
        return None, [f"{table.name} has no column {', '.join(u[:60] for u in unknown)}"]
    problems = [
        f"the {table.name} row has no {column.name}"
        for column in table.columns
        if not column.nullable and column.name not in values
    ]
    for key, value in values.items():
        said, values[key] = _value(table.columns[key], value)
        if said:
            problems.append(f"{table.name}.{key} {said}")
    return _Row(line, table, values), problems


def _value(column: Column[Any], value: Any) -> tuple[str | None, Any]:
    """What is wrong with a column's value, if anything, and the value as it loads."""
    shown = json.dumps(value)[:40]
    if value is None:
        return (None if column.nullable else "is null, but every row has one"), value
    kind = column.type
    if isinstance(kind, LargeBinary):
        try:
            return None, base64.b64decode(value, validate=True)
        except (TypeError, ValueError, binascii.Error):
            return "is not base64 text (a document's bytes)", value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"is {shown}, not a whole number", value
        if not _INTEGER[0] <= value <= _INTEGER[1]:
            return f"is {shown}, beyond what a register holds", value
        return None, value
    if isinstance(kind, String):
        if not isinstance(value, str):
            return f"is {shown}, not text", value
        if kind.length is not None and len(value) > kind.length:
            return f"is {len(value)} characters long: it holds at most {kind.length}", value
        if "\x00" in value:
            return "holds a NUL character, which PostgreSQL cannot store", value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "is not Unicode text (it holds half of a surrogate pair)", value
        form = _FORMS.get((column.table.name, column.name))
        if form is not None and not form[0](value):
            return f"is {shown}, not {form[1]}", value
    return None, value


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _is_moment(text: str) -> bool:
    """A moment as the register writes it (UTC, to the microsecond), so that text order is
    time order."""
    try:
        return moment_text(datetime.fromisoformat(text)) == text
    except (ValueError, OverflowError):
        return False


def _is_day(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


_STORED = frozenset(status.value for status in Status if status is not Status.EXPIRED)
_MOMENT = (_is_moment, "a moment as the register writes it, like 2026-03-02T09:30:00.000000+00:00")
_JSON = (_is_json, "JSON text")
_FORMS: dict[tuple[str, str], tuple[Callable[[str], bool], str]] = {
    ("customers", "details"): _JSON,
    ("customers", "last_used_at"): _MOMENT,
    ("quotes", "status"): (_STORED.__contains__, f"a status ({', '.join(sorted(_STORED))})"),
    ("quotes", "created_at"): _MOMENT,
    ("quotes", "issued_at"): _MOMENT,
    ("quotes", "decided_at"): _MOMENT,
    ("quotes", "valid_until"): (_is_day, "a day like 2026-04-01"),
    ("quotes", "request"): _JSON,
    ("quotes", "priced"): _JSON,
    ("quotes", "triage"): _JSON,
    ("quote_audit", "at"): _MOMENT,
    ("quote_audit", "detail"): _JSON,
}
"""What the register reads back from a text column: a value it cannot read is refused here,
not found later by the command that shows the quote."""


def _duplicates(rows: list[_Row]) -> list[tuple[int, str]]:
    """A key (primary or unique) that two rows of a table share."""
    seen: dict[tuple[str, tuple[str, ...], tuple[Any, ...]], int] = {}
    problems = []
    for row in rows:
        for key in _keys(row.table):
            value = tuple(row.values.get(column) for column in key)
            if None in value:
                continue
            first = seen.setdefault((row.table.name, key, value), row.line)
            if first != row.line:
                shown = ", ".join(f"{column} {v}" for column, v in zip(key, value, strict=True))
                problems.append(
                    (row.line, f"{row.table.name} {shown} is there twice (first on line {first})")
                )
    return problems


def _keys(table: Table) -> set[tuple[str, ...]]:
    keys = {tuple(column.name for column in table.primary_key.columns)}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            keys.add(tuple(column.name for column in constraint.columns))
    return keys


def _inconsistencies(rows: list[_Row]) -> list[tuple[int, str]]:
    """What makes the rows, each fine on its own, a register that does not work on."""
    by_table: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_table[row.table.name].append(row)
    customer_ids = {row.values["id"] for row in by_table[customers.name]}
    quote_ids = {row.values["id"] for row in by_table[quotes.name]}
    problems: list[tuple[int, str]] = []
    numbered: list[tuple[int, QuoteNumber, str]] = []  # line, number, where it is named
    for row in by_table[quotes.name]:
        number, family, revision = (row.values[c] for c in ("number", "family", "revision"))
        parsed = _number(number)
        if parsed is None:
            problems.append((row.line, f"quote {number[:60]!r} is not a quote number"))
            continue
        if (parsed.family, parsed.revision) != (family, revision):
            problems.append(
                (row.line, f"quote {number} has family {family} and revision {revision}")
            )
        numbered.append((row.line, parsed, f"quote {number} exists"))
        customer = row.values.get("customer_id")
        if customer is not None and customer not in customer_ids:
            problems.append(
                (row.line, f"quote {number} belongs to customer {customer}, not in the backup")
            )
    for row in by_table[documents.name]:
        if row.values["quote_id"] not in quote_ids:
            problems.append(
                (
                    row.line,
                    f"document {row.values['id']} belongs to a quote not in the backup "
                    f"(quote id {row.values['quote_id']})",
                )
            )
    problems.extend(_orphan_entries(by_table[audit.name], by_table[quotes.name], numbered))
    problems.extend(_counters_behind(by_table[counters.name], numbered))
    return problems


def _orphan_entries(
    entries: list[_Row], quote_rows: list[_Row], numbered: list[tuple[int, QuoteNumber, str]]
) -> list[tuple[int, str]]:
    """Audit entries of a number that is neither a quote of the backup nor deleted: they would
    attach themselves to whatever quote is given that number later. Their numbers join
    `numbered`, so the counters are checked against them too."""
    numbers = {row.values["number"] for row in quote_rows}
    deleted = {row.values["number"] for row in entries if row.values["action"] == "deleted"}
    problems: list[tuple[int, str]] = []
    said: set[str] = set()
    for row in entries:
        number = row.values["number"]
        if number in said or number in numbers:
            continue
        said.add(number)
        parsed = _number(number)
        if parsed is None:
            problems.append(
                (row.line, f"audit entry {row.values['id']} names {number[:60]!r}, not a number")
            )
        elif number not in deleted:
            problems.append(
                (
                    row.line,
                    f"audit entry {row.values['id']} is about {number}, which is neither in "
                    "the backup nor deleted",
                )
            )
        else:
            numbered.append((row.line, parsed, f"{number} is in the audit log (deleted)"))
    return problems


def _counters_behind(
    counter_rows: list[_Row], numbered: list[tuple[int, QuoteNumber, str]]
) -> list[tuple[int, str]]:
    """Counters below a number given from them: the restored register would give it again.
    (prefix, year) counts numbers; (family, 0) counts a family's revisions."""
    last = {
        (row.values["prefix"], row.values["year"]): (row.values["last"], row.line)
        for row in counter_rows
    }
    highest: dict[tuple[str, int], tuple[int, int, str]] = {}
    for line, number, where in numbered:
        needs = [((number.prefix, number.year), number.serial)]
        if number.revision > 1:
            needs.append(((number.family, 0), number.revision))
        for key, value in needs:
            if key not in highest or value > highest[key][0]:
                highest[key] = (value, line, where)
    problems = []
    for (prefix, year), (value, line, where) in sorted(highest.items()):
        name = f"the revision counter of {prefix}" if year == 0 else f"counter {prefix} {year}"
        if (prefix, year) not in last:
            problems.append((line, f"there is no {name.removeprefix('the ')}, but {where}"))
        elif last[prefix, year][0] < value:
            at, counter_line = last[prefix, year]
            problems.append((counter_line, f"{name} is at {at} but {where}"))
    return problems


def _number(text: str) -> QuoteNumber | None:
    """The quote number `text` names exactly as quoter writes it, or None."""
    try:
        number = parse_number(text)
    except RegisterError:
        return None
    return number if str(number) == text else None
