"""The draft's lines and totals as a seller reads them: the engine's amounts, each problem at its
line, the totals of the lines that price; and the line actions by keyboard and by button."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from quoter.books.request_file import read_quote_request
from quoter.domain.display import money_text
from quoter.domain.draft import DraftPricing
from quoter.domain.quote import QuoteRequest
from quoter.gui.draft_view import DraftView, LinesModel
from quoter.usecases.drafts import edit_draft
from quoter.usecases.settings import Settings
from tests.conftest import DATA, context_for

LOCALE = "en_US"
BOOK_REF = "mini-usd 2026.1 (sha256:0123abcd)"
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def request() -> QuoteRequest:
    """BP-FIX 4.2 -> 3.8, OS-DAY x 3, DP-PORT tier M, on the mini-usd book (7.25 % sales tax)."""
    return read_quote_request(DATA / "request.toml")


def priced(shown: QuoteRequest) -> DraftPricing:
    settings = Settings(data_dirs=(DATA / "books",), use_bundled_data=False)
    return edit_draft(context_for(settings, date(2026, 5, 4)), shown)


def with_bad_tier() -> QuoteRequest:
    """DP-PORT asked for a tier the book does not sell."""
    asked = request()
    lines = list(asked.lines)
    lines[2] = replace(lines[2], parameters={**lines[2].parameters, "tier": "XL"})
    return replace(asked, lines=tuple(lines))


@pytest.fixture
def view(qtbot: QtBot) -> DraftView:
    """A view showing the good draft, in a window of its own, shown and active (focus is real)."""
    shown = DraftView()
    qtbot.addWidget(shown)
    shown.set_draft(priced(request()), LOCALE, BOOK_REF)
    shown.resize(1000, 400)
    with qtbot.waitExposed(shown), qtbot.waitActive(shown):  # context managers: they wait
        shown.show()
        shown.activateWindow()
    shown.table.setFocus()
    return shown


def cell(view: DraftView, row: int, column: int, role: int = 0) -> object:
    return view.table.model().index(row, column).data(role)


def column_texts(view: DraftView, column: int) -> list[object]:
    return [cell(view, row, column) for row in range(view.table.model().rowCount())]


# -- what the table and the totals say -------------------------------------------------------------


def test_the_rows_and_totals_are_the_engines(view: DraftView) -> None:
    draft = priced(request())
    assert draft.complete and draft.tax is not None and draft.total and draft.subtotal
    assert column_texts(view, LinesModel.NUMBER) == ["1", "2", "3"]
    assert column_texts(view, LinesModel.AMOUNT) == [
        money_text(line.total, LOCALE) for line in draft.lines if line is not None
    ]
    assert cell(view, 0, LinesModel.SERVICE) == "BP-FIX  Backport of one fix"
    assert cell(view, 1, LinesModel.QUANTITY) == "3 day"
    assert view.subtotal_text.text() == money_text(draft.subtotal, LOCALE) == "$62,600.00"
    assert view.tax_name.text() == "Sales tax (7.25 %)"
    assert view.tax_text.text() == money_text(draft.tax.amount, LOCALE)
    assert view.total_text.text() == money_text(draft.total, LOCALE) == "$67,138.50"
    assert view.note.isHidden()


def test_a_bad_line_shows_its_problem_and_the_good_lines_still_add_up(view: DraftView) -> None:
    draft = priced(with_bad_tier())
    view.set_draft(draft, LOCALE, BOOK_REF)
    problem = draft.line_problems(2)[0].message
    assert "'XL'" in problem
    assert cell(view, 2, LinesModel.AMOUNT) == problem
    assert cell(view, 2, LinesModel.SERVICE) == "DP-PORT"
    red = cell(view, 2, LinesModel.AMOUNT, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(red, QBrush)
    assert red.color().red() > 150 > red.color().green()
    assert cell(view, 0, LinesModel.AMOUNT, Qt.ItemDataRole.ForegroundRole) is None
    assert problem in str(cell(view, 2, LinesModel.AMOUNT, Qt.ItemDataRole.ToolTipRole))
    assert column_texts(view, LinesModel.AMOUNT)[:2] == ["$7,100.00", "$7,500.00"]
    assert draft.subtotal is not None
    assert view.subtotal_text.text() == money_text(draft.subtotal, LOCALE) == "$14,600.00"
    assert not view.note.isHidden()
    assert view.note.text() == "Totals of the lines that price; 1 line(s) need attention"


def test_the_amount_tooltip_says_how_it_was_priced_and_by_which_book(view: DraftView) -> None:
    tip = str(cell(view, 0, LinesModel.AMOUNT, Qt.ItemDataRole.ToolTipRole))
    assert "$3,500.00 + 3 × $1,200.00 (release stepped back)" in tip
    assert BOOK_REF in tip
    per_day = str(cell(view, 1, LinesModel.AMOUNT, Qt.ItemDataRole.ToolTipRole))
    assert "3 × $2,500.00 (day)" in per_day
    assert "Complexity: Medium" in str(
        cell(view, 2, LinesModel.AMOUNT, Qt.ItemDataRole.ToolTipRole)
    )


def test_an_empty_request_asks_for_a_service(view: DraftView) -> None:
    view.set_draft(priced(replace(request(), lines=())), LOCALE, BOOK_REF)
    assert view.table.model().rowCount() == 0
    assert view.note.text() == "Add a service from the list"
    assert not view.note.isHidden()
    assert view.tax_text.isHidden()
    assert not view.remove_action.isEnabled()


# -- the line actions ------------------------------------------------------------------------------


def test_keys_on_a_selected_row_ask_for_the_line_actions(qtbot: QtBot, view: DraftView) -> None:
    view.select_row(1)
    with qtbot.waitSignal(view.remove_requested, timeout=1000) as removed:
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert removed.args == [1]
    with qtbot.waitSignal(view.duplicate_requested, timeout=1000) as duplicated:
        qtbot.keyClick(view.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert duplicated.args == [1]
    with qtbot.waitSignal(view.move_requested, timeout=1000) as moved:
        qtbot.keyClick(view.table, Qt.Key.Key_Up, CTRL_ALT)
    assert moved.args == [1, 0]


def test_moves_stop_at_the_ends(qtbot: QtBot, view: DraftView) -> None:
    view.select_row(0)
    with qtbot.waitSignal(view.move_requested, timeout=1000) as moved:
        qtbot.keyClick(view.table, Qt.Key.Key_Down, CTRL_ALT)
    assert moved.args == [0, 1]
    with qtbot.assertNotEmitted(view.move_requested):
        qtbot.keyClick(view.table, Qt.Key.Key_Up, CTRL_ALT)
    view.select_row(2)
    assert view.move_up_action.isEnabled() and not view.move_down_action.isEnabled()
    with qtbot.assertNotEmitted(view.move_requested):
        qtbot.keyClick(view.table, Qt.Key.Key_Down, CTRL_ALT)


def test_the_buttons_do_the_same_only_with_a_row_selected(qtbot: QtBot, view: DraftView) -> None:
    change, _more, _fewer, duplicate, remove, _up, down = view.buttons
    assert [b.accessibleName() for b in view.buttons] == [
        "Change",
        "One more unit",
        "One unit less",
        "Duplicate",
        "Remove",
        "Move up",
        "Move down",
    ]
    assert "Del" in remove.toolTip() and "Ctrl+D" in duplicate.toolTip()
    assert "F2" in change.toolTip()
    view.table.clearSelection()  # (the table chooses a row when it takes the focus)
    assert not any(b.isEnabled() for b in view.buttons)
    view.select_row(1)
    assert all(b.isEnabled() for b in (change, duplicate, remove, _up, down))
    with qtbot.waitSignal(view.edit_requested, timeout=1000) as edited:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert edited.args == [1]
    with qtbot.waitSignal(view.move_requested, timeout=1000) as moved:
        qtbot.mouseClick(down, Qt.MouseButton.LeftButton)
    assert moved.args == [1, 2]
    with qtbot.waitSignal(view.remove_requested, timeout=1000) as removed:
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert removed.args == [1]
    view.set_draft(priced(with_bad_tier()), LOCALE, BOOK_REF)  # a new draft: nothing selected
    assert not any(b.isEnabled() for b in view.buttons)
    with qtbot.assertNotEmitted(view.remove_requested):
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)


def test_the_table_is_named_for_assistive_technology(view: DraftView) -> None:
    assert view.table.accessibleName() == "Quote lines"
    assert view.subtotal_text.accessibleName() == "Subtotal"
    assert view.total_text.accessibleName() == "Total"
    assert view.tax_text.accessibleName() == "Sales tax (7.25 %)"


# -- read-only, and Qt's contract ------------------------------------------------------------------


def test_no_cell_can_be_edited(qtbot: QtBot, view: DraftView) -> None:
    model = view.table.model()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            assert not model.flags(model.index(row, column)) & Qt.ItemFlag.ItemIsEditable
    view.table.setCurrentIndex(model.index(0, LinesModel.QUANTITY))
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    qtbot.mouseDClick(
        view.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.table.visualRect(model.index(0, LinesModel.QUANTITY)).center(),
    )
    assert view.table.state() is not QAbstractItemView.State.EditingState
    assert view.table.indexWidget(model.index(0, LinesModel.QUANTITY)) is None


def test_the_model_keeps_qts_contract(qtmodeltester: ModelTester) -> None:
    model = LinesModel()
    model.set_draft(priced(request()), LOCALE, BOOK_REF)
    qtmodeltester.check(model)
    model.set_draft(priced(with_bad_tier()), LOCALE, BOOK_REF)
    qtmodeltester.check(model)
    model.set_draft(None, LOCALE, BOOK_REF)
    qtmodeltester.check(model)
