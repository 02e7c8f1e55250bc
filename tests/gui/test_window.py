"""The main window around the quote: which books it offers when one is broken, files dropped on
it, the settings dialog taking effect at once, and the window as it was left at the next start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from quoter.gui.settings_dialog import SettingsDialog
from quoter.gui.window import MainWindow
from quoter.usecases.context import AppContext, build_context
from quoter.usecases.settings import Settings, load_settings
from tests.conftest import REPO, TEST_DAY, fixed_now, noon
from tests.gui.windows import EXAMPLE, open_example, open_window, register_context

CTRL = Qt.KeyboardModifier.ControlModifier
CUSTOMER = "Cascade Motion Controls, Inc."

# -- a broken price book ---------------------------------------------------------------------------

BUNDLED_USD = (REPO / "price_books" / "services-usd-2026.toml").read_text(encoding="utf-8")
PARTNER = BUNDLED_USD.replace('id = "services-usd"', 'id = "partner-usd"', 1)
BREAKS = {
    # a price that is no number, on line 416 of the file
    "price": (
        re.sub(r"(?m)^price = 6600\.00$", 'price = "on request"', PARTNER, count=1),
        ':416: services[4].pricing.price: is the text "on request"',
    ),
    # a required field left out
    "currency": (PARTNER.replace('currency = "USD"\n', "", 1), ": currency: is missing"),
}


def folder_with_broken_book(tmp_path: Path, broken: str) -> tuple[Settings, Path]:
    """A data folder holding one book, a copy of the bundled USD book under its own id, broken;
    the bundled books (services-eur, services-usd) are valid beside it."""
    books = tmp_path / "data" / "price_books"
    books.mkdir(parents=True)
    path = books / "partner-usd.toml"
    path.write_text(broken, encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    return Settings(data_dirs=(books.parent,), database=database), path


def offered(window: MainWindow) -> list[str]:
    return [str(window.books.itemData(index)) for index in range(window.books.count())]


@pytest.mark.parametrize("kind", BREAKS)
def test_a_broken_book_is_not_offered_and_the_banner_says_where_and_why(
    qtbot: QtBot, tmp_path: Path, kind: str
) -> None:
    text, problem = BREAKS[kind]
    assert text != PARTNER  # the break took
    settings, path = folder_with_broken_book(tmp_path, text)
    window = open_window(qtbot, register_context(tmp_path, settings), books=None)
    qtbot.waitUntil(window.banner.isVisible)
    shown = window.banner.text.text()
    assert f"{path}{problem}" in shown
    assert "Traceback" not in shown
    assert "partner-usd" not in offered(window)


# -- files dropped on the window -------------------------------------------------------------------


def dragged(path: Path) -> QMimeData:
    """What a file manager puts on a drag of `path`."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def drag_in(window: MainWindow, mime: QMimeData) -> bool:
    """Drag `mime` over the window: whether it offers to take it."""
    enter = QDragEnterEvent(
        QPoint(40, 40),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    return enter.isAccepted()


def drop(window: MainWindow, mime: QMimeData) -> bool:
    """Drop `mime` on the window (Qt delivers a drop only after an accepted drag): whether the
    window took it."""
    event = QDropEvent(
        QPointF(40, 40),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    return event.isAccepted()


def test_a_dropped_request_opens_as_a_saved_draft(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, register_context(tmp_path))
    mime = dragged(EXAMPLE)
    assert drag_in(window, mime)
    assert drop(window, mime)
    qtbot.waitUntil(lambda: window.builder.number is not None, timeout=10_000)
    builder = window.builder
    assert builder.customer.legal_name.text() == CUSTOMER
    assert [line.service for line in builder.request.lines] == ["BP-FIX", "DP-PORT", "OS-DAY"]  # type: ignore[union-attr]
    assert window.books.currentData() == "services-usd"
    assert window.quote_status.text() == f"Draft {builder.number}: saved"
    assert not builder.read_only and window.banner.isHidden()


def test_a_dropped_triage_facts_file_opens_the_services_it_proposes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, register_context(tmp_path))
    mime = dragged(REPO / "examples" / "triage" / "backport-fix.toml")
    assert drag_in(window, mime) and drop(window, mime)
    qtbot.waitUntil(lambda: window.builder.number is not None, timeout=10_000)
    assert window.builder.request is not None and window.builder.request.lines
    assert window.banner.isHidden()


def test_a_text_file_is_refused_at_the_door(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, register_context(tmp_path))
    notes = tmp_path / "notes.txt"
    notes.write_text("BP-FIX for Cascade, please", encoding="utf-8")
    mime = dragged(notes)
    assert not drag_in(window, mime)  # the pointer shows the drop is refused
    event = QDropEvent(
        QPointF(40, 40),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)  # even handed to the window, it is not taken
    assert not event.isAccepted()
    qtbot.wait(200)
    assert window.builder.number is None and window.builder.request is not None
    assert window.builder.request.lines == () and window.banner.isHidden()


def test_a_broken_request_is_said_in_the_banner_at_its_line(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, register_context(tmp_path))
    broken = tmp_path / "order.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    broken.write_text(text.replace("quantity = 3", 'quantity = "three"'), encoding="utf-8")
    mime = dragged(broken)
    assert drag_in(window, mime) and drop(window, mime)
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    shown = window.banner.text.text()
    assert f'{broken}:44: lines[3].quantity: is the text "three"' in shown
    assert "Traceback" not in shown
    assert window.builder.number is None  # nothing was registered


# -- the settings dialog -------------------------------------------------------------------------


class TypesAName:
    """The settings dialog as a user answers it: types a name for the audit log, then OK."""

    def __init__(self, qtbot: QtBot, name: str) -> None:
        self.qtbot = qtbot
        self.name = name
        self.shown: list[SettingsDialog] = []

    def run(self, dialog: QDialog) -> bool:
        assert isinstance(dialog, SettingsDialog)
        self.shown.append(dialog)
        qtbot = self.qtbot
        with qtbot.waitExposed(dialog):
            dialog.show()
        dialog.user_name.selectAll()
        qtbot.keyClicks(dialog.user_name, self.name)
        with qtbot.waitSignal(dialog.finished, timeout=10_000):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        dialog.workers.wait()
        window = dialog.parentWidget()  # the desktop gives the window its keys back
        with qtbot.waitActive(window):
            window.activateWindow()
        return dialog.result() == QDialog.DialogCode.Accepted


def test_a_new_name_in_the_settings_is_the_one_the_register_records_from_then_on(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("QUOTER_CONFIG", str(config))  # the file the window's dialog saves to
    database = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    built: list[AppContext] = []

    def rebuild() -> AppContext:  # as `quoter gui` rebuilds: the settings as saved now
        context = build_context(load_settings(database=database), fixed_now(noon(TEST_DAY)))
        built.append(context)
        return context

    answers = TypesAName(qtbot, "Jane Smith")
    first = register_context(tmp_path)
    window = open_window(qtbot, first, dialogs=answers, rebuild=rebuild)
    open_example(qtbot, window)
    before = window.builder.number

    window.settings_action.trigger()
    assert len(answers.shown) == 1 and len(built) == 1
    assert load_settings(config_file=str(config), environ={}).user_name == "Jane Smith"
    context = built[0]
    assert context.actor == "Jane Smith"
    assert window.context is context
    for holder in (window.builder, window.register_view, window.keeper, window.preview):
        assert holder.context is context
    qtbot.waitUntil(lambda: window.books.count() == 2)  # the books read again
    qtbot.waitUntil(lambda: window.builder.number == before)  # and the draft open again

    open_example(qtbot, window)
    after = window.builder.number
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    view = window.register_view
    qtbot.waitUntil(lambda: view.model.rowCount() >= 2)
    for number, actor in ((before, "tester"), (after, "Jane Smith")):
        row = [view.model.index(r, 0).data() for r in range(view.model.rowCount())].index(number)
        view.table.selectRow(row)
        qtbot.waitUntil(lambda: number in view.details.toPlainText())  # noqa: B023
        assert re.search(rf"{actor}\s+created", view.details.toPlainText()), number


@pytest.mark.parametrize("request_file", ["backport-usd.toml", "driver-port-eur.toml"])
def test_the_draft_under_edit_stays_open_after_the_settings_change(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request_file: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("QUOTER_CONFIG", str(config))
    database = f"sqlite:///{tmp_path / 'register.sqlite3'}"

    def rebuild() -> AppContext:
        return build_context(load_settings(database=database), fixed_now(noon(TEST_DAY)))

    answers = TypesAName(qtbot, "Jane Smith")
    window = open_window(qtbot, register_context(tmp_path), dialogs=answers, rebuild=rebuild)
    open_example(qtbot, window, REPO / "examples" / request_file)
    number, request = window.builder.number, window.builder.request
    assert request is not None
    window.settings_action.trigger()
    qtbot.waitUntil(lambda: window.books.count() == 2)
    qtbot.waitUntil(lambda: window.builder.number == number, timeout=2000)
    assert window.builder.request == request
    window.builder.lines.table.setFocus()
    qtbot.keyClick(window.builder.lines.table, Qt.Key.Key_Down)
    qtbot.keyClick(window.builder.lines.table, Qt.Key.Key_D, CTRL)  # a change, saved soon
    qtbot.waitUntil(lambda: not window.keeper.unsaved, timeout=5000)
    from quoter.usecases.register import list_quotes

    assert [row.number for row in list_quotes(window.context).rows] == [number]


def test_a_cancelled_settings_dialog_changes_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("QUOTER_CONFIG", str(config))
    built: list[AppContext] = []

    class Cancels:
        def run(self, dialog: QDialog) -> bool:
            assert isinstance(dialog, SettingsDialog)
            dialog.user_name.setText("Somebody Else")
            dialog.reject()
            return False

    context = register_context(tmp_path)
    window = open_window(qtbot, context, dialogs=Cancels(), rebuild=lambda: built.append(context))
    window.settings_action.trigger()
    assert built == [] and window.context is context
    assert config.read_text(encoding="utf-8") == ""


# -- the window as it was left -------------------------------------------------------------------


def test_size_splitters_columns_and_book_come_back_at_the_next_start(
    qtbot: QtBot, tmp_path: Path
) -> None:
    ini = tmp_path / "quoter.ini"

    def layout(window: MainWindow) -> dict[str, object]:
        return {
            "size": (window.width(), window.height()),
            "builder": window.builder.splitter.sizes(),
            "quote": window.splitter.sizes(),
            "columns": [
                header.sectionSize(column)
                for header in window._tables().values()
                for column in range(header.count())
            ],
            "book": window.books.currentData(),
        }

    defaults = open_window(qtbot, register_context(tmp_path))
    defaults.resize(760, 540)  # the offscreen screen is 800 x 600: a window restored fits it
    qtbot.wait(10)
    fresh = layout(defaults)
    defaults.close()

    window = open_window(qtbot, register_context(tmp_path), preferences=_ini(ini))
    window.resize(790, 570)
    window.books.setCurrentIndex(window.books.findData("services-usd"))
    qtbot.wait(10)
    window.splitter.setSizes([610, 150])  # the builder wider, the preview narrower
    window.builder.splitter.setSizes([140, 470])  # and in it, the catalogue wider
    window.panel.table.horizontalHeader().resizeSection(0, 131)
    window.builder.lines.table.horizontalHeader().resizeSection(3, 111)  # Quantity
    window.register_view.table.horizontalHeader().resizeSection(0, 177)  # Number
    qtbot.wait(10)
    left = layout(window)
    window.close()
    assert ini.exists()
    for key in ("size", "quote", "builder", "columns", "book"):
        assert left[key] != fresh[key], key  # changed, or coming back proves nothing

    again = open_window(qtbot, register_context(tmp_path), preferences=_ini(ini))
    qtbot.wait(10)
    assert layout(again) == left


def _ini(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_the_default_register_made_on_first_use_is_said_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    context = build_context(Settings(), now=fixed_now(noon(TEST_DAY)))
    made = tmp_path / "data-home" / "quoter" / "register.sqlite3"
    window = open_window(qtbot, context)
    open_example(qtbot, window)
    assert made.exists()
    said = f"A new, empty quote register was made: {made}"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said)
    window.statusBar().clearMessage()
    window.tabs.setCurrentWidget(window.register_view)  # listed: nothing new to say
    qtbot.waitUntil(lambda: window.register_view.model.rowCount() == 1)
    assert window.statusBar().currentMessage() == ""
    context.close()


def test_a_configured_register_that_is_not_there_is_said_not_made(
    qtbot: QtBot, tmp_path: Path
) -> None:
    missing = tmp_path / "unmounted-share" / "register.sqlite3"
    context = build_context(
        Settings(database=f"sqlite:///{missing}"), now=fixed_now(noon(TEST_DAY))
    )
    window = open_window(qtbot, context)
    window.open_file(EXAMPLE)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert f"there is no quote register at {missing}" in window.banner.text.text()
    assert not missing.parent.exists() and window.builder.number is None
    context.close()
