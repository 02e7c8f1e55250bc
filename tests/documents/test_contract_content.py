"""Open the produced DOCX and PDF and check what a customer, a lawyer and finance would read."""

from __future__ import annotations

import io
import json

from quoter.books.priced_quote_json import priced_quote_to_data
from quoter.domain.display import money_text
from tests.documents.conftest import Rendered, assert_same_words, normalise


def test_both_files_name_the_customer_literally(mini_contract: Rendered) -> None:
    for text in (mini_contract.pdf_text(), mini_contract.docx_text()):
        assert "Smith & Sons <Ltd>" in text
        assert "imx8-eth {x}" in text
        assert "&amp;" not in text and "&lt;" not in text


def test_every_lines_filled_in_scope_text_is_in_both(mini_contract: Rendered) -> None:
    pdf, docx = normalise(mini_contract.pdf_text()), normalise(mini_contract.docx_text())
    assert mini_contract.quote.lines
    for line in mini_contract.quote.lines:
        scope = normalise(line.scope)
        assert scope in pdf and scope in docx
    assert "Backport fix ORCA-1234 from release 4.2 to release 3.8." in pdf


def test_totals_exactly_as_the_engine_computed_them(mini_contract: Rendered) -> None:
    quote = mini_contract.quote
    expected = [money_text(line.total, quote.locale) for line in quote.lines]
    expected += [money_text(quote.subtotal, quote.locale), money_text(quote.total, quote.locale)]
    assert quote.tax is not None
    expected.append(money_text(quote.tax.amount, quote.locale))
    assert expected[-2:] == ["$67,138.50", "$4,538.50"]
    pdf, docx = mini_contract.pdf_text(), mini_contract.docx_text()
    for amount in expected:
        assert amount in pdf and amount in docx


def test_the_footer_carries_the_book_and_digest_on_every_page(mini_contract: Rendered) -> None:
    from docx import Document as Docx
    from pypdf import PdfReader

    digest = mini_contract.quote.book.digest
    pages = PdfReader(io.BytesIO(mini_contract.pdf)).pages
    for number, page in enumerate(pages, start=1):
        text = normalise(page.extract_text())
        assert "Price list mini-usd 2026.1" in text and digest in text.replace(" ", "")
        assert f"Page {number} of {len(pages)}" in text
    footer = Docx(io.BytesIO(mini_contract.docx)).sections[0].footer.paragraphs[0].text
    assert footer.startswith(f"Unregistered draft · Price list mini-usd 2026.1 · {digest}\tPage ")


def test_both_say_the_same_words_in_the_same_order(mini_contract: Rendered) -> None:
    """Every block's text appears, in order, in the extracted text of the PDF and of the DOCX."""
    assert_same_words(
        mini_contract.document,
        mini_contract.pdf_text(),
        mini_contract.docx_text(),
        r"Page \d+ of \d+",
    )


def test_the_embedded_quote_round_trips(mini_contract: Rendered) -> None:
    from pypdf import PdfReader

    attachments = PdfReader(io.BytesIO(mini_contract.pdf)).attachments
    assert list(attachments) == ["quote.json"]
    embedded = json.loads(attachments["quote.json"][0])
    assert embedded == json.loads(json.dumps(priced_quote_to_data(mini_contract.quote)))
    assert embedded["total"] == "67138.50"


def test_german_text_and_german_money(german_contract: Rendered) -> None:
    for text in (normalise(german_contract.pdf_text()), normalise(german_contract.docx_text())):
        assert "Leistungsschein" in text
        assert "Vergütung" in text
        assert "99.200,00 €" in text and "118.048,00 €" in text
        assert "Umsatzsteuer (19 %)" in text
        assert "Statement of Work" not in text
    assert "Seite 1 von" in german_contract.pdf_text()


def test_the_draft_is_marked_and_carries_no_number(mini_contract: Rendered) -> None:
    pdf = normalise(mini_contract.pdf_text())
    assert "Statement of Work No. Unregistered draft" in pdf
    assert "this document is not an offer" in pdf


def test_the_docx_structure_survives_hostile_text(mini_contract: Rendered) -> None:
    """docxtpl drops text after an unescaped '&' and nests paragraphs after '<': count them."""
    from docx import Document as Docx

    docx = Docx(io.BytesIO(mini_contract.docx))
    parties = [p.text for p in docx.paragraphs if p.text.startswith("Smith & Sons <Ltd>\n")]
    assert len(parties) == 1
    assert parties[0].splitlines()[:2] == ["Smith & Sons <Ltd>", "1 Main Street"]
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == len([s for s in mini_contract.document.sections if s.heading])
    properties = docx.core_properties
    assert properties.author == "Kestrel Embedded Systems GmbH"
    assert "Smith & Sons <Ltd>" in properties.title
