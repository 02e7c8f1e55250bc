"""Register version 3: registers made at versions 1 and 2 are upgraded with their quotes, which
get customers built from their requests, on SQLite (after a backup) and on PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import inspect, select

from quoter.storage.register import Register
from quoter.storage.schema import SCHEMA_VERSION, quotes
from tests.storage.conftest import quote_facts
from tests.storage.old_registers import OldQuote, old_register

THEN = datetime(2025, 11, 3, 8, 0, tzinfo=UTC)


def _details(name: str, address: str) -> dict[str, object]:
    return {"legal_name": name, "address": [address], "signatory": {"name": "Jo", "title": "CEO"}}


OLD_QUOTES = [
    OldQuote("Q-2025-00001", "Acme GmbH", THEN, "issued", _details("Acme GmbH", "1 Old Road")),
    OldQuote("Q-2025-00002", "Globex", THEN + timedelta(days=1), "draft", None),
    OldQuote(
        "Q-2025-00001-R2",
        "Acme GmbH",
        THEN + timedelta(days=2),
        "draft",
        _details("Acme GmbH", "2 New Road"),
    ),
    OldQuote(
        "Q-2025-00003",
        "Straße Bau AG",
        THEN + timedelta(days=3),
        "accepted",
        _details("Straße Bau AG", "Hof 1"),
    ),
    OldQuote(
        "Q-2025-00004",
        "Acme GmbH",
        THEN + timedelta(days=1, hours=1),
        "declined",
        _details("Acme GmbH", "0 Older"),
    ),
]


def test_a_version_two_register_is_upgraded_with_customers(database: str) -> None:
    old_register(database, 2, OLD_QUOTES)
    register = Register(database, automatic_upgrade=True)  # `quoter db upgrade` on PostgreSQL
    try:
        assert register.schema_version() == SCHEMA_VERSION == 3
        assert [c.legal_name for c in register.customers()] == [
            "Straße Bau AG",
            "Acme GmbH",
            "Globex",
        ]
        (acme,) = register.customers("acme")
        assert acme.details == _details("Acme GmbH", "2 New Road")  # the newest quote's
        assert acme.last_used_at == THEN + timedelta(days=2)
        assert register.customers("globex")[0].details == {"legal_name": "Globex"}
        assert [s.number for s in register.summaries(customer="ACME")] == [
            "Q-2025-00001-R2",
            "Q-2025-00004",
            "Q-2025-00001",
        ]
        assert [q.number for q in register.find(customer="strasse")] == ["Q-2025-00003"]
        with register.engine.connect() as connection:
            unlinked = connection.execute(
                select(quotes.c.number).where(quotes.c.customer_id.is_(None))
            )
            assert unlinked.all() == []
            indexes = {
                i["name"]: i["column_names"] for i in inspect(connection).get_indexes("quotes")
            }
        assert indexes["quotes_by_customer_id"][:2] == ["customer_id", "created_at"]
        # new drafts count on from the old counters and join the existing customers
        number = register.create_draft(
            "Q", quote_facts("Acme GmbH"), THEN + timedelta(days=9), "sam", year=2025
        )
        assert number == "Q-2025-00005"
        assert len(register.customers()) == 3
        assert register.summaries(customer="acme")[0].number == number
    finally:
        register.close()


def test_sqlite_keeps_a_backup_of_the_version_two_register(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite3"
    old_register(f"sqlite:///{path}", 2, OLD_QUOTES)
    Register(f"sqlite:///{path}").close()
    backup = tmp_path / "register.sqlite3.v2.backup"
    with sqlite3.connect(backup) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        version = connection.execute(
            "SELECT value FROM quoter_schema WHERE key = 'version'"
        ).fetchone()
        count = connection.execute("SELECT COUNT(*) FROM quotes").fetchone()
        columns = [row[1] for row in connection.execute("PRAGMA table_info(quotes)")]
    connection.close()
    assert version == ("2",) and count == (len(OLD_QUOTES),)
    assert "customers" not in tables and "customer_id" not in columns
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_a_version_one_register_goes_through_both_upgrades(database: str) -> None:
    old_register(database, 1, OLD_QUOTES[:2])
    register = Register(database, automatic_upgrade=True)
    try:
        assert register.schema_version() == 3
        assert [s.has_triage for s in register.summaries()] == [False, False]
        assert [c.legal_name for c in register.customers()] == ["Globex", "Acme GmbH"]
    finally:
        register.close()
