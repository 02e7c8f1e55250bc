"""Backups taken while colleagues work: each one moment of the register, restored into a register
that numbers on.

What it does. On a fresh register (PostgreSQL by default, `--sqlite` for a SQLite file), C client
processes (`--clients`, default 8, started with multiprocessing's spawn method) work as sellers
do, as fast as they can: each creates a draft for one of 20 customers, deletes it (15 %) or
issues it with a PDF and a DOCX (`--document-kb` random bytes each, default 20, with their true
SHA-256), and for half of the issued quotes drafts a revision and issues that (superseding the
first), then accepts one in three of those. Once the clients have stored a few quotes, the script
takes B backups (`--backups`, default 10) with `Register.backup`, one every `--interval` seconds
(default 0.5) while they go on. Then it stops the clients and restores each backup, with
`Register.restore` (which refuses an inconsistent backup), into a fresh database of the same kind,
and checks the restored register by reading its tables directly:

- consistent: every document's quote and every quote's customer is there; every audited number
  is a quote or was deleted; each (prefix, year) counter is at or above every serial of its
  numbers, and each family's revision counter at or above its revisions, counting the numbers
  only the audit log names (deleted drafts); each issued quote (issued, superseded, accepted)
  has its PDF and DOCX with their SHA-256, a draft none; at most one issued quote per family;
- it numbers on: `create_draft` gives the next number of the year (the counter's plus one) and a
  revision of the newest issued quote the next revision, and the new draft can be issued (on
  PostgreSQL this also checks that the id sequences were set past the restored rows).

It prints one line per backup and a summary line with the counts, and exits 1 if any backup was
refused or failed a check (a check, unlike the other benchmarks that only measure).
`--read-committed` takes the backups as issue 19 found them: each table's statement sees what
was committed when it ran (READ COMMITTED, PostgreSQL only), to see the restore refuse them.

PostgreSQL: the server is the one QUOTER_TEST_POSTGRES_URL names (the user must be allowed to
create databases); without it the script runs itself under scripts/with-postgres, which starts a
throwaway server (port 55432, or QUOTER_TEST_POSTGRES_PORT) with fsync=off.

Run: `.venv/bin/python bench/backup_under_load.py [--clients 8] [--backups 10] [--sqlite]`.
With the defaults it takes about a minute on two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import queue
import random
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event
from pathlib import Path

from sqlalchemy import func, select

from quoter.domain.register import QuoteNumber, RegisterError, Status, parse_number
from quoter.storage.backup import write_backup
from quoter.storage.register import QuoteFacts, Register, describe_url
from quoter.storage.schema import SCHEMA_VERSION, audit, counters, customers, documents, quotes

PREFIX = "Q"
YEAR = 2026
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
VALID_UNTIL = date(2026, 4, 1)
ISSUED = {Status.ISSUED.value, Status.SUPERSEDED.value, Status.ACCEPTED.value}
REPO = Path(__file__).resolve().parent.parent


def facts(customer: str) -> QuoteFacts:
    """What the register keeps of a small priced quote for `customer`."""
    request = {
        "format": 1,
        "book": "mini-usd",
        "customer": {"legal_name": customer, "address": ["1 Main Street", "Springfield"]},
        "lines": [],
    }
    return QuoteFacts(
        customer,
        "mini-usd",
        "2026.1",
        "sha256:" + "0" * 64,
        "USD",
        "10.00",
        request,
        {"total": "10.00"},
        None,
    )


# -- the clients ----------------------------------------------------------------------------------


@dataclass
class ClientCounts:
    drafts: int = 0
    issued: int = 0
    revisions: int = 0
    deleted: int = 0
    accepted: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: ClientCounts) -> None:
        self.drafts += other.drafts
        self.issued += other.issued
        self.revisions += other.revisions
        self.deleted += other.deleted
        self.accepted += other.accepted
        self.errors.extend(other.errors)


def client(url: str, stop: Event, seed: int, document_size: int) -> ClientCounts:
    """In a worker process: work on the register as a seller does until `stop` is set."""
    chance = random.Random(seed)
    counts = ClientCounts()
    register = Register(url, automatic_upgrade=False)
    actor = f"client-{seed}"

    def issue(number: str) -> None:
        files = []
        for kind in ("pdf", "docx"):
            content = kind.encode() + chance.randbytes(document_size)
            files.append((kind, hashlib.sha256(content).hexdigest(), content))
        register.issue(register.get(number), facts("x"), VALID_UNTIL, files, NOW, actor)
        counts.issued += 1

    try:
        while not stop.is_set():
            customer = f"Customer {chance.randrange(20):02d}"
            number = register.create_draft(PREFIX, facts(customer), NOW, actor, year=YEAR)
            counts.drafts += 1
            roll = chance.random()
            if roll < 0.15:
                register.delete_draft(register.get(number), NOW, actor)
                counts.deleted += 1
                continue
            issue(number)
            if roll < 0.575:
                revision = register.create_draft(
                    PREFIX, facts(customer), NOW, actor, revision_of=number, year=YEAR
                )
                counts.revisions += 1
                issue(revision)
                if roll < 0.3:
                    register.set_status(register.get(revision), Status.ACCEPTED, NOW, actor)
                    counts.accepted += 1
    except Exception as error:  # reported in the summary, never hidden
        counts.errors.append(f"{type(error).__name__}: {error}")
    finally:
        register.close()
    return counts


# -- taking the backups ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Backup:
    file: Path
    rows: int
    seconds: float


def backups_under_load(
    url: str,
    folder: Path,
    *,
    clients: int,
    backups: int,
    interval: float,
    document_size: int,
    read_committed: bool = False,
) -> tuple[list[Backup], ClientCounts]:
    """Start `clients` processes on the register at `url` (which exists), take `backups`
    backups into `folder` while they work, stop them; the backups and what the clients did."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    results: multiprocessing.Queue[ClientCounts] = context.Queue()
    workers = [
        context.Process(target=client_process, args=(url, stop, seed, document_size, results))
        for seed in range(clients)
    ]
    for worker in workers:
        worker.start()
    taken: list[Backup] = []
    counts = ClientCounts()
    register = Register(url, automatic_upgrade=False)
    try:
        _wait_for_quotes(register, 3 * clients, workers)
        for index in range(backups):
            target = folder / f"backup-{index + 1:02d}.jsonl"
            started = time.perf_counter()
            if read_committed:
                rows = _read_committed_backup(register, target)
            else:
                rows = register.backup(target).rows
            taken.append(Backup(target, rows, time.perf_counter() - started))
            time.sleep(interval)
    finally:
        stop.set()
        register.close()
        for _ in workers:
            try:
                counts.add(results.get(timeout=120))
            except queue.Empty:
                counts.errors.append("a client never reported")
        for worker in workers:
            worker.join()
    return taken, counts


def client_process(
    url: str,
    stop: Event,
    seed: int,
    document_size: int,
    results: multiprocessing.Queue[ClientCounts],
) -> None:
    """A client process: `client`, whose counts go to `results`."""
    results.put(client(url, stop, seed, document_size))


def _wait_for_quotes(register: Register, least: int, workers: Sequence[BaseProcess]) -> None:
    """Until the clients (whose processes take a while to start) have stored `least` quotes."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with register.engine.connect() as connection:
            if connection.execute(select(func.count()).select_from(quotes)).scalar_one() >= least:
                return
        if not all(worker.is_alive() for worker in workers):
            raise RuntimeError("a client stopped before the backups began (see its output)")
        time.sleep(0.2)
    raise RuntimeError(f"the clients stored fewer than {least} quotes in 120 s")


def _read_committed_backup(register: Register, target: Path) -> int:
    """The backup as quoter took it before it was one snapshot: each table's statement sees
    what was committed when it ran (PostgreSQL's READ COMMITTED)."""
    with register.engine.connect() as connection:
        connection.execution_options(isolation_level="READ COMMITTED")
        return write_backup(connection, target, SCHEMA_VERSION).rows


# -- checking a restored register -----------------------------------------------------------------


@dataclass
class Outcome:
    backup: Backup
    quotes: int = 0
    refused: str | None = None
    problems: list[str] = field(default_factory=list)
    next_number: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.problems


def restore_and_check(backup: Backup, url: str) -> Outcome:
    """Restore `backup` into the empty register at `url` and check it (see the docstring)."""
    outcome = Outcome(backup)
    register = Register(url, automatic_upgrade=True)
    try:
        try:
            restored = register.restore(backup.file)
        except RegisterError as error:
            outcome.refused = error.describe()
            return outcome
        if restored != backup.rows:
            outcome.problems.append(f"{restored} rows restored of the {backup.rows} backed up")
        outcome.quotes, problems = check_register(register)
        outcome.problems.extend(problems)
        outcome.problems.extend(_numbers_on(register, outcome))
    finally:
        register.close()
    return outcome


def check_register(register: Register) -> tuple[int, list[str]]:
    """The register's quotes, and what is inconsistent in its tables (no orphan rows, counters
    at or above every number, issued quotes with their documents)."""
    with register.engine.connect() as connection:
        quote_rows = connection.execute(
            select(
                quotes.c.id, quotes.c.number, quotes.c.family, quotes.c.status, quotes.c.customer_id
            )
        ).all()
        customer_ids = set(connection.execute(select(customers.c.id)).scalars())
        document_rows = connection.execute(
            select(documents.c.quote_id, documents.c.kind, documents.c.sha256, documents.c.content)
        ).all()
        entries = connection.execute(select(audit.c.number, audit.c.action)).all()
        last = {
            (row.prefix, row.year): row.last for row in connection.execute(select(counters)).all()
        }
    problems: list[str] = []
    ids = {row.id: row for row in quote_rows}
    numbers = {row.number for row in quote_rows}
    kinds: dict[int, set[str]] = {row.id: set() for row in quote_rows}
    for quote_id, kind, digest, content in document_rows:
        if quote_id not in ids:
            problems.append(f"a {kind} document of quote id {quote_id}, which is not there")
            continue
        kinds[quote_id].add(kind)
        if hashlib.sha256(bytes(content)).hexdigest() != digest:
            problems.append(f"the {kind} of {ids[quote_id].number} does not match its SHA-256")
    issued_per_family: dict[str, int] = {}
    for row in quote_rows:
        if row.customer_id not in customer_ids:
            problems.append(f"{row.number}'s customer {row.customer_id} is not there")
        expected = {"pdf", "docx"} if row.status in ISSUED else set()
        if kinds[row.id] != expected:
            problems.append(f"{row.number} ({row.status}) has documents {sorted(kinds[row.id])}")
        if row.status in (Status.ISSUED.value, Status.ACCEPTED.value):
            issued_per_family[row.family] = issued_per_family.get(row.family, 0) + 1
    for family, count in issued_per_family.items():
        if count > 1:
            problems.append(f"{family} has {count} valid offers")
    deleted = {number for number, action in entries if action == "deleted"}
    named = numbers | {number for number, _ in entries}
    for number in sorted({n for n, _ in entries} - numbers - deleted):
        problems.append(f"audit entries of {number}, which is neither there nor deleted")
    for text in sorted(named):
        number = parse_number(text)
        if last.get((number.prefix, number.year), 0) < number.serial:
            problems.append(f"counter {number.prefix} {number.year} is behind {text}")
        if number.revision > 1 and last.get((number.family, 0), 0) < number.revision:
            problems.append(f"the revision counter of {number.family} is behind {text}")
    return len(quote_rows), problems


def _numbers_on(register: Register, outcome: Outcome) -> list[str]:
    """A new draft gets the counter's next number, a revision the family's next revision, and
    both can be issued."""
    with register.engine.connect() as connection:
        last = connection.execute(
            select(counters.c.last).where(counters.c.prefix == PREFIX, counters.c.year == YEAR)
        ).scalar_one()
        newest = connection.execute(
            select(quotes.c.number, quotes.c.family)
            .where(quotes.c.status.in_([Status.ISSUED.value, Status.ACCEPTED.value]))
            .order_by(quotes.c.id.desc())
            .limit(1)
        ).first()
        revisions = (
            connection.execute(
                select(counters.c.last).where(
                    counters.c.prefix == newest.family, counters.c.year == 0
                )
            ).scalar()
            if newest is not None
            else None
        )
    problems = []
    try:
        number = register.create_draft(PREFIX, facts("After"), NOW, "check", year=YEAR)
        outcome.next_number = number
        if number != str(QuoteNumber(PREFIX, YEAR, last + 1)):
            problems.append(f"the next draft is {number}, not number {last + 1}")
        files = [("pdf", hashlib.sha256(b"%PDF").hexdigest(), b"%PDF")]
        register.issue(register.get(number), facts("After"), VALID_UNTIL, files, NOW, "check")
        if newest is not None:
            revision = register.create_draft(
                PREFIX, facts("After"), NOW, "check", revision_of=newest.number, year=YEAR
            )
            if parse_number(revision).revision != (revisions or 1) + 1:
                problems.append(f"the next revision of {newest.family} is {revision}")
    except RegisterError as error:
        problems.append(f"numbering on failed: {error}")
    return problems


# -- fresh databases ------------------------------------------------------------------------------


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A fresh database on the server, dropped afterwards (as tests/storage/conftest.py)."""
    import psycopg

    name = f"quoter_bench_{uuid.uuid4().hex[:12]}"
    admin = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_databases(server: str | None, folder: Path) -> Callable[[], AbstractContextManager[str]]:
    """A maker of fresh, empty databases: on the PostgreSQL `server`, else SQLite files."""
    if server is not None:
        return lambda: postgres_database(server)

    @contextmanager
    def sqlite_file() -> Iterator[str]:
        yield f"sqlite:///{folder / f'register-{uuid.uuid4().hex[:8]}.sqlite3'}"

    return sqlite_file


def run(arguments: argparse.Namespace, server: str | None) -> list[Outcome]:
    with tempfile.TemporaryDirectory(prefix="quoter-backup-load-") as name:
        folder = Path(name)
        fresh = fresh_databases(server, folder)
        started = time.perf_counter()
        with fresh() as url:
            Register(url, automatic_upgrade=True).close()
            taken, counts = backups_under_load(
                url,
                folder,
                clients=arguments.clients,
                backups=arguments.backups,
                interval=arguments.interval,
                document_size=arguments.document_kb * 1024,
                read_committed=arguments.read_committed,
            )
        outcomes = []
        for backup in taken:
            with fresh() as url:
                outcome = restore_and_check(backup, url)
            outcomes.append(outcome)
            print(_line(outcome), flush=True)
        where = describe_url(server) if server else "SQLite files"
        print(
            f"{where}: {arguments.clients} clients made {counts.drafts} drafts, issued "
            f"{counts.issued}, revised {counts.revisions}, accepted {counts.accepted}, deleted "
            f"{counts.deleted} ({len(counts.errors)} errors"
            + (f": {counts.errors[0]}" if counts.errors else "")
            + f"); {time.perf_counter() - started:.0f} s in all"
        )
        print(_summary(outcomes, counts))
        return outcomes


def _line(outcome: Outcome) -> str:
    backup = outcome.backup
    head = f"{backup.file.name}: {backup.rows} rows in {backup.seconds:.2f} s"
    if outcome.refused is not None:
        return f"{head}; REFUSED by restore: {' / '.join(outcome.refused.splitlines()[:3])}"
    if outcome.problems:
        return f"{head}; {outcome.quotes} quotes; PROBLEMS: {'; '.join(outcome.problems[:3])}"
    return f"{head}; {outcome.quotes} quotes; consistent; the next draft is {outcome.next_number}"


def _summary(outcomes: list[Outcome], counts: ClientCounts) -> str:
    restored = [o for o in outcomes if o.refused is None]
    quotes_seen = [o.quotes for o in restored] or [0]
    return (
        f"backups {len(outcomes)}, restored {len(restored)}, refused "
        f"{len(outcomes) - len(restored)}, consistent and numbering on "
        f"{sum(o.ok for o in outcomes)}, with problems {sum(bool(o.problems) for o in outcomes)}; "
        f"quotes per backup {min(quotes_seen)} to {max(quotes_seen)}; client errors "
        f"{len(counts.errors)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=8, help="client processes")
    parser.add_argument("--backups", type=int, default=10, help="backups taken under load")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between backups")
    parser.add_argument("--document-kb", type=int, default=20, help="size of each PDF and DOCX")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite register, not PostgreSQL")
    parser.add_argument(
        "--read-committed",
        action="store_true",
        help="take the backups as before the fix (each table read under READ COMMITTED)",
    )
    arguments = parser.parse_args(argv)
    server = None if arguments.sqlite else os.environ.get("QUOTER_TEST_POSTGRES_URL")
    if not arguments.sqlite and server is None:  # a throwaway server for this run
        command = ["bash", str(REPO / "scripts" / "with-postgres"), sys.executable, __file__]
        return subprocess.run([*command, *(argv or sys.argv[1:])], check=False).returncode
    if arguments.read_committed and server is None:
        parser.error("--read-committed is about PostgreSQL")
    try:
        outcomes = run(arguments, server)
    except Exception:
        traceback.print_exc()
        return 1
    return 0 if outcomes and all(outcome.ok for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
