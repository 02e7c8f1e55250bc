"""What the app remembers between sessions that the command line does not share: the window's
geometry and state, splitter positions, table columns (widths and order), the last book and
customer, the UI language and the default document language (GUI.md item 11).

They live in `QSettings`, INI format, organisation and application "quoter" (on Linux
`~/.config/quoter/quoter.ini`), apart from the config file the CLI reads. The file is a
convenience a person may edit or delete: a value that is missing or unreadable is ignored and the
default used, never an error. Every function takes the `QSettings` to use, so tests pass their own.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QLocale, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

ORGANISATION = "quoter"
APPLICATION = "quoter"
LANGUAGES = ("en", "de")
"""The languages quoter's windows and its documents come in."""
UI_LANGUAGE = "ui/language"
DOCUMENT_LANGUAGE = "documents/language"
_GEOMETRY = "window/geometry"
_STATE = "window/state"


def app_settings() -> QSettings:
    """The app's own settings file (INI, per user)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def _stored_bytes(settings: QSettings, key: str) -> QByteArray | None:
    """The bytes stored under `key`, or None when there are none or something else is there (an
    INI edited by hand reads back as text or a list)."""
    value = settings.value(key)
    if isinstance(value, (bytes, bytearray)):
        value = QByteArray(bytes(value))
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    return None


def save_window(window: QMainWindow, settings: QSettings) -> None:
    """Remember the window's size, position, and its toolbars' and docks' places."""
    settings.setValue(_GEOMETRY, window.saveGeometry())
    settings.setValue(_STATE, window.saveState())


def restore_window(window: QMainWindow, settings: QSettings) -> bool:
    """Put the window back as it was saved; False (the window unchanged) when nothing usable is
    saved. Call it before the window is shown."""
    geometry = _stored_bytes(settings, _GEOMETRY)
    restored = geometry is not None and window.restoreGeometry(geometry)
    state = _stored_bytes(settings, _STATE)
    return (state is not None and window.restoreState(state)) or restored


def save_splitter(name: str, splitter: QSplitter, settings: QSettings) -> None:
    """Remember where the splitter `name` divides its panes."""
    settings.setValue(f"splitters/{name}", splitter.saveState())


def restore_splitter(name: str, splitter: QSplitter, settings: QSettings) -> bool:
    """Divide the splitter as it was saved; False when nothing usable is saved."""
    state = _stored_bytes(settings, f"splitters/{name}")
    return state is not None and splitter.restoreState(state)


def save_header(name: str, header: QHeaderView, settings: QSettings) -> None:
    """Remember a table's column widths, order, hidden columns and sort column."""
    settings.setValue(f"headers/{name}", header.saveState())


def restore_header(name: str, header: QHeaderView, settings: QSettings) -> bool:
    """Give a table's columns their saved widths and order (call it once the table has its
    model); False when nothing usable is saved. Qt fits a state saved for fewer or more columns
    to the columns there are."""
    state = _stored_bytes(settings, f"headers/{name}")
    return state is not None and header.restoreState(state)


def remember(key: str, value: str, settings: QSettings) -> None:
    """Remember a last choice, such as `book` (its id) or `customer` (the legal name)."""
    settings.setValue(f"last/{key}", value)


def recalled(key: str, default: str, settings: QSettings) -> str:
    """The last choice remembered under `key`, or `default`."""
    value = settings.value(f"last/{key}")
    return value if isinstance(value, str) else default


def ui_language(settings: QSettings, system: QLocale | None = None) -> str:
    """The language of the app's windows: the one chosen in the settings, else the desktop's
    (`system`, by default the system locale) when quoter speaks it, else English."""
    chosen = settings.value(UI_LANGUAGE)
    if isinstance(chosen, str) and chosen in LANGUAGES:
        return chosen
    language = (system or QLocale.system()).name().split("_")[0]
    return language if language in LANGUAGES else "en"


def document_language(settings: QSettings, system: QLocale | None = None) -> str:
    """The language new quotes' documents are written in (where the price book has it): the
    one chosen in the settings, else the UI language."""
    chosen = settings.value(DOCUMENT_LANGUAGE)
    if isinstance(chosen, str) and chosen in LANGUAGES:
        return chosen
    return ui_language(settings, system)
