"""Reading the contract's data files: the vendor profile, the standard terms and the wording.

Each file is validated like a price book: every problem at once, with file, line and field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quoter.books.fields import Collector, Fields
from quoter.books.source import SourceError, locate, parse_toml, read_text
from quoter.domain.contract_terms import (
    ContractTexts,
    DocumentError,
    StandardTerms,
    TermsClause,
    VendorProfile,
)
from quoter.domain.problems import Problem
from quoter.domain.text import (
    LANGUAGE_CODE,
    Placeholder,
    PlaceholderSyntaxError,
    parse_template,
    placeholder_names,
)

CLAUSE_ID = re.compile(r"[a-z][a-z0-9_]*")
TEXT_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _load(path: Path, what: str) -> tuple[str, dict[str, Any]]:
    try:
        text = read_text(path)
        return text, parse_toml(text, str(path))
    except SourceError as error:
        raise DocumentError(f"{path}: not a valid {what}", [error.problem]) from None


def _raise_if(problems: list[Problem], text: str, path: Path, what: str) -> None:
    if problems:
        raise DocumentError(f"{path}: not a valid {what}", locate(problems, text, str(path)))


def read_vendor(path: Path, languages: tuple[str, ...]) -> VendorProfile:
    """The vendor profile, with its texts in each of `languages`."""
    text, data = _load(path, "vendor profile")
    collector = Collector()
    top = Fields(data, (), collector)
    top.format_one()
    legal_name = top.text("legal_name", expected="the vendor's full legal name")
    address = top.localized_lists("address", languages)
    registration = top.localized("registration", languages)
    tax_id = top.text("tax_id", expected="the vendor's VAT or tax id")
    logo = top.text("logo", required=False, expected="a PNG file name in resources/")
    if logo is not None and ("/" in logo or "\\" in logo or not logo.lower().endswith(".png")):
        top.problem("logo", f"'{logo}' is not a PNG file name", "a file name like logo.png")
    elif logo is not None and not (path.parent / logo).is_file():
        top.problem(
            "logo", f"there is no file {path.parent / logo}", "a PNG file beside vendor.toml"
        )
    signatory = top.table("signatory", expected="a [signatory] table with name and title")
    name = title = None
    if signatory is not None:
        name = signatory.text("name", expected="the vendor's signatory")
        title = signatory.localized("title", languages)
        signatory.finish()
    top.finish()
    if not address and top.has("address") is False:
        top.problem("address", "is missing", "address.LANG = [lines] for each language")
    _raise_if(collector.problems, text, path, "vendor profile")
    assert legal_name and registration and tax_id and name and title
    return VendorProfile(legal_name, address, registration, tax_id, name, title, logo)


def read_terms(path: Path, languages: tuple[str, ...]) -> StandardTerms:
    """The standard terms, with every clause in each of `languages`."""
    text, data = _load(path, "standard terms file")
    collector = Collector()
    top = Fields(data, (), collector)
    top.format_one()
    name = top.localized("name", languages)
    version = top.text("version", expected="the terms' version, e.g. 2026-01")
    dated = top.date("date")
    clauses = []
    for entry in top.tables("clauses", expected="one [[clauses]] table per clause"):
        clause_id = entry.text("id", pattern=CLAUSE_ID, expected="a lower-case id")
        heading = entry.localized("heading", languages)
        body = entry.localized("text", languages, multiline=True)
        entry.finish()
        if clause_id and heading and body:
            clauses.append(TermsClause(clause_id, heading, body))
    top.finish()
    _raise_if(collector.problems, text, path, "standard terms file")
    assert name and version and dated
    return StandardTerms(name, version, dated, tuple(clauses))


def read_texts(path: Path, reference: ContractTexts | None = None) -> ContractTexts:
    """A wording file; with `reference` (the English file), it must have exactly the same keys and
    the same placeholders in each text, so no language can drift from the others."""
    text, data = _load(path, "contract wording file")
    collector = Collector()
    top = Fields(data, (), collector)
    top.format_one()
    language = top.text("language", pattern=LANGUAGE_CODE, expected='a language code like "en"')
    table = top.table("texts", expected="a [texts] table of key = text")
    texts: dict[str, str] = {}
    if table is not None:
        for key in list(table.data):
            value = table.text(key, expected="a text")
            if not TEXT_KEY.fullmatch(key):
                table.problem(key, f"'{key}' is not a valid key", "lower-case letters, digits, _")
            elif value is not None:
                texts[key] = value
        for key, value in texts.items():
            try:
                names = placeholder_names(value)
            except PlaceholderSyntaxError as error:
                table.problem(key, f"placeholder syntax: {error}")
                continue
            every_use = [s.name for s in parse_template(value) if isinstance(s, Placeholder)]
            if key == "page_of" and every_use != ["page", "pages"]:
                used = ", ".join(f"{{{name}}}" for name in every_use) or "no placeholder"
                table.problem(
                    key,
                    f"uses {used}: the page footer needs {{page}} and then {{pages}}, once each",
                    'a text like "Page {page} of {pages}"',
                )
            if reference is not None and key in reference.texts:
                wanted = sorted(placeholder_names(reference.texts[key]))
                if sorted(names) != wanted:
                    table.problem(
                        key,
                        f"uses placeholders {sorted(names)}, "
                        f"the {reference.language} text {wanted}",
                        "the same placeholders in every language",
                    )
        if reference is not None:
            for key in reference.texts:
                if key not in texts and key not in table.data:
                    table.problem(
                        key, "is missing", f"a translation of the {reference.language} text"
                    )
            for key in texts:
                if key not in reference.texts:
                    table.problem(
                        key, f"is not in the {reference.language} wording", "the same keys"
                    )
    top.finish()
    if path.stem.endswith(f".{language}") is False and language is not None:
        top.problem(
            "language",
            f"'{language}' does not match the file name {path.name}",
            f"texts.{language}.toml",
        )
    _raise_if(collector.problems, text, path, "contract wording file")
    assert language
    return ContractTexts(language, texts, str(path))


def read_wordings(folder: Path, stem: str, reference: str = "en") -> dict[str, ContractTexts]:
    """Every `STEM.LANG.toml` in `folder`, the `reference` language's first: each other language
    is checked against it (the same keys, the same placeholders in each text)."""
    first = read_texts(folder / f"{stem}.{reference}.toml")
    wordings = {reference: first}
    for path in sorted(folder.glob(f"{stem}.*.toml")):
        language = path.name.split(".")[1]
        if language != reference:
            wordings[language] = read_texts(path, first)
    return wordings
