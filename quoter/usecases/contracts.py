"""Render scope-of-work contracts: from a quote request file to a PDF and/or DOCX.

The contract is priced with the book in force today (a contract is never a preview). Rendered
outside the quote register, it is an unregistered draft with no quote number; the register's issue
step will give the number.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from quoter.atomic import write_atomically
from quoter.books.contract_data import read_terms, read_vendor, read_wordings
from quoter.books.priced_quote_json import priced_quote_to_data
from quoter.documents.contract import build_contract
from quoter.documents.model import Document
from quoter.domain.contract_terms import ContractTexts, DocumentError, StandardTerms, VendorProfile
from quoter.domain.problems import QuoterError
from quoter.domain.quote import PricedQuote
from quoter.locations import DataLocator
from quoter.settings import Settings
from quoter.usecases.price_quote import price_quote_file

QUOTE_ATTACHMENT = "quote.json"
REFERENCE_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class ContractKit:
    """Everything a contract needs besides the quote: layouts, wording, vendor and terms."""

    template_dir: Path
    resources_dir: Path
    texts: dict[str, ContractTexts]
    vendor: VendorProfile
    terms: StandardTerms

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)

    def logo(self) -> str | None:
        return str(self.resources_dir / self.vendor.logo) if self.vendor.logo else None


def load_kit(settings: Settings) -> ContractKit:
    """The templates, wording, vendor profile and standard terms from the data folders."""
    locator = DataLocator(settings)
    template_dir = locator.folder_with("contract_templates", "document.html")
    resources_dir = locator.folder_with("resources", "vendor.toml")
    if template_dir is None:
        raise DocumentError("no contract_templates/ folder with document.html in the data folders")
    if resources_dir is None:
        raise DocumentError("no resources/ folder with vendor.toml in the data folders")
    texts = read_wordings(template_dir, "texts", REFERENCE_LANGUAGE)
    languages = tuple(texts)
    vendor = read_vendor(resources_dir / "vendor.toml", languages)
    terms = read_terms(resources_dir / "terms" / "standard-terms.toml", languages)
    return ContractKit(template_dir, resources_dir, texts, vendor, terms)


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
class ContractResult:
    quote: PricedQuote
    pdf: Path | None
    docx: Path | None


def render_contract(
    request_file: Path,
    settings: Settings,
    today: date,
    *,
    pdf: Path | None = None,
    docx: Path | None = None,
    language: str | None = None,
    kit: ContractKit | None = None,
) -> ContractResult:
    """Price the request with today's book and write the contract's PDF and/or DOCX atomically.

    Both documents are rendered before either file is written, so a failure writes nothing.
    """
    check_targets(pdf, docx)
    quote = price_quote_file(request_file, settings, today, language=language)
    kit = kit or load_kit(settings)
    document = contract_document(quote, kit)
    write_documents(document, kit, pdf, docx)
    return ContractResult(quote, pdf, docx)


def check_targets(pdf: Path | None, docx: Path | None) -> None:
    """At least one output, each in a folder that exists: checked before any work is done."""
    if pdf is None and docx is None:
        raise DocumentError("say where to write the document: --pdf FILE and/or --docx FILE")
    for target in (pdf, docx):
        if target is not None and not target.parent.is_dir():
            raise DocumentError(f"{target}: the folder {target.parent} does not exist")


def write_documents(
    document: Document, kit: ContractKit, pdf: Path | None, docx: Path | None
) -> None:
    """Render the PDF and/or DOCX, then write them atomically: a failure writes nothing."""
    outputs = []
    if pdf is not None:
        outputs.append((pdf, render_pdf_bytes(document, kit)))
    if docx is not None:
        outputs.append((docx, render_docx_bytes(document, kit)))
    for target, content in outputs:
        try:
            write_atomically(target, content)
        except OSError as error:
            raise DocumentError(f"{target}: cannot be written ({error.strerror})") from None


@dataclass(frozen=True, slots=True)
class BatchItem:
    request: Path
    outputs: tuple[Path, ...]
    error: str | None


Progress = Callable[[int, int, BatchItem], None]


def render_batch(
    folder: Path,
    out: Path,
    settings: Settings,
    today: date,
    *,
    language: str | None = None,
    docx: bool = True,
    workers: int = 2,
    progress: Progress | None = None,
) -> list[BatchItem]:
    """Contracts for every request (*.toml, *.json) in `folder`, written to `out`, in worker
    processes (spawned, so each is a clean interpreter). One failing request does not stop the
    others; its error is in its `BatchItem`."""
    requests = sorted(p for p in folder.iterdir() if p.suffix in (".toml", ".json") and p.is_file())
    if not requests:
        raise DocumentError(f"{folder}: no quote requests (*.toml, *.json) to render")
    out.mkdir(parents=True, exist_ok=True)
    load_kit(settings)  # fail once, here, for a broken kit, not once per request
    items: list[BatchItem] = []
    jobs = [(request, out, settings, today, language, docx) for request in requests]
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(_batch_job, *job) for job in jobs]
        for future in as_completed(futures):
            item = future.result()
            items.append(item)
            if progress is not None:
                progress(len(items), len(jobs), item)
    return sorted(items, key=lambda item: item.request)


@cache
def _worker_kit(settings: Settings) -> ContractKit:
    """One kit per worker process, read on its first job."""
    return load_kit(settings)


def _batch_job(
    request: Path, out: Path, settings: Settings, today: date, language: str | None, docx: bool
) -> BatchItem:
    pdf_path = out / f"{request.stem}.pdf"
    docx_path = out / f"{request.stem}.docx" if docx else None
    try:
        render_contract(
            request,
            settings,
            today,
            pdf=pdf_path,
            docx=docx_path,
            language=language,
            kit=_worker_kit(settings),
        )
    except QuoterError as error:
        return BatchItem(request, (), error.describe())
    outputs = (pdf_path,) if docx_path is None else (pdf_path, docx_path)
    return BatchItem(request, outputs, None)


def warm_up(settings: Settings) -> None:
    """Import WeasyPrint and render a one-page document once, so the first real contract does not
    pay about a second of start-up. The desktop app calls this in a worker thread at start."""
    from quoter.documents.model import Document, Metadata, Paragraph, Section

    kit = load_kit(settings)
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
