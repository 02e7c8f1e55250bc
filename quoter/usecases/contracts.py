"""Scope-of-work contracts: the document model and its PDF and DOCX bytes for a quote request or
a registered quote, written to files when the caller wants files, and many at once in a batch.

A contract is priced with the book in force today (a contract is never a preview). Rendered outside
the quote register it is an unregistered draft with no quote number; the register's issue step
gives the number.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from quoter.books.priced_quote_json import priced_quote_to_data
from quoter.documents.contract import build_contract
from quoter.documents.kit import REFERENCE_LANGUAGE, ContractKit
from quoter.documents.model import Document
from quoter.domain.contract_terms import DocumentError
from quoter.domain.problems import QuoterError
from quoter.domain.quote import PricedQuote, QuoteRequest
from quoter.files import write_atomically
from quoter.usecases.context import AppContext, build_context
from quoter.usecases.price_quote import price_quote, price_quote_file
from quoter.usecases.progress import CancelFlag, Progress, Steps
from quoter.usecases.settings import Settings

QUOTE_ATTACHMENT = "quote.json"


def contract_document(quote: PricedQuote, kit: ContractKit, number: str | None = None) -> Document:
    """The contract's document model, with the priced quote attached as JSON."""
    texts = kit.texts.get(quote.language)
    if texts is None:
        raise DocumentError(
            f"there is no contract wording in '{quote.language}' "
            f"(contract_templates/ has: {', '.join(kit.languages)})"
        )
    data = json.dumps(priced_quote_to_data(quote), indent=2, ensure_ascii=False).encode("utf-8")
    return build_contract(
        quote,
        kit.vendor,
        kit.terms,
        texts,
        number=number,
        logo=kit.logo(),
        attachments=((QUOTE_ATTACHMENT, data),),
    )


def render_pdf_bytes(document: Document, kit: ContractKit) -> bytes:
    from quoter.documents.pdf import render_pdf

    return render_pdf(document, kit.template_dir, kit.resources_dir)


def render_docx_bytes(document: Document, kit: ContractKit) -> bytes:
    from quoter.documents.docx import render_docx

    return render_docx(document, kit.template_dir)


@dataclass(frozen=True, slots=True)
class ContractFiles:
    """A contract's priced quote and the bytes of its documents (None: not asked for)."""

    quote: PricedQuote
    pdf: bytes | None
    docx: bytes | None


def contract_files(
    context: AppContext,
    request: QuoteRequest,
    *,
    pdf: bool = True,
    docx: bool = True,
    number: str | None = None,
) -> ContractFiles:
    """The request priced with today's book and its contract rendered, as bytes: what a preview
    shows and what Export writes."""
    quote = price_quote(context, request)
    return render_files(quote, context.library.kit(), pdf=pdf, docx=docx, number=number)


def render_files(
    quote: PricedQuote, kit: ContractKit, *, pdf: bool, docx: bool, number: str | None = None
) -> ContractFiles:
    """A priced quote's contract rendered as the bytes asked for (`number`: an issued quote's)."""
    document = contract_document(quote, kit, number=number)
    return ContractFiles(
        quote,
        render_pdf_bytes(document, kit) if pdf else None,
        render_docx_bytes(document, kit) if docx else None,
    )


@dataclass(frozen=True, slots=True)
class ContractResult:
    quote: PricedQuote
    pdf: Path | None
    docx: Path | None


def render_contract(
    context: AppContext,
    request_file: Path,
    *,
    pdf: Path | None = None,
    docx: Path | None = None,
    language: str | None = None,
) -> ContractResult:
    """Price the request file with today's book and write the contract's PDF and/or DOCX
    atomically. Both documents are rendered before either file is written, so a failure writes
    nothing."""
    check_targets(pdf, docx)
    quote = price_quote_file(context, request_file, language=language)
    files = render_files(quote, context.library.kit(), pdf=pdf is not None, docx=docx is not None)
    write_files(((pdf, files.pdf), (docx, files.docx)))
    return ContractResult(quote, pdf, docx)


def check_targets(pdf: Path | None, docx: Path | None) -> None:
    """At least one output, each in a folder that exists: checked before any work is done."""
    if pdf is None and docx is None:
        raise DocumentError("say where to write the document: a PDF file, a DOCX file, or both")
    for target in (pdf, docx):
        if target is not None and not target.parent.is_dir():
            raise DocumentError(f"{target}: the folder {target.parent} does not exist")


def write_files(outputs: tuple[tuple[Path | None, bytes | None], ...]) -> None:
    """Write each rendered document atomically; an unwritable place is a located error."""
    for target, content in outputs:
        if target is not None and content is not None:
            write_file(target, content)


def write_file(target: Path, content: bytes) -> None:
    """Write one document atomically; an unwritable place is a `DocumentError` naming it."""
    try:
        write_atomically(target, content)
    except OSError as error:
        raise DocumentError(f"{target}: cannot be written ({error.strerror})") from None


@dataclass(frozen=True, slots=True)
class BatchItem:
    request: Path
    outputs: tuple[Path, ...]
    error: str | None


def render_batch(
    context: AppContext,
    folder: Path,
    out: Path,
    *,
    language: str | None = None,
    docx: bool = True,
    workers: int = 2,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> list[BatchItem]:
    """Contracts for every request (*.toml, *.json) in `folder`, written to `out`, in worker
    processes (spawned, so each is a clean interpreter) that price on this context's day. One
    failing request does not stop the others; its error is in its `BatchItem`. Cancelling stops
    the requests not yet started (`Cancelled`); the contracts already written stay written."""
    try:
        requests = sorted(
            p for p in folder.iterdir() if p.suffix in (".toml", ".json") and p.is_file()
        )
    except OSError as error:
        raise DocumentError(f"{folder}: cannot be read ({error.strerror})") from None
    if not requests:
        raise DocumentError(f"{folder}: no quote requests (*.toml, *.json) to render")
    try:
        out.mkdir(parents=True, exist_ok=True)
        descriptor, probe = tempfile.mkstemp(prefix=".quoter-write-test-", dir=out)
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise DocumentError(f"{out}: cannot write the contracts there ({error.strerror})") from None
    context.library.kit()  # fail once, here, for a broken kit, not once per request
    moment = context.clock.moment()
    steps = Steps(len(requests), None, cancel)
    steps.check()
    items: list[BatchItem] = []
    jobs = [(r, out, context.settings, moment, language, docx) for r in requests]
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_batch_job, *job) for job in jobs]
        try:
            for future in as_completed(futures):
                item = future.result()
                items.append(item)
                if progress is not None:
                    state = "ok" if item.error is None else "FAILED"
                    progress(len(items), len(jobs), f"{item.request.name}: {state}")
                if len(items) < len(jobs):
                    steps.check()  # stop the requests not yet started
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return sorted(items, key=lambda item: item.request)


@cache
def _worker_context(settings: Settings, moment: datetime) -> AppContext:
    """One context per worker process, on the batch's own moment, read on its first job."""
    return build_context(settings, lambda: moment)


def _batch_job(
    request: Path,
    out: Path,
    settings: Settings,
    moment: datetime,
    language: str | None,
    docx: bool,
) -> BatchItem:
    pdf_path = out / f"{request.stem}.pdf"
    docx_path = out / f"{request.stem}.docx" if docx else None
    try:
        render_contract(
            _worker_context(settings, moment),
            request,
            pdf=pdf_path,
            docx=docx_path,
            language=language,
        )
    except QuoterError as error:
        return BatchItem(request, (), error.describe())
    outputs = (pdf_path,) if docx_path is None else (pdf_path, docx_path)
    return BatchItem(request, outputs, None)


def warm_up(context: AppContext, interrupted: Callable[[], bool] | None = None) -> None:
    """Import WeasyPrint and render a one-page document once, so the first real contract does not
    pay about a second of start-up (the preview's process does this as it starts). The trial
    render is skipped once `interrupted()` says real work is waiting: that work warms up too."""
    from quoter.documents.model import Document, Metadata, Paragraph, Section
    from quoter.documents.pdf import import_weasyprint

    import_weasyprint()
    if interrupted is not None and interrupted():
        return

    kit = context.library.kit()
    document = Document(
        id="warm-up",
        language=REFERENCE_LANGUAGE,
        title="warm-up",
        metadata=Metadata("warm-up", "quoter", "warm-up", ()),
        footer="",
        page_of=("", "/", ""),
        sections=(Section("warm-up", None, (Paragraph("warm-up-text", "warm-up"),)),),
    )
    render_pdf_bytes(document, kit)
