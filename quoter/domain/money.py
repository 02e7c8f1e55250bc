"""Exact money: a `Money` value and the one rounding rule quoter applies.

Rules (also in docs/money.md):
- Amounts are `decimal.Decimal`, never float; constructing `Money` from anything else is a
  `TypeError`.
- Arithmetic runs in `MONEY_CONTEXT`, never in the ambient decimal context, so a caller's context
  cannot change a price.
- Rounding is half-up (commercial rounding) to the currency's minor unit (Babel's CLDR data: JPY 0,
  USD 2, KWD 3), and happens at named points only: a line's total and the tax. The subtotal is the
  sum of rounded line totals, and the total the subtotal plus the rounded tax, so printed figures
  always add up.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.numbers import get_currency_precision, is_currency

ROUNDING_RULE = "half-up to the currency's minor unit, at each line total and at the tax"

MONEY_CONTEXT = decimal.Context(
    prec=60,
    rounding=ROUND_HALF_UP,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.FloatOperation,
        decimal.Inexact,
    ],
)
"""Wide enough that no sum or product of prices is ever rounded; `Inexact` traps if one were."""

_ROUNDING_CONTEXT = decimal.Context(
    prec=60,
    rounding=ROUND_HALF_UP,
    traps=[decimal.InvalidOperation, decimal.Overflow, decimal.FloatOperation],
)
"""For the named rounding points: rounding is the point there, so `Inexact` is not a trap."""


def is_known_currency(code: str) -> bool:
    """True for an ISO 4217 code that CLDR knows (upper case, three letters)."""
    return len(code) == 3 and code.isascii() and code.isupper() and is_currency(code)


@cache
def minor_unit_digits(currency: str) -> int:
    """How many decimal places the currency's minor unit has (JPY 0, USD 2, KWD 3)."""
    return int(get_currency_precision(currency))


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of the currency, e.g. Decimal('0.01') for USD."""
    return Decimal(1).scaleb(-minor_unit_digits(currency))


def is_exact_in_minor_unit(amount: Decimal, currency: str) -> bool:
    """True when `amount` has no more decimal places than the currency's minor unit."""
    return amount == round_to_minor_unit(amount, currency)


def round_to_minor_unit(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit: the only rounding quoter does."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP, context=_ROUNDING_CONTEXT)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency. Immutable; refuses floats and mixing currencies."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"Money needs a Decimal amount, not {type(self.amount).__name__}")
        if not self.amount.is_finite():
            raise ValueError(f"Money needs a finite amount, not {self.amount}")

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise TypeError(f"cannot add {other.currency} to {self.currency}")
        return Money(MONEY_CONTEXT.add(self.amount, other.amount), self.currency)

    def times(self, factor: Decimal | int) -> Money:
        """This amount multiplied exactly by a quantity (not rounded)."""
        if not isinstance(factor, (Decimal, int)) or isinstance(factor, bool):
            raise TypeError(
                f"Money can be multiplied by a Decimal or int, not {type(factor).__name__}"
            )
        return Money(MONEY_CONTEXT.multiply(self.amount, Decimal(factor)), self.currency)

    def rounded(self) -> Money:
        """This amount rounded by the one rule (half-up to the minor unit)."""
        return Money(round_to_minor_unit(self.amount, self.currency), self.currency)

    def as_text(self) -> str:
        """The amount as a plain string with exactly the minor unit's places, e.g. '1500.00'."""
        return str(round_to_minor_unit(self.amount, self.currency))


def zero(currency: str) -> Money:
    """No money, in the currency's minor unit."""
    return Money(round_to_minor_unit(Decimal(0), currency), currency)


def percent_of(amount: Money, percent: Decimal) -> Money:
    """`percent` per cent of `amount`, exact (round it at the named point that needs it)."""
    product = MONEY_CONTEXT.multiply(amount.amount, percent)
    return Money(MONEY_CONTEXT.divide(product, Decimal(100)), amount.currency)
