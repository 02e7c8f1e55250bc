"""A restore checks the whole backup before it writes anything: each fault gets its file and line
and the register stays empty; a whole backup numbers on from where it stopped, deleted drafts'
numbers included."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from quoter.domain.register import RegisterError
from quoter.storage.register import Register
from tests.storage.conftest import quote_facts
from tests.storage.test_backup import document

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
Entries = list[dict[str, Any]]


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Q-2026-00001 a draft (Acme), Q-2026-00002 issued (Globex) with its revision -R2 a draft,
    Q-2026-00003 a deleted draft (only the audit log names it), Q-2026-00004 a draft (Hooli)."""
    folder = tmp_path_factory.mktemp("good")
    register = Register(f"sqlite:///{folder / 'source.sqlite3'}")
    try:
        register.create_draft("Q", quote_facts("Acme"), NOW, "sam", year=2026)
        number = register.create_draft("Q", quote_facts("Globex"), NOW, "sam", year=2026)
        register.issue(
            register.get(number),
            quote_facts("Globex"),
            date(2026, 4, 1),
            [document(b"%PDF")],
            NOW,
            "sam",
        )
        register.create_draft("Q", quote_facts("Globex"), NOW, "sam", revision_of=number, year=2026)
        deleted = register.create_draft("Q", quote_facts("Acme"), NOW, "sam", year=2026)
        register.delete_draft(register.get(deleted), NOW, "sam")
        register.create_draft("Q", quote_facts("Hooli"), NOW, "sam", year=2026)
        register.backup(folder / "good.backup")
    finally:
        register.close()
    return folder / "good.backup"


def entries_of(backup: Path) -> Entries:
    return [json.loads(line) for line in backup.read_text(encoding="utf-8").splitlines()]


def line_of(entries: Entries, table: str, **values: Any) -> int:
    """The line (counted from 1) of the first row of `table` with these values."""
    for index, entry in enumerate(entries):
        row = entry.get("row", {})
        if entry.get("table") == table and all(row.get(k) == v for k, v in values.items()):
            return index + 1
    raise AssertionError(f"no {table} row with {values}")


def drop(entries: Entries, table: str, **values: Any) -> None:
    entries.pop(line_of(entries, table, **values) - 1)


def change(entries: Entries, table: str, match: dict[str, Any], **values: Any) -> None:
    entries[line_of(entries, table, **match) - 1]["row"].update(values)


def counter_behind_a_quote(entries: Entries) -> tuple[int, str]:
    change(entries, "quote_counters", {"prefix": "Q"}, last=3)
    return line_of(entries, "quote_counters", prefix="Q"), (
        "counter Q 2026 is at 3 but quote Q-2026-00004 exists"
    )


def counter_behind_a_deleted_number(entries: Entries) -> tuple[int, str]:
    drop(entries, "quotes", number="Q-2026-00004")
    while any(e.get("row", {}).get("number") == "Q-2026-00004" for e in entries[1:]):
        drop(entries, "quote_audit", number="Q-2026-00004")
    change(entries, "quote_counters", {"prefix": "Q"}, last=2)
    return line_of(entries, "quote_counters", prefix="Q"), (
        "counter Q 2026 is at 2 but Q-2026-00003 is in the audit log (deleted)"
    )


def no_counter(entries: Entries) -> tuple[int, str]:
    drop(entries, "quote_counters", prefix="Q")
    return line_of(entries, "quotes", number="Q-2026-00004"), (
        "there is no counter Q 2026, but quote Q-2026-00004 exists"
    )


def revision_counter_behind(entries: Entries) -> tuple[int, str]:
    change(entries, "quote_counters", {"prefix": "Q-2026-00002"}, last=1)
    return line_of(entries, "quote_counters", prefix="Q-2026-00002"), (
        "the revision counter of Q-2026-00002 is at 1 but quote Q-2026-00002-R2 exists"
    )


def no_revision_counter(entries: Entries) -> tuple[int, str]:
    drop(entries, "quote_counters", prefix="Q-2026-00002")
    return line_of(entries, "quotes", number="Q-2026-00002-R2"), (
        "there is no revision counter of Q-2026-00002, but quote Q-2026-00002-R2 exists"
    )


def document_of_a_missing_quote(entries: Entries) -> tuple[int, str]:
    quote_id = entries[line_of(entries, "quotes", number="Q-2026-00002") - 1]["row"]["id"]
    drop(entries, "quotes", number="Q-2026-00002")
    return line_of(entries, "quote_documents", quote_id=quote_id), (
        f"document 1 belongs to a quote not in the backup (quote id {quote_id})"
    )


def audit_of_a_missing_quote(entries: Entries) -> tuple[int, str]:
    drop(entries, "quotes", number="Q-2026-00001")
    return line_of(entries, "quote_audit", number="Q-2026-00001"), (
        "audit entry 1 is about Q-2026-00001, which is neither in the backup nor deleted"
    )


def customer_missing(entries: Entries) -> tuple[int, str]:
    customer = entries[line_of(entries, "customers", legal_name="Hooli") - 1]["row"]["id"]
    drop(entries, "customers", legal_name="Hooli")
    return line_of(entries, "quotes", number="Q-2026-00004"), (
        f"quote Q-2026-00004 belongs to customer {customer}, not in the backup"
    )


def twice(entries: Entries) -> tuple[int, str]:
    line = line_of(entries, "quotes", number="Q-2026-00004")
    entries.append(entries[line - 1])
    quote_id = entries[line - 1]["row"]["id"]
    return len(entries), f"quotes id {quote_id} is there twice (first on line {line})"


def number_and_family_differ(entries: Entries) -> tuple[int, str]:
    change(entries, "quotes", {"number": "Q-2026-00004"}, family="Q-2026-00009")
    return line_of(entries, "quotes", number="Q-2026-00004"), (
        "quote Q-2026-00004 has family Q-2026-00009 and revision 1"
    )


def not_a_number(entries: Entries) -> tuple[int, str]:
    change(entries, "quotes", {"number": "Q-2026-00004"}, number="Q-2026-4", family="Q-2026-4")
    return line_of(entries, "quotes", number="Q-2026-4"), "quote 'Q-2026-4' is not a quote number"


def _value_fault(
    column: str, value: Any, said: str, table: str = "quotes", **match: Any
) -> Callable[[Entries], tuple[int, str]]:
    match = match or {"number": "Q-2026-00004"}

    def fault(entries: Entries) -> tuple[int, str]:
        line = line_of(entries, table, **match)
        entries[line - 1]["row"][column] = value
        return line, f"{table}.{column} {said}"

    return fault


def missing_column(entries: Entries) -> tuple[int, str]:
    line = line_of(entries, "quotes", number="Q-2026-00004")
    del entries[line - 1]["row"]["status"]
    return line, "the quotes row has no status"


FAULTS: dict[str, Callable[[Entries], tuple[int, str]]] = {
    "counter behind a quote": counter_behind_a_quote,
    "counter behind a deleted draft's number": counter_behind_a_deleted_number,
    "no counter": no_counter,
    "revision counter behind": revision_counter_behind,
    "no revision counter": no_revision_counter,
    "document of a missing quote": document_of_a_missing_quote,
    "audit of a missing quote": audit_of_a_missing_quote,
    "customer missing": customer_missing,
    "a row twice": twice,
    "number and family differ": number_and_family_differ,
    "not a number": not_a_number,
    "missing column": missing_column,
    "text for a number": _value_fault(
        "year", "2026", 'is "2026", not a whole number', "quote_counters", prefix="Q"
    ),
    "a fraction": _value_fault("revision", 1.5, "is 1.5, not a whole number"),
    "a number too big": _value_fault(
        "row_version", 2**40, "is 1099511627776, beyond what a register holds"
    ),
    "a number for text": _value_fault("customer", 7, "is 7, not text"),
    "text too long": _value_fault("currency", "USDX", "is 4 characters long: it holds at most 3"),
    "a NUL": _value_fault(
        "customer", "Hoo\x00li", "holds a NUL character, which PostgreSQL cannot store"
    ),
    "half a surrogate pair": _value_fault(
        "customer", "Hoo\ud800li", "is not Unicode text (it holds half of a surrogate pair)"
    ),
    "null": _value_fault("status", None, "is null, but every row has one"),
    "a status never stored": _value_fault(
        "status",
        "expired",
        'is "expired", not a status (accepted, declined, draft, issued, superseded)',
    ),
    "not JSON text": _value_fault("priced", '{"total": ', 'is "{\\"total\\": ", not JSON text'),
    "a moment in another form": _value_fault(
        "created_at",
        "2026-03-02 10:30+01:00",
        'is "2026-03-02 10:30+01:00", not a moment as the register writes it, like '
        "2026-03-02T09:30:00.000000+00:00",
    ),
    "not a day": _value_fault(
        "valid_until", "1.4.2026", 'is "1.4.2026", not a day like 2026-04-01'
    ),
    "not base64": _value_fault(
        "content", "%PDF", "is not base64 text (a document's bytes)", "quote_documents", kind="pdf"
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_faulty_backup_is_refused_with_its_line(
    database: str, good_backup: Path, tmp_path: Path, fault: str
) -> None:
    entries = entries_of(good_backup)
    line, said = FAULTS[fault](entries)
    faulty = tmp_path / "faulty.backup"
    faulty.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    register = Register(database)
    try:
        with pytest.raises(RegisterError) as raised:
            register.restore(faulty)
        assert register.summaries() == [] and register.customers() == []  # nothing was changed
    finally:
        register.close()
    message = str(raised.value)
    assert message.startswith(f"{faulty} cannot be restored: ")
    assert message.splitlines()[0].endswith(". Nothing was changed.")
    assert f"\n  {faulty}:{line}: {said}" in message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "1: the file is empty: it is not a quoter register backup"),
        (
            b'{"format": 1, "kind": "quoter.registered-quote"}\n',
            '1: not a quoter register backup (its first line would be {"quoter_register_backup": '
            '1, "schema": 3})',
        ),
        (
            b"SQLite format 3\x00\x10\x00\x01\x01\x00@  \x00\x00\x00\x02",
            '1: not a quoter register backup (its first line would be {"quoter_register_backup": '
            '1, "schema": 3})',
        ),
        (
            b'{"quoter_register_backup": 1, "schema": 3}\n[1, 2]\n',
            '2: not a row of a register table (a line is {"table": ..., "row": {...}})',
        ),
    ],
    ids=["empty", "another format", "a database", "a list"],
)
def test_a_file_that_is_no_backup_is_refused(tmp_path: Path, content: bytes, said: str) -> None:
    source = tmp_path / "file.backup"
    source.write_bytes(content)
    register = Register(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    try:
        with pytest.raises(RegisterError) as raised:
            register.restore(source)
    finally:
        register.close()
    assert f"\n  {source}:{said}" in str(raised.value)


def test_a_backup_cut_short_is_refused(database: str, good_backup: Path, tmp_path: Path) -> None:
    content = good_backup.read_bytes()
    cut = tmp_path / "cut.backup"
    cut.write_bytes(content[:-30])  # the last line loses its end
    register = Register(database)
    try:
        with pytest.raises(RegisterError) as raised:
            register.restore(cut)
        assert register.summaries() == []
    finally:
        register.close()
    lines = content.count(b"\n")
    assert str(raised.value) == (
        f"{cut} cannot be restored: 1 problem. Nothing was changed.\n"
        f"  {cut}:{lines}: the line is cut short: the backup is incomplete"
    )


def test_many_problems_are_counted_and_the_first_listed(good_backup: Path, tmp_path: Path) -> None:
    many = tmp_path / "many.backup"
    many.write_text(good_backup.read_text(encoding="utf-8") + "x\n" * 30, encoding="utf-8")
    register = Register(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    try:
        with pytest.raises(RegisterError) as raised:
            register.restore(many)
    finally:
        register.close()
    lines = str(raised.value).splitlines()
    assert lines[0] == (
        f"{many} cannot be restored: 30 problems; the first 20 are listed. Nothing was changed."
    )
    assert len(lines) == 21


def test_a_whole_backup_numbers_on_past_deleted_drafts(database: str, good_backup: Path) -> None:
    register = Register(database)
    try:
        register.restore(good_backup)
        assert register.create_draft("Q", quote_facts("Acme"), NOW, "sam", year=2026) == (
            "Q-2026-00005"
        )
        assert (
            register.create_draft(
                "Q", quote_facts("Globex"), NOW, "sam", revision_of="Q-2026-00002", year=2026
            )
            == "Q-2026-00002-R3"
        )
        assert [entry.action for entry in register.history("Q-2026-00003")] == [
            "created",
            "deleted",
        ]
    finally:
        register.close()
