"""The pricing engine: a quote request and a price book in, a priced quote out, exactly.

Pure and deterministic: the same request, book, product and day always give the same figures. Each
line's total is rounded once, half-up to the currency's minor unit; the subtotal is the sum of those
rounded totals; tax is computed once on the subtotal and rounded; the total is their sum. Every
problem with the request is collected and raised together as a `PricingError` naming each line.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from babel import localedata

from quoter.domain.money import MONEY_CONTEXT, ROUNDING_RULE, Money, percent_of, zero
from quoter.domain.pricebook import (
    BasePlusUnitPrice,
    FixedPrice,
    FromParameter,
    Parameter,
    ParameterKind,
    PerUnitPrice,
    PriceBook,
    Service,
    TieredPrice,
)
from quoter.domain.problems import FieldPath, PricingError, Problem
from quoter.domain.products import Product
from quoter.domain.quote import (
    FilledParameter,
    ParameterValue,
    PricedLine,
    PricedQuote,
    QuoteRequest,
    RequestLine,
    TaxLine,
)
from quoter.domain.text import fill_template

MODEL_NAMES = {
    FixedPrice: "fixed",
    PerUnitPrice: "per_unit",
    TieredPrice: "tiered",
    BasePlusUnitPrice: "base_plus_unit",
}


def price_request(
    request: QuoteRequest,
    book: PriceBook,
    product: Product,
    on: date,
    *,
    preview: bool = False,
) -> PricedQuote:
    """Price every line of `request` with `book` as in force on `on`, or raise `PricingError`."""
    problems: list[Problem] = []
    language = request.language or book.default_language
    if language not in book.languages:
        problems.append(
            Problem(
                ("language",),
                f"price book {book.id} {book.version} has no texts in '{language}'",
                "one of: " + ", ".join(book.languages),
            )
        )
    if request.book != book.id:
        problems.append(
            Problem(("book",), f"this request names book '{request.book}', not '{book.id}'")
        )
    if not book.covers(on):
        problems.append(
            Problem(
                ("book",),
                f"price book {book.id} {book.version} is not in force on {on.isoformat()}",
            )
        )
    if not request.lines:
        problems.append(
            Problem(("lines",), "the request has no lines", "at least one [[lines]] entry")
        )
    if problems:
        raise PricingError("The quote request cannot be priced:", problems)

    lines: list[PricedLine] = []
    for index, line in enumerate(request.lines):
        priced = _price_line(index, line, book, product, language, problems)
        if priced is not None:
            lines.append(priced)
    if problems:
        raise PricingError("The quote request cannot be priced:", problems)

    subtotal = zero(book.currency)
    for priced_line in lines:
        subtotal = subtotal + priced_line.total
    tax_line = None
    total = subtotal
    if book.tax is not None:
        tax_amount = percent_of(subtotal, book.tax.percent).rounded()
        tax_line = TaxLine(book.tax.label[language], book.tax.percent, tax_amount)
        total = subtotal + tax_amount
    return PricedQuote(
        request=request,
        book=book.ref,
        book_title=book.title[language],
        currency=book.currency,
        language=language,
        locale=document_locale(language, book.locale),
        priced_on=on,
        valid_until=on + timedelta(days=book.quote_validity_days),
        preview=preview,
        lines=tuple(lines),
        subtotal=subtotal,
        tax=tax_line,
        total=total,
        payment_terms=book.payment_terms[language],
        rounding_rule=ROUNDING_RULE,
    )


def document_locale(language: str, book_locale: str) -> str:
    """The locale a document uses: its language in the book's region ('en' + 'de_DE' -> 'en_DE'),
    or the language alone where CLDR has no such combination (there is no 'de_US')."""
    _, _, region = book_locale.partition("_")
    if book_locale.split("_")[0] == language:
        return book_locale
    combined = f"{language}_{region}"
    return combined if region and localedata.exists(combined) else language


def _price_line(
    index: int,
    line: RequestLine,
    book: PriceBook,
    product: Product,
    language: str,
    problems: list[Problem],
) -> PricedLine | None:
    at: FieldPath = ("lines", index)
    service = book.service(line.service)
    if service is None:
        codes = ", ".join(s.code for s in book.services[:12])
        more = ", ..." if len(book.services) > 12 else ""
        problems.append(
            Problem(
                (*at, "service"),
                f"line {index + 1}: unknown service code '{line.service}' "
                f"in book {book.id} {book.version}",
                f"one of {codes}{more}",
            )
        )
        return None
    before = len(problems)
    label = f"line {index + 1} ({service.code})"
    values = _checked_parameters(at, label, line.parameters, service, product, language, problems)
    quantity = checked_quantity(at, label, line.quantity, service, problems)
    if len(problems) > before or quantity is None:
        return None
    return _priced_line(index, label, service, values, quantity, book, product, language, problems)


def _checked_parameters(
    at: FieldPath,
    label: str,
    given: Mapping[str, ParameterValue],
    service: Service,
    product: Product,
    language: str,
    problems: list[Problem],
) -> dict[str, FilledParameter]:
    filled: dict[str, FilledParameter] = {}
    known = {parameter.name for parameter in service.parameters}
    for name in given:
        if name not in known:
            problems.append(
                Problem(
                    (*at, "parameters", name),
                    f"{label}: service {service.code} has no parameter '{name}'",
                    "one of: " + ", ".join(sorted(known)) if known else "no parameters",
                )
            )
    for parameter in service.parameters:
        value = given.get(parameter.name, parameter.default)
        path: FieldPath = (*at, "parameters", parameter.name)
        if value is None:
            if parameter.required:
                problems.append(
                    Problem(
                        path,
                        f"{label}: parameter '{parameter.name}' is missing",
                        _expected(parameter, product),
                    )
                )
            continue
        shown = _shown_value(parameter, value, product, language)
        if shown is None:
            problems.append(
                Problem(
                    path,
                    f"{label}: parameter '{parameter.name}' cannot be {value!r}",
                    _expected(parameter, product),
                )
            )
            continue
        filled[parameter.name] = FilledParameter(
            parameter.name, parameter.label[language], value, shown
        )
    return filled


def _shown_value(
    parameter: Parameter, value: ParameterValue, product: Product, language: str
) -> str | None:
    """How the value reads in a document, or None when it is not a valid value of the parameter."""
    if parameter.kind is ParameterKind.INTEGER:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        if parameter.minimum is not None and value < parameter.minimum:
            return None
        if parameter.maximum is not None and value > parameter.maximum:
            return None
        return str(value)
    if not isinstance(value, str):
        return None
    if parameter.kind is ParameterKind.ENUM:
        choice = parameter.choice(value)
        return choice.label[language] if choice else None
    if parameter.kind is ParameterKind.RELEASE:
        release = product.release(value)
        return release.name if release else None
    if not value.strip() or len(value) > parameter.max_length:
        return None
    return value


def _expected(parameter: Parameter, product: Product) -> str:
    if parameter.kind is ParameterKind.ENUM:
        return "one of: " + ", ".join(choice.value for choice in parameter.choices)
    if parameter.kind is ParameterKind.RELEASE:
        return f"a release of {product.name}: " + ", ".join(product.release_ids())
    if parameter.kind is ParameterKind.INTEGER:
        low = "" if parameter.minimum is None else f" from {parameter.minimum}"
        high = "" if parameter.maximum is None else f" to {parameter.maximum}"
        return f"a whole number{low}{high}"
    return f"a non-empty text of at most {parameter.max_length} characters"


def checked_quantity(
    at: FieldPath, label: str, quantity: Decimal | None, service: Service, problems: list[Problem]
) -> Decimal | None:
    pricing = service.pricing
    path: FieldPath = (*at, "quantity")
    if not isinstance(pricing, PerUnitPrice):
        if quantity is not None and quantity != 1:
            problems.append(
                Problem(
                    path,
                    f"{label}: service {service.code} is not sold per unit, "
                    "so it takes no quantity",
                    "no quantity (add another line to order it again)",
                )
            )
            return None
        return Decimal(1)
    limits = f"from {pricing.min_quantity}" + (
        f" to {pricing.max_quantity}" if pricing.max_quantity is not None else ""
    )
    if pricing.quantity_step == 1:
        expected = f"a whole quantity {limits}"
    else:
        expected = f"a quantity {limits}, in steps of {pricing.quantity_step}"
    if quantity is None:
        problems.append(Problem(path, f"{label}: the quantity is missing", expected))
        return None
    out_of_range = quantity < pricing.min_quantity or (
        pricing.max_quantity is not None and quantity > pricing.max_quantity
    )
    off_step = MONEY_CONTEXT.remainder(quantity, pricing.quantity_step) != 0
    if quantity <= 0 or out_of_range or off_step:
        problems.append(Problem(path, f"{label}: {quantity} is not a valid quantity", expected))
        return None
    return quantity


def _priced_line(
    index: int,
    label: str,
    service: Service,
    values: dict[str, FilledParameter],
    quantity: Decimal,
    book: PriceBook,
    product: Product,
    language: str,
    problems: list[Problem],
) -> PricedLine | None:
    currency = book.currency
    pricing = service.pricing
    unit: str | None = None
    unit_price: Money | None = None
    base: Money | None = None
    units: int | None = None
    if isinstance(pricing, FixedPrice):
        total = Money(pricing.price, currency)
    elif isinstance(pricing, PerUnitPrice):
        unit = pricing.unit[language]
        unit_price = Money(pricing.unit_price, currency)
        total = unit_price.times(quantity)
    elif isinstance(pricing, TieredPrice):
        tier = values[pricing.parameter].value
        total = Money(pricing.prices[str(tier)], currency)
    else:
        units = _units(index, label, pricing, values, product, language, problems)
        if units is None:
            return None
        unit = pricing.unit[language]
        base = Money(pricing.base, currency)
        unit_price = Money(pricing.unit_price, currency)
        total = base + unit_price.times(units)
    shown = {name: filled.shown for name, filled in values.items()}
    return PricedLine(
        number=index + 1,
        service_code=service.code,
        category=service.category,
        category_name=_category_name(book, service.category, language),
        name=service.name[language],
        summary=fill_template(service.summary[language], shown),
        parameters=tuple(values[p.name] for p in service.parameters if p.name in values),
        model=MODEL_NAMES[type(pricing)],
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        base=base,
        units=units,
        total=total.rounded(),
        scope=fill_template(service.scope[language], shown),
        deliverables=_filled(service.deliverables.get(language, ()), shown),
        assumptions=_filled(service.assumptions.get(language, ()), shown),
        exclusions=_filled(service.exclusions.get(language, ()), shown),
        lead_time_days=service.lead_time_days,
    )


def _filled(texts: tuple[str, ...], values: dict[str, str]) -> tuple[str, ...]:
    return tuple(fill_template(text, values) for text in texts)


def _units(
    index: int,
    label: str,
    pricing: BasePlusUnitPrice,
    values: dict[str, FilledParameter],
    product: Product,
    language: str,
    problems: list[Problem],
) -> int | None:
    source = pricing.units
    if isinstance(source, FromParameter):
        value = values[source.parameter].value
        assert isinstance(value, int)  # checked as an integer parameter above
        units = value
        path: FieldPath = ("lines", index, "parameters", source.parameter)
        what = f"{units} {source.parameter}"
    else:
        newer = str(values[source.newer].value)
        older = str(values[source.older].value)
        units = product.releases_between(newer, older)
        path = ("lines", index, "parameters", source.older)
        what = f"release {older} is {units} release(s) behind {newer}"
        if units <= 0:
            problems.append(
                Problem(
                    path,
                    f"{label}: release {older} is not older than {newer}",
                    f"'{source.older}' an older release than '{source.newer}'",
                )
            )
            return None
    too_few = units < pricing.min_units
    too_many = pricing.max_units is not None and units > pricing.max_units
    if too_few or too_many:
        limit = f"from {pricing.min_units}" + (
            f" to {pricing.max_units}" if pricing.max_units is not None else ""
        )
        unit = pricing.unit[language]
        problems.append(
            Problem(path, f"{label}: {what}, outside what this service covers", f"{limit} ({unit})")
        )
        return None
    return units


def _category_name(book: PriceBook, category_id: str, language: str) -> str:
    category = book.category(category_id)
    return category.name[language] if category else category_id
