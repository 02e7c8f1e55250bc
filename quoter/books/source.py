"""Reading TOML and JSON data files exactly, and finding the line of a field for error messages.

Numbers with a fraction are kept as the exact text the file holds (`Decimal`), never a float. A
number that is not a plain decimal (`1e3`, `inf`, `nan`, `1_000.5`) becomes a `BadNumber` that the
validator reports with its place; integers written with underscores or in hex, octal or binary are
found by `odd_integers`, since `tomllib` does not keep their text.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from quoter.domain.problems import FieldPath, Problem

PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_SYNTAX_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class BadNumber:
    """A number written in a form quoter refuses (exponent, infinity, NaN, underscores)."""

    text: str


def exact_number(text: str) -> Decimal | BadNumber:
    """The `parse_float` hook: the exact decimal the file wrote, or a `BadNumber` to report."""
    if PLAIN_DECIMAL.fullmatch(text):
        return Decimal(text)
    return BadNumber(text)


class SourceError(Exception):
    """A file that cannot be read or parsed at all; carries one located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_text(path: Path) -> str:
    """The file's text as UTF-8, or a `SourceError` that says why not."""
    try:
        return path.read_bytes().decode("utf-8").removeprefix("\ufeff")  # Notepad's byte order mark
    except FileNotFoundError:
        raise SourceError(Problem((), "no such file", file=str(path))) from None
    except IsADirectoryError:
        raise SourceError(Problem((), "is a folder, not a file", file=str(path))) from None
    except OSError as error:
        raise SourceError(
            Problem((), f"cannot be read: {error.strerror}", file=str(path))
        ) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise SourceError(
            Problem((), "is not UTF-8 text", "a file saved as UTF-8", file=str(path), line=line)
        ) from None


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """Parse TOML keeping exact decimals, or raise `SourceError` at the syntax error's line."""
    try:
        return tomllib.loads(text, parse_float=exact_number)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _SYNTAX_POSITION.search(message)
        line = int(match.group(1)) if match else None
        reason = _SYNTAX_POSITION.sub("", message).strip()
        raise SourceError(
            Problem(
                (), f"TOML syntax error: {reason}", "valid TOML (see docs/)", file=file, line=line
            )
        ) from None
    except (RecursionError, ValueError) as error:
        raise _unreadable(error, file) from None


def parse_json(text: str, file: str) -> Any:
    """Parse JSON keeping exact decimals, or raise `SourceError` at the syntax error's line."""
    try:
        return json.loads(
            text,
            parse_float=exact_number,
            parse_constant=BadNumber,
            object_pairs_hook=_without_duplicate_keys,
        )
    except json.JSONDecodeError as error:
        raise SourceError(
            Problem(
                (), f"JSON syntax error: {error.msg}", "valid JSON", file=file, line=error.lineno
            )
        ) from None
    except _DuplicateKey as duplicate:
        raise SourceError(
            Problem(
                (),
                f"the key '{duplicate.key}' appears twice in one object",
                "each key once",
                file=file,
            )
        ) from None
    except (RecursionError, ValueError) as error:
        raise _unreadable(error, file) from None


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _without_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON allows a key twice and keeps the last; TOML refuses it, and so does quoter."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _unreadable(error: Exception, file: str) -> SourceError:
    """Nesting too deep, or a number with thousands of digits: no sane data file has either."""
    reason = (
        "is nested too deeply"
        if isinstance(error, RecursionError)
        else "holds a number with thousands of digits"
    )
    return SourceError(Problem((), f"cannot be read: {reason}", "a plain data file", file=file))


def odd_integers(text: str, file: str) -> list[Problem]:
    """Numbers written with underscores or in hex, octal or binary, outside strings and comments:
    `tomllib` reads them as plain integers, but finance should never have to read them."""
    if not _ODD_NUMBER_ANYWHERE.search(text):
        return []  # the usual case, found in one pass of the regex engine
    problems = []
    for number, (code, _) in enumerate(_code_parts(text), start=1):
        for match in _ODD_NUMBER.finditer(code):
            problems.append(
                Problem(
                    (),
                    f"'{match.group(1)}' is not a plain number",
                    "digits only, like 1000 or 1000.00",
                    file=file,
                    line=number,
                )
            )
    return problems


_ODD_NUMBER_ANYWHERE = re.compile(r"[0-9]_[0-9]|0[xob][0-9A-Fa-f]")
_ODD_NUMBER = re.compile(r"(?<![\w.:+-])([+-]?(?:[0-9]+_[0-9_]*|0[xob][0-9A-Fa-f_]+))(?![\w.:-])")


def _code_parts(text: str) -> list[tuple[str, bool]]:
    """Each line of a TOML text with its strings and comments blanked out, and whether the line
    begins inside a multi-line string. Lines end at line feeds only, as TOML's do (U+2028 or
    U+0085 inside a string do not end a line)."""
    lines: list[tuple[str, bool]] = []
    quote = ""  # the quote that opened the string we are in: ", ', \"\"\" or \'\'\'
    for raw in text.split("\n"):
        raw = raw.removesuffix("\r")
        inside = bool(quote)
        code: list[str] = []
        i = 0
        while i < len(raw):
            char = raw[i]
            if quote:
                if char == "\\" and quote in ('"', '"""'):
                    i += 2
                    continue
                if raw.startswith(quote, i):
                    i += len(quote)
                    quote = ""
                    continue
                i += 1
                continue
            if char == "#":
                break
            if char in "\"'":
                quote = char * 3 if raw.startswith(char * 3, i) else char
                i += len(quote)
                code.append(" ")
                continue
            code.append(char)
            i += 1
        if quote in ('"', "'"):
            quote = ""  # a one-line string cannot continue on the next line
        lines.append(("".join(code), inside))
    return lines


class TomlLines:
    """Finds the line on which a field path is written in a TOML text, for error messages.

    Built only when a file has problems. It reads table headers, arrays of tables and `key =` lines,
    skipping multi-line strings; a path it cannot place exactly gets the line of its nearest parent.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[FieldPath, int] = {}
        self._scan(text)

    def line_of(self, path: FieldPath) -> int | None:
        for end in range(len(path), 0, -1):
            line = self._lines.get(path[:end])
            if line is not None:
                return line
        return None

    def _scan(self, text: str) -> None:
        table: FieldPath = ()
        array_sizes: dict[FieldPath, int] = {}
        raw_lines = [line.removesuffix("\r") for line in text.split("\n")]
        for number, (raw, (_, inside_string)) in enumerate(
            zip(raw_lines, _code_parts(text), strict=True), start=1
        ):
            if inside_string:
                continue
            line = raw.strip()
            if not line or line[0] in "#{]":
                continue
            if line.startswith("[["):
                keys = _split_keys(line[2 : line.find("]]")])
                parent = self._resolve(keys[:-1], array_sizes)
                array = (*parent, keys[-1])
                index = array_sizes.get(array, 0)
                array_sizes[array] = index + 1
                table = (*array, index)
                self._lines.setdefault(array, number)
                self._lines[table] = number
                continue
            if line.startswith("["):
                table = self._resolve(_split_keys(line[1 : line.find("]")]), array_sizes)
                self._lines.setdefault(table, number)
                continue
            key_text, equals, value = _split_assignment(line)
            if not equals:
                continue
            path = (*table, *_split_keys(key_text))
            for end in range(len(table) + 1, len(path) + 1):
                self._lines.setdefault(path[:end], number)
            self._inline_keys(path, value, number)

    def _inline_keys(self, path: FieldPath, value: str, number: int) -> None:
        """Keys of a one-line inline table (`prices = { S = 1, M = 2 }`) get that line too."""
        if value.startswith("{"):
            for key in re.findall(r"([A-Za-z0-9_-]+)\s*=", value):
                self._lines.setdefault((*path, key), number)

    def _resolve(self, keys: list[str], array_sizes: dict[FieldPath, int]) -> FieldPath:
        """A header's keys as a path, stepping into the latest entry of each array of tables."""
        path: FieldPath = ()
        for key in keys:
            path = (*path, key)
            size = array_sizes.get(path)
            if size:
                path = (*path, size - 1)
        return path


def _split_assignment(line: str) -> tuple[str, bool, str]:
    in_quote: str | None = None
    for index, char in enumerate(line):
        if in_quote:
            if char == in_quote:
                in_quote = None
        elif char in "\"'":
            in_quote = char
        elif char == "=":
            return line[:index].strip(), True, line[index + 1 :].strip()
    return line, False, ""


def _split_keys(text: str) -> list[str]:
    keys: list[str] = []
    current: list[str] = []
    in_quote: str | None = None
    for char in text:
        if in_quote:
            if char == in_quote:
                in_quote = None
            else:
                current.append(char)
        elif char in "\"'":
            in_quote = char
        elif char == ".":
            keys.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    keys.append("".join(current).strip())
    return keys


def locate(problems: list[Problem], text: str, file: str) -> list[Problem]:
    """The problems with their file and line filled in (the line found from each field path)."""
    lines = TomlLines(text) if file.endswith(".toml") or not file.endswith(".json") else None
    located = []
    for problem in problems:
        if problem.file:
            located.append(problem)
        else:
            located.append(problem.at(file, lines.line_of(problem.path) if lines else None))
    return located
