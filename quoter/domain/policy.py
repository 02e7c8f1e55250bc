"""The scope-of-support policy: what standard support covers, as clauses with stable ids.

A policy belongs to one product and reads that product's release list: a release's life-cycle phase
on a day is computed from the release dates and the policy's window ("the current release and N-1
before it in full support, then M in maintenance"), or from dates the policy gives for one release
(a long-term support release). Every rule the triage applies is a clause here, so every verdict can
quote the words that decided it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from quoter.domain.products import Product
from quoter.domain.text import LocalizedText


class Phase(StrEnum):
    """Where a release stands in its life cycle on a given day."""

    NOT_RELEASED = "not_released"
    FULL = "full_support"
    MAINTENANCE = "maintenance"
    END_OF_LIFE = "end_of_life"


class Level(StrEnum):
    """How far support goes for one environment."""

    SUPPORTED = "supported"
    REASONABLE_EFFORTS = "reasonable_efforts"
    UNSUPPORTED = "unsupported"


ENVIRONMENT_CATEGORIES = ("host", "architecture", "board", "database")


class RequestKind(StrEnum):
    """What a customer asks for. The vocabulary is fixed because the triage's rules depend on it;
    the policy gives each kind its clause (and, for services, the service that sells it)."""

    INSTALLATION = "installation"
    USAGE = "usage"
    CONFIGURATION = "configuration"
    DIAGNOSIS = "diagnosis"
    DEFECT = "defect"
    BACKPORT = "backport"
    CUSTOMISATION = "customisation"
    INTEGRATION = "integration"
    DRIVER_PORT = "driver_port"
    DEVELOPMENT = "development"
    DESIGN = "design"
    ONSITE = "onsite"
    REMOTE = "remote"

    @property
    def covered(self) -> bool:
        """Support covers it by nature (the vendor advises or fixes its own product)."""
        return self in COVERED_KINDS


COVERED_KINDS = frozenset(
    {
        RequestKind.INSTALLATION,
        RequestKind.USAGE,
        RequestKind.CONFIGURATION,
        RequestKind.DIAGNOSIS,
        RequestKind.DEFECT,
    }
)
FALLBACK_KIND = RequestKind.REMOTE
"""The service proposed for out-of-scope requests that no services kind of their own sells."""


@dataclass(frozen=True, slots=True)
class Clause:
    """One published rule: a stable id (cited by verdicts) and its words in each language."""

    id: str
    text: LocalizedText


@dataclass(frozen=True, slots=True)
class ReleaseWindow:
    clause: Clause
    full_support: int
    """Releases in full support: the current one and `full_support - 1` before it."""
    maintenance: int
    """The releases after those, going back, that are in maintenance."""


@dataclass(frozen=True, slots=True)
class DatedRelease:
    """A release whose phases end on fixed dates instead of following the window."""

    clause: Clause
    release: str
    full_support_until: date
    maintenance_until: date


@dataclass(frozen=True, slots=True)
class Named:
    """An environment, third-party product or preview feature: an id facts use, a shown name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class EnvironmentClause:
    clause: Clause
    category: str
    level: Level
    items: tuple[Named, ...]


@dataclass(frozen=True, slots=True)
class ItemsClause:
    """A clause over a list of named things: third-party products, preview features."""

    clause: Clause
    items: tuple[Named, ...]


FactValue = str | int | Decimal


@dataclass(frozen=True, slots=True)
class ServiceProposal:
    """How the triage fills a book's service from the facts: parameter name -> fact name."""

    service: str
    parameters: Mapping[str, str]
    quantity: str | Decimal | None
    """A fact name (e.g. 'days'), a fixed quantity, or None for services without a quantity."""


@dataclass(frozen=True, slots=True)
class RequestClause:
    clause: Clause
    kind: RequestKind
    proposal: ServiceProposal | None
    """Only for services kinds: the service the price book sells for it."""


@dataclass(frozen=True, slots=True)
class PolicyRef:
    id: str
    version: str
    digest: str


@dataclass(frozen=True, slots=True)
class Policy:
    ref: PolicyRef
    product: Product
    languages: tuple[str, ...]
    effective_from: date
    book: str
    """The price book lineage whose services are proposed unless the facts name another."""
    title: LocalizedText
    introduction: LocalizedText
    how_to_buy: LocalizedText
    window: ReleaseWindow
    dated: tuple[DatedRelease, ...]
    maintenance: Clause
    end_of_life: Clause
    environments: tuple[EnvironmentClause, ...]
    unlisted_environments: Clause
    modified_source: Clause
    third_party: tuple[ItemsClause, ...]
    third_party_defects: Clause
    previews: tuple[ItemsClause, ...]
    requests: tuple[RequestClause, ...]
    source: str | None = None

    @property
    def id(self) -> str:
        return self.ref.id

    @property
    def version(self) -> str:
        return self.ref.version

    def request_clause(self, kind: RequestKind) -> RequestClause | None:
        for request in self.requests:
            if request.kind is kind:
                return request
        return None

    def environment(self, category: str, item_id: str) -> tuple[EnvironmentClause, Named] | None:
        for clause in self.environments:
            if clause.category == category:
                for item in clause.items:
                    if item.id == item_id:
                        return clause, item
        return None

    def third_party_product(self, item_id: str) -> tuple[ItemsClause, Named] | None:
        return _find(self.third_party, item_id)

    def preview(self, item_id: str) -> tuple[ItemsClause, Named] | None:
        return _find(self.previews, item_id)

    def clauses(self) -> list[Clause]:
        """Every clause, in the order the published document shows them."""
        found = [self.window.clause, *(d.clause for d in self.dated)]
        found += [self.maintenance, self.end_of_life]
        found += [e.clause for e in self.environments] + [self.unlisted_environments]
        found += [self.modified_source, *(t.clause for t in self.third_party)]
        found += [self.third_party_defects, *(p.clause for p in self.previews)]
        return found + [r.clause for r in self.requests]


def _find(clauses: tuple[ItemsClause, ...], item_id: str) -> tuple[ItemsClause, Named] | None:
    for clause in clauses:
        for item in clause.items:
            if item.id == item_id:
                return clause, item
    return None


@dataclass(frozen=True, slots=True)
class ReleaseStatus:
    """A release's phase on a day, the clause that decides it, and when the phase ends if that is
    known (a dated release; a window phase ends when a later release is published)."""

    release: str
    phase: Phase
    clause: Clause
    until: date | None = None
    releases_left: int | None = None
    """For a window phase: how many more releases end it (1: the next release does)."""


def release_status(policy: Policy, release_id: str, day: date) -> ReleaseStatus:
    """The phase of `release_id` on `day`. Releases are counted back from the newest one published
    on or before `day`, in the product's list order (never by parsing version strings)."""
    product = policy.product
    release = product.release(release_id)
    if release is None:
        raise KeyError(release_id)
    for dated in policy.dated:
        if dated.release == release_id and release.released_on <= day:
            if day <= dated.full_support_until:
                return ReleaseStatus(release_id, Phase.FULL, dated.clause, dated.full_support_until)
            if day <= dated.maintenance_until:
                return ReleaseStatus(
                    release_id, Phase.MAINTENANCE, dated.clause, dated.maintenance_until
                )
            return ReleaseStatus(release_id, Phase.END_OF_LIFE, dated.clause)
    window = policy.window
    if release.released_on > day:
        return ReleaseStatus(release_id, Phase.NOT_RELEASED, window.clause)
    published = [r.id for r in product.releases if r.released_on <= day]
    # dated releases keep their own phases and do not take a place in the window
    counted = [r for r in published if not any(d.release == r for d in policy.dated)]
    back = len(counted) - 1 - counted.index(release_id)
    if back < window.full_support:
        left = window.full_support - back
        return ReleaseStatus(release_id, Phase.FULL, window.clause, releases_left=left)
    if back < window.full_support + window.maintenance:
        left = window.full_support + window.maintenance - back
        return ReleaseStatus(release_id, Phase.MAINTENANCE, window.clause, releases_left=left)
    return ReleaseStatus(release_id, Phase.END_OF_LIFE, window.clause)


def release_table(policy: Policy, day: date) -> list[ReleaseStatus]:
    """Every published release's status on `day`, newest first (the published document's table)."""
    releases = [r for r in policy.product.releases if r.released_on <= day]
    return [release_status(policy, r.id, day) for r in reversed(releases)]
