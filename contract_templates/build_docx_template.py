"""Build contract_templates/document.docx, the DOCX layout of quoter's documents.

The template holds what Word needs besides the words: A4 page set-up, the styles the body uses
(the same fonts and colours as document.css), the logo in the header, and the footer with the
document's number, the price list's digest and 'Page N of M' fields. docxtpl fills its
`{{ ... }}` tags; quoter.documents.docx appends the body from the document model.

Run after changing the layout:  .venv/bin/python contract_templates/build_docx_template.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).parent
BLUE = RGBColor(0x1F, 0x3A, 0x5F)
SERIF, SANS = "Liberation Serif", "Liberation Sans"


def _font(style, name: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out pages."""
    run = paragraph.add_run()
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {code} "
    end.set(qn("w:fldCharType"), "end")
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    for element in (begin, text, separate, placeholder, end):
        run._r.append(element)


def _bottom_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "1F3A5F")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def build(target: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    section.left_margin, section.right_margin = Mm(22), Mm(20)

    styles = document.styles
    _font(styles["Normal"], SERIF, 10)
    styles["Normal"].paragraph_format.space_after = Pt(5)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    _font(styles["Title"], SANS, 19, bold=True, color=BLUE)
    styles["Title"].paragraph_format.space_after = Pt(12)
    _font(styles["Heading 2"], SANS, 11.5, bold=True, color=BLUE)
    styles["Heading 2"].paragraph_format.space_before = Pt(16)
    styles["Heading 2"].paragraph_format.space_after = Pt(6)
    _bottom_border(styles["Heading 2"])
    _font(styles["Heading 3"], SANS, 10, bold=True, color=BLUE)
    styles["Heading 3"].paragraph_format.space_before = Pt(9)
    styles["Heading 3"].paragraph_format.space_after = Pt(3)
    _font(styles["List Bullet"], SERIF, 10)
    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    _font(note, SERIF, 9, color=RGBColor(0x33, 0x33, 0x33))
    notice = styles.add_style("Notice", WD_STYLE_TYPE.PARAGRAPH)
    notice.base_style = styles["Normal"]
    _font(notice, SANS, 9, color=RGBColor(0xAA, 0x33, 0x33))
    small = styles.add_style("Footer Text", WD_STYLE_TYPE.PARAGRAPH)
    _font(small, SANS, 7, color=RGBColor(0x55, 0x55, 0x55))

    header = section.header.paragraphs[0]
    header.alignment = 2  # right
    header.add_run("{{ logo }}")

    footer = section.footer.paragraphs[0]
    footer.style = small
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(168), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("{{ footer }}\t{{ page_before }}")
    _field(footer, "PAGE")
    footer.add_run("{{ page_between }}")
    _field(footer, "NUMPAGES")
    footer.add_run("{{ page_after }}")

    properties = document.core_properties
    properties.author = "quoter"
    properties.title = "quoter document layout"
    properties.comments = "Layout only: the words come from the document model."
    properties.created = properties.modified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    properties.last_modified_by = "quoter"
    properties.revision = 1
    document.save(str(target))


if __name__ == "__main__":
    build(HERE / "document.docx")
