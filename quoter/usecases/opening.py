"""Opening a file the user hands over (dropped on the window): a quote request becomes a draft, a
triage's facts file becomes the draft of the services the triage proposes. Which one a file is
shows in its keys: a request names a `book` and its `lines`, a facts file a `product` and what the
customer asks (`ask`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from quoter.books.limits import REQUEST
from quoter.books.source import SourceError, parse_json, parse_toml, read_text
from quoter.domain.problems import QuoterError
from quoter.usecases.context import AppContext

if TYPE_CHECKING:  # the register (and the database layer) loads when a file is opened
    from quoter.usecases.register import RegisteredQuote

OPENABLE = (".toml", ".json")


def open_file(context: AppContext, path: Path) -> RegisteredQuote:
    """A new draft from a quote request or a facts file, with its problems located in the file."""
    from quoter.usecases.register import new_quote, new_quote_from_triage

    if path.suffix.lower() not in OPENABLE:
        raise QuoterError(
            f"{path}: quoter opens quote requests and triage facts files (.toml or .json), "
            f"not {path.suffix or 'files without an extension'}"
        )
    if _is_facts(_peek(path)):
        return new_quote_from_triage(context, path)
    return new_quote(context, path)


def _peek(path: Path) -> dict[str, Any]:
    """The file's top-level keys' values, or {} when it cannot be read: then the request reader
    says what is wrong, at its line."""
    try:  # with the guards of a file from outside: a hostile one is refused in milliseconds
        text = read_text(path, REQUEST)
        parse = parse_json if path.suffix.lower() == ".json" else parse_toml
        data = parse(text, str(path), REQUEST)
    except SourceError:
        return {}
    return data if isinstance(data, dict) else {}


def _is_facts(data: dict[str, Any]) -> bool:
    return "product" in data and "book" not in data
