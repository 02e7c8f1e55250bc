"""The mnemonics (Alt+letter) a window already answers to, and a widget's place in the focus
chain, so that controls built late (a service's form) neither steal a letter nor land at the end
of the Tab order.

Two controls with the same mnemonic on screen make the key ambiguous: Qt then only moves the
focus between them, one press at a time, and neither acts (a menu's title does not open).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget


def without_mnemonic(text: str) -> str:
    """A label as read aloud or shown without its Alt letter: '&&' stays one '&'."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def action_name(text: str) -> str:
    """An action's text as a name or tooltip: no Alt letter, no trailing '...'."""
    return without_mnemonic(text).removesuffix("...")


def mnemonic_letter(text: str) -> str | None:
    """The letter after the first single `&` in `text`, casefolded; None without one ("&&" is a
    literal ampersand)."""
    position = 0
    while (position := text.find("&", position)) != -1 and position + 1 < len(text):
        if text[position + 1] != "&":
            return text[position + 1].casefold()
        position += 2
    return None


def mnemonic_texts(widget: QWidget) -> list[str]:
    """The texts whose mnemonics `widget` answers to: a buddy label's, a button's, a group box's
    title, a tab bar's tabs, a menu bar's menus."""
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.buddy() is not None else []
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(index) for index in range(widget.count())]
    if isinstance(widget, QMenuBar):
        return [action.text() for action in widget.actions() if action.isVisible()]
    return []


def letters_in_use(window: QWidget, outside: QWidget | None = None) -> set[str]:
    """The mnemonic letters of everything shown in `window` (hidden pages left out), except in
    `outside` and its children."""
    letters = set()
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if outside is not None and (widget is outside or outside.isAncestorOf(widget)):
            continue
        for text in mnemonic_texts(widget):
            letter = mnemonic_letter(text)
            if letter is not None:
                letters.add(letter)
    return letters


def focusable_before(widget: QWidget) -> QWidget | None:
    """The nearest widget before `widget` in its window's focus chain that can take the focus at
    all (a place to insert widgets at), or None when there is none."""
    previous = widget.previousInFocusChain()
    while previous is not None and previous is not widget:
        if previous.focusPolicy() != Qt.FocusPolicy.NoFocus:
            return previous
        previous = previous.previousInFocusChain()
    return None
