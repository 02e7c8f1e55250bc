"""The app's own models keep Qt's model contract while the window drives them as a user does
(GUI.md item 8). Each model's contract on fixed states is checked beside it (test_catalogue_view,
test_draft_view, test_register_view); here pytest-qt's tester stays attached to the live model of
the window and checks every reset, row and index through a session of searches, edits, undo,
sorting and filters: a broken contract is a Qt warning, and a Qt warning fails the test."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from quoter.gui.register_view import QuotesModel
from tests.gui.windows import EXAMPLE, open_example, open_window, press, register_context

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def first_column(model: object) -> list[str]:
    rows = model.rowCount()  # type: ignore[attr-defined]
    return [model.index(row, 0).data() for row in range(rows)]  # type: ignore[attr-defined]


def test_the_catalogue_as_searched_and_as_the_book_changes(
    qtbot: QtBot, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    window = open_window(qtbot, register_context(tmp_path))
    model = window.panel.model
    qtmodeltester.check(model)
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.panel.search, "backport")
    backports = first_column(model)
    assert backports and all(code.startswith("BP-") for code in backports)
    qtbot.keyClicks(window.panel.search, " security")
    assert first_column(model) == ["BP-SEC"]
    press(qtbot, Qt.Key.Key_Backspace)  # " securit": still only the one
    qtbot.keyClicks(window.panel.search, "y nothing-sells-this")
    assert model.rowCount() == 0
    window.books.setCurrentIndex(1 - window.books.currentIndex())  # the other book, same query
    assert model.rowCount() == 0
    window.panel.search.clear()
    assert model.rowCount() == model.service_count > 0
    press(qtbot, Qt.Key.Key_Down)  # into the services
    assert window.panel.table.currentIndex().row() == 0


def test_the_lines_through_edits_undo_and_a_new_quote(
    qtbot: QtBot, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    window = open_window(qtbot, register_context(tmp_path))
    lines = window.builder.lines
    qtmodeltester.check(lines.model)
    open_example(qtbot, window)
    assert first_column(lines.model) == ["1", "2", "3"]
    lines.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_D, CTRL)  # duplicate BP-FIX
    press(qtbot, Qt.Key.Key_Down, CTRL | ALT)  # move the copy down
    press(qtbot, Qt.Key.Key_Delete)  # and remove it
    assert lines.model.rowCount() == 3
    counts = []
    for key in (Qt.Key.Key_Z, Qt.Key.Key_Z, Qt.Key.Key_Z, Qt.Key.Key_Y, Qt.Key.Key_Y):
        qtbot.keyClick(window, key, CTRL)
        counts.append(lines.model.rowCount())
    assert counts == [4, 4, 3, 4, 4]
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)  # a new quote: no lines
    assert lines.model.rowCount() == 0
    open_example(qtbot, window, EXAMPLE)  # another draft of three lines
    assert lines.model.rowCount() == 3


def test_the_register_through_searches_filters_and_sorting(
    qtbot: QtBot, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    window = open_window(qtbot, register_context(tmp_path))
    view = window.register_view
    qtmodeltester.check(view.model)
    open_example(qtbot, window)
    open_example(qtbot, window)  # a second draft of the same request
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    header = view.table.horizontalHeader()
    for column in (QuotesModel.TOTAL, QuotesModel.NUMBER, QuotesModel.NUMBER):
        middle = QPoint(header.sectionViewportPosition(column) + 8, header.height() // 2)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
        qtbot.waitUntil(lambda: header.sortIndicatorSection() == column)  # noqa: B023
    listed = first_column(view.model)
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert listed == sorted(listed, reverse=descending) and len(set(listed)) == 2
    qtbot.keyClicks(view.search, "no such customer")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    view.status.setCurrentIndex(view.status.findData("issued"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    view.status.setCurrentIndex(view.status.findData("draft"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
