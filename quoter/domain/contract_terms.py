"""What a contract says besides the quote: the vendor, its standard terms, and the fixed wording.

All of it is data, per language, read from `resources/` and `contract_templates/`; the contract
builder combines it with a priced quote. The words live once: DOCX and PDF are layouts of the same
document built from these texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from quoter.domain.problems import QuoterError
from quoter.domain.text import LocalizedText, PlaceholderSyntaxError, fill_template


class DocumentError(QuoterError):
    """A document cannot be built or rendered (template, wording or resource problem)."""


@dataclass(frozen=True, slots=True)
class VendorProfile:
    legal_name: str
    address: Mapping[str, tuple[str, ...]]
    registration: LocalizedText
    tax_id: str
    signatory_name: str
    signatory_title: LocalizedText
    logo: str | None = None
    """A file name in resources/, or None for no logo."""


@dataclass(frozen=True, slots=True)
class TermsClause:
    id: str
    heading: LocalizedText
    text: LocalizedText


@dataclass(frozen=True, slots=True)
class StandardTerms:
    name: LocalizedText
    version: str
    dated: date
    clauses: tuple[TermsClause, ...]


@dataclass(frozen=True, slots=True)
class ContractTexts:
    """The fixed wording of a contract in one language, by key (contract_templates/texts.*.toml)."""

    language: str
    texts: Mapping[str, str]
    source: str = ""

    def __call__(self, key: str, **values: str) -> str:
        """The text for `key` with its `{placeholders}` filled from `values`."""
        try:
            template = self.texts[key]
        except KeyError:
            raise DocumentError(
                f"{self.source}: the wording has no text '{key}' (language {self.language})"
            ) from None
        try:
            return fill_template(template, values)
        except KeyError as missing:
            raise DocumentError(
                f"{self.source}: text '{key}' uses {{{missing.args[0]}}}, which this document "
                f"does not provide (it provides: {', '.join(sorted(values)) or 'nothing'})"
            ) from None
        except PlaceholderSyntaxError as error:
            raise DocumentError(f"{self.source}: text '{key}': {error}") from None
