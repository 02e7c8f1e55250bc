"""A seller's whole job in the window, by keyboard alone: the customer, a backport, a
customisation, a driver port and on-site days; the preview; both exports, opened; issue; the
quote in the register; a revision with a third on-site day, issued in its turn. And the draft
outlives a killed app."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from quoter.domain.display import money_text
from quoter.domain.register import Status
from quoter.gui.window import MainWindow
from quoter.usecases.context import AppContext
from quoter.usecases.register import show_quote
from quoter.usecases.settings import Settings
from tests.conftest import context_for

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CUSTOMER = "Cascade Motion Controls, Inc."
SLOW = 30_000  # the preview's process: spawned, WeasyPrint imported, then a render


class Answers:
    """The dialogs, answered as a user would: yes, and files where the test says."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.asked: list[str] = []

    def confirm(self, title: str, text: str, action: str) -> bool:
        self.asked.append(text)
        return True

    def inform(self, title: str, text: str) -> None:
        self.asked.append(text)

    def run(self, dialog: Any) -> bool:
        """A print dialog answered with 'print to this PDF file'."""
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.folder / "printed.pdf"))
        return True

    def save_path(self, title: str, suggested: Path, kind: str) -> Path:
        self.saved_as = self.folder / suggested.name
        return self.saved_as


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def typed(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def open_window(qtbot: QtBot, context: AppContext, state: Path, answers: Any) -> MainWindow:
    window = MainWindow(context, state_dir=state, dialogs=answers)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window), qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.load()
    qtbot.waitUntil(lambda: window.books.count() == 2)
    return window


def choose_usd_book(qtbot: QtBot, window: MainWindow) -> None:
    window.books.setFocus()
    window.books.setCurrentIndex(window.books.findData("services-usd"))


def add_service(qtbot: QtBot, window: MainWindow, code: str, *fields: str) -> None:
    """Ctrl+K, the code, Down, Enter; then each field typed and Tab; Enter adds the line."""
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    typed(qtbot, code)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    form = window.builder.form
    qtbot.waitUntil(lambda: form.isAncestorOf(QApplication.focusWidget()))
    for index, text in enumerate(fields):
        if index:
            press(qtbot, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if hasattr(widget, "selectAll"):
            widget.selectAll()
        typed(qtbot, text)
    count = len(window.builder.request.lines) if window.builder.request else 0
    press(qtbot, Qt.Key.Key_Return)
    assert window.builder.request is not None
    assert len(window.builder.request.lines) == count + 1, window.builder.form.general_error.text()


def enter_customer(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)  # a new quote: the focus is on the customer
    assert window.builder.customer.legal_name.hasFocus()
    typed(qtbot, CUSTOMER)
    press(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "4400 NE Columbia Boulevard")
    press(qtbot, Qt.Key.Key_Return)
    typed(qtbot, "Portland, OR 97218")
    press(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "EIN 93-4718265")
    press(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Dana R. Whitfield")
    press(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Vice President, Engineering")
    press(qtbot, Qt.Key.Key_Tab)


def build_quote(qtbot: QtBot, window: MainWindow) -> None:
    choose_usd_book(qtbot, window)
    enter_customer(qtbot, window)
    add_service(qtbot, window, "BP-FIX", "ORCA-1234", "4.2", "3.8")
    add_service(qtbot, window, "CU-PKG-S", "CAN bitrate option in the shell", "4.3")
    add_service(qtbot, window, "DP-PORT", "imx8-eth", "i.MX 8M Plus EVK", "i.MX 93 EVK", "4.3", "M")
    add_service(qtbot, window, "OS-DAY", "Portland, Oregon", "CAN bring-up", "2")


def amounts(window: MainWindow) -> list[str]:
    model = window.builder.lines.model
    return [model.index(row, model.AMOUNT).data() for row in range(model.rowCount())]


@pytest.fixture
def context(tmp_path: Path) -> AppContext:
    return context_for(Settings(database=f"sqlite:///{tmp_path / 'register.sqlite3'}"))


def test_from_request_to_issued_revision_by_keyboard(
    qtbot: QtBot, tmp_path: Path, context: AppContext
) -> None:
    answers = Answers(tmp_path)
    window = open_window(qtbot, context, tmp_path / "state", answers)
    build_quote(qtbot, window)
    builder = window.builder
    request = builder.request
    assert request is not None and request.customer.legal_name == CUSTOMER
    assert [line.service for line in request.lines] == ["BP-FIX", "CU-PKG-S", "DP-PORT", "OS-DAY"]
    assert builder.draft is not None and builder.draft.priced is not None
    shown_total = builder.lines.total_text.text()
    assert shown_total == money_text(builder.draft.priced.total, "en_US")

    # saved to the register a second after the last change, without asking
    qtbot.waitUntil(lambda: builder.number is not None and not window.keeper.unsaved, timeout=5000)
    number = builder.number
    assert number is not None and show_quote(context, number).status is Status.DRAFT
    assert window.quote_status.text() == f"Draft {number}: saved"

    # the preview shows the contract; Export writes the very bytes shown
    qtbot.waitUntil(lambda: window.preview.pdf_for(request) is not None, timeout=SLOW)
    assert window.panel.search.hasFocus()  # where the focus is after a line is added
    press(qtbot, Qt.Key.Key_E, CTRL | SHIFT)  # a text field must not swallow the key
    pdf_file = tmp_path / f"{number}-Cascade-Motion-Controls-Inc.pdf"
    assert answers.saved_as == pdf_file
    qtbot.waitUntil(pdf_file.exists, timeout=SLOW)
    assert pdf_file.read_bytes() == window.preview.pdf_for(request)
    pdf_text = "".join(page.extract_text() for page in PdfReader(pdf_file).pages)
    assert CUSTOMER in pdf_text and "ORCA-1234" in pdf_text
    qtbot.waitUntil(lambda: window.preview.shown_pdf() == pdf_file.read_bytes(), timeout=SLOW)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)  # printed as shown: every page of the contract
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == len(PdfReader(pdf_file).pages)
    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    docx_file = pdf_file.with_suffix(".docx")
    qtbot.waitUntil(docx_file.exists, timeout=SLOW)
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(docx_file.read_bytes())).paragraphs)
    assert CUSTOMER in docx_text

    # issue: the confirmation names number, customer and total; the quote is frozen
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | SHIFT)
    qtbot.waitUntil(lambda: builder.read_only, timeout=SLOW)
    assert number in answers.asked[-1] and CUSTOMER in answers.asked[-1]
    assert shown_total in answers.asked[-1]
    assert show_quote(context, number).status is Status.ISSUED
    assert window.quote_status.text() == f"{number}: issued, read-only"
    assert not builder.catalogue.isEnabled() and not window.issue_action.isEnabled()

    # revise: the revision opens editable; one click adds the third on-site day
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: not builder.read_only, timeout=SLOW)
    revision = builder.number
    assert revision is not None and revision != number
    builder.lines.table.setFocus()
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Down)
    assert builder.lines.selected_row() == 3
    before = builder.draft.priced.total if builder.draft and builder.draft.priced else None
    qtbot.mouseClick(builder.lines.buttons[1], Qt.MouseButton.LeftButton)  # +1
    assert builder.request is not None and builder.request.lines[3].quantity == Decimal(3)
    assert builder.undo_stack.undoText() == "Add one to OS-DAY"
    assert builder.draft is not None and builder.draft.priced is not None and before is not None
    assert builder.draft.priced.total.amount > before.amount
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | SHIFT)
    qtbot.waitUntil(lambda: builder.read_only, timeout=SLOW)
    assert show_quote(context, revision).status is Status.ISSUED
    assert show_quote(context, number).status is Status.SUPERSEDED
    assert show_quote(context, revision).request.lines[3].quantity == Decimal(3)


def test_undo_and_redo_are_saved_like_any_change(
    qtbot: QtBot, tmp_path: Path, context: AppContext
) -> None:
    window = open_window(qtbot, context, tmp_path / "state", Answers(tmp_path))
    choose_usd_book(qtbot, window)
    add_service(qtbot, window, "CU-PKG-S", "A shell command", "4.3")
    add_service(qtbot, window, "OS-DAY", "Berlin", "Training", "2")
    builder = window.builder
    qtbot.waitUntil(lambda: builder.number is not None and not window.keeper.unsaved, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert builder.undo_stack.redoText() == "Add OS-DAY"
    qtbot.waitUntil(lambda: not window.keeper.unsaved, timeout=5000)
    assert builder.number is not None
    assert [line.service for line in show_quote(context, builder.number).request.lines] == [
        "CU-PKG-S"
    ]
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)
    qtbot.waitUntil(lambda: not window.keeper.unsaved, timeout=5000)
    assert len(show_quote(context, builder.number).request.lines) == 2


def test_issuing_needs_the_customer(qtbot: QtBot, tmp_path: Path, context: AppContext) -> None:
    answers = Answers(tmp_path)
    window = open_window(qtbot, context, tmp_path / "state", answers)
    choose_usd_book(qtbot, window)
    add_service(qtbot, window, "CU-PKG-S", "A shell command", "4.3")
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | SHIFT)
    assert "Enter the customer" in window.banner.text.text()
    assert answers.asked == [] and not window.builder.read_only


CRASHING_APP = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QStandardPaths
QStandardPaths.setTestModeEnabled(True)
from tests.conftest import context_for
from quoter.usecases.settings import Settings
from quoter.gui.window import MainWindow
from quoter.domain.quote import RequestLine
from decimal import Decimal

app = QApplication([])
context = context_for(Settings(database=sys.argv[1]))
window = MainWindow(context, state_dir=Path(sys.argv[2]))
window.show()
window.load()
while window.books.count() < 2:
    app.processEvents()
window.books.setCurrentIndex(window.books.findData("services-usd"))
builder = window.builder
builder._add(RequestLine("OS-DAY", {"site": "Berlin", "topic": "CAN"}, Decimal(2)))
while builder.number is None or window.keeper.unsaved:
    app.processEvents()
builder._add(RequestLine("CU-PKG-S", {"feature": "A shell command", "target_release": "4.3"}, None))
while window.keeper.unsaved:
    app.processEvents()
print("saved", builder.number, flush=True)
while True:  # mid-edit: killed from outside
    app.processEvents()
    time.sleep(0.01)
"""


def test_a_killed_app_restores_its_draft_at_the_next_start(qtbot: QtBot, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    state = tmp_path / "state"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-c", CRASHING_APP, database, str(state)],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=Path(__file__).parents[2],
    ) as app:
        try:
            assert app.stdout is not None
            said = app.stdout.readline().split()
            assert said[:1] == ["saved"], said
            app.send_signal(signal.SIGKILL)  # mid-edit, as a crash or a power cut would
        finally:
            app.kill()
            app.wait(timeout=30)
    number = said[1]

    window = open_window(qtbot, context_for(Settings(database=database)), state, Answers(tmp_path))
    qtbot.waitUntil(lambda: window.builder.number == number, timeout=SLOW)
    assert window.builder.request is not None
    assert [line.service for line in window.builder.request.lines] == ["OS-DAY", "CU-PKG-S"]
    assert (
        number in window.banner.text.text()
        and "did not close normally" in window.banner.text.text()
    )
    window.close()

    # a clean close leaves nothing to restore
    again = open_window(qtbot, context_for(Settings(database=database)), state, Answers(tmp_path))
    qtbot.wait(300)
    assert again.builder.number is None and again.banner.isHidden()


@pytest.mark.parametrize("reload", [True, False])
def test_a_draft_changed_by_a_colleague_is_never_saved_over(
    qtbot: QtBot, tmp_path: Path, context: AppContext, reload: bool
) -> None:
    answers = Answers(tmp_path)
    answers.confirm = lambda title, text, action: answers.asked.append(text) or reload  # type: ignore[method-assign]
    window = open_window(qtbot, context, tmp_path / "state", answers)
    choose_usd_book(qtbot, window)
    add_service(qtbot, window, "CU-PKG-S", "A shell command", "4.3")
    builder = window.builder
    qtbot.waitUntil(lambda: builder.number is not None and not window.keeper.unsaved, timeout=5000)
    number = builder.number
    assert number is not None
    # a colleague, on their own machine, adds an on-site day to the same draft
    colleague = context_for(Settings(database=context.settings.database))
    colleague.actor = "Alex Kim"
    theirs = show_quote(colleague, number).request
    from dataclasses import replace

    from quoter.domain.quote import RequestLine
    from quoter.usecases.register import update_draft

    day = RequestLine("OS-DAY", {"site": "Boston", "topic": "CAN"}, Decimal(1))
    update_draft(colleague, number, replace(theirs, lines=(*theirs.lines, day)))
    # meanwhile this window adds a backport: its save is refused, and the user is asked
    add_service(qtbot, window, "BP-FIX", "ORCA-1234", "4.2", "3.8")
    qtbot.waitUntil(lambda: len(answers.asked) == 1, timeout=5000)
    assert f"{number} was changed by Alex Kim" in answers.asked[0]
    if reload:
        # (mine has two lines too: wait for theirs, the reload, not just for two lines)
        qtbot.waitUntil(
            lambda: (
                builder.request is not None
                and [line.service for line in builder.request.lines] == ["CU-PKG-S", "OS-DAY"]
            ),
            timeout=10_000,
        )
        assert [line.service for line in builder.request.lines] == ["CU-PKG-S", "OS-DAY"]
    else:
        qtbot.waitUntil(
            lambda: builder.number not in (None, number) and not window.keeper.unsaved, timeout=5000
        )
        mine = show_quote(context, str(builder.number)).request
        assert [line.service for line in mine.lines] == ["CU-PKG-S", "BP-FIX"]
    # theirs is kept either way
    assert [line.service for line in show_quote(context, number).request.lines] == [
        "CU-PKG-S",
        "OS-DAY",
    ]


def test_a_customer_half_typed_is_saved_with_the_draft_and_checked_at_issue(
    qtbot: QtBot, tmp_path: Path, context: AppContext
) -> None:
    answers = Answers(tmp_path)
    window = open_window(qtbot, context, tmp_path / "state", answers)
    choose_usd_book(qtbot, window)
    add_service(qtbot, window, "OS-DAY", "Berlin", "CAN", "2")
    panel = window.builder.customer
    panel.legal_name.setFocus()
    typed(qtbot, "Gamma Partial GmbH")
    press(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Gammaweg 7")
    press(qtbot, Qt.Key.Key_Tab)  # no signatory yet
    builder = window.builder
    qtbot.waitUntil(
        lambda: (
            builder.request is not None
            and builder.request.customer.legal_name == "Gamma Partial GmbH"
            and not window.keeper.unsaved
        ),
        timeout=5000,
    )
    number = builder.number
    assert number is not None
    stored = show_quote(context, number)
    assert stored.request.customer.legal_name == "Gamma Partial GmbH"
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | SHIFT)  # refused, saying what is missing
    assert "signatory" in window.banner.text.text() and answers.asked == []
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)  # another quote, then the draft again
    assert panel.legal_name.text() == ""
    window.open_record(stored)
    assert panel.legal_name.text() == "Gamma Partial GmbH"
    assert panel.address.toPlainText() == "Gammaweg 7" and panel.signatory.text() == ""
