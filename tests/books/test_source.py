from quoter.books.source import TomlLines

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
