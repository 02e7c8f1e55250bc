"""Triage: is a support request covered by the scope-of-support policy, on a given day?

`triage` is a pure function of the policy, the facts and the day. Each rule that applies yields a
`Finding` (in scope, borderline or out of scope) with the clause that decided it; the verdict is the
most restrictive finding. Out-of-scope requests get a proposal: the services that sell the work,
with their parameters filled from the facts, for the pricing engine to price.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from quoter.domain.policy import (
    FALLBACK_KIND,
    Clause,
    FactValue,
    Level,
    Phase,
    Policy,
    RequestClause,
    RequestKind,
    release_status,
)
from quoter.domain.quote import Customer, ParameterValue, RequestLine


class Verdict(StrEnum):
    IN_SCOPE = "in_scope"
    BORDERLINE = "borderline"
    OUT_OF_SCOPE = "out_of_scope"


_SEVERITY = {Verdict.IN_SCOPE: 0, Verdict.BORDERLINE: 1, Verdict.OUT_OF_SCOPE: 2}


@dataclass(frozen=True, slots=True)
class Modification:
    """The customer changed and rebuilt the product."""

    components: tuple[str, ...]
    reproduced_unmodified: bool | None
    """Whether the problem also occurs on an unmodified build; None when nobody has tried."""


@dataclass(frozen=True, slots=True)
class Ask:
    """What is asked, with the details the rules and the proposed services need."""

    kind: RequestKind
    critical: bool = False
    security: bool = False
    in_third_party: bool = False
    details: Mapping[str, FactValue] = field(default_factory=dict)
    """fix, fixed_in, driver, from_platform, to_platform, tier, feature, site, topic, days."""


@dataclass(frozen=True, slots=True)
class Facts:
    """A support request as the support engineer writes it down (docs/scope-of-support.md)."""

    product: str
    release: str
    summary: str
    ask: Ask
    environment: Mapping[str, str] = field(default_factory=dict)
    """Category (host, architecture, board, database) -> the id the policy lists it under."""
    unlisted: frozenset[str] = frozenset()
    """The categories whose id the facts name as one the policy does not list, on purpose (a
    facts file writes `board = "unlisted:..."`): only those may be found unlisted, never a typo."""
    modified: Modification | None = None
    third_party: str | None = None
    preview: str | None = None
    ticket: str | None = None
    language: str | None = None
    book: str | None = None
    customer: Customer | None = None

    def value(self, name: str) -> FactValue | None:
        """A fact by the name a policy's service proposal uses."""
        if name in TOP_LEVEL_FACTS:
            value: FactValue | None = getattr(self, name)
            return value
        if name == "topic":  # a topic defaults to what the request is about
            return self.ask.details.get("topic", self.summary)
        return self.ask.details.get(name)


TOP_LEVEL_FACTS = ("release", "ticket", "summary", "third_party")
"""Facts written at the top of a facts file; the others are details under [ask]."""
FACT_NAMES = (
    "release",
    "ticket",
    "summary",
    "third_party",
    "topic",
    "fix",
    "fixed_in",
    "driver",
    "from_platform",
    "to_platform",
    "tier",
    "feature",
    "site",
    "days",
)
"""The names a policy may map service parameters from."""
NUMBER_FACTS = ("days",)
"""The facts that hold a number, which a policy may take a quantity from."""
OPTIONAL_FACTS = frozenset({"ticket", "third_party"})
"""Facts a proposal may go without: when the book requires the parameter, pricing says so."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that applied: its outcome, the clause that says so, and what to say about it."""

    outcome: Verdict
    code: str
    """Names the sentence that explains it (`triage_<code>` in the wording files)."""
    clause: Clause
    values: Mapping[str, str | date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProposedLine:
    """A service the triage proposes; `missing` names facts it still needs before it can be
    priced."""

    kind: RequestKind
    clause: Clause
    line: RequestLine
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScopeVerdict:
    verdict: Verdict
    findings: tuple[Finding, ...]
    proposal: tuple[ProposedLine, ...]
    book: str
    """The price book lineage the proposal is for."""
    policy: Policy
    facts: Facts
    day: date

    @property
    def deciding(self) -> tuple[Finding, ...]:
        """The findings that decided the verdict (those as restrictive as the verdict)."""
        return tuple(f for f in self.findings if f.outcome is self.verdict)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """The deciding clauses, each once, in the order they were found."""
        seen: dict[str, Clause] = {}
        for finding in self.deciding:
            seen.setdefault(finding.clause.id, finding.clause)
        return tuple(seen.values())

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for line in self.proposal for name in line.missing)


class TriageError(ValueError):
    """The facts do not fit the policy on the day (a kind it has no clause for, a fix in a release
    not yet published); `path` is the fact's place in the facts file."""

    def __init__(self, message: str, path: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.path = path


def triage(policy: Policy, facts: Facts, day: date) -> ScopeVerdict:
    """The verdict on `facts` under `policy` on `day`."""
    if facts.product != policy.product.id:
        raise TriageError(
            f"the facts are about product '{facts.product}', the policy "
            f"{policy.id} about '{policy.product.id}'",
            ("product",),
        )
    request = policy.request_clause(facts.ask.kind)
    if request is None:
        raise TriageError(
            f"the policy {policy.id} {policy.version} has no clause for requests of kind "
            f"'{facts.ask.kind}'",
            ("ask", "kind"),
        )
    fixed_in = facts.ask.details.get("fixed_in")
    published = policy.product.release(str(fixed_in)) if fixed_in is not None else None
    if published is not None and published.released_on > day:
        raise TriageError(
            f"the fix is said to be in {published.name}, which is not published on {day} "
            f"(its release date is {published.released_on})",
            ("ask", "fixed_in"),
        )
    for category, item_id in facts.environment.items():
        # an id no list holds may be a typo: only one the facts mark unlisted becomes customer text
        if category not in facts.unlisted and policy.environment(category, item_id) is None:
            raise TriageError(
                f"{category} '{item_id}' is on none of the lists of policy {policy.id}, and the "
                "facts do not mark it unlisted",
                ("environment", category),
            )
    rules = _Rules(policy, facts, day)
    if facts.ask.kind.covered:
        findings = rules.covered(request)
    elif facts.ask.kind is RequestKind.BACKPORT:
        findings = rules.backport(request)
    else:
        findings = [Finding(Verdict.OUT_OF_SCOPE, "service", request.clause, rules.kind_values())]
    verdict = max((f.outcome for f in findings), key=_SEVERITY.__getitem__)
    proposal: list[ProposedLine] = []
    if verdict is Verdict.OUT_OF_SCOPE:
        seller = request if request.proposal is not None else policy.request_clause(FALLBACK_KIND)
        if seller is not None and seller.proposal is not None:
            proposal.append(_propose(seller, facts))
    return ScopeVerdict(
        verdict=verdict,
        findings=tuple(findings),
        proposal=tuple(proposal),
        book=facts.book or policy.book,
        policy=policy,
        facts=facts,
        day=day,
    )


class _Rules:
    def __init__(self, policy: Policy, facts: Facts, day: date) -> None:
        self.policy = policy
        self.facts = facts
        self.day = day

    def kind_values(self) -> dict[str, str | date]:
        return {"kind": self.facts.ask.kind.value}

    def defect_values(self) -> dict[str, str | date]:
        """A backport that support provides is a defect's correction: said as such."""
        return {"kind": RequestKind.DEFECT.value}

    def release_values(self, release_id: str) -> dict[str, str | date]:
        release = self.policy.product.release(release_id)
        assert release is not None  # the facts reader checks releases against the product
        return {"release": release.name, "released": release.released_on}

    def covered(self, request: RequestClause) -> list[Finding]:
        """Installation, usage, configuration, diagnosis and defects: covered when the release,
        the environment and the other facts allow."""
        findings = self.release_phase()
        findings += self.environment()
        findings += self.modification()
        findings += self.third_party()
        findings += self.preview()
        findings.append(Finding(Verdict.IN_SCOPE, "covered", request.clause, self.kind_values()))
        return findings

    def release_phase(self) -> list[Finding]:
        status = release_status(self.policy, self.facts.release, self.day)
        values = self.release_values(self.facts.release)
        if status.until is not None:
            values["until"] = status.until
        ask = self.facts.ask
        if status.phase is Phase.FULL:
            return [Finding(Verdict.IN_SCOPE, "release_full", status.clause, values)]
        if status.phase is Phase.NOT_RELEASED:
            return [Finding(Verdict.OUT_OF_SCOPE, "release_not_released", status.clause, values)]
        if status.phase is Phase.END_OF_LIFE:
            return [
                Finding(Verdict.OUT_OF_SCOPE, "release_end_of_life", status.clause, values),
                Finding(Verdict.OUT_OF_SCOPE, "end_of_life", self.policy.end_of_life, values),
            ]
        phase = [Finding(Verdict.IN_SCOPE, "release_maintenance", status.clause, values)]
        clause = self.policy.maintenance
        if ask.kind is not RequestKind.DEFECT:
            return [*phase, Finding(Verdict.IN_SCOPE, "maintenance_question", clause, values)]
        if ask.security:
            return [*phase, Finding(Verdict.IN_SCOPE, "maintenance_security", clause, values)]
        if ask.critical:
            return [*phase, Finding(Verdict.IN_SCOPE, "maintenance_critical", clause, values)]
        return [*phase, Finding(Verdict.BORDERLINE, "maintenance_not_critical", clause, values)]

    def environment(self) -> list[Finding]:
        findings = []
        for category, item_id in self.facts.environment.items():
            listed = self.policy.environment(category, item_id)
            if listed is None:
                values: dict[str, str | date] = {"item": item_id, "category": category}
                findings.append(
                    Finding(
                        Verdict.OUT_OF_SCOPE,
                        "environment_unlisted",
                        self.policy.unlisted_environments,
                        values,
                    )
                )
                continue
            clause, item = listed
            values = {"item": item.name, "category": category}
            if clause.level is Level.SUPPORTED:
                findings.append(
                    Finding(Verdict.IN_SCOPE, "environment_supported", clause.clause, values)
                )
            elif clause.level is Level.REASONABLE_EFFORTS:
                fixes = self.facts.ask.kind in (RequestKind.DEFECT, RequestKind.BACKPORT)
                code = "environment_efforts_" + ("defect" if fixes else "question")
                findings.append(Finding(Verdict.BORDERLINE, code, clause.clause, values))
            else:
                findings.append(
                    Finding(Verdict.OUT_OF_SCOPE, "environment_unsupported", clause.clause, values)
                )
        return findings

    def modification(self) -> list[Finding]:
        modified = self.facts.modified
        if modified is None or not modified.components:
            return []
        clause = self.policy.modified_source
        values: dict[str, str | date] = {"components": ", ".join(modified.components)}
        if self.facts.ask.kind is not RequestKind.DEFECT:
            return [Finding(Verdict.IN_SCOPE, "modified_question", clause, values)]
        if modified.reproduced_unmodified is True:
            return [Finding(Verdict.IN_SCOPE, "modified_reproduced", clause, values)]
        if modified.reproduced_unmodified is False:
            return [Finding(Verdict.OUT_OF_SCOPE, "modified_only", clause, values)]
        return [Finding(Verdict.BORDERLINE, "modified_reproduce", clause, values)]

    def third_party(self) -> list[Finding]:
        name = self.facts.third_party
        if name is None:
            return []
        listed = self.policy.third_party_product(name)
        if self.facts.ask.kind is RequestKind.DEFECT and not self.facts.ask.in_third_party:
            return []  # a defect of the product itself, seen with a third-party product
        if self.facts.ask.kind is RequestKind.DEFECT:
            shown = listed[1].name if listed else name
            return [
                Finding(
                    Verdict.OUT_OF_SCOPE,
                    "third_party_defect",
                    self.policy.third_party_defects,
                    {"item": shown},
                )
            ]
        if listed is None:
            clause = self.policy.third_party[0].clause if self.policy.third_party else None
            if clause is None:
                return []
            return [Finding(Verdict.BORDERLINE, "third_party_unlisted", clause, {"item": name})]
        return [
            Finding(
                Verdict.IN_SCOPE, "third_party_listed", listed[0].clause, {"item": listed[1].name}
            )
        ]

    def preview(self) -> list[Finding]:
        if self.facts.preview is None:
            return []
        listed = self.policy.preview(self.facts.preview)
        assert listed is not None  # the facts reader checks the id against the policy
        return [
            Finding(Verdict.OUT_OF_SCOPE, "preview", listed[0].clause, {"item": listed[1].name})
        ]

    def backport(self, request: RequestClause) -> list[Finding]:
        """A backport to a release in full support is the defect's correction under support; to a
        release in maintenance, only for a critical or security fix; otherwise a service."""
        target = release_status(self.policy, self.facts.release, self.day)
        values = self.release_values(self.facts.release)
        values["fix"] = str(self.facts.ask.details.get("fix", ""))
        if target.until is not None:
            values["until"] = target.until
        fixes = self.policy.request_clause(RequestKind.DEFECT)
        urgent = self.facts.ask.critical or self.facts.ask.security
        phase = None
        if target.phase is Phase.FULL:
            phase = Finding(Verdict.IN_SCOPE, "backport_full", target.clause, values)
        elif target.phase is Phase.MAINTENANCE and urgent:
            phase = Finding(
                Verdict.IN_SCOPE,
                "backport_maintenance_" + ("security" if self.facts.ask.security else "critical"),
                self.policy.maintenance,
                values,
            )
        if phase is not None and fixes is None:  # the policy covers no defects: a service
            return [Finding(Verdict.OUT_OF_SCOPE, "service", request.clause, self.kind_values())]
        if phase is not None and fixes is not None:
            # the fix reaches the customer under support only where support covers them
            findings = [phase, *self.environment(), *self.preview()]
            return [
                *findings,
                Finding(Verdict.IN_SCOPE, "covered", fixes.clause, self.defect_values()),
            ]
        if target.phase is Phase.MAINTENANCE:
            code, phase_clause = "backport_not_critical", self.policy.maintenance
        elif target.phase is Phase.END_OF_LIFE:
            code, phase_clause = "backport_end_of_life", self.policy.end_of_life
        else:  # the release is not published yet on the day
            code, phase_clause = "backport_service", target.clause
        return [
            Finding(Verdict.OUT_OF_SCOPE, code, phase_clause, values),
            Finding(Verdict.OUT_OF_SCOPE, "service", request.clause, self.kind_values()),
        ]


def _propose(seller: RequestClause, facts: Facts) -> ProposedLine:
    """The seller's service with its parameters filled from the facts."""
    assert seller.proposal is not None
    parameters: dict[str, ParameterValue] = {}
    missing: list[str] = []
    for parameter, fact in seller.proposal.parameters.items():
        value = facts.value(fact)
        if value is None:
            if fact not in OPTIONAL_FACTS:
                missing.append(fact)
            continue
        parameters[parameter] = value if isinstance(value, str | int) else str(value)
    quantity: Decimal | None = None
    wanted = seller.proposal.quantity
    if isinstance(wanted, Decimal):
        quantity = wanted
    elif isinstance(wanted, str):
        value = facts.value(wanted)
        if value is None:
            missing.append(wanted)
        else:
            quantity = Decimal(value)
    line = RequestLine(seller.proposal.service, parameters, quantity)
    return ProposedLine(seller.kind, seller.clause, line, tuple(missing))
