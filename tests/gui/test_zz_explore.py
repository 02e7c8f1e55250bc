from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QAbstractButton, QWidget
from PySide6.QtGui import QAction, QKeySequence
from quoter.gui.window import MainWindow
from quoter.usecases.settings import Settings
from tests.conftest import REPO, context_for
from tests.gui.test_quote_flow import Answers

def describe(w):
    return f"{type(w).__name__} name={w.accessibleName()!r} text={getattr(w,'text',lambda:'')() if isinstance(w,QAbstractButton) else ''!r} obj={w.objectName()!r} parent={type(w.parentWidget()).__name__}"

def test_explore(qtbot, tmp_path):
    context = context_for(Settings(database=f"sqlite:///{tmp_path/'r.sqlite3'}"))
    window = MainWindow(context, state_dir=tmp_path/'state', dialogs=Answers(tmp_path))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window), qtbot.waitActive(window):
        window.show(); window.activateWindow()
    window.load()
    qtbot.waitUntil(lambda: window.books.count() == 2)
    window.open_file(REPO/'examples'/'backport-usd.toml')
    qtbot.waitUntil(lambda: window.builder.number is not None, timeout=10000)
    print("banner", window.banner.isVisible(), window.banner.text.text())
    print("lines", window.builder.lines.model.rowCount())
    for tab in (0, 1):
        window.tabs.setCurrentIndex(tab)
        qtbot.wait(50)
        start = window.books if tab == 0 else window.register_view.search
        start.setFocus()
        qtbot.waitUntil(start.hasFocus)
        seen = []
        w = QApplication.focusWidget()
        for i in range(80):
            seen.append(w)
            print(i, describe(w))
            qtbot.keyClick(w, Qt.Key.Key_Tab)
            w = QApplication.focusWidget()
            if w is seen[0]:
                print("cycled"); break
    for a in window.findChildren(QAction):
        ks = [k.toString() for k in a.shortcuts()]
        if ks:
            print(a.text(), ks, a.shortcutContext(), a.isEnabled(), [type(o).__name__ for o in a.associatedObjects()])
    window.close()
