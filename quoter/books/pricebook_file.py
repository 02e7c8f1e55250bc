"""Reading and validating a price book file (TOML, format 1; docs/price-books.md).

Every problem in a book is collected, located (file, line, field path) and raised once as a
`PriceBookError`. Amounts are read from the file's own text as `Decimal`, never through float.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from quoter.books.book_cache import cache_key, cached_book, store_book
from quoter.books.digest import digest
from quoter.books.fields import Collector, Fields, describe, read_languages
from quoter.books.limits import PRICE_BOOK
from quoter.books.products_file import PRODUCT_ID
from quoter.books.source import SourceError, locate, odd_integers, parse_toml, read_text
from quoter.domain.money import is_exact_in_minor_unit, is_known_currency, minor_unit_digits
from quoter.domain.pricebook import (
    BasePlusUnitPrice,
    Category,
    Choice,
    FixedPrice,
    FromParameter,
    Parameter,
    ParameterKind,
    PerUnitPrice,
    PriceBook,
    PricingModel,
    ReleasesBetween,
    Service,
    Tax,
    TieredPrice,
)
from quoter.domain.problems import FieldPath, PriceBookError, ProductError
from quoter.domain.products import Product
from quoter.domain.text import (
    LocalizedText,
    PlaceholderSyntaxError,
    placeholder_names,
)

NOT_MONEY = frozenset(
    {"XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA"}
)
LOCALE = re.compile(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?")
BOOK_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.-]*")
BOOK_ID_LENGTH = 80
VERSION_LENGTH = 40
"""The longest book id and version: the register keeps them in columns of these widths
(quoter/storage/schema.py), and PostgreSQL refuses a longer value."""
SERVICE_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
CATEGORY_ID = re.compile(r"[a-z][a-z0-9_]*")
PARAMETER_NAME = re.compile(r"[a-z][a-z0-9_]*")
CHOICE_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")

ProductLookup = Callable[[str], Product]
"""Finds a product's release list by id, raising `ProductError` when there is none."""


def read_price_book(
    path: Path, find_product: ProductLookup, cache: Path | None = None
) -> PriceBook:
    """The validated book in `path`, or `PriceBookError` listing every problem with its place.

    With a `cache` folder, a book already validated (same file bytes, same product release list,
    same quoter) is loaded from there instead of parsed and validated again: parsing TOML alone
    takes seconds for a book of thousands of services. The cache's key is kept beside that folder
    (`quoter.books.book_cache`); an entry that is not exactly what quoter wrote is never used.
    """
    file = str(path)
    # The cyclic garbage collector walks the hundreds of thousands of objects a large book makes
    # again and again (a third of the first load); it is left alone all the same, since switching
    # it off is process-wide and other threads run on. The cache makes the next start fast.
    try:
        text = read_text(path, PRICE_BOOK)
        key = cache_key(text) if cache is not None else ""
        if cache is not None:
            cached = cached_book(cache, key, len(text), find_product)
            if cached is not None:
                return replace(cached, source=file)
        data = parse_toml(text, file, PRICE_BOOK)
        book = price_book_from_text(text, data, file, find_product)
        if cache is not None:
            store_book(cache, key, book, find_product(book.product))
        return book
    except SourceError as error:
        raise PriceBookError(f"{file}: not a valid price book", [error.problem]) from None


def price_book_from_text(
    text: str, data: dict[str, Any], file: str, find_product: ProductLookup
) -> PriceBook:
    collector = Collector()
    book = _BookReader(data, collector, find_product).read(file)
    problems = odd_integers(text, file) + collector.problems
    if problems or book is None:
        raise PriceBookError(f"{file}: not a valid price book", locate(problems, text, file))
    return book


class _BookReader:
    def __init__(
        self, data: dict[str, Any], collector: Collector, find_product: ProductLookup
    ) -> None:
        self.data = data
        self.collector = collector
        self.find_product = find_product
        self.languages: tuple[str, ...] = ()
        self.currency = ""
        self.product: Product | None = None
        self.category_ids: set[str] = set()

    def read(self, source: str) -> PriceBook | None:
        top = Fields(self.data, (), self.collector)
        top.format_one()
        book_id = top.text(
            "id",
            pattern=BOOK_ID,
            max_length=BOOK_ID_LENGTH,
            expected="a lower-case id like 'services-usd'",
        )
        version = top.text(
            "version",
            pattern=VERSION,
            max_length=VERSION_LENGTH,
            expected="a version like '2026.1'",
        )
        self.languages = read_languages(top)
        locale = self._locale(top)
        self.currency = self._currency(top)
        self.product = self._product(top)
        title = top.localized("title", self.languages)
        effective_from = top.date("effective_from")
        effective_until = top.date("effective_until", required=False)
        if effective_from and effective_until and effective_until < effective_from:
            top.problem(
                "effective_until",
                f"{effective_until} is before effective_from {effective_from}",
                "a date on or after effective_from",
            )
        validity = top.integer("quote_validity_days", minimum=1, maximum=366)
        payment_terms = top.localized("payment_terms", self.languages, multiline=True)
        tax = self._tax(top)
        categories = self._categories(top)
        services = self._services(top)
        top.finish()
        if self.collector.problems:
            return None
        assert book_id and version and title and locale and effective_from and validity
        assert payment_terms and self.product
        return PriceBook(
            id=book_id,
            version=version,
            title=title,
            product=self.product.id,
            currency=self.currency,
            locale=locale,
            languages=self.languages,
            effective_from=effective_from,
            effective_until=effective_until,
            quote_validity_days=validity,
            payment_terms=payment_terms,
            tax=tax,
            categories=categories,
            services=services,
            digest=digest(self.data),
            source=source,
        )

    def _no_text(self) -> LocalizedText | None:
        """With no valid languages (reported once), labels stand in as empty, so no parameter or
        choice is reported missing for a reason that is not its own."""
        return None if self.languages else LocalizedText({})

    def _locale(self, top: Fields) -> str | None:
        locale = top.text("locale", pattern=LOCALE, expected="a locale like en_US or de_DE")
        if locale is None:
            return None
        try:
            Locale.parse(locale)
        except (UnknownLocaleError, ValueError):
            top.problem(
                "locale", f"'{locale}' is not a locale Babel knows", "a locale like en_US or de_DE"
            )
            return None
        language = locale.split("_")[0]
        if self.languages and language not in self.languages:
            top.problem(
                "locale",
                f"the locale's language '{language}' is not among the book's languages",
                f"a locale in one of: {', '.join(self.languages)}",
            )
        return locale

    def _currency(self, top: Fields) -> str:
        currency = top.text("currency", expected="an ISO 4217 code like USD or EUR")
        if currency in NOT_MONEY:
            top.problem(
                "currency",
                f"'{currency}' is a test, metal or accounting code, not money",
                "the ISO 4217 code of a currency, e.g. USD, EUR, JPY",
            )
            return ""
        if currency is not None and not is_known_currency(currency):
            top.problem(
                "currency",
                f"'{currency}' is not a known ISO 4217 currency code",
                "e.g. USD, EUR, JPY",
            )
            return ""
        return currency or ""

    def _product(self, top: Fields) -> Product | None:
        product_id = top.text(
            "product",
            pattern=PRODUCT_ID,
            expected="the id of a product in products/, e.g. 'orca-os'",
        )
        if product_id is None:
            return None
        try:
            return self.find_product(product_id)
        except ProductError as error:
            top.problem("product", error.summary, "the id of a product file in products/")
            self.collector.problems.extend(error.problems)  # each names its own file and line
            return None

    def _tax(self, top: Fields) -> Tax | None:
        table = top.table("tax", required=False)
        if table is None:
            return None
        label = table.localized("label", self.languages)
        percent = table.decimal("percent", what="tax percent")
        if percent is not None and percent > 100:
            table.problem(
                "percent", f"{percent} is more than 100", "a percentage from 0 to 100, e.g. 19"
            )
        table.finish()
        if label is None or percent is None:
            return None
        return Tax(label, percent)

    def _categories(self, top: Fields) -> tuple[Category, ...]:
        table = top.table("categories", expected="a [categories.<id>] table per category")
        if table is None:
            return ()
        categories = []
        for category_id in list(table.data):
            entry = table.table(category_id)
            if entry is None:
                continue
            if not CATEGORY_ID.fullmatch(category_id):
                table.problem(
                    category_id,
                    f"'{category_id}' is not a valid category id",
                    "lower-case letters, digits, _",
                )
            name = entry.localized("name", self.languages)
            entry.finish()
            if name is not None:
                categories.append(Category(category_id, name))
                self.category_ids.add(category_id)
        if not table.data:
            top.problem("categories", "no categories", "at least one [categories.<id>] table")
        return tuple(categories)

    def _services(self, top: Fields) -> tuple[Service, ...]:
        services: list[Service] = []
        first_at: dict[str, int] = {}
        entries = list(top.tables("services", expected="one [[services]] table per service"))
        if not entries and top.has("services") is False:
            pass
        elif not entries:
            top.problem("services", "no services", "at least one [[services]] table")
        for index, entry in enumerate(entries):
            code = entry.text(
                "code", pattern=SERVICE_CODE, expected="an upper-case code like BP-FIX"
            )
            if code is not None:
                if code in first_at:
                    entry.problem(
                        "code",
                        f"duplicate service code '{code}' (also service {first_at[code] + 1})",
                        "each code once per book",
                    )
                else:
                    first_at[code] = index
            service = self._service(entry, code)
            if service is not None:
                services.append(service)
        return tuple(services)

    def _service(self, entry: Fields, code: str | None) -> Service | None:
        before = len(self.collector.problems)
        languages = self.languages
        category = entry.text("category", expected="a category id from [categories]")
        if category is not None and self.category_ids and category not in self.category_ids:
            entry.problem(
                "category",
                f"unknown category '{category}'",
                "one of: "
                + ", ".join(sorted(self.category_ids))
                + " (or add it under [categories])",
            )
        name = entry.localized("name", languages)
        summary = entry.localized("summary", languages)
        scope = entry.localized("scope", languages, multiline=True)
        deliverables = entry.localized_lists("deliverables", languages)
        assumptions = entry.localized_lists("assumptions", languages)
        exclusions = entry.localized_lists("exclusions", languages)
        lead_time = entry.integer("lead_time_days", minimum=0, maximum=3650)
        parameters = self._parameters(entry)
        pricing_table = entry.table("pricing", expected="a [services.pricing] table")
        pricing = self._pricing(pricing_table, parameters) if pricing_table else None
        entry.finish()
        self._check_placeholders(
            entry,
            {"summary": summary, "scope": scope},
            {"deliverables": deliverables, "assumptions": assumptions, "exclusions": exclusions},
            parameters,
        )
        if len(self.collector.problems) > before or code is None:
            return None
        if not (category and name and summary and scope and pricing) or lead_time is None:
            return None  # a text missing because the book's languages are wrong (reported)
        service = Service(
            code=code,
            category=category,
            name=name,
            summary=summary,
            scope=scope,
            deliverables=deliverables,
            assumptions=assumptions,
            exclusions=exclusions,
            lead_time_days=lead_time,
            parameters=tuple(parameters.values()),
            pricing=pricing,
        )
        return service

    def _parameters(self, entry: Fields) -> dict[str, Parameter]:
        parameters: dict[str, Parameter] = {}
        for table in entry.tables(
            "parameters", required=False, expected="[[services.parameters]] tables"
        ):
            name = table.text(
                "name", pattern=PARAMETER_NAME, expected="a lower-case name like fix_id"
            )
            kind_text = table.text("type", expected="enum, text, integer or release")
            kind = None
            if kind_text is not None:
                try:
                    kind = ParameterKind(kind_text)
                except ValueError:
                    table.problem(
                        "type",
                        f"unknown parameter type '{kind_text}'",
                        "enum, text, integer or release",
                    )
            label = table.localized("label", self.languages)
            required = table.boolean("required", default=True)
            parameter = self._typed_parameter(table, name, kind, label, required)
            table.finish()
            if name is not None and name in parameters:
                table.problem(
                    "name",
                    f"parameter '{name}' is defined twice",
                    "each parameter once per service",
                )
            elif parameter is not None:
                parameters[parameter.name] = parameter
        return parameters

    def _typed_parameter(
        self,
        table: Fields,
        name: str | None,
        kind: ParameterKind | None,
        label: Any,
        required: bool,
    ) -> Parameter | None:
        choices: list[Choice] = []
        minimum = maximum = None
        max_length = 200
        if kind is ParameterKind.ENUM:
            for choice_table in table.tables(
                "choices", expected="[[services.parameters.choices]] tables"
            ):
                value = choice_table.text(
                    "value", pattern=CHOICE_VALUE, expected="a value like S, M or L"
                )
                choice_label = choice_table.localized("label", self.languages) or self._no_text()
                choice_table.finish()
                if value is not None and any(c.value == value for c in choices):
                    choice_table.problem(
                        "value", f"choice '{value}' is listed twice", "each choice once"
                    )
                elif value is not None and choice_label is not None:
                    choices.append(Choice(value, choice_label))
            if not choices and table.has("choices"):
                table.problem("choices", "no valid choices", "at least one choice")
        elif kind is ParameterKind.INTEGER:
            minimum = table.integer("minimum", required=False)
            maximum = table.integer("maximum", required=False)
            if minimum is not None and maximum is not None and maximum < minimum:
                table.problem(
                    "maximum", f"{maximum} is below the minimum {minimum}", "maximum >= minimum"
                )
        elif kind is ParameterKind.TEXT:
            max_length = table.integer("max_length", required=False, minimum=1, maximum=2000) or 200
        default = self._default(table, kind, choices, minimum, maximum)
        label = label or self._no_text()
        if name is None or kind is None or label is None:
            return None
        return Parameter(
            name, kind, label, required, tuple(choices), minimum, maximum, max_length, default
        )

    def _default(
        self,
        table: Fields,
        kind: ParameterKind | None,
        choices: list[Choice],
        minimum: int | None,
        maximum: int | None,
    ) -> str | int | None:
        if not table.has("default"):
            return None
        value = table.raw("default")
        if kind is ParameterKind.INTEGER:
            number = table.integer("default", minimum=minimum, maximum=maximum)
            return number
        if kind is ParameterKind.ENUM:
            if not isinstance(value, str) or value not in {c.value for c in choices}:
                table.problem(
                    "default",
                    f"{describe(value)} is not one of the choices",
                    "one of the choice values",
                )
                return None
            return str(value)
        if kind is ParameterKind.RELEASE:
            product = self.product
            if product is not None and (
                not isinstance(value, str) or product.release(value) is None
            ):
                table.problem(
                    "default",
                    f"{describe(value)} is not a release of {product.name}",
                    "a release id",
                )
                return None
            return str(value)
        max_length = table.data.get("max_length", 200)
        return table.text(
            "default",
            max_length=max_length if isinstance(max_length, int) else 200,
            expected="a default text no longer than max_length",
        )

    def _pricing(self, table: Fields, parameters: dict[str, Parameter]) -> PricingModel | None:
        model = table.text("model", expected="fixed, per_unit, tiered or base_plus_unit")
        if model == "fixed":
            price = self._amount(table, "price")
            table.finish()
            return FixedPrice(price) if price is not None else None
        if model == "per_unit":
            return self._per_unit(table)
        if model == "tiered":
            return self._tiered(table, parameters)
        if model == "base_plus_unit":
            return self._base_plus_unit(table, parameters)
        if model is not None:
            table.problem(
                "model",
                f"unknown pricing model '{model}'",
                "fixed, per_unit, tiered or base_plus_unit",
            )
        return None

    def _amount(
        self, table: Fields, key: str, value: Any = None, *, inside: bool = False
    ) -> Decimal | None:
        """A price: a non-negative number exact in the currency's minor unit."""
        amount = (
            table.check_decimal(key, value, what="price")
            if inside
            else table.decimal(key, what="price")
        )
        if amount is None or not self.currency:
            return amount
        if not is_exact_in_minor_unit(amount, self.currency):
            digits = minor_unit_digits(self.currency)
            table.problem(
                key,
                f"{amount} has more decimal places than {self.currency} allows",
                f"at most {digits} decimal place{'s' if digits != 1 else ''} for {self.currency}",
            )
            return None
        return amount

    def _per_unit(self, table: Fields) -> PerUnitPrice | None:
        unit = table.localized("unit", self.languages)
        unit_price = self._amount(table, "unit_price")
        step = table.decimal("quantity_step", required=False, what="quantity step")
        step = Decimal(1) if step is None else step
        minimum = table.decimal("min_quantity", required=False, what="minimum quantity")
        maximum = table.decimal("max_quantity", required=False, what="maximum quantity")
        minimum = step if minimum is None else minimum
        table.finish()
        if step <= 0:
            table.problem("quantity_step", "must be more than zero", "e.g. 1 or 0.5")
            return None
        if minimum <= 0:
            table.problem(
                "min_quantity", "must be more than zero", "a quantity of at least one step"
            )
        if maximum is not None and maximum < minimum:
            table.problem(
                "max_quantity", f"{maximum} is below min_quantity {minimum}", "max >= min"
            )
        for key, value in (("min_quantity", minimum), ("max_quantity", maximum)):
            if value is not None and value % step != 0:
                table.problem(
                    key,
                    f"{value} is not a multiple of the quantity step {step}",
                    "a multiple of the step",
                )
        if unit is None or unit_price is None:
            return None
        return PerUnitPrice(unit, unit_price, minimum, maximum, step)

    def _tiered(self, table: Fields, parameters: dict[str, Parameter]) -> TieredPrice | None:
        name = table.text("parameter", expected="the name of the service's enum parameter")
        prices_table = table.table(
            "prices", expected="a price per choice, e.g. prices = { S = 24000, M = 48000 }"
        )
        table.finish()
        parameter = parameters.get(name) if name else None
        if name is not None and (parameter is None or parameter.kind is not ParameterKind.ENUM):
            table.problem(
                "parameter",
                f"'{name}' is not an enum parameter of this service",
                "an enum parameter's name",
            )
            return None
        if parameter is not None and not parameter.required and parameter.default is None:
            table.problem(
                "parameter",
                f"'{parameter.name}' is optional and has no default, so a line may have no tier",
                f"make {parameter.name} required or give it a default",
            )
            return None
        if prices_table is None or parameter is None:
            return None
        prices: dict[str, Decimal] = {}
        for choice in parameter.choices:
            if not prices_table.has(choice.value):
                prices_table.problem(
                    None,
                    f"tier price missing for '{choice.value}'",
                    f"a price for each of {', '.join(c.value for c in parameter.choices)}",
                )
                continue
            price = self._amount(prices_table, choice.value)
            if price is not None:
                prices[choice.value] = price
        prices_table.finish(f"a price for each choice of {parameter.name}")
        if len(prices) != len(parameter.choices):
            return None
        return TieredPrice(parameter.name, prices)

    def _base_plus_unit(
        self, table: Fields, parameters: dict[str, Parameter]
    ) -> BasePlusUnitPrice | None:
        base = self._amount(table, "base")
        unit = table.localized("unit", self.languages)
        unit_price = self._amount(table, "unit_price")
        min_units = table.integer("min_units", required=False, minimum=0, default=0)
        max_units = table.integer("max_units", required=False, minimum=0)
        units_table = table.table(
            "units",
            expected='units = { releases_between = ["source_release", "target_release"] }'
            ' or { parameter = "name" }',
        )
        units = self._units(units_table, parameters) if units_table else None
        table.finish()
        if min_units is not None and max_units is not None and max_units < min_units:
            table.problem("max_units", f"{max_units} is below min_units {min_units}", "max >= min")
            return None
        if None in (base, unit, unit_price, units, min_units):
            return None
        assert (
            base is not None and unit is not None and unit_price is not None and units is not None
        )
        return BasePlusUnitPrice(base, unit, unit_price, units, min_units or 0, max_units)

    def _units(
        self, table: Fields, parameters: dict[str, Parameter]
    ) -> ReleasesBetween | FromParameter | None:
        if table.has("releases_between"):
            names = table.texts("releases_between", required=True)
            table.finish('releases_between = ["newer", "older"] or parameter = "name"')
            if len(names) != 2 or names[0] == names[1]:
                table.problem(
                    "releases_between",
                    "needs two different parameter names",
                    '["source_release", "target_release"]',
                )
                return None
            for name in names:
                parameter = parameters.get(name)
                if (
                    parameter is None
                    or parameter.kind is not ParameterKind.RELEASE
                    or not parameter.required
                ):
                    table.problem(
                        "releases_between",
                        f"'{name}' is not a required release parameter of this service",
                        "names of required release parameters",
                    )
                    return None
            return ReleasesBetween(names[0], names[1])
        count_from = table.text("parameter", expected='parameter = "name" or releases_between')
        table.finish('releases_between = ["newer", "older"] or parameter = "name"')
        if count_from is None:
            return None
        parameter = parameters.get(count_from)
        if (
            parameter is None
            or parameter.kind is not ParameterKind.INTEGER
            or (not parameter.required and parameter.default is None)
        ):
            table.problem(
                "parameter",
                f"'{count_from}' is not a required integer parameter of this service",
                "the name of a required integer parameter",
            )
            return None
        return FromParameter(count_from)

    def _check_placeholders(
        self,
        entry: Fields,
        texts: dict[str, LocalizedText | None],
        lists: dict[str, dict[str, tuple[str, ...]]],
        parameters: dict[str, Parameter],
    ) -> None:
        """Every `{name}` in the service's texts must name a parameter that always has a value.
        Checked with whatever parts of the service could be read, so these problems are reported
        together with the others."""
        found: list[tuple[FieldPath, str]] = [
            ((*entry.path, key, language), text)
            for key, localized in texts.items()
            if localized is not None
            for language, text in localized.by_language.items()
        ]
        for key, by_language in lists.items():
            for language, items in by_language.items():
                found.extend(
                    ((*entry.path, key, language, index), item) for index, item in enumerate(items)
                )
        for path, text in found:
            try:
                names = placeholder_names(text)
            except PlaceholderSyntaxError as error:
                entry.collector.add(path, f"placeholder syntax: {error}")
                continue
            for name in names:
                parameter = parameters.get(name)
                if parameter is None:
                    entry.collector.add(
                        path,
                        f"placeholder {{{name}}} has no parameter",
                        f"a parameter of this service named {name} (or {{{{ for a literal brace)",
                    )
                elif not parameter.required and parameter.default is None:
                    entry.collector.add(
                        path,
                        f"placeholder {{{name}}} names an optional parameter with no default",
                        f"make {name} required or give it a default",
                    )
