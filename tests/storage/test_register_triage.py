"""Register version 2: a quote from a triage keeps why it was billable, and registers made by
quoter 0.1 (version 1) are upgraded with their quotes intact, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from quoter.storage.register import QuoteFacts, Register
from quoter.storage.schema import SCHEMA_VERSION
from tests.storage.old_registers import OldQuote, old_register

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
FACTS = QuoteFacts("Globex", "mini-usd", "2026.1", "sha256:" + "0" * 64, "USD", "10.00", {}, {})
TRIAGE = {
    "verdict": "out_of_scope",
    "policy": {"id": "orca-os-support", "version": "2026.1", "digest": "sha256:" + "1" * 64},
    "clauses": [{"id": "REL-4", "text": "A release that has reached its end of life…"}],
    "facts": {"summary": "Backport fix ORCA-1234", "ask": {"kind": "backport"}},
}


def _as_version_one(url: str) -> str:
    """A register as quoter 0.1 left it: one quote, no triage column, schema version 1."""
    old_register(url, 1, [OldQuote("Q-2026-00001", "Globex", NOW)])
    return "Q-2026-00001"


def test_a_version_one_register_is_upgraded_with_its_quotes(database: str) -> None:
    number = _as_version_one(database)
    register = Register(database, automatic_upgrade=True)  # `quoter db upgrade` on PostgreSQL
    try:
        assert register.schema_version() == SCHEMA_VERSION == 3
        old = register.get(number)
        assert (old.customer, old.triage) == ("Globex", None)
        new = register.create_draft(
            "Q", replace(FACTS, triage=TRIAGE), NOW, "new quoter", year=2026
        )
        assert register.get(new).triage == TRIAGE
    finally:
        register.close()


def test_the_triage_follows_edits_and_is_in_the_audit_log(database: str) -> None:
    register = Register(database)
    try:
        number = register.create_draft("Q", replace(FACTS, triage=TRIAGE), NOW, "sam", year=2026)
        edited = replace(FACTS, total="20.00", triage=TRIAGE)
        register.update_draft(register.get(number), edited, NOW, "sam")
        assert register.get(number).triage == TRIAGE
        # a request that no longer came from a triage takes the triage away
        register.update_draft(register.get(number), FACTS, NOW, "sam")
        assert register.get(number).triage is None
        created = register.history(number)[0]
        assert created.detail["triage"] == "out_of_scope under orca-os-support 2026.1"
    finally:
        register.close()


def test_a_version_one_backup_restores_into_the_current_register(
    database: str, tmp_path: Path
) -> None:
    source = Register(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    number = source.create_draft("Q", replace(FACTS, triage=TRIAGE), NOW, "sam", year=2026)
    backup = tmp_path / "backup.jsonl"
    source.backup(backup)
    source.close()
    # what quoter 0.1 wrote: schema 1 in the header, quote rows without a triage column (nor
    # the customers of version 3)
    entries = [json.loads(line) for line in backup.read_text(encoding="utf-8").splitlines()]
    entries = [entry for entry in entries if entry.get("table") != "customers"]
    entries[0]["schema"] = 1
    for entry in entries[1:]:
        entry["row"].pop("triage", None)
        entry["row"].pop("customer_id", None)
    old_backup = tmp_path / "v1.jsonl"
    old_backup.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    target = Register(database)
    try:
        assert target.restore(old_backup) > 0
        assert target.get(number).triage is None
    finally:
        target.close()
