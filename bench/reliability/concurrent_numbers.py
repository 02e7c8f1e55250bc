"""Reliability: quote numbers from many processes at once are unique and gapless.

Client processes (multiprocessing's spawn method, each with its own `Register` on one database,
started together) take numbers as fast as they can through `quoter.storage.register.Register`,
as the use cases do: each operation is `create_draft`, `get` and `issue` (a small fake PDF and
DOCX: rendering real contracts would measure WeasyPrint, not the register). One operation in
ten is a revision instead: `create_draft(revision_of=...)` of one of five hot quotes issued
before the clients start, then its issue, so every client also counts revisions of the same
families at the same time (and issues them: each issue supersedes the family's issued one).

A run is one fresh register and one number of client processes: on SQLite (one file) 2, 3 and
4 processes; on PostgreSQL, when QUOTER_TEST_POSTGRES_URL names a server where the user may
create databases, 8, 14 and 20 clients, each run on a fresh database dropped afterwards. The
`--numbers` (default 11,320) are split evenly over the runs (the five hot quotes of each run
count among them).

After each run: every number the clients got is unique; the register holds exactly those quotes
(no write lost, none made up); no client saw an error; and register_checks.py's rules hold:
the serials of the year are exactly 1..N and each family's revisions 2..last (nothing is ever
deleted here), every issued quote has its two documents with their digests and its audit
entries, and at most one revision of a family is issued. On SQLite also `PRAGMA
integrity_check`.

Run: `nice -n 10 .venv/bin/python bench/reliability/concurrent_numbers.py [--numbers N]
[--seed S]` (SQLite only; about 3 minutes with the default on two cores), or with PostgreSQL:
`QUOTER_TEST_POSTGRES_PORT=55481 bash scripts/with-postgres nice -n 10 .venv/bin/python
bench/reliability/concurrent_numbers.py` (scripts/with-postgres runs the server with fsync=off).
`--numbers 300` takes under a minute. It prints one line per run and a summary line, and exits
1 if any check failed.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import queue
import random
import sqlite3
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from register_checks import check_register

from quoter.storage.register import QuoteFacts, Register

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
YEAR = NOW.year
PREFIX = "Q"
HOT_QUOTES = 5
REVISION_SHARE = 0.1
SQLITE_PROCESSES = (2, 3, 4)
POSTGRES_CLIENTS = (8, 14, 20)


def facts(index: int) -> QuoteFacts:
    customer = f"Customer {index % 97}"
    request = {"format": 1, "book": "bench-usd", "customer": {"legal_name": customer}}
    return QuoteFacts(
        customer, "bench-usd", "2026.1", "sha256:" + "0" * 64, "USD", "10.00", request, {}
    )


def fake_files(rng: random.Random) -> list[tuple[str, str, bytes]]:
    pdf = b"%PDF-1.7\n" + rng.randbytes(1000)
    docx = b"PK\x03\x04" + rng.randbytes(1000)
    return [
        ("docx", hashlib.sha256(docx).hexdigest(), docx),
        ("pdf", hashlib.sha256(pdf).hexdigest(), pdf),
    ]


def take_number(
    register: Register, rng: random.Random, hot: Sequence[str], index: int, actor: str
) -> str:
    """One operation: a new quote (or a revision of a hot one), issued at once."""
    now = NOW + timedelta(milliseconds=index)
    revision_of = rng.choice(hot) if hot and rng.random() < REVISION_SHARE else None
    number = register.create_draft(
        PREFIX, facts(index), now, actor, revision_of=revision_of, year=YEAR
    )
    register.issue(register.get(number), facts(index), now.date(), fake_files(rng), now, actor)
    return number


def client(
    url: str, count: int, seed: int, hot: Sequence[str], ready: Any, start: Any, results: Any
) -> None:
    """One client process: open the register, wait for the start, take `count` numbers."""
    rng = random.Random(seed)
    actor = f"client-{seed}"
    numbers: list[str] = []
    errors: list[str] = []
    try:
        register = Register(url, automatic_upgrade=False)
    except Exception:
        ready.put(traceback.format_exc())
        return
    ready.put("")
    start.wait()
    began = time.perf_counter()
    for index in range(count):
        try:
            numbers.append(take_number(register, rng, hot, seed * 1_000_000 + index, actor))
        except Exception as error:  # counted and shown: any error fails the run
            errors.append(f"{type(error).__name__}: {error}")
    seconds = time.perf_counter() - began
    register.close()
    results.put({"numbers": numbers, "errors": errors, "seconds": seconds})


def receive(channel: Any, workers: Sequence[Any]) -> Any:
    """The next message from the client processes, or None once none is alive to send one."""
    while True:
        try:
            return channel.get(timeout=1)
        except queue.Empty:
            if not any(worker.is_alive() for worker in workers):
                try:  # a message sent just before its process ended
                    return channel.get(timeout=1)
                except queue.Empty:
                    return None


@dataclass
class RunResult:
    backend: str
    processes: int
    numbers: int
    unique: int
    errors: list[str]
    problems: list[str]
    gapless: bool
    seconds: float

    def line(self) -> str:
        verdict = "ok" if not self.problems else f"FAILED ({len(self.problems)} problems)"
        return (
            f"{self.backend} {self.processes:>2} processes: {self.numbers:>5} numbers, "
            f"{self.unique:>5} unique, {len(self.errors)} errors, "
            f"{self.numbers / self.seconds:6.0f} numbers/s: {verdict}"
        )


def run_once(url: str, backend: str, processes: int, total: int, seed: int) -> RunResult:
    """`total` numbers from `processes` clients on the fresh register at `url`, then checked."""
    register = Register(url, automatic_upgrade=True)  # made once, as `quoter db create/upgrade`
    rng = random.Random(seed)
    hot = [
        take_number(register, rng, [], index, "setup") for index in range(min(HOT_QUOTES, total))
    ]
    register.close()
    remaining = total - len(hot)
    shares = [remaining // processes + (i < remaining % processes) for i in range(processes)]
    context = multiprocessing.get_context("spawn")
    ready, results, start = context.Queue(), context.Queue(), context.Event()
    workers = [
        context.Process(
            target=client, args=(url, share, seed * 100 + i + 1, hot, ready, start, results)
        )
        for i, share in enumerate(shares)
    ]
    for worker in workers:
        worker.start()
    outcomes: list[dict[str, Any]] = []
    errors: list[str] = []
    try:
        for _ in workers:
            message = receive(ready, workers)
            if message != "":
                errors.append(message or "a client process died before it was ready")
        began = time.perf_counter()
        start.set()
        while len(outcomes) < len(workers) - len(errors):
            outcome = receive(results, workers)
            if outcome is None:
                errors.append("a client process died without reporting")
                break
            outcomes.append(outcome)
        seconds = time.perf_counter() - began
    finally:
        start.set()
        for worker in workers:
            worker.join(timeout=60)
            if worker.is_alive():
                worker.terminate()
    numbers = hot + [number for outcome in outcomes for number in outcome["numbers"]]
    errors += [error for outcome in outcomes for error in outcome["errors"]]
    problems = [f"error: {error.strip().splitlines()[-1]}" for error in sorted(set(errors))]
    if len(set(numbers)) != len(numbers):
        problems.append(f"{len(numbers) - len(set(numbers))} numbers were given twice")
    if len(numbers) != total:
        problems.append(f"{len(numbers)} numbers taken, not {total}")
    report = check_register(url, formats=False)
    problems += report.problems
    if report.quotes != len(set(numbers)):
        problems.append(
            f"the register holds {report.quotes} quotes, the clients got {len(numbers)}"
        )
    stored_new = report.counters.get(f"{PREFIX}-{YEAR}", 0)
    expected_new = report.quotes - report.revisions
    if stored_new != expected_new:
        problems.append(f"the counter is at {stored_new}, with {expected_new} new quotes stored")
    if url.startswith("sqlite"):
        problems += sqlite_integrity(url.removeprefix("sqlite:///"))
    gapless = not report.kinds["numbers"] and stored_new == expected_new
    return RunResult(
        backend, processes, len(numbers), len(set(numbers)), errors, problems, gapless, seconds
    )


def sqlite_integrity(path: str) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    problems = []
    if integrity != [("ok",)]:
        problems.append(f"SQLite integrity_check: {integrity[:5]}")
    if foreign:
        problems.append(f"SQLite foreign_key_check: {foreign[:5]}")
    return problems


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A fresh database on the server, dropped afterwards (as tests/storage/conftest.py)."""
    import psycopg

    name = f"quoter_numbers_{uuid.uuid4().hex[:12]}"
    admin = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--numbers", type=int, default=11_320, help="numbers in all, split over the runs"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    arguments = parser.parse_args(argv)
    server = os.environ.get("QUOTER_TEST_POSTGRES_URL")
    plan = [("SQLite", n) for n in SQLITE_PROCESSES]
    if server:
        plan += [("PostgreSQL", n) for n in POSTGRES_CLIENTS]
    shares = [
        arguments.numbers // len(plan) + (i < arguments.numbers % len(plan))
        for i in range(len(plan))
    ]
    results: list[RunResult] = []
    began = time.perf_counter()
    for index, ((backend, processes), share) in enumerate(zip(plan, shares, strict=True)):
        seed = arguments.seed * 10 + index
        if backend == "SQLite":
            with tempfile.TemporaryDirectory(prefix="quoter-numbers-") as folder:
                url = f"sqlite:///{Path(folder) / 'register.sqlite3'}"
                result = run_once(url, backend, processes, share, seed)
        else:
            assert server is not None
            with postgres_database(server) as url:
                result = run_once(url, backend, processes, share, seed)
        results.append(result)
        print(result.line(), flush=True)
        for problem in result.problems[:20]:
            print(f"  FAILED: {problem}")
    numbers = sum(result.numbers for result in results)
    unique = sum(result.unique for result in results)
    errors = sum(len(result.errors) for result in results)
    failed = sum(bool(result.problems) for result in results)
    gapless = sum(result.gapless for result in results)
    backends = ", ".join(
        f"{backend} {'/'.join(str(r.processes) for r in results if r.backend == backend)}"
        for backend in dict.fromkeys(r.backend for r in results)
    )
    print(
        f"concurrent_numbers: {numbers:,} numbers from {len(results)} runs ({backends} "
        f"processes), {unique:,} unique, serials gapless in "
        f"{gapless}/{len(results)} runs, {errors} errors, "
        f"{'ok' if not failed else f'{failed} runs FAILED'}; "
        f"{time.perf_counter() - began:.0f} s, seed {arguments.seed}"
        + ("" if server else " (no PostgreSQL: QUOTER_TEST_POSTGRES_URL is not set)")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
