"""How values read in a document or on screen, in one locale (Babel).

Values never format themselves: display lives apart from the value.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from quoter.domain.money import Money


def money_text(money: Money, locale: str) -> str:
    """`1.234,56 €` in de_DE, `$1,234.56` in en_US: always the currency's minor unit of digits."""
    return format_currency(money.amount, money.currency, locale=locale, currency_digits=True)


def number_text(number: Decimal | int, locale: str) -> str:
    """A quantity as people read it in `locale` (`1,5` in German)."""
    return format_decimal(number, locale=locale, decimal_quantization=False)


def date_text(day: date, locale: str) -> str:
    """A date in the locale's long form: `March 1, 2026`, `1. März 2026`."""
    return format_date(day, format="long", locale=locale)
