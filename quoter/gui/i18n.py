"""The app's windows in the user's language: quoter's own catalogue and Qt's, for its standard
dialogs (GUI.md item 13). Contracts and other documents keep their own wording files.

Qt Linguist rather than gettext: every widget already says its strings through `self.tr`, whose
context (the class name) tells a translator where a word is shown; `pyside6-lupdate` finds them,
`pyside6-lrelease` compiles them (`scripts/translations`), both ship with PySide6; plural forms
(`%n`) and Qt's own catalogues (`qtbase_de.qm`: the buttons of a message box, the file dialog)
work the same way. gettext would add Babel extraction and a second mechanism beside Qt's.

The catalogues are `quoter/gui/translations/quoter_LANG.qm`, inside the package (and the wheel).
English is the source language: it needs no catalogue.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

SOURCE_LANGUAGE = "en"


def catalogue_folder() -> str:
    """The folder of quoter's compiled catalogues (`quoter_LANG.qm`)."""
    return str(resources.files("quoter.gui") / "translations")


def install_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install quoter's catalogue for `language` and Qt's own (`qtbase_LANG.qm`), and return
    them (to remove with `remove_translations`). Nothing for English, or for a language quoter
    has no catalogue for: its windows would be half English. Call it before the first window is
    made: widgets take their texts when they are built."""
    if language == SOURCE_LANGUAGE:
        return []
    ours = QTranslator(app)  # the app owns them: they live as long as the app
    if not ours.load(f"quoter_{language}", catalogue_folder()):
        ours.deleteLater()
        return []
    installed = []
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    else:  # a Qt without its catalogues: the standard dialogs stay English
        qt.deleteLater()
    app.installTranslator(ours)  # installed last, so searched first
    installed.append(ours)
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Take the catalogues off again (tests do, so the next test is English)."""
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
