"""The `quoter` command as a user runs it: exit statuses, what it prints, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from quoter.cli import main
from tests.conftest import DATA, TEST_DAY, fixed_now, noon

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Runs `quoter ARGS...` in-process, on a fixed clock: noon UTC of the day the examples'
    outputs are documented for, unless a test gives `now`."""

    def run(*argv: str, now: datetime | None = None) -> tuple[int, str, str]:
        status = main([str(a) for a in argv], fixed_now(now or noon(TEST_DAY)))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return status, out, err

    return run


MINI = DATA / "books" / "price_books" / "mini.toml"
REQUEST = DATA / "request.toml"


def test_validate_prints_a_summary_and_the_digest(run: Run) -> None:
    status, out, err = run("pricebook", "validate", MINI)
    assert status == 0, err
    assert out.startswith(
        f"{MINI}: ok: mini-usd 2026.1, 3 services, USD, 2026-01-01 to open-ended, sha256:"
    )
    assert len(out.strip().rsplit("sha256:", 1)[1]) == 64


def test_validate_reports_every_problem_with_its_place_and_exits_1(
    run: Run, write_book: Callable[..., Path]
) -> None:
    path = write_book(
        ('currency = "USD"', 'currency = "DOLLARS"'), ("unit_price = 2500.00", "unit_price = 1e3")
    )
    status, out, err = run("pricebook", "validate", MINI, path)
    assert status == 1
    assert "mini.toml: ok" in out
    assert f"{path}: 2 problem(s):" in err
    assert (
        f"{path}:6: currency: 'DOLLARS' is not a known ISO 4217 currency code (expected e.g. USD, EUR, JPY)"
        in err
    )
    assert "services[2].pricing.unit_price: '1e3' is not a plain decimal number" in err


def test_validate_checks_the_given_books_as_a_set(
    run: Run, write_book: Callable[..., Path]
) -> None:
    first = write_book(name="a.toml")
    second = write_book(('version = "2026.1"', 'version = "2026.2"'), name="b.toml")
    status, _, err = run("pricebook", "validate", first, second)
    assert status == 1
    assert "The books are not valid together:" in err
    assert "mini-usd 2026.2 (from 2026-01-01) starts on the same day as 2026.1" in err


def test_validate_a_missing_file_and_a_folder(run: Run, tmp_path: Path) -> None:
    status, _, err = run("pricebook", "validate", tmp_path / "nope.toml", tmp_path)
    assert status == 1
    assert f"{tmp_path / 'nope.toml'}: no such file" in err
    assert f"{tmp_path}: is a folder, not a file" in err


def test_price_prints_a_babel_formatted_table(run: Run) -> None:
    status, out, err = run("--data", DATA / "books", "quote", "price", REQUEST)
    assert status == 0, err
    assert "Customer: Smith & Sons <Ltd>" in out
    assert "$3,500.00 + 3 × $1,200.00 (release stepped back)" in out
    assert "$7,100.00" in out and "$48,000.00" in out
    assert "Sales tax (7.25 %)   $4,538.50" in out
    assert out.rstrip().splitlines()[-3].endswith("$67,138.50")


def test_price_json_carries_amounts_as_strings_and_the_book_identity(run: Run) -> None:
    status, out, _ = run("--data", DATA / "books", "quote", "price", REQUEST, "--json")
    assert status == 0
    data = json.loads(out)
    assert data["format"] == 1
    assert data["book"]["id"] == "mini-usd" and data["book"]["digest"].startswith("sha256:")
    assert [line["total"] for line in data["lines"]] == ["7100.00", "7500.00", "48000.00"]
    assert data["subtotal"] == "62600.00" and data["tax"]["amount"] == "4538.50"
    assert data["total"] == "67138.50"
    assert data["lines"][0]["scope"].startswith(
        "Backport fix ORCA-1234 from release 4.2 to release 3.8."
    )
    assert data["preview"] is False


def test_the_json_request_echo_reads_back_as_a_request(run: Run, tmp_path: Path) -> None:
    _, out, _ = run("--data", DATA / "books", "quote", "price", REQUEST, "--json")
    echo = tmp_path / "echo.json"
    echo.write_text(json.dumps(json.loads(out)["request"]), encoding="utf-8")
    status, again, _ = run("--data", DATA / "books", "quote", "price", echo, "--json")
    assert status == 0
    assert json.loads(again)["lines"] == json.loads(out)["lines"]


def test_a_preview_date_is_marked(run: Run) -> None:
    status, out, _ = run(
        "--data", DATA / "books", "quote", "price", REQUEST, "--date", "2026-02-01"
    )
    assert status == 0
    assert out.startswith("Preview only: priced as on February 1, 2026; not an offer.")


def test_a_date_before_any_book_says_which_versions_exist(run: Run) -> None:
    status, _, err = run(
        "--data", DATA / "books", "quote", "price", REQUEST, "--date", "2020-01-01"
    )
    assert status == 1
    assert "No version of price book 'mini-usd' is in force on 2020-01-01." in err
    assert "2026.1: 2026-01-01 to the next version" in err


def test_pricing_errors_name_the_line_of_the_request(run: Run, tmp_path: Path) -> None:
    text = REQUEST.read_text(encoding="utf-8").replace("quantity = 3", "quantity = 30")
    path = tmp_path / "request.toml"
    path.write_text(text, encoding="utf-8")
    status, _, err = run("--data", DATA / "books", "quote", "price", path)
    assert status == 1
    assert (
        f"{path}:20: lines[2].quantity: line 2 (OS-DAY): 30 is not a valid quantity (expected a whole quantity from 1 to 20)"
        in err
    )


def test_an_explicit_book_file(run: Run) -> None:
    status, out, _ = run("quote", "price", REQUEST, "--book", MINI)
    assert status == 0
    assert "mini-usd 2026.1" in out


def test_a_bad_date_is_a_usage_error(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["quote", "price", str(REQUEST), "--date", "01/02/2026"])
    assert exit_.value.code == 2
    assert "'01/02/2026' is not a date like 2026-03-01" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content", [b"\x00\x01\x02binary", b"[[[", b"format = 1\n", "¿".encode("latin-1")]
)
def test_garbage_request_files_get_a_message_not_a_traceback(
    run: Run, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "garbage.toml"
    path.write_bytes(content)
    status, _, err = run("--data", DATA / "books", "quote", "price", path)
    assert status == 1
    assert err.startswith(f"{path}: not a valid quote request")


def test_schemas_are_printed_as_json(run: Run) -> None:
    status, out, _ = run("pricebook", "schema")
    assert status == 0 and json.loads(out)["title"] == "quoter price book, format 1"
    status, out, _ = run("quote", "schema")
    assert status == 0 and json.loads(out)["title"] == "quoter quote request, format 1"


def test_a_config_file_names_the_data_folders(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'data_dirs = ["{DATA / "books"}"]\n', encoding="utf-8")
    status, out, _ = run("--config", config, "quote", "price", REQUEST)
    assert status == 0 and "mini-usd" in out


def test_a_broken_config_file_is_explained(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("data_dir = 3\n", encoding="utf-8")
    status, _, err = run("--config", config, "pricebook", "list")
    assert status == 1
    assert "unknown setting 'data_dir'" in err


def test_the_environment_names_the_data_folders(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTER_DATA", str(DATA / "books"))
    status, out, _ = run("pricebook", "list")
    assert status == 0 and out.startswith("mini-usd ")
