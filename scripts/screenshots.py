"""Screenshots of the app's main views in English and German, for docs/ and the README: the real
window on a real X display (run by scripts/screenshots under Xvfb), with the bundled books, a
throwaway register holding a few quotes, and the examples' requests opened as a user drops them.

Usage: .venv/bin/python scripts/screenshots.py OUT_DIR   (needs DISPLAY; see scripts/screenshots)
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication

from quoter.gui.i18n import install_translations
from quoter.gui.window import MainWindow
from quoter.usecases.context import AppContext, build_context
from quoter.usecases.register import decide_quote, issue_quote, new_quote
from quoter.usecases.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHOWN = {"en": EXAMPLES / "backport-usd.toml", "de": EXAMPLES / "driver-port-eur.toml"}


def wait_until(app: QApplication, done: Callable[[], bool], seconds: float = 60) -> None:
    """Run the event loop until `done()` (the window works on workers and a process)."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {done.__name__}")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def seeded_register(folder: Path) -> AppContext:
    """A register with an accepted offer, an issued one and a draft, as a seller's would be."""
    context = build_context(
        Settings(database=f"sqlite:///{folder / 'register.sqlite3'}", user_name="Sam Seller")
    )
    accepted = new_quote(context, EXAMPLES / "backport-usd.toml")
    issue_quote(context, accepted.number)
    decide_quote(context, accepted.number, accepted=True)
    issued = new_quote(context, EXAMPLES / "driver-port-eur.toml")
    issue_quote(context, issued.number)
    new_quote(context, EXAMPLES / "customisation-usd.json")
    return context


def take(app: QApplication, language: str, out: Path, folder: Path) -> list[Path]:
    translators = install_translations(app, language)
    context = seeded_register(folder)
    window = MainWindow(context, language, state_dir=folder / "state")
    window.resize(1500, 920)
    window.show()
    window.load()
    wait_until(app, lambda: window.books.count() > 0)
    window.open_file(SHOWN[language])
    wait_until(app, lambda: window.builder.number is not None)
    request = window.builder.request
    assert request is not None
    wait_until(app, lambda: window.preview.pdf_for(request) is not None)
    settle(app, 1.5)  # the PDF view renders its pages asynchronously
    window.builder.lines.select_row(0)
    settle(app, 0.3)
    written = [out / f"app-quote-{language}.png"]
    window.grab().save(str(written[-1]))
    window.tabs.setCurrentIndex(1)
    view = window.register_view
    wait_until(app, lambda: view.model.rowCount() >= 3)
    view.table.selectRow(1)
    settle(app, 1.0)
    written.append(out / f"app-register-{language}.png")
    window.grab().save(str(written[-1]))
    window.close()
    for translator in translators:
        app.removeTranslator(translator)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    QStandardPaths.setTestModeEnabled(True)  # never the user's own app folders
    app = QApplication(["quoter"])
    app.setOrganizationName("quoter")
    app.setApplicationName("quoter")
    written: list[Path] = []
    for language in ("en", "de"):
        with tempfile.TemporaryDirectory() as folder:
            written += take(app, language, out, Path(folder))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
