"""A small reader over parsed TOML/JSON data that collects every problem with its field path.

Each `Fields` view reads the keys of one table, checks types and ranges, and at `finish()` reports
every key it was not asked for: unknown keys are errors, so a misspelt key or a `discount` is never
silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from quoter.books.limits import DATA_FILE, Limits
from quoter.books.source import (
    BadNumber,
    SourceError,
    locate,
    odd_integers,
    parse_json,
    parse_toml,
    read_text,
)
from quoter.domain.problems import FieldPath, Problem, QuoterError
from quoter.domain.text import LANGUAGE_CODE, LocalizedText

LARGEST_NUMBER = 10**9
"""Bounds that keep every product of a price and a quantity far inside the exact money context."""
MOST_DECIMAL_PLACES = 6
EARLIEST_DATE = dt.date(1970, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)
LARGEST_WHOLE_NUMBER = 10**9

# C0 controls and DEL break documents; bidirectional overrides can make a contract show other
# words than it holds ("Trojan Source"). Tabs and line breaks are allowed in multi-line texts.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


Read = TypeVar("Read")


def read_data_file(
    path: Path,
    what: str,
    error: type[QuoterError],
    read: Callable[[Fields], Read | None],
    limits: Limits = DATA_FILE,
) -> Read:
    """What `read` makes of the table at the top of `path` (`.json` is JSON, anything else TOML),
    or `error` with every problem, located: "FILE: not a valid WHAT". The file is refused before
    it is parsed when it is larger or deeper than `limits` allow."""
    file = str(path)
    json = path.suffix.lower() == ".json"
    try:
        text = read_text(path, limits)
        data = parse_json(text, file, limits) if json else parse_toml(text, file, limits)
    except SourceError as failure:
        raise error(f"{file}: not a valid {what}", [failure.problem]) from None
    return read_data(data, text, file, what, error, read)


def read_data(
    data: Any,
    text: str,
    file: str,
    what: str,
    error: type[QuoterError],
    read: Callable[[Fields], Read | None],
) -> Read:
    """`read_data_file` for data already parsed from `text` (JSON when `file` ends in .json)."""
    collector = Collector()
    result = None
    if not isinstance(data, dict):
        collector.add((), f"the file holds {describe(data)}", "a table/object at the top level")
    else:
        result = read(Fields(data, (), collector))
    json = file.lower().endswith(".json")
    problems = collector.problems if json else odd_integers(text, file) + collector.problems
    if problems or result is None:
        raise error(f"{file}: not a valid {what}", locate(problems, text, file))
    return result


class Collector:
    """The problems found in one file, in the order found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: FieldPath, message: str, expected: str = "") -> None:
        self.problems.append(Problem(path, message, expected))


class Fields:
    """The keys of one table at `path`; every read is recorded so unknown keys can be reported."""

    def __init__(self, data: dict[str, Any], path: FieldPath, collector: Collector) -> None:
        self.data = data
        self.path = path
        self.collector = collector
        self._read: set[str] = set()

    def problem(self, key: str | None, message: str, expected: str = "") -> None:
        path = self.path if key is None else (*self.path, key)
        self.collector.add(path, message, expected)

    def format_one(self) -> None:
        """The file's `format = 1` line: the version of the file format it is written in."""
        value = self._get("format", True, "format = 1")
        if value is not None and (type(value) is not int or value != 1):
            self.problem("format", f"is {describe(value)}", "format = 1 (the only format so far)")

    def has(self, key: str) -> bool:
        self._read.add(key)
        return key in self.data

    def raw(self, key: str) -> Any:
        self._read.add(key)
        return self.data.get(key)

    def _get(self, key: str, required: bool, expected: str) -> Any:
        self._read.add(key)
        if key not in self.data:
            if required:
                self.problem(key, "is missing", expected)
            return None
        if self.data[key] is None:  # JSON null: present, and never what was meant
            self.problem(key, "is null", expected)
            return None
        return self.data[key]

    def text(
        self,
        key: str,
        *,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
        expected: str = "a text",
        multiline: bool = False,
        max_length: int = 10_000,
    ) -> str | None:
        value = self._get(key, required, expected)
        if value is None:
            return None
        return self.check_text(
            key,
            value,
            pattern=pattern,
            expected=expected,
            multiline=multiline,
            max_length=max_length,
        )

    def check_text(
        self,
        key: str | int,
        value: Any,
        *,
        pattern: re.Pattern[str] | None = None,
        expected: str = "a text",
        multiline: bool = False,
        max_length: int = 10_000,
    ) -> str | None:
        if not isinstance(value, str):
            self.collector.add((*self.path, key), f"is {describe(value)}", expected)
            return None
        text = value if value.isascii() else unicodedata.normalize("NFC", value)
        problem = _text_problem(text, pattern, expected, multiline, max_length)
        if problem is not None:  # the path is built only for a problem: this runs per text
            self.collector.add((*self.path, key), *problem)
            return None
        return text

    def integer(
        self,
        key: str,
        *,
        required: bool = True,
        minimum: int | None = None,
        maximum: int | None = None,
        default: int | None = None,
    ) -> int | None:
        expected = _range_text("a whole number", minimum, maximum)
        value = self._get(key, required, expected)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(key, f"is {describe(value)}", expected)
            return None
        if abs(value) >= LARGEST_WHOLE_NUMBER:
            self.problem(key, f"{value} is too large", f"less than {LARGEST_WHOLE_NUMBER:,}")
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.problem(key, f"{value} is out of range", expected)
            return None
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self._get(key, False, "true or false")
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(key, f"is {describe(value)}", "true or false")
            return default
        return value

    def decimal(
        self, key: str, *, required: bool = True, what: str = "amount", allow_negative: bool = False
    ) -> Decimal | None:
        """A decimal written as a plain TOML number (1500 or 1500.00), exact."""
        expected = f"a plain number like 1500 or 1500.00 for the {what}"
        value = self._get(key, required, expected)
        if value is None:
            return None
        return self.check_decimal(key, value, what=what, allow_negative=allow_negative)

    def check_decimal(
        self, key: str | int, value: Any, *, what: str = "amount", allow_negative: bool = False
    ) -> Decimal | None:
        path = (*self.path, key)
        expected = f"a plain number like 1500 or 1500.00 for the {what}"
        if isinstance(value, BadNumber):
            self.collector.add(path, f"'{value.text}' is not a plain decimal number", expected)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.collector.add(path, f"is {describe(value)}", expected)
            return None
        number = Decimal(value)
        if number.is_zero():
            number = number.copy_abs()  # -0.00 is 0.00: a document never shows "-$0.00"
        if abs(number) >= LARGEST_NUMBER:
            self.collector.add(
                path, f"{what} {number} is too large", f"less than {LARGEST_NUMBER:,}"
            )
            return None
        if number.as_tuple().exponent < -MOST_DECIMAL_PLACES:  # type: ignore[operator]
            self.collector.add(
                path,
                f"{what} {number} has too many decimal places",
                f"at most {MOST_DECIMAL_PLACES} decimal places",
            )
            return None
        if number < 0 and not allow_negative:
            self.collector.add(path, f"{what} {number} is negative", f"zero or more for the {what}")
            return None
        return number

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        expected = "a date like 2026-01-31 (no quotes, no time)"
        value = self._get(key, required, expected)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.problem(key, f"is {describe(value)}", expected)
            return None
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            self.problem(
                key,
                f"{value} is not a plausible date",
                f"a date from {EARLIEST_DATE} to {LATEST_DATE}",
            )
            return None
        return value

    def table(self, key: str, *, required: bool = True, expected: str = "a table") -> Fields | None:
        value = self._get(key, required, expected)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, f"is {describe(value)}", expected)
            return None
        return Fields(value, (*self.path, key), self.collector)

    def tables(
        self, key: str, *, required: bool = True, expected: str = "a list of tables"
    ) -> Iterator[Fields]:
        value = self._get(key, required, expected)
        if value is None:
            return
        if not isinstance(value, list):
            self.problem(key, f"is {describe(value)}", expected)
            return
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield Fields(item, (*self.path, key, index), self.collector)
            else:
                self.collector.add((*self.path, key, index), f"is {describe(item)}", expected)

    def texts(
        self, key: str, *, required: bool = False, expected: str = "a list of texts"
    ) -> list[str]:
        value = self._get(key, required, expected)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, f"is {describe(value)}", expected)
            return []
        sub = Fields({}, (*self.path, key), self.collector)
        checked = [
            sub.check_text(index, item, expected=expected) for index, item in enumerate(value)
        ]
        return [item for item in checked if item is not None]

    def localized(
        self,
        key: str,
        languages: tuple[str, ...],
        *,
        required: bool = True,
        multiline: bool = False,
    ) -> LocalizedText | None:
        """A text given once per language: `name.en = "..."`, `name.de = "..."`."""
        if not languages:  # the book's languages are wrong: that problem is reported already
            self._read.add(key)
            return None
        quick = self._plain_texts(key, languages, multiline)
        if quick is not None:
            return quick
        expected = "a text for each language: " + ", ".join(f"{key}.{lang}" for lang in languages)
        table = self.table(key, required=required, expected=expected)
        if table is None:
            return None
        texts: dict[str, str] = {}
        for language in languages:
            text = table.text(language, expected=f"the {language} text", multiline=multiline)
            if text is not None:
                texts[language] = text
        table.finish(f"only the file's languages ({', '.join(languages)})")
        # a missing language is reported above; what exists is kept, so later checks that need
        # this text (a choice, a unit) do not report problems that are not there
        return LocalizedText(texts) if texts else None

    def _plain_texts(
        self, key: str, languages: tuple[str, ...], multiline: bool
    ) -> LocalizedText | None:
        """The usual case at once: a table of exactly the languages, each a good text. Anything
        else returns None and goes the long way, which reports what is wrong."""
        raw = self.data.get(key)
        if type(raw) is not dict or len(raw) != len(languages):
            return None
        texts: dict[str, str] = {}
        for language in languages:
            value = raw.get(language)
            if type(value) is not str:
                return None
            text = value if value.isascii() else unicodedata.normalize("NFC", value)
            if _text_problem(text, None, "", multiline, 10_000) is not None:
                return None
            texts[language] = text
        self._read.add(key)
        return LocalizedText(texts)

    def localized_lists(self, key: str, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        """A list of texts per language: `deliverables.en = ["...", "..."]` (optional)."""
        if not languages:
            self._read.add(key)
            return {}
        table = self.table(key, required=False, expected="a list of texts for each language")
        if table is None:
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for language in languages:
            result[language] = tuple(table.texts(language, required=True))
        table.finish(f"only the file's languages ({', '.join(languages)})")
        return result

    def finish(self, expected: str | None = None) -> None:
        """Report every key of this table that nobody read: it is unknown here."""
        for key in self.data:
            if key not in self._read:
                known = expected or "one of: " + ", ".join(sorted(self._read))
                self.problem(key, f"unknown key '{key}'", known)


def read_languages(top: Fields) -> tuple[str, ...]:
    """A file's `languages = ["en", "de"]`: the languages each of its texts must be given in."""
    codes = top.texts("languages", required=True, expected='language codes like "en"')
    if not codes and isinstance(top.raw("languages"), list):
        top.problem("languages", "is empty", 'at least one language, e.g. ["en", "de"]')
    good: list[str] = []
    for code in codes:
        if not LANGUAGE_CODE.fullmatch(code):
            top.problem(
                "languages",
                f"'{code}' is not a language code",
                'two or three lower-case letters like "en"',
            )
        elif code in good:
            top.problem("languages", f"'{code}' is listed twice", "each language once")
        else:
            good.append(code)
    return tuple(good)


def _text_problem(
    text: str, pattern: re.Pattern[str] | None, expected: str, multiline: bool, max_length: int
) -> tuple[str, str] | None:
    """What is wrong with a text (message, expectation), or None."""
    control = (_CONTROL if multiline else _CONTROL_OR_NEWLINE).search(text)
    if control:
        where = "line break" if control.group() == "\n" else "control character"
        return (
            f"contains a {where} (code {ord(control.group())})",
            "plain text" + ("" if multiline else " on one line"),
        )
    if not _visible(text):
        return "is empty or shows nothing", expected
    if len(text) > max_length:
        return f"is {len(text)} characters long", f"at most {max_length}"
    if pattern is not None and not pattern.fullmatch(text):
        return f"'{text}' is not valid", expected
    return None


def _visible(text: str) -> bool:
    """True when the text shows something: not only spaces and invisible format characters."""
    if text.isascii():
        return not text.isspace()  # the usual case, without a look at each character
    return any(
        not char.isspace() and unicodedata.category(char) not in ("Cf", "Zs") for char in text
    )


def describe(value: Any) -> str:
    """What kind of value the file holds, in words ('a number', 'a text "abc"'...)."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a true/false value)"
    if isinstance(value, BadNumber):
        return f"'{value.text}', not a plain decimal number"
    if isinstance(value, (int, Decimal)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{shown}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    if value is None:
        return "null"
    return "a value of another kind"


def _range_text(what: str, minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"{what} from {minimum} to {maximum}"
    if minimum is not None:
        return f"{what} of at least {minimum}"
    if maximum is not None:
        return f"{what} of at most {maximum}"
    return what
