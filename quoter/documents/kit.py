"""The contract kit: everything a document needs besides its content (layouts, wording, vendor,
standard terms)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quoter.domain.contract_terms import ContractTexts, StandardTerms, VendorProfile

REFERENCE_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class ContractKit:
    """Everything a contract needs besides the quote: layouts, wording, vendor and terms."""

    template_dir: Path
    resources_dir: Path
    texts: dict[str, ContractTexts]
    vendor: VendorProfile
    terms: StandardTerms

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)

    def logo(self) -> str | None:
        return str(self.resources_dir / self.vendor.logo) if self.vendor.logo else None
