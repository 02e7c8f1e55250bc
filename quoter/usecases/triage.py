"""Triage a support request against the product's scope-of-support policy.

The verdict, its clauses and the explanation come from the pure domain function; this use case finds
the policy in force, the wording in the request's language and the price book in force, prices the
proposed services with the pricing engine, and turns an out-of-scope request into a quote request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from quoter.books.digest import canonical_number
from quoter.books.facts_file import facts_to_data, read_facts
from quoter.books.priced_quote_json import request_to_data
from quoter.books.source import locate, read_text
from quoter.books.toml_writer import to_toml
from quoter.data.library import Library, wording_for
from quoter.domain.contract_terms import ContractTexts
from quoter.domain.display import money_text, number_text
from quoter.domain.explain import clause_words, explanation
from quoter.domain.policy import Policy, PolicyRef, RequestKind, ServiceProposal
from quoter.domain.pricebook import PriceBook
from quoter.domain.pricing import document_locale, price_request
from quoter.domain.problems import (
    PolicyError,
    PriceBookError,
    PricingError,
    Problem,
    QuoterError,
)
from quoter.domain.provenance import QuoteBlocker, is_quotable_triage, quote_blocker
from quoter.domain.quote import Customer, PricedQuote, QuoteRequest, Signatory, TriageOrigin
from quoter.domain.text import MissingLanguageError
from quoter.domain.triage import TOP_LEVEL_FACTS, Facts, ScopeVerdict, TriageError, Verdict, triage
from quoter.files import write_atomically
from quoter.usecases.context import AppContext
from quoter.usecases.policy import fitting

_NO_CUSTOMER = Customer("-", ("-",), Signatory("-", "-"))
"""Stands in when the facts name no customer: prices do not depend on who buys."""


@dataclass(frozen=True, slots=True)
class TriageResult:
    verdict: ScopeVerdict
    language: str
    locale: str
    wording: ContractTexts
    explanation: str
    clauses: tuple[tuple[str, str], ...]
    """The deciding clauses quoted: (id, words in the result's language)."""
    book: PriceBook | None
    """The price book in force on the day, when the request is out of scope."""
    priced: PricedQuote | None
    """The proposal priced by the engine, when it is complete."""
    unpriced: QuoterError | None = None
    """Why a complete proposal has no price (no book in force, a fact the book does not sell)."""
    quotable: bool = True
    """False for a preview: a triage as on another day than today, or under a policy that is not
    the product's policy in force (a draft policy file). Only today's can become a quote."""

    @property
    def policy(self) -> Policy:
        return self.verdict.policy


def policy_for(context: AppContext, product_id: str, day: date | None = None) -> Policy:
    """The product's policy in force on `day` (default today), once its proposals fit its book."""
    library = context.library
    return fitting(library.policy_in_force(product_id, day or context.today()), library)


def triage_facts(
    context: AppContext,
    facts: Facts,
    *,
    policy: Policy | None = None,
    day: date | None = None,
    language: str | None = None,
) -> TriageResult:
    """The verdict on `facts` under `policy` (default: the product's policy in force on `day`),
    on `day` (default today), explained in `language` (default: the facts', else the policy's
    first). Problems name the fact to change (`ask.tier`, `language`...), not a file."""
    library = context.library
    today = context.today()
    day = day or today
    policy = fitting(policy, library) if policy else policy_for(context, facts.product, day)
    try:
        verdict = triage(policy, facts, day)
    except TriageError as error:
        problem = Problem(error.path, str(error), "facts that fit the policy on this day")
        raise PolicyError("the facts do not fit the policy", [problem]) from None
    chosen = language or facts.language or policy.languages[0]
    if chosen not in policy.languages:
        message = f"the policy {policy.id} {policy.version} has no texts in '{chosen}'"
        expected = "one of: " + ", ".join(policy.languages)
        if language is None and facts.language:  # the facts asked for it
            problem = Problem(("language",), message, expected)
            raise PolicyError("no explanation in this language", [problem])
        raise PolicyError(f"{message} (expected {expected})")
    language = chosen
    wording = wording_for(library.scope_wording(), language)
    book = priced = unpriced = None
    locale = language
    if verdict.verdict is Verdict.OUT_OF_SCOPE and verdict.proposal:
        try:
            book = _selling_book(library, verdict, day)
            locale = document_locale(language, book.locale)
            if not verdict.missing:
                request = _request(verdict, book, language, facts.customer or _NO_CUSTOMER)
                priced = _priced(request, book, verdict)
        except (PriceBookError, PolicyError) as error:
            unpriced = error  # the verdict stands; the proposal says why it has no price
    offer = _offer(priced, locale, wording) if priced is not None else None
    try:
        text = explanation(verdict, wording, locale, offer)
        quoted = tuple(
            (clause.id, clause_words(policy, clause, language, locale))
            for clause in verdict.clauses
        )
    except MissingLanguageError as error:
        raise PolicyError(f"{policy.source}: {error}") from None
    quotable = is_quotable_triage(policy.ref, _in_force(policy, library, day), day, today)
    return TriageResult(
        verdict, language, locale, wording, text, quoted, book, priced, unpriced, quotable
    )


def read_facts_file(
    context: AppContext,
    facts_file: Path,
    *,
    day: date | None = None,
    policy_file: Path | None = None,
) -> tuple[Facts, Policy]:
    """The facts in `facts_file` and the policy they are read against: the one in `policy_file`,
    or the product's policy in force on `day`."""
    library = context.library

    def find_policy(product_id: str) -> Policy:
        if policy_file is not None:
            return fitting(library.read_policy(policy_file), library)
        return policy_for(context, product_id, day)

    return read_facts(facts_file, find_policy)


def triage_file(
    context: AppContext,
    facts_file: Path,
    *,
    day: date | None = None,
    language: str | None = None,
    policy_file: Path | None = None,
) -> TriageResult:
    """`triage_facts` on the facts in `facts_file`, with every problem placed in that file."""
    facts, policy = read_facts_file(context, facts_file, day=day, policy_file=policy_file)
    try:
        result = triage_facts(context, facts, policy=policy, day=day, language=language)
    except (PolicyError, PriceBookError) as error:
        raise in_facts_file(error, facts_file) from None
    if result.unpriced is not None:
        result = replace(result, unpriced=in_facts_file(result.unpriced, facts_file))
    return result


def _in_force(policy: Policy, library: Library, day: date) -> PolicyRef | None:
    """The ref of the product's published policy in force on `day`, if there is one."""
    try:
        return library.policy_in_force(policy.product.id, day).ref
    except PolicyError:
        return None


def in_facts_file(error: QuoterError, facts_file: Path) -> QuoterError:
    """The error with its unplaced problems (the facts' `book`, say) placed in the facts file."""
    if not error.problems or all(problem.file for problem in error.problems):
        return error
    located = locate(list(error.problems), read_text(facts_file), str(facts_file))
    return type(error)(f"{facts_file}: {error.summary}", located)


def _selling_book(library: Library, verdict: ScopeVerdict, day: date) -> PriceBook:
    book = library.book_in_force(verdict.book, day)
    product = verdict.policy.product
    if book.product != product.id:
        raise PolicyError(
            f"the price book {book.id} sells services for '{book.product}', not for {product.name}"
        )
    return book


def _priced(request: QuoteRequest, book: PriceBook, verdict: ScopeVerdict) -> PricedQuote:
    try:
        return price_request(request, book, verdict.policy.product, verdict.day, preview=True)
    except PricingError as error:
        raise _in_facts_terms(error, verdict) from None


def _in_facts_terms(error: PricingError, verdict: ScopeVerdict) -> PolicyError:
    """A pricing problem of the proposed request, placed at the fact it came from (a tier the book
    does not sell is the facts' `ask.tier`, not a request line the engineer never wrote)."""
    problems = []
    for problem in error.problems:
        path = problem.path
        fact = None
        if len(path) >= 3 and path[0] == "lines" and isinstance(path[1], int):
            proposal = verdict.proposal[path[1]]
            mapping = _proposal_mapping(verdict, proposal.kind)
            if path[2] == "parameters" and len(path) > 3:
                fact = mapping.parameters.get(str(path[3])) if mapping else None
            elif path[2] == "quantity" and mapping and isinstance(mapping.quantity, str):
                fact = mapping.quantity
        if fact is None:
            problems.append(problem)
        else:
            problems.append(replace(problem, path=_fact_path(fact, verdict.facts)))
    return PolicyError("the proposed services cannot be priced from these facts", problems)


def _proposal_mapping(verdict: ScopeVerdict, kind: RequestKind) -> ServiceProposal | None:
    clause = verdict.policy.request_clause(kind)
    return clause.proposal if clause else None


def _fact_path(fact: str, facts: Facts) -> tuple[str, ...]:
    """Where a fact is written in a facts file."""
    if fact in TOP_LEVEL_FACTS:
        return (fact,)
    if fact == "topic" and "topic" not in facts.ask.details:
        return ("summary",)  # the topic defaults to the summary
    return ("ask", fact)


def _request(
    verdict: ScopeVerdict, book: PriceBook, language: str, customer: Customer
) -> QuoteRequest:
    policy = verdict.policy
    return QuoteRequest(
        customer=customer,
        book=book.id,
        lines=tuple(proposed.line for proposed in verdict.proposal),
        language=language if language in book.languages else None,
        reference=verdict.facts.ticket,
        triage=TriageOrigin(policy.id, policy.version, policy.ref.digest),
    )


def _offer(priced: PricedQuote, locale: str, wording: ContractTexts) -> str:
    """The priced services as one phrase, each with its quantity when not 1 and its net total,
    and the tax the invoice adds, if the book has one."""
    offer = "; ".join(
        (
            ""
            if line.quantity == 1
            else f"{number_text(line.quantity, locale)} \N{MULTIPLICATION SIGN} "
        )
        + f"{line.name} ({line.service_code}), {money_text(line.total, locale)}"
        for line in priced.lines
    )
    if priced.tax is None:
        return offer
    return wording(
        "triage_offer_plus_tax",
        offer=offer,
        tax_label=priced.tax.label,
        tax_percent=number_text(priced.tax.percent, locale),
    )


def quote_request(result: TriageResult, today: date | None = None) -> QuoteRequest:
    """The quote request for an out-of-scope result: what pricing and contracts take. Refused,
    saying why, when there is nothing to quote or a fact is missing (see `quote_blocker`), and,
    given `today`, when the triage was made on another day (a result kept past midnight)."""
    verdict = result.verdict
    current = result.quotable and (today is None or verdict.day == today)
    blocker = quote_blocker(verdict, unpriceable=result.unpriced is not None, quotable=current)
    if blocker is QuoteBlocker.UNPRICED and result.unpriced is not None:
        raise result.unpriced
    if blocker is not None or result.book is None:
        raise PolicyError(_refusal(result, blocker or QuoteBlocker.PREVIEW))
    customer = verdict.facts.customer
    assert customer is not None  # quote_blocker said so
    return _request(verdict, result.book, result.language, customer)


def _refusal(result: TriageResult, blocker: QuoteBlocker) -> str:
    verdict = result.verdict
    if blocker is QuoteBlocker.NOT_OUT_OF_SCOPE:
        shown = result.wording(f"verdict_{verdict.verdict.value}").lower()
        clauses = ", ".join(clause.id for clause in verdict.clauses)
        return (
            f"the triage finds this request {shown} (clauses {clauses}): "
            "there is no service to quote"
        )
    if blocker is QuoteBlocker.NO_SERVICE:
        return f"the policy {result.policy.id} names no service that sells this work"
    if blocker is QuoteBlocker.MISSING_FACTS:
        return (
            "the proposed service needs facts the request does not give: "
            f"{', '.join(verdict.missing)} (the details of the question, see "
            "docs/scope-of-support.md)"
        )
    if blocker is QuoteBlocker.NO_CUSTOMER:
        return (
            "a quote request needs the customer: their legal name, address and signatory "
            "(in a facts file, a [customer] table as in a quote request)"
        )
    return (
        f"this triage is a preview (as on {verdict.day}, under {result.policy.id} "
        f"{result.policy.version}): a quote comes only from a triage of today under the "
        "product's published policy in force today"
    )


def quote_request_from_file(result: TriageResult, facts_file: Path) -> QuoteRequest:
    """`quote_request`, with a refusal said about `facts_file`."""
    try:
        return quote_request(result)
    except PolicyError as error:
        if error.problems:
            raise
        raise PolicyError(f"{facts_file}: {error.summary}") from None


def write_quote_request(result: TriageResult, facts_file: Path, target: Path) -> QuoteRequest:
    """Write the quote request to `target` (`.json` as JSON, anything else as TOML), atomically."""
    request = quote_request_from_file(result, facts_file)
    data = request_to_data(request)
    if target.suffix.lower() == ".json":
        content = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        verdict = result.verdict
        clauses = ", ".join(clause.id for clause in verdict.clauses)
        header = (
            f"Written by quoter triage from {facts_file.name} on {verdict.day}: out of scope under "
            f"{result.policy.id} {result.policy.version} (clauses {clauses}).\n"
            "Prices come from the price book in force on the day the quote is priced."
        )
        for line in data["lines"]:  # a number in TOML, as people write it
            if "quantity" in line:
                line["quantity"] = Decimal(line["quantity"])
        content = to_toml(data, header)
    if not target.parent.is_dir():
        raise PolicyError(f"{target}: the folder {target.parent} does not exist")
    try:
        write_atomically(target, content.encode("utf-8"))
    except OSError as error:
        raise PolicyError(f"{target}: cannot be written ({error.strerror})") from None
    return request


def triage_to_data(result: TriageResult) -> dict[str, Any]:
    """The triage as JSON-ready data (format 1): what `quoter triage --json` prints and what the
    register keeps with a quote from a triage, so a later reader sees why the work was billable.
    """
    verdict = result.verdict
    policy = result.policy
    data: dict[str, Any] = {
        "format": 1,
        "kind": "quoter.triage",
        "triaged_on": verdict.day.isoformat(),
        "verdict": verdict.verdict.value,
        "policy": {"id": policy.id, "version": policy.version, "digest": policy.ref.digest},
        "language": result.language,
        "clauses": [{"id": clause_id, "text": text} for clause_id, text in result.clauses],
        "findings": [
            {"outcome": f.outcome.value, "rule": f.code, "clause": f.clause.id}
            for f in verdict.findings
        ],
        "explanation": result.explanation,
        "facts": facts_to_data(verdict.facts),
    }
    if verdict.proposal:
        book = result.book
        data["proposal"] = {
            "book": {"id": book.id, "version": book.version, "digest": book.digest}
            if book
            else None,
            "missing_facts": list(verdict.missing),
            "lines": [
                {
                    "service": proposed.line.service,
                    "for_request_kind": proposed.kind.value,
                    "clause": proposed.clause.id,
                    "parameters": dict(proposed.line.parameters),
                    **(
                        {"quantity": canonical_number(proposed.line.quantity)}
                        if proposed.line.quantity is not None
                        else {}
                    ),
                }
                for proposed in verdict.proposal
            ],
        }
        if result.unpriced is not None:
            data["proposal"]["problems"] = [str(p) for p in result.unpriced.problems] or [
                result.unpriced.summary
            ]
        if result.priced is not None:
            priced = result.priced
            for line, priced_line in zip(data["proposal"]["lines"], priced.lines, strict=True):
                line["total"] = priced_line.total.as_text()
            data["proposal"]["currency"] = priced.currency
            data["proposal"]["total"] = priced.total.as_text()
    return data
