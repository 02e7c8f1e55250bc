"""The PDF is signature-ready and archival: real signature fields on the signature blocks, PDF/A-3b
structure, metadata that agrees with itself, the priced quote attached as data."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import IndirectObject

from tests.documents.conftest import Rendered


def reader(rendered: Rendered) -> PdfReader:
    return PdfReader(io.BytesIO(rendered.pdf))


def resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def test_two_empty_signature_fields_sit_on_the_signature_blocks(mini_contract: Rendered) -> None:
    pdf = reader(mini_contract)
    fields = pdf.get_fields() or {}
    assert {"Signature-Vendor", "Signature-Customer"} <= set(fields)
    for name in ("Signature-Vendor", "Signature-Customer"):
        assert fields[name]["/FT"] == "/Sig"
        assert fields[name].get("/V") is None  # empty: ready to be signed
    last = len(pdf.pages) - 1
    page = pdf.pages[last]
    text = page.extract_text()
    assert "Signatures" in text and "Smith & Sons <Ltd>" in text
    widgets = {}
    for annotation in page.get("/Annots", []):
        annotation = resolve(annotation)
        if (
            annotation.get("/FT") == "/Sig"
            or resolve(annotation.get("/Parent", {})).get("/FT") == "/Sig"
        ):
            widgets[str(annotation.get("/T"))] = [float(v) for v in annotation["/Rect"]]
    assert set(widgets) == {"Signature-Vendor", "Signature-Customer"}
    vendor, customer = widgets["Signature-Vendor"], widgets["Signature-Customer"]
    width = float(page.mediabox.width)
    assert vendor[0] < width / 2 < customer[0]  # side by side, vendor on the left
    for x1, y1, x2, y2 in (vendor, customer):
        assert 150 < x2 - x1 < 200 and 40 < y2 - y1 < 50  # about 62 mm x 16 mm
        assert 0 < y1 < float(page.mediabox.height)


def test_the_pdf_is_structurally_pdf_a_3b(mini_contract: Rendered) -> None:
    pdf = reader(mini_contract)
    assert not pdf.is_encrypted
    root = pdf.trailer["/Root"]
    xmp = resolve(root["/Metadata"]).get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")3", xmp) and re.search(r"pdfaid:conformance(>|=\")B", xmp)
    intents = resolve(root["/OutputIntents"])
    assert resolve(intents[0])["/S"] == "/GTS_PDFA1"
    for page in pdf.pages:
        fonts = resolve(page["/Resources"]).get("/Font", {})
        for font in resolve(fonts).values():
            font = resolve(font)
            descendant = (
                resolve(font["/DescendantFonts"][0]) if "/DescendantFonts" in font else font
            )
            descriptor = resolve(descendant["/FontDescriptor"])
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font


def test_every_font_is_embedded_and_ours(mini_contract: Rendered, tmp_path: Any) -> None:
    import shutil
    import subprocess

    if shutil.which("pdffonts") is None:  # poppler-utils is installed by scripts/setup
        raise AssertionError("pdffonts is missing: run scripts/setup")
    path = tmp_path / "c.pdf"
    path.write_bytes(mini_contract.pdf)
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        assert "Liberation" in row, row
        assert row.split()[-5] == "yes", row  # the 'emb' column


def test_the_quote_is_attached_as_data(mini_contract: Rendered) -> None:
    root = reader(mini_contract).trailer["/Root"]
    names = resolve(resolve(root["/Names"])["/EmbeddedFiles"])["/Names"]
    assert names[0] == "quote.json"
    spec = resolve(names[1])
    assert spec["/AFRelationship"] == "/Data"
    stream = resolve(resolve(spec["/EF"])["/F"])
    assert stream["/Subtype"] == "/application/json"
    associated = [resolve(entry) for entry in resolve(root["/AF"])]
    assert spec in associated


def test_metadata_is_set_and_info_agrees_with_xmp(mini_contract: Rendered) -> None:
    pdf = reader(mini_contract)
    info = pdf.metadata
    assert info is not None
    assert info.title == "Statement of Work Unregistered draft: Smith & Sons <Ltd>"
    assert info.author == "Kestrel Embedded Systems GmbH"
    assert info.subject == "Statement of Work for professional services"
    assert "mini-usd" in str(info.get("/Keywords")) and "Unregistered draft" in str(
        info.get("/Keywords")
    )
    xmp = pdf.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": info.title}
    assert xmp.dc_creator == [info.author]
    assert xmp.pdf_producer == info.producer
    assert xmp.pdf_keywords == info.get("/Keywords")
