"""The register's backup: every table as JSON lines (documents in base64), readable into an empty
register of either kind.

A backup is written to a temporary file of its own beside the target and renamed over it once
complete, so two backups at once never write the same file and a failed one leaves nothing behind.
A restore reads and checks the whole file before it writes anything, then loads it in one
transaction.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Table, select

from quoter.domain.register import RegisterError
from quoter.storage.customers import link_quotes_to_customers
from quoter.storage.schema import audit, counters, customers, documents, quotes

BACKUP_FORMAT = 1
BACKUP_SCHEMAS = (1, 2, 3)
"""Backups this quoter restores: a version-1 backup simply has no triage records; versions 1 and
2 have no customers table, which restore builds from the quotes as migration 2 -> 3 does."""
TABLES = (counters, customers, quotes, documents, audit)
"""In the order they are written and restored: each table after the tables it refers to."""
_BATCH = 500


def write_backup(connection: Connection, target: Path, schema: int) -> int:
    """Write every table to `target` through a unique temporary file in the same folder; returns
    the rows written. An unwritable target is a `RegisterError` naming it, and leaves nothing."""
    try:
        descriptor, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise _unwritable(target, error) from None
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            rows = _write(connection, out, schema)
            out.flush()
            os.fsync(out.fileno())  # complete on disk before it takes the target's name
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _unwritable(target, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return rows


def _write(connection: Connection, out: TextIO, schema: int) -> int:
    out.write(json.dumps({"quoter_register_backup": BACKUP_FORMAT, "schema": schema}) + "\n")
    rows = 0
    for table in TABLES:
        # in batches: a server-side cursor on PostgreSQL, so the documents never all sit in memory
        query = select(table).order_by(*table.primary_key.columns).execution_options(yield_per=200)
        for row in connection.execute(query):
            values = dict(row._mapping)
            if table is documents:
                values["content"] = base64.b64encode(values["content"]).decode("ascii")
            # ASCII: a raw U+2028 or NEL inside a value would read as a line break elsewhere
            out.write(json.dumps({"table": table.name, "row": values}) + "\n")
            rows += 1
    return rows


def _unwritable(target: Path, error: OSError) -> RegisterError:
    return RegisterError(f"{target}: cannot be written ({error.strerror or error})")


def read_backup(source: Path) -> list[tuple[Table, dict[str, Any]]]:
    """The backup's rows, each with its table, once the whole file has been checked."""
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise RegisterError(f"{source}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise RegisterError(f"{source} is not a quoter register backup ({error})") from None
    lines = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    try:
        header = json.loads(lines[0][1])
    except (IndexError, json.JSONDecodeError) as error:
        raise RegisterError(f"{source} is not a quoter register backup ({error})") from None
    if (
        not isinstance(header, dict)
        or header.get("quoter_register_backup") != BACKUP_FORMAT
        or header.get("schema") not in BACKUP_SCHEMAS
    ):
        raise RegisterError(f"{source} is not a backup this quoter can restore ({header})")
    tables = {table.name: table for table in TABLES}
    rows: list[tuple[Table, dict[str, Any]]] = []
    problems: list[str] = []
    for number, line in lines[1:]:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not JSON ({error})")
            continue
        if not isinstance(entry, dict):
            entry = {}
        name, values = entry.get("table"), entry.get("row")
        table = tables.get(name) if isinstance(name, str) else None
        if table is None or not isinstance(values, dict):
            problems.append(f"line {number}: not a row of a register table")
            continue
        unknown = sorted(set(values) - set(table.columns.keys()))
        if unknown:
            problems.append(f"line {number}: {table.name} has no column {', '.join(unknown)}")
            continue
        if table is documents:
            try:
                values["content"] = base64.b64decode(values["content"], validate=True)
            except (KeyError, TypeError, binascii.Error):
                problems.append(f"line {number}: a document without base64 content")
                continue
        rows.append((table, values))
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise RegisterError(
            f"{source} cannot be restored: {'; '.join(problems[:5])}{more}. Nothing was changed."
        )
    return rows


def load_backup(connection: Connection, rows: Iterable[tuple[Table, dict[str, Any]]]) -> int:
    """Insert the backup's rows in the open transaction; quotes from a backup made before
    version 3 get their customers. Returns the rows inserted from the backup."""
    count = 0
    batch: list[dict[str, Any]] = []
    shape: tuple[Table, frozenset[str]] | None = None
    for table, values in rows:
        if shape != (table, frozenset(values)) or len(batch) >= _BATCH:
            if shape is not None and batch:
                connection.execute(shape[0].insert(), batch)
            batch, shape = [], (table, frozenset(values))
        batch.append(values)
        count += 1
    if shape is not None and batch:
        connection.execute(shape[0].insert(), batch)
    if connection.dialect.name == "postgresql":  # keep the id sequences ahead of restored ids
        for table in (customers, quotes, documents, audit):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
    link_quotes_to_customers(connection)
    return count
