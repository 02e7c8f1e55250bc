"""Contracts rendered once per test session (a PDF takes about half a second)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from quoter.documents.kit import ContractKit
from quoter.documents.model import Document, document_texts
from quoter.domain.quote import PricedQuote
from quoter.usecases.contracts import contract_document, render_docx_bytes, render_pdf_bytes
from quoter.usecases.price_quote import price_quote_file
from quoter.usecases.settings import Settings
from tests.conftest import DATA, REPO, TEST_DAY, context_for

TODAY = TEST_DAY


@dataclass(frozen=True)
class Rendered:
    quote: PricedQuote
    document: Document
    pdf: bytes
    docx: bytes

    def pdf_text(self) -> str:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(self.pdf)).pages)

    def docx_text(self) -> str:
        from docx import Document as Docx
        from docx.table import Table

        parts: list[str] = []
        for item in Docx(io.BytesIO(self.docx)).iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    seen = []
                    for cell in row.cells:  # merged cells repeat: keep each once
                        if cell._tc not in seen:
                            seen.append(cell._tc)
                            parts.append(cell.text)
            else:
                parts.append(item.text)
        return "\n".join(parts)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _joined(text: str) -> str:
    return re.sub(r"(?<=\w-) (?=\w)", "", text)


def assert_same_words(document: Document, pdf_text: str, docx_text: str, page_of: str) -> None:
    """Every block's text appears, in order, in the extracted text of the PDF and of the DOCX
    (the PDF's running footer and page numbers, matched by `page_of`, taken out first)."""
    footer = normalise(document.footer)
    pdf = re.sub(page_of, " ", normalise(pdf_text).replace(footer, " "))
    # a line may break after a hyphen inside a word ("conflict-of-" / "laws"), so the PDF and
    # what it must say are compared with every space after a hyphen taken out
    pdf = _joined(normalise(pdf))
    docx = normalise(docx_text)
    for name, text in (("PDF", pdf), ("DOCX", docx)):
        position = 0
        for expected in document_texts(document):
            wanted = _joined(normalise(expected)) if name == "PDF" else normalise(expected)
            found = text.find(wanted, position)
            assert found >= 0, f"{name}: {wanted!r} missing after position {position}"
            position = found + len(wanted)


def render(request: Path, settings: Settings, language: str | None = None) -> Rendered:
    context = context_for(settings, TODAY)
    quote = price_quote_file(context, request, language=language)
    kit = context.library.kit()
    document = contract_document(quote, kit)
    return Rendered(
        quote, document, render_pdf_bytes(document, kit), render_docx_bytes(document, kit)
    )


@pytest.fixture(scope="session")
def mini_contract() -> Rendered:
    """The test request (customer 'Smith & Sons <Ltd>', a driver called 'imx8-eth {x}') on the
    mini book (USD, 7.25 % tax), in English, with the bundled templates and vendor."""
    return render(DATA / "request.toml", Settings(data_dirs=(DATA / "books",)))


@pytest.fixture(scope="session")
def german_contract() -> Rendered:
    return render(REPO / "examples" / "driver-port-eur.toml", Settings())


@pytest.fixture(scope="session")
def kit() -> ContractKit:
    return context_for(Settings()).library.kit()
