"""What the `quoter` command prints: a priced quote as a plain-text table formatted by Babel in
its locale, problems on stderr, and standard output that a closed pipe silences.

Babel loads only when a table is printed: `quoter --help` and every command start without it."""

from __future__ import annotations

import io
import os
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from quoter.domain.quote import PricedLine, PricedQuote

TIMES = "\N{MULTIPLICATION SIGN}"

_HEADINGS = {
    "en": (
        "#",
        "Code",
        "Service",
        "Quantity",
        "Amount",
        "Subtotal",
        "Total",
        "Customer",
        "Price book",
        "Priced on",
        "Valid until",
        "Payment terms",
        "Preview only: priced as on {day}; not an offer.",
    ),
    "de": (
        "Nr.",
        "Code",
        "Leistung",
        "Menge",
        "Betrag",
        "Zwischensumme",
        "Gesamt",
        "Kunde",
        "Preisliste",
        "Preisstand",
        "Gültig bis",
        "Zahlungsbedingungen",
        "Nur Vorschau: Preise vom {day}; kein Angebot.",
    ),
}


def quote_table(quote: PricedQuote) -> str:
    """The quote as lines of text: header, one row per line with its breakdown, then the totals."""
    from quoter.domain.display import date_text

    words = _HEADINGS.get(quote.language, _HEADINGS["en"])
    locale = quote.locale
    out: list[str] = []
    if quote.preview:
        out.append(words[12].format(day=date_text(quote.priced_on, locale)))
    out.append(f"{words[7]}: {quote.request.customer.legal_name}")
    out.append(
        f"{words[8]}: {quote.book_title} "
        f"({quote.book.id} {quote.book.version}, {quote.book.digest})"
    )
    out.append(
        f"{words[9]}: {date_text(quote.priced_on, locale)}    "
        f"{words[10]}: {date_text(quote.valid_until, locale)}"
    )
    out.append("")
    out.extend(lines_table(quote))
    out.append("")
    out.append(textwrap.fill(f"{words[11]}: {quote.payment_terms}", width=100))
    return "\n".join(out)


def lines_table(quote: PricedQuote) -> list[str]:
    """The quote's lines with their breakdowns, then subtotal, tax and total."""
    from quoter.domain.display import money_text, number_text

    words = _HEADINGS.get(quote.language, _HEADINGS["en"])
    locale = quote.locale
    out: list[str] = []
    rows = [(words[0], words[1], words[2], words[3], words[4])]
    details: list[list[str]] = [[]]
    for line in quote.lines:
        rows.append(
            (
                str(line.number),
                line.service_code,
                line.name,
                number_text(line.quantity, locale),
                money_text(line.total, locale),
            )
        )
        details.append(_details(line, locale))
    totals = [(words[5], money_text(quote.subtotal, locale))]
    if quote.tax is not None:
        percent = number_text(quote.tax.percent, locale)
        totals.append((f"{quote.tax.label} ({percent} %)", money_text(quote.tax.amount, locale)))
    totals.append((words[6], money_text(quote.total, locale)))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    widths[4] = max(widths[4], *(len(amount) for _, amount in totals))
    for index, row in enumerate(rows):
        out.append(
            f"{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  "
            f"{row[3]:>{widths[3]}}  {row[4]:>{widths[4]}}".rstrip()
        )
        if index == 0:
            out.append("-" * (sum(widths) + 8))
        indent = " " * (widths[0] + widths[1] + 4)
        out.extend(indent + detail for detail in details[index])
    out.append("-" * (sum(widths) + 8))
    label_width = sum(widths[:4]) + 6
    for label, amount in totals:
        out.append(f"{label:>{label_width}}  {amount:>{widths[4]}}")
    return out


def _details(line: PricedLine, locale: str) -> list[str]:
    from quoter.domain.display import money_text, number_text

    details = [f"{p.label}: {p.shown}" for p in line.parameters]
    if line.model == "per_unit" and line.unit_price:
        details.append(
            f"{number_text(line.quantity, locale)} {TIMES} {money_text(line.unit_price, locale)}"
            f" ({line.unit})"
        )
    if line.model == "base_plus_unit" and line.base and line.unit_price:
        details.append(
            f"{money_text(line.base, locale)} + {line.units} {TIMES} "
            f"{money_text(line.unit_price, locale)}"
            f" ({line.unit})"
        )
    return details


def print_problems(heading: str, problems: Sequence[object]) -> None:
    """A heading and each problem on its own indented line, on stderr; nothing when none."""
    if problems:
        print(heading, file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)


class Output(io.TextIOBase):
    """Standard output that a closed pipe (`quoter ... | head`) silences instead of ending the
    command: the command still finishes, its problems still reach stderr, its status is kept."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
                self.stream.flush()
            except BrokenPipeError:
                self.gone = True
                # the interpreter's final flush of stdout must not fail either
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, self.stream.fileno())
        return len(text)
