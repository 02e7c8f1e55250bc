"""The size and shape limits checked before a data file is parsed."""

from __future__ import annotations

import pytest

from quoter.books.limits import (
    DEEPEST,
    FACTS,
    LONGEST_NUMBER,
    MIB,
    MOST_KEY_PARTS,
    shape_problem,
    size_problem,
    size_text,
)


def toml_problem(text: str, *, thorough: bool = True) -> str | None:
    problem = shape_problem(text, "f.toml", in_json=False, thorough=thorough)
    return None if problem is None else str(problem)


def json_problem(text: str) -> str | None:
    problem = shape_problem(text, "f.json", in_json=True, thorough=True)
    return None if problem is None else str(problem)


def test_quoters_own_shapes_pass() -> None:
    text = (
        'format = 1\n[customer.signatory]\nname = "A"\n[[lines]]\n'
        "parameters = { a = 1, b = [1, [2, {c = 3}]] }\nquantity = 1.5\n"
    )
    assert toml_problem(text) is None
    assert json_problem('{"a": [1, 2.5, {"b": [true, null, -3e5]}]}') is None


def test_a_long_header_is_refused_on_its_line() -> None:
    header = "[" + ".".join(["a"] * (MOST_KEY_PARTS + 1)) + "]"
    assert toml_problem(f"format = 1\n\n{header}\n") == (
        f"f.toml:3: has a key or table header of more than {MOST_KEY_PARTS} dotted parts "
        f"(expected keys of at most {MOST_KEY_PARTS} parts, like [customer.signatory])"
    )
    assert toml_problem("[" + ".".join(["a"] * MOST_KEY_PARTS) + "]\n") is None


@pytest.mark.parametrize(
    "key",
    [
        ".".join(["a"] * 20) + " = 1",
        " . ".join(['"a b"'] * 20) + " = 1",
        "x = { " + ".".join(["k"] * 20) + " = 1 }",
        "[[" + ".".join(["'q'"] * 20) + "]]",
    ],
)
def test_long_dotted_keys_of_every_kind_are_refused(key: str) -> None:
    assert "dotted parts" in (toml_problem(f"a = 1\n{key}\n") or "")
    assert "f.toml:2:" in (toml_problem(f"a = 1\n{key}\n", thorough=False) or "")


def test_dots_inside_strings_and_comments_are_text() -> None:
    dotted = ".".join(["a"] * 40)
    text = (
        f"a = \"{dotted}\"\nb = '{dotted}'\n# {dotted}\n"
        f"c = \"\"\"\n{dotted}\n\"\"\"\nd = '''{dotted}'''\n"
    )
    assert toml_problem(text) is None
    assert toml_problem(text, thorough=False) is None


def test_deep_nesting_is_refused() -> None:
    deep = "[" * (DEEPEST + 1) + "]" * (DEEPEST + 1)
    assert toml_problem(f'a = "["\n\nx = {deep}\n') == (
        f"f.toml:3: is nested more than {DEEPEST} levels deep "
        f"(expected tables and lists nested at most {DEEPEST} deep)"
    )
    assert json_problem('{"a": "[[[[",\n "b": ' + deep + "}") is not None
    assert json_problem("[" * DEEPEST + "]" * DEEPEST) is None
    assert "f.json:2:" in (json_problem("{\n" + "[" * 100_000) or "")


def test_numbers_with_too_many_digits_are_refused() -> None:
    digits = "9" * (LONGEST_NUMBER + 1)
    assert toml_problem(f"a = 1\nb = {digits}\n") == (
        f"f.toml:2: has a number {LONGEST_NUMBER + 1} characters long "
        f"(expected numbers of at most {LONGEST_NUMBER} characters)"
    )
    assert "number" in (toml_problem(f"b = 0.{digits}\n") or "")
    assert "number" in (json_problem(f'{{"a": -{digits}}}') or "")
    assert toml_problem(f'b = "{digits}"\n') is None
    assert json_problem(f'{{"a": "{digits}"}}') is None


def test_lines_are_counted_through_multi_line_strings() -> None:
    text = 'a = """\none\ntwo\n"""\n' + "b = " + "[" * 40 + "\n"
    assert (toml_problem(text) or "").startswith("f.toml:5:")


def test_an_unclosed_string_costs_no_backtracking() -> None:
    assert toml_problem('a = """' + "x\\" * 50_000) is None
    assert json_problem('"' + "\\x" * 50_000) is None


def test_a_vendor_file_is_scanned_only_when_a_long_key_shows() -> None:
    deep = "x = " + "[" * 40 + "]" * 40 + "\n"
    assert toml_problem(deep, thorough=False) is None  # left to the parser, which stops early
    assert toml_problem(deep + "[" + ".".join("a" * 20) + "]\n", thorough=False) is not None


def test_sizes() -> None:
    assert size_text(MIB) == "1 MiB" and size_text(1000) == "1,000 bytes"
    assert size_problem(MIB, FACTS, "f") is None
    assert str(size_problem(MIB + 1, FACTS, "f")) == (
        "f: is 1,048,577 bytes long, too large for a facts file "
        "(expected a facts file of at most 1 MiB)"
    )
