"""Faults and concurrency: many writers, a killed process, damaged and foreign databases."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

import pytest

from quoter.domain.register import RegisterError, Status
from quoter.storage.register import QuoteFacts, Register
from quoter.storage.schema import SCHEMA_VERSION
from quoter.usecases.settings import Settings

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FACTS = QuoteFacts("Globex", "mini-usd", "2026.1", "sha256:" + "0" * 64, "USD", "10.00", {}, {})


def _open(url: str) -> Register:
    return Register(url, automatic_upgrade=True)


def create_many(url: str, count: int) -> list[str]:
    """In a worker process: create drafts and issue each, as fast as possible."""
    register = _open(url)
    numbers = []
    try:
        for _ in range(count):
            number = register.create_draft("Q", FACTS, NOW, f"worker-{os.getpid()}", year=2026)
            draft = register.get(number)
            register.issue(draft, FACTS, NOW.date(), [("pdf", "0" * 64, b"%PDF-fake")], NOW, "w")
            numbers.append(number)
    finally:
        register.close()
    return numbers


@pytest.mark.slow
def test_concurrent_writers_never_share_a_number_or_lose_a_write(settings: Settings) -> None:
    assert settings.database is not None
    Register(settings.database).close()  # created once, before the writers start
    workers, each = (2, 40) if settings.database.startswith("sqlite") else (20, 5)
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(create_many, [settings.database] * workers, [each] * workers))
    numbers = [number for result in results for number in result]
    assert len(numbers) == workers * each
    assert len(set(numbers)) == len(numbers)
    register = _open(settings.database)
    try:
        stored = register.find(limit=1000)
        assert len(stored) == len(numbers)
        assert {quote.status for quote in stored} == {Status.ISSUED}
        assert sorted(int(n.split("-")[2]) for n in numbers) == list(range(1, len(numbers) + 1))
        assert all(len(register.documents(quote.number)) == 1 for quote in stored)
    finally:
        register.close()


KILLED_WRITER = """
import sys
from datetime import UTC, datetime
from quoter.storage.register import QuoteFacts, Register
now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
facts = QuoteFacts("Globex", "mini-usd", "2026.1", "sha256:" + "0" * 64, "USD", "10.00", {}, {})
register = Register(sys.argv[1])
print("ready", flush=True)
big = b"%PDF-" + bytes(2_000_000)
while True:
    number = register.create_draft("Q", facts, now, "writer", year=2026)
    register.issue(register.get(number), facts, now.date(), [("pdf", "0" * 64, big), ("docx", "1" * 64, big)], now, "writer")
"""


@pytest.mark.slow
def test_a_process_killed_while_issuing_leaves_the_register_whole(settings: Settings) -> None:
    assert settings.database is not None
    Register(settings.database).close()
    for delay in (0.3, 0.7, 1.1):
        writer = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, settings.database],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
    register = _open(settings.database)  # the next start says nothing is wrong
    try:
        stored = register.find(limit=10_000)
        assert stored, "the writer should have issued something before it was killed"
        for quote in stored:
            kinds = sorted(document.kind for document in register.documents(quote.number))
            if quote.status is Status.ISSUED:
                assert kinds == ["docx", "pdf"], quote.number  # never issued without documents
            else:
                assert quote.status is Status.DRAFT and kinds == []
            assert len(register.history(quote.number)) == (
                2 if quote.status is Status.ISSUED else 1
            )
        serials = sorted(int(quote.number.split("-")[2]) for quote in stored)
        assert len(set(serials)) == len(serials)
        number = register.create_draft("Q", FACTS, NOW, "after", year=2026)
        assert int(number.split("-")[2]) > max(serials)
    finally:
        register.close()
    if settings.database.startswith("sqlite"):
        path = settings.database.removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_damaged_file_gets_a_message_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite3"
    content = b"this is not a database, it is a shopping list\n" * 100
    path.write_bytes(content)
    with pytest.raises(
        RegisterError, match=r"cannot be opened as a quote register.*Nothing was changed"
    ):
        Register(f"sqlite:///{path}")
    assert path.read_bytes() == content


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    before = path.read_bytes()
    with pytest.raises(RegisterError, match="is not a quote register"):
        Register(f"sqlite:///{path}")
    assert path.read_bytes() == before
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_a_register_from_a_newer_quoter_is_refused_untouched(settings: Settings) -> None:
    assert settings.database is not None
    register = Register(settings.database)
    with register.transaction() as connection:
        connection.exec_driver_sql(
            f"UPDATE quoter_schema SET value = '{SCHEMA_VERSION + 1}' WHERE key = 'version'"
        )
    register.close()
    with pytest.raises(RegisterError, match=r"upgraded by a newer quoter.*left untouched"):
        Register(settings.database)


def test_a_shared_register_is_never_created_implicitly(settings: Settings, tmp_path: Path) -> None:
    assert settings.database is not None
    if not settings.database.startswith("postgresql"):
        pytest.skip("SQLite registers are created automatically")
    from tests.storage.conftest import postgres_database

    for url in postgres_database():
        with pytest.raises(RegisterError, match="run 'quoter db create' once"):
            Register(url, automatic_upgrade=False)


def test_a_server_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="cannot be opened as a quote register"):
        Register("postgresql+psycopg://nobody:secret@127.0.0.1:9/none", automatic_upgrade=False)


def _add_notes(connection: object) -> None:
    from sqlalchemy import Connection

    assert isinstance(connection, Connection)
    connection.exec_driver_sql("ALTER TABLE quotes ADD COLUMN notes TEXT")


def test_an_older_register_is_upgraded_on_sqlite_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite3"
    url = f"sqlite:///{path}"
    register = Register(url)
    number = register.create_draft("Q", FACTS, NOW, "before", year=2026)
    register.close()
    upgraded = Register(
        url, migrations={SCHEMA_VERSION: _add_notes}, target_version=SCHEMA_VERSION + 1
    )
    try:
        assert upgraded.schema_version() == SCHEMA_VERSION + 1
        assert upgraded.get(number).customer == "Globex"
    finally:
        upgraded.close()
    backup = tmp_path / f"register.sqlite3.v{SCHEMA_VERSION}.backup"
    with sqlite3.connect(backup) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(quotes)")]
    assert "notes" not in columns  # the backup is the register as it was before


def test_a_shared_register_is_upgraded_only_on_request(settings: Settings) -> None:
    assert settings.database is not None
    Register(settings.database).close()
    newer = {"migrations": {SCHEMA_VERSION: _add_notes}, "target_version": SCHEMA_VERSION + 1}
    if settings.database.startswith("postgresql"):
        with pytest.raises(RegisterError, match="run 'quoter db upgrade' once"):
            Register(settings.database, automatic_upgrade=False, **newer)  # type: ignore[arg-type]
    register = Register(settings.database, automatic_upgrade=True, **newer)  # type: ignore[arg-type]
    try:
        assert register.schema_version() == SCHEMA_VERSION + 1
    finally:
        register.close()
