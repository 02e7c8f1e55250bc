"""`quoter db backup` and `quoter db restore` at their faults, as a user meets them: a located
message and exit status 1, never an internal error (70)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, update
from sqlalchemy.pool import Pool

from quoter.storage.register import Register
from quoter.storage.schema import documents
from tests.cli.test_cli import Run, run  # noqa: F401  (the fixture)
from tests.conftest import REPO
from tests.storage.test_backup import _source

EXAMPLE = REPO / "examples" / "backport-usd.toml"


@pytest.fixture
def registers(tmp_path: Path) -> tuple[str, str]:
    """A register with quotes (one issued), and an empty one to restore into."""
    source, _ = _source(tmp_path / "source.sqlite3")
    source.close()
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    Register(empty).close()
    return f"sqlite:///{tmp_path / 'source.sqlite3'}", empty


def _backup(run: Run, url: str, target: Path) -> list[str]:  # noqa: F811
    status, _, err = run("--db", url, "db", "backup", target)
    assert status == 0, err
    return target.read_text(encoding="utf-8").splitlines(keepends=True)


def test_a_backup_restores(run: Run, registers: tuple[str, str], tmp_path: Path) -> None:  # noqa: F811
    source, empty = registers
    lines = _backup(run, source, tmp_path / "b.jsonl")
    status, out, err = run("--db", empty, "db", "restore", tmp_path / "b.jsonl")
    assert (status, err) == (0, "")
    assert out == f"{tmp_path / 'b.jsonl'}: restored ({len(lines) - 1} rows)\n"


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        ("cut", "{file}:{last}: the line is cut short: the backup is incomplete"),
        (
            "unknown table",
            "{file}:{last}: 'invoices' is not a table of the register (a backup holds "
            "quote_counters, customers, quotes, quote_documents, quote_audit)",
        ),
        ("unknown column", "{file}:{last}: quote_audit has no column signature"),
        (
            "another format",
            "{file}:1: a backup this quoter cannot restore "
            '({{"quoter_register_backup": 2, "schema": 3}}): it restores backup format 1 of '
            "register versions 1 to 3. A backup made by a newer quoter needs that quoter",
        ),
        ("counter behind", "{file}:2: counter Q 2026 is at 2 but quote Q-2026-00003 exists"),
    ],
)
def test_a_faulty_backup_exits_1_with_its_line(
    run: Run,  # noqa: F811
    registers: tuple[str, str],
    tmp_path: Path,
    fault: str,
    said: str,
) -> None:
    source, empty = registers
    lines = _backup(run, source, tmp_path / "b.jsonl")
    if fault == "cut":
        lines[-1] = lines[-1][:40]
    elif fault == "unknown table":
        lines.append('{"table": "invoices", "row": {"id": 1}}\n')
    elif fault == "unknown column":
        entry = json.loads(lines[-1])
        entry["row"]["signature"] = "x"
        lines[-1] = json.dumps(entry) + "\n"
    elif fault == "another format":
        lines[0] = '{"quoter_register_backup": 2, "schema": 3}\n'
    else:
        lines[1] = lines[1].replace('"last": 3', '"last": 2')
    faulty = tmp_path / "faulty.jsonl"
    faulty.write_text("".join(lines), encoding="utf-8")
    status, out, err = run("--db", empty, "db", "restore", faulty)
    assert (status, out) == (1, "")
    assert err.splitlines()[0].startswith(f"{faulty} cannot be restored: 1 problem")
    assert err.splitlines()[0].endswith("Nothing was changed.")
    assert err.splitlines()[1] == "  " + said.format(file=faulty, last=len(lines))
    status, out, _ = run("--db", empty, "quotes", "list")
    assert (status, out) == (0, "no quotes match\n")


def test_a_damaged_document_is_backed_up_and_named(
    run: Run,  # noqa: F811
    registers: tuple[str, str],
    tmp_path: Path,
) -> None:
    source, empty = registers
    register = Register(source)
    with register.transaction() as connection:
        connection.execute(update(documents).values(content=b"%PDF\x00\xfe"))
    register.close()
    target = tmp_path / "b.jsonl"
    status, out, err = run("--db", source, "db", "backup", target)
    assert (status, out) == (1, "")
    rows = len(target.read_text(encoding="utf-8").splitlines()) - 1
    recorded = hashlib.sha256(b"%PDF\x00\xff").hexdigest()
    now = hashlib.sha256(b"%PDF\x00\xfe").hexdigest()
    assert err.splitlines() == [
        f"{target}: the backup was written ({rows} rows), but 1 stored document is damaged: the "
        "bytes no longer have the SHA-256 recorded when the quote was issued, and are in the "
        "backup as they are. An older backup may hold them whole; 'quoter contract verify' "
        "checks a copy sent to the customer.",
        f"  Q-2026-00002 PDF: recorded sha256:{recorded}, now sha256:{now}",
    ]
    status, out, _ = run("--db", empty, "db", "restore", target)
    assert status == 0


def test_a_backup_on_a_full_disk_exits_1_and_leaves_nothing(
    run: Run,  # noqa: F811
    registers: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, _ = registers
    opened = os.fdopen

    class FullDisk:
        def __init__(self, file: Any) -> None:
            self.file = file

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.file, name)

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: FullDisk(opened(*a, **k)))
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    status, out, err = run("--db", source, "db", "backup", out_folder / "b.jsonl")
    assert (status, out) == (1, "")
    assert err == (
        f"{out_folder / 'b.jsonl'}: cannot be written (the disk is full: No space left on "
        "device); no backup was written\n"
    )
    assert list(out_folder.iterdir()) == []


def test_a_full_register_disk_exits_1_and_names_the_file(
    run: Run,  # noqa: F811
    registers: tuple[str, str],
    tmp_path: Path,
) -> None:
    """SQLite's 'database or disk is full' (a register that cannot grow, capped at the pages it
    has) is said with the file, and nothing was saved."""
    _, empty = registers

    def cap(connection: Any, record: Any) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Pool, "connect", cap)
    try:
        status, out, err = run("--db", empty, "quotes", "new", EXAMPLE)
    finally:
        event.remove(Pool, "connect", cap)
    assert (status, out) == (1, "")
    assert err == (
        f"{tmp_path / 'empty.sqlite3'}: the disk holding the register is full or failing "
        "(database or disk is full); nothing was saved. Free some space on it (or check the "
        "disk), then repeat the operation.\n"
    )
    status, out, _ = run("--db", empty, "quotes", "list")
    assert (status, out) == (0, "no quotes match\n")
