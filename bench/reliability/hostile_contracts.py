"""Reliability: hostile text in a contract's customer fields is printed literally, nothing fetched.

Each case is examples/backport-usd.toml (as JSON) with one field replaced by one hostile text:
the fields are the customer's legal name, first address line, tax id, signatory's title and an
on-site day's `topic` parameter; the texts are HTML that loads things (`<img src=http://...>`,
`<link>`, `<iframe>`, `<svg><image href>`, `<script>`), CSS (`url(file:///etc/passwd)`,
`background:url(http://...)`), Jinja and docxtpl syntax (`{{ 7*7 }}`, `{% for %}`,
`{%p if %}`), other template syntax (`${7*7}`, `<%= %>`), XML and entities (`]]>`, `&amp;`,
`&#x41;`), a Markdown link, bidirectional overrides and isolates (U+202E, U+2066, U+200F), and
a 10,000-character word; every URL names a web server this script runs on 127.0.0.1 and counts
requests to. 13 texts in 5 fields: 65 cases. All but the last two fit the shortest field (the
tax id, 50 characters); quoter refuses the bidirectional controls and the long word where a
field's rules say so, which counts as a pass (below).

Each case is rendered as `quoter contract FILE --pdf OUT.pdf --docx OUT.docx` through the command
line's `quoter.cli.main.main` in-process (QUOTER_DEBUG=1, a fixed clock, a throwaway config),
with quoter.documents.pdf's URL fetcher wrapped to record every URL WeasyPrint asks for. A case
passes when either:

- printed literally: the command succeeds; the text is in the PDF's text (pypdf) and in the
  DOCX's (word/document.xml), whitespace aside, so nothing was taken for markup or template
  code; the DOCX's XML parses; the URLs fetched are only those a harmless contract fetches (the
  template folder's and resources/'s); the web server saw no request; the PDF holds no more
  links, actions or scripts (`/URI`, `/Launch`, `/JavaScript`, `/JS`) and the DOCX no more
  external relationships than the harmless contract's; or
- refused with quoter's own message (exit 1, e.g. a field's length limit), nothing written.

Anything else (an internal error, text missing or changed, a fetch, a request to the server) is
a failure. Run: `nice -n 10 .venv/bin/python bench/reliability/hostile_contracts.py [--cases N]
[--keep DIR]` (65 cases, about a minute on two cores; `--cases 10` some 20 seconds). `--keep`
saves each case's request and documents there. It prints a line per failure and a summary line,
and exits 1 if any case failed.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import io
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import tomllib
import traceback
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
BASE_REQUEST = REPO / "examples" / "backport-usd.toml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PDF_ACTIONS = (b"/URI", b"/Launch", b"/JavaScript", b"/JS ", b"/JS(", b"/SubmitForm")

HOSTILE_TEXTS = (
    "<img src=http://{host}/i.png>",
    "<link rel=icon href=http://{host}/c>",
    "<style>*{{background:url(http://{host})}}",
    "url(file:///etc/passwd) url(//{host}/u)",
    "<iframe src=file:///etc/passwd></iframe>",
    "<svg><image href=http://{host}/s /></svg>",
    "<script>fetch('//{host}/j')</script>",
    "{{{{ 7*7 }}}} {{% for x in (1,2) %}}X{{% endfor %}}",
    "{{%p if 1 %}} {{%tr x %}} {{{{r y }}}} {{# c #}}",
    "${{7*7}} #{{7*7}} <%= 7*7 %> %(x)s {{0}} $HOME",
    "]]><!--x-->&amp;&#x41;[m](http://{host})",
    "\u202eexe.fdp\u202c \u2066isolated\u2069 \u200fRLM",
    "W" * 10_000,
)
"""Each but the last two at most 50 characters with the server's address (the tax id's limit),
so that every field can hold them; a bidirectional override and a 10,000-character word
exceed some fields' rules, and are refused there."""
FIELDS: tuple[tuple[str, Callable[[dict[str, Any], str], None]], ...] = (
    ("customer.legal_name", lambda data, text: data["customer"].update(legal_name=text)),
    ("customer.address[1]", lambda data, text: data["customer"]["address"].__setitem__(0, text)),
    ("customer.tax_id", lambda data, text: data["customer"].update(tax_id=text)),
    (
        "customer.signatory.title",
        lambda data, text: data["customer"]["signatory"].update(title=text),
    ),
    (
        "lines[3].parameters.topic",
        lambda data, text: data["lines"][2]["parameters"].update(topic=text),
    ),
)


class Counted(http.server.BaseHTTPRequestHandler):
    """A web server's handler that only counts what it is asked for."""

    requests: list[str] = []  # noqa: RUF012 (one server per run, read after it stops)

    def do_GET(self) -> None:
        Counted.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def web_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counted)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def record_fetches() -> list[str]:
    """Wrap quoter's URL fetcher so that every URL WeasyPrint asks for is recorded."""
    import quoter.documents.pdf as pdf

    fetched: list[str] = []
    original = pdf._local_fetcher

    def recording(template_dir: Path, resources_dir: Path) -> Any:
        fetcher = original(template_dir, resources_dir)
        fetch = fetcher.fetch

        def recorded(url: str, headers: Any = None) -> Any:
            fetched.append(url)
            return fetch(url, headers)

        fetcher.fetch = recorded
        return fetcher

    pdf._local_fetcher = recording
    return fetched


def run_cli(argv: Sequence[str]) -> tuple[int, str]:
    """`quoter ARGV` in this process on the fixed clock: exit status and stderr."""
    from quoter.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv), lambda: NOW)
    return status, err.getvalue()


def flat(text: str) -> str:
    """Text compared without whitespace and with compatibility forms folded (ligatures)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_text(path: Path) -> tuple[str, int]:
    """The text of the DOCX's body, and how many external relationships the package has."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
        external = sum(
            archive.read(name).count(b'TargetMode="External"')
            for name in archive.namelist()
            if name.endswith(".rels")
        )
    return "".join(node.text or "" for node in root.iter(f"{W}t")), external


def pdf_actions(path: Path) -> int:
    content = path.read_bytes()
    return sum(content.count(action) for action in PDF_ACTIONS)


@dataclass(frozen=True, slots=True)
class Baseline:
    fetched: frozenset[str]
    actions: int
    external: int


@dataclass(frozen=True, slots=True)
class Case:
    field: str
    text: str

    @property
    def label(self) -> str:
        shown = self.text if len(self.text) < 40 else self.text[:37] + "..."
        return f"{self.field} = {shown!r}"


def cases(host: str, count: int) -> list[Case]:
    """Every hostile text in every field, texts varying fastest: `count` of them."""
    every = [Case(field, text.format(host=host)) for field, _ in FIELDS for text in HOSTILE_TEXTS]
    return every[:count]


def write_request(case: Case | None, path: Path) -> None:
    data = tomllib.loads(BASE_REQUEST.read_text(encoding="utf-8"), parse_float=Decimal)
    if case is not None:
        dict(FIELDS)[case.field](data, case.text)
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")


def render(folder: Path, case: Case | None) -> tuple[int, str, Path, Path]:
    request = folder / "request.json"
    write_request(case, request)
    pdf, docx = folder / "contract.pdf", folder / "contract.docx"
    try:
        status, err = run_cli(["contract", str(request), "--pdf", str(pdf), "--docx", str(docx)])
    except Exception:
        status, err = 70, traceback.format_exc()
    return status, err, pdf, docx


def check(
    case: Case, folder: Path, fetched: list[str], baseline: Baseline, requests: list[str]
) -> tuple[str, list[str], int]:
    """'printed', 'refused' or 'failed', what was wrong, and how many URLs were fetched that a
    harmless contract does not fetch."""
    fetched.clear()
    seen_before = len(requests)
    status, err, pdf, docx = render(folder, case)
    problems = []
    if requests[seen_before:]:
        problems.append(f"the web server was asked for {requests[seen_before:]}")
    outside = sorted(set(fetched) - baseline.fetched)
    if outside:
        problems.append(f"fetched {outside}")
    if status == 1 and not problems:
        if pdf.exists() or docx.exists():
            problems.append("refused, yet a document was written")
            return "failed", problems, len(outside)
        message = err.strip().splitlines()[-1] if err.strip() else "(no message)"
        return "refused", [message], 0
    if status != 0:
        return "failed", [*problems, f"exit status {status}: {err.strip()[-2000:]}"], len(outside)
    wanted = flat(case.text)
    if wanted not in flat(pdf_text(pdf)):
        problems.append("the PDF's text does not hold the text as written")
    try:
        text, external = docx_text(docx)
    except (ElementTree.ParseError, zipfile.BadZipFile, KeyError) as error:
        problems.append(f"the DOCX is damaged: {error}")
    else:
        if wanted not in flat(text):
            problems.append("the DOCX's text does not hold the text as written")
        if external > baseline.external:
            problems.append(f"the DOCX has {external - baseline.external} more external links")
    if pdf_actions(pdf) > baseline.actions:
        problems.append("the PDF has more links, actions or scripts than a harmless one")
    return ("failed" if problems else "printed"), problems, len(outside)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--cases", type=int, default=len(HOSTILE_TEXTS) * len(FIELDS))
    parser.add_argument("--keep", metavar="DIR", help="save each case's request and documents")
    arguments = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="quoter-hostile-"))
    (work / "config.toml").write_text("", encoding="utf-8")
    os.environ.update(
        QUOTER_CONFIG=str(work / "config.toml"),
        QUOTER_CACHE_DIR=str(work / "book-cache"),
        QUOTER_DB=f"sqlite:///{work / 'register.sqlite3'}",
        QUOTER_TIME_ZONE="UTC",
        QUOTER_DEBUG="1",
    )
    os.environ.pop("QUOTER_DATA", None)
    fetched = record_fetches()
    began = time.perf_counter()
    outcomes: dict[str, int] = {"printed": 0, "refused": 0, "failed": 0}
    refusals: list[str] = []
    extra_fetches = 0
    try:
        with web_server() as host:
            status, err, pdf, docx = render(work, None)
            if status != 0:
                print(f"the harmless contract does not render: {err}")
                return 1
            baseline = Baseline(frozenset(fetched), pdf_actions(pdf), docx_text(docx)[1])
            pdf.unlink()
            docx.unlink()
            for index, case in enumerate(cases(host, arguments.cases), 1):
                outcome, problems, extra = check(case, work, fetched, baseline, Counted.requests)
                outcomes[outcome] += 1
                extra_fetches += extra
                if outcome == "failed":
                    print(f"FAILED: case {index}, {case.label}: " + "; ".join(problems))
                elif outcome == "refused":
                    refusals.append(f"case {index}, {case.label}: {problems[0]}")
                if arguments.keep:
                    keep = Path(arguments.keep) / f"case-{index:02d}-{outcome}"
                    keep.mkdir(parents=True, exist_ok=True)
                    for name in ("request.json", "contract.pdf", "contract.docx"):
                        if (work / name).exists():
                            shutil.copy(work / name, keep / name)
                for name in ("contract.pdf", "contract.docx"):
                    (work / name).unlink(missing_ok=True)
        server_requests = len(Counted.requests)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for refusal in refusals:
        print(f"refused: {re.sub(r'/tmp/[^ :]+', 'FILE', refusal)}")
    total = sum(outcomes.values())
    print(
        f"hostile_contracts: {total} renders (PDF and DOCX) with hostile customer fields: "
        f"{outcomes['printed']} printed literally, {outcomes['refused']} refused with quoter's "
        f"message, {outcomes['failed']} failed; fetched outside the template and resources: "
        f"{extra_fetches} URLs, web server requests: {server_requests}; "
        f"{time.perf_counter() - began:.0f} s"
    )
    return 1 if outcomes["failed"] or server_requests or extra_fetches else 0


if __name__ == "__main__":
    sys.exit(main())
