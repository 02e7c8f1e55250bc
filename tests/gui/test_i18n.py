"""The app in German: quoter's own words and Qt's standard dialogs, every string translated, the
placeholders and mnemonics intact, and the shipped catalogue compiled from the one in the
repository. Translators are removed after each test, so the next one is English again."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from quoter.gui.customer import CustomerPanel
from quoter.gui.i18n import install_translations, remove_translations
from quoter.gui.settings_dialog import SettingsDialog
from quoter.usecases.settings import Settings
from tests.conftest import REPO, context_for

CATALOGUES = REPO / "quoter" / "gui" / "translations"
GERMAN_TS = CATALOGUES / "quoter_de.ts"
GERMAN_QM = CATALOGUES / "quoter_de.qm"
TOOLS = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%L?n")


@pytest.fixture
def german(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = install_translations(qapp, "de")
    yield translators
    remove_translations(qapp, translators)


def messages(catalogue: Path = GERMAN_TS) -> list[tuple[str, str, list[str], ET.Element]]:
    """Each message of a catalogue: context, source, translations, the translation element."""
    found = []
    for context in ET.parse(catalogue).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [form.text or "" for form in translation.iter("numerusform")]
            texts = forms if message.get("numerus") == "yes" else [translation.text or ""]
            found.append((name, message.findtext("source") or "", texts, translation))
    return found


def test_standard_dialogs_speak_german(german: list[QTranslator], qtbot: QtBot) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "quoter",
        "?",
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(box)
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert cancel.text() in ("Abbrechen", "&Abbrechen")


def test_quoters_windows_speak_german(german: list[QTranslator], qtbot: QtBot) -> None:
    from quoter.gui.window import MainWindow

    window = MainWindow(context_for())
    qtbot.addWidget(window)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[:2] == ["&Datei", "&Bearbeiten"]
    panel = CustomerPanel()
    qtbot.addWidget(panel)
    assert panel.legal_name.accessibleName() == "Firmenname des Kunden"


def test_the_settings_dialog_speaks_german(
    german: list[QTranslator], qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = SettingsDialog(
        context_for(Settings(database=f"sqlite:///{tmp_path / 'register.sqlite3'}")),
        QSettings(str(tmp_path / "quoter.ini"), QSettings.Format.IniFormat),
        config_path=tmp_path / "config.toml",
        environ={},
    )
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Einstellungen"
    assert dialog.restart_note.text() == "Wirkt beim nächsten Start von quoter."
    assert dialog.button_box.button(dialog.button_box.StandardButton.Cancel).text() in (
        "Abbrechen",
        "&Abbrechen",
    )
    dialog.workers.wait()


def test_english_needs_no_catalogue_and_the_windows_stay_english(
    qapp: QApplication, qtbot: QtBot
) -> None:
    assert install_translations(qapp, "en") == []
    panel = CustomerPanel()
    qtbot.addWidget(panel)
    assert panel.legal_name.accessibleName() == "Customer's legal name"


def test_a_language_quoter_does_not_speak_installs_nothing(qapp: QApplication) -> None:
    """Not even Qt's French: a window half French, half English would be worse."""
    assert install_translations(qapp, "fr") == []


def test_every_string_has_a_finished_translation() -> None:
    unfinished = [
        (context, source)
        for context, source, texts, element in messages()
        if element.get("type") or not all(text.strip() for text in texts)
    ]
    assert unfinished == []
    assert len(messages()) > 100


def test_translations_keep_the_placeholders_and_one_mnemonic() -> None:
    """A lost `{code}` would break `.format()`; a lost `&` a keyboard user's way in."""
    for context, source, texts, _ in messages():
        wanted = sorted(PLACEHOLDER.findall(source))
        mnemonics = source.replace("&&", "").count("&")
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == wanted, (context, source, text)
            assert text.replace("&&", "").count("&") == mnemonics, (context, source, text)


def test_every_string_in_the_source_is_in_the_catalogue(tmp_path: Path) -> None:
    """A string added to quoter/gui and not yet translated fails here: run scripts/translations
    and translate what it reports unfinished."""
    lupdate = TOOLS / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    catalogue = tmp_path / "quoter_de.ts"
    shutil.copy(GERMAN_TS, catalogue)
    sources = sorted(str(path) for path in (REPO / "quoter" / "gui").glob("*.py"))
    options = ("-silent", "-no-obsolete", "-locations", "none")
    result = subprocess.run(
        [str(lupdate), *options, *sources, "-ts", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    new = [
        (context, source)
        for context, source, _, element in messages(catalogue)
        if element.get("type") == "unfinished"
    ]
    assert new == []


def test_the_shipped_catalogue_is_compiled_from_the_translations(tmp_path: Path) -> None:
    """quoter_de.qm is what scripts/translations makes of quoter_de.ts, byte for byte."""
    lrelease = TOOLS / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed beside this Python")
    compiled = tmp_path / "quoter_de.qm"
    result = subprocess.run(
        [str(lrelease), "-silent", str(GERMAN_TS), "-qm", str(compiled)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert compiled.read_bytes() == GERMAN_QM.read_bytes()
