"""The published Scope of Support, opened as a customer reads it: the PDF and the DOCX say the same
words, the release table and the price appendix show what the policy and the book say."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from quoter.documents.model import Document
from quoter.documents.scope import build_scope_document
from quoter.usecases.contracts import render_docx_bytes, render_pdf_bytes
from quoter.usecases.policy import publish_policy
from quoter.usecases.settings import Settings
from tests.conftest import context_for
from tests.documents.conftest import Rendered, assert_same_words, normalise

DAY = date(2026, 11, 24)


@dataclass(frozen=True)
class Published:
    rendered: Rendered

    @property
    def pdf(self) -> str:
        return normalise(self.rendered.pdf_text())

    @property
    def docx(self) -> str:
        return normalise(self.rendered.docx_text())


def publish_document(language: str) -> Document:
    library = context_for(Settings(), DAY).library
    policy = library.policy_in_force("orca-os", DAY)
    book = library.book_in_force(policy.book, DAY)
    wording = library.scope_wording()[language]
    return build_scope_document(policy, book, library.kit().vendor, wording, language, DAY)


def publish(language: str) -> Published:
    library = context_for(Settings(), DAY).library
    policy = library.policy_in_force("orca-os", DAY)
    book = library.book_in_force(policy.book, DAY)
    kit = library.kit()
    wording = library.scope_wording()[language]
    document = build_scope_document(policy, book, kit.vendor, wording, language, DAY)
    pdf, docx = render_pdf_bytes(document, kit), render_docx_bytes(document, kit)
    return Published(Rendered(None, document, pdf, docx))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def english() -> Published:
    return publish("en")


@pytest.fixture(scope="session")
def german() -> Published:
    return publish("de")


def test_both_files_say_the_same_words_in_the_same_order(english: Published) -> None:
    rendered = english.rendered
    assert_same_words(
        rendered.document, rendered.pdf_text(), rendered.docx_text(), r"Page \d+ of \d+"
    )


def test_the_german_files_say_the_same_words_too(german: Published) -> None:
    rendered = german.rendered
    assert_same_words(
        rendered.document, rendered.pdf_text(), rendered.docx_text(), r"Seite \d+ von \d+"
    )


def test_every_clause_is_published_with_its_id(english: Published) -> None:
    library = context_for(Settings(), DAY).library
    policy = library.policy_in_force("orca-os", DAY)
    for clause in policy.clauses():
        assert clause.id in english.pdf and clause.id in english.docx
    assert normalise(policy.modified_source.text["en"]) in english.pdf


def test_the_release_table_states_each_phase_on_the_day(english: Published) -> None:
    for row in (
        "5.0 September 15, 2026 Full support 2 more releases REL-1",
        "4.2 October 10, 2023 Maintenance the next release REL-1",
        "4.1 September 13, 2022 End of life",
        "4.0 LTS October 5, 2021 Maintenance October 31, 2027 REL-2",
    ):
        assert row in english.pdf
    # the dated clause's placeholders are filled with formatted dates
    assert "in maintenance until October 31, 2027" in english.pdf
    assert "{maintenance_until}" not in english.pdf


def test_environments_and_what_is_not_covered(english: Published) -> None:
    assert "Board Raspberry Pi 5 Reasonable efforts ENV-6" in english.pdf
    assert "Development host Ubuntu 24.04 LTS (x86-64) Supported ENV-1" in english.pdf
    assert "Standard service: Backport of a single fix (BP-FIX)." in english.pdf
    assert "Standard service: On-site engineering day (OS-DAY)." in english.docx


def test_the_appendix_lists_every_service_at_its_book_price(english: Published) -> None:
    for text in (
        "BP-FIX Backport of a single fix $2,600.00 plus $1,350.00 per release stepped back",
        "DP-PORT Driver port between two platforms S $9,800.00; M $23,500.00; L $48,000.00",
        "OS-DAY On-site engineering day $2,500.00 per day",
        "CU-PKG-S Function package S (small customisation) $6,600.00",
        "services-usd, version 2026.1, digest sha256:",
    ):
        assert text in english.docx
    assert "$2,600.00 plus $1,350.00 per release stepped back" in english.pdf


def test_every_page_carries_the_policy_version_and_digest(english: Published) -> None:
    from docx import Document as Docx
    from pypdf import PdfReader

    document = english.rendered.document
    digest = document.footer.split(" · ")[1]
    assert digest.startswith("sha256:")
    pages = PdfReader(io.BytesIO(english.rendered.pdf)).pages
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        text = normalise(page.extract_text())
        assert "orca-os-support 2026.1" in text and digest in text.replace(" ", "")
        assert f"Page {number} of {len(pages)}" in text
    footer = Docx(io.BytesIO(english.rendered.docx)).sections[0].footer.paragraphs[0].text
    assert footer.startswith(f"orca-os-support 2026.1 · {digest}\tPage ")


def test_german_words_dates_and_money(german: Published) -> None:
    assert "Supportumfang für Orca OS" in german.pdf
    assert "31. Oktober 2027" in german.pdf
    assert "Wartungsphase" in german.pdf
    assert "2.600,00 $" in german.pdf
    assert "Seite 1 von" in german.pdf


def test_publish_writes_both_files_or_neither(tmp_path: Path) -> None:
    pdf, docx = tmp_path / "sos.pdf", tmp_path / "missing" / "sos.docx"
    from quoter.domain.contract_terms import DocumentError

    with pytest.raises(DocumentError, match="does not exist"):
        publish_policy(context_for(Settings(), DAY), None, pdf=pdf, docx=docx)
    assert not pdf.exists()
    result = publish_policy(context_for(Settings(), DAY), "orca-os-support", pdf=pdf)
    assert result.policy.id == "orca-os-support" and pdf.read_bytes().startswith(b"%PDF")


def test_publish_refuses_a_language_the_policy_lacks(tmp_path: Path) -> None:
    from quoter.domain.problems import PolicyError

    with pytest.raises(PolicyError, match="has no texts in 'fr'"):
        publish_policy(context_for(Settings(), DAY), None, pdf=tmp_path / "x.pdf", language="fr")


def test_text_the_fonts_cannot_show_is_named_where_it_is() -> None:
    from dataclasses import replace

    from quoter.documents.model import KeyValues, Section
    from quoter.domain.contract_terms import DocumentError

    kit = context_for(Settings(), DAY).library.kit()
    english = publish_document("en")
    clauses = Section(
        "extra", None, (KeyValues("extra-clauses", (("SUP-9", "Fragen 日本"),), "clauses"),)
    )
    document = replace(english, sections=(*english.sections, clauses))
    with pytest.raises(DocumentError) as raised:
        render_pdf_bytes(document, kit)
    assert raised.value.summary == "the document has text its fonts (resources/fonts/) cannot show:"
    assert next(str(p) for p in raised.value.problems).startswith(
        "'日' (U+65E5) in extra-clauses (SUP-9)"
    )
