from decimal import Decimal
from pathlib import Path

import pytest

from quoter.books.request_file import read_quote_request
from quoter.domain.problems import QuoteRequestError, format_path
from tests.conftest import DATA

REQUEST = (DATA / "request.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, *replacements: tuple[str, str], name: str = "request.toml") -> Path:
    text = REQUEST
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(QuoteRequestError) as error:
        read_quote_request(path)
    return [f"{p.line}: {format_path(p.path)}: {p.message}" for p in error.value.problems]


def test_the_request_reads_as_written(tmp_path: Path) -> None:
    request = read_quote_request(write(tmp_path))
    assert request.customer.legal_name == "Smith & Sons <Ltd>"
    assert request.customer.address[-1] == "USA"
    assert request.reference == "PO-4711"
    assert [line.service for line in request.lines] == ["BP-FIX", "OS-DAY", "DP-PORT"]
    assert request.lines[1].quantity == Decimal(3)
    assert request.lines[2].parameters["driver"] == "imx8-eth {x}"


@pytest.mark.parametrize("key", ["price", "discount", "unit_price", "total"])
def test_a_price_in_a_request_is_refused(tmp_path: Path, key: str) -> None:
    path = write(tmp_path, ("quantity = 3", f"quantity = 3\n{key} = 100"))
    found = problems(path)
    assert found == [
        f"21: lines[2].{key}: '{key}' cannot be set in a quote request: prices come only from the price book"
    ]


def test_a_discount_at_the_top_is_refused_too(tmp_path: Path) -> None:
    found = problems(
        write(tmp_path, ('reference = "PO-4711"', 'reference = "PO-4711"\ndiscount = 10'))
    )
    assert found == [
        "4: discount: 'discount' cannot be set in a quote request: prices come only from the price book"
    ]


def test_unknown_keys_are_errors(tmp_path: Path) -> None:
    found = problems(
        write(tmp_path, ('tax_id = "US-12-3456789"', 'tax_id = "US-12-3456789"\nvat = "x"'))
    )
    assert found == ["9: customer.vat: unknown key 'vat'"]


def test_control_characters_are_refused(tmp_path: Path) -> None:
    found = problems(write(tmp_path, ('name = "Jane Smith"', 'name = "Jane\\u0007Smith"')))
    assert found == ["11: customer.signatory.name: contains a control character (code 7)"]


def test_a_newline_in_a_name_is_refused(tmp_path: Path) -> None:
    found = problems(
        write(tmp_path, ('legal_name = "Smith & Sons <Ltd>"', 'legal_name = "Smith\\nSons"'))
    )
    assert found == ["6: customer.legal_name: contains a line break (code 10)"]


@pytest.mark.parametrize("quantity", ["0", "-1", "1e1", "true", '"three"'])
def test_bad_quantities(tmp_path: Path, quantity: str) -> None:
    found = problems(write(tmp_path, ("quantity = 3", f"quantity = {quantity}")))
    assert len(found) == 1 and found[0].startswith("20: lines[2].quantity:")


def test_a_decimal_parameter_value_is_refused(tmp_path: Path) -> None:
    found = problems(write(tmp_path, ('tier = "M"', "tier = 1.5")))
    assert found == ["26: lines[3].parameters.tier: is the number 1.5"]


def test_missing_customer_fields(tmp_path: Path) -> None:
    found = problems(
        write(tmp_path, ('[customer.signatory]\nname = "Jane Smith"\ntitle = "CTO"\n', ""))
    )
    assert found == ["5: customer.signatory: is missing"]


def test_json_requests_read_the_same(tmp_path: Path) -> None:
    import json

    data = {
        "format": 1,
        "book": "mini-usd",
        "customer": {
            "legal_name": "Globex",
            "address": ["1 Main St"],
            "signatory": {"name": "Hank", "title": "CEO"},
        },
        "lines": [{"service": "OS-DAY", "quantity": 2.5}, {"service": "BP-FIX", "discount": 5}],
    }
    path = tmp_path / "request.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(QuoteRequestError) as error:
        read_quote_request(path)
    assert [format_path(p.path) for p in error.value.problems] == ["lines[2].discount"]
    del data["lines"][1]["discount"]  # type: ignore[index, attr-defined]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_quote_request(path).lines[0].quantity == Decimal("2.5")


def test_json_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text('{\n  "format": 1,\n  "book": \n}\n', encoding="utf-8")
    assert problems(path)[0].startswith("4: (top level): JSON syntax error")


def test_a_json_top_level_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text("[1, 2]", encoding="utf-8")
    assert problems(path) == ["None: (top level): the file holds a list"]


def test_a_missing_file(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.toml") == ["None: (top level): no such file"]
