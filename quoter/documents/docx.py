"""The DOCX layout: docxtpl fills document.docx's header and footer (autoescaped, sandboxed,
strict), then the body is appended block by block from the document model with python-docx, whose
API escapes every character, so `Smith & Sons <Ltd>` prints literally and multi-line text stays as
paragraphs.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from quoter.documents.model import (
    Block,
    BulletList,
    Document,
    Heading,
    KeyValues,
    Paragraph,
    Party,
    SignatureBlock,
    Table,
)
from quoter.domain.contract_terms import DocumentError

TEMPLATE = "document.docx"


def render_docx(document: Document, template_dir: Path) -> bytes:
    """The document as DOCX bytes, or `DocumentError` naming the template's problem."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import StrictUndefined, TemplateError, UndefinedError
    from jinja2.sandbox import SandboxedEnvironment

    path = template_dir / TEMPLATE
    if not path.is_file():
        raise DocumentError(f"{path}: the DOCX template is missing")
    try:
        template = DocxTemplate(str(path))
    except Exception as error:  # python-docx raises several unrelated types for a broken file
        raise DocumentError(f"{path}: not a DOCX file quoter can open ({error})") from None
    context: dict[str, Any] = {
        "footer": document.footer,
        "page_before": document.page_of[0],
        "page_between": document.page_of[1],
        "page_after": document.page_of[2],
        "logo": InlineImage(template, document.logo, width=Mm(45)) if document.logo else "",
    }
    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    try:
        template.render(context, jinja_env=environment, autoescape=True)
    except UndefinedError as error:
        raise DocumentError(
            f"{path}: the template uses a name the document does not have: {error.message}"
        ) from None
    except TemplateError as error:
        raise DocumentError(f"{path}: template error: {error}") from None
    except Exception as error:  # docxtpl opens the package lazily: a broken file fails here
        raise DocumentError(f"{path}: not a DOCX template quoter can use ({error})") from None
    docx = template.docx
    body = docx.element.body
    for paragraph in list(docx.paragraphs):  # the template's empty body paragraph
        if not paragraph.text.strip():
            body.remove(paragraph._element)
    writer = _BodyWriter(docx)
    try:
        for section in document.sections:
            if section.heading:
                writer.paragraph(section.heading, "Heading 2")
            for block in section.blocks:
                writer.write(block)
    except KeyError as error:  # python-docx: a style the template does not define
        raise DocumentError(
            f"{path}: the template lacks a style the document uses: {error.args[0]} "
            "(rebuild it with contract_templates/build_docx_template.py)"
        ) from None
    _set_properties(docx, document)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


class _BodyWriter:
    """Appends blocks to the body. python-docx's convenience API looks a style up by name for
    every paragraph and adds text one character at a time; with style ids looked up once and
    text set in one step, a contract is written several times faster."""

    def __init__(self, docx: Any) -> None:
        self.docx = docx
        self.style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.docx.styles[name].style_id
        return self.style_ids[name]

    def paragraph(self, text: str, style: str = "Normal") -> Any:
        paragraph = self.docx.add_paragraph()
        if style != "Normal":
            paragraph._p.style = self.style_id(style)
        if text:
            add_run(paragraph, text)
        return paragraph

    def write(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.paragraph(block.text, "Title" if block.level == 1 else "Heading 3")
        elif isinstance(block, Paragraph):
            style = {"body": "Normal", "note": "Note", "notice": "Notice"}[block.style]
            self.paragraph(block.text, style)
        elif isinstance(block, BulletList):
            for item in block.items:
                self.paragraph(item, "List Bullet")
        elif isinstance(block, KeyValues):
            self.key_values(block.pairs, 18 if block.style == "clauses" else 45)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Party):
            self.party(block)
        else:
            self.signature(block)

    def key_values(self, pairs: tuple[tuple[str, str], ...], key_width: int) -> None:
        from docx.shared import Mm

        table = self.docx.add_table(rows=0, cols=2)
        for key, value in pairs:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = Mm(key_width), Mm(168 - key_width)
            add_run(cells[0].paragraphs[0], key, bold=True)
            add_run(cells[1].paragraphs[0], value)
        self.docx.add_paragraph()

    def table(self, block: Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        columns = len(block.header)
        table = self.docx.add_table(rows=1, cols=columns)
        table.style = "Table Grid"
        right = WD_ALIGN_PARAGRAPH.RIGHT
        for cell, text, align in zip(table.rows[0].cells, block.header, block.align, strict=True):
            add_run(cell.paragraphs[0], text, bold=True)
            if align == "right":
                cell.paragraphs[0].alignment = right
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text, align in zip(cells, row, block.align, strict=True):
                add_run(cell.paragraphs[0], text)
                if align == "right":
                    cell.paragraphs[0].alignment = right
        for index, (label, amount) in enumerate(block.totals):
            cells = table.add_row().cells
            label_cell = cells[0].merge(cells[columns - 2])
            emphasis = index == len(block.totals) - 1
            add_run(label_cell.paragraphs[0], label, bold=emphasis)
            label_cell.paragraphs[0].alignment = right
            add_run(cells[columns - 1].paragraphs[0], amount, bold=emphasis)
            cells[columns - 1].paragraphs[0].alignment = right
        self.docx.add_paragraph()

    def party(self, block: Party) -> None:
        from docx.shared import Mm, Pt

        paragraph = self.docx.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(5)
        paragraph.paragraph_format.space_after = Pt(8)
        add_run(paragraph, block.name, bold=True)
        for line in block.lines:
            paragraph.add_run().add_break()
            add_run(paragraph, line)
        paragraph.add_run().add_break()
        add_run(paragraph, block.role, italic=True)

    def signature(self, block: SignatureBlock) -> None:
        paragraph = self.docx.add_paragraph()
        add_run(paragraph, block.party, bold=True)
        by, name, title, date = block.labels
        table = self.docx.add_table(rows=0, cols=2)
        for label, value in (
            (by, "\n\n" + "_" * 36),
            (name, block.signer_name),
            (title, block.signer_title),
            (date, "_" * 36),
        ):
            cells = table.add_row().cells
            add_run(cells[0].paragraphs[0], label)
            add_run(cells[1].paragraphs[0], value)
        self.docx.add_paragraph()


def add_run(paragraph: Any, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """A run holding `text`, set in one step (python-docx escapes it as XML text)."""
    if "\t" in text or "\n" in text:
        run = paragraph.add_run(text)  # the slow path turns these into <w:tab/> and <w:br/>
    else:
        run = paragraph.add_run()
        run._r.add_t(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True


def _set_properties(docx: Any, document: Document) -> None:
    properties = docx.core_properties
    properties.title = document.metadata.title
    properties.author = document.metadata.author
    properties.subject = document.metadata.subject
    properties.keywords = ", ".join(document.metadata.keywords)
    properties.last_modified_by = "quoter"
    properties.comments = document.footer
