"""Issue 19 as an adversary tried it through the command line: every hostile file ends in a message
that says where and what is wrong, exit status 1, never an internal error (70); a tampered cache
never changes a price. How fast each is refused is measured in bench/bench_hostile_files.py."""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

import pytest

from tests.cli.test_cli import MINI, REQUEST, Run, run  # noqa: F401  (the fixture)
from tests.conftest import DATA, REPO, made_register

FACTS = REPO / "examples" / "triage" / "defect-supported.toml"
LONG_HEADER = "[" + ".".join(["a"] * 100_000) + "]\n"
"""The issue's table header of 100,000 keys (200 KB)."""


@pytest.fixture(autouse=True)
def _own_register_and_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUOTER_DB", made_register(f"sqlite:///{tmp_path / 'register.sqlite3'}"))
    monkeypatch.setenv("QUOTER_USER", "sam.seller")
    monkeypatch.setenv("QUOTER_CACHE_DIR", str(tmp_path / "cache"))


def written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_triage_refuses_a_facts_file_with_a_100000_key_header(run: Run, tmp_path: Path) -> None:  # noqa: F811
    facts = written(tmp_path / "facts.toml", FACTS.read_text(encoding="utf-8") + LONG_HEADER)
    line = FACTS.read_text(encoding="utf-8").count("\n") + 1
    status, _, err = run("triage", facts)
    assert status == 1
    assert err.splitlines()[:2] == [
        f"{facts}: not a valid facts file",
        f"  {facts}:{line}: has a key or table header of more than 16 dotted parts "
        "(expected keys of at most 16 parts, like [customer.signatory])",
    ]


def test_triage_refuses_a_facts_file_over_1_mib_unread(run: Run, tmp_path: Path) -> None:  # noqa: F811
    facts = written(tmp_path / "facts.toml", "[" + "a." * 600_000 + "a]\n")
    status, _, err = run("triage", facts)
    assert status == 1
    assert (
        f"{facts}: is 1,200,004 bytes long, too large for a facts file "
        "(expected a facts file of at most 1 MiB)"
    ) in err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "deep.json",
            '{"format": 1,\n"book": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "deep.json:2: is nested more than 32 levels deep "
            "(expected tables and lists nested at most 32 deep)",
        ),
        (
            "digits.toml",
            REQUEST.read_text(encoding="utf-8").replace(
                "quantity = 3", "quantity = " + "9" * 10**5
            ),
            "digits.toml:20: has a number 100,000 characters long "
            "(expected numbers of at most 100 characters)",
        ),
        (
            "header.toml",
            REQUEST.read_text(encoding="utf-8") + LONG_HEADER,
            "header.toml:27: has a key or table header of more than 16 dotted parts",
        ),
    ],
)
def test_quotes_new_refuses_hostile_requests(
    run: Run,  # noqa: F811
    tmp_path: Path,
    name: str,
    text: str,
    message: str,
) -> None:
    request = written(tmp_path / name, text)
    status, _, err = run("--data", DATA / "books", "quotes", "new", request)
    assert status == 1
    assert f"{request}: not a valid quote request" in err
    assert f"  {tmp_path / message}" in err


def test_validate_refuses_a_book_id_longer_than_the_registers_column(
    run: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    (tmp_path / "price_books").mkdir()
    book = written(
        tmp_path / "price_books" / "long.toml",
        MINI.read_text(encoding="utf-8").replace('id = "mini-usd"', f'id = "{"s" * 85}"'),
    )
    status, _, err = run("--data", DATA / "books", "pricebook", "validate", book)
    assert status == 1
    assert f"{book}:2: id: is 85 characters long (expected at most 80)" in err


def pdf_with_quote(content: bytes) -> bytes:
    """A one-page PDF with `content` embedded, compressed, as quote.json: what a forger sends."""
    packed = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R"
        b" /Names << /EmbeddedFiles << /Names [(quote.json) 4 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /Filespec /F (quote.json) /UF (quote.json) /EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream",
    ]
    pdf = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return pdf


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"format": 1,\n"book": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "embedded quote.json:2: is nested more than 32 levels deep",
        ),
        (
            b'{"format": 1, "kind": "quoter.priced-quote", "total": ' + b"1" * 100_000 + b"}",
            "embedded quote.json:1: has a number 100,000 characters long",
        ),
        (b" " * (128 * 2**20), "the embedded quote.json is larger than 8 MiB unpacked"),
    ],
    ids=["deep", "digits", "zlib-bomb"],
)
def test_verify_refuses_a_hostile_embedded_quote(
    run: Run,  # noqa: F811
    tmp_path: Path,
    content: bytes,
    message: str,
) -> None:
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(pdf_with_quote(content))
    status, out, err = run("contract", "verify", pdf)
    assert (status, out) == (1, "")
    assert message in err


def test_verify_says_when_a_pdf_has_no_quote(run: Run, tmp_path: Path) -> None:  # noqa: F811
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(pdf_with_quote(b"{}").replace(b"(quote.json)", b"(other.json)"))
    status, _, err = run("contract", "verify", pdf)
    assert status == 1
    assert f"{pdf}: has no embedded quote.json; it was not made by quoter" in err


def price(run: Run) -> str:  # noqa: F811
    status, out, err = run("--data", DATA / "books", "quote", "price", REQUEST)
    assert status == 0, err
    return out


def test_an_edited_cache_entry_never_changes_a_price(run: Run, tmp_path: Path) -> None:  # noqa: F811
    genuine = price(run)
    assert "$67,138.50" in genuine
    edited = 0
    for entry in (tmp_path / "cache").glob("*.pickle"):
        content = entry.read_bytes()
        if b"48000.00" in content:  # the mini book's tier price, edited as the issue did
            entry.write_bytes(content.replace(b"48000.00", b"00001.00"))
            edited += 1
    assert edited >= 1
    assert price(run) == genuine


def test_random_bytes_in_the_cache_are_ignored(run: Run, tmp_path: Path) -> None:  # noqa: F811
    genuine = price(run)
    frame_too_long = b"\x80\x05\x95" + b"\xff" * 8  # OverflowError: exit 70 before
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(frame_too_long)
    assert price(run) == genuine
    assert all(
        not entry.read_bytes().startswith(frame_too_long)
        for entry in (tmp_path / "cache").glob("*.pickle")
    )


def test_verify_refuses_a_pdf_larger_than_any_contract_unread(
    run: Run,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quoter.usecases import verify_contract

    monkeypatch.setattr(verify_contract, "LARGEST_CONTRACT", 100)
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(pdf_with_quote(b"{}"))
    status, _, err = run("contract", "verify", pdf)
    assert status == 1
    assert f"{pdf}: is larger than 100 bytes; a contract quoter made is far smaller" in err


class _RunsCode:
    """Unpickled, it would create a file: the proof that reading the cache ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_in_the_cache_never_runs(run: Run, tmp_path: Path) -> None:  # noqa: F811
    genuine = price(run)
    marker = tmp_path / "ran"
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(pickle.dumps((_RunsCode(marker), None)))
    assert price(run) == genuine
    assert not marker.exists()
