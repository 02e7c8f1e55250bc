"""The window by keyboard and for assistive technology (GUI.md item 12): Tab walks every control
of a page in the order it is laid out and comes round again, each control it reaches has a name a
screen reader says, no two keys of the window are ambiguous (Qt fires neither), and F1 lists the
keys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from quoter.gui.shortcuts import ShortcutSheet
from quoter.gui.window import MainWindow
from tests.gui.windows import open_example, open_window, press, register_context

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LONGEST_CHAIN = 80
"""More Tab presses than any page has controls: a walk that has not come round by then is stuck."""


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The window with the books read and the example request open as a saved draft of three
    lines; the service form shows OS-DAY's fields, as after choosing it in the catalogue."""
    window = open_window(qtbot, register_context(tmp_path))
    open_example(qtbot, window)
    book = window.current_book()
    assert book is not None and window.builder.lines.model.rowCount() == 3
    service = book.service("OS-DAY")
    assert service is not None
    window.builder.catalogue.service_chosen.emit(service)  # as Enter on its row does
    qtbot.waitUntil(lambda: window.builder.form.field("site") is not None)
    return window


def spoken_name(widget: QWidget) -> str:
    """What a screen reader announces for the control: its accessible name, a button's text, or
    for the tab bar the current tab's title."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "")
    if isinstance(widget, QTabBar):
        return widget.tabText(widget.currentIndex()).replace("&", "")
    return ""


def walk(qtbot: QtBot, start: QWidget, key: Qt.Key = Qt.Key.Key_Tab) -> list[QWidget]:
    """Press `key` from `start` until the focus is back on it: the controls reached, in order
    (`start` first). Fails when the focus leaves the page's window or never comes back."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    reached = [start]
    for _ in range(LONGEST_CHAIN):
        press(qtbot, key)
        widget = QApplication.focusWidget()
        assert widget is not None and widget.window() is start.window(), "the focus left"
        if widget is start:
            return reached
        assert widget not in reached, f"Tab goes round without {describe(start)}: {reached}"
        reached.append(widget)
    pytest.fail(f"Tab never came back to {describe(start)}: {[describe(w) for w in reached]}")


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {spoken_name(widget)!r}"


def assert_named(chain: list[QWidget]) -> None:
    unnamed = [describe(widget) for widget in chain if not spoken_name(widget).strip()]
    assert unnamed == [], "controls a screen reader cannot name"


def assert_comes_round_backwards(qtbot: QtBot, chain: list[QWidget]) -> None:
    backwards = walk(qtbot, chain[0], Qt.Key.Key_Backtab)
    assert backwards == [chain[0], *reversed(chain[1:])]


# -- Tab -------------------------------------------------------------------------------------------


def test_tab_walks_the_quote_page_in_its_order_and_comes_round(
    qtbot: QtBot, window: MainWindow
) -> None:
    builder, preview = window.builder, window.preview
    chain = walk(qtbot, window.books)
    assert_named(chain)
    customer, form = builder.customer, builder.form
    in_order = [
        window.books,
        customer.legal_name,
        customer.address,
        customer.tax_id,
        customer.signatory,
        customer.title,
        builder.catalogue.search,
        builder.catalogue.table,
        form.field("site"),  # the service's form, between the services and the lines
        form.field("topic"),
        form.field("quantity"),
        form.add_button,
        builder.lines.table,
        preview.auto_refresh,
        preview.refresh_button,
    ]
    missing = [describe(w) for w in in_order if w not in chain]  # type: ignore[arg-type]
    assert missing == []
    positions = [chain.index(widget) for widget in in_order]  # type: ignore[arg-type]
    assert positions == sorted(positions), [describe(chain[p]) for p in positions]
    buttons = {spoken_name(w) for w in chain if isinstance(w, QAbstractButton)}
    assert {"Issue", "Export PDF", "Export DOCX"} <= buttons  # Revise: only for an issued quote
    assert_comes_round_backwards(qtbot, chain)


def test_tab_walks_the_register_page_and_comes_round(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    view = window.register_view
    assert window.tabs.currentWidget() is view
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)  # the draft, listed
    press(qtbot, Qt.Key.Key_A, ALT)  # Se&arch:
    assert view.search.hasFocus()
    chain = walk(qtbot, view.search)
    assert_named(chain)
    in_order = [
        view.search,
        view.status,
        view.customer,
        view.book,
        view.since_on,
        view.table,
        view.open_button,
        view.details,
    ]
    assert [describe(w) for w in in_order if w not in chain] == []
    positions = [chain.index(widget) for widget in in_order]
    assert positions == sorted(positions)
    assert all(view.isAncestorOf(w) or w is window.tabs.tabBar() for w in chain)
    assert_comes_round_backwards(qtbot, chain)


def test_the_line_buttons_are_named_when_a_line_is_chosen(qtbot: QtBot, window: MainWindow) -> None:
    lines = window.builder.lines
    lines.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)  # the third line, OS-DAY: a quantity, so +1 and -1 too
    assert lines.selected_row() == 2
    chain = walk(qtbot, lines.table)
    assert_named(chain)
    reached = {spoken_name(w) for w in chain}
    assert {"Change", "One more unit", "One unit less", "Duplicate", "Remove"} <= reached
    assert "Move up" in reached


# -- keys --------------------------------------------------------------------------------------


def key_scopes(window: MainWindow, action: QAction) -> list[tuple[Qt.ShortcutContext, QWidget]]:
    """Where the action's keys are live: the whole window (a window's or a menu's action) or a
    widget and its children."""
    context = action.shortcutContext()
    if context in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut):
        return [(Qt.ShortcutContext.WindowShortcut, window)]
    return [
        (context, widget)
        for widget in action.associatedObjects()
        if isinstance(widget, QWidget) and not isinstance(widget, QMenu)
    ]


def overlap(
    first: tuple[Qt.ShortcutContext, QWidget], second: tuple[Qt.ShortcutContext, QWidget]
) -> bool:
    """Whether some focus makes both scopes live at once."""

    def covers(scope: tuple[Qt.ShortcutContext, QWidget], widget: QWidget) -> bool:
        context, owner = scope
        if context == Qt.ShortcutContext.WidgetShortcut:
            return owner is widget
        return owner is widget or owner.isAncestorOf(widget)

    return covers(first, second[1]) or covers(second, first[1])


def window_actions(window: MainWindow) -> Iterator[QAction]:
    """Every action of the window with keys, whether it is enabled now or not (each is, at some
    point, and a clash shows then)."""
    for action in window.findChildren(QAction):
        if any(not key.isEmpty() for key in action.shortcuts()):
            yield action


def test_no_two_actions_answer_to_the_same_key_at_once(window: MainWindow) -> None:
    by_key: dict[str, list[QAction]] = defaultdict(list)
    for action in window_actions(window):
        for key in action.shortcuts():
            by_key[key.toString(QKeySequence.SequenceFormat.PortableText)].append(action)
    assert {"Ctrl+K", "Ctrl+Shift+E", "Ctrl+Shift+I", "Del", "Ctrl+D", "F1", "F5"} <= set(by_key)
    clashes = []
    for key, actions in by_key.items():
        for index, first in enumerate(actions):
            for second in actions[index + 1 :]:
                if first is second:
                    continue
                if any(
                    overlap(a, b)
                    for a in key_scopes(window, first)
                    for b in key_scopes(window, second)
                ):
                    clashes.append((key, first.text(), second.text()))
    assert clashes == [], "Qt finds these keys ambiguous and fires neither action"


def test_the_keys_of_the_window_do_what_they_say(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    assert window.builder.catalogue.search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.tabs.currentWidget() is window.register_view
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert window.tabs.currentIndex() == 0
    window.builder.lines.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_D, CTRL)  # Duplicate, a key of the lines table only
    assert window.builder.lines.model.rowCount() == 4
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.builder.lines.model.rowCount() == 3


def test_f1_lists_every_key_with_what_it_does(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    sheets = [sheet for sheet in window.findChildren(ShortcutSheet) if sheet.isVisible()]
    assert len(sheets) == 1
    rows = sheets[0].entries()
    listed = {(key, what) for keys, what in rows for key in keys.split(", ")}
    for key, what in (
        ("Ctrl+K", "Find a service"),
        ("Ctrl+F", "Find a service"),
        ("Ctrl+Shift+E", "Export PDF"),
        ("Ctrl+Shift+D", "Export DOCX"),
        ("Ctrl+Shift+I", "Issue"),
        ("Ctrl+Shift+R", "Revise"),
        ("Ctrl+N", "New quote"),
        ("Ctrl+S", "Save draft"),
        ("Ctrl+Z", "Undo"),
        ("Ctrl+Y", "Redo"),
        ("F5", "Refresh preview"),
        ("Ctrl+1", "Quote"),
        ("Ctrl+2", "Register"),
        ("F1", "Keyboard shortcuts"),
        ("Del", "Remove"),
        ("Ctrl+D", "Duplicate"),
    ):
        assert (key, what) in listed, f"{key} ({what}) is not on the sheet"
    # and nothing the window answers to is missing from it
    for action in window_actions(window):
        what = action.text().replace("&", "").removesuffix("...")
        for key in action.shortcuts():
            shown = key.toString(QKeySequence.SequenceFormat.NativeText)
            assert (shown, what) in listed, f"{shown} ({what}) is not on the sheet"
    sheets[0].close()


# -- mnemonics (Alt+letter) ----------------------------------------------------------------------


def mnemonic_owners(window: MainWindow) -> dict[str, list[str]]:
    """Each Alt+letter the window shows, with the controls that answer to it (hidden pages and
    widgets left out: their keys are not live)."""
    owners: dict[str, list[str]] = defaultdict(list)

    def add(text: str, owner: str) -> None:
        key = QKeySequence.mnemonic(text)
        if not key.isEmpty():
            owners[key.toString(QKeySequence.SequenceFormat.PortableText)].append(owner)

    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), f"label {widget.text()!r}")
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), f"button {widget.text()!r}")
        elif isinstance(widget, QGroupBox):
            add(widget.title(), f"group {widget.title()!r}")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget.tabText(index), f"tab {widget.tabText(index)!r}")
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                add(action.text(), f"menu {action.text()!r}")
    return owners


def test_a_services_form_takes_no_letter_the_window_answers_to(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The form's labels are made from the book's parameter names: each takes a letter nothing
    else on screen has (before, 'Fix' took Alt+F from the File menu, 'Site' Alt+S from the
    search box, 'Quantity' Alt+Q from the Quote tab)."""
    form = window.builder.form
    for index in range(window.books.count()):
        window.books.setCurrentIndex(index)
        book = window.current_book()
        assert book is not None
        for service in book.services:
            window.builder.catalogue.service_chosen.emit(service)
            buddies = [label for label in form.findChildren(QLabel) if label.buddy() is not None]
            assert buddies, service.code
            qtbot.waitUntil(lambda: all(label.isVisibleTo(window) for label in buddies))  # noqa: B023
            labels = {f"label {label.text()!r}" for label in buddies}
            clashes = {
                key: owners
                for key, owners in mnemonic_owners(window).items()
                if len(owners) > 1 and labels & set(owners)
            }
            assert clashes == {}, f"{book.id} {service.code}"


def test_no_two_controls_share_an_alt_letter(qtbot: QtBot, window: MainWindow) -> None:
    for page in (0, 1):
        window.tabs.setCurrentIndex(page)
        clashes = {
            key: owners for key, owners in mnemonic_owners(window).items() if len(owners) > 1
        }
        assert clashes == {}, window.tabs.tabText(page)
