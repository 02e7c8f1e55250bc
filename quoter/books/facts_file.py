"""Reading a triage's facts (TOML or JSON, format 1; docs/scope-of-support.md).

The facts are checked against the product's policy as far as the file can be: releases must be the
product's, a preview feature one the policy lists, the kind of request one of the vocabulary, an
environment one the policy lists unless the file marks it `unlisted:` on purpose (a typo must
never become "not supported" in the customer's text). A mistake names the nearest right values.
Third-party products the policy does not list are facts too (the triage says what that means).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from quoter.books.digest import canonical_number
from quoter.books.fields import Fields, read_data_file
from quoter.books.limits import FACTS
from quoter.books.policy_file import ITEM_ID
from quoter.books.pricebook_file import BOOK_ID, BOOK_ID_LENGTH
from quoter.books.priced_quote_json import customer_to_data
from quoter.books.request_file import read_customer
from quoter.books.source import (
    PLAIN_DECIMAL,
)
from quoter.domain.policy import ENVIRONMENT_CATEGORIES, Named, Policy, RequestKind
from quoter.domain.problems import PolicyError
from quoter.domain.text import LANGUAGE_CODE
from quoter.domain.triage import Ask, Facts, Modification

PolicyLookup = Callable[[str], Policy]
"""The policy in force for a product id; raises `PolicyError` when there is none."""

UNLISTED = "unlisted:"
"""Marks an environment the policy does not list, named on purpose: `board = "unlisted:mcb-7"`."""
ENVIRONMENT_VALUE = re.compile(r"(unlisted:)?[a-z0-9][a-z0-9._+-]*")
A_CATEGORY = {"host": "a host", "architecture": "an architecture", "board": "a board"}
SIMILAR = 0.6
"""How alike (difflib's ratio) a mistyped environment and a listed one must be to be suggested."""
FEW_RELEASES = 6
"""Up to this many releases, an unknown release's problem lists them all."""
TEXT_DETAILS = ("fix", "driver", "from_platform", "to_platform", "tier", "feature", "site", "topic")
KINDS = ", ".join(kind.value for kind in RequestKind)


def read_facts(path: Path, find_policy: PolicyLookup) -> tuple[Facts, Policy]:
    """The facts in `path` (`.json` is JSON, anything else TOML) and the policy they fall under."""
    return read_data_file(
        path, "facts file", PolicyError, lambda top: _facts(top, find_policy), FACTS
    )


def _facts(top: Fields, find_policy: PolicyLookup) -> tuple[Facts, Policy] | None:
    top.format_one()
    product_id = top.text("product", pattern=BOOK_ID, expected="a product id like 'orca-os'")
    policy = None
    if product_id is not None:
        try:
            policy = find_policy(product_id)
        except PolicyError as error:
            if error.problems:  # the policies are broken, not these facts: say so as it is
                raise
            top.problem("product", error.summary, "a product with a scope-of-support policy")
    release = _release(top, "release", policy, "the customer's release, e.g. '3.8'")
    summary = top.text("summary", max_length=300, expected="what the customer asks, in one line")
    if summary is not None and not summary.strip():
        top.problem("summary", "is empty", "what the customer asks, in one line")
        summary = None
    ticket = top.text("ticket", required=False, max_length=60, expected="the support ticket")
    language = top.text(
        "language", required=False, pattern=LANGUAGE_CODE, expected='a language code like "en"'
    )
    book = top.text(
        "book",
        required=False,
        pattern=BOOK_ID,
        max_length=BOOK_ID_LENGTH,
        expected="a price book id like 'services-eur'",
    )
    third_party = top.text(
        "third_party", required=False, max_length=80, expected="a third-party product's id"
    )
    preview = top.text("preview", required=False, pattern=ITEM_ID, expected="a preview's id")
    if preview is not None and policy is not None and policy.preview(preview) is None:
        known = [item.id for clause in policy.previews for item in clause.items]
        top.problem(
            "preview",
            f"'{preview}' is not a preview feature of policy {policy.id}",
            "one of: " + (", ".join(known) or "(none listed)"),
        )
    environment, unlisted = _environment(top, policy)
    modified = _modified(top)
    ask = _ask(top, policy, release)
    if (
        ask is not None
        and ask.in_third_party
        and third_party is None
        and not top.has("third_party")
    ):
        top.problem(
            "third_party",
            "is missing: [ask] says the defect lies in third-party code",
            'the third-party product\'s id, e.g. third_party = "mosquitto"',
        )
    customer = read_customer(top) if top.has("customer") else None
    top.finish()
    if top.collector.problems:
        return None
    assert product_id and policy and release and summary and ask
    facts = Facts(
        product=product_id,
        release=release,
        summary=summary,
        ask=ask,
        environment=environment,
        unlisted=unlisted,
        modified=modified,
        third_party=third_party,
        preview=preview,
        ticket=ticket,
        language=language,
        book=book,
        customer=customer,
    )
    return facts, policy


def _release(
    table: Fields, key: str, policy: Policy | None, expected: str, *, required: bool = True
) -> str | None:
    release = table.text(key, required=required, max_length=40, expected=expected)
    if release is None or policy is None:
        return release
    product = policy.product
    if product.release(release) is None:
        ids = product.release_ids()
        nearest = _nearest_releases(release, ids)
        message = f"'{release}' is not a release of {product.name}"
        if nearest:
            message += "; the nearest " + ("are " if len(nearest) > 1 else "is ")
            message += " and ".join(nearest)
        if len(ids) <= FEW_RELEASES:
            wanted = "one of: " + ", ".join(ids)
        else:
            wanted = f"a release of {product.name}: `quoter policy show` lists them all"
        table.problem(key, message, wanted)
        return None
    return release


def _nearest_releases(release: str, ids: list[str]) -> list[str]:
    """The listed releases just below and just above `release` in version order (the ids compared
    number by number), or the closest-spelt ones when it does not read as a version."""
    if not re.fullmatch(r"[0-9]+([._-][0-9a-z]+)*", release, re.IGNORECASE):
        return difflib.get_close_matches(release, ids, n=2)
    key = _version_key(release)
    below = [r for r in ids if _version_key(r) < key]
    above = [r for r in ids if _version_key(r) > key]
    nearest = []
    if below:
        nearest.append(max(below, key=_version_key))
    if above:
        nearest.append(min(above, key=_version_key))
    return nearest


def _version_key(release: str) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.findall(r"[0-9]+|[a-z]+", release.lower())
    )


def _environment(top: Fields, policy: Policy | None) -> tuple[dict[str, str], frozenset[str]]:
    table = top.table("environment", required=False, expected="a table: category = id")
    if table is None:
        return {}, frozenset()
    environment = {}
    unlisted = set()
    for category in ENVIRONMENT_CATEGORIES:
        a_category = A_CATEGORY.get(category, f"a {category}")
        value = table.text(category, required=False, max_length=80, expected=f"{a_category} id")
        if value is None:
            continue
        marked = value.startswith(UNLISTED)
        item = value.removeprefix(UNLISTED)
        if policy is not None:
            listed = policy.environment(category, item)
            if marked and listed is not None:
                table.problem(
                    category,
                    f"'{item}' is marked unlisted, but clause {listed[0].clause.id} of policy "
                    f"{policy.id} lists it: {listed[1].name}",
                    f'{category} = "{item}"',
                )
                continue
            if not marked and listed is None:
                table.problem(
                    category,
                    _unknown_environment(policy, category, value),
                    f"one of the {category} ids `quoter policy show` lists, or "
                    + _unlisted_form(category, value)
                    + " for one the policy does not list, on purpose",
                )
                continue
        if not ENVIRONMENT_VALUE.fullmatch(value):
            table.problem(
                category,
                f"'{value}' is not an id",
                "lower-case letters, digits, '.', '_', '+', '-' (after 'unlisted:' if marked so)",
            )
            continue
        environment[category] = item
        if marked:
            unlisted.add(category)
    table.finish("one of: " + ", ".join(ENVIRONMENT_CATEGORIES))
    return environment, frozenset(unlisted)


def _unlisted_form(category: str, value: str) -> str:
    if ITEM_ID.fullmatch(value):
        return f'{category} = "{UNLISTED}{value}"'
    return f"'{UNLISTED}' and an id"


def _unknown_environment(policy: Policy, category: str, value: str) -> str:
    """Why `value` is refused, with the listed item it is likely a typo of (by id or by name,
    whatever the case): the best match, or the equally good ones."""
    a_category = A_CATEGORY.get(category, f"a {category}")
    message = f"'{value}' is not {a_category} policy {policy.id} lists"
    items = [
        item
        for clause in policy.environments
        if clause.category == category
        for item in clause.items
    ]
    if not items:
        return message + f": it lists no {category}"
    typed = value.lower()
    scores: dict[Named, float] = {}
    for item in items:
        scores[item] = max(
            difflib.SequenceMatcher(None, typed, spelling.lower()).ratio()
            for spelling in (item.id, item.name)
        )
    best = max(scores.values())
    if best < SIMILAR:
        return message
    likely = [item for item in items if scores[item] == best]
    return (
        message + "; did you mean " + ", or ".join(f"'{i.id}', the {i.name}" for i in likely) + "?"
    )


def _modified(top: Fields) -> Modification | None:
    table = top.table("modified", required=False, expected="a [modified] table")
    if table is None:
        return None
    components = table.texts("components", required=True, expected="the changed components")
    if table.has("components") and isinstance(table.raw("components"), list) and not components:
        table.problem("components", "is empty", "at least one changed component (or no [modified])")
    reproduced = None
    if table.has("reproduced_unmodified"):
        reproduced = table.boolean("reproduced_unmodified", default=False)
    table.finish()
    return Modification(tuple(components), reproduced)


def _ask(top: Fields, policy: Policy | None, release: str | None) -> Ask | None:
    table = top.table("ask", expected="an [ask] table saying what is asked")
    if table is None:
        return None
    kind_text = table.text("kind", expected=f"one of: {KINDS}")
    kind = None
    if kind_text is not None:
        try:
            kind = RequestKind(kind_text)
        except ValueError:
            table.problem("kind", f"'{kind_text}' is not a kind of request", f"one of: {KINDS}")
    details: dict[str, Any] = {}
    for key in TEXT_DETAILS:
        value = table.text(key, required=False, max_length=300, expected="a text")
        if value is not None:
            details[key] = value
    fixed_in = _release(
        table, "fixed_in", policy, "the release the fix was published in", required=False
    )
    if fixed_in is not None:
        details["fixed_in"] = fixed_in
    days = _days(table)
    if days is not None:
        details["days"] = days
    critical = table.boolean("critical", default=False)
    security = table.boolean("security", default=False)
    in_third_party = table.boolean("in_third_party", default=False)
    table.finish()
    if kind is RequestKind.BACKPORT:
        wanted = {"fix": "the fix's id, e.g. ORCA-1234", "fixed_in": "the release it was fixed in"}
        for key, what in wanted.items():
            if key not in details and not table.has(key):
                table.problem(key, "is missing for a backport", what)
        _check_direction(table, policy, release, fixed_in)
    if kind is None:
        return None
    return Ask(kind, critical, security, in_third_party, details)


def _days(table: Fields) -> Decimal | None:
    if not table.has("days"):
        return None
    value = table.raw("days")
    if isinstance(value, str) and PLAIN_DECIMAL.fullmatch(value):
        value = Decimal(value)  # the register's copy of the facts writes numbers as strings
    days = table.check_decimal("days", value, what="number of days", allow_negative=True)
    if days is not None and days <= 0:
        table.problem("days", f"{days} is not positive", "a positive number of days")
        return None
    return days


def _check_direction(
    table: Fields, policy: Policy | None, release: str | None, fixed_in: str | None
) -> None:
    if policy is None or release is None or fixed_in is None:
        return
    if policy.product.releases_between(fixed_in, release) <= 0:
        table.problem(
            "fixed_in",
            f"the fix is in {fixed_in}, which is not newer than the customer's release {release}",
            "a backport from a newer release to the customer's older one",
        )


def facts_to_data(facts: Facts) -> dict[str, Any]:
    """The facts as the data of a facts file (format 1): they read back to the same facts."""
    data: dict[str, Any] = {
        "format": 1,
        "product": facts.product,
        "release": facts.release,
        "summary": facts.summary,
    }
    for key in ("ticket", "language", "book", "third_party", "preview"):
        value = getattr(facts, key)
        if value is not None:
            data[key] = value
    if facts.environment:
        data["environment"] = {
            category: (UNLISTED if category in facts.unlisted else "") + item
            for category, item in facts.environment.items()
        }
    if facts.modified is not None:
        data["modified"] = {"components": list(facts.modified.components)}
        if facts.modified.reproduced_unmodified is not None:
            data["modified"]["reproduced_unmodified"] = facts.modified.reproduced_unmodified
    ask: dict[str, Any] = {"kind": facts.ask.kind.value}
    for flag in ("critical", "security", "in_third_party"):
        if getattr(facts.ask, flag):
            ask[flag] = True
    for key, value in facts.ask.details.items():
        ask[key] = canonical_number(value) if isinstance(value, Decimal) else value
    data["ask"] = ask
    if facts.customer is not None:
        data["customer"] = customer_to_data(facts.customer)
    return data
