"""Where a quote comes from: the rules that decide whether a triage may become a quote, whether a
request may cite a policy, and whether an edited draft still is what its triage proposed.

A quote from a triage carries the policy's id, version and digest; the contract then says the work
follows a scope assessment. These rules keep that claim true.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum

from quoter.domain.policy import PolicyRef
from quoter.domain.problems import Problem
from quoter.domain.quote import QuoteRequest, RequestLine, TriageOrigin
from quoter.domain.triage import ScopeVerdict, Verdict


def origin_problems(origin: TriageOrigin | None, published: Iterable[PolicyRef]) -> list[Problem]:
    """What is wrong with a request's triage origin: a quote may cite only a policy version the
    data folders publish, with the digest they publish it with."""
    if origin is None:
        return []
    digests = {(ref.id, ref.version): ref.digest for ref in published}
    known = digests.get((origin.policy_id, origin.policy_version))
    if known == origin.policy_digest:
        return []
    if known is None:
        message = (
            f"the request says it came from a triage under {origin.policy_id} "
            f"{origin.policy_version}, which is not a published policy of the data folders"
        )
        return [Problem(("triage", "policy_id"), message, "a policy quoter publishes")]
    message = (
        f"{origin.policy_id} {origin.policy_version} is published with the digest {known}, "
        f"not {origin.policy_digest}"
    )
    return [Problem(("triage", "policy_digest"), message, "the digest of the policy's triage")]


def is_quotable_triage(
    policy: PolicyRef, in_force: PolicyRef | None, day: date, today: date
) -> bool:
    """Only a triage of today under the product's published policy in force today may become a
    quote; any other is a preview."""
    return day == today and in_force == policy


class QuoteBlocker(StrEnum):
    """Why a triage's result cannot become a quote request."""

    NOT_OUT_OF_SCOPE = "not_out_of_scope"
    NO_SERVICE = "no_service"
    UNPRICED = "unpriced"
    PREVIEW = "preview"
    MISSING_FACTS = "missing_facts"
    NO_CUSTOMER = "no_customer"


def quote_blocker(
    verdict: ScopeVerdict, *, unpriceable: bool, quotable: bool
) -> QuoteBlocker | None:
    """The first reason the triage cannot be quoted, in the order a user fixes them, or None.
    `unpriceable`: the book cannot price the proposal; `quotable`: see `is_quotable_triage`."""
    if verdict.verdict is not Verdict.OUT_OF_SCOPE:
        return QuoteBlocker.NOT_OUT_OF_SCOPE
    if not verdict.proposal:
        return QuoteBlocker.NO_SERVICE
    if unpriceable:
        return QuoteBlocker.UNPRICED
    if not quotable:
        return QuoteBlocker.PREVIEW
    if verdict.missing:
        return QuoteBlocker.MISSING_FACTS
    if verdict.facts.customer is None:
        return QuoteBlocker.NO_CUSTOMER
    return None


def keeps_triage(
    origin: TriageOrigin, proposed: Sequence[RequestLine], request: QuoteRequest
) -> bool:
    """Whether an edited draft's request still is what its triage proposed: the same policy and
    the same services with the same parameters and quantities. Otherwise the triage no longer
    says why this work is billable, and the draft drops it."""
    if request.triage != origin:
        return False
    return [_same(line) for line in proposed] == [_same(line) for line in request.lines]


def _same(line: RequestLine) -> tuple[str, dict[str, str], str | None]:
    parameters = {name: str(value) for name, value in line.parameters.items()}
    quantity = None if line.quantity is None else str(line.quantity.normalize())
    return line.service, parameters, quantity
