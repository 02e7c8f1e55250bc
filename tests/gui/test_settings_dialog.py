"""The settings dialog as a user meets it: what OK saves reads back as the CLI reads it, a wrong
URL or a missing folder is said at its field and nothing is saved, the register can be tested
before it is chosen, and the vendor profile says where it comes from."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from quoter.gui.settings_dialog import SettingsDialog
from quoter.usecases.settings import Settings, load_settings
from tests.conftest import REPO, context_for

POSTGRES = os.environ.get("QUOTER_TEST_POSTGRES_URL")
BUNDLED_RESOURCES = REPO / "resources"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config" / "config.toml"


@pytest.fixture
def preferences(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "quoter.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_dialog(
    qtbot: QtBot, tmp_path: Path, config: Path, preferences: QSettings
) -> Callable[..., SettingsDialog]:
    """Open the dialog on `settings` (a register in tmp_path unless given), its config file and
    preferences in tmp_path, folders chosen by `chosen` (a list the test fills)."""

    def open_(
        settings: Settings | None = None,
        chosen: list[str] | None = None,
        environ: dict[str, str] | None = None,
    ) -> SettingsDialog:
        settings = settings or Settings(database=f"sqlite:///{tmp_path / 'register.sqlite3'}")
        answers = chosen if chosen is not None else []
        dialog = SettingsDialog(
            context_for(settings),
            preferences,
            config_path=config,
            chooser=lambda parent, caption: answers.pop(0) if answers else "",
            environ=environ or {},
        )
        qtbot.addWidget(dialog)
        with qtbot.waitExposed(dialog):
            dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog

    return open_


@pytest.fixture(autouse=True)
def _wait_for_workers(qtbot: QtBot) -> Iterator[None]:
    yield
    for dialog in QApplication.topLevelWidgets():
        if isinstance(dialog, SettingsDialog):
            dialog.workers.wait()


def click_ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def shown(label: QLabel) -> str:
    """The text of a message label, empty when it is hidden."""
    return label.text() if label.isVisible() else ""


def test_a_name_and_a_data_folder_saved_read_back_as_the_cli_reads_them(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], config: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "my-data"
    folder.mkdir()
    dialog = open_dialog(chosen=[str(folder)])
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Your &name
    assert dialog.user_name.hasFocus()
    qtbot.keyClicks(dialog.user_name, "Jane Smith")
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Add...
    qtbot.waitUntil(lambda: dialog.folder_list() == [str(folder)])  # a mnemonic clicks later
    with qtbot.waitSignal(dialog.accepted):
        click_ok(qtbot, dialog)
    saved = load_settings(config_file=str(config), environ={})
    assert saved.user_name == "Jane Smith"
    assert saved.data_dirs == (folder,)
    assert saved.database is None  # the register was not touched: not written
    assert dialog.changed_settings() == {"user_name": "Jane Smith", "data_dirs": [str(folder)]}
    assert dialog.context_changed() and not dialog.restart_needed()


def test_the_name_shows_the_login_name_it_stands_in_for(
    open_dialog: Callable[..., SettingsDialog],
) -> None:
    from quoter.usecases.context import operating_system_user

    dialog = open_dialog()
    assert dialog.user_name.text() == ""
    assert dialog.user_name.placeholderText() == operating_system_user()


def test_clearing_the_name_removes_it_from_the_config_file(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], config: Path, tmp_path: Path
) -> None:
    config.parent.mkdir()
    config.write_text('user_name = "Old Name"\nquote_prefix = "BER"\n', encoding="utf-8")
    settings = Settings(user_name="Old Name", database=f"sqlite:///{tmp_path / 'r.sqlite3'}")
    dialog = open_dialog(settings)
    dialog.user_name.clear()
    with qtbot.waitSignal(dialog.accepted):
        click_ok(qtbot, dialog)
    saved = load_settings(config_file=str(config), environ={})
    assert saved.user_name is None
    assert saved.quote_prefix == "BER"  # what the dialog does not show is kept


def test_a_wrong_server_url_is_said_at_the_field_and_nothing_is_saved(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], config: Path
) -> None:
    dialog = open_dialog()
    assert not dialog.register.server_url.isEnabled()
    qtbot.mouseClick(dialog.register.team_register, Qt.MouseButton.LeftButton)
    assert dialog.register.server_url.isEnabled()
    qtbot.keyClicks(dialog.register.server_url, "mysql://quoter@dbhost/quoter")
    click_ok(qtbot, dialog)
    assert shown(dialog.register.server_error) == (
        "'mysql://quoter@dbhost/quoter' is not a PostgreSQL server's URL: it starts with "
        "postgresql+psycopg://"
    )
    assert dialog.register.server_url.hasFocus()
    assert dialog.isVisible() and not config.exists()
    dialog.register.server_url.clear()
    qtbot.keyClicks(dialog.register.server_url, "postgresql+psycopg://dbhost")
    assert shown(dialog.register.server_error) == ""  # typing again clears the old message
    click_ok(qtbot, dialog)
    assert "names no server or no database" in shown(dialog.register.server_error)
    assert dialog.isVisible() and not config.exists()
    assert dialog.changed_settings() == {}


def test_a_team_server_is_saved_and_the_local_register_again_removes_it(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], config: Path
) -> None:
    url = "postgresql+psycopg://quoter@dbhost/quoter"
    dialog = open_dialog(Settings(database=None))
    qtbot.mouseClick(dialog.register.team_register, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.register.server_url, url)
    with qtbot.waitSignal(dialog.accepted):
        click_ok(qtbot, dialog)
    assert load_settings(config_file=str(config), environ={}).database == url
    assert dialog.changed_settings() == {"database": url}

    again = open_dialog(Settings(database=url))
    assert again.register.team_register.isChecked() and again.register.server_url.text() == url
    qtbot.mouseClick(again.register.local_register, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(again.accepted):
        click_ok(qtbot, again)
    assert load_settings(config_file=str(config), environ={}).database is None
    assert again.changed_settings() == {"database": None}


def test_a_folder_that_does_not_exist_is_said_at_the_list_and_nothing_is_saved(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], config: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "gone"
    dialog = open_dialog(chosen=[str(gone)])
    qtbot.mouseClick(dialog.add_folder, Qt.MouseButton.LeftButton)
    assert shown(dialog.folders_error) == f"This folder does not exist: {gone}"
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and not config.exists()
    assert dialog.folders.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Remove
    qtbot.waitUntil(lambda: dialog.folder_list() == [])
    assert shown(dialog.folders_error) == ""
    with qtbot.waitSignal(dialog.accepted):
        click_ok(qtbot, dialog)
    assert not config.exists()  # nothing changed: nothing written
    assert dialog.changed_settings() == {}


def test_a_cancelled_folder_choice_adds_nothing(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog]
) -> None:
    dialog = open_dialog(chosen=[])  # the chooser answers "" (cancelled)
    qtbot.mouseClick(dialog.add_folder, Qt.MouseButton.LeftButton)
    assert dialog.folder_list() == []
    assert not dialog.remove_folder.isEnabled()


def test_cancel_saves_nothing(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], config: Path, preferences: QSettings
) -> None:
    dialog = open_dialog()
    qtbot.keyClicks(dialog.user_name, "Jane Smith")
    dialog.ui_language.setCurrentIndex(dialog.ui_language.findData("de"))
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not config.exists()
    assert preferences.value("ui/language") is None
    assert dialog.changed_settings() == {}


def test_a_config_file_that_cannot_be_written_is_said_and_the_dialog_stays(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, preferences: QSettings
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    dialog = SettingsDialog(
        context_for(Settings(database=f"sqlite:///{tmp_path / 'r.sqlite3'}")),
        preferences,
        config_path=blocker / "config.toml",
        environ={},
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.user_name, "Jane Smith")
    click_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "config.toml: cannot be written" in dialog.error.text()
    assert "Traceback" not in dialog.error.text()
    assert dialog.isVisible() and dialog.button_box.isEnabled()
    assert dialog.changed_settings() == {}


def test_the_languages_are_the_apps_own_and_the_ui_language_waits_for_a_restart(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], config: Path, preferences: QSettings
) -> None:
    dialog = open_dialog()
    assert dialog.restart_note.text() == "Takes effect the next time quoter starts."
    qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # &Interface language
    assert dialog.ui_language.hasFocus()
    qtbot.keyClick(dialog.ui_language, Qt.Key.Key_Down)
    assert dialog.ui_language.currentText() == "Deutsch"
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # &Document language
    qtbot.keyClick(dialog.document_language, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.accepted):
        click_ok(qtbot, dialog)
    assert preferences.value("ui/language") == "de"
    assert preferences.value("documents/language") == "de"
    assert not config.exists()  # the CLI's file is not the place for them
    assert dialog.changed_settings() == {"ui_language": "de", "document_language": "de"}
    assert dialog.restart_needed() and not dialog.context_changed()


def test_the_connection_test_says_the_local_register_opens(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], tmp_path: Path
) -> None:
    dialog = open_dialog()
    assert dialog.register.local_register.isChecked()
    assert dialog.register.local_path.text() == str(tmp_path / "register.sqlite3")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Te&st connection
    qtbot.waitUntil(lambda: dialog.register.test_result.text().startswith("Connected"))
    assert dialog.register.test_result.text() == "Connected: the register is at version 3."


def test_the_connection_test_says_what_is_wrong_with_a_file_that_is_no_register(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], tmp_path: Path
) -> None:
    broken = tmp_path / "notes.sqlite3"
    broken.write_text("my shopping list\n" * 100, encoding="utf-8")
    dialog = open_dialog(Settings(database=f"sqlite:///{broken}"))
    qtbot.mouseClick(dialog.register.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.register.test_result.text() not in ("", "Connecting..."))
    text = dialog.register.test_result.text()
    assert text.startswith(f"sqlite:///{broken} cannot be opened as a quote register")
    assert "Traceback" not in text
    assert broken.read_text(encoding="utf-8").startswith("my shopping list")


def test_the_connection_test_checks_the_url_first(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog]
) -> None:
    dialog = open_dialog()
    qtbot.mouseClick(dialog.register.team_register, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.register.test_button, Qt.MouseButton.LeftButton)
    assert shown(dialog.register.server_error).startswith(
        "Enter the team server's URL, e.g. postgresql"
    )
    assert dialog.register.test_result.text() == ""


def test_the_connection_test_on_a_postgresql_server(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog]
) -> None:
    if POSTGRES is None:
        if os.environ.get("CI"):
            pytest.fail("QUOTER_TEST_POSTGRES_URL is not set: scripts/test starts PostgreSQL")
        pytest.skip("no PostgreSQL server (scripts/test starts one)")
    from quoter.storage.register import Register
    from tests.storage.conftest import postgres_database

    databases = postgres_database()
    url = next(databases)
    try:
        dialog = open_dialog()
        qtbot.mouseClick(dialog.register.team_register, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.register.server_url, url)
        qtbot.mouseClick(dialog.register.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: "quote register" in dialog.register.test_result.text(), timeout=15_000
        )
        assert "has no quote register yet: run 'quoter db create' once" in (
            dialog.register.test_result.text()
        )
        Register(url, automatic_upgrade=True).close()
        qtbot.mouseClick(dialog.register.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: dialog.register.test_result.text().startswith("Connected"), timeout=15_000
        )
    finally:
        databases.close()


def test_the_vendor_profile_says_where_it_comes_from(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog]
) -> None:
    dialog = open_dialog()
    fields = dialog.vendor.fields
    qtbot.waitUntil(lambda: fields["legal_name"].text() != "")
    assert fields["legal_name"].text() == "Kestrel Embedded Systems GmbH"
    assert fields["address"].text() == "Handwerkstraße 29\n70565 Stuttgart\nGermany"
    assert fields["tax_id"].text() == "DE318475928"
    assert fields["signatory"].text() == "Katrin Albrecht, Managing Director"
    assert dialog.vendor.source.text().startswith("From the bundled example data: ")
    assert dialog.vendor.source.text().endswith("resources/vendor.toml")


def test_a_vendor_profile_of_ones_own_and_a_broken_one(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], tmp_path: Path
) -> None:
    import shutil

    mine = tmp_path / "mine"
    shutil.copytree(BUNDLED_RESOURCES, mine / "resources")
    vendor = mine / "resources" / "vendor.toml"
    vendor.write_text(
        vendor.read_text(encoding="utf-8").replace("Kestrel Embedded", "Falke Technik"),
        encoding="utf-8",
    )
    database = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    dialog = open_dialog(Settings(data_dirs=(mine,), database=database))
    qtbot.waitUntil(lambda: dialog.vendor.fields["legal_name"].text() != "")
    assert dialog.vendor.fields["legal_name"].text() == "Falke Technik Systems GmbH"
    assert dialog.vendor.source.text() == f"From your data folder: {vendor}"

    vendor.write_text('format = 1\nlegal_name = "Falke"\n', encoding="utf-8")
    broken = open_dialog(Settings(data_dirs=(mine,), database=database))
    qtbot.waitUntil(lambda: "not a valid vendor profile" in broken.vendor.source.text())
    assert broken.vendor.source.text().startswith(f"{vendor}: not a valid vendor profile")
    assert broken.ok_button.isEnabled()  # the rest of the dialog still works


def test_an_environment_variable_that_overrides_a_setting_is_said(
    open_dialog: Callable[..., SettingsDialog],
) -> None:
    dialog = open_dialog(environ={"QUOTER_DB": "sqlite:////elsewhere.sqlite3"})
    assert dialog.register.note.isVisible()
    assert dialog.register.note.text() == "QUOTER_DB is set: it overrides what is saved here."
    assert not dialog.folders_override.isVisible() and not dialog.user_override.isVisible()


def test_every_input_has_a_label_with_a_mnemonic_and_an_accessible_name(
    open_dialog: Callable[..., SettingsDialog],
) -> None:
    dialog = open_dialog()
    buddies = {
        label.buddy(): label.text() for label in dialog.findChildren(QLabel) if label.buddy()
    }
    inputs = (
        dialog.user_name,
        dialog.ui_language,
        dialog.document_language,
        dialog.register.server_url,
        dialog.folders,
    )
    buttons = (
        dialog.register.local_register,
        dialog.register.team_register,
        dialog.register.test_button,
        dialog.add_folder,
        dialog.remove_folder,
    )
    for field in inputs:
        assert "&" in buddies[field], field.accessibleName()
    for widget in (*inputs, *buttons):
        assert widget.accessibleName(), widget
    texts = [buddies[field] for field in inputs] + [button.text() for button in buttons]
    mnemonics = [text.split("&")[1][0].casefold() for text in texts]
    assert len(mnemonics) == len(set(mnemonics)), texts


def test_tab_walks_the_dialog_top_to_bottom(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], tmp_path: Path
) -> None:
    dialog = open_dialog(chosen=[str(tmp_path)])
    qtbot.mouseClick(dialog.add_folder, Qt.MouseButton.LeftButton)  # Remove is enabled
    dialog.user_name.setFocus()
    walked: list[QWidget | None] = []
    for _ in range(10):
        walked.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert walked == [
        dialog.user_name,
        dialog.ui_language,
        dialog.document_language,
        dialog.register.local_register,  # the chosen one of the two; the arrow keys switch
        dialog.register.test_button,  # the server URL is disabled while the local register is chosen
        dialog.folders,
        dialog.add_folder,
        dialog.remove_folder,
        dialog.ok_button,
        dialog.button_box.button(dialog.button_box.StandardButton.Cancel),
    ]


def test_a_server_that_refuses_is_said_with_the_url_as_given_and_no_password(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog]
) -> None:
    dialog = open_dialog()
    qtbot.mouseClick(dialog.register.team_register, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(
        dialog.register.server_url, "postgresql+psycopg://quoter:secret@127.0.0.1:1/quoter"
    )
    qtbot.mouseClick(dialog.register.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "quote register" in dialog.register.test_result.text(), timeout=15_000)
    text = dialog.register.test_result.text()
    assert text.startswith(
        "postgresql+psycopg://quoter:***@127.0.0.1:1/quoter cannot be opened as a quote register"
    )
    assert "secret" not in text and "Traceback" not in text
