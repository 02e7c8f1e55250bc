"""Texts in several languages, and the strict `{name}` placeholder grammar of scope texts.

Placeholder grammar (docs/price-books.md): `{name}` inserts the value of parameter `name` (`name` is
a lower-case letter followed by lower-case letters, digits or underscores); `{{` is a literal `{`
and `}}` a literal `}`; any other brace is an error. Values are inserted as text and never
interpreted again, so a customer's `{x}` or `{{ 7*7 }}` stays exactly that. `str.format` is never
used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

PLACEHOLDER_NAME = re.compile(r"[a-z][a-z0-9_]*")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


class PlaceholderSyntaxError(ValueError):
    """A brace in a scope text that is neither `{name}`, `{{` nor `}}`."""

    def __init__(self, position: int, problem: str) -> None:
        super().__init__(f"at character {position + 1}: {problem}")
        self.position = position
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Literal:
    text: str


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str


Segment = Literal | Placeholder


def parse_template(template: str) -> tuple[Segment, ...]:
    """Split a scope text into literal text and placeholders, or raise `PlaceholderSyntaxError`."""
    segments: list[Segment] = []
    literal: list[str] = []
    i = 0
    while i < len(template):
        char = template[i]
        if char == "}":
            if template.startswith("}}", i):
                literal.append("}")
                i += 2
                continue
            raise PlaceholderSyntaxError(i, "a lone '}' (write '}}' for a literal brace)")
        if char != "{":
            literal.append(char)
            i += 1
            continue
        if template.startswith("{{", i):
            literal.append("{")
            i += 2
            continue
        end = template.find("}", i + 1)
        name = template[i + 1 : end] if end != -1 else ""
        if end == -1 or not PLACEHOLDER_NAME.fullmatch(name):
            shown = template[i : end + 1] if end != -1 else template[i : i + 20]
            raise PlaceholderSyntaxError(
                i,
                f"'{shown}' is not a placeholder: expected '{{name}}' with a lower-case "
                "parameter name, or '{{' for a literal brace",
            )
        if literal:
            segments.append(Literal("".join(literal)))
            literal = []
        segments.append(Placeholder(name))
        i = end + 1
    if literal:
        segments.append(Literal("".join(literal)))
    return tuple(segments)


def placeholder_names(template: str) -> list[str]:
    """The parameter names a scope text uses, in order of first use."""
    names: list[str] = []
    for segment in parse_template(template):
        if isinstance(segment, Placeholder) and segment.name not in names:
            names.append(segment.name)
    return names


def fill_template(template: str, values: Mapping[str, str]) -> str:
    """The scope text with each `{name}` replaced by `values[name]`, inserted literally."""
    parts: list[str] = []
    for segment in parse_template(template):
        if isinstance(segment, Literal):
            parts.append(segment.text)
        else:
            parts.append(values[segment.name])
    return "".join(parts)


class MissingLanguageError(LookupError):
    """Asked for a text in a language the data does not carry."""


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """One text in each language the data carries, e.g. {'en': 'Backport', 'de': '...'}."""

    by_language: Mapping[str, str]

    def __getitem__(self, language: str) -> str:
        try:
            return self.by_language[language]
        except KeyError:
            have = ", ".join(sorted(self.by_language))
            raise MissingLanguageError(
                f"no text in language '{language}' (this text has: {have})"
            ) from None

    def languages(self) -> Iterator[str]:
        return iter(self.by_language)
