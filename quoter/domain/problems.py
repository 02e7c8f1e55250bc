"""Problems found in user data, and the error families that carry them across a boundary.

A `Problem` names its place (file, line, field path) and says what is wrong and what is expected, so
that a finance person can fix a price book without reading code. Validators collect every problem in
a file and raise once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

FieldPath = tuple[str | int, ...]
"""Keys and list positions from the document's root; positions count from 0 inside the code."""


def format_path(path: FieldPath) -> str:
    """A field path as people read it: `services[3].pricing.price`, positions counted from 1."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a file, where it is, and what would be right."""

    path: FieldPath
    message: str
    expected: str = ""
    file: str | None = None
    line: int | None = None

    def at(self, file: str | None, line: int | None) -> Problem:
        return replace(self, file=file, line=line)

    def __str__(self) -> str:
        place = ""
        if self.file:
            place = self.file + (f":{self.line}" if self.line else "") + ": "
        where = f"{format_path(self.path)}: " if self.path else ""
        text = f"{place}{where}{self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class QuoterError(Exception):
    """Base of every error quoter explains to a user instead of crashing."""

    def __init__(self, summary: str, problems: Iterable[Problem] = ()) -> None:
        self.summary = summary
        self.problems = tuple(problems)
        super().__init__(self.describe())

    def describe(self) -> str:
        lines = [self.summary]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


class PriceBookError(QuoterError):
    """A price book (or the set of books) is not valid."""


class ProductError(QuoterError):
    """A product's release list is not valid or cannot be found."""


class QuoteRequestError(QuoterError):
    """A quote request file is not valid."""


class PricingError(QuoterError):
    """A quote request asks for something the price book does not sell that way."""


class SettingsError(QuoterError):
    """The settings (flags, environment, config file) are not valid."""


class PolicyError(QuoterError):
    """A scope-of-support policy, or a triage's facts file, is not valid."""
