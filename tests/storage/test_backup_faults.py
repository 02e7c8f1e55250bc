"""Faults while writing: a full disk (simulated everywhere, real on a tiny tmpfs where this
machine lets us mount one) and a killed process leave no file, partial or hidden, and say what
happened; a SQLite register on a full disk says so, names its file, and keeps what it had.

`quoter.files` is tested here too, with the backup that uses it (`write_atomically` keeps the
mode a plain `open()` gives, on both of its paths)."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from sqlalchemy import event

from quoter import files
from quoter.domain.register import RegisterError
from quoter.files import write_atomically
from quoter.storage.register import Register
from tests.storage.conftest import quote_facts
from tests.storage.test_backup import document

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FULL = f"the disk is full: {os.strerror(errno.ENOSPC)}"


class _FullDisk:
    """A file on a disk with `room` bytes left: a write beyond fails as a full disk does."""

    def __init__(self, file: BinaryIO, room: int) -> None:
        self.file, self.room = file, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.file.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)


@pytest.fixture(params=["anonymous", "named"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of writing: an anonymous file (Linux), a hidden named one (elsewhere)."""
    if request.param == "named":
        monkeypatch.setattr(files, "_anonymous_file", lambda folder, mode: None)
    return str(request.param)


def _full_disk(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    opened = os.fdopen

    def fdopen(descriptor: int, *arguments: Any, **options: Any) -> Any:
        return _FullDisk(opened(descriptor, *arguments, **options), room)

    monkeypatch.setattr(os, "fdopen", fdopen)


def _register_with_documents(path: Path, size: int = 200_000) -> Register:
    register = Register(f"sqlite:///{path}")
    for index in range(3):
        number = register.create_draft("Q", quote_facts("Acme"), NOW, "sam", year=2026)
        content = b"%PDF" + bytes([index]) * size
        register.issue(
            register.get(number), quote_facts("Acme"), NOW.date(), [document(content)], NOW, "sam"
        )
    return register


@pytest.mark.parametrize("room", [0, 10_000])
def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str, room: int
) -> None:
    register = _register_with_documents(tmp_path / "register.sqlite3")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "register.backup"
    _full_disk(monkeypatch, room)
    try:
        with pytest.raises(RegisterError) as raised:
            register.backup(target)
    finally:
        register.close()
    assert str(raised.value) == f"{target}: cannot be written ({FULL}); no backup was written"
    assert list(out.iterdir()) == []


def test_a_full_disk_found_by_fsync_leaves_the_old_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    """Some file systems take a write and refuse the space when it is flushed."""
    register = _register_with_documents(tmp_path / "register.sqlite3")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "register.backup"
    try:
        register.backup(target)
        before = target.read_bytes()

        def fsync(descriptor: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", fsync)
        with pytest.raises(RegisterError, match="the disk is full"):
            register.backup(target)
    finally:
        register.close()
    assert [p.name for p in out.iterdir()] == ["register.backup"]
    assert target.read_bytes() == before


def test_write_atomically_on_a_full_disk_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    target = tmp_path / "offer.pdf"
    target.write_bytes(b"the old offer")
    _full_disk(monkeypatch, 100)
    with pytest.raises(OSError) as raised:
        write_atomically(target, b"%PDF" * 1000)
    assert raised.value.errno == errno.ENOSPC
    assert files.failure(raised.value) == FULL
    assert [p.name for p in tmp_path.iterdir()] == ["offer.pdf"]
    assert target.read_bytes() == b"the old offer"


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def test_write_atomically_gives_the_mode_of_a_plain_open(
    tmp_path: Path, way: str, umask_027: None
) -> None:
    target = tmp_path / "offer.pdf"
    write_atomically(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF new"
    assert target.stat().st_mode & 0o777 == 0o640
    write_atomically(target, b"%PDF newer")  # over an existing file
    assert target.read_bytes() == b"%PDF newer"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["offer.pdf"]
    with files.atomic_file(tmp_path / "private", private=True) as file:
        file.write(b"secret")
    assert (tmp_path / "private").stat().st_mode & 0o777 == 0o600


def test_a_failure_in_the_middle_leaves_nothing(tmp_path: Path, way: str) -> None:
    with pytest.raises(ValueError, match="stop"), files.atomic_file(tmp_path / "out") as file:
        file.write(b"half")
        raise ValueError("stop")
    assert list(tmp_path.iterdir()) == []


# -- a real full disk ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KB tmpfs; skipped where mounting is not allowed (an unprivileged container)."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_backup_on_a_really_full_disk(tmp_path: Path, small_disk: Path, way: str) -> None:
    register = _register_with_documents(tmp_path / "register.sqlite3")
    target = small_disk / "register.backup"
    try:
        with pytest.raises(RegisterError) as raised:
            register.backup(target)
    finally:
        register.close()
    assert str(raised.value) == f"{target}: cannot be written ({FULL}); no backup was written"
    assert list(small_disk.iterdir()) == []
    write_atomically(small_disk / "small.txt", b"the space is free again")


def test_write_atomically_on_a_really_full_disk(small_disk: Path, way: str) -> None:
    target = small_disk / "offer.pdf"
    write_atomically(target, b"the old offer")
    with pytest.raises(OSError) as raised:
        write_atomically(target, b"%PDF" * 300_000)
    assert raised.value.errno == errno.ENOSPC
    assert [p.name for p in small_disk.iterdir()] == ["offer.pdf"]
    assert target.read_bytes() == b"the old offer"


def test_a_register_on_a_really_full_disk_says_so(small_disk: Path) -> None:
    path = small_disk / "register.sqlite3"
    register = Register(f"sqlite:///{path}")
    big = quote_facts("Acme", address="x" * 20_000)
    numbers = []
    try:
        with pytest.raises(RegisterError) as raised:
            for _ in range(200):
                numbers.append(register.create_draft("Q", big, NOW, "sam", year=2026))
        assert numbers, "the disk should have held a few drafts"
    finally:
        register.close()
    message = str(raised.value)
    assert message.startswith(f"{path}: the disk holding the register is full or failing (")
    assert "nothing was saved" in message
    reopened = Register(f"sqlite:///{path}")
    try:
        assert len(reopened.find(limit=1000)) == len(numbers)  # what was saved is still there
    finally:
        reopened.close()


# -- everywhere: a register that cannot grow -------------------------------------------------------


def test_a_register_that_cannot_grow_says_the_disk_is_full(tmp_path: Path) -> None:
    """SQLite's 'database or disk is full', as a full disk gives it, made by capping the
    file's pages at what it has (PRAGMA max_page_count)."""
    path = tmp_path / "register.sqlite3"
    register = Register(f"sqlite:///{path}")
    register.create_draft("Q", quote_facts("Acme"), NOW, "sam", year=2026)
    register.engine.dispose()

    def cap(connection: Any, record: Any) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(register.engine.pool, "connect", cap)
    try:
        with pytest.raises(RegisterError) as raised:
            register.create_draft(
                "Q", quote_facts("Acme", address="x" * 50_000), NOW, "sam", year=2026
            )
        assert [q.number for q in register.find()] == ["Q-2026-00001"]
    finally:
        register.close()
    assert str(raised.value) == (
        f"{path}: the disk holding the register is full or failing (database or disk is full); "
        "nothing was saved. Free some space on it (or check the disk), then repeat the operation."
    )


# -- killed -----------------------------------------------------------------------------------------

KILLED_BACKUP = """
import os
import sys
from pathlib import Path
from quoter.storage.register import Register
register = Register(sys.argv[1])
print("ready", flush=True)
for index in range(1000):
    register.backup(Path(sys.argv[2]) / f"backup-{os.getpid()}-{index:03d}.jsonl")
"""

KILLED_WRITER = """
import os
import sys
from pathlib import Path
from quoter.files import write_atomically
print("ready", flush=True)
for index in range(1000):
    write_atomically(Path(sys.argv[1]) / f"offer-{os.getpid()}-{index:03d}.pdf", b"%PDF" + bytes(5_000_000) + b"%%EOF")
"""


def _kill_after(command: list[str], delay: float) -> None:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()


@pytest.mark.slow
def test_a_killed_backup_leaves_no_file(tmp_path: Path) -> None:
    """Killed at any moment, a backup leaves complete backups only: no hidden file, no part.
    (Each backup has a new name: over an existing file, a kill in the instant between naming
    the complete file and renaming it over the target leaves it, complete, under a hidden name.)"""
    register = _register_with_documents(tmp_path / "register.sqlite3", size=3_000_000)
    register.close()
    out = tmp_path / "out"
    out.mkdir()
    for delay in (0.1, 0.35, 0.6, 0.9):
        _kill_after(
            [
                sys.executable,
                "-c",
                KILLED_BACKUP,
                f"sqlite:///{tmp_path / 'register.sqlite3'}",
                str(out),
            ],
            delay,
        )
    names = sorted(p.name for p in out.iterdir())
    assert not [name for name in names if name.startswith(".")]
    for name in names:
        lines = (out / name).read_text(encoding="utf-8").splitlines()
        # the header, a counter, a customer, 3 quotes, their documents, 6 audit entries
        assert len(lines) == 1 + 1 + 1 + 3 + 3 + 6
        assert all(json.loads(line) for line in lines)


@pytest.mark.slow
def test_a_killed_writer_leaves_no_file(tmp_path: Path) -> None:
    for delay in (0.05, 0.2, 0.4):
        _kill_after([sys.executable, "-c", KILLED_WRITER, str(tmp_path)], delay)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert not [name for name in names if name.startswith(".")]
    for name in names:
        assert (tmp_path / name).read_bytes().endswith(b"%%EOF")
