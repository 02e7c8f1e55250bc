"""Benchmark: the quote register on SQLite and PostgreSQL: listing, opening, and concurrent issues.

What it prints, as one table with a column per database (wall-clock `time.perf_counter`, medians
and 95th percentiles of many repetitions, each repetition with another argument in rotation):

Reads, on a register of N quotes (`--quotes`, default 100,000) with realistic quotes: C customers
(`--customers`, default 400) whose shares follow Zipf's law (a few big customers with thousands
of quotes, most with a handful), creation times spread evenly over one year (each quote its own
`now`, its number's year the day's in the vendor's zone), 1 to 8 lines each, so the stored request
and priced JSON are 1.5 to 8 KB like the real ones; 80 % are issued with a small fake PDF and DOCX
(2 KB each), and of those 30 % accepted and 10 % declined. `--fill bulk` (the default) inserts
those rows a few thousand quotes per transaction, each customer stored once through the register's
own `store_customer` with its latest details and use, as the writes leave them (the audit entries
carry only their action); `--fill api` writes each quote through `Register.create_draft`,
`Register.issue` and `Register.set_status`, as before (the same quotes, some twenty times slower).
The fill's check says every quote has its customer row. On SQLite the filling connection runs
with `PRAGMA synchronous = OFF` to fill fast, and no ANALYZE (a register never runs one); every
measurement runs with the register's own settings. On PostgreSQL the fill ends with ANALYZE, as
autovacuum soon does on a register in use: without it the planner has no statistics for the fresh
table, picks other plans, and the figures depend on when autovacuum runs.

Each list is one page of 50, newest first. A customer is looked for by a piece of its name in
another case (`ACME ROBOTICS GMB` for `Acme Robotics GmbH`), found through the customers table.

- `summaries customer part, frequent`: `Register.summaries(customer=piece)`, one of the 10 biggest
  customers (each has more than 50 quotes, so a page fills early);
- `summaries customer part, rare`: customers with fewer than 50 quotes: every quote of theirs;
- `summaries customer '<form>'`: the legal form most customers share (e.g. `gmbh`): one filter
  matching many customers;
- `summaries customer part, page 3`: the frequent customers' third page (offset 100);
- `find customer part, ...`: the same through `Register.find`, which also reads the JSON;
- `summaries status issued`, `find status issued`: the newest 50 issued quotes;
- `customers for completion, 'a'`: `Register.customers("a")`, the first 20 most recently used;
- `get one`: `Register.get(number)`, a random quote each time;
  target: a list under 50 ms, one quote under 10 ms;
- `open + close register`: `Register(url)` and `close()` (connect and check the schema's
  version), which an application context pays once;
- `use case list_quotes ...`, `use case show_quote`: the same through `quoter.usecases.register`
  on one application context (the shown status of each quote; `show_quote` decodes the JSON into
  typed records and lists the documents' digests). `list_quotes(status=ISSUED)` also keeps only
  quotes still valid today. `show_quote / get, paired`: the median ratio of the two run one after
  the other on the same quote (target: within 2x).

Writes: `--issues` (default 1,000) issue operations, each `create_draft` + `get` + `issue` with a
~50 KB fake PDF and DOCX (random bytes, so incompressible), from P client processes started with
multiprocessing's spawn method, on a fresh register (SQLite: one file, 2 processes; PostgreSQL:
8 processes). Each process opens the register once, then all start together; the wall time runs
from the start signal to the last process's end. Printed: wall time, throughput (issues/s), the
latency of one issue operation (median, p95), and the check: every number unique, the serials
exactly 1..I with no gap, I issued quotes with 2 documents each in the register, and no errors.

PostgreSQL is measured only when QUOTER_TEST_POSTGRES_URL names a server where the user may
create databases (`bash scripts/with-postgres .venv/bin/python bench/bench_register.py` starts a
throwaway one): the benchmark creates two fresh databases on it, one for the concurrent issues and
one for the N-quote reads, creates the tables with `Register(url, automatic_upgrade=True)` once,
as `quoter db upgrade` does, and drops both at the end. Note that scripts/with-postgres runs the
server with fsync=off, which flatters PostgreSQL's write figures against SQLite's, and on port
55432 unless QUOTER_TEST_POSTGRES_PORT names another (set it if a test run holds that port).

Targets are printed beside each figure for reading, not enforced: the script always exits 0.

Run: `.venv/bin/python bench/bench_register.py [--quotes N] [--fill bulk|api] [--issues I]
[--customers C] [--repeat R]`. With the defaults it takes about a minute on two cores (the bulk fill
of 100,000 quotes about 20 s), two and a half with PostgreSQL.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import queue
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, select

from quoter.domain.money import ROUNDING_RULE
from quoter.domain.register import QuoteFilter, QuoteNumber, Status, parse_number
from quoter.storage.customers import customer_object, store_customer
from quoter.storage.register import QuoteFacts, Register, describe_url
from quoter.storage.schema import audit, counters, customers, documents, quotes
from quoter.usecases.context import build_context
from quoter.usecases.register import list_quotes, show_quote
from quoter.usecases.settings import Settings

PREFIX = "Q"
ACTOR = "bench"
ZONE = "Europe/Berlin"
FILL_START = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)
FILL_SPAN = timedelta(days=365)
NOW = FILL_START + FILL_SPAN
"""The readers' clock: the day after the last filled quote."""
ISSUE_DAY = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
"""When the concurrent issues happen."""
SMALL_DOCUMENT = 2 * 1024
LARGE_DOCUMENT = 50 * 1024
TARGET_LIST_MS = 50.0
TARGET_GET_MS = 10.0
SQLITE = "SQLite"
POSTGRES = "PostgreSQL"

# -- fake quotes ------------------------------------------------------------------------------

NAME_WORDS = (
    "Nordlicht",
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Kruger",
    "Bluth",
    "Sterling",
    "Wonka",
    "Gringotts",
    "Oceanic",
    "Aperture",
    "Black-Mesa",
    "Massive",
    "Monarch",
    "Virtucon",
    "Polaris",
    "Helios",
    "Kestrel",
    "Falkenberg",
    "Rheinmetric",
    "Alpenglow",
    "Baltic",
    "Carpathia",
    "Danube",
    "Elbe",
    "Fjord",
    "Granite",
    "Harbour",
    "Isar",
    "Jura",
    "Kastell",
    "Lindwurm",
    "Meridian",
    "Neckar",
    "Oder",
    "Pfalz",
)
NAME_TRADES = (
    "Robotics",
    "Automotive",
    "Medical Systems",
    "Avionics",
    "Rail Signalling",
    "Energy",
    "Industrial Controls",
    "Networks",
    "Marine Electronics",
    "Agritech",
    "Building Automation",
    "Test & Measurement",
)
NAME_FORMS = ("GmbH", "AG", "Inc.", "Ltd", "S.A.", "B.V.", "Oy", "AB", "SE", "LLC")
SERVICES = (
    ("BP-FIX", "backport", "Backport of one fix", "base_plus_unit", Decimal("3500.00")),
    ("OS-DAY", "onsite", "On-site engineering day", "per_unit", Decimal("2500.00")),
    ("DP-PORT", "driver_port", "Driver port", "tiered", Decimal("48000.00")),
    ("BSP-NEW", "bsp", "Board support package", "fixed", Decimal("65000.00")),
    ("SEC-AUD", "security", "Security audit of one release", "fixed", Decimal("18000.00")),
    ("TR-DAY", "training", "Training day", "per_unit", Decimal("1800.00")),
)


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    address: tuple[str, ...]
    tax_id: str
    signatory: str


def make_customers(count: int, rng: random.Random) -> list[Customer]:
    names = [f"{w} {t} {f}" for w in NAME_WORDS for t in NAME_TRADES for f in NAME_FORMS]
    rng.shuffle(names)
    if count > len(names):
        raise ValueError(f"at most {len(names)} customers")
    return [
        Customer(
            name=name,
            address=(f"{rng.randint(1, 200)} Main Street", f"{rng.randint(10000, 99999)} Town"),
            tax_id=f"DE{rng.randint(100_000_000, 999_999_999)}",
            signatory=rng.choice(("Jane Smith", "Max Mustermann", "Ana Silva", "Li Wei")),
        )
        for name in names[:count]
    ]


def customer_data(customer: Customer) -> dict[str, Any]:
    """The request's `customer` object, as `customer_to_data` writes it."""
    return {
        "legal_name": customer.name,
        "address": list(customer.address),
        "tax_id": customer.tax_id,
        "signatory": {"name": customer.signatory, "title": "CTO"},
    }


def vendor_year(moment: datetime) -> int:
    """A quote number's year: the day's in the vendor's time zone, as the use cases give it."""
    return moment.astimezone(ZoneInfo(ZONE)).year


def stored_moment(moment: datetime) -> str:
    """A moment as the register stores it (ISO 8601 UTC text, microseconds)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def make_facts(customer: Customer, lines: int, day: date, rng: random.Random) -> QuoteFacts:
    """Request and priced JSON shaped like `priced_quote_to_data`'s, about 1 KB per line."""
    request_lines: list[dict[str, Any]] = []
    priced_lines: list[dict[str, Any]] = []
    subtotal = Decimal(0)
    for number in range(1, lines + 1):
        service, category, name, model, price = rng.choice(SERVICES)
        quantity = rng.randint(1, 5) if model == "per_unit" else 1
        total = price * quantity
        subtotal += total
        ticket = f"ORCA-{rng.randint(1000, 9999)}"
        request_lines.append(
            {"service": service, "quantity": str(quantity), "parameters": {"ticket": ticket}}
        )
        priced_lines.append(
            {
                "number": number,
                "service": service,
                "category": category,
                "name": name,
                "summary": f"{name} for the customer's product line.",
                "parameters": [
                    {"name": "ticket", "label": "Ticket", "value": ticket, "shown": ticket}
                ],
                "pricing": {
                    "model": model,
                    "quantity": str(quantity),
                    "unit": "day",
                    "unit_price": str(price),
                    "base": None,
                    "units": None,
                },
                "total": str(total),
                "scope": (
                    f"{name} as described in ticket {ticket}, delivered as patches against the "
                    "customer's release branch with build and test reports. " * 3
                ).strip(),
                "deliverables": ["Patch series", "Build report", "Test report"],
                "assumptions": ["The customer provides access to hardware and logs."],
                "exclusions": ["Certification of the final product."],
                "lead_time_days": rng.choice((5, 10, 15, 20)),
            }
        )
    tax = (subtotal * Decimal("0.19")).quantize(Decimal("0.01"))
    request = {
        "format": 1,
        "book": "bench-usd",
        "reference": f"PO-{rng.randint(1000, 99999)}",
        "customer": customer_data(customer),
        "lines": request_lines,
    }
    priced = {
        "format": 1,
        "kind": "quoter.priced-quote",
        "request": request,
        "book": {"id": "bench-usd", "version": "2026.1", "digest": "sha256:" + "ab" * 32},
        "book_title": "Bench price list",
        "currency": "USD",
        "language": "en",
        "locale": "en_US",
        "priced_on": day.isoformat(),
        "valid_until": (day + timedelta(days=30)).isoformat(),
        "preview": False,
        "rounding": ROUNDING_RULE,
        "lines": priced_lines,
        "subtotal": str(subtotal),
        "tax": {"label": "VAT", "percent": "19", "amount": str(tax)},
        "total": str(subtotal + tax),
        "payment_terms": "Net 30 days.",
    }
    return QuoteFacts(
        customer=customer.name,
        book_id="bench-usd",
        book_version="2026.1",
        book_digest="sha256:" + "ab" * 32,
        currency="USD",
        total=str(subtotal + tax),
        request=request,
        priced=priced,
    )


def fake_files(size: int, rng: random.Random) -> list[tuple[str, str, bytes]]:
    pdf = b"%PDF-1.7\n" + rng.randbytes(size - 9)
    docx = b"PK\x03\x04" + rng.randbytes(size - 4)
    return [
        ("pdf", hashlib.sha256(pdf).hexdigest(), pdf),
        ("docx", hashlib.sha256(docx).hexdigest(), docx),
    ]


@dataclass
class Filled:
    seconds: float
    numbers: list[str]
    frequent: list[str]
    """Customers with more than 50 quotes (the 10 biggest)."""
    rare: list[str]
    """Customers with fewer than 50 quotes."""
    names: list[str]
    """Every customer with a quote."""


@dataclass(frozen=True, slots=True)
class Planned:
    """One quote of the fill: when, for whom, how big, and what happens to it."""

    now: datetime
    customer: Customer
    lines: int
    issued_at: datetime | None
    decision: Status | None
    decided_at: datetime | None


def plan_quotes(count: int, customers: int, seed: int) -> list[Planned]:
    """`count` quotes, oldest first: creation times spread evenly over a year, customers by
    Zipf's law, 80 % issued, of those 30 % accepted and 10 % declined."""
    rng = random.Random(seed)
    people = make_customers(customers, rng)
    weights = [1 / rank for rank in range(1, len(people) + 1)]  # Zipf's law
    planned = []
    for index in range(count):
        now = FILL_START + FILL_SPAN * (index / count) + timedelta(seconds=rng.random())
        customer = rng.choices(people, weights)[0]
        lines = rng.randint(1, 8)
        issued_at = decision = decided_at = None
        if rng.random() < 0.8:
            issued_at = now + timedelta(hours=rng.randint(1, 72))
            draw = rng.random()
            if draw < 0.4:
                decision = Status.ACCEPTED if draw < 0.3 else Status.DECLINED
                decided_at = issued_at + timedelta(days=rng.randint(1, 20))
        planned.append(Planned(now, customer, lines, issued_at, decision, decided_at))
    return planned


def fill(url: str, count: int, customers: int, how: str, seed: int = 1) -> Filled:
    """`count` quotes, either through the register's own writes (`api`: create_draft, issue,
    set_status, one transaction each) or in bulk (`bulk`: the same rows, customers stored by the
    register's own `store_customer`, inserted a few thousand quotes per transaction)."""
    planned = plan_quotes(count, customers, seed)
    register = Register(url, automatic_upgrade=True)
    if register.is_sqlite:  # only the filling connection: the measurements use the defaults

        @event.listens_for(register.engine, "connect")
        def _fast(connection: sqlite3.Connection, _: Any) -> None:
            connection.execute("PRAGMA synchronous = OFF")

        register.engine.dispose()
    started = time.perf_counter()
    try:
        # the same facts either way; the fake documents' bytes come from a generator of their own
        rng, files = random.Random(seed + 1), random.Random(seed + 2)
        if how == "api":
            numbers = fill_through_api(register, planned, rng, files)
        else:
            numbers = fill_in_bulk(register, planned, rng, files)
        if not register.is_sqlite:  # the statistics autovacuum keeps on a register in use
            with register.engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
    finally:
        register.close()
    seconds = time.perf_counter() - started
    per_customer: dict[str, int] = {}
    for quote in planned:
        per_customer[quote.customer.name] = per_customer.get(quote.customer.name, 0) + 1
    ranked = sorted(per_customer, key=lambda name: -per_customer[name])
    return Filled(
        seconds=seconds,
        numbers=numbers,
        frequent=[name for name in ranked[:10] if per_customer[name] > 50],
        rare=[name for name in ranked if per_customer[name] < 50],
        names=ranked,
    )


def fill_through_api(
    register: Register, planned: Sequence[Planned], rng: random.Random, files: random.Random
) -> list[str]:
    numbers = []
    for quote in planned:
        facts = make_facts(quote.customer, quote.lines, quote.now.date(), rng)
        number = register.create_draft(PREFIX, facts, quote.now, ACTOR, year=vendor_year(quote.now))
        numbers.append(number)
        if quote.issued_at is not None:
            register.issue(
                register.get(number),
                facts,
                quote.issued_at.date() + timedelta(days=30),
                fake_files(SMALL_DOCUMENT, files),
                quote.issued_at,
                ACTOR,
            )
        if quote.decision is not None and quote.decided_at is not None:
            register.set_status(register.get(number), quote.decision, quote.decided_at, ACTOR)
    return numbers


BULK_CHUNK = 2_000
"""Quotes per transaction of the bulk fill."""


def fill_in_bulk(
    register: Register, planned: Sequence[Planned], rng: random.Random, files: random.Random
) -> list[str]:
    """The rows `fill_through_api` would leave (audit entries shortened to their action), on an
    empty register: quote ids given here, each customer stored once with its last use."""
    last_use = {quote.customer.name: quote for quote in planned}  # the latest wins
    with register.transaction() as connection:
        customer_ids = {
            name: store_customer(
                connection,
                name,
                customer_object({"customer": customer_data(quote.customer)}),
                stored_moment(quote.now),
            )
            for name, quote in last_use.items()
        }
    pool = [fake_files(SMALL_DOCUMENT, files) for _ in range(16)]  # shared: the size is the point
    serials: dict[int, int] = {}
    numbers: list[str] = []
    for first in range(0, len(planned), BULK_CHUNK):
        rows: list[dict[str, Any]] = []
        stored: list[dict[str, Any]] = []
        logged: list[dict[str, Any]] = []
        for index in range(first, min(len(planned), first + BULK_CHUNK)):
            quote = planned[index]
            facts = make_facts(quote.customer, quote.lines, quote.now.date(), rng)
            year = vendor_year(quote.now)
            serials[year] = serials.get(year, 0) + 1
            number = str(QuoteNumber(PREFIX, year, serials[year]))
            numbers.append(number)
            status = quote.decision or (Status.ISSUED if quote.issued_at else Status.DRAFT)
            rows.append(
                {
                    "id": index + 1,
                    "number": number,
                    "family": number,
                    "revision": 1,
                    "status": status.value,
                    "customer": facts.customer,
                    "book_id": facts.book_id,
                    "book_version": facts.book_version,
                    "book_digest": facts.book_digest,
                    "currency": facts.currency,
                    "total": facts.total,
                    "created_at": stored_moment(quote.now),
                    "issued_at": stored_moment(quote.issued_at) if quote.issued_at else None,
                    "valid_until": (
                        (quote.issued_at.date() + timedelta(days=30)).isoformat()
                        if quote.issued_at
                        else None
                    ),
                    "decided_at": stored_moment(quote.decided_at) if quote.decided_at else None,
                    "request": json.dumps(facts.request, ensure_ascii=False),
                    "priced": json.dumps(facts.priced, ensure_ascii=False),
                    "triage": None,
                    "row_version": 1 + bool(quote.issued_at) + bool(quote.decision),
                    "customer_id": customer_ids[facts.customer],
                }
            )
            events = [("created", quote.now), ("issued", quote.issued_at)]
            events.append((quote.decision.value if quote.decision else "", quote.decided_at))
            logged.extend(
                {
                    "number": number,
                    "at": stored_moment(at),
                    "actor": ACTOR,
                    "action": action,
                    "detail": "{}",
                }
                for action, at in events
                if at is not None
            )
            if quote.issued_at is not None:
                stored.extend(
                    {"quote_id": index + 1, "kind": kind, "sha256": digest, "content": content}
                    for kind, digest, content in pool[index % len(pool)]
                )
        with register.transaction() as connection:
            connection.execute(quotes.insert(), rows)
            if stored:
                connection.execute(documents.insert(), stored)
            connection.execute(audit.insert(), logged)
    with register.transaction() as connection:
        connection.execute(
            counters.insert(),
            [{"prefix": PREFIX, "year": year, "last": last} for year, last in serials.items()],
        )
        if not register.is_sqlite:  # the id sequence after the ids given here
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('quotes', 'id'), "
                "(SELECT MAX(id) FROM quotes) + 1, false)"
            )
    return numbers


def check_fill(url: str, filled: Filled) -> str:
    """Every quote linked to its customer, and one customer row per customer used."""
    register = Register(url, automatic_upgrade=False)
    try:
        with register.engine.connect() as connection:
            unlinked = connection.execute(
                select(func.count()).select_from(quotes).where(quotes.c.customer_id.is_(None))
            ).scalar_one()
            known = connection.execute(select(func.count()).select_from(customers)).scalar_one()
    finally:
        register.close()
    if unlinked or known != len(filled.names):
        return f"FAILED: {unlinked} quotes without a customer, {known} customers stored"
    return f"ok ({known} customers, every quote linked)"


# -- timing -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timing:
    median_ms: float
    p95_ms: float
    runs: int

    def cell(self, target_ms: float | None = None) -> str:
        text = f"{self.median_ms:.2f} ms (p95 {self.p95_ms:.2f})"
        if target_ms is not None:
            text += " ok" if self.median_ms < target_ms else " SLOW"
        return text


def timed(call: Callable[[int], object], repeat: int, warmup: int = 5) -> Timing:
    """Run `call(i)` `warmup` times, then `repeat` times timed; `i` picks the argument."""
    for index in range(warmup):
        call(index)
    samples: list[float] = []
    for index in range(repeat):
        started = time.perf_counter()
        call(index)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Timing(statistics.median(samples), p95, repeat)


# -- the table --------------------------------------------------------------------------------


@dataclass
class Table:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def put(self, figure: str, backend: str, text: str, target: str = "") -> None:
        self.rows.setdefault(figure, {})[backend] = text
        if target:
            self.targets[figure] = target

    def render(self) -> str:
        header = ["figure", SQLITE, POSTGRES, "target"]
        body = [
            [figure, cells.get(SQLITE, "-"), cells.get(POSTGRES, "-"), self.targets.get(figure, "")]
            for figure, cells in self.rows.items()
        ]
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in [header, *body]
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join([*lines, *self.notes])


def progress(text: str) -> None:
    print(f"... {text}", file=sys.stderr, flush=True)


# -- reads ------------------------------------------------------------------------------------


def part_of(name: str) -> str:
    """What a user types to find a customer: a piece of the name, in another case."""
    return name[1:-1].upper()


def common_word(names: Sequence[str]) -> str:
    """The legal form most customers share (e.g. 'gmbh'): a filter matching many customers."""
    forms = [name.rsplit(" ", 1)[-1].lower() for name in names]
    return max(set(forms), key=forms.count)


def measure_reads(url: str, backend: str, arguments: argparse.Namespace, table: Table) -> None:
    count, repeat = arguments.quotes, arguments.repeat
    progress(f"{backend}: filling a register with {count:,} quotes ({arguments.fill})")
    filled = fill(url, count, arguments.customers, arguments.fill)
    table.put(
        f"fill {count:,} quotes, {arguments.fill} (info)",
        backend,
        f"{filled.seconds:.1f} s ({count / filled.seconds:.0f} quotes/s)",
    )
    table.put("fill: customers", backend, check_fill(url, filled), "ok")
    progress(f"{backend}: timing reads")
    picks = random.Random(2)
    numbers = picks.sample(filled.numbers, min(len(filled.numbers), 1000))
    frequent, rare = filled.frequent or filled.rare, filled.rare or filled.frequent
    word = common_word(filled.names)
    sharing = sum(1 for name in filled.names if word in name.lower())
    settings = Settings(
        database=url, quote_prefix=PREFIX, user_name=ACTOR, time_zone=ZONE, use_bundled_data=False
    )
    context = build_context(settings, now=lambda: NOW)
    register = Register(url, automatic_upgrade=False)

    def record(
        figure: str, call: Callable[[int], object], target_ms: float | None, runs: int = repeat
    ) -> None:
        target = f"< {target_ms:.0f} ms" if target_ms is not None else ""
        table.put(figure, backend, timed(call, runs).cell(target_ms), target)

    try:
        sizes = {
            "rare customer": len(register.summaries(customer=part_of(rare[0]), limit=50)),
            "frequent customer": len(register.summaries(customer=part_of(frequent[0]))),
            "issued": len(register.summaries(statuses=(Status.ISSUED,), limit=50)),
        }
        if any(size == 0 for size in sizes.values()):
            table.notes.append(f"warning ({backend}): a list came back empty: {sizes}")
        piece = part_of(frequent[0])
        same = (
            register.summaries(customer=piece)
            == [
                summary
                for summary in register.summaries(limit=50 * len(filled.names))
                if piece.casefold() in summary.customer.casefold()
            ][:50]
        )
        if not same:
            table.notes.append(f"warning ({backend}): the customer filter missed quotes")
        record(
            f"summaries customer part, frequent ({len(frequent)} customers)",
            lambda i: register.summaries(customer=part_of(frequent[i % len(frequent)])),
            TARGET_LIST_MS,
        )
        record(
            f"summaries customer part, rare ({len(rare)} customers)",
            lambda i: register.summaries(customer=part_of(rare[i % len(rare)])),
            TARGET_LIST_MS,
        )
        record(
            f"summaries customer '{word}' ({sharing} customers)",
            lambda i: register.summaries(customer=word),
            TARGET_LIST_MS,
        )
        record(
            "summaries customer part, page 3 (offset 100)",
            lambda i: register.summaries(customer=part_of(frequent[i % len(frequent)]), offset=100),
            TARGET_LIST_MS,
        )
        record(
            "find customer part, frequent (with JSON)",
            lambda i: register.find(customer=part_of(frequent[i % len(frequent)])),
            TARGET_LIST_MS,
        )
        record(
            "find customer part, rare (with JSON)",
            lambda i: register.find(customer=part_of(rare[i % len(rare)])),
            TARGET_LIST_MS,
        )
        record(
            "summaries status issued",
            lambda i: register.summaries(statuses=(Status.ISSUED,)),
            TARGET_LIST_MS,
        )
        record(
            "find status issued (with JSON)",
            lambda i: register.find(statuses=(Status.ISSUED,)),
            TARGET_LIST_MS,
        )
        record(
            "customers for completion, 'a'",
            lambda i: register.customers("a"),
            TARGET_LIST_MS,
        )
        record(
            "get one",
            lambda i: register.get(numbers[i % len(numbers)]),
            TARGET_GET_MS,
            runs=repeat * 5,
        )
        record(
            "open + close register (info)",
            lambda i: Register(url, automatic_upgrade=register.is_sqlite).close(),
            None,
        )
        record(
            "use case list_quotes, customer part, rare",
            lambda i: list_quotes(context, QuoteFilter(customer=part_of(rare[i % len(rare)]))),
            TARGET_LIST_MS,
        )
        record(
            "use case list_quotes, status issued",
            lambda i: list_quotes(context, QuoteFilter(status=Status.ISSUED)),
            TARGET_LIST_MS,
        )
        record(
            "use case show_quote",
            lambda i: show_quote(context, numbers[i % len(numbers)]),
            TARGET_GET_MS,
        )
        ratios = []
        for index in range(repeat * 5):  # each pair on the same quote, one after the other
            number = numbers[(index * 7919) % len(numbers)]
            started = time.perf_counter()
            register.get(number)
            middle = time.perf_counter()
            show_quote(context, number)
            ratios.append((time.perf_counter() - middle) / (middle - started))
        ratio = statistics.median(ratios)
        table.put(
            "use case show_quote / get, paired",
            backend,
            f"{ratio:.2f}x {'ok' if ratio <= 2 else 'OVER'}",
            "<= 2x",
        )
    finally:
        register.close()
        context.close()


# -- concurrent issues --------------------------------------------------------------------------


def issue_worker(url: str, count: int, seed: int, ready: Any, start: Any, results: Any) -> None:
    """One client process: open the register, wait for the start, issue `count` quotes."""
    rng = random.Random(seed)
    numbers: list[str] = []
    errors: list[str] = []
    latencies: list[float] = []
    try:
        register = Register(url, automatic_upgrade=False)
        customers = make_customers(50, rng)
        work = []
        for index in range(count):
            facts = make_facts(rng.choice(customers), rng.randint(1, 8), ISSUE_DAY.date(), rng)
            work.append((facts, fake_files(LARGE_DOCUMENT, rng), index))
    except Exception:
        ready.put(traceback.format_exc())
        return
    ready.put("")
    start.wait()
    for facts, files, index in work:
        now = ISSUE_DAY + timedelta(seconds=index, microseconds=seed)
        began = time.perf_counter()
        try:
            number = register.create_draft(PREFIX, facts, now, ACTOR, year=vendor_year(now))
            register.issue(
                register.get(number), facts, now.date() + timedelta(days=30), files, now, ACTOR
            )
            numbers.append(number)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        latencies.append((time.perf_counter() - began) * 1000)
    register.close()
    results.put({"numbers": numbers, "errors": errors, "latencies": latencies})


def measure_issues(url: str, backend: str, issues: int, processes: int, table: Table) -> None:
    progress(f"{backend}: {issues:,} issues from {processes} processes")
    Register(url, automatic_upgrade=True).close()  # the tables, once, as `quoter db upgrade`
    os.sync()  # a quiet disk: earlier writes are not flushed during the timed commits
    context = multiprocessing.get_context("spawn")
    ready, results, start = context.Queue(), context.Queue(), context.Event()
    shares = [issues // processes + (1 if i < issues % processes else 0) for i in range(processes)]
    workers = [
        context.Process(target=issue_worker, args=(url, share, 100 + i, ready, start, results))
        for i, share in enumerate(shares)
    ]
    for worker in workers:
        worker.start()
    outcomes: list[dict[str, Any]] = []
    failures: list[str] = []
    try:
        for _ in workers:
            message = receive(ready, workers)
            if message != "":
                failures.append(message or "a client process died before it was ready")
        began = time.perf_counter()
        start.set()
        while len(outcomes) < len(workers) - len(failures):
            outcome = receive(results, workers)
            if outcome is None:
                failures.append("a client process died without reporting")
                break
            outcomes.append(outcome)
        wall = time.perf_counter() - began
    finally:
        start.set()
        for worker in workers:
            worker.join(timeout=60)
            if worker.is_alive():
                worker.terminate()
    numbers = [number for outcome in outcomes for number in outcome["numbers"]]
    errors = [error for outcome in outcomes for error in outcome["errors"]] + failures
    latencies = sorted(ms for outcome in outcomes for ms in outcome["latencies"])
    table.put("concurrent issues: client processes", backend, str(processes))
    table.put(f"concurrent issues: wall time for {issues:,}", backend, f"{wall:.2f} s")
    table.put("concurrent issues: throughput", backend, f"{len(numbers) / wall:.0f} issues/s")
    if latencies:
        p95 = latencies[round(0.95 * (len(latencies) - 1))]
        table.put(
            "concurrent issues: one issue (draft+get+issue)",
            backend,
            f"{statistics.median(latencies):.1f} ms (p95 {p95:.1f})",
        )
    table.put(
        "concurrent issues: check", backend, check_issues(url, numbers, issues, errors), "all ok"
    )
    for error in sorted(set(errors))[:5]:
        table.notes.append(f"error ({backend}): {error.strip().splitlines()[-1]}")


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


def check_issues(url: str, numbers: Sequence[str], expected: int, errors: Sequence[str]) -> str:
    problems: list[str] = []
    if len(set(numbers)) != len(numbers):
        problems.append(f"{len(numbers) - len(set(numbers))} duplicate numbers")
    serials = sorted(parse_number(number).serial for number in numbers)
    if serials != list(range(1, expected + 1)):
        problems.append(f"serials not exactly 1..{expected}")
    register = Register(url, automatic_upgrade=False)
    try:
        with register.engine.connect() as connection:
            stored = connection.execute(
                select(func.count()).select_from(quotes).where(quotes.c.status == "issued")
            ).scalar_one()
            files = connection.execute(select(func.count()).select_from(documents)).scalar_one()
    finally:
        register.close()
    if stored != expected or files != 2 * expected:
        problems.append(f"{stored} issued quotes and {files} documents stored")
    if errors:
        problems.append(f"{len(errors)} errors")
    verdict = "ok" if not problems else "FAILED: " + "; ".join(problems)
    return f"{verdict} ({len(set(numbers))} unique numbers, {len(errors)} errors)"


# -- PostgreSQL ---------------------------------------------------------------------------------


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


def postgres_version(server: str) -> str:
    import psycopg

    admin = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


# -- main ---------------------------------------------------------------------------------------


def run(arguments: argparse.Namespace, table: Table) -> None:
    server = os.environ.get("QUOTER_TEST_POSTGRES_URL")
    with tempfile.TemporaryDirectory(prefix="quoter-bench-register-") as folder:

        def reads_on_sqlite() -> None:
            url = f"sqlite:///{Path(folder) / 'reads.sqlite3'}"
            measure_reads(url, SQLITE, arguments, table)

        def issues_on_sqlite() -> None:
            url = f"sqlite:///{Path(folder) / 'issues.sqlite3'}"
            measure_issues(url, SQLITE, arguments.issues, 2, table)

        guarded(f"{SQLITE} reads", reads_on_sqlite, table)
        guarded(f"{SQLITE} issues", issues_on_sqlite, table)
    if server is None:
        table.notes.append(
            "PostgreSQL was not measured: QUOTER_TEST_POSTGRES_URL is not set. Run "
            "`bash scripts/with-postgres .venv/bin/python bench/bench_register.py` to include it."
        )
        return

    def issues_on_postgres() -> None:
        with postgres_database(server) as url:
            measure_issues(url, POSTGRES, arguments.issues, 8, table)

    def reads_on_postgres() -> None:
        with postgres_database(server) as url:
            measure_reads(url, POSTGRES, arguments, table)

    guarded(f"{POSTGRES} issues", issues_on_postgres, table)
    guarded(f"{POSTGRES} reads", reads_on_postgres, table)
    guarded(
        f"{POSTGRES} version",
        lambda: table.notes.append(
            f"PostgreSQL {postgres_version(server)} at {describe_url(server)}"
        ),
        table,
    )


def guarded(title: str, section: Callable[[], None], table: Table) -> None:
    """Run one part; a failure is noted in the table and the rest still runs."""
    try:
        section()
    except Exception as error:
        traceback.print_exc()
        table.notes.append(f"error in {title}: {type(error).__name__}: {error}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quotes", type=int, default=100_000, help="quotes in the read register")
    parser.add_argument(
        "--fill",
        choices=("bulk", "api"),
        default="bulk",
        help="fill the read register in bulk (fast) or through create_draft/issue/set_status",
    )
    parser.add_argument("--issues", type=int, default=1_000, help="concurrent issue operations")
    parser.add_argument("--customers", type=int, default=400, help="distinct customers")
    parser.add_argument("--repeat", type=int, default=200, help="repetitions per read figure")
    arguments = parser.parse_args(argv)
    table = Table()
    started = time.perf_counter()
    try:
        run(arguments, table)
    except Exception:  # the table so far is still printed
        traceback.print_exc()
    table.notes.insert(
        0,
        f"\n{arguments.quotes:,} quotes of {arguments.customers} customers; "
        f"{arguments.repeat} repetitions per list, {arguments.repeat * 5} per get; "
        f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs; {time.perf_counter() - started:.0f} s in all",
    )
    print(table.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
