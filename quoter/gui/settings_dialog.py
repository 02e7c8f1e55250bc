"""The settings dialog: who the audit log names, the languages, the register, the data folders,
and the vendor profile as the data folders give it (read-only: it is a data file).

What the command line shares (user name, register, data folders) is saved in the project's config
file through `save_settings`, atomically and checked as `load_settings` reads it; only what the
user changed is written, so a value taken from an environment variable is never copied into the
file. The UI language and the default document language are the app's own, in `QSettings` (see
`window_state`): the config file's keys are the CLI's, and it refuses keys it does not know.

Slow or blocking work (reading the vendor profile, opening a register to test it, saving) runs on
a worker; the dialog shows each problem at its field and stays open until nothing is wrong.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quoter.gui.settings_groups import (
    RegisterGroup,
    VendorGroup,
    error_label,
    error_text,
    hint_label,
    show_at,
)
from quoter.gui.window_state import (
    DOCUMENT_LANGUAGE,
    UI_LANGUAGE,
    document_language,
    ui_language,
)
from quoter.gui.worker import Workers
from quoter.usecases.context import AppContext, operating_system_user
from quoter.usecases.settings import ENV_DATA, ENV_DATABASE, ENV_USER, config_file, save_settings

FolderChooser = Callable[[QWidget, str], str]
"""Asks for a folder (parent, caption); the chosen folder's path, or "" when cancelled. Qt's
folder dialog by default; tests give their own."""

CONTEXT_KEYS = ("user_name", "database", "data_dirs")
"""The changed settings that need a new application context (and those in the config file)."""


def choose_folder(parent: QWidget, caption: str) -> str:
    """Qt's folder dialog: the chosen folder, or "" when cancelled."""
    return QFileDialog.getExistingDirectory(parent, caption)


class SettingsDialog(QDialog):
    """Edit the settings; on OK they are saved, and `changed_settings()` says what changed so the
    window can rebuild its context (`restart_needed()`: the UI language, at the next start)."""

    def __init__(
        self,
        context: AppContext,
        preferences: QSettings,
        *,
        config_path: Path | None = None,
        chooser: FolderChooser = choose_folder,
        environ: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.preferences = preferences
        self.config_path = config_path or config_file()
        self.chooser = chooser
        self.environ = os.environ if environ is None else environ
        self.workers = Workers(self)
        self._changes: dict[str, Any] = {}
        settings = context.settings
        self._initial_user = settings.user_name or ""
        self._initial_folders = [str(folder) for folder in settings.data_dirs]
        self._initial_ui = ui_language(preferences)
        self._initial_document = document_language(preferences)
        self.setWindowTitle(self.tr("Settings"))
        self.setModal(True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 130)

        general = self._general_group()
        self.register = RegisterGroup(context, self.workers, self)
        self._note_override(self.register.note, ENV_DATABASE)
        data = self._folders_group()
        self.vendor = VendorGroup(context, self)
        self.vendor.shown.connect(self._fit)

        self.error = error_label(self)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.button_box.accepted.connect(self.save)
        self.button_box.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(general)
        left.addWidget(self.register)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(data)
        right.addWidget(self.vendor)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.button_box)

        chain: list[QWidget] = [
            self.user_name,
            self.ui_language,
            self.document_language,
            self.register.local_register,
            self.register.team_register,
            self.register.server_url,
            self.register.test_button,
            self.folders,
            self.add_folder,
            self.remove_folder,
            self.ok_button,
            self.button_box.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.vendor.load(self.workers, self._initial_document)

    # -- building ----------------------------------------------------------------------------------

    def _general_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("You and your languages"), self)
        self.user_name = QLineEdit(self._initial_user, group)
        self.user_name.setPlaceholderText(operating_system_user())
        self.user_name.setAccessibleName(self.tr("Your name for the audit log"))
        self.ui_language = QComboBox(group)
        self.ui_language.addItem("English", "en")  # each language in its own words
        self.ui_language.addItem("Deutsch", "de")
        self.ui_language.setCurrentIndex(self.ui_language.findData(self._initial_ui))
        self.ui_language.setAccessibleName(self.tr("Language of quoter's windows"))
        self.restart_note = hint_label(self.tr("Takes effect the next time quoter starts."), group)
        self.document_language = QComboBox(group)
        self.document_language.addItem(self.tr("English"), "en")
        self.document_language.addItem(self.tr("German"), "de")
        self.document_language.setCurrentIndex(
            self.document_language.findData(self._initial_document)
        )
        self.document_language.setAccessibleName(self.tr("Language of new quotes' documents"))
        self.user_override = hint_label("", group)
        self._note_override(self.user_override, ENV_USER)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        name_note = hint_label(
            self.tr("The register's audit log records who did what; empty: your login name."),
            group,
        )
        document_note = hint_label(
            self.tr("For new quotes and their contracts, where the price book has this language."),
            group,
        )
        for text, field, note in (
            (self.tr("Your &name:"), self.user_name, name_note),
            (self.tr("&Interface language:"), self.ui_language, self.restart_note),
            (self.tr("&Document language:"), self.document_language, document_note),
        ):
            label = QLabel(text, group)
            label.setBuddy(field)
            form.addRow(label, field)
            form.addRow("", note)  # under its field, as wide
        form.addRow(self.user_override)
        return group

    def _folders_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Your data"), self)
        self.folders = QListWidget(group)
        self.folders.addItems(self._initial_folders)
        self.folders.setAccessibleName(self.tr("Data folders, searched in this order"))
        self.folders.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.folders.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        label = QLabel(self.tr("Data &folders:"), group)
        label.setBuddy(self.folders)
        self.add_folder = QPushButton(self.tr("&Add..."), group)
        self.add_folder.setAccessibleName(self.tr("Add a data folder"))
        self.remove_folder = QPushButton(self.tr("&Remove"), group)
        self.remove_folder.setAccessibleName(self.tr("Remove the chosen data folder"))
        self.folders_error = error_label(group)
        note = hint_label(
            self.tr(
                "Your own price books, products, contract templates and resources, in folders "
                "laid out like the bundled data; searched before it."
            ),
            group,
        )
        self.folders_override = hint_label("", group)
        self._note_override(self.folders_override, ENV_DATA)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_folder)
        buttons.addWidget(self.remove_folder)
        buttons.addStretch(1)
        grid = QGridLayout(group)
        grid.addWidget(label, 0, 0, 1, 2)
        grid.addWidget(self.folders, 1, 0)
        grid.addLayout(buttons, 1, 1)
        grid.addWidget(self.folders_error, 2, 0, 1, 2)
        grid.addWidget(note, 3, 0, 1, 2)
        grid.addWidget(self.folders_override, 4, 0, 1, 2)
        self.add_folder.clicked.connect(self._add_folder)
        self.remove_folder.clicked.connect(self._remove_folder)
        self.folders.currentRowChanged.connect(lambda _: self._enable_remove())
        self._enable_remove()
        return group

    def _note_override(self, note: QLabel, variable: str) -> None:
        """Say that an environment variable overrides what is saved here (hidden when unset)."""
        note.setText(
            self.tr("{variable} is set: it overrides what is saved here.").format(variable=variable)
        )
        note.setVisible(bool(self.environ.get(variable)))

    def _fit(self) -> None:
        """Grow to show what arrived after the dialog was laid out (never shrink under the user)."""
        hint = self.sizeHint()
        if hint.height() > self.height() or hint.width() > self.width():
            self.resize(max(hint.width(), self.width()), max(hint.height(), self.height()))

    # -- data folders ------------------------------------------------------------------------------

    def folder_list(self) -> list[str]:
        """The data folders listed, in their order."""
        return [self.folders.item(row).text() for row in range(self.folders.count())]

    def _add_folder(self) -> None:
        chosen = self.chooser(self, self.tr("Choose a data folder"))
        if not chosen:
            return
        if chosen not in self.folder_list():
            self.folders.addItem(chosen)
        self.folders.setCurrentRow(self.folder_list().index(chosen))
        self._check_folders()

    def _remove_folder(self) -> None:
        row = self.folders.currentRow()
        if row >= 0:
            self.folders.takeItem(row)
        self._check_folders()
        self._enable_remove()

    def _enable_remove(self) -> None:
        self.remove_folder.setEnabled(self.folders.currentRow() >= 0)

    def _check_folders(self) -> bool:
        """Say at the list which folders do not exist; whether all do."""
        missing = [name for name in self.folder_list() if not Path(name).expanduser().is_dir()]
        problem = None
        if missing:
            problem = self.tr("This folder does not exist: {folders}", "", len(missing)).format(
                folders=", ".join(missing)
            )
        show_at(self.folders_error, problem)
        return problem is None

    # -- saving ------------------------------------------------------------------------------------

    def _settings_changes(self) -> dict[str, Any]:
        """What changed in the config file's settings (a value of None removes the setting)."""
        changes: dict[str, Any] = {}
        user = self.user_name.text().strip()
        if user != self._initial_user:
            changes["user_name"] = user or None
        database = self.register.database()
        if database != self.register.initial:
            changes["database"] = database
        folders = self.folder_list()
        if folders != self._initial_folders:
            changes["data_dirs"] = folders
        return changes

    def _preference_changes(self) -> dict[str, str]:
        changes = {}
        if self.ui_language.currentData() != self._initial_ui:
            changes["ui_language"] = str(self.ui_language.currentData())
        if self.document_language.currentData() != self._initial_document:
            changes["document_language"] = str(self.document_language.currentData())
        return changes

    def save(self) -> None:
        """Check every field; when nothing is wrong, save what changed (on a worker) and close.
        A problem is shown at its field, the focus goes there, and nothing is saved."""
        show_at(self.error, None)
        url_ok = self.register.check()
        folders_ok = self._check_folders()
        if not folders_ok and url_ok:
            self.folders.setFocus()
        if not (url_ok and folders_ok):
            return
        changes = self._settings_changes()
        if not changes:
            self._saved(changes)
            return
        path = self.config_path
        self.button_box.setEnabled(False)
        self.workers.run(
            lambda: save_settings(changes, path),
            lambda _: self._saved(changes),
            self._not_saved,
        )

    def _saved(self, changes: dict[str, Any]) -> None:
        preferences = self._preference_changes()
        if "ui_language" in preferences:
            self.preferences.setValue(UI_LANGUAGE, preferences["ui_language"])
        if "document_language" in preferences:
            self.preferences.setValue(DOCUMENT_LANGUAGE, preferences["document_language"])
        self.preferences.sync()
        self._changes = {**changes, **preferences}
        self.accept()

    def _not_saved(self, error: BaseException) -> None:
        self.button_box.setEnabled(True)
        show_at(self.error, error_text(error))

    # -- what the window asks ----------------------------------------------------------------------

    def changed_settings(self) -> dict[str, Any]:
        """What OK saved: the config file's `user_name`, `database` (None: the local default),
        `data_dirs`, and the app's `ui_language` and `document_language`; empty before OK."""
        return dict(self._changes)

    def context_changed(self) -> bool:
        """Whether the window needs a new application context (settings from the config file)."""
        return any(key in self._changes for key in CONTEXT_KEYS)

    def restart_needed(self) -> bool:
        """Whether a change takes effect only at the next start (the UI language)."""
        return "ui_language" in self._changes

    def reject(self) -> None:
        if self.button_box.isEnabled():  # while saving, Escape waits for the save to end
            super().reject()

    def done(self, result: int) -> None:
        self.workers.wait(0)  # a test still connecting is let go: its answer is not wanted
        super().done(result)
