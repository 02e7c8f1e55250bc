"""Reading a triage's facts (TOML or JSON, format 1; docs/scope-of-support.md).

The facts are checked against the product's policy as far as the file can be: releases must be the
product's, a preview feature one the policy lists, the kind of request one of the vocabulary.
Environments and third-party products the policy does not list are facts too (the triage says what
that means), so they are not errors here.
"""

from __future__ import annotations

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
from quoter.domain.policy import ENVIRONMENT_CATEGORIES, Policy, RequestKind
from quoter.domain.problems import PolicyError
from quoter.domain.text import LANGUAGE_CODE
from quoter.domain.triage import Ask, Facts, Modification

PolicyLookup = Callable[[str], Policy]
"""The policy in force for a product id; raises `PolicyError` when there is none."""

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
    environment = _environment(top)
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
        table.problem(
            key,
            f"'{release}' is not a release of {product.name}",
            "one of: " + ", ".join(product.release_ids()),
        )
        return None
    return release


def _environment(top: Fields) -> dict[str, str]:
    table = top.table("environment", required=False, expected="a table: category = id")
    if table is None:
        return {}
    environment = {}
    for category in ENVIRONMENT_CATEGORIES:
        item = table.text(category, required=False, pattern=ITEM_ID, expected=f"a {category} id")
        if item is not None:
            environment[category] = item
    table.finish("one of: " + ", ".join(ENVIRONMENT_CATEGORIES))
    return environment


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
        data["environment"] = dict(facts.environment)
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
