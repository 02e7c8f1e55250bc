"""How large and how deep a data file may be, checked before it is parsed (docs: "Limits").

A facts file or a quote request comes from a customer, a contract's embedded quote from whoever
sent the PDF: a few hundred kilobytes written to hurt (a table header of 100,000 dotted keys, a
list nested 100,000 deep, a number of 100,000 digits) would otherwise take `tomllib` a minute, or
end in a crash instead of a message. So every file is read only up to its kind's size, and the
shape of an outside file is scanned once, in linear time, before a parser sees it: the first
thing too large is refused with its line.

The vendor's own price books can be large (megabytes), so the full scan is not run on them; only
the one shape that makes `tomllib` slow (a long dotted key) is looked for, with a quick regular
expression, and the full scan runs when that finds something or when the parser gives up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quoter.domain.problems import Problem

MIB = 1024 * 1024
DEEPEST = 32
"""Tables and lists nested deeper than this are refused (a quote's data is about 5 deep)."""
MOST_KEY_PARTS = 16
"""A dotted key or table header of more parts than this is refused (quoter's own have 3)."""
LONGEST_NUMBER = 100
"""A number written with more characters than this is refused (a price needs about 12)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """The most a data file of one kind may hold."""

    what: str
    """The kind of file, as a message names it: 'facts file'."""
    max_bytes: int
    outside: bool
    """True for files from outside (customers, PDFs): their shape is always scanned before they
    are parsed. False for the vendor's own files, scanned only when something looks wrong."""


FACTS = Limits("facts file", 1 * MIB, outside=True)
REQUEST = Limits("quote request", 1 * MIB, outside=True)
EMBEDDED_QUOTE = Limits("embedded quote", 8 * MIB, outside=True)
PRICE_BOOK = Limits("price book", 64 * MIB, outside=False)
"""A 10,000-service book is about 13 MB; 64 MiB leaves room for five times that."""
DATA_FILE = Limits("data file", 64 * MIB, outside=False)
"""Any other of the vendor's files (products, policies, contract data)."""


def size_text(size: int) -> str:
    """A limit in words: '1 MiB', '64 MiB', '512 bytes'."""
    if size >= MIB and size % MIB == 0:
        return f"{size // MIB} MiB"
    return f"{size:,} bytes"


def size_problem(size: int, limits: Limits, file: str) -> Problem | None:
    """The problem of a file `size` bytes long, if that is more than its kind may be."""
    if size <= limits.max_bytes:
        return None
    return Problem(
        (),
        f"is {size:,} bytes long, too large for a {limits.what}",
        f"a {limits.what} of at most {size_text(limits.max_bytes)}",
        file=file,
    )


TOML_STRING = (
    r'"""(?:[^"\\]++|\\.|"(?!""))*+(?:"{3,5}|\Z)'
    r"|'''(?:[^']++|'(?!''))*+(?:'{3,5}|\Z)"
    r'|"(?:[^"\\\n]++|\\[^\n]?)*+"?'
    r"|'[^'\n]*+'?"
)
"""A TOML string of any of its four kinds, as a regular expression (with re.S). Possessive, so
a string never closed costs no backtracking; a one-line string ends at its line's end, closed or
not; a multi-line string may end in up to two quotes of its own before the closing three."""

# One token of TOML as far as its shape goes: strings (whose insides do not count), comments,
# words (bare keys, numbers, dates, true/false), dots, brackets, line ends and any other sign.
# Possessive quantifiers keep every token linear, even when a string is never closed.
_TOML_TOKEN = re.compile(
    rf"(?P<string>{TOML_STRING})"
    r"|(?P<comment>\#[^\n]*+)"
    r"|(?P<word>[A-Za-z0-9_+-]++)"
    r"|(?P<dot>\.)"
    r"|(?P<open>[\[{])"
    r"|(?P<close>[\]}])"
    r"|(?P<newline>\n)"
    r"|(?P<other>\S)",
    re.S,
)
_JSON_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\\n]++|\\[^\n]?)*+"?)'
    r"|(?P<word>[A-Za-z0-9_+.-]++)"
    r"|(?P<open>[\[{])"
    r"|(?P<close>[\]}])"
    r"|(?P<newline>\n)",
    re.S,
)
_KEY_PART = r"""[ \t]*+(?:[A-Za-z0-9_+-]++|"(?:[^"\\\n]++|\\[^\n]?)*+"|'[^'\n]*+')[ \t]*+"""
_LONG_KEY = re.compile(rf"\.{_KEY_PART}(?:\.{_KEY_PART}){{{MOST_KEY_PARTS - 1}}}")
"""A run of more than MOST_KEY_PARTS dotted parts anywhere in a text, strings included: every long
key matches it (and rarely a text does), found in about a millisecond per megabyte."""


def shape_problem(text: str, file: str, *, in_json: bool, thorough: bool) -> Problem | None:
    """The first place where `text` is nested too deeply, has too long a key or too long a
    number, or None. With `thorough` False (a vendor's TOML file), the scan runs only when a quick
    search finds a long dotted key somewhere."""
    if in_json:
        return _json_shape(text, file)
    if not thorough and not _LONG_KEY.search(text):
        return None
    return _toml_shape(text, file)


def _toml_shape(text: str, file: str) -> Problem | None:
    line = 1
    depth = 0
    parts = 0  # the parts of the dotted key being read
    after_dot = False
    for match in _TOML_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word" or kind == "string":
            parts = parts + 1 if after_dot else 1
            after_dot = False
            token = match.group()
            if parts > MOST_KEY_PARTS:
                return _too_long_key(file, line)
            if kind == "string":
                line += token.count("\n")
            elif len(token) > LONGEST_NUMBER and token[0] in "0123456789+-":
                return _too_long_number(file, line, len(token))
            continue
        if kind == "dot":
            after_dot = True
            continue
        after_dot = False
        parts = 0
        if kind == "newline":
            line += 1
        elif kind == "open":
            depth += 1
            if depth > DEEPEST:
                return _too_deep(file, line)
        elif kind == "close":
            depth = max(0, depth - 1)
    return None


def _json_shape(text: str, file: str) -> Problem | None:
    line = 1
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "newline":
            line += 1
        elif kind == "open":
            depth += 1
            if depth > DEEPEST:
                return _too_deep(file, line)
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "word":
            size = match.end() - match.start()
            if size > LONGEST_NUMBER and text[match.start()] in "0123456789+-":
                return _too_long_number(file, line, size)
    return None


def _too_deep(file: str, line: int) -> Problem:
    return Problem(
        (),
        f"is nested more than {DEEPEST} levels deep",
        f"tables and lists nested at most {DEEPEST} deep",
        file=file,
        line=line,
    )


def _too_long_key(file: str, line: int) -> Problem:
    return Problem(
        (),
        f"has a key or table header of more than {MOST_KEY_PARTS} dotted parts",
        f"keys of at most {MOST_KEY_PARTS} parts, like [customer.signatory]",
        file=file,
        line=line,
    )


def _too_long_number(file: str, line: int, size: int) -> Problem:
    return Problem(
        (),
        f"has a number {size:,} characters long",
        f"numbers of at most {LONGEST_NUMBER} characters",
        file=file,
        line=line,
    )
