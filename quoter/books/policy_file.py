"""Reading a scope-of-support policy (`policies/<id>.toml`, format 1; docs/scope-of-support.md).

Validated like a price book: every problem at once, each with its file, line and field path. The
digest is the price books' (canonical form 1 over the parsed file, docs/digest.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from quoter.books.digest import digest
from quoter.books.fields import Fields, read_data_file, read_languages
from quoter.books.pricebook_file import BOOK_ID
from quoter.domain.policy import (
    ENVIRONMENT_CATEGORIES,
    Clause,
    DatedRelease,
    EnvironmentClause,
    ItemsClause,
    Level,
    Named,
    Policy,
    PolicyRef,
    ReleaseWindow,
    RequestClause,
    RequestKind,
    ServiceProposal,
)
from quoter.domain.problems import PolicyError, ProductError
from quoter.domain.products import Product
from quoter.domain.text import LocalizedText, PlaceholderSyntaxError, placeholder_names
from quoter.domain.triage import FACT_NAMES, NUMBER_FACTS

CLAUSE_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)*")
ITEM_ID = re.compile(r"[a-z0-9][a-z0-9._+-]*")
SERVICE_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]*")
DATED_PLACEHOLDERS = ("release", "full_support_until", "maintenance_until")

ProductLookup = Callable[[str], Product]


def read_policy(path: Path, find_product: ProductLookup) -> Policy:
    """The policy in `path`, or `PolicyError` listing every problem with its line."""
    return read_data_file(
        path,
        "scope-of-support policy",
        PolicyError,
        lambda top: _Reader(top, find_product).policy(str(path)),
    )


class _Reader:
    def __init__(self, top: Fields, find_product: ProductLookup) -> None:
        self.top = top
        self.data = top.data
        self.find_product = find_product
        self.collector = top.collector
        self.languages: tuple[str, ...] = ()
        self.product: Product | None = None
        self.clause_ids: set[str] = set()
        self.dated_releases: set[str] = set()

    def policy(self, source: str) -> Policy | None:
        top = self.top
        top.format_one()
        policy_id = top.text(
            "id", pattern=BOOK_ID, expected="a lower-case id like 'orca-os-support'"
        )
        version = top.text("version", max_length=40, expected="the policy's version, e.g. 2026.1")
        self.product = self._product(top)
        self.languages = read_languages(top)
        effective_from = top.date("effective_from")
        book = top.text(
            "book", pattern=BOOK_ID, expected="the id of the price book that sells services"
        )
        title = top.localized("title", self.languages)
        introduction = top.localized("introduction", self.languages, multiline=True)
        how_to_buy = top.localized("how_to_buy", self.languages, multiline=True)
        window = self._window(top)
        dated = tuple(self._dated(entry) for entry in top.tables("release_dates", required=False))
        maintenance = self._clause(top.table("maintenance", expected="a [maintenance] clause"))
        end_of_life = self._clause(top.table("end_of_life", expected="an [end_of_life] clause"))
        environments = tuple(self._environments(top))
        unlisted = self._clause(
            top.table("unlisted_environments", expected="an [unlisted_environments] clause")
        )
        modified = self._clause(top.table("modified_source", expected="a [modified_source] clause"))
        third_party = tuple(self._items_clauses(top, "third_party", "third-party product"))
        defects = self._clause(
            top.table("third_party_defects", expected="a [third_party_defects] clause")
        )
        previews = tuple(self._items_clauses(top, "previews", "preview feature"))
        requests = tuple(self._requests(top))
        top.finish()
        if self.collector.problems:
            return None
        assert policy_id and version and self.product and effective_from and book
        assert title and introduction and how_to_buy and window and maintenance and end_of_life
        assert unlisted and modified and defects
        return Policy(
            ref=PolicyRef(policy_id, version, digest(self.data)),
            product=self.product,
            languages=self.languages,
            effective_from=effective_from,
            book=book,
            title=title,
            introduction=introduction,
            how_to_buy=how_to_buy,
            window=window,
            dated=tuple(d for d in dated if d is not None),
            maintenance=maintenance,
            end_of_life=end_of_life,
            environments=tuple(e for e in environments if e is not None),
            unlisted_environments=unlisted,
            modified_source=modified,
            third_party=tuple(t for t in third_party if t is not None),
            third_party_defects=defects,
            previews=tuple(p for p in previews if p is not None),
            requests=tuple(r for r in requests if r is not None),
            source=source,
        )

    def _product(self, top: Fields) -> Product | None:
        product_id = top.text("product", pattern=BOOK_ID, expected="a product id like 'orca-os'")
        if product_id is None:
            return None
        try:
            return self.find_product(product_id)
        except ProductError as error:
            top.problem("product", error.summary, "a product with a products/<id>.toml file")
            self.collector.problems.extend(error.problems)  # located in the product's own file
            return None

    def _clause(self, table: Fields | None, placeholders: tuple[str, ...] = ()) -> Clause | None:
        """A clause's id and text; a table with more keys reads them before this."""
        if table is None:
            return None
        clause_id = table.text("id", pattern=CLAUSE_ID, expected="a clause id like 'REL-1'")
        text = table.localized("text", self.languages, multiline=True)
        table.finish()
        if clause_id is not None:
            if clause_id in self.clause_ids:
                table.problem("id", f"clause id '{clause_id}' is used twice", "a unique clause id")
            self.clause_ids.add(clause_id)
        if text is not None:
            self._check_placeholders(table, text, placeholders)
        if clause_id is None or text is None:
            return None
        return Clause(clause_id, text)

    def _check_placeholders(
        self, table: Fields, text: LocalizedText, allowed: tuple[str, ...]
    ) -> None:
        for language, words in text.by_language.items():
            try:
                names = placeholder_names(words)
            except PlaceholderSyntaxError as error:
                table.problem("text", f"{language}: placeholder syntax: {error}", "{{ for a brace")
                continue
            for name in names:
                if name not in allowed:
                    can = ", ".join(f"{{{a}}}" for a in allowed) or "no placeholders"
                    table.problem(
                        "text", f"{language}: unknown placeholder {{{name}}}", f"{can} here"
                    )

    def _window(self, top: Fields) -> ReleaseWindow | None:
        table = top.table("release_window", expected="a [release_window] clause")
        if table is None:
            return None
        full = table.integer("full_support", minimum=1, maximum=50)
        maintenance = table.integer("maintenance", minimum=0, maximum=50)
        clause = self._clause(table)
        if clause is None or full is None or maintenance is None:
            return None
        return ReleaseWindow(clause, full, maintenance)

    def _dated(self, table: Fields) -> DatedRelease | None:
        release_id = table.text("release", expected="a release id from the product's list")
        if release_id is not None and release_id in self.dated_releases:
            table.problem(
                "release", f"'{release_id}' has dated phases already", "each release dated once"
            )
        elif release_id is not None:
            self.dated_releases.add(release_id)
        full_until = table.date("full_support_until")
        maintenance_until = table.date("maintenance_until")
        clause = self._clause(table, DATED_PLACEHOLDERS)
        release = None
        if release_id is not None and self.product is not None:
            release = self.product.release(release_id)
            if release is None:
                table.problem(
                    "release",
                    f"'{release_id}' is not a release of {self.product.name}",
                    "one of: " + ", ".join(self.product.release_ids()),
                )
        if release and full_until and maintenance_until:
            if full_until < release.released_on:
                table.problem(
                    "full_support_until",
                    f"{full_until} is before the release's date {release.released_on}",
                    "a date on or after the release date",
                )
            if maintenance_until < full_until:
                table.problem(
                    "maintenance_until",
                    f"{maintenance_until} is before full_support_until {full_until}",
                    "maintenance ending on or after full support",
                )
        if clause is None or release_id is None or full_until is None or maintenance_until is None:
            return None
        return DatedRelease(clause, release_id, full_until, maintenance_until)

    def _items(self, table: Fields, what: str, seen: set[str]) -> tuple[Named, ...]:
        items = []
        for entry in table.tables("items", expected=f"a list of {{ id, name }}, one per {what}"):
            item_id = entry.text("id", pattern=ITEM_ID, expected="a lower-case id like 'imx93-evk'")
            name = entry.text("name", max_length=200, expected=f"the {what}'s name")
            entry.finish()
            if item_id is not None and item_id in seen:
                entry.problem("id", f"'{item_id}' is listed twice", f"each {what} once")
            elif item_id is not None and name is not None:
                seen.add(item_id)
                items.append(Named(item_id, name))
        if table.has("items") and isinstance(table.raw("items"), list) and not table.raw("items"):
            table.problem("items", "is empty", f"at least one {what}")
        return tuple(items)

    def _environments(self, top: Fields) -> list[EnvironmentClause | None]:
        found: list[EnvironmentClause | None] = []
        seen: dict[str, set[str]] = {category: set() for category in ENVIRONMENT_CATEGORIES}
        for table in top.tables("environments", expected="one [[environments]] clause per list"):
            category = table.text(
                "category", expected="one of: " + ", ".join(ENVIRONMENT_CATEGORIES)
            )
            if category is not None and category not in ENVIRONMENT_CATEGORIES:
                table.problem(
                    "category",
                    f"'{category}' is not an environment category",
                    "one of: " + ", ".join(ENVIRONMENT_CATEGORIES),
                )
                category = None
            level = _choice(table, "level", Level)
            items = self._items(table, "environment", seen[category] if category else set())
            clause = self._clause(table)
            if clause and category and level:
                found.append(EnvironmentClause(clause, category, level, items))
        return found

    def _items_clauses(self, top: Fields, key: str, what: str) -> list[ItemsClause | None]:
        found: list[ItemsClause | None] = []
        seen: set[str] = set()
        for table in top.tables(key, required=False, expected=f"one [[{key}]] clause per list"):
            items = self._items(table, what, seen)
            clause = self._clause(table)
            if clause is not None:
                found.append(ItemsClause(clause, items))
        return found

    def _requests(self, top: Fields) -> list[RequestClause | None]:
        found: list[RequestClause | None] = []
        kinds: set[RequestKind] = set()
        for table in top.tables("requests", expected="one [[requests]] clause per kind of request"):
            kind = _choice(table, "kind", RequestKind)
            if kind is not None and kind in kinds:
                table.problem("kind", f"'{kind}' has a clause already", "one clause per kind")
            if kind is not None:
                kinds.add(kind)
            proposal = self._proposal(table, kind)
            clause = self._clause(table)
            if clause is not None and kind is not None:
                found.append(RequestClause(clause, kind, proposal))
        return found

    def _proposal(self, table: Fields, kind: RequestKind | None) -> ServiceProposal | None:
        """The service a services kind proposes; covered kinds name none."""
        if kind is not None and kind.covered:
            for key in ("service", "parameters", "quantity"):
                if table.has(key):
                    table.problem(
                        key,
                        f"a '{kind}' request is covered by support and sells no service",
                        "no service, parameters or quantity for covered kinds",
                    )
            return None
        service = table.text(
            "service", pattern=SERVICE_CODE, expected="the code of the service that sells it"
        )
        parameters: dict[str, str] = {}
        mapping = table.table(
            "parameters", required=False, expected="a table: parameter name = fact name"
        )
        facts = "one of: " + ", ".join(FACT_NAMES)
        if mapping is not None:
            for name in list(mapping.data):
                fact = mapping.text(name, expected=facts)
                if fact is not None and fact not in FACT_NAMES:
                    mapping.problem(name, f"'{fact}' is not a fact a triage knows", facts)
                elif fact is not None:
                    parameters[name] = fact
        quantity: str | Decimal | None = None
        if table.has("quantity"):
            raw = table.raw("quantity")
            numbers = "a positive number or one of: " + ", ".join(NUMBER_FACTS)
            if isinstance(raw, str):
                if raw not in NUMBER_FACTS:
                    table.problem("quantity", f"'{raw}' is not a fact that holds a number", numbers)
                quantity = raw
            else:
                quantity = table.check_decimal(
                    "quantity", raw, what="quantity", allow_negative=True
                )
                if quantity is not None and quantity <= 0:
                    table.problem("quantity", f"{quantity} is not positive", numbers)
                    quantity = None
        if service is None:
            return None
        return ServiceProposal(service, parameters, quantity)


Choice = TypeVar("Choice", Level, RequestKind)


def _choice(table: Fields, key: str, kind: type[Choice]) -> Choice | None:
    values = [member.value for member in kind]
    value = table.text(key, expected="one of: " + ", ".join(values))
    if value is None:
        return None
    if value not in values:
        table.problem(key, f"'{value}' is not known here", "one of: " + ", ".join(values))
        return None
    return kind(value)
