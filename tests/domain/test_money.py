from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quoter.domain.money import (
    Money,
    is_exact_in_minor_unit,
    is_known_currency,
    minor_unit_digits,
    percent_of,
    round_to_minor_unit,
)


def test_minor_units_come_from_cldr() -> None:
    assert minor_unit_digits("JPY") == 0
    assert minor_unit_digits("USD") == 2
    assert minor_unit_digits("KWD") == 3


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [
        ("0.005", "USD", "0.01"),
        ("0.004999", "USD", "0.00"),
        ("2.675", "EUR", "2.68"),
        ("-2.675", "EUR", "-2.68"),
        ("1234.5", "JPY", "1235"),
        ("1.0005", "KWD", "1.001"),
    ],
)
def test_rounding_is_half_up_to_the_minor_unit(amount: str, currency: str, rounded: str) -> None:
    assert round_to_minor_unit(Decimal(amount), currency) == Decimal(rounded)
    assert str(round_to_minor_unit(Decimal(amount), currency)) == rounded


def test_rounding_ignores_the_ambient_decimal_context() -> None:
    import decimal

    with decimal.localcontext() as context:
        context.rounding = decimal.ROUND_HALF_EVEN
        context.prec = 3
        assert round_to_minor_unit(Decimal("12345.125"), "USD") == Decimal("12345.13")


def test_money_refuses_floats() -> None:
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(Decimal("1.50"), "USD").times(1.5)  # type: ignore[arg-type]


def test_money_refuses_mixing_currencies() -> None:
    with pytest.raises(TypeError, match="cannot add EUR to USD"):
        Money(Decimal("1"), "USD") + Money(Decimal("1"), "EUR")


def test_exactness_in_minor_unit() -> None:
    assert is_exact_in_minor_unit(Decimal("10.50"), "USD")
    assert not is_exact_in_minor_unit(Decimal("10.505"), "USD")
    assert not is_exact_in_minor_unit(Decimal("10.5"), "JPY")
    assert is_exact_in_minor_unit(Decimal("10.505"), "KWD")


def test_unknown_currencies_are_refused() -> None:
    assert is_known_currency("EUR")
    assert not is_known_currency("eur")
    assert not is_known_currency("ABC")


def test_percent_of_is_exact_until_rounded() -> None:
    tax = percent_of(Money(Decimal("62600.00"), "USD"), Decimal("7.25"))
    assert tax.amount == Decimal("4538.5")
    assert tax.rounded().as_text() == "4538.50"


@given(
    cents=st.integers(min_value=-(10**12), max_value=10**12),
    currency=st.sampled_from(["USD", "EUR", "JPY", "KWD", "CHF"]),
)
def test_rounding_an_amount_already_exact_changes_nothing(cents: int, currency: str) -> None:
    amount = Decimal(cents).scaleb(-minor_unit_digits(currency))
    assert round_to_minor_unit(amount, currency) == amount
    assert is_exact_in_minor_unit(amount, currency)
