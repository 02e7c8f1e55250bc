"""The app's window as a user meets it: it opens at once, fills with the books in force, searches
as you type, and says in a banner what is wrong with the data, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from quoter.gui.window import MainWindow
from quoter.usecases.settings import Settings
from tests.conftest import REPO, context_for


def opened(qtbot: QtBot, settings: Settings | None = None) -> MainWindow:
    window = MainWindow(context_for(settings))
    qtbot.addWidget(window)
    window.show()
    window.load()
    return window


def test_the_window_fills_with_the_books_in_force(qtbot: QtBot) -> None:
    window = opened(qtbot)
    qtbot.waitUntil(lambda: window.books.count() == 2)
    assert [window.books.itemData(i) for i in range(2)] == ["services-eur", "services-usd"]
    model = window.panel.table.model()
    assert model.rowCount() == 13  # services-eur 2026.1 sells 13 services
    assert "services-eur 2026.1, sha256:" in window.book_status.text()
    assert window.banner.isHidden()


def test_choosing_a_book_and_searching_by_keyboard(qtbot: QtBot) -> None:
    window = opened(qtbot)
    qtbot.waitUntil(lambda: window.books.count() == 2)
    window.books.setCurrentIndex(1)
    assert "services-usd 2026.1" in window.book_status.text()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.search.hasFocus()
    qtbot.keyClicks(window.panel.search, "backport")
    model = window.panel.table.model()
    codes = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert codes and all(code.startswith("BP-") for code in codes)


def test_broken_data_is_said_in_the_banner(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "price_books").mkdir(parents=True)
    broken = folder / "price_books" / "broken.toml"
    broken.write_text('format = 1\nid = "broken"\ncurrency = "DOLLARS"\n', encoding="utf-8")
    window = opened(qtbot, Settings(data_dirs=(folder,)))
    qtbot.waitUntil(lambda: window.banner.isVisible())
    text = window.banner.text.text()
    assert str(broken) in text and "Traceback" not in text
    assert window.books.count() == 0


def test_quoter_gui_paints_and_quits_without_heavy_imports(tmp_path: Path) -> None:
    """`quoter gui --quit-after-first-paint` shows the window, prints its time, exits 0; and
    nothing heavy (WeasyPrint, pyHanko, pypdf, docxtpl, the database layer and driver) loads
    before: each costs the first paint tens to hundreds of milliseconds."""
    probe = (
        "import sys\n"
        "from quoter.cli import main\n"
        "status = main(['gui', '--quit-after-first-paint'])\n"
        "heavy = [m for m in ('weasyprint', 'pyhanko', 'pypdf', 'docxtpl', 'sqlalchemy', 'psycopg')"
        " if m in sys.modules]\n"
        "print('heavy:', ','.join(heavy))\n"
        "sys.exit(status)\n"
    )
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "QUOTER_CONFIG": str(tmp_path / "none.toml"),
        "QUOTER_DB": f"sqlite:///{tmp_path / 'register.sqlite3'}",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("first paint: ") and lines[0].endswith(" ms")
    assert lines[-1].rstrip() == "heavy:"


def test_without_a_display_it_says_how_to_get_one(tmp_path: Path) -> None:
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "QUOTER_CONFIG": str(tmp_path / "none.toml"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "quoter", "gui"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "there is no display" in result.stderr and "xvfb-run -a quoter gui" in result.stderr
    assert "Traceback" not in result.stderr
