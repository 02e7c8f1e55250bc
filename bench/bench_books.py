"""Benchmark: loading a large price book, pricing a long quote request, and `quoter --help`.

What it measures (medians of `--repeat` runs, in this process unless said otherwise):

- the floor of loading a book: a bare `tomllib.loads` of the book's text (DESIGN.md item 21);
- quoter's load + validate of the same file (`read_price_book`: read, parse with the exact-decimal
  hook, validate every field, digest), its absolute time and its ratio to the bare parse (goal: the
  ratio is at most 1.5, i.e. validation adds at most half the parse time);
- where that time goes: the parse with quoter's `parse_float` hook, the validation of the parsed
  data (`price_book_from_text`), the digest and the odd-integer scan alone;
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
Timings are wall-clock seconds (`time.perf_counter`) with the garbage collector on, as in real use;
a full collection runs before each timed call. Prices in the generated files are written as
decimal text, never computed through float.

Run: `.venv/bin/python bench/bench_books.py [--services N] [--lines M] [--repeat R] [--profile]`
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from quoter.books.digest import digest
from quoter.books.pricebook_file import price_book_from_text, read_price_book
from quoter.books.products_file import read_product
from quoter.books.request_file import read_quote_request
from quoter.books.source import exact_number, odd_integers
from quoter.domain.pricing import price_request
from quoter.domain.problems import ProductError, QuoterError
from quoter.domain.products import Product
from quoter.settings import Settings
from quoter.usecases.price_quote import price_quote_file

BOOK_ID = "bench-usd"
PRODUCT_ID = "orca-os"
PRICED_ON = date(2026, 6, 1)
"""A day inside the generated book's period; passed as the use case's `today`."""

TARGET_LOAD_SECONDS = 0.5
TARGET_LOAD_SERVICES = 10_000
TARGET_RATIO = 1.5
TARGET_PRICING_SECONDS = 0.050
TARGET_PRICING_LINES = 500
TARGET_HELP_SECONDS = 0.3

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

[categories.onsite]
name.en = "On-site engineering"
name.de = "Technik vor Ort"

[categories.driver_port]
name.en = "Driver ports"
name.de = "Treiberportierungen"

[categories.audit]
name.en = "Audits"
name.de = "Prüfungen"

[categories.training]
name.en = "Training"
name.de = "Schulungen"
"""


def _backport(i: int) -> str:
    """base_plus_unit over releases_between: text + two release parameters."""
    return f"""
[[services]]
code = "BP-FIX-{i:05d}"
category = "backport"
name.en = "Backport of one fix ({i})"
name.de = "Rückportierung eines Fixes ({i})"
summary.en = "One fix moved to an older release, built and tested."
summary.de = "Ein Fix wird auf ein älteres Release übertragen, gebaut und getestet."
scope.en = \"\"\"Backport fix {{fix_id}} from release {{source_release}} to {{target_release}}.
Includes one build and a regression run.\"\"\"
scope.de = \"\"\"Rückportierung von Fix {{fix_id}} von Release {{source_release}} auf \
{{target_release}}.
Enthält einen Build und einen Regressionslauf.\"\"\"
deliverables.en = ["Patch", "Binary build", "Test report"]
deliverables.de = ["Patch", "Binärbuild", "Testbericht"]
assumptions.en = ["The fix is merged upstream"]
assumptions.de = ["Der Fix ist upstream gemergt"]
exclusions.en = ["Field deployment"]
exclusions.de = ["Ausrollen im Feld"]
lead_time_days = {10 + i % 10}

[[services.parameters]]
name = "fix_id"
type = "text"
label.en = "Fix"
label.de = "Fix"

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
base = {3000 + i % 40 * 25}.00
unit.en = "release stepped back"
unit.de = "Release zurück"
unit_price = {1000 + i % 20 * 50}
units = {{ releases_between = ["source_release", "target_release"] }}
max_units = 3
"""


def _onsite(i: int) -> str:
    """per_unit: text + enum parameters, quantity in days."""
    return f"""
[[services]]
code = "OS-DAY-{i:05d}"
category = "onsite"
name.en = "On-site engineering day ({i})"
name.de = "Techniker-Tag vor Ort ({i})"
summary.en = "An engineer at your site, for the days ordered."
summary.de = "Ein Techniker bei Ihnen vor Ort, für die bestellten Tage."
scope.en = \"\"\"On-site work at {{site}} with focus on {{focus}}.
A day is eight hours; domestic travel included.\"\"\"
scope.de = \"\"\"Arbeit vor Ort in {{site}} mit Schwerpunkt {{focus}}.
Ein Tag hat acht Stunden.\"\"\"
deliverables.en = ["Visit report", "Action list"]
deliverables.de = ["Besuchsbericht", "Maßnahmenliste"]
assumptions.en = ["Site access on arrival", "A named contact on site"]
assumptions.de = ["Zugang bei Ankunft", "Ein benannter Ansprechpartner"]
exclusions.en = ["Hardware"]
exclusions.de = ["Hardware"]
lead_time_days = 15

[[services.parameters]]
name = "site"
type = "text"
label.en = "Site"
label.de = "Standort"

[[services.parameters]]
name = "focus"
type = "enum"
label.en = "Focus"
label.de = "Schwerpunkt"
choices = [
  {{ value = "bringup", label.en = "Board bring-up", label.de = "Inbetriebnahme" }},
  {{ value = "debug", label.en = "Debugging", label.de = "Fehlersuche" }},
]

[services.pricing]
model = "per_unit"
unit.en = "day"
unit.de = "Tag"
unit_price = {2000 + i % 30 * 10}.00
min_quantity = 1
max_quantity = 20
"""


def _driver_port(i: int) -> str:
    """tiered: text + enum + release parameters."""
    return f"""
[[services]]
code = "DP-PORT-{i:05d}"
category = "driver_port"
name.en = "Driver port ({i})"
name.de = "Treiberportierung ({i})"
summary.en = "One driver ported to a release."
summary.de = "Ein Treiber, auf ein Release portiert."
scope.en = \"\"\"Port driver {{driver}} to release {{release}} at complexity {{tier}}.
Upstream review comments are addressed once.\"\"\"
scope.de = \"\"\"Portierung von Treiber {{driver}} auf Release {{release}}, Stufe {{tier}}.
Review-Anmerkungen werden einmal eingearbeitet.\"\"\"
deliverables.en = ["Driver source", "Build"]
deliverables.de = ["Treiberquellen", "Build"]
assumptions.en = ["Datasheet available"]
assumptions.de = ["Datenblatt liegt vor"]
exclusions.en = ["Certification"]
exclusions.de = ["Zertifizierung"]
lead_time_days = 20

[[services.parameters]]
name = "driver"
type = "text"
label.en = "Driver"
label.de = "Treiber"

[[services.parameters]]
name = "tier"
type = "enum"
label.en = "Complexity"
label.de = "Komplexität"
choices = [
  {{ value = "S", label.en = "Small", label.de = "Klein" }},
  {{ value = "M", label.en = "Medium", label.de = "Mittel" }},
  {{ value = "L", label.en = "Large", label.de = "Groß" }},
]

[[services.parameters]]
name = "release"
type = "release"
label.en = "Release"
label.de = "Release"
default = "4.2"

[services.pricing]
model = "tiered"
parameter = "tier"
prices = {{ S = {24000 + i % 10 * 100}, M = 48000.00, L = {96000 + i % 7 * 500}.50 }}
"""


def _audit(i: int) -> str:
    """fixed: release + optional integer parameter with a default."""
    return f"""
[[services]]
code = "AU-SEC-{i:05d}"
category = "audit"
name.en = "Security audit ({i})"
name.de = "Sicherheitsprüfung ({i})"
summary.en = "A review of one release's configuration against the hardening guide."
summary.de = "Prüfung der Konfiguration eines Releases gegen den Härtungsleitfaden."
scope.en = \"\"\"Audit of release {{release}} on up to {{hosts}} hosts.
Findings are ranked by severity; a literal {{{{brace}}}} stays as written.\"\"\"
scope.de = \"\"\"Prüfung von Release {{release}} auf bis zu {{hosts}} Hosts.
Befunde werden nach Schwere geordnet.\"\"\"
deliverables.en = ["Audit report", "Remediation list"]
deliverables.de = ["Prüfbericht", "Maßnahmenliste"]
assumptions.en = ["Remote access"]
assumptions.de = ["Fernzugang"]
exclusions.en = ["Penetration tests", "Fixes"]
exclusions.de = ["Penetrationstests", "Behebungen"]
lead_time_days = 12

[[services.parameters]]
name = "release"
type = "release"
label.en = "Release"
label.de = "Release"

[[services.parameters]]
name = "hosts"
type = "integer"
label.en = "Hosts"
label.de = "Hosts"
required = false
minimum = 1
maximum = 50
default = 5

[services.pricing]
model = "fixed"
price = {5000 + i % 50 * 100}.00
"""


def _training(i: int) -> str:
    """base_plus_unit from an integer parameter: integer + enum + text parameters."""
    return f"""
[[services]]
code = "TR-CLASS-{i:05d}"
category = "training"
name.en = "Training class ({i})"
name.de = "Schulung ({i})"
summary.en = "A one-day class for your team."
summary.de = "Eine eintägige Schulung für Ihr Team."
scope.en = \"\"\"A {{topic}} class for {{attendees}} attendees, titled {{title}}.
Material in English.\"\"\"
scope.de = \"\"\"Eine Schulung {{topic}} für {{attendees}} Teilnehmer: {{title}}.
Unterlagen auf Englisch.\"\"\"
deliverables.en = ["Slides", "Exercises"]
deliverables.de = ["Folien", "Übungen"]
assumptions.en = ["A room with a projector"]
assumptions.de = ["Ein Raum mit Beamer"]
exclusions.en = ["Travel"]
exclusions.de = ["Reisekosten"]
lead_time_days = 30

[[services.parameters]]
name = "attendees"
type = "integer"
label.en = "Attendees"
label.de = "Teilnehmer"
minimum = 1
maximum = 30

[[services.parameters]]
name = "topic"
type = "enum"
label.en = "Topic"
label.de = "Thema"
choices = [
  {{ value = "kernel", label.en = "Kernel", label.de = "Kernel" }},
  {{ value = "build", label.en = "Build system", label.de = "Buildsystem" }},
]

[[services.parameters]]
name = "title"
type = "text"
label.en = "Title"
label.de = "Titel"
max_length = 80

[services.pricing]
model = "base_plus_unit"
base = {1500 + i % 20 * 50}
unit.en = "attendee"
unit.de = "Teilnehmer"
unit_price = 180.00
units = {{ parameter = "attendees" }}
min_units = 1
"""


SERVICE_SHAPES: tuple[Callable[[int], str], ...] = (
    _backport,
    _onsite,
    _driver_port,
    _audit,
    _training,
)


def _request_line(i: int) -> str:
    """A valid request line for service number `i` of the generated book."""
    shape = SERVICE_SHAPES[i % len(SERVICE_SHAPES)]
    if shape is _backport:
        return (
            f'[[lines]]\nservice = "BP-FIX-{i:05d}"\n'
            f'parameters = {{ fix_id = "ORCA-{i}", source_release = "4.2", '
            f'target_release = "{("3.8", "4.0", "4.1")[i % 3]}" }}\n'
        )
    if shape is _onsite:
        return (
            f'[[lines]]\nservice = "OS-DAY-{i:05d}"\nquantity = {1 + i % 5}\n'
            f'parameters = {{ site = "Plant {i}", focus = "debug" }}\n'
        )
    if shape is _driver_port:
        return (
            f'[[lines]]\nservice = "DP-PORT-{i:05d}"\n'
            f'parameters = {{ driver = "eth-{i}", tier = "{"SML"[i % 3]}" }}\n'
        )
    if shape is _audit:
        return f'[[lines]]\nservice = "AU-SEC-{i:05d}"\nparameters = {{ release = "4.1" }}\n'
    return (
        f'[[lines]]\nservice = "TR-CLASS-{i:05d}"\n'
        f'parameters = {{ attendees = {1 + i % 12}, topic = "kernel", title = "Class {i}" }}\n'
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


def print_table(rows: Sequence[Row]) -> None:
    headers = ("measure", "median", "target", "", "note")
    cells = [(row.measure, row.value, row.target, row.verdict, row.note) for row in rows]
    widths = [max(len(h), *(len(c[k]) for c in cells)) for k, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for cell in cells:
        print("  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)).rstrip())


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
    parse = median_seconds(lambda: tomllib.loads(text), repeat)
    floor_note = f"{len(text) / 1e6:.1f} MB; {parse * per:.3f} s per {TARGET_LOAD_SERVICES:,}"
    if parse * per >= TARGET_LOAD_SECONDS:
        floor_note += f" (alone over the {TARGET_LOAD_SECONDS} s target)"
    rows = [Row("tomllib.loads (the floor)", _shown(parse), note=floor_note)]
    try:
        book = read_price_book(files.book, find)
    except QuoterError as error:
        print(error.describe()[:2000], file=sys.stderr)
        return [*rows, Row("load + validate", "failed", note="the generated book is not valid")]
    if len(book.services) != services:
        print(f"warning: {len(book.services)} services read, {services} written", file=sys.stderr)
    load = median_seconds(lambda: read_price_book(files.book, find), repeat)
    ratio = load / parse
    data = tomllib.loads(text, parse_float=exact_number)
    hooked = median_seconds(lambda: tomllib.loads(text, parse_float=exact_number), repeat)
    validate = median_seconds(
        lambda: price_book_from_text(text, data, str(files.book), find), repeat
    )
    digesting = median_seconds(lambda: digest(data), repeat)
    scanning = median_seconds(lambda: odd_integers(text, str(files.book)), repeat)
    return [
        *rows,
        Row(
            "load + validate (read_price_book)",
            _shown(load),
            f"< {TARGET_LOAD_SECONDS} s / {TARGET_LOAD_SERVICES:,}",
            _versus(load * per, TARGET_LOAD_SECONDS),
            f"{load * per:.3f} s per {TARGET_LOAD_SERVICES:,} services",
        ),
        Row(
            "ratio load+validate / bare parse",
            f"{ratio:.2f}",
            f"<= {TARGET_RATIO}",
            "within" if ratio <= TARGET_RATIO else "over",
            f"validation etc. adds {(ratio - 1) * 100:.0f}% of the parse time",
        ),
        Row("  parse with quoter's parse_float", _shown(hooked), note="quoter's parse_toml"),
        Row(
            "  validate parsed data",
            _shown(validate),
            note="price_book_from_text: fields, digest, odd-integer scan",
        ),
        Row("    of which digest(data)", _shown(digesting)),
        Row("    of which odd_integers(text)", _shown(scanning)),
    ]


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
    whole = median_seconds(lambda: price_quote_file(files.request, settings, PRICED_ON), repeat)
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
    with tempfile.TemporaryDirectory(prefix="quoter-bench-") as folder:
        root = Path(folder)
        files = write_files(root, args.services, args.lines)
        size = len(files.book_text.encode("utf-8"))
        print(
            f"book: {args.services:,} services, {size / 1e6:.2f} MB "
            f"({size / args.services / 1000:.2f} KB a service); request: {args.lines} lines; "
            f"median of {args.repeat} runs; Python {sys.version.split()[0]}\n"
        )
        rows = measure_books(files, args.repeat, args.services)
        rows += measure_pricing(files, args.repeat, args.lines)
        rows += measure_cold_start(root, max(args.repeat, 5))
        print_table(rows)
        if args.profile:
            profile_load(files, 30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
