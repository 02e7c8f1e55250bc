"""`quoter policy show`: the policy in force as plain aligned text, for a support engineer writing
a facts file (which releases exist and their phase today, the environment ids, the previews, the
third-party products, the kinds of request and the services that sell them).

Labels come from the Scope of Support's wording in the chosen language, dates from Babel; the policy
supplies the names and the clause words. Nothing is decided here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from quoter.domain.display import date_text
from quoter.domain.explain import clause_words

if TYPE_CHECKING:
    from quoter.domain.policy import Clause, ItemsClause, ReleaseStatus
    from quoter.usecases.policy import PolicyOverview

WIDTH = 100
DASH = "\N{EN DASH}"


def policy_text(overview: PolicyOverview) -> str:
    """The overview as a terminal shows it: one section per part of the policy."""
    policy, t = overview.policy, overview.wording
    language = overview.language
    book = overview.book
    out = [policy.title[language], ""]
    out += _table(
        [
            (t("product_label"), f"{policy.product.name} ({policy.product.id})"),
            (t("version_label"), f"{policy.id} {policy.version}"),
            (t("effective_label"), _date(overview, policy.effective_from)),
            (t("digest_label"), policy.ref.digest),
            (t("status_label"), _date(overview, overview.day)),
        ]
    )
    out += ["", t("releases_heading")]
    header = tuple(
        t(key) for key in ("column_release", "column_published", "column_phase", "column_until")
    )
    out += _table(
        [(*header, t("column_clause")), *(_release_row(overview, s) for s in overview.releases)]
    )
    out += ["", t("environments_heading")]
    id_width = max((len(i.id) for c in policy.environments for i in c.items), default=0)
    for clause in policy.environments:
        category = t(f"category_label_{clause.category}")
        level = t(f"level_{clause.level.value}")
        out.append(f"  {category} ({clause.category}): {level}, {clause.clause.id}")
        out += [f"    {item.id.ljust(id_width)}  {item.name}" for item in clause.items]
    out += _words(overview, policy.unlisted_environments)
    if policy.previews:
        out += ["", t("previews_heading")]
        out += _items(policy.previews)
    out += ["", t("third_party_heading")]
    out += _items(policy.third_party) if policy.third_party else [f"  {DASH}"]
    out += ["", t("covered_heading")]
    covered = [r for r in policy.requests if r.kind.covered]
    out += _table([(r.kind.value, t(f"kind_{r.kind.value}"), r.clause.id) for r in covered])
    heading = t("not_covered_heading")
    if book is not None:
        heading += f" ({book.id} {book.version})"
    out += ["", heading]
    rows = []
    for request in policy.requests:
        if request.kind.covered:
            continue
        code = request.proposal.service if request.proposal else DASH
        service = book.service(code) if book is not None and request.proposal else None
        name = _name(service.name.by_language, language) if service is not None else ""
        rows.append((request.kind.value, request.clause.id, code, name))
    out += _table(rows)
    return "\n".join(out)


def _date(overview: PolicyOverview, day: date) -> str:
    return date_text(day, overview.locale)


def _release_row(overview: PolicyOverview, status: ReleaseStatus) -> tuple[str, ...]:
    t = overview.wording
    release = overview.policy.product.release(status.release)
    assert release is not None
    if status.until is not None:
        until = _date(overview, status.until)
    elif status.releases_left == 1:
        until = t("until_next_release")
    elif status.releases_left is not None:
        until = t("until_releases", count=str(status.releases_left))
    else:
        until = DASH
    phase = t(f"phase_{status.phase.value}")
    return (release.name, _date(overview, release.released_on), phase, until, status.clause.id)


def _items(clauses: tuple[ItemsClause, ...]) -> list[str]:
    return _table(
        [(item.id, item.name, clause.clause.id) for clause in clauses for item in clause.items]
    )


def _words(overview: PolicyOverview, clause: Clause) -> list[str]:
    """A clause's words, wrapped beside its id."""
    words = clause_words(overview.policy, clause, overview.language, overview.locale)
    indent = f"  {clause.id}  "
    return textwrap.wrap(
        words,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=" " * len(indent),
        break_on_hyphens=False,
    )


def _name(names: Mapping[str, str], language: str) -> str:
    """A service's name in `language`, else in the first language the book gives it."""
    return names.get(language) or next(iter(names.values()), "")


def _table(rows: Sequence[tuple[str, ...]], indent: int = 2) -> list[str]:
    """Rows as aligned columns (the last one not padded)."""
    if not rows:
        return [" " * indent + DASH]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        lines.append((" " * indent + "  ".join([*cells, row[-1]])).rstrip())
    return lines
