"""Reading data files exactly, and finding the line of a field, in linear time."""

from __future__ import annotations

from pathlib import Path

import pytest

from quoter.books.limits import FACTS
from quoter.books.source import SourceError, TomlLines, _code_parts, parse_toml, read_text

TEXT = '''\
format = 1
title.en = """
a multi-line text with
fake = "assignments"
[[and headers]]
"""

[tax]
percent = 19

[[services]]
code = "A"

[[services.parameters]]
name = "x"
choices = [
  { value = "S" },
]

[[services.parameters]]
name = "y"

[services.pricing]
prices = { S = 1, M = 2 }

[[services]]
code = "B"
"quoted.key" = 3
'''


def test_lines_of_fields_through_tables_arrays_and_multiline_strings() -> None:
    lines = TomlLines(TEXT)
    assert lines.line_of(("format",)) == 1
    assert lines.line_of(("title", "en")) == 2
    assert lines.line_of(("tax", "percent")) == 9
    assert lines.line_of(("services", 0, "code")) == 12
    assert lines.line_of(("services", 0, "parameters", 0, "name")) == 15
    assert lines.line_of(("services", 0, "parameters", 0, "choices", 0, "value")) == 16
    assert lines.line_of(("services", 0, "parameters", 1, "name")) == 21
    assert lines.line_of(("services", 0, "pricing", "prices", "M")) == 24
    assert lines.line_of(("services", 1, "code")) == 27
    assert lines.line_of(("services", 1, "quoted.key")) == 28
    assert lines.line_of(("services", 1, "missing")) == 26
    assert lines.line_of(("nothing",)) is None


def test_a_header_of_100000_keys_is_placed_at_once() -> None:
    """Issue 19: finding this line took 31 s (each key's path was built from the one before)."""
    keys = ["a"] * 100_000
    lines = TomlLines("format = 1\n[" + ".".join(keys) + "]\nx = 1\n")
    assert lines.line_of((*keys, "x")) == 3
    assert lines.line_of(tuple(keys)) == 2
    assert lines.line_of(("format",)) == 1


def test_strings_are_blanked_whatever_their_quotes() -> None:
    text = (
        "a = 'x' # c\n"
        'b = "q\\"uote" + 1\n'
        'c = """two ""quotes"" inside""""\n'
        "d = '''\n"
        "e = 1\n"
        "''' # after\n"
        'f = "never closed\n'
        "g = 2\n"
    )
    assert _code_parts(text) == [
        ("a =   ", False),  # the string is one blank, the comment is gone
        ("b =   + 1", False),
        ("c =  ", False),
        ("d =  ", False),
        ("", True),
        (" ", True),
        ("f =  ", False),
        ("g = 2", False),
        ("", False),
    ]


def test_read_text_reads_no_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_bytes(b"\xef\xbb\xbfa = 1\n")
    assert read_text(path, FACTS) == "a = 1\n"
    path.write_bytes(b"#" * (FACTS.max_bytes + 1))
    with pytest.raises(SourceError, match="too large for a facts file"):
        read_text(path, FACTS)
    path.write_bytes(b"a = 1\n\xff\n")
    with pytest.raises(SourceError) as error:
        read_text(path)
    assert error.value.problem.line == 2


def test_the_parser_giving_up_is_located() -> None:
    text = "a = 1\n\nb = " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(SourceError) as error:
        parse_toml(text, "f.toml")  # a vendor's file: only the parser's failure starts the scan
    assert error.value.problem.line == 3
    assert "nested more than 32 levels deep" in error.value.problem.message
