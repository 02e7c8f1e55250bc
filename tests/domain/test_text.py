import pytest

from quoter.domain.text import (
    LocalizedText,
    MissingLanguageError,
    PlaceholderSyntaxError,
    fill_template,
    placeholder_names,
)


def test_placeholders_are_filled_literally() -> None:
    text = "Port {driver} to {board}; {{literal}} stays."
    values = {"driver": "eth {board}", "board": "{{ 7*7 }}"}
    assert fill_template(text, values) == "Port eth {board} to {{ 7*7 }}; {literal} stays."


def test_placeholder_names_in_order_of_first_use() -> None:
    assert placeholder_names("{b} and {a} and {b}") == ["b", "a"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("open { brace", 6),
        ("lone } brace", 6),
        ("{Upper}", 1),
        ("{with space}", 1),
        ("{0}", 1),
        ("{a.b}", 1),
        ("{}", 1),
        ("end {", 5),
    ],
)
def test_anything_but_the_grammar_is_an_error(text: str, where: int) -> None:
    with pytest.raises(PlaceholderSyntaxError) as error:
        placeholder_names(text)
    assert error.value.position + 1 == where


def test_localized_text_names_the_missing_language() -> None:
    text = LocalizedText({"en": "Backport", "de": "Rückportierung"})
    assert text["de"] == "Rückportierung"
    with pytest.raises(MissingLanguageError, match=r"'fr'.*de, en"):
        text["fr"]
