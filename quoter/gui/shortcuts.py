"""The shortcut sheet (F1): every key the window answers to, read from its actions, so the sheet
can never list a key that does nothing or miss one that was added."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quoter.gui.mnemonics import action_name

EXTRA_KEYS = (
    ("Down", "From the search box into the services found"),
    ("Enter", "Open the chosen service's form; in a form, add the line"),
    ("Escape", "Leave the service's form"),
    ("Enter", "On a line: change it in its form"),
)
"""Keys that belong to one widget rather than to an action."""


class ShortcutSheet(QDialog):
    """A table of what each key does."""

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for action in actions:
            keys = ", ".join(
                key.toString(QKeySequence.SequenceFormat.NativeText)
                for key in action.shortcuts()
                if not key.isEmpty()
            )
            what = action_name(action.text())
            if keys and (keys, what) not in seen:
                seen.add((keys, what))
                rows.append((keys, what))
        rows.extend((self.tr(key), self.tr(what)) for key, what in EXTRA_KEYS)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(rows):
            for column, text in enumerate((keys, what)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def entries(self) -> list[tuple[str, str]]:
        """The sheet's rows as shown: keys, what they do."""
        rows = []
        for row in range(self.table.rowCount()):
            keys, what = self.table.item(row, 0), self.table.item(row, 1)
            rows.append((keys.text() if keys else "", what.text() if what else ""))
        return rows
