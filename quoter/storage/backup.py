"""The register's backup: every table as JSON lines (documents in base64), readable into an empty
register of either kind.

A backup reads every table in the one transaction the caller opened (one moment of the register,
however many colleagues write meanwhile) and writes through `quoter.files.atomic_file`: the file
takes the target's name only once complete and on disk, and a failure, a full disk or a kill
leaves nothing behind. Each stored document's bytes are checked against the SHA-256 recorded when
it was issued on the way; a damaged one is still backed up as it is, and reported.

A restore reads and checks the whole file before it writes anything (see backup_checks.py),
then loads it in one transaction.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, Table, select

from quoter.domain.register import RegisterError
from quoter.files import atomic_file, failure
from quoter.storage.backup_checks import TABLES, checked_rows
from quoter.storage.customers import link_quotes_to_customers
from quoter.storage.schema import audit, customers, documents, quotes

BACKUP_FORMAT = 1
BACKUP_SCHEMAS = (1, 2, 3)
"""Backups this quoter restores: a version-1 backup simply has no triage records; versions 1 and
2 have no customers table, which restore builds from the quotes as migration 2 -> 3 does."""
_BATCH = 500


@dataclass(frozen=True, slots=True)
class DocumentMismatch:
    """A stored document whose bytes no longer have the SHA-256 recorded when it was issued."""

    number: str
    kind: str
    recorded: str
    actual: str


@dataclass(frozen=True, slots=True)
class BackupReport:
    """What a backup wrote: its rows, and the stored documents it found damaged (written as they
    are: a backup of everything else is still worth having)."""

    rows: int
    damaged: tuple[DocumentMismatch, ...] = ()


def write_backup(connection: Connection, target: Path, schema: int) -> BackupReport:
    """Write every table, read on `connection` (in one transaction: the caller's), to `target`,
    readable by its owner only. An unwritable target or a full disk is a `RegisterError` naming
    it, and leaves nothing."""
    try:
        with atomic_file(target, private=True) as out:
            return _write(connection, out, schema)
    except OSError as error:
        raise RegisterError(
            f"{target}: cannot be written ({failure(error)}); no backup was written"
        ) from None


def _write(connection: Connection, out: BinaryIO, schema: int) -> BackupReport:
    header = {"quoter_register_backup": BACKUP_FORMAT, "schema": schema}
    out.write(json.dumps(header).encode("ascii") + b"\n")
    rows = 0
    numbers: dict[int, str] = {}
    damaged: list[DocumentMismatch] = []
    for table in TABLES:
        # in batches: a server-side cursor on PostgreSQL, so the documents never all sit in memory
        query = select(table).order_by(*table.primary_key.columns).execution_options(yield_per=200)
        for row in connection.execute(query):
            values = dict(row._mapping)
            if table is quotes:
                numbers[values["id"]] = values["number"]
            if table is documents:
                content = bytes(values["content"])
                actual = hashlib.sha256(content).hexdigest()
                if actual != values["sha256"].lower():
                    number = numbers.get(values["quote_id"], f"quote id {values['quote_id']}")
                    damaged.append(
                        DocumentMismatch(number, values["kind"], values["sha256"], actual)
                    )
                values["content"] = base64.b64encode(content).decode("ascii")
            # ASCII: a raw U+2028 or NEL inside a value would read as a line break elsewhere
            out.write(json.dumps({"table": table.name, "row": values}).encode("ascii") + b"\n")
            rows += 1
    return BackupReport(rows, tuple(damaged))


def read_backup(source: Path) -> list[tuple[Table, dict[str, Any]]]:
    """The backup's rows, each with its table, in the order they load, once the whole file has
    been checked: each line a row of a register table that its columns can hold, and the rows
    whole together (every reference present, every counter at or above every number given).
    Anything else is a `RegisterError` naming the file and line, before anything is written."""
    try:
        content = source.read_bytes()
    except OSError as error:
        raise RegisterError(f"{source}: cannot be read ({error.strerror or error})") from None
    return checked_rows(source, content, BACKUP_FORMAT, BACKUP_SCHEMAS)


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
