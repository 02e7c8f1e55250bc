"""The verdict in plain words: one paragraph a support engineer can paste to the customer.

The sentences come from the wording files (`triage_<code>` keys in contract_templates/
scope.LANG.toml), so every language says the same thing and a vendor can change the tone without
touching the rules.
"""

from __future__ import annotations

from datetime import date

from quoter.domain.contract_terms import ContractTexts
from quoter.domain.display import date_text
from quoter.domain.policy import Clause, Policy
from quoter.domain.text import fill_template
from quoter.domain.triage import ScopeVerdict, Verdict


def clause_words(policy: Policy, clause: Clause, language: str, locale: str) -> str:
    """A clause's words in `language` as one paragraph, as a customer reads them: a dated
    release's clause with its release's name and its dates filled in."""
    values: dict[str, str] = {}
    for dated in policy.dated:
        if dated.clause.id == clause.id:
            release = policy.product.release(dated.release)
            values = {
                "release": release.name if release else dated.release,
                "full_support_until": date_text(dated.full_support_until, locale),
                "maintenance_until": date_text(dated.maintenance_until, locale),
            }
    return fill_template(" ".join(clause.text[language].split()), values)


def explanation(
    verdict: ScopeVerdict, wording: ContractTexts, locale: str, offer: str | None = None
) -> str:
    """Opening, the deciding findings' sentences with their clause ids, and a closing that names
    the offered services (`offer`, already formatted with prices) when the request is not covered.
    """
    sentences = [wording(f"triage_opening_{verdict.verdict.value}")]
    product = verdict.policy.product
    release = product.release(verdict.facts.release)
    common = {
        "product": product.name,
        "release": release.name if release else verdict.facts.release,
    }
    for finding in verdict.deciding:
        values = common | {
            name: date_text(value, locale) if isinstance(value, date) else value
            for name, value in finding.values.items()
        }
        if "category" in values:
            values["category"] = wording(f"category_{values['category']}")
        if "kind" in values:
            values["kind"] = wording(f"kind_{values['kind']}")
        sentences.append(wording(f"triage_{finding.code}", clause=finding.clause.id, **values))
    closing = f"triage_closing_{verdict.verdict.value}"
    if verdict.verdict is Verdict.OUT_OF_SCOPE and offer:
        sentences.append(wording(f"{closing}_offer", offer=offer))
    else:
        sentences.append(wording(closing))
    return " ".join(sentences)
