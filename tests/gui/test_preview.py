"""The contract preview as a seller sees it: the draft contract appears in the window, the last
good preview stays with an 'Updating…' badge while a newer one renders, auto-refresh can be
switched off (Refresh renders: the window binds F5 to it), undo to a known state shows at once, and Export gets the bytes shown."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from pytestqt.qtbot import QtBot

from quoter.domain.clock import VendorClock
from quoter.domain.contract_terms import DocumentError
from quoter.domain.quote import Customer, QuoteRequest, RequestLine, Signatory
from quoter.gui.preview import PreviewPane
from tests.conftest import TEST_DAY, context_for, noon

RENDER_MS = 60_000  # a cold render process: spawn, WeasyPrint's import, the first layout

CUSTOMER = Customer(
    "Cascade Motion Controls, Inc.",
    ("4400 NE Columbia Boulevard", "Portland, OR 97218", "United States"),
    Signatory("Dana R. Whitfield", "Vice President, Engineering"),
)


def backport(fix: str = "ORCA-1234", customer: str = CUSTOMER.legal_name) -> QuoteRequest:
    line = RequestLine("BP-FIX", {"fix_id": fix, "source_release": "4.2", "target_release": "3.8"})
    return QuoteRequest(replace(CUSTOMER, legal_name=customer), "services-usd", (line,), "en")


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


MakePane = Callable[..., PreviewPane]


@pytest.fixture
def make_pane(qtbot: QtBot) -> Iterator[MakePane]:
    """Shown, started panes (as the window starts its pane after the first paint), each stopped
    at the end so no render process outlives its test."""
    panes: list[PreviewPane] = []

    def make(**options: int) -> PreviewPane:
        pane = PreviewPane(context_for(), **options)
        qtbot.addWidget(pane)
        pane.resize(600, 800)
        with qtbot.waitExposed(pane):
            pane.show()
        pane.start()
        panes.append(pane)
        return pane

    yield make
    for pane in panes:
        pane.stop()


@pytest.fixture
def pane(make_pane: MakePane) -> PreviewPane:
    return make_pane(debounce_ms=100)


@pytest.fixture
def renders(pane: PreviewPane, monkeypatch: pytest.MonkeyPatch) -> list[QuoteRequest]:
    return count_renders(pane, monkeypatch)


def count_renders(pane: PreviewPane, monkeypatch: pytest.MonkeyPatch) -> list[QuoteRequest]:
    """Every request `pane` sends to its render process from now on, in order."""
    sent: list[QuoteRequest] = []
    send = pane.process.send

    def counting(generation: int, request: QuoteRequest) -> None:
        sent.append(request)
        send(generation, request)

    monkeypatch.setattr(pane.process, "send", counting)
    return sent


def show(qtbot: QtBot, pane: PreviewPane, request: QuoteRequest) -> bytes:
    """Ask for `request`'s preview and wait until it is on screen; its bytes."""
    with qtbot.waitSignal(pane.shown, timeout=RENDER_MS):
        pane.request_preview(request)
    shown = pane.shown_pdf()
    assert shown is not None
    return shown


def test_the_draft_contract_is_shown(qtbot: QtBot, pane: PreviewPane) -> None:
    request = backport()
    shown = show(qtbot, pane, request)
    assert pane.document.status() == QPdfDocument.Status.Ready
    assert pane.pages.currentWidget() is pane.view
    assert pane.document.pageCount() == len(PdfReader(io.BytesIO(shown)).pages) > 1
    text = pdf_text(shown)
    assert "Unregistered draft: this document is not an offer." in text
    assert "Cascade Motion Controls, Inc." in text
    assert "ORCA-1234" in text
    assert pane.pdf_for(request) == shown  # what Export takes is what is on screen
    assert not pane.badge.isVisible()


def test_the_last_preview_stays_with_a_badge_while_a_newer_one_renders(
    qtbot: QtBot, pane: PreviewPane
) -> None:
    first = show(qtbot, pane, backport("ORCA-1234"))
    with qtbot.waitSignal(pane.shown, timeout=RENDER_MS):
        pane.request_preview(backport("ORCA-5678"))
        assert pane.badge.isVisible() and pane.badge.text() == "Updating…"
        assert pane.shown_pdf() == first
        assert pane.pages.currentWidget() is pane.view
    assert not pane.badge.isVisible()
    assert "ORCA-5678" in pdf_text(pane.shown_pdf() or b"")


def test_with_auto_refresh_off_only_refresh_renders(
    qtbot: QtBot, pane: PreviewPane, renders: list[QuoteRequest]
) -> None:
    first = show(qtbot, pane, backport("ORCA-1234"))
    qtbot.mouseClick(pane.auto_refresh, Qt.MouseButton.LeftButton)
    assert not pane.auto_refresh.isChecked()
    newer = backport("ORCA-5678")
    pane.request_preview(newer)
    qtbot.wait(600)  # well past the pause after an edit
    assert renders == [backport("ORCA-1234")]
    assert pane.shown_pdf() == first
    assert pane.badge.isVisible() and pane.badge.text() == "Out of date"
    with qtbot.waitSignal(pane.shown, timeout=RENDER_MS):
        qtbot.mouseClick(pane.refresh_button, Qt.MouseButton.LeftButton)  # F5 in the window
    assert renders == [backport("ORCA-1234"), newer]
    assert "ORCA-5678" in pdf_text(pane.shown_pdf() or b"")
    assert not pane.badge.isVisible()


def test_a_burst_of_edits_renders_the_last_one_only(
    qtbot: QtBot, make_pane: MakePane, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = make_pane()  # the app's own pause after an edit
    show(qtbot, pane, backport("ORCA-1"))
    renders = count_renders(pane, monkeypatch)
    with qtbot.waitSignal(pane.shown, timeout=RENDER_MS):
        for fix in ("ORCA-2", "ORCA-3", "ORCA-4"):  # each within the pause after the last
            pane.request_preview(backport(fix))
            qtbot.wait(100)
    assert renders == [backport("ORCA-4")]
    assert "ORCA-4" in pdf_text(pane.shown_pdf() or b"")


def test_a_refresh_replaces_the_preview_and_export_takes_the_new_bytes(
    qtbot: QtBot, pane: PreviewPane
) -> None:
    request = backport()
    show(qtbot, pane, request)
    qtbot.wait(1100)  # a render is dated to the second: the next one's bytes differ
    with qtbot.waitSignal(pane.shown, timeout=RENDER_MS):
        qtbot.mouseClick(pane.refresh_button, Qt.MouseButton.LeftButton)
    assert pane.pdf_for(request) == pane.shown_pdf()


def test_a_refresh_on_a_new_day_shows_the_contract_of_that_day(
    qtbot: QtBot, pane: PreviewPane
) -> None:
    moments = [noon(TEST_DAY)]
    pane.context.clock = VendorClock(lambda: moments[-1], ZoneInfo("UTC"))
    request = backport()
    assert "November 24, 2026" in pdf_text(show(qtbot, pane, request))
    moments.append(noon(TEST_DAY + timedelta(days=1)))  # the app left open past midnight
    with qtbot.waitSignal(pane.shown, timeout=RENDER_MS):
        pane.refresh()
    shown = pane.shown_pdf() or b""
    assert "November 25, 2026" in pdf_text(shown)
    assert pane.pdf_for(request) == shown


def test_going_back_to_a_rendered_draft_shows_it_without_rendering(
    qtbot: QtBot, pane: PreviewPane, renders: list[QuoteRequest]
) -> None:
    first = show(qtbot, pane, backport("ORCA-1234"))
    show(qtbot, pane, backport("ORCA-5678"))
    assert len(renders) == 2
    with qtbot.waitSignal(pane.shown, timeout=1000):  # at once: no render process involved
        pane.request_preview(backport("ORCA-1234"))  # undo: the same request again
    assert pane.shown_pdf() == first
    assert len(renders) == 2
    assert not pane.badge.isVisible()


def test_export_gets_the_bytes_on_screen(
    qtbot: QtBot, pane: PreviewPane, renders: list[QuoteRequest]
) -> None:
    request = backport()
    delivered: list[bytes] = []
    errors: list[BaseException] = []
    with qtbot.waitSignal(pane.shown, timeout=RENDER_MS):
        pane.request_preview(request)
        pane.when_rendered(request, delivered.append, errors.append)  # Export, at once
    assert delivered == [pane.shown_pdf()] and not errors
    assert len(renders) == 1  # one render serves both
    pane.when_rendered(request, delivered.append, errors.append)
    assert delivered == [pane.shown_pdf()] * 2  # from the cache, before returning


def test_a_failing_render_is_reported_and_the_last_good_preview_stays(
    qtbot: QtBot, pane: PreviewPane
) -> None:
    good = show(qtbot, pane, backport())
    unshowable = backport(customer="株式会社")  # the contract's fonts have no such letters
    export_errors: list[BaseException] = []
    with qtbot.waitSignal(pane.failed, timeout=RENDER_MS) as failure:
        pane.request_preview(unshowable)
        pane.when_rendered(unshowable, lambda pdf: None, export_errors.append)
    error = failure.args[0]
    assert isinstance(error, DocumentError)
    assert "cannot show" in error.describe()
    assert export_errors and export_errors[0].args == error.args
    assert pane.shown_pdf() == good
    assert pane.pages.currentWidget() is pane.view
    assert pane.badge.isVisible() and pane.badge.text() == "Out of date"
    assert pane.pdf_for(unshowable) is None


def test_nothing_to_preview_says_why(
    qtbot: QtBot, pane: PreviewPane, renders: list[QuoteRequest]
) -> None:
    pane.request_preview(None)
    assert pane.pages.currentWidget() is pane.message
    assert pane.message.text().startswith("Nothing to preview yet")
    pane.request_preview(replace(backport(), lines=()))
    assert pane.message.text() == "Nothing to preview: add a service to the quote."
    stepped_forward = RequestLine(
        "BP-FIX", {"fix_id": "ORCA-1", "source_release": "3.8", "target_release": "4.2"}
    )
    pane.request_preview(replace(backport(), lines=(stepped_forward,)))
    assert pane.pages.currentWidget() is pane.message
    assert pane.message.text().startswith("Nothing to preview until every line prices: lines[1]")
    qtbot.wait(300)
    assert renders == []
    assert not pane.badge.isVisible()


def test_a_render_that_overruns_is_abandoned_and_the_process_restarted(
    qtbot: QtBot, make_pane: MakePane
) -> None:
    pane = make_pane(timeout_ms=50)  # a cold process takes far longer than that
    first = pane.process.pid
    with qtbot.waitSignal(pane.failed, timeout=RENDER_MS) as failure:
        pane.request_preview(backport())
    assert isinstance(failure.args[0], DocumentError)
    assert "took longer than" in failure.args[0].describe()
    assert pane.process.running and pane.process.pid != first


def test_every_control_is_named_for_assistive_technology(pane: PreviewPane) -> None:
    assert pane.view.accessibleName() == "Contract preview"
    for widget in (pane.auto_refresh, pane.refresh_button, pane.badge, pane.message, pane.view):
        assert widget.accessibleName() and widget.toolTip()
    assert "F5" in pane.refresh_action.toolTip()


def test_a_stored_contract_shown_is_not_replaced_by_a_late_draft_render(
    qtbot: QtBot, pane: PreviewPane, renders: list[QuoteRequest]
) -> None:
    stored = show(qtbot, pane, backport("ORCA-1234"))  # stands in for an issued contract
    show(qtbot, pane, backport("ORCA-1"))
    later = backport("ORCA-5678")
    pane.request_preview(later)
    qtbot.waitUntil(lambda: later in renders)  # its render is under way
    with qtbot.waitSignal(pane.shown, timeout=1000):
        pane.show_pdf(stored)  # an issued quote opened while the draft's render runs
    qtbot.waitUntil(lambda: pane.pdf_for(later) is not None, timeout=RENDER_MS)
    assert pane.shown_pdf() == stored
    assert not pane.badge.isVisible()
    pane.refresh()  # F5 on an issued quote: nothing to render
    assert pane.shown_pdf() == stored
