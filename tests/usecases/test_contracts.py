"""Rendering, verifying and linting contracts through the use cases, as the CLI and GUI call them."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from quoter.domain.contract_terms import DocumentError
from quoter.domain.problems import PriceBookError, QuoterError
from quoter.usecases.contracts import (
    QUOTE_ATTACHMENT,
    contract_document,
    render_contract,
    render_pdf_bytes,
)
from quoter.usecases.price_quote import price_quote_file
from quoter.usecases.settings import Settings
from quoter.usecases.verify_contract import verify_contract
from tests.conftest import DATA, REPO, context_for

REQUEST = DATA / "request.toml"
MINI = Settings(data_dirs=(DATA / "books",))


def test_render_writes_both_files(tmp_path: Path) -> None:
    result = render_contract(
        context_for(MINI), REQUEST, pdf=tmp_path / "c.pdf", docx=tmp_path / "c.docx"
    )
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "c.docx").read_bytes().startswith(b"PK")
    assert result.quote.book.id == "mini-usd"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.docx", "c.pdf"]  # no temporary left


def test_nothing_to_write_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(
        DocumentError,
        match=re.escape("say where to write the document: a PDF file, a DOCX file, or both"),
    ):
        render_contract(context_for(MINI), REQUEST)


def test_a_language_without_wording_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(QuoterError, match="no texts in 'fr'"):
        render_contract(context_for(MINI), REQUEST, pdf=tmp_path / "c.pdf", language="fr")
    assert not (tmp_path / "c.pdf").exists()


def copy_templates(tmp_path: Path) -> Path:
    """A data folder with its own copy of the bundled templates (and the mini book)."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "contract_templates", data / "contract_templates")
    shutil.copytree(DATA / "books", data, dirs_exist_ok=True)
    return data


def test_a_template_naming_an_unknown_value_fails_with_its_line(tmp_path: Path) -> None:
    data = copy_templates(tmp_path)
    html = data / "contract_templates" / "document.html"
    lines = html.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "<title>" in line)
    lines.insert(at + 1, '<meta name=x content="{{ doc.customer_vat_number }}">')
    html.write_text("\n".join(lines), encoding="utf-8")
    target = tmp_path / "c.pdf"
    target.write_bytes(b"the previous contract")
    with pytest.raises(DocumentError) as error:
        render_contract(context_for(Settings(data_dirs=(data,))), REQUEST, pdf=target)
    message = error.value.describe()
    assert f"{html}:{at + 2}:" in message
    assert "customer_vat_number" in message
    assert target.read_bytes() == b"the previous contract"  # nothing half-written, nothing lost


def test_a_template_syntax_error_names_the_line(tmp_path: Path) -> None:
    data = copy_templates(tmp_path)
    html = data / "contract_templates" / "document.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace("{%- endfor %}\n</body>", "</body>"),
        encoding="utf-8",
    )
    with pytest.raises(DocumentError, match=r"document.html:\d+: template syntax error"):
        render_contract(context_for(Settings(data_dirs=(data,))), REQUEST, pdf=tmp_path / "c.pdf")


def test_a_template_cannot_reach_the_network_or_other_files(tmp_path: Path) -> None:
    data = copy_templates(tmp_path)
    html = data / "contract_templates" / "document.html"
    for source in ("http://127.0.0.1:9/logo.png", "file:///etc/hostname"):
        text = (REPO / "contract_templates" / "document.html").read_text(encoding="utf-8")
        html.write_text(text.replace("<body", f'<img src="{source}"><body', 1), encoding="utf-8")
        with pytest.raises(DocumentError) as error:
            render_contract(
                context_for(Settings(data_dirs=(data,))), REQUEST, pdf=tmp_path / "c.pdf"
            )
        assert (
            "network" in error.value.describe()
            or "outside the template folder" in error.value.describe()
        )


def test_a_template_cannot_escape_the_sandbox(tmp_path: Path) -> None:
    data = copy_templates(tmp_path)
    html = data / "contract_templates" / "document.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace("<body", "{{ doc.__class__.__mro__ }}<body", 1),
        encoding="utf-8",
    )
    with pytest.raises(DocumentError):
        render_contract(context_for(Settings(data_dirs=(data,))), REQUEST, pdf=tmp_path / "c.pdf")


def test_wording_that_drifts_from_english_is_refused(tmp_path: Path) -> None:
    data = copy_templates(tmp_path)
    german = data / "contract_templates" / "texts.de.toml"
    text = german.read_text(encoding="utf-8")
    german.write_text(text.replace("{days}", "{tage}", 1), encoding="utf-8")
    with pytest.raises(DocumentError) as error:
        context_for(Settings(data_dirs=(data,))).library.kit()
    problem = error.value.problems[0]
    assert problem.file == str(german) and problem.line is not None
    assert "schedule_text" in str(problem) and "tage" in str(problem)


def test_verify_says_matches_for_a_fresh_contract(tmp_path: Path) -> None:
    render_contract(context_for(MINI), REQUEST, pdf=tmp_path / "c.pdf")
    result = verify_contract(context_for(MINI), tmp_path / "c.pdf")
    assert result.matches
    assert result.book.startswith("mini-usd 2026.1 (sha256:")


def altered_contract(tmp_path: Path, change: dict[str, object]) -> Path:
    """A contract whose embedded quote says something its book does not."""
    context = context_for(MINI)
    quote = price_quote_file(context, REQUEST)
    kit = context.library.kit()
    document = contract_document(quote, kit)
    data = json.loads(document.attachments[0][1])
    for path, value in change.items():
        target = data
        *parents, last = path.split(".")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[last] = value
    forged = replace(document, attachments=((QUOTE_ATTACHMENT, json.dumps(data).encode()),))
    path = tmp_path / "forged.pdf"
    path.write_bytes(render_pdf_bytes(forged, kit))
    return path


def test_verify_names_each_altered_figure(tmp_path: Path) -> None:
    path = altered_contract(tmp_path, {"lines.1.total": "1.00", "total": "1.00"})
    result = verify_contract(context_for(MINI), path)
    assert not result.matches
    assert result.differences == (
        "lines[2].total: the contract says '1.00', the book gives '7500.00'",
        "total: the contract says '1.00', the book gives '67138.50'",
    )


def test_verify_notices_another_digest(tmp_path: Path) -> None:
    path = altered_contract(tmp_path, {"book.digest": "sha256:" + "1" * 64})
    result = verify_contract(context_for(MINI), path)
    assert not result.matches
    assert "the contract was priced with sha256:1111" in result.differences[0]


def test_verify_says_plainly_when_the_book_version_is_missing(tmp_path: Path) -> None:
    path = altered_contract(tmp_path, {"book.version": "2019.9"})
    with pytest.raises(PriceBookError, match=r"price book mini-usd 2019\.9 is not available here"):
        verify_contract(context_for(MINI), path)


def test_verify_refuses_a_pdf_not_made_by_quoter(tmp_path: Path) -> None:
    path = tmp_path / "other.pdf"
    path.write_bytes(b"%PDF-1.4\nnot really\n")
    with pytest.raises(DocumentError):
        verify_contract(context_for(MINI), path)


def test_warm_up_renders_without_writing_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quoter.usecases.contracts import warm_up

    monkeypatch.chdir(tmp_path)
    warm_up(context_for(Settings()))
    assert list(tmp_path.iterdir()) == []


def test_the_footer_keeps_its_spaces(tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    render_contract(context_for(MINI), REQUEST, pdf=tmp_path / "c.pdf")
    text = PdfReader(io.BytesIO((tmp_path / "c.pdf").read_bytes())).pages[0].extract_text()
    assert "Unregistered draft · Price list mini-usd 2026.1 ·" in text


def test_contract_files_are_readable_like_any_other(tmp_path: Path) -> None:
    import os
    import stat

    umask = os.umask(0o022)
    try:
        render_contract(context_for(MINI), REQUEST, docx=tmp_path / "c.docx")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "c.docx").stat().st_mode) == 0o644


def test_a_page_footer_without_both_numbers_is_refused(tmp_path: Path) -> None:
    data = copy_templates(tmp_path)
    german = data / "contract_templates" / "texts.de.toml"
    text = german.read_text(encoding="utf-8")
    german.write_text(
        text.replace("Seite {page} von {pages}", "Seiten: {pages}, diese: {page}"), encoding="utf-8"
    )
    with pytest.raises(DocumentError) as error:
        context_for(Settings(data_dirs=(data,))).library.kit()
    assert "needs {page} and then {pages}" in error.value.describe()


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken"])
def test_a_broken_docx_template_is_explained(tmp_path: Path, content: bytes) -> None:
    data = copy_templates(tmp_path)
    (data / "contract_templates" / "document.docx").write_bytes(content)
    with pytest.raises(DocumentError, match=r"document\.docx: not a DOCX"):
        render_contract(context_for(Settings(data_dirs=(data,))), REQUEST, docx=tmp_path / "c.docx")
