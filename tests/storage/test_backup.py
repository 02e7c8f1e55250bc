"""Backups: every table, customers included, back into an empty register of either kind; backups
made before register version 3 get their customers rebuilt; a backup is one moment of the
register while others write; damaged stored documents are backed up and reported; an unwritable
target or an unreadable backup is a located message that leaves nothing behind."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, update

from quoter.domain.register import RegisterError
from quoter.storage.backup import DocumentMismatch
from quoter.storage.register import Register
from quoter.storage.schema import documents, quotes
from tests.storage.conftest import quote_facts

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def document(content: bytes, kind: str = "pdf") -> tuple[str, str, bytes]:
    """A stored document with its true SHA-256, as issuing stores it."""
    return kind, hashlib.sha256(content).hexdigest(), content


def _source(path: Path | str) -> tuple[Register, list[str]]:
    """A register with two customers, one of them with newer details, and an issued quote."""
    register = Register(path if isinstance(path, str) else f"sqlite:///{path}")
    numbers = [
        register.create_draft(
            "Q", quote_facts("Acme GmbH", address="1 Old Road"), NOW, "sam", year=2026
        ),
        register.create_draft(
            "Q", quote_facts("Globex"), NOW + timedelta(hours=1), "sam", year=2026
        ),
        register.create_draft(
            "Q",
            quote_facts("Acme GmbH", address="2 New Road"),
            NOW + timedelta(hours=2),
            "sam",
            year=2026,
        ),
    ]
    draft = register.get(numbers[1])
    register.issue(
        draft, quote_facts("Globex"), date(2026, 4, 1), [document(b"%PDF\x00\xff")], NOW, "sam"
    )
    return register, numbers


def test_a_backup_restores_with_its_customers(database: str, tmp_path: Path) -> None:
    source, numbers = _source(database)
    (tmp_path / "out").mkdir()
    backup = tmp_path / "out" / "register.backup"
    try:
        report = source.backup(backup)
        expected = (source.customers(), source.summaries(), [source.get(n) for n in numbers])
        history = source.history(numbers[1])
    finally:
        source.close()
    assert report.damaged == ()
    assert report.rows == len(backup.read_text(encoding="utf-8").splitlines()) - 1
    tables = [
        json.loads(line).get("table") for line in backup.read_text(encoding="utf-8").splitlines()
    ]
    assert tables.count("customers") == 2
    assert [p.name for p in backup.parent.iterdir()] == ["register.backup"]  # no temporary left
    assert backup.stat().st_mode & 0o777 == 0o600  # every customer's details: the owner's only
    target = Register(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    try:
        assert target.restore(backup) == report.rows
        assert (
            target.customers(),
            target.summaries(),
            [target.get(n) for n in numbers],
        ) == expected
        assert target.customers("acme")[0].details["address"] == ["2 New Road", "Springfield"]
        assert target.documents(numbers[1])[0].content == b"%PDF\x00\xff"
        assert target.history(numbers[1]) == history
        # the counters and the customers carry on where the backup left them
        again = target.create_draft(
            "Q", quote_facts("Globex"), NOW + timedelta(days=1), "sam", year=2026
        )
        assert again == "Q-2026-00004"
        target.create_draft("Q", quote_facts("Hooli"), NOW + timedelta(days=1), "sam", year=2026)
        assert [c.legal_name for c in target.customers()] == ["Hooli", "Globex", "Acme GmbH"]
        with pytest.raises(
            RegisterError, match="restore needs an empty register: this one holds quotes"
        ):
            target.restore(backup)
    finally:
        target.close()


def _older(backup: Path, schema: int, into: Path) -> Path:
    """The backup as quoter wrote it at register version `schema` (1 or 2): no customers table,
    no customer ids, and at version 1 no triage."""
    entries = [json.loads(line) for line in backup.read_text(encoding="utf-8").splitlines()]
    entries[0]["schema"] = schema
    kept = [entries[0]]
    for entry in entries[1:]:
        if entry["table"] == "customers":
            continue
        entry["row"].pop("customer_id", None)
        if schema == 1:
            entry["row"].pop("triage", None)
        kept.append(entry)
    into.write_text("".join(json.dumps(e) + "\n" for e in kept), encoding="utf-8")
    return into


@pytest.mark.parametrize("schema", [1, 2, 3])
def test_a_backup_of_each_version_restores_with_customers(
    database: str, tmp_path: Path, schema: int
) -> None:
    """Versions 1 and 2 have no customers: they are rebuilt from the quotes."""
    source, numbers = _source(tmp_path / "source.sqlite3")
    backup = tmp_path / "register.backup"
    try:
        source.backup(backup)
        expected = source.summaries()
    finally:
        source.close()
    if schema < 3:
        backup = _older(backup, schema, tmp_path / f"v{schema}.backup")
    target = Register(database)
    try:
        target.restore(backup)
        assert target.summaries() == expected
        acme = target.customers("acme")
        assert [c.legal_name for c in acme] == ["Acme GmbH"]
        assert acme[0].details["address"] == ["2 New Road", "Springfield"]  # the newest quote's
        assert acme[0].last_used_at == NOW + timedelta(hours=2)
        assert [s.number for s in target.summaries(customer="ACME")] == [numbers[2], numbers[0]]
        target.create_draft("Q", quote_facts("Hooli"), NOW + timedelta(days=1), "sam", year=2026)
        assert len(target.customers()) == 3
    finally:
        target.close()


def test_a_backup_is_one_moment_of_the_register(database: str, tmp_path: Path) -> None:
    """A colleague issues a quote and deletes a draft after the backup has read the counters and
    before it reads the rest: the backup holds none of it (read statement by statement, it held
    a document of a quote it lacked, and counters behind its numbers), and restores."""
    source, numbers = _source(database)
    colleague = Register(database)
    written: list[str] = []

    def colleague_writes(*arguments: Any) -> None:
        statement = arguments[2]
        if written or "quote_counters" not in statement:
            return
        number = colleague.create_draft("Q", quote_facts("Initech"), NOW, "kim", year=2026)
        colleague.issue(
            colleague.get(number),
            quote_facts("Initech"),
            date(2026, 4, 1),
            [document(b"%PDF late")],
            NOW,
            "kim",
        )
        colleague.delete_draft(colleague.get(numbers[0]), NOW, "kim")
        written.append(number)

    backup = tmp_path / "register.backup"
    event.listen(source.engine, "after_cursor_execute", colleague_writes)
    try:
        report = source.backup(backup)
        assert written == ["Q-2026-00004"]  # the colleague wrote while the backup read
        assert source.get("Q-2026-00004").customer == "Initech"
    finally:
        event.remove(source.engine, "after_cursor_execute", colleague_writes)
        source.close()
        colleague.close()
    entries = [json.loads(line) for line in backup.read_text(encoding="utf-8").splitlines()[1:]]
    rows = {table: [e["row"] for e in entries if e["table"] == table] for table in {"quotes"}}
    assert [row["number"] for row in rows["quotes"]] == numbers  # the deleted draft is there
    assert report.rows == len(entries)
    assert "Initech" not in backup.read_text(encoding="utf-8")
    assert not [
        e for e in entries if e["table"] == "quote_audit" and e["row"]["action"] == "deleted"
    ]
    target = Register(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    try:
        target.restore(backup)
        assert [q.number for q in target.find()] == list(reversed(numbers))
        assert target.create_draft("Q", quote_facts("Hooli"), NOW, "sam", year=2026) == (
            "Q-2026-00004"
        )
    finally:
        target.close()


def test_a_damaged_document_is_backed_up_and_reported(database: str, tmp_path: Path) -> None:
    """A stored PDF whose bytes no longer have their SHA-256 is in the backup as it is (a backup
    of everything else is still worth having) and named in the report."""
    source, numbers = _source(database)
    source.issue(
        source.get(numbers[2]),
        quote_facts("Acme GmbH"),
        date(2026, 4, 1),
        [document(b"%PDF fine"), document(b"PK docx", "docx")],
        NOW,
        "sam",
    )
    recorded = hashlib.sha256(b"%PDF\x00\xff").hexdigest()
    with source.transaction() as connection:  # one bit of the stored PDF flipped
        connection.execute(
            update(documents)
            .values(content=b"%PDF\x00\xfe")
            .where(
                documents.c.quote_id
                == select(quotes.c.id).where(quotes.c.number == numbers[1]).scalar_subquery()
            )
        )
    backup = tmp_path / "register.backup"
    try:
        report = source.backup(backup)
    finally:
        source.close()
    assert report.damaged == (
        DocumentMismatch(numbers[1], "pdf", recorded, hashlib.sha256(b"%PDF\x00\xfe").hexdigest()),
    )
    target = Register(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    try:
        assert target.restore(backup) == report.rows
        assert target.documents(numbers[1])[0].content == b"%PDF\x00\xfe"  # as it was
        assert [d.content for d in target.documents(numbers[2])] == [b"PK docx", b"%PDF fine"]
    finally:
        target.close()


def test_a_backup_never_writes_over_another_ones_temporary_file(tmp_path: Path) -> None:
    source, _ = _source(tmp_path / "source.sqlite3")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "register.backup"
    other = tmp_path / "out" / ".register.backup.tmp"  # the name every backup used to write to
    other.write_text("another backup, still being written", encoding="utf-8")
    try:
        source.backup(target)
        source.backup(target)  # and over an earlier backup
    finally:
        source.close()
    assert other.read_text(encoding="utf-8") == "another backup, still being written"
    assert sorted(p.name for p in target.parent.iterdir()) == [other.name, target.name]
    assert json.loads(target.read_text(encoding="utf-8").splitlines()[0])["schema"] == 3


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing/register.backup", "No such file or directory"),
        ("a-folder", "Is a directory"),
        ("/proc/x.backup", "No such file or directory"),
    ],
)
def test_a_backup_that_cannot_be_written_says_where_and_why(
    tmp_path: Path, where: str, reason: str
) -> None:
    source, _ = _source(tmp_path / "source.sqlite3")
    out = tmp_path / "out"
    (out / "a-folder").mkdir(parents=True)
    target = out / where if not where.startswith("/") else Path(where)
    try:
        with pytest.raises(RegisterError) as raised:
            source.backup(target)
    finally:
        source.close()
    assert str(raised.value) == f"{target}: cannot be written ({reason}); no backup was written"
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert [p.name for p in out.iterdir()] == ["a-folder"]  # nothing left behind
    assert list((out / "a-folder").iterdir()) == []


def test_a_backup_that_cannot_be_read_is_named(database: str, tmp_path: Path) -> None:
    register = Register(database)
    try:
        missing = tmp_path / "nowhere.backup"
        with pytest.raises(
            RegisterError, match=r"nowhere.backup: cannot be read \(No such file or directory\)$"
        ):
            register.restore(missing)
        damaged = tmp_path / "damaged.backup"
        damaged.write_text(
            '{"quoter_register_backup": 1, "schema": 3}\n'
            '{"table": "customers", "row": {"id": 1, "legal_name": "Acme", "name_key": "acme",'
            ' "details": "{}", "last_used_at": "2026-03-02T09:30:00.000000+00:00"}}\n'
            '{"table": "invoices", "row": {}}\n'
            '{"table": "quotes", "row": {"colour": "red"}}\n'
            "not json\n",
            encoding="utf-8",
        )
        with pytest.raises(RegisterError) as raised:
            register.restore(damaged)
        assert str(raised.value) == (
            f"{damaged} cannot be restored: 3 problems. Nothing was changed.\n"
            f"  {damaged}:3: 'invoices' is not a table of the register (a backup holds "
            "quote_counters, customers, quotes, quote_documents, quote_audit)\n"
            f"  {damaged}:4: quotes has no column colour\n"
            f"  {damaged}:5: not JSON"
        )
        assert register.customers() == []  # not even the good first row
        newer = tmp_path / "newer.backup"
        newer.write_text('{"quoter_register_backup": 1, "schema": 4}\n', encoding="utf-8")
        with pytest.raises(RegisterError) as raised:
            register.restore(newer)
        assert str(raised.value) == (
            f"{newer} cannot be restored: 1 problem. Nothing was changed.\n"
            f'  {newer}:1: a backup this quoter cannot restore ({{"quoter_register_backup": 1, '
            '"schema": 4}): it restores backup format 1 of register versions 1 to 3. A backup '
            "made by a newer quoter needs that quoter"
        )
    finally:
        register.close()
