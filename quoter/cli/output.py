"""What the `quoter` command prints: a priced quote as a plain-text table formatted by Babel in
its locale, JSON, problems on stderr, and standard output that may fail without ending a command.

Babel loads only when a table is printed: `quoter --help` and every command start without it."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import stat
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from quoter.domain.quote import PricedLine, PricedQuote

TIMES = "\N{MULTIPLICATION SIGN}"
EXIT_DONE_UNREPORTED = 3
"""The command did what it was asked (saved a quote, wrote a file), but standard output failed
before it could say so: do not run it again."""
EXIT_OUTPUT = 74
"""Standard output could not be written (closed, or its disk full); nothing was changed."""

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
        say("\n".join([heading, *(f"  {problem}" for problem in problems)]))


def json_text(data: object, out: TextIO | io.TextIOBase) -> str:
    """`data` as indented JSON. Where the output cannot show every character (a Latin-1 or ASCII
    console), non-ASCII characters are written as JSON escapes: the JSON stays exact, where
    replacing a character would change the data."""
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        unicode = codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        unicode = False
    return json.dumps(data, indent=2, ensure_ascii=not unicode)


def output_file(text: str) -> Path:
    """An argparse type for a file quoter writes. A name that can only be a folder ('', '.',
    'out/') is refused, and so is a device, pipe or socket: a document or backup is written beside
    its target and renamed over it (so that a failure never leaves half a file), which would
    replace `/dev/stdout` or a pipe with a plain file. Another folder is left to the command,
    which says it cannot write there."""
    if os.path.basename(text) in ("", ".", ".."):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a file name (expected the name of the file to write)"
        )
    path = Path(text)
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):  # not there yet, or not reachable: the command says which
        return path
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        if stat.S_ISFIFO(mode):
            kind = "a pipe"
        elif stat.S_ISSOCK(mode):
            kind = "a socket"
        else:
            kind = "a device"
        raise argparse.ArgumentTypeError(
            f"'{text}' is {kind}, not a file (quoter writes documents and backups to files only)"
        )
    return path


def steady_streams() -> None:
    """Make the standard streams safe to use for the rest of the command: a descriptor 0, 1 or 2
    that was closed is opened on the null device, so that no file quoter opens (the register,
    a document) takes its number; stderr, if Python found it closed, writes to the null device
    rather than print() falling back to stdout; and characters the console's encoding cannot show
    (Latin-1, ASCII, cp1252) are replaced instead of failing the command."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_RDWR)
                if null != descriptor:
                    os.dup2(null, descriptor)
                    os.close(null)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process's life)
    for stream in (sys.stdout, sys.stderr):
        # strict, or surrogateescape (Python's choice in the C locale), fail on a character the
        # encoding has not; stderr's backslashreplace never fails
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(errors="replace")


class Output(io.TextIOBase):
    """Standard output that never ends a command when it cannot be written: closed (`>&-`), full
    (`> /dev/full`) or a pipe whose reader is gone (`| head`). The command still finishes, its
    problems still reach stderr; `settle` then says what was lost and gives the exit status.

    A command that changes something (saves a quote, writes a file) calls `done` once the change
    is made: if its report is then lost, the user learns that the change happened all the same,
    so that a script does not retry it and make a duplicate."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.failure: str | None = None
        """Why standard output could not be written, once it could not."""
        self.broken_pipe = False
        self.changes: list[str] = []
        if stream is None:  # the interpreter found descriptor 1 closed
            self.failure = "standard output is closed"

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        if self.failure is None and self.stream is not None:
            try:
                self.stream.write(text)
                self.stream.flush()
            except (OSError, ValueError) as error:  # ValueError: the stream was closed
                self._lost(error)
        return len(text)

    def fileno(self) -> int:
        """The stream's descriptor, for code that asks (a child process's inheritance, say)."""
        if self.stream is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream is not None and self.failure is None and self.stream.isatty()

    def done(self, change: str) -> None:
        """Note a change made, in words that name it: 'Q-2026-00012 was saved as a new draft'."""
        self.changes.append(change)

    def settle(self, status: int) -> int:
        """The command's exit status once its output is accounted for: a change whose report was
        lost is said on stderr (EXIT_DONE_UNREPORTED unless the command failed otherwise);
        output lost to a reader that went away (`| head`) keeps the status, as does a command
        that failed otherwise; other lost output is said, EXIT_OUTPUT."""
        if self.failure is None:
            return status
        if self.changes:
            details = "its details" if len(self.changes) == 1 else "their details"
            say(
                f"quoter: {' and '.join(self.changes)}, but {details} could not be printed "
                f"({self.failure}). It was done: do not run the command again."
            )
            return status or EXIT_DONE_UNREPORTED
        if self.broken_pipe or status != 0:  # the reader went away, or the failure is said
            return status
        say(f"quoter: the output could not be written ({self.failure}).")
        return EXIT_OUTPUT

    def _lost(self, error: Exception) -> None:
        self.broken_pipe = isinstance(error, BrokenPipeError)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        self.failure = f"standard output: {reason}"
        # What is left in the stream's buffer must not fail the interpreter's final flush: the
        # descriptor now writes to the null device.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            descriptor = self.stream.fileno() if self.stream is not None else -1
            if descriptor >= 0:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, descriptor)
                os.close(devnull)


def say(text: str) -> None:
    """A line on stderr, which may itself be closed or full: then the exit status says it alone."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(text, file=sys.stderr, flush=True)
