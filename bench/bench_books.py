"""Benchmark: loading a large price book, pricing a long quote request, and `quoter --help`.

What it measures (medians of `--repeat` runs, in this process unless said otherwise; the two
sides of a ratio run in alternating pairs and the ratio is the median of the pairs' ratios):

- the floor of loading a book: a bare `tomllib.loads` of the book's text (DESIGN.md item 21);
- quoter's load + validate of the same file (`read_price_book`: read, parse with the exact-decimal
  hook, validate every field, digest), its absolute time and its ratio to the bare parse (goal: the
  ratio is at most 1.5, i.e. validation adds at most half the parse time); the ratio again with
  both sides run with the garbage collector off, to show what the collector costs (quoter leaves
  it on: switching it off is process-wide, and the app's other threads run on);
- where that time goes (each part with the garbage collector off, to see the work itself): the
  parse with quoter's `parse_float` hook, the validation of the parsed data
  (`price_book_from_text`), the digest and the odd-number scan alone; and a what-if for
  the optimiser: a hit in a cache of the validated book keyed by the file's SHA-256 (hash the
  file, `pickle.loads` the book with the collector off); the size and shape guard run before
  the parse; and the cache as it is: a first load that stores the entry, and hits through
  `read_price_book` (HMAC check, restricted unpickler), with the collector on and off;
- the same ratio over the repository's own price_books/ (small files, much longer texts), so the
  generated shape can be checked against the real one;
- pricing an M-line request with `price_request` (the request read once beforehand), and the whole
  `price_quote_file` use case (reads the request, loads and validates the book, prices);
- `quoter --help` in a new process: with the environment as it is (this machine sets
  PYTHONDONTWRITEBYTECODE=1, so quoter's own modules are compiled at every start), and with that
  variable unset after one warm-up run, so every module comes from cached bytecode. The bytecode
  goes to a temporary PYTHONPYCACHEPREFIX, so nothing is written into the repository.

The book is generated into a temporary folder: N services shaped like the bundled ones (about
1.3 KB of TOML each: English and German texts, a multi-line scope with {placeholders}, deliverables,
assumptions and exclusions, 2 to 4 parameters of the types text, release, enum and integer, and the
four pricing models fixed, per_unit, tiered and base_plus_unit), the products/ folder with the
release list, and a quote request of M lines over those services.

Targets are printed beside each figure for reading, not enforced: the script always exits 0.
Timings are wall-clock seconds (`time.perf_counter`) with the garbage collector on, as a caller
leaves it, except where said; a full collection runs before each timed call. Prices in the
generated files are written as decimal text, never computed through float.

Run: `.venv/bin/python bench/bench_books.py [--services N] [--lines M] [--repeat R] [--profile]`
(`--profile` adds a cProfile of one load + validate, by cumulative and by own time). With the
defaults it takes about two minutes.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import os
import pickle
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from quoter.books.digest import digest
from quoter.books.limits import PRICE_BOOK
from quoter.books.pricebook_file import price_book_from_text, read_price_book
from quoter.books.products_file import read_product
from quoter.books.request_file import read_quote_request
from quoter.books.source import check_shape, exact_number, odd_integers
from quoter.domain.pricebook import PriceBook
from quoter.domain.pricing import price_request
from quoter.domain.problems import ProductError, QuoterError
from quoter.domain.products import Product
from quoter.usecases.context import build_context
from quoter.usecases.price_quote import price_quote_file
from quoter.usecases.settings import Settings

BOOK_ID = "bench-usd"
PRODUCT_ID = "orca-os"
PRICED_ON = date(2026, 6, 1)
"""A day inside the generated book's period: the day of the use case's clock (noon UTC)."""

TARGET_LOAD_SECONDS = 0.5
TARGET_LOAD_SERVICES = 10_000
TARGET_RATIO = 1.5
TARGET_PRICING_SECONDS = 0.050
TARGET_PRICING_LINES = 500
TARGET_HELP_SECONDS = 0.3

REPOSITORY = Path(__file__).resolve().parent.parent
TEST_PRODUCT = REPOSITORY / "tests" / "data" / "books" / "products" / f"{PRODUCT_ID}.toml"
"""The release list the generated book uses (3.8, 4.0, 4.1, 4.2), copied into products/."""
PRODUCT_TOML = """\
format = 1
id = "orca-os"
name = "Orca OS"

[[releases]]
id = "3.8"
name = "3.8"
date = 2023-03-01

[[releases]]
id = "4.0"
name = "4.0 LTS"
date = 2024-03-01

[[releases]]
id = "4.1"
name = "4.1"
date = 2025-03-01

[[releases]]
id = "4.2"
name = "4.2"
date = 2026-03-01
"""

BOOK_HEADER = f"""\
format = 1
id = "{BOOK_ID}"
version = "2026.1"
title.en = "Professional services price list (benchmark)"
title.de = "Preisliste professionelle Dienstleistungen (Benchmark)"
product = "{PRODUCT_ID}"
currency = "USD"
locale = "en_US"
languages = ["en", "de"]
effective_from = 2026-01-01
quote_validity_days = 30
payment_terms.en = \"\"\"Net 30 days from the invoice date.
Work starts when the signed order is received.\"\"\"
payment_terms.de = \"\"\"Zahlbar innerhalb von 30 Tagen nach Rechnungsdatum.
Die Arbeit beginnt nach Eingang der unterschriebenen Bestellung.\"\"\"

[tax]
label.en = "Sales tax"
label.de = "Umsatzsteuer"
percent = 7.25

[categories.backport]
name.en = "Backports"
name.de = "Rückportierungen"

[categories.customisation]
name.en = "Customisation"
name.de = "Kundenspezifische Anpassungen"

[categories.driver_port]
name.en = "Driver and board support package ports"
name.de = "Treiber- und BSP-Portierungen"

[categories.remote]
name.en = "Remote engineering"
name.de = "Remote-Engineering"

[categories.training]
name.en = "Training"
name.de = "Schulungen"
"""


def _backport(i: int) -> str:
    """base_plus_unit over releases_between: a text and two releases."""
    return f'''
[[services]]
code = "BP-FIX-{i:05d}"
category = "backport"
name.en = "Backport of a single fix ({i})"
name.de = "Backport einer Fehlerkorrektur ({i})"
summary.en = "One fix, ported back to an older release."
summary.de = "Eine Korrektur, auf ein älteres Release portiert."
scope.en = """\\
Kestrel ports the fix {{fix_id}} from Orca OS {{source_release}} back to \\
{{target_release}} and runs the regression suite."""
scope.de = """\\
Kestrel portiert die Korrektur {{fix_id}} von Orca OS {{source_release}} auf \\
{{target_release}} zurück, mit Regressionstests."""
deliverables.en = ["Patch against {{target_release}}", "Signed build", "Test report"]
deliverables.de = ["Patch gegen {{target_release}}", "Signierter Build", "Testbericht"]
assumptions.en = ["The fix is released"]
assumptions.de = ["Die Korrektur ist veröffentlicht"]
exclusions.en = ["Field rollout"]
exclusions.de = ["Ausrollen im Feld"]
lead_time_days = {10 + i % 10}

[[services.parameters]]
name = "fix_id"
type = "text"
label.en = "Fix"
label.de = "Fehlerkorrektur"
max_length = 40

[[services.parameters]]
name = "source_release"
type = "release"
label.en = "From release"
label.de = "Von Release"

[[services.parameters]]
name = "target_release"
type = "release"
label.en = "To release"
label.de = "Auf Release"

[services.pricing]
model = "base_plus_unit"
base = {2600 + i % 40 * 25}.00
unit.en = "release stepped back"
unit.de = "Release zurück"
unit_price = {1000 + i % 20 * 50}
units = {{ releases_between = ["source_release", "target_release"] }}
min_units = 1
max_units = 3
'''


def _remote(i: int) -> str:
    """per_unit in half days: two texts."""
    return f'''
[[services]]
code = "RE-DAY-{i:05d}"
category = "remote"
name.en = "Remote engineering day ({i})"
name.de = "Remote-Engineering-Tag ({i})"
summary.en = "Remote work on your topic, in half days."
summary.de = "Remote-Arbeit an Ihrem Thema, in halben Tagen."
scope.en = """\\
Kestrel works remotely on {{topic}} for the project {{project}}. \\
A day is eight hours."""
scope.de = """\\
Kestrel arbeitet remote an {{topic}} für das Projekt {{project}}. \\
Ein Tag hat acht Stunden."""
deliverables.en = ["Daily report", "Action list"]
deliverables.de = ["Tagesbericht", "Maßnahmenliste"]
assumptions.en = ["Remote access to a test system"]
assumptions.de = ["Fernzugang zu einem Testsystem"]
exclusions.en = ["Work at the customer's site"]
exclusions.de = ["Arbeit beim Kunden vor Ort"]
lead_time_days = 5

[[services.parameters]]
name = "topic"
type = "text"
label.en = "Topic"
label.de = "Thema"
max_length = 300

[[services.parameters]]
name = "project"
type = "text"
label.en = "Project"
label.de = "Projekt"

[services.pricing]
model = "per_unit"
unit.en = "day"
unit.de = "Tag"
unit_price = {1200 + i % 30 * 10}.00
quantity_step = 0.5
min_quantity = 0.5
max_quantity = 10
'''


def _driver_port(i: int) -> str:
    """tiered: text, release and an enum with three choice tables."""
    return f'''
[[services]]
code = "DP-DRV-{i:05d}"
category = "driver_port"
name.en = "Driver port ({i})"
name.de = "Treiberportierung ({i})"
summary.en = "One driver ported to a release."
summary.de = "Ein Treiber, auf ein Release portiert."
scope.en = """\\
Kestrel ports the driver {{driver}} to Orca OS {{target_release}} at tier {{tier}}."""
scope.de = """\\
Kestrel portiert den Treiber {{driver}} auf Orca OS {{target_release}}, Stufe {{tier}}."""
deliverables.en = ["Driver source", "Signed build"]
deliverables.de = ["Treiberquellen", "Signierter Build"]
exclusions.en = ["Certification"]
exclusions.de = ["Zertifizierung"]
lead_time_days = 20

[[services.parameters]]
name = "driver"
type = "text"
label.en = "Driver"
label.de = "Treiber"

[[services.parameters]]
name = "target_release"
type = "release"
label.en = "Orca OS release"
label.de = "Orca-OS-Release"

[[services.parameters]]
name = "tier"
type = "enum"
label.en = "Tier"
label.de = "Stufe"

[[services.parameters.choices]]
value = "S"
label.en = "S (GPIO, UART)"
label.de = "S (GPIO, UART)"

[[services.parameters.choices]]
value = "M"
label.en = "M (DMA or network)"
label.de = "M (DMA oder Netzwerk)"

[[services.parameters.choices]]
value = "L"
label.en = "L (USB, PCIe)"
label.de = "L (USB, PCIe)"

[services.pricing]
model = "tiered"
parameter = "tier"
prices = {{ S = {9800 + i % 10 * 100}.00, M = 23500.00, L = {48000 + i % 7 * 500} }}
'''


def _audit(i: int) -> str:
    """fixed: a release and an optional integer with a default."""
    return f'''
[[services]]
code = "AU-SEC-{i:05d}"
category = "customisation"
name.en = "Security hardening review ({i})"
name.de = "Härtungsprüfung ({i})"
summary.en = "A review against the hardening guide."
summary.de = "Prüfung gegen den Härtungsleitfaden."
scope.en = """\\
Kestrel reviews Orca OS {{release}} on up to {{hosts}} devices and ranks the findings by \\
severity; a literal {{{{brace}}}} stays as written."""
scope.de = """\\
Kestrel prüft Orca OS {{release}} auf bis zu {{hosts}} Geräten und ordnet die Befunde nach \\
Schwere."""
deliverables.en = ["Review report for {{release}}", "Remediation list"]
deliverables.de = ["Prüfbericht für {{release}}", "Maßnahmenliste"]
assumptions.en = ["Remote access to the devices"]
assumptions.de = ["Fernzugang zu den Geräten"]
exclusions.en = ["Penetration tests", "Fixes"]
exclusions.de = ["Penetrationstests", "Behebungen"]
lead_time_days = 12

[[services.parameters]]
name = "release"
type = "release"
label.en = "Orca OS release"
label.de = "Orca-OS-Release"

[[services.parameters]]
name = "hosts"
type = "integer"
label.en = "Devices"
label.de = "Geräte"
required = false
minimum = 1
maximum = 50
default = 5

[services.pricing]
model = "fixed"
price = {5000 + i % 50 * 100}.00
'''


def _training(i: int) -> str:
    """base_plus_unit from an integer: text, integer and an optional enum with a default."""
    return f'''
[[services]]
code = "TR-CLASS-{i:05d}"
category = "training"
name.en = "Orca OS training class ({i})"
name.de = "Orca-OS-Schulung ({i})"
summary.en = "A one-day class for your team."
summary.de = "Eine eintägige Schulung für Ihr Team."
scope.en = """\\
A class {{session}} for {{attendees}} participants, held in {{course_language}}."""
scope.de = """\\
Eine Schulung {{session}} für {{attendees}} Teilnehmer, gehalten auf {{course_language}}."""
deliverables.en = ["Slides", "Exercises"]
deliverables.de = ["Folien", "Übungen"]
exclusions.en = ["Travel"]
exclusions.de = ["Reisekosten"]
lead_time_days = 30

[[services.parameters]]
name = "session"
type = "text"
label.en = "Course session"
label.de = "Kurstermin"
max_length = 80

[[services.parameters]]
name = "attendees"
type = "integer"
label.en = "Participants"
label.de = "Teilnehmer"
minimum = 1
maximum = 12

[[services.parameters]]
name = "course_language"
type = "enum"
label.en = "Course language"
label.de = "Kurssprache"
required = false
default = "en"

[[services.parameters.choices]]
value = "en"
label.en = "English"
label.de = "Englisch"

[[services.parameters.choices]]
value = "de"
label.en = "German"
label.de = "Deutsch"

[services.pricing]
model = "base_plus_unit"
base = {1500 + i % 20 * 50}
unit.en = "participant"
unit.de = "Teilnehmer"
unit_price = 180.00
units = {{ parameter = "attendees" }}
min_units = 1
'''


SERVICE_SHAPES: tuple[Callable[[int], str], ...] = (
    _backport,
    _remote,
    _driver_port,
    _audit,
    _training,
)


def _request_line(i: int) -> str:
    """A valid request line for service number `i` of the generated book."""
    shape = SERVICE_SHAPES[i % len(SERVICE_SHAPES)]
    if shape is _backport:
        older = ("3.8", "4.0", "4.1")[i % 3]
        return (
            f'[[lines]]\nservice = "BP-FIX-{i:05d}"\n'
            f'parameters = {{ fix_id = "ORCA-{i}", source_release = "4.2", '
            f'target_release = "{older}" }}\n'
        )
    if shape is _remote:
        return (
            f'[[lines]]\nservice = "RE-DAY-{i:05d}"\nquantity = {1 + i % 5}.5\n'
            f'parameters = {{ topic = "Boot time {i}", project = "Falcon" }}\n'
        )
    if shape is _driver_port:
        return (
            f'[[lines]]\nservice = "DP-DRV-{i:05d}"\n'
            f'parameters = {{ driver = "eth-{i}", target_release = "4.2", '
            f'tier = "{"SML"[i % 3]}" }}\n'
        )
    if shape is _audit:
        return f'[[lines]]\nservice = "AU-SEC-{i:05d}"\nparameters = {{ release = "4.1" }}\n'
    return (
        f'[[lines]]\nservice = "TR-CLASS-{i:05d}"\n'
        f'parameters = {{ attendees = {1 + i % 12}, session = "Class {i}" }}\n'
    )


def book_text(services: int) -> str:
    """A valid book of `services` services, the five shapes in turn."""
    parts = [BOOK_HEADER]
    parts.extend(SERVICE_SHAPES[i % len(SERVICE_SHAPES)](i) for i in range(services))
    return "".join(parts)


def request_text(lines: int, services: int) -> str:
    """A valid request of `lines` lines spread over the book's services."""
    header = f"""\
format = 1
book = "{BOOK_ID}"
language = "en"
reference = "PO-BENCH"

[customer]
legal_name = "Smith & Sons Ltd"
address = ["1 Main Street", "Springfield, IL 62701", "USA"]
tax_id = "US-12-3456789"

[customer.signatory]
name = "Jane Smith"
title = "CTO"
"""
    stride = max(1, services // max(1, lines))
    picks = [(k * stride) % services for k in range(lines)]
    return header + "".join("\n" + _request_line(i) for i in picks)


@dataclass(frozen=True)
class Files:
    root: Path
    book: Path
    product: Path
    request: Path
    book_text: str


def write_files(root: Path, services: int, lines: int) -> Files:
    """The data folder (price_books/, products/) and the request file, under `root`."""
    (root / "price_books").mkdir()
    (root / "products").mkdir()
    text = book_text(services)
    book = root / "price_books" / f"{BOOK_ID}.toml"
    book.write_text(text, encoding="utf-8")
    product = root / "products" / f"{PRODUCT_ID}.toml"
    if TEST_PRODUCT.is_file():
        shutil.copyfile(TEST_PRODUCT, product)
    else:
        product.write_text(PRODUCT_TOML, encoding="utf-8")
    request = root / "request.toml"
    request.write_text(request_text(lines, services), encoding="utf-8")
    return Files(root, book, product, request, text)


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """The median wall-clock time of `repeat` calls, a full collection before each."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_seconds(actions: Sequence[Callable[[], object]], repeat: int) -> tuple[list[float], ...]:
    """The times of `repeat` rounds, each running every action once in turn, so a slow spell of a
    shared machine hits both sides of a ratio alike."""
    times: tuple[list[float], ...] = tuple([] for _ in actions)
    for _ in range(repeat):
        for action, series in zip(actions, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            action()
            series.append(time.perf_counter() - start)
    return times


def median_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of the ratios of paired runs."""
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def median_process_seconds(command: Sequence[str], env: dict[str, str], runs: int) -> float:
    """The median wall-clock time of `runs` runs of `command` in a new process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass(frozen=True)
class Row:
    measure: str
    value: str
    target: str = ""
    verdict: str = ""
    note: str = ""


def _versus(seconds: float, limit: float) -> str:
    return "within" if seconds < limit else "over"


def _shown(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.3f} s"


WIDTHS = (36, 9, 17, 6)
"""Column widths of the table (the note column takes the rest of the line)."""


def print_row(cells: Sequence[str]) -> None:
    padded = [cell.ljust(width) for cell, width in zip(cells, WIDTHS, strict=False)]
    print("  ".join([*padded, *cells[len(WIDTHS) :]]).rstrip(), flush=True)


def print_header() -> None:
    print_row(("measure", "median", "target", "", "note"))
    print_row(["-" * width for width in (*WIDTHS, 40)])


def product_lookup(product: Product) -> Callable[[str], Product]:
    def find(product_id: str) -> Product:
        if product_id != product.id:
            raise ProductError(f"no product '{product_id}' (the benchmark has {product.id})")
        return product

    return find


def measure_books(files: Files, repeat: int, services: int) -> list[Row]:
    text = files.book_text
    per = TARGET_LOAD_SERVICES / services
    find = product_lookup(read_product(files.product))
    try:
        book = read_price_book(files.book, find)
    except QuoterError as error:
        print(error.describe()[:2000], file=sys.stderr)
        return [Row("load + validate", "failed", note="the generated book is not valid")]
    if len(book.services) != services:
        print(f"warning: {len(book.services)} services read, {services} written", file=sys.stderr)
    bare, load, bare_off, load_off = paired_seconds(
        (
            lambda: tomllib.loads(text),
            lambda: read_price_book(files.book, find),
            _gc_disabled(lambda: tomllib.loads(text)),
            _gc_disabled(lambda: read_price_book(files.book, find)),
        ),
        repeat,
    )
    parse = statistics.median(bare)
    loading = statistics.median(load)
    ratio = median_ratio(load, bare)
    ratio_off = median_ratio(load_off, bare_off)
    data = tomllib.loads(text, parse_float=exact_number)
    # The parts, with the collector off, to see the work itself.
    hooked = median_seconds(
        _gc_disabled(lambda: tomllib.loads(text, parse_float=exact_number)), repeat
    )
    validate = median_seconds(
        _gc_disabled(lambda: price_book_from_text(text, data, str(files.book), find)), repeat
    )
    digesting = median_seconds(_gc_disabled(lambda: digest(data)), repeat)
    scanning = median_seconds(_gc_disabled(lambda: odd_integers(text, str(files.book))), repeat)
    guarding = median_seconds(
        _gc_disabled(lambda: check_shape(text, str(files.book), PRICE_BOOK)), repeat
    )
    floor_note = f"{len(text) / 1e6:.1f} MB; {parse * per:.3f} s per {TARGET_LOAD_SERVICES:,}"
    if parse * per >= TARGET_LOAD_SECONDS:
        floor_note += f" (alone over the {TARGET_LOAD_SECONDS} s target)"
    return [
        Row("tomllib.loads (the floor)", _shown(parse), note=floor_note),
        Row(
            "load + validate (read_price_book)",
            _shown(loading),
            f"< {TARGET_LOAD_SECONDS} s / {TARGET_LOAD_SERVICES:,}",
            _versus(loading * per, TARGET_LOAD_SECONDS),
            f"{loading * per:.3f} s per {TARGET_LOAD_SERVICES:,} services",
        ),
        Row(
            "ratio load+validate / bare parse",
            f"{ratio:.2f}",
            f"<= {TARGET_RATIO}",
            "within" if ratio <= TARGET_RATIO else "over",
            "median of the ratios of paired runs",
        ),
        Row(
            "  the same, both with gc off",
            f"{ratio_off:.2f}",
            f"<= {TARGET_RATIO}",
            "within" if ratio_off <= TARGET_RATIO else "over",
            f"load {_shown(statistics.median(load_off))}, "
            f"bare parse {_shown(statistics.median(bare_off))}",
        ),
        Row("  parse with quoter's parse_float", _shown(hooked), note="parse_toml, gc off"),
        Row(
            "  validate parsed data",
            _shown(validate),
            note="price_book_from_text (fields, digest, odd-number scan), gc off",
        ),
        Row("    of which digest(data)", _shown(digesting)),
        Row("    of which odd_integers(text)", _shown(scanning)),
        Row(
            "  the size and shape guard",
            _shown(guarding),
            note="check_shape before parse_toml: a quick look for long dotted keys",
        ),
        _cache_hit(files.book, book, repeat, per),
        *_warm_start(files.book, find, repeat, per),
    ]


def _cache_hit(path: Path, book: PriceBook, repeat: int, per: float) -> Row:
    """What a cache of the validated book keyed by the file's hash would cost on a hit."""
    label = "  what if: cache hit"
    try:
        blob = pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        return Row(label, "n/a", note=f"the book cannot be pickled: {error}")
    seconds = median_seconds(
        _gc_disabled(lambda: (hashlib.sha256(path.read_bytes()).digest(), pickle.loads(blob))),
        repeat,
    )
    return Row(
        label,
        _shown(seconds),
        f"< {TARGET_LOAD_SECONDS} s / {TARGET_LOAD_SERVICES:,}",
        _versus(seconds * per, TARGET_LOAD_SECONDS),
        f"sha256 of the file + pickle.loads ({len(blob) / 1e6:.1f} MB), gc off while loading",
    )


def _warm_start(path: Path, find: Callable[[str], Product], repeat: int, per: float) -> list[Row]:
    """The cache itself: `read_price_book` with a cache folder, once to parse, validate and store
    the entry, then on hits (read the file, hash it, check the entry's HMAC, unpickle with the
    restricted unpickler, compare the product), with the collector on as the app leaves it, and
    off to compare with the what-if above."""
    with tempfile.TemporaryDirectory(prefix="quoter-bench-cache-") as folder:
        cache = Path(folder) / "books"
        store = median_seconds(lambda: read_price_book(path, find, cache), 1)
        hit = median_seconds(lambda: read_price_book(path, find, cache), repeat)
        hit_off = median_seconds(_gc_disabled(lambda: read_price_book(path, find, cache)), repeat)
        entry = sum(p.stat().st_size for p in cache.glob("*.pickle"))
    target = f"< {TARGET_LOAD_SECONDS} s / {TARGET_LOAD_SERVICES:,}"
    return [
        Row("cache: first load (parse + store)", _shown(store), note="read_price_book, cache=..."),
        Row(
            "cache: hit (warm start)",
            _shown(hit),
            target,
            _versus(hit * per, TARGET_LOAD_SECONDS),
            f"gc on; HMAC-checked entry of {entry / 1e6:.1f} MB, restricted unpickler",
        ),
        Row(
            "  the same with gc off",
            _shown(hit_off),
            target,
            _versus(hit_off * per, TARGET_LOAD_SECONDS),
            "compare with the what-if above",
        ),
    ]


def measure_bundled(repeat: int) -> list[Row]:
    """The same ratio over the repository's own price books, if there are any."""
    books = sorted((REPOSITORY / "price_books").glob("*.toml"))
    if not books:
        return []
    try:
        products = {p.stem: read_product(p) for p in (REPOSITORY / "products").glob("*.toml")}
    except QuoterError as error:
        print(error.describe()[:2000], file=sys.stderr)
        return [Row("bundled books", "failed", note="a bundled product file is not valid")]

    def find(product_id: str) -> Product:
        if product_id not in products:
            raise ProductError(f"no product '{product_id}' in {REPOSITORY / 'products'}")
        return products[product_id]

    texts = [path.read_text(encoding="utf-8") for path in books]
    try:
        for path in books:
            read_price_book(path, find)
    except QuoterError as error:
        print(error.describe()[:2000], file=sys.stderr)
        return [Row("bundled books: load + validate", "failed", note="a bundled book is not valid")]
    runs = max(repeat, 10)
    parse, load = paired_seconds(
        (
            lambda: [tomllib.loads(text) for text in texts],
            lambda: [read_price_book(path, find) for path in books],
        ),
        runs,
    )
    ratio = median_ratio(load, parse)
    size = sum(len(text.encode("utf-8")) for text in texts)
    return [
        Row(
            f"bundled books ({len(books)}, {size / 1000:.0f} KB): ratio",
            f"{ratio:.2f}",
            f"<= {TARGET_RATIO}",
            "within" if ratio <= TARGET_RATIO else "over",
            f"load + validate {_shown(statistics.median(load))}, "
            f"bare parse {_shown(statistics.median(parse))}",
        )
    ]


def _gc_disabled(action: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        gc.disable()
        try:
            return action()
        finally:
            gc.enable()

    return run


def measure_pricing(files: Files, repeat: int, lines: int) -> list[Row]:
    label = f"price_request, {lines} lines"
    try:
        product = read_product(files.product)
        book = read_price_book(files.book, product_lookup(product))
        request = read_quote_request(files.request)
        price_request(request, book, product, PRICED_ON)
    except QuoterError as error:
        print(error.describe()[:2000], file=sys.stderr)
        return [Row(label, "failed", note="the request cannot be priced")]
    pricing = median_seconds(lambda: price_request(request, book, product, PRICED_ON), repeat)
    scaled = pricing * TARGET_PRICING_LINES / lines
    settings = Settings(data_dirs=(files.root,), use_bundled_data=False)
    noon = datetime(PRICED_ON.year, PRICED_ON.month, PRICED_ON.day, 12, tzinfo=UTC)
    context = build_context(settings, lambda: noon)
    # a fresh library each call (as each CLI command has), so the book is loaded every time
    whole = median_seconds(lambda: price_quote_file(context.reloaded(), files.request), repeat)
    return [
        Row(
            label,
            _shown(pricing),
            f"< {TARGET_PRICING_SECONDS * 1000:.0f} ms / {TARGET_PRICING_LINES}",
            _versus(scaled, TARGET_PRICING_SECONDS),
            f"{scaled * 1000:.1f} ms per {TARGET_PRICING_LINES} lines",
        ),
        Row(
            "price_quote_file (whole use case)",
            _shown(whole),
            note="reads the request, loads + validates the book, prices",
        ),
    ]


def quoter_command() -> list[str]:
    script = Path(sys.executable).parent / "quoter"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "quoter.cli"]


def measure_cold_start(root: Path, runs: int) -> list[Row]:
    command = [*quoter_command(), "--help"]
    as_is = dict(os.environ)
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    setting = os.environ.get("PYTHONDONTWRITEBYTECODE")
    shown = f"PYTHONDONTWRITEBYTECODE={setting}" if setting is not None else "no bytecode setting"
    floor = median_process_seconds([sys.executable, "-c", "pass"], as_is, runs)
    first = subprocess.run(command, env=as_is, capture_output=True, check=False)
    if first.returncode != 0:
        shown += f"; exit status {first.returncode}!"
    help_as_is = median_process_seconds(command, as_is, runs)
    subprocess.run(command, env=cached, stdout=subprocess.DEVNULL, check=False)  # warm-up
    help_cached = median_process_seconds(command, cached, runs)
    target = f"< {TARGET_HELP_SECONDS} s"
    return [
        Row("python -c pass (the floor)", _shown(floor), note=f"{runs} runs, environment as is"),
        Row(
            "quoter --help, environment as is",
            _shown(help_as_is),
            target,
            _versus(help_as_is, TARGET_HELP_SECONDS),
            shown,
        ),
        Row(
            "quoter --help, bytecode cached",
            _shown(help_cached),
            target,
            _versus(help_cached, TARGET_HELP_SECONDS),
            "variable unset, after one warm-up run",
        ),
    ]


def profile_load(files: Files, top: int) -> None:
    """cProfile of one load + validate, by cumulative and by own time."""
    find = product_lookup(read_product(files.product))
    profiler = cProfile.Profile()
    profiler.enable()
    read_price_book(files.book, find)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        print(f"\n--- profile of read_price_book, sorted by {order} ---")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(order).print_stats(top)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive whole number")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--services", type=_positive, default=10_000, help="services in the book")
    parser.add_argument("--lines", type=_positive, default=500, help="lines in the request")
    parser.add_argument(
        "--repeat",
        type=_positive,
        default=5,
        help="runs per figure (the --help figures use at least 5)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print a cProfile of one load + validate"
    )
    args = parser.parse_args(argv)
    try:
        run(args)
    except BrokenPipeError:  # the reader (e.g. `head`) has gone: nothing left to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except Exception:  # a benchmark reports; it never fails the build
        traceback.print_exc()
        print("\nThe benchmark stopped early (see above).", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="quoter-bench-") as folder:
        root = Path(folder)
        files = write_files(root, args.services, args.lines)
        size = len(files.book_text.encode("utf-8"))
        print(
            f"book: {args.services:,} services, {size / 1e6:.2f} MB "
            f"({size / args.services / 1000:.2f} KB a service); request: {args.lines} lines; "
            f"median of {args.repeat} runs; Python {sys.version.split()[0]}\n"
        )
        print_header()
        measures: tuple[Callable[[], list[Row]], ...] = (
            lambda: measure_books(files, args.repeat, args.services),
            lambda: measure_bundled(args.repeat),
            lambda: measure_pricing(files, args.repeat, args.lines),
            lambda: measure_cold_start(root, max(args.repeat, 5)),
        )
        for measure in measures:
            for row in measure():
                print_row((row.measure, row.value, row.target, row.verdict, row.note))
        if args.profile:
            profile_load(files, 30)


if __name__ == "__main__":
    sys.exit(main())
