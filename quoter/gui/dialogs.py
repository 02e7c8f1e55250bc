"""The modal questions the window asks, behind one small object the tests replace (GUI.md item 17):
logic never calls a dialog's `exec()` itself, so a test answers without a dialog on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget


class Dialogs:
    """Asks the user; a test passes an object with the same methods and canned answers."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def confirm(self, title: str, text: str, action: str) -> bool:
        """Whether the user goes ahead; `action` names the button that does (e.g. 'Issue')."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def run(self, dialog: QDialog) -> bool:
        """Show a dialog of the window's (settings...) until closed; whether it was accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def save_path(self, title: str, suggested: Path, kind: str) -> Path | None:
        """Where to write a file of `kind` ('PDF', 'DOCX'), or None when cancelled."""
        pattern = {"PDF": "*.pdf", "DOCX": "*.docx"}.get(kind, "*")
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent, title, str(suggested), f"{kind} ({pattern})"
        )
        return Path(chosen) if chosen else None
