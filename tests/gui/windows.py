"""Opening the main window as a test needs it: on a register of its own, shown, active, with the
books in force read; and the keys pressed where the focus is, as a user's keys go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from quoter.gui.window import MainWindow
from quoter.usecases.context import AppContext
from quoter.usecases.settings import Settings
from tests.conftest import REPO, context_for

EXAMPLE = REPO / "examples" / "backport-usd.toml"
"""A quote request for Cascade Motion Controls: BP-FIX, DP-PORT and three OS-DAY days (USD)."""
NO_KEYS = Qt.KeyboardModifier.NoModifier


def register_context(folder: Path, settings: Settings | None = None) -> AppContext:
    """A context on the test day whose register is a new SQLite file in `folder`."""
    database = f"sqlite:///{folder / 'register.sqlite3'}"
    return context_for(Settings(database=database) if settings is None else settings)


def open_window(
    qtbot: QtBot,
    context: AppContext,
    *,
    books: int | None = 2,
    dialogs: Any = None,
    preferences: QSettings | None = None,
    rebuild: Any = None,
) -> MainWindow:
    """The window on `context`, shown and active, once the books are read (`books`: how many
    to wait for; None: wait for the banner or a book, whichever comes)."""
    window = MainWindow(context, dialogs=dialogs, preferences=preferences, rebuild=rebuild)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window), qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.load()
    if books is None:
        qtbot.waitUntil(lambda: window.catalogue is not None or window.banner.isVisible())
    else:
        qtbot.waitUntil(lambda: window.books.count() == books)
    return window


def open_example(qtbot: QtBot, window: MainWindow, path: Path = EXAMPLE) -> None:
    """Open a request file as the window opens a dropped one, and wait until it is shown as a new
    draft of the register."""
    before = window.builder.number
    window.open_file(path)
    qtbot.waitUntil(lambda: window.builder.number not in (None, before), timeout=10_000)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_KEYS) -> None:
    """Press `key` where the focus is."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
