"""The set of scope-of-support policies: which one is in force for a product on a day, and what
makes a set of them inconsistent. Pure: the policies are read elsewhere.
"""

from __future__ import annotations

from datetime import date

from quoter.domain.policy import Policy
from quoter.domain.problems import PolicyError, Problem


def check_policy_set(policies: list[Policy]) -> list[Problem]:
    """One id and version published once; one product's versions starting on different days."""
    problems = []
    seen: dict[tuple[str, str], Policy] = {}
    starts: dict[tuple[str, date], Policy] = {}
    for policy in policies:
        other = seen.setdefault((policy.id, policy.version), policy)
        if other is not policy:
            problems.append(
                Problem(
                    ("version",),
                    f"{policy.id} {policy.version} is also in {other.source}",
                    "each id and version in one file (a new scope is a new version)",
                    file=policy.source,
                )
            )
            continue
        rival = starts.setdefault((policy.product.id, policy.effective_from), policy)
        if rival is not policy:
            problems.append(
                Problem(
                    ("effective_from",),
                    f"{policy.id} {policy.version} and {rival.id} {rival.version} both take "
                    f"effect for {policy.product.id} on {policy.effective_from}",
                    "one policy per product in force on each day",
                    file=policy.source,
                )
            )
    return problems


def policy_in_force(policies: list[Policy], product_id: str, day: date) -> Policy:
    """The product's policy with the latest effective date on or before `day`."""
    mine = [p for p in policies if p.product.id == product_id]
    in_force = [p for p in mine if p.effective_from <= day]
    if not in_force:
        if not mine:
            raise PolicyError(f"no scope-of-support policy for product '{product_id}' in policies/")
        first = min(p.effective_from for p in mine)
        raise PolicyError(
            f"no scope-of-support policy for '{product_id}' is in force on {day} "
            f"(the first takes effect on {first})"
        )
    return max(in_force, key=lambda p: p.effective_from)


def republished_policy(own: Policy, published: Policy) -> Problem | None:
    """A problem when `own` reuses the id and version of `published` with other content: a
    published version never changes, so a changed scope is a new version."""
    if (own.id, own.version) != (published.id, published.version):
        return None
    if own.ref.digest == published.ref.digest:
        return None
    return Problem(
        ("version",),
        f"{own.id} {own.version} is already published (in {published.source}) with other content",
        "a new version for a changed scope",
    )
