"""Benchmark: rendering scope-of-work contracts (PDF and DOCX), against a bare WeasyPrint render
and against the LibreOffice route, per document, in a batch and at a cold start.

Every figure below is measured in one run of this script, so the ratios compare like with like on
this (noisy, shared) machine; compare ratios, not absolute times from elsewhere (TOOLCHAIN.md).

The contract: a quote request of one line (a backport of fix ORCA-1234 from 4.2 to 3.8) from the
bundled example's customer, priced against the bundled `services-usd` book in force today, with the
bundled templates, wording, vendor and standard terms (`Settings()`: the bundled data only). The
script prints its page count (read with pypdf). Its standard terms alone take more than two pages,
so even this smallest contract is longer than the 3-page HTML of TOOLCHAIN.md's baselines.

1. Per document, warm, in this process (medians of `--repeat` calls after two warm-up calls; the
   garbage collector on, a full collection before each timed call; the cases run interleaved, one
   call of each per round, so drifts of the machine hit all of them alike):
   - quoter's PDF path: `render_pdf_bytes(document, kit)`, from the document model to the final
     PDF bytes (Jinja render of document.html, WeasyPrint layout and PDF/A-3b with the priced
     quote attached, signature boxes read from the layout, pyHanko's incremental update with two
     signature fields). Target: < 250 ms.
   - quoter's DOCX path: `render_docx_bytes(document, kit)`. Target: < 50 ms.
   - where the time goes: `render_html` (the Jinja step), `add_signature_fields` (the pyHanko step,
     on the bare render's PDF), docxtpl's opening and parsing of document.docx
     (`DocxTemplate(path).init_docx()`, which `render_docx` pays on every call), the
     document model (`contract_document`, which also serialises the quote as JSON) and pricing
     the request file (`price_quote_file`, which the batch does for every contract): on the
     context whose library has read the books already, as a batch worker's has after its first
     contract, and on a fresh library, as a new `quoter contract render` command prices.
2. A bare WeasyPrint render of the same final HTML (taken from `render_html`): `HTML(string=...,
   base_url=..., url_fetcher=quoter's local fetcher).write_pdf(pdf_variant="pdf/a-3b",
   attachments=[the same JSON attachment], font_config=FontConfiguration())`, i.e. the same
   variant, attachment, fonts (the @font-face files under resources/fonts) and fetcher, with no
   Jinja and no pyHanko. Printed: quoter's PDF path / bare (target <= 1.2, DESIGN.md item 22).
   A what-if for the optimiser: the same bare render with one FontConfiguration reused across
   calls, so fontconfig's set-up and the @font-face files are not read again on each call.
3. The route users take without quoter: quoter's DOCX of the same contract converted by
   LibreOffice, `soffice --headless --convert-to pdf --outdir OUT FILE.docx`, one soffice process
   per file (median of `--lo-repeat`), and `--lo-batch` copies in one soffice call (median of
   `--batch-repeat`). Wall time, and CPU time (user + system of soffice and what it waited for),
   which other work on a shared machine disturbs less. soffice runs with its own profile folder in
   the temporary folder (created by an untimed first call, as a user's profile exists) and in its
   own session; when it exits, what it left in its process group is killed. Ratios printed
   (section 6): quoter's warm PDF path vs LibreOffice per document; the whole `quoter contract
   render REQUEST --pdf OUT` in a new process vs LibreOffice per document (both start a
   process); quoter's batch (PDF only, 2 workers) per contract vs LibreOffice's batch per file.
   A ratio below 1 means quoter is faster. Without soffice on the PATH (or with
   `--no-libreoffice`) the section says so and has no figures.
4. A batch of `--batch` contracts with `render_batch` (request files -> PDF + DOCX written to a
   folder, as `quoter contract batch` does), with 2 workers (both cores) and with 1; and with 2
   workers and PDF only (for the LibreOffice batch ratio). Wall time from the call to its return,
   including the spawn of the workers, their imports and their kit loading; contracts per second;
   CPU time a contract (user + system of this process and its workers). Medians of
   `--batch-repeat` rounds, each running the three variants one after the other. The workers are
   spawned, so each re-imports this script as `__mp_main__`: it imports only the standard library
   at module level.
5. Cold start, in new processes (median of `--cold-repeat`): `quoter --help`, the time of
   `import quoter.cli` measured inside a new interpreter, and `python -c pass` as the floor. The
   environment is passed as it is (this machine sets PYTHONDONTWRITEBYTECODE=1, so quoter's own
   modules are compiled at every start); QUOTER_DATA and QUOTER_CONFIG are removed.

`--profile` adds cProfile listings (cumulative and own time, top 25) of quoter's PDF path and DOCX
path, warm, over a few calls. Timings are wall-clock (`time.perf_counter`); the request's
quantities are integers and no money passes through float. Targets are printed for reading, not
enforced: the script always exits 0.

Run: `.venv/bin/python bench/bench_contracts.py [--repeat N] [--batch 100] [--no-libreoffice]
[--profile]`. With the defaults it takes about five minutes (most of it in the batches).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import os
import pstats
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quoter.documents.kit import ContractKit
    from quoter.documents.model import Document
    from quoter.usecases.context import AppContext

TARGET_PDF_SECONDS = 0.250
TARGET_DOCX_SECONDS = 0.050
TARGET_BARE_RATIO = 1.2
PDF_VARIANT = "pdf/a-3b"
LIBREOFFICE_TIMEOUT_SECONDS = 300
BATCH_WORKERS = 2

VENV_BIN = Path(sys.executable).parent

REQUEST_TEMPLATE = """\
format = 1
book = "services-usd"
language = "en"
reference = "{reference}"

[customer]
legal_name = "Cascade Motion Controls, Inc."
address = [
  "4400 NE Columbia Boulevard, Suite 210",
  "Portland, OR 97218",
  "United States",
]
tax_id = "EIN 93-4718265"

[customer.signatory]
name = "Dana R. Whitfield"
title = "Vice President, Engineering"

[[lines]]
service = "BP-FIX"
[lines.parameters]
fix_id = "ORCA-1234"
source_release = "4.2"
target_release = "3.8"
customer_ticket = "CMC-SR-20931"
"""


def request_text(reference: str) -> str:
    return REQUEST_TEMPLATE.format(reference=reference)


# --- timing ---------------------------------------------------------------------------------------


def timed(call: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def interleaved(
    cases: dict[str, Callable[[], object]], repeat: int, warmup: int = 2
) -> dict[str, float]:
    """The median time of each case; one call of each case per round."""
    for _ in range(warmup):
        for call in cases.values():
            call()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, call in cases.items():
            samples[name].append(timed(call))
    return {name: statistics.median(values) for name, values in samples.items()}


def cpu_seconds(*, children: bool = True, own: bool = False) -> float:
    """User + system CPU time of this process and/or of its waited-for children."""
    total = 0.0
    for who, wanted in ((resource.RUSAGE_SELF, own), (resource.RUSAGE_CHILDREN, children)):
        if wanted:
            usage = resource.getrusage(who)
            total += usage.ru_utime + usage.ru_stime
    return total


@dataclass(frozen=True, slots=True)
class Run:
    wall: float
    cpu: float


def medians(runs: Sequence[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs))


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def ratio_note(value: float) -> str:
    if value < 1:
        return f"quoter {1 / value:.1f}x faster"
    return f"quoter {value:.1f}x slower"


# --- the report -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    label: str
    value: str
    target: str = ""
    note: str = ""


@dataclass(slots=True)
class Report:
    rows: list[Row | str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)

    def section(self, title: str) -> None:
        self.rows.append(title)

    def add(self, label: str, value: str, target: str = "", note: str = "") -> None:
        self.rows.append(Row(label, value, target, note))

    def time(self, key: str, label: str, value: float, target: str = "", note: str = "") -> None:
        self.figures[key] = value
        self.add(label, seconds(value), target, note)

    def text(self) -> str:
        rows = [row for row in self.rows if isinstance(row, Row)]
        widths = [
            max([len(header)] + [len(getattr(row, name)) for row in rows])
            for header, name in (
                ("figure", "label"),
                ("median", "value"),
                ("target", "target"),
                ("", "note"),
            )
        ]
        lines = []
        header = ("figure", "median", "target", "note")
        lines.append(_line(header, widths))
        lines.append(_line((*tuple("-" * width for width in widths[:3]), "----"), widths))
        for row in self.rows:
            if isinstance(row, str):
                lines.append("")
                lines.append(row)
            else:
                lines.append(_line((row.label, row.value, row.target, row.note), widths))
        return "\n".join(lines)


def _line(cells: tuple[str, ...], widths: Sequence[int]) -> str:
    label, value, target, note = cells
    return f"  {label:<{widths[0]}}  {value:>{widths[1]}}  {target:<{widths[2]}}  {note}".rstrip()


def guarded(report: Report, what: str, step: Callable[[], None]) -> None:
    """Runs one section; a failure is reported in the table and on stderr, and the run goes on."""
    try:
        step()
    except Exception as error:
        traceback.print_exc()
        report.add(f"{what}: FAILED", type(error).__name__, note=str(error).splitlines()[0][:80])


def progress(message: str) -> None:
    print(f"[bench_contracts] {message}", file=sys.stderr, flush=True)


# --- the contract ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Contract:
    context: AppContext
    request: Path
    kit: ContractKit
    document: Document
    pdf: bytes
    docx: bytes
    pages: int


def cli_context() -> AppContext:
    """The context a CLI command builds: the bundled data, the system clock in the vendor's zone."""
    from quoter.usecases.context import build_context
    from quoter.usecases.settings import Settings

    return build_context(Settings())


def make_contract(work: Path) -> Contract:
    from quoter.usecases.contracts import contract_document, render_docx_bytes, render_pdf_bytes
    from quoter.usecases.price_quote import price_quote_file

    request = work / "request.toml"
    request.write_text(request_text("PO 4500-2291"), encoding="utf-8")
    context = cli_context()
    kit = context.library.kit()
    document = contract_document(price_quote_file(context, request), kit)
    pdf = render_pdf_bytes(document, kit)
    docx = render_docx_bytes(document, kit)
    return Contract(context, request, kit, document, pdf, docx, page_count(pdf))


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


# --- 1 and 2: per document, warm, in this process -------------------------------------------------


def bench_in_process(report: Report, contract: Contract, repeat: int) -> None:
    import weasyprint
    from docxtpl import DocxTemplate
    from weasyprint.text.fonts import FontConfiguration

    from quoter.documents.html import render_html
    from quoter.documents.pdf import _local_fetcher, add_signature_fields, signature_boxes
    from quoter.usecases.contracts import (
        contract_document,
        render_docx_bytes,
        render_pdf_bytes,
    )
    from quoter.usecases.price_quote import price_quote_file

    kit, document, context = contract.kit, contract.document, contract.context
    html = render_html(document, kit.template_dir)
    base_url = kit.template_dir.resolve().as_uri() + "/"
    fetcher = _local_fetcher(kit.template_dir, kit.resources_dir)
    shared_fonts = FontConfiguration()

    def bare(font_config: Any) -> bytes:
        # A WeasyPrint Attachment can be written once only: new ones for every call, as quoter.
        attachments = [
            weasyprint.Attachment(
                string=content.decode("utf-8"),
                name=name,
                description="quoter priced quote (JSON, format 1)",
                relationship="Data",
            )
            for name, content in document.attachments
        ]
        pdf = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
            pdf_variant=PDF_VARIANT, attachments=attachments, font_config=font_config
        )
        assert isinstance(pdf, bytes)
        return pdf

    bare_pdf = bare(FontConfiguration())
    rendered = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        font_config=FontConfiguration()
    )
    boxes = signature_boxes(rendered, document)
    quote = price_quote_file(context, contract.request)
    docx_template = kit.template_dir / "document.docx"

    progress(f"per document, warm: {repeat} interleaved rounds")
    medians = interleaved(
        {
            "pdf": lambda: render_pdf_bytes(document, kit),
            "bare": lambda: bare(FontConfiguration()),
            "bare_shared": lambda: bare(shared_fonts),
            "docx": lambda: render_docx_bytes(document, kit),
            "html": lambda: render_html(document, kit.template_dir),
            "fields": lambda: add_signature_fields(bare_pdf, boxes),
            "docx_open": lambda: DocxTemplate(str(docx_template)).init_docx(),
            "model": lambda: contract_document(quote, kit),
            "price": lambda: price_quote_file(context, contract.request),
            "price_fresh": lambda: price_quote_file(context.reloaded(), contract.request),
        },
        repeat,
    )
    pdf, bare_time, docx = medians["pdf"], medians["bare"], medians["docx"]
    report.figures.update({f"warm_{name}": value for name, value in medians.items()})

    report.section(
        f"1. One contract, warm, in-process ({contract.pages} pages, 1 line, "
        f"PDF {len(contract.pdf) // 1024} KB, DOCX {len(contract.docx) // 1024} KB; "
        f"median of {repeat})"
    )
    report.add(
        "quoter PDF path: document model -> PDF bytes",
        seconds(pdf),
        f"< {seconds(TARGET_PDF_SECONDS)}",
        "met" if pdf < TARGET_PDF_SECONDS else "NOT met",
    )
    report.add(
        "quoter DOCX path: document model -> DOCX bytes",
        seconds(docx),
        f"< {seconds(TARGET_DOCX_SECONDS)}",
        "met" if docx < TARGET_DOCX_SECONDS else "NOT met",
    )
    report.add("  of PDF: render_html (Jinja)", seconds(medians["html"]))
    report.add(
        "  of PDF: add_signature_fields (pyHanko)",
        seconds(medians["fields"]),
        note=f"{len(boxes)} fields",
    )
    report.add("  of DOCX: open and parse document.docx", seconds(medians["docx_open"]))
    report.add("contract_document (model + quote JSON)", seconds(medians["model"]))
    report.add(
        "price_quote_file (request, pricing; books read)",
        seconds(medians["price"]),
        note="the context's library has read the books, as a batch worker's has",
    )
    report.add(
        "price_quote_file on a fresh library",
        seconds(medians["price_fresh"]),
        note="reads the request and the data folders' books, prices",
    )

    report.section(f"2. Bare WeasyPrint render of the same HTML ({PDF_VARIANT}, same attachment)")
    ratio = pdf / bare_time
    report.add(
        "bare WeasyPrint: HTML string -> PDF bytes",
        seconds(bare_time),
        note=f"{page_count(bare_pdf)} pages",
    )
    report.add(
        "quoter PDF path / bare",
        f"{ratio:.2f}",
        f"<= {TARGET_BARE_RATIO}",
        ("met" if ratio <= TARGET_BARE_RATIO else "NOT met")
        + f"; overhead {seconds(pdf - bare_time)}",
    )
    report.add(
        "what-if: bare with one FontConfiguration reused",
        seconds(medians["bare_shared"]),
        note=f"{medians['bare_shared'] / bare_time:.2f} of bare",
    )


# --- 3: LibreOffice -------------------------------------------------------------------------------


def soffice_command() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_soffice(command: list[str]) -> Run:
    """Runs soffice in its own session; returns its wall and CPU time (soffice and the children it
    waited for), then kills what it left behind in its process group."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        returncode = process.wait(timeout=LIBREOFFICE_TIMEOUT_SECONDS)
        elapsed = time.perf_counter() - start
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        if process.returncode is None:
            process.wait()
    if returncode != 0:
        raise RuntimeError(f"soffice exited with {returncode}: {' '.join(command)}")
    return Run(elapsed, cpu_seconds() - cpu)


def bench_libreoffice(
    report: Report,
    contract: Contract,
    work: Path,
    soffice: str,
    repeat: int,
    batch_size: int,
    batch_repeat: int,
) -> None:
    profile = work / "lo-profile"
    base = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    docs = work / "lo-in"
    docs.mkdir()
    single = docs / "contract.docx"
    single.write_bytes(contract.docx)

    def convert(files: Sequence[Path], out: Path) -> Run:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        elapsed = run_soffice(
            [*base, "--convert-to", "pdf", "--outdir", str(out), *map(str, files)]
        )
        missing = [f.name for f in files if not (out / f"{f.stem}.pdf").is_file()]
        if missing:
            raise RuntimeError(f"soffice wrote no PDF for {', '.join(missing)}")
        return elapsed

    progress("LibreOffice: first call (creates its profile; not timed)")
    convert([single], work / "lo-out")
    lo_pages = page_count((work / "lo-out" / "contract.pdf").read_bytes())
    progress(f"LibreOffice: {repeat} single conversions")
    per_document = medians([convert([single], work / "lo-out") for _ in range(repeat)])
    batch_files = []
    for index in range(1, batch_size + 1):
        path = docs / f"contract-{index:03d}.docx"
        path.write_bytes(contract.docx)
        batch_files.append(path)
    progress(f"LibreOffice: {batch_repeat} batches of {batch_size}")
    batch = medians([convert(batch_files, work / "lo-batch") for _ in range(batch_repeat)])
    report.figures["lo_document"] = per_document.wall
    report.figures["lo_batch_file"] = batch.wall / batch_size

    report.section("3. LibreOffice: quoter's DOCX -> PDF with soffice --headless --convert-to pdf")
    report.add(
        "one file per soffice process",
        seconds(per_document.wall),
        note=f"CPU {seconds(per_document.cpu)}; median of {repeat}; {lo_pages} pages "
        f"(quoter's PDF: {contract.pages})",
    )
    report.add(
        f"{batch_size} files in one soffice call",
        seconds(batch.wall),
        note=f"{seconds(batch.wall / batch_size)} a file; CPU {seconds(batch.cpu / batch_size)} "
        f"a file; median of {batch_repeat}",
    )


def libreoffice_ratios(report: Report) -> None:
    figures = report.figures
    if "lo_document" not in figures:
        return
    report.section("6. Ratios to LibreOffice (below 1: quoter is faster)")
    pairs = (
        ("warm_pdf", "lo_document", "quoter warm PDF path / soffice per document"),
        ("cold_contract", "lo_document", "quoter contract render (new process) / soffice"),
        ("batch_pdf_file", "lo_batch_file", "quoter batch per contract / soffice batch"),
    )
    for mine, theirs, label in pairs:
        if mine in figures:
            value = figures[mine] / figures[theirs]
            report.add(label, f"{value:.2f}", note=ratio_note(value))


# --- 4: batch -------------------------------------------------------------------------------------


def bench_batch(report: Report, work: Path, size: int, repeat: int) -> None:
    from quoter.usecases.contracts import render_batch

    folder = work / "batch-requests"
    folder.mkdir()
    for index in range(1, size + 1):
        text = request_text(f"PO bench-{index:04d}")
        (folder / f"request-{index:04d}.toml").write_text(text, encoding="utf-8")
    context = cli_context()

    def run(workers: int, docx: bool) -> Run:
        out = work / "batch-out"
        shutil.rmtree(out, ignore_errors=True)
        gc.collect()
        cpu = cpu_seconds(own=True)
        start = time.perf_counter()
        items = render_batch(context, folder, out, docx=docx, workers=workers)
        elapsed = time.perf_counter() - start
        failed = [item for item in items if item.error is not None]
        if failed or len(items) != size:
            raise RuntimeError(f"{len(failed)} of {len(items)} failed: {failed[0].error}")
        return Run(elapsed, cpu_seconds(own=True) - cpu)

    report.section(
        f"4. render_batch: {size} contracts (request file -> files), spawned workers, "
        f"start-up included; median of {repeat}"
    )
    variants = (
        (BATCH_WORKERS, True, "batch_both"),
        (1, True, "batch_both_1"),
        (BATCH_WORKERS, False, "batch_pdf"),
    )
    samples: dict[str, list[Run]] = {key: [] for _, _, key in variants}
    for round_ in range(1, repeat + 1):
        for workers, docx, key in variants:
            progress(f"render_batch round {round_}/{repeat}: {size} contracts, {workers} worker(s)")
            samples[key].append(run(workers, docx))
    for workers, docx, key in variants:
        run_ = medians(samples[key])
        report.figures[key] = run_.wall
        report.figures[f"{key}_file"] = run_.wall / size
        report.add(
            f"{'PDF + DOCX' if docx else 'PDF only'}, {workers} worker{'s' if workers > 1 else ''}",
            seconds(run_.wall),
            note=f"{size / run_.wall:.2f} contracts/s; {seconds(run_.wall / size)} a contract; "
            f"CPU {seconds(run_.cpu / size)} a contract",
        )


# --- 5: cold start --------------------------------------------------------------------------------


def child_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("QUOTER_DATA", "QUOTER_CONFIG")}


def process_time(command: Sequence[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=child_environment(), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def import_time() -> float:
    """`import quoter.cli` timed inside a new interpreter."""
    code = (
        "import time; start = time.perf_counter(); import quoter.cli; "
        "print(time.perf_counter() - start)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=child_environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return float(result.stdout.strip())


def bench_cold(report: Report, contract: Contract, work: Path, repeat: int) -> None:
    quoter = VENV_BIN / "quoter"
    progress(f"cold start: {repeat} runs of each")
    floor = statistics.median(
        process_time([sys.executable, "-c", "pass"], work) for _ in range(repeat)
    )
    imports = statistics.median(import_time() for _ in range(repeat))
    report.section(f"5. Cold start, new processes (median of {repeat})")
    report.time("python_pass", "python -c pass (floor)", floor)
    report.time("import_cli", "import quoter.cli (inside the new process)", imports)
    if not quoter.is_file():
        report.add("quoter --help", "n/a", note=f"{quoter} is not installed")
        return
    help_time = statistics.median(
        process_time([str(quoter), "--help"], work) for _ in range(repeat)
    )
    report.time("cold_help", "quoter --help", help_time)
    out = work / "cold.pdf"
    command = [str(quoter), "contract", "render", str(contract.request), "--pdf", str(out)]
    process_time(command, work)  # a first run, as the other commands had their interpreter warm
    cold = statistics.median(process_time(command, work) for _ in range(repeat))
    report.time(
        "cold_contract",
        "quoter contract render REQUEST --pdf OUT",
        cold,
        note="new process: imports, pricing, PDF",
    )


# --- profiles -------------------------------------------------------------------------------------


def profile_paths(contract: Contract) -> str:
    from quoter.usecases.contracts import render_docx_bytes, render_pdf_bytes

    kit, document = contract.kit, contract.document
    parts = []
    cases: list[tuple[str, Callable[[], bytes], int]] = [
        ("PDF path (render_pdf_bytes)", lambda: render_pdf_bytes(document, kit), 5),
        ("DOCX path (render_docx_bytes)", lambda: render_docx_bytes(document, kit), 20),
    ]
    for name, call, calls in cases:
        call()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            call()
        profiler.disable()
        for order in ("cumulative", "tottime"):
            stream = io.StringIO()
            stats = pstats.Stats(profiler, stream=stream)
            stats.sort_stats(order).print_stats(25)
            text = stream.getvalue()
            for prefix in sorted({p for p in sys.path if p}, key=len, reverse=True):
                text = text.replace(prefix + os.sep, "")
            parts.append(f"=== {name}, {calls} calls, by {order} ===\n{text.strip()}\n")
    return "\n".join(parts)


# --- main -----------------------------------------------------------------------------------------


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=15, help="warm in-process rounds")
    parser.add_argument("--batch", type=int, default=100, help="contracts in render_batch")
    parser.add_argument("--batch-repeat", type=int, default=3, help="runs of each batch")
    parser.add_argument("--lo-repeat", type=int, default=5, help="single soffice conversions")
    parser.add_argument("--lo-batch", type=int, default=20, help="files in one soffice call")
    parser.add_argument("--cold-repeat", type=int, default=5, help="runs of each new process")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip the soffice route")
    parser.add_argument("--profile", action="store_true", help="add cProfile listings")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    report = Report()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-contracts-") as name:
        work = Path(name)
        progress("pricing and rendering the contract once (imports, first render)")
        try:
            contract = make_contract(work)
        except Exception:
            traceback.print_exc()
            print("bench_contracts: cannot render the benchmark's contract; no figures")
            return 0
        guarded(report, "per document", lambda: bench_in_process(report, contract, args.repeat))
        soffice = None if args.no_libreoffice else soffice_command()
        if soffice is None:
            report.section("3. LibreOffice")
            why = "skipped (--no-libreoffice)" if args.no_libreoffice else "soffice not found"
            report.add(
                f"{why}: no figures",
                "-",
                note="apt-get install -y --no-install-recommends libreoffice-writer-nogui",
            )
        else:
            guarded(
                report,
                "LibreOffice",
                lambda: bench_libreoffice(
                    report,
                    contract,
                    work,
                    soffice,
                    args.lo_repeat,
                    args.lo_batch,
                    args.batch_repeat,
                ),
            )
        guarded(report, "batch", lambda: bench_batch(report, work, args.batch, args.batch_repeat))
        guarded(report, "cold start", lambda: bench_cold(report, contract, work, args.cold_repeat))
        libreoffice_ratios(report)
        print(
            f"bench_contracts: {os.cpu_count()} cores; 1-minute load average {load_before:.2f} "
            f"at the start, {os.getloadavg()[0]:.2f} at the end (above 0.5, other work shared "
            "the cores and the figures, the batches most, are pessimistic)"
        )
        print(report.text())
        if args.profile:
            print()
            guarded(report, "profile", lambda: print(profile_paths(contract)))
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:
        traceback.print_exc()
    sys.exit(0)
