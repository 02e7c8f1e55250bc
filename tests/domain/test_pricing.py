from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoter.domain.money import minor_unit_digits, round_to_minor_unit
from quoter.domain.pricing import price_request
from quoter.domain.problems import PricingError, format_path
from tests.builders import PRODUCT, backport, book, fixed, line, per_unit, request, tiered

DAY = date(2026, 3, 1)


def test_each_pricing_model_prices_exactly() -> None:
    priced = price_request(
        request(
            line("FIX", None),
            line("DAY", "3"),
            line("PORT", tier="M"),
            line("BP", source_release="4.2", target_release="3.8"),
        ),
        book(
            fixed("FIX", "1500.00"),
            per_unit("DAY", "2500.00"),
            tiered("PORT", {"S": "24000", "M": "48000", "L": "96000"}),
            backport("BP", "3500.00", "1200.00"),
        ),
        PRODUCT,
        DAY,
    )
    totals = [line.total.as_text() for line in priced.lines]
    assert totals == ["1500.00", "7500.00", "48000.00", "7100.00"]
    assert priced.lines[3].units == 3
    assert priced.subtotal.as_text() == "64100.00"
    assert priced.total.as_text() == "64100.00"
    assert priced.lines[3].scope == "Backport from 4.2 to 3.8."


def test_tax_is_computed_once_on_the_subtotal_and_rounded_half_up() -> None:
    # 3 lines of 0.10 at 5 %: per-line tax would be 3 x 0.01 (0.005 rounded up) = 0.03;
    # tax on the subtotal is 0.015 -> 0.02.
    priced = price_request(
        request(line("A"), line("B"), line("C")),
        book(fixed("A", "0.10"), fixed("B", "0.10"), fixed("C", "0.10"), tax_percent="5"),
        PRODUCT,
        DAY,
    )
    assert priced.tax is not None
    assert priced.tax.amount.as_text() == "0.02"
    assert priced.total.as_text() == "0.32"


def test_a_fractional_quantity_is_rounded_at_the_line_total() -> None:
    priced = price_request(
        request(line("HOUR", "0.5")),
        book(per_unit("HOUR", "10.01", step="0.5")),
        PRODUCT,
        DAY,
    )
    assert priced.lines[0].total.as_text() == "5.01"  # 5.005 half-up


def test_validity_runs_from_the_pricing_day() -> None:
    priced = price_request(request(line("A")), book(fixed("A", "1")), PRODUCT, DAY)
    assert priced.valid_until == date(2026, 3, 31)
    assert priced.book.id == "test-book"
    assert priced.book.digest.startswith("sha256:")


def problems_of(error: pytest.ExceptionInfo[PricingError]) -> list[str]:
    return [f"{format_path(p.path)}: {p.message}" for p in error.value.problems]


def test_every_bad_line_is_reported_with_its_place() -> None:
    the_book = book(
        fixed("A", "1"),
        per_unit("DAY", "2500", maximum="20"),
        tiered("PORT", {"S": "1", "M": "2", "L": "3"}),
        backport("BP", "1", "1"),
    )
    with pytest.raises(PricingError) as error:
        price_request(
            request(
                line("NOPE"),
                line("DAY", "21"),
                line("PORT", tier="XL"),
                line("BP", source_release="3.8", target_release="4.2"),
                line("DAY"),
                line("A", "2"),
                line("BP", source_release="4.2", target_release="9.9", colour="red"),
                line("DAY", "1.5"),
            ),
            the_book,
            PRODUCT,
            DAY,
        )
    found = problems_of(error)
    assert found[0].startswith("lines[1].service: line 1: unknown service code 'NOPE'")
    assert "lines[2].quantity: line 2 (DAY): 21 is not a valid quantity" in found
    assert "lines[3].parameters.tier: line 3 (PORT): parameter 'tier' cannot be 'XL'" in found
    assert (
        "lines[4].parameters.target_release: line 4 (BP): release 4.2 is not older than 3.8"
        in found
    )
    assert "lines[5].quantity: line 5 (DAY): the quantity is missing" in found
    assert any(
        f.startswith("lines[6].quantity: line 6 (A): service A is not sold per unit") for f in found
    )
    assert any(
        f.startswith("lines[7].parameters.colour: line 7 (BP): service BP has no parameter")
        for f in found
    )
    assert any(
        f.startswith("lines[7].parameters.target_release: line 7 (BP): parameter") for f in found
    )
    assert "lines[8].quantity: line 8 (DAY): 1.5 is not a valid quantity" in found
    assert len(found) == 9


def test_a_missing_parameter_is_an_error() -> None:
    with pytest.raises(PricingError) as error:
        price_request(
            request(line("PORT")),
            book(tiered("PORT", {"S": "1", "M": "2", "L": "3"})),
            PRODUCT,
            DAY,
        )
    assert problems_of(error) == [
        "lines[1].parameters.tier: line 1 (PORT): parameter 'tier' is missing"
    ]


def test_a_language_the_book_lacks_is_an_error() -> None:
    the_request = request(line("A"))
    the_request = type(the_request)(
        the_request.customer, the_request.book, the_request.lines, language="fr"
    )
    with pytest.raises(PricingError, match="no texts in 'fr'"):
        price_request(the_request, book(fixed("A", "1")), PRODUCT, DAY)


def test_a_book_out_of_force_cannot_price() -> None:
    with pytest.raises(PricingError, match="not in force on 2025-12-31"):
        price_request(request(line("A")), book(fixed("A", "1")), PRODUCT, date(2025, 12, 31))


CURRENCIES = st.sampled_from(["USD", "EUR", "JPY", "KWD", "CHF", "GBP"])


@st.composite
def books_and_requests(draw: st.DrawFn) -> tuple[object, object]:
    currency = draw(CURRENCIES)
    digits = minor_unit_digits(currency)
    amounts = st.integers(min_value=0, max_value=10**9).map(
        lambda n: str(Decimal(n).scaleb(-digits))
    )
    count = draw(st.integers(min_value=1, max_value=8))
    services = []
    lines = []
    for index in range(count):
        code = f"S{index}"
        kind = draw(st.sampled_from(["fixed", "per_unit", "tiered", "backport"]))
        if kind == "fixed":
            services.append(fixed(code, draw(amounts)))
            lines.append(line(code))
        elif kind == "per_unit":
            step = draw(st.sampled_from(["1", "0.5", "0.25"]))
            services.append(per_unit(code, draw(amounts), step=step))
            steps = draw(st.integers(min_value=1, max_value=400))
            lines.append(line(code, str(Decimal(step) * steps)))
        elif kind == "tiered":
            services.append(tiered(code, {t: draw(amounts) for t in ("S", "M", "L")}))
            lines.append(line(code, tier=draw(st.sampled_from(["S", "M", "L"]))))
        else:
            services.append(backport(code, draw(amounts), draw(amounts)))
            source, target = sorted(
                draw(
                    st.lists(
                        st.sampled_from(["3.8", "4.0", "4.1", "4.2"]),
                        min_size=2,
                        max_size=2,
                        unique=True,
                    )
                ),
                reverse=True,
            )
            lines.append(line(code, source_release=source, target_release=target))
    tax = draw(st.none() | st.decimals(min_value=0, max_value=30, places=2).map(str))
    return book(*services, currency=currency, tax_percent=tax), lines


@settings(max_examples=150, deadline=None)
@given(books_and_requests(), st.randoms(use_true_random=False))
def test_lines_always_add_up_and_order_never_matters(
    case: tuple[object, object], rng: object
) -> None:
    the_book, lines = case
    priced = price_request(request(*lines), the_book, PRODUCT, DAY)  # type: ignore[arg-type]
    currency = priced.currency
    total = sum((line.total.amount for line in priced.lines), Decimal(0))
    assert priced.subtotal.amount == total
    for priced_line in priced.lines:
        assert priced_line.total.amount == round_to_minor_unit(priced_line.total.amount, currency)
        assert priced_line.total.amount.as_tuple().exponent == -minor_unit_digits(currency)
    tax = priced.tax.amount.amount if priced.tax else Decimal(0)
    assert priced.total.amount == priced.subtotal.amount + tax
    shuffled = list(lines)  # type: ignore[call-overload]
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    again = price_request(request(*shuffled), the_book, PRODUCT, DAY)  # type: ignore[arg-type]
    assert (again.subtotal, again.total) == (priced.subtotal, priced.total)
    assert sorted(x.total.amount for x in again.lines) == sorted(
        x.total.amount for x in priced.lines
    )


def test_deliverables_are_filled_in_like_the_scope() -> None:
    from dataclasses import replace

    service = replace(
        backport("BP", "1", "1"), deliverables={"en": ("Patch for {target_release}",)}
    )
    priced = price_request(
        request(line("BP", source_release="4.2", target_release="4.0")), book(service), PRODUCT, DAY
    )
    assert priced.lines[0].deliverables == ("Patch for 4.0",)
