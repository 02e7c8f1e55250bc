"""The quote builder as a seller uses it, by keyboard alone: find a service, fill in its form,
add it, see the lines and totals the pricing engine gives, undo and redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from quoter.domain.display import money_text
from quoter.domain.pricing import price_request
from quoter.domain.quote import RequestLine
from quoter.gui.window import MainWindow
from tests.conftest import context_for

CTRL = Qt.KeyboardModifier.ControlModifier


def usd_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow(context_for())
    qtbot.addWidget(window)
    with qtbot.waitExposed(window), qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.load()
    qtbot.waitUntil(lambda: window.books.count() == 2)
    window.books.setCurrentIndex(1)  # services-usd 2026.1
    return window


def type_into_focus(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def add_service(qtbot: QtBot, window: MainWindow, code: str) -> None:
    """Ctrl+K, type the code, Down into the results, Enter: the service's form has the focus."""
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.builder.catalogue.search, code)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    form = window.builder.form
    assert form.service is not None and form.service.code == code
    qtbot.waitUntil(lambda: form.isAncestorOf(QApplication.focusWidget()))


def test_a_quote_built_by_keyboard_shows_the_engines_prices(qtbot: QtBot) -> None:
    window = usd_window(qtbot)
    builder = window.builder
    add_service(qtbot, window, "BP-FIX")
    type_into_focus(qtbot, "ORCA-1234")  # the fix
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "4.2")  # fixed in release (type-ahead in the list)
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "3.8")  # back to release
    press(qtbot, Qt.Key.Key_Return)
    assert builder.catalogue.search.hasFocus()  # back to the search for the next service
    add_service(qtbot, window, "OS-DAY")
    type_into_focus(qtbot, "Portland, Oregon")  # the site
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "CAN bus bring-up")  # the topic
    quantity = builder.form.field("quantity")
    quantity.setFocus()
    quantity.selectAll()  # type: ignore[attr-defined]
    type_into_focus(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)

    assert builder.request is not None and builder.draft is not None
    assert [line.service for line in builder.request.lines] == ["BP-FIX", "OS-DAY"]
    assert builder.request.lines[0] == RequestLine(
        "BP-FIX", {"fix_id": "ORCA-1234", "source_release": "4.2", "target_release": "3.8"}, None
    )
    # what the table and the totals show is what the pricing engine gives for the same request
    library = builder.context.library
    book = library.book_in_force("services-usd", builder.context.today())
    engine = price_request(
        builder.request,
        book,
        library.product(book.product),
        book.effective_from.replace(year=2026, month=11, day=24),
    )
    model = builder.lines.model
    amounts = [model.index(row, model.AMOUNT).data() for row in range(model.rowCount())]
    assert amounts == [money_text(line.total, "en_US") for line in engine.lines]
    assert builder.lines.total_text.text() == money_text(engine.total, "en_US")


def test_a_change_is_undone_and_redone(qtbot: QtBot) -> None:
    window = usd_window(qtbot)
    builder = window.builder
    add_service(qtbot, window, "DP-PORT")
    for text in ("imx8-eth", "i.MX 8M Plus EVK", "i.MX 93 EVK", "5.0"):
        type_into_focus(qtbot, text)  # the last by type-ahead in the release list
        press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "M")  # the tier, by type-ahead on its label
    press(qtbot, Qt.Key.Key_Return)  # Enter in the last field adds the line
    assert builder.lines.model.rowCount() == 1
    assert builder.undo_stack.undoText() == "Add DP-PORT"
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert builder.lines.model.rowCount() == 0
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert builder.lines.model.rowCount() == 1
    assert builder.request is not None and builder.request.lines[0].service == "DP-PORT"


def test_a_line_the_book_refuses_is_not_added(qtbot: QtBot) -> None:
    window = usd_window(qtbot)
    builder = window.builder
    add_service(qtbot, window, "BP-FIX")
    type_into_focus(qtbot, "ORCA-1")
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "3.8")  # "fixed in" older than "back to": no release stepped back
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "4.2")
    press(qtbot, Qt.Key.Key_Return)
    assert builder.request is not None and builder.request.lines == ()
    shown = (
        " ".join(builder.form.error_text(name) for name in ("source_release", "target_release"))
        + builder.form.general_error.text()
    )
    assert shown.strip()  # the book's reason is shown at the form
