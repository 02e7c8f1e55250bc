"""The document model: what a document says, in order, with every string already formatted.

Blocks have stable ids (`line-2-scope`, `signature-customer`) so layouts, tests and the PDF's
signature fields can find them. Nothing here knows DOCX, HTML or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class Heading:
    id: str
    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    text: str
    style: Literal["body", "note", "notice"] = "body"


@dataclass(frozen=True, slots=True)
class BulletList:
    id: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KeyValues:
    id: str
    pairs: tuple[tuple[str, str], ...]
    style: Literal["details", "clauses"] = "details"
    """`clauses`: numbered rules (a short id beside each text) rather than labelled details."""


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Align, ...]
    totals: tuple[tuple[str, str], ...] = ()
    """Label and amount rows under the table (subtotal, tax, total); the last one is emphasised."""


@dataclass(frozen=True, slots=True)
class Party:
    """One party's block: role and the lines of its identity (name, address, ids)."""

    id: str
    role: str
    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """Where one party signs: its legal name, then By / Name / Title / Date lines."""

    id: str
    party: str
    labels: tuple[str, str, str, str]
    """The labels of the By, Name, Title and Date lines."""
    signer_name: str
    signer_title: str
    field_name: str
    """The PDF signature field's name, e.g. 'Signature-Customer'."""
    hint: str


Block = Heading | Paragraph | BulletList | KeyValues | Table | Party | SignatureBlock


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    heading: str | None
    blocks: tuple[Block, ...]
    keep_together: bool = False


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    language: str
    title: str
    metadata: Metadata
    footer: str
    page_of: tuple[str, str, str]
    """'Page N of M' split around the numbers: ('Page ', ' of ', '')."""
    sections: tuple[Section, ...]
    logo: str | None = None
    """Path of a PNG logo for the first page, or None."""
    draft: bool = False
    attachments: tuple[tuple[str, bytes], ...] = field(default=())
    """Machine-readable files embedded in the PDF: (file name, JSON bytes)."""


def block_texts(block: Block) -> list[str]:
    """The strings a block shows, in reading order (for the 'same words' checks)."""
    if isinstance(block, Heading | Paragraph):
        return [block.text]
    if isinstance(block, BulletList):
        return list(block.items)
    if isinstance(block, KeyValues):
        return [text for pair in block.pairs for text in pair]
    if isinstance(block, Table):
        texts = list(block.header)
        for row in block.rows:
            texts.extend(row)
        for label, amount in block.totals:
            texts.extend((label, amount))
        return texts
    if isinstance(block, Party):
        return [block.name, *block.lines, block.role]
    return [block.party, block.signer_name, block.signer_title]


def document_texts(document: Document) -> list[str]:
    """Every string the document shows, in order."""
    texts: list[str] = []
    for section in document.sections:
        if section.heading:
            texts.append(section.heading)
        for block in section.blocks:
            texts.extend(block_texts(block))
    return texts
