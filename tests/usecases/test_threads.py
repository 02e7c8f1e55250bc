"""The use cases are safe to call from worker threads, as the desktop app does: concurrent issues
and preview renders each get their own result, and nothing changes process-wide state (the file
mode mask, the garbage collector, a library's loggers)."""

from __future__ import annotations

import gc
import io
import logging
import os
import stat
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from quoter.books.request_file import read_quote_request
from quoter.domain.contract_terms import DocumentError
from quoter.usecases.contracts import contract_files, write_file
from quoter.usecases.register import issue_quote, new_draft, show_quote
from quoter.usecases.settings import Settings
from tests.conftest import DATA, context_for

REQUEST = read_quote_request(DATA / "request.toml")


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def umask_027() -> Iterator[None]:
    before = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(before)


def in_threads(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run every job at once on its own thread (all start together, past a barrier); each job's
    result, or the exception it raised."""
    start = threading.Barrier(len(jobs))

    def guarded(job: Callable[[], Any]) -> Any:
        start.wait()
        try:
            return job()
        except Exception as error:  # collected and asserted on by the test
            return error

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(guarded, jobs))


def test_issues_and_previews_at_once_each_get_their_own_documents(
    test_data: Path, tmp_path: Path, umask_027: None
) -> None:
    settings = Settings(
        data_dirs=(test_data,),
        database=f"sqlite:///{tmp_path / 'register.sqlite3'}",
    )
    context = context_for(settings)
    customers = [f"Customer {n} GmbH" for n in range(4)]
    requests = [
        replace(REQUEST, customer=replace(REQUEST.customer, legal_name=name)) for name in customers
    ]
    drafts = [new_draft(context, request).number for request in requests[:2]]
    unshowable = replace(REQUEST, customer=replace(REQUEST.customer, legal_name="株式会社"))
    targets = [tmp_path / f"preview-{n}.pdf" for n in range(2)]

    def preview(n: int) -> bytes:
        files = contract_files(context, requests[2 + n], docx=False)
        assert files.pdf is not None
        write_file(targets[n], files.pdf)
        return files.pdf

    results = in_threads(
        [
            lambda: issue_quote(context, drafts[0]),
            lambda: issue_quote(context, drafts[1]),
            lambda: preview(0),
            lambda: preview(1),
            lambda: contract_files(context, unshowable, docx=False),
        ]
    )

    for number, result, customer in zip(drafts, results[:2], customers[:2], strict=True):
        assert not isinstance(result, Exception), result
        assert result.number == number and result.status.value == "issued"
        assert result.customer == customer
        stored = show_quote(context, number)
        assert set(stored.documents) == {"pdf", "docx"}
    for n, content in enumerate(results[2:4]):
        assert isinstance(content, bytes), content
        text = pdf_text(content)
        assert customers[2 + n] in text and "Unregistered draft" in text
        assert customers[3 - n] not in text  # never the other thread's document
        mode = stat.S_IMODE(targets[n].stat().st_mode)
        assert mode == 0o640  # 0o666 less this process's umask, read without changing it
    # the unshowable name fails in its own thread, with its own warnings only
    failed = results[4]
    assert isinstance(failed, DocumentError)
    assert "cannot show" in failed.summary
    assert {problem.message[1] for problem in failed.problems} == set("株式会社")
    assert os.umask(0o027) == 0o027  # the process's umask is as the test set it
    assert gc.isenabled()


def test_no_use_case_path_changes_process_wide_state(
    test_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing a file, reading a book and rendering a contract never set the umask, switch the
    garbage collector or add loggers' handlers per call: other threads would see the change."""

    def forbidden(*args: object) -> None:
        raise AssertionError("process-wide state changed on a use-case path")

    monkeypatch.setattr(os, "umask", forbidden)
    monkeypatch.setattr(gc, "disable", forbidden)
    monkeypatch.setattr(gc, "enable", forbidden)
    context = context_for(Settings(data_dirs=(test_data,), book_cache=tmp_path / "cache"))
    weasyprint_log = logging.getLogger("weasyprint")
    first = contract_files(context, REQUEST, docx=False)  # reads and caches the book too
    handlers = list(weasyprint_log.handlers)
    capturing = [h for h in handlers if type(h).__module__ == "quoter.documents.log_capture"]
    assert len(capturing) == 1  # installed once, for good: not added and removed per call
    assert first.pdf is not None
    write_file(tmp_path / "c.pdf", first.pdf)
    again = context_for(Settings(data_dirs=(test_data,), book_cache=tmp_path / "cache"))
    second = contract_files(again, REQUEST, docx=False)  # the book from the cache this time
    assert second.quote == first.quote
    assert weasyprint_log.handlers == handlers  # installed once, not added and removed per call
    assert (tmp_path / "c.pdf").read_bytes() == first.pdf
