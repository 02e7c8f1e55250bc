"""Verify a contract PDF: read the priced quote embedded in it, find the same price book version,
check its digest, price the embedded request again with it on the same day, and compare every
figure and text line by line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from quoter.books.fields import Collector, Fields
from quoter.books.limits import EMBEDDED_QUOTE, MIB, size_text
from quoter.books.priced_quote_json import priced_quote_to_data
from quoter.books.request_file import request_from_fields
from quoter.books.source import SourceError, parse_json
from quoter.domain.contract_terms import DocumentError
from quoter.domain.pricing import price_request
from quoter.domain.problems import PriceBookError, QuoterError
from quoter.usecases.context import AppContext
from quoter.usecases.contracts import QUOTE_ATTACHMENT

LARGEST_CONTRACT = 64 * MIB
"""A contract PDF larger than this is refused unread (quoter's are well under a megabyte)."""


@dataclass(frozen=True, slots=True)
class Verification:
    book: str
    """'services-usd 2026.1 (sha256:...)'."""
    differences: tuple[str, ...]

    @property
    def matches(self) -> bool:
        return not self.differences


def verify_contract(context: AppContext, pdf: Path) -> Verification:
    """Whether the contract's embedded quote is exactly what its price book gives. The PDF and
    its quote come from outside: each is read only up to its limit (docs/quote-requests.md), and the
    quote's JSON is checked for depth and number sizes before it is parsed."""
    embedded = _embedded_quote(pdf)
    book_id, version, digest, day = _identity(embedded, pdf)
    name = f"{book_id} {version} ({digest})"
    library = context.library
    books = [b for b in library.books() if b.id == book_id and b.version == version]
    if not books:
        raise PriceBookError(
            f"{pdf}: price book {book_id} {version} is not available here, so the contract "
            "cannot be verified; add that book version to a data folder's price_books/"
        )
    book = books[0]
    if book.digest != digest:
        return Verification(
            name,
            (
                f"the price book {book_id} {version} here has digest {book.digest}, "
                f"but the contract was priced with {digest}",
            ),
        )
    collector = Collector()
    request_data = embedded.get("request")
    request = (
        request_from_fields(Fields(request_data, ("request",), collector))
        if isinstance(request_data, dict)
        else None
    )
    if request is None:
        problems = "; ".join(str(p) for p in collector.problems) or "missing"
        return Verification(name, (f"the embedded request is not valid: {problems}",))
    product = library.product(book.product, near=Path(book.source) if book.source else None)
    try:
        again = price_request(request, book, product, day, preview=bool(embedded.get("preview")))
    except QuoterError as error:
        return Verification(name, (f"the embedded request no longer prices: {error.describe()}",))
    expected = priced_quote_to_data(again)
    return Verification(name, tuple(_differences(embedded, expected, "")))


def _embedded_quote(pdf: Path) -> Any:
    from quoter.documents.pdf import embedded_file

    content = _read_pdf(pdf)
    found = embedded_file(content, QUOTE_ATTACHMENT, str(pdf), EMBEDDED_QUOTE.max_bytes)
    if found is None:
        raise DocumentError(f"{pdf}: has no embedded {QUOTE_ATTACHMENT}; it was not made by quoter")
    where = f"{pdf}, embedded {QUOTE_ATTACHMENT}"
    try:
        return parse_json(found.decode("utf-8"), where, EMBEDDED_QUOTE)
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"{pdf}: the embedded {QUOTE_ATTACHMENT} is not UTF-8 text ({error.reason})"
        ) from None
    except SourceError as error:
        raise DocumentError(
            f"{pdf}: the embedded {QUOTE_ATTACHMENT} is not readable", [error.problem]
        ) from None


def _read_pdf(pdf: Path) -> bytes:
    """The PDF's bytes, no more than `LARGEST_CONTRACT` of them."""
    try:
        with pdf.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size  # a regular file too large is not read
            content = b"" if size > LARGEST_CONTRACT else stream.read(LARGEST_CONTRACT + 1)
    except OSError as error:
        raise DocumentError(f"{pdf}: cannot be read ({error.strerror})") from None
    if max(size, len(content)) > LARGEST_CONTRACT:
        raise DocumentError(
            f"{pdf}: is larger than {size_text(LARGEST_CONTRACT)}; a contract quoter made is "
            "far smaller"
        )
    return content


def _identity(embedded: Any, pdf: Path) -> tuple[str, str, str, date]:
    try:
        book = embedded["book"]
        if embedded.get("format") != 1 or embedded.get("kind") != "quoter.priced-quote":
            raise ValueError("not a quoter priced quote, format 1")
        return (
            str(book["id"]),
            str(book["version"]),
            str(book["digest"]),
            date.fromisoformat(embedded["priced_on"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DocumentError(f"{pdf}: the embedded quote is not readable ({error})") from None


def _differences(found: Any, expected: Any, path: str) -> list[str]:
    """Every place where the contract's data differs from the book's, as 'path: a != b'."""
    if isinstance(expected, dict) and isinstance(found, dict):
        differences = []
        for key in sorted(set(expected) | set(found)):
            where = f"{path}.{key}" if path else key
            if key not in found:
                differences.append(f"{where}: missing in the contract")
            elif key not in expected:
                differences.append(f"{where}: in the contract, but not in quoter's priced quote")
            else:
                differences.extend(_differences(found[key], expected[key], where))
        return differences
    if isinstance(expected, list) and isinstance(found, list):
        if len(found) != len(expected):
            return [
                f"{path}: the contract has {len(found)} entries, the book gives {len(expected)}"
            ]
        differences = []
        for index, (a, b) in enumerate(zip(found, expected, strict=True)):
            differences.extend(_differences(a, b, f"{path}[{index + 1}]"))
        return differences
    if found != expected:
        return [f"{path}: the contract says {found!r}, the book gives {expected!r}"]
    return []
