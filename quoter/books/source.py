"""Reading TOML and JSON data files exactly, and finding the line of a field for error messages.

Numbers with a fraction are kept as the exact text the file holds (`Decimal`), never a float. A
number that is not a plain decimal (`1e3`, `inf`, `nan`, `1_000.5`) becomes a `BadNumber` that the
validator reports with its place; integers written with underscores or in hex, octal or binary are
found by `odd_integers`, since `tomllib` does not keep their text. A file is read only up to the
size its kind may have, and its shape is checked before it is parsed (`quoter.books.limits`).
Finding lines is linear in the text, however the file was written.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from quoter.books.limits import DATA_FILE, TOML_STRING, Limits, shape_problem, size_problem
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


def read_text(path: Path, limits: Limits = DATA_FILE) -> str:
    """The file's text as UTF-8, or a `SourceError` that says why not. No more than the size its
    kind may have is ever read, so a huge file (or a device that never ends) is refused at once."""
    file = str(path)
    try:
        with path.open("rb") as stream:
            status = os.fstat(stream.fileno())
            if stat.S_ISREG(status.st_mode):
                _refuse_size(status.st_size, limits, file)
            content = stream.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise SourceError(Problem((), "no such file", file=file)) from None
    except IsADirectoryError:
        raise SourceError(Problem((), "is a folder, not a file", file=file)) from None
    except OSError as error:
        raise SourceError(Problem((), f"cannot be read: {error.strerror}", file=file)) from None
    _refuse_size(len(content), limits, file)
    try:
        return content.decode("utf-8").removeprefix("\ufeff")  # Notepad's byte order mark
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise SourceError(
            Problem((), "is not UTF-8 text", "a file saved as UTF-8", file=file, line=line)
        ) from None


def _refuse_size(size: int, limits: Limits, file: str) -> None:
    problem = size_problem(size, limits, file)
    if problem is not None:
        raise SourceError(problem)


def check_shape(text: str, file: str, limits: Limits, *, in_json: bool = False) -> None:
    """Refuse, with its line, a text nested too deeply or with too long a key or number, before a
    parser spends its time on it (see `quoter.books.limits`)."""
    problem = shape_problem(text, file, in_json=in_json, thorough=limits.outside)
    if problem is not None:
        raise SourceError(problem)


def parse_toml(text: str, file: str, limits: Limits = DATA_FILE) -> dict[str, Any]:
    """Parse TOML keeping exact decimals, or raise `SourceError` at the syntax error's line."""
    check_shape(text, file, limits)
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
        raise _unreadable(error, text, file, in_json=False) from None


def parse_json(text: str, file: str, limits: Limits = DATA_FILE) -> Any:
    """Parse JSON keeping exact decimals, or raise `SourceError` at the syntax error's line."""
    check_shape(text, file, limits, in_json=True)
    try:
        data = json.loads(
            text,
            parse_float=exact_number,
            parse_constant=BadNumber,
            object_pairs_hook=_without_duplicate_keys,
        )
        _check_unicode(data, text, file)
        return data
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
        raise _unreadable(error, text, file, in_json=True) from None


_SURROGATE_PAIR_OR_HALF = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
)


def _lone_surrogate_line(text: str) -> int | None:
    """The line of the first escaped half of a surrogate pair that is not part of a pair."""
    for found in _SURROGATE_PAIR_OR_HALF.finditer(text):
        if len(found.group()) == 6:
            return text.count("\n", 0, found.start()) + 1
    return None


def _check_unicode(data: Any, text: str, file: str) -> None:
    """JSON may escape half of a UTF-16 pair (`\\ud800`) alone, which is no character at all:
    it could be neither printed nor stored. TOML refuses it; so does quoter, at its line."""
    pending = [data]
    while pending:  # the shape check has bounded the depth; no recursion needed
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                line = _lone_surrogate_line(text)
                raise SourceError(
                    Problem(
                        (),
                        "a text holds half of a UTF-16 surrogate pair (an escape such as "
                        "\\ud800 without its partner), which is no character",
                        "whole characters (or escapes of both halves of a pair)",
                        file=file,
                        line=line,
                    )
                ) from None


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


def _unreadable(error: Exception, text: str, file: str, *, in_json: bool) -> SourceError:
    """Nesting too deep, or a number with thousands of digits: no sane data file has either. The
    shape scan finds the line (a vendor's file is scanned in full only now)."""
    problem = shape_problem(text, file, in_json=in_json, thorough=True)
    if problem is not None:
        return SourceError(problem)
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


_STRING_OR_COMMENT = re.compile(rf"{TOML_STRING}|\#[^\n]*+", re.S)


def _code_parts(text: str) -> list[tuple[str, bool]]:
    """Each line of a TOML text with its strings blanked out and its comment dropped, and whether
    the line begins inside a multi-line string. Lines end at line feeds only, as TOML's do (U+2028
    or U+0085 inside a string do not end a line). One pass of the regex engine over the text."""
    code: list[str] = []
    inside = [False] * (text.count("\n") + 1)
    position = 0
    line = 0  # counted from 0 here
    for match in _STRING_OR_COMMENT.finditer(text):
        start, end = match.span()
        code.append(text[position:start])
        line += text.count("\n", position, start)
        if text[start] != "#":
            newlines = text.count("\n", start, end)
            code.append(" " + "\n" * newlines)
            inside[line + 1 : line + newlines + 1] = [True] * newlines
            line += newlines
        position = end
    code.append(text[position:])
    return [
        (part.removesuffix("\r"), begins_inside)
        for part, begins_inside in zip("".join(code).split("\n"), inside, strict=True)
    ]


class TomlLines:
    """Finds the line on which a field path is written in a TOML text, for error messages.

    Built only when a file has problems. It reads table headers, arrays of tables and `key =` lines,
    skipping multi-line strings; a path it cannot place exactly gets the line of its nearest parent.
    The keys are kept as a tree (each place a number, found from its parent's number and its key),
    so building it and each look-up are linear in what they read, however long a key is.
    """

    def __init__(self, text: str) -> None:
        self._below: dict[tuple[int, str | int], int] = {}
        """The place of a key below a place. The root is place 0."""
        self._lines: list[int | None] = [None]
        """The line each place is first written on."""
        self._entries: list[int] = [0]
        """How many entries each place has as an array of tables (their keys are 0, 1...)."""
        self._scan(text)

    def line_of(self, path: FieldPath) -> int | None:
        place = 0
        found = None
        for part in path:
            below = self._below.get((place, part))
            if below is None:
                break
            place = below
            found = self._lines[place] or found
        return found

    def _place(self, parent: int, key: str | int, line: int | None = None) -> int:
        """The place of `key` below `parent`, made if new; written on `line` unless earlier."""
        place = self._below.get((parent, key))
        if place is None:
            place = self._below[parent, key] = len(self._lines)
            self._lines.append(line)
            self._entries.append(0)
        elif self._lines[place] is None:
            self._lines[place] = line
        return place

    def _scan(self, text: str) -> None:
        table = 0
        for number, (raw, (_, inside_string)) in enumerate(
            zip(text.split("\n"), _code_parts(text), strict=True), start=1
        ):
            if inside_string:
                continue
            line = raw.strip()
            if not line or line[0] in "#{]":
                continue
            if line.startswith("[["):
                keys = _split_keys(line[2 : line.find("]]")])
                array = self._place(self._resolve(keys[:-1]), keys[-1], number)
                table = self._place(array, self._entries[array], number)
                self._entries[array] += 1
                continue
            if line.startswith("["):
                table = self._resolve(_split_keys(line[1 : line.find("]")]))
                if self._lines[table] is None:
                    self._lines[table] = number
                continue
            key_text, equals, value = _split_assignment(line)
            if not equals:
                continue
            place = table
            for key in _split_keys(key_text):
                place = self._place(place, key, number)
            if value.startswith("{"):  # keys of a one-line inline table get that line too
                for key in _INLINE_KEY.findall(value):
                    self._place(place, key, number)

    def _resolve(self, keys: list[str]) -> int:
        """A header's keys as a place, stepping into the latest entry of each array of tables."""
        place = 0
        for key in keys:
            place = self._place(place, key)
            if self._entries[place]:
                place = self._place(place, self._entries[place] - 1)
        return place


_INLINE_KEY = re.compile(r"([A-Za-z0-9_-]+)\s*=")


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
