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


_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9_]*)\}|[{}]")


def parse_template(template: str) -> tuple[Segment, ...]:
    """Split a scope text into literal text and placeholders, or raise `PlaceholderSyntaxError`."""
    if "{" not in template and "}" not in template:
        return (Literal(template),) if template else ()
    segments: list[Segment] = []
    literal: list[str] = []
    position = 0
    for match in _TOKEN.finditer(template):
        literal.append(template[position : match.start()])
        token = match.group()
        if token == "{{":
            literal.append("{")
        elif token == "}}":
            literal.append("}")
        elif match.group(1):
            if any(literal):
                segments.append(Literal("".join(literal)))
            literal = []
            segments.append(Placeholder(match.group(1)))
        else:
            raise _brace_error(template, match.start())
        position = match.end()
    literal.append(template[position:])
    if any(literal):
        segments.append(Literal("".join(literal)))
    return tuple(segments)


def _brace_error(template: str, at: int) -> PlaceholderSyntaxError:
    if template[at] == "}":
        return PlaceholderSyntaxError(at, "a lone '}' (write '}}' for a literal brace)")
    end = template.find("}", at + 1)
    shown = template[at : end + 1] if end != -1 else template[at : at + 20]
    return PlaceholderSyntaxError(
        at,
        f"'{shown}' is not a placeholder: expected '{{name}}' with a lower-case "
        "parameter name, or '{{' for a literal brace",
    )


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
