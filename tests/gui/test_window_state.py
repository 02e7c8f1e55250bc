"""What the app remembers between sessions comes back as it was left, and a settings file edited
by hand into nonsense is ignored, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTableView
from pytestqt.qtbot import QtBot

from quoter.gui.window_state import (
    app_settings,
    document_language,
    recalled,
    remember,
    restore_header,
    restore_splitter,
    restore_window,
    save_header,
    save_splitter,
    save_window,
    ui_language,
)

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "quoter.ini"


def settings_at(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def a_window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(QLabel("quote"))
    qtbot.addWidget(window)
    return window


def a_splitter(qtbot: QtBot) -> QSplitter:
    splitter = QSplitter()
    splitter.addWidget(QLabel("catalogue"))
    splitter.addWidget(QLabel("lines"))
    splitter.resize(600, 200)
    qtbot.addWidget(splitter)
    return splitter


def a_table(qtbot: QtBot) -> QTableView:
    table = QTableView()
    model = QStandardItemModel(0, 4, table)
    model.setHorizontalHeaderLabels(["Code", "Service", "Category", "Price"])
    table.setModel(model)
    qtbot.addWidget(table)
    return table


def test_the_window_the_splitter_and_the_columns_come_back(qtbot: QtBot, ini: Path) -> None:
    window, splitter, table = a_window(qtbot), a_splitter(qtbot), a_table(qtbot)
    window.resize(720, 510)
    splitter.setSizes([150, 450])
    sizes = splitter.sizes()
    header = table.horizontalHeader()
    header.resizeSection(1, 222)
    header.moveSection(3, 0)  # Price first
    saved = settings_at(ini)
    save_window(window, saved)
    save_splitter("builder", splitter, saved)
    save_header("catalogue", header, saved)
    saved.sync()

    settings = settings_at(ini)  # the next session
    window, splitter, table = a_window(qtbot), a_splitter(qtbot), a_table(qtbot)
    assert restore_window(window, settings)
    assert (window.width(), window.height()) == (720, 510)
    assert restore_splitter("builder", splitter, settings)
    assert splitter.sizes() == sizes
    header = table.horizontalHeader()
    assert restore_header("catalogue", header, settings)
    assert header.sectionSize(1) == 222
    assert [header.logicalIndex(visual) for visual in range(4)] == [3, 0, 1, 2]


def test_nothing_saved_changes_nothing(qtbot: QtBot, ini: Path) -> None:
    settings = settings_at(ini)
    window, splitter, table = a_window(qtbot), a_splitter(qtbot), a_table(qtbot)
    splitter.setSizes([200, 400])
    sizes = splitter.sizes()
    assert not restore_window(window, settings)
    assert not restore_splitter("builder", splitter, settings)
    assert splitter.sizes() == sizes
    assert not restore_header("catalogue", table.horizontalHeader(), settings)


def test_a_settings_file_edited_into_nonsense_is_ignored(qtbot: QtBot, ini: Path) -> None:
    ini.write_text(
        "[window]\n"
        "geometry=big, please\n"
        "state=@ByteArray(not a state)\n"
        "[splitters]\n"
        "builder=12\n"
        "[headers]\n"
        "catalogue=@ByteArray(\\0\\0\\0\\xff)\n"
        "[last]\n"
        "book=a, b\n"
        "[ui]\n"
        "language=klingon\n"
        "[documents]\n"
        "language=@ByteArray(de)\n",
        encoding="utf-8",
    )
    settings = settings_at(ini)
    window, splitter, table = a_window(qtbot), a_splitter(qtbot), a_table(qtbot)
    window.resize(640, 480)
    splitter.setSizes([200, 400])
    sizes = splitter.sizes()
    header = table.horizontalHeader()
    widths = [header.sectionSize(column) for column in range(4)]
    assert not restore_window(window, settings)
    assert (window.width(), window.height()) == (640, 480)
    assert not restore_splitter("builder", splitter, settings)
    assert splitter.sizes() == sizes
    assert not restore_header("catalogue", header, settings)
    assert [header.sectionSize(column) for column in range(4)] == widths
    assert recalled("book", "services-eur", settings) == "services-eur"
    assert ui_language(settings, system=FRENCH) == "en"
    assert document_language(settings, system=GERMAN) == "de"  # falls back to the UI's


def test_the_last_book_and_customer_are_recalled(ini: Path) -> None:
    saved = settings_at(ini)
    remember("book", "services-eur", saved)
    remember("customer", 'Smith & Sons, <Ltd> "West"', saved)
    saved.sync()
    settings = settings_at(ini)
    assert recalled("book", "", settings) == "services-eur"
    assert recalled("customer", "", settings) == 'Smith & Sons, <Ltd> "West"'
    assert recalled("quote", "none", settings) == "none"


def test_the_ui_language_is_the_chosen_one_else_the_desktops_if_quoter_speaks_it(
    ini: Path,
) -> None:
    settings = settings_at(ini)
    assert ui_language(settings, system=GERMAN) == "de"
    assert ui_language(settings, system=FRENCH) == "en"
    settings.setValue("ui/language", "en")
    assert ui_language(settings, system=GERMAN) == "en"
    settings.setValue("documents/language", "de")
    assert document_language(settings, system=GERMAN) == "de"


def test_the_apps_settings_are_an_ini_file_of_quoter() -> None:
    settings = app_settings()
    assert settings.format() == QSettings.Format.IniFormat
    assert (settings.organizationName(), settings.applicationName()) == ("quoter", "quoter")
    assert settings.fileName().endswith("quoter/quoter.ini")
