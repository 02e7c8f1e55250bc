"""The preview's render process: it renders the draft contract Export would write, answers the
newest of several waiting requests, reports a request that does not price without dying, and ends
when told (or is replaced when it dies)."""

from __future__ import annotations

import io
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from quoter.books.request_file import read_quote_request
from quoter.domain.clock import VendorClock
from quoter.domain.contract_terms import DocumentError
from quoter.domain.problems import PricingError
from quoter.domain.quote import QuoteRequest, RequestLine
from quoter.usecases.context import AppContext
from quoter.usecases.preview import PreviewProcess, PreviewReply, content_key
from tests.conftest import REPO, TEST_DAY, context_for, noon

REQUEST = read_quote_request(REPO / "examples" / "backport-usd.toml")
DRAFT_NOTICE = "Unregistered draft: this document is not an offer."


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def for_customer(name: str, request: QuoteRequest = REQUEST) -> QuoteRequest:
    return replace(request, customer=replace(request.customer, legal_name=name))


def next_reply(process: PreviewProcess, seconds: float = 60.0) -> PreviewReply:
    """The process's next reply, polled as the app does (never a blocking read)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        reply = process.reply()
        if reply is not None:
            return reply
        time.sleep(0.01)
    raise AssertionError("the render process did not answer")


@pytest.fixture
def context() -> AppContext:
    return context_for()


@pytest.fixture
def process(context: AppContext) -> Iterator[PreviewProcess]:
    process = PreviewProcess(context)
    yield process
    process.stop()


def test_the_process_renders_the_draft_contract_on_the_apps_moment(
    process: PreviewProcess, context: AppContext
) -> None:
    moments = [noon(TEST_DAY)]
    context.clock = VendorClock(lambda: moments[-1], ZoneInfo("UTC"))
    process.send(1, REQUEST)
    reply = next_reply(process)
    assert reply.generation == 1 and reply.problem is None and reply.pdf is not None
    text = pdf_text(reply.pdf)
    assert DRAFT_NOTICE in text
    assert "Cascade Motion Controls, Inc." in text
    assert "November 24, 2026" in text  # the app's (test's) clock, not the machine's

    moments.append(noon(date(2026, 12, 1)))  # the app's day moves on; the process follows
    process.send(2, REQUEST)
    later = next_reply(process)
    assert later.generation == 2 and later.pdf is not None
    assert "December 1, 2026" in pdf_text(later.pdf)


def test_of_several_waiting_requests_only_the_newest_is_rendered(
    process: PreviewProcess,
) -> None:
    process.start()  # all three wait while the process starts up
    for generation in (1, 2, 3):
        process.send(generation, for_customer(f"Customer {generation} LLC"))
    replies = [next_reply(process) for _ in range(3)]
    assert [(r.generation, r.superseded) for r in replies] == [(1, True), (2, True), (3, False)]
    assert replies[2].pdf is not None
    assert "Customer 3 LLC" in pdf_text(replies[2].pdf)


def test_a_request_that_does_not_price_is_an_error_reply_and_the_process_goes_on(
    process: PreviewProcess,
) -> None:
    unknown = replace(REQUEST, lines=(RequestLine("NO-SUCH", {}, Decimal(1)),))
    process.send(1, unknown)
    reply = next_reply(process)
    assert reply.generation == 1 and reply.pdf is None and reply.bug is None
    error = reply.exception()
    assert isinstance(error, PricingError)  # its kind and its problems, as if priced here
    assert [problem.path for problem in error.problems] == [("lines", 0, "service")]
    assert "NO-SUCH" in error.describe()
    assert process.running
    process.send(2, REQUEST)
    good = next_reply(process)
    assert good.generation == 2 and good.pdf is not None


def test_stop_ends_the_process_and_may_be_called_again(process: PreviewProcess) -> None:
    process.start()
    pid = process.pid
    assert pid is not None
    process.stop()
    assert not process.running and process.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # ended and reaped
    process.stop()
    assert process.reply() is None


def test_restart_drops_the_render_in_flight_and_renders_on_a_new_process(
    process: PreviewProcess,
) -> None:
    process.send(1, for_customer("Abandoned Inc."))
    first = process.pid
    process.restart()
    assert process.running and process.pid != first
    process.send(2, for_customer("Restarted Inc."))
    reply = next_reply(process)
    assert reply.generation == 2 and reply.pdf is not None
    assert "Restarted Inc." in pdf_text(reply.pdf)


def test_a_process_that_dies_is_reported_and_the_next_request_starts_another(
    process: PreviewProcess,
) -> None:
    process.start()
    pid = process.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(DocumentError, match=r"preview process ended unexpectedly \(exit code -9\)"):
        next_reply(process)
    assert not process.running
    process.send(1, REQUEST)
    reply = next_reply(process)
    assert reply.generation == 1 and reply.pdf is not None


def test_the_content_key_follows_what_the_contract_depends_on(context: AppContext) -> None:
    key = content_key(context, REQUEST)
    assert content_key(context, read_quote_request(REPO / "examples" / "backport-usd.toml")) == key
    assert content_key(context, for_customer("Someone Else Inc.")) != key
    assert content_key(context_for(day=date(2026, 12, 1)), REQUEST) != key  # another date
    one_day = replace(REQUEST.lines[2], quantity=Decimal(1))
    assert content_key(context, replace(REQUEST, lines=(*REQUEST.lines[:2], one_day))) != key
