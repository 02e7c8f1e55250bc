"""Starting the desktop app: one QApplication, one application context, the main window.

Nothing heavy is imported before the first paint: the window shows at once and the price books
are read on a worker. `--quit-after-first-paint` shows the window, prints the milliseconds from
the start of `quoter gui` to its first paint, and exits (for smoke tests and benchmarks).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QObject, QStandardPaths, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from quoter.gui.i18n import install_translations
from quoter.gui.window import MainWindow
from quoter.gui.window_state import app_settings, document_language, ui_language
from quoter.usecases.context import AppContext

EXIT_OK = 0
EXIT_NO_DISPLAY = 1


def display_problem(environ: dict[str, str] | os._Environ[str]) -> str | None:
    """Why no window can be shown here, or None: on Linux a window needs an X or Wayland display
    (or an explicit QT_QPA_PLATFORM such as offscreen)."""
    if not sys.platform.startswith("linux"):
        return None
    if environ.get("QT_QPA_PLATFORM") or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "quoter gui: there is no display to show the window on (DISPLAY is not set). "
        "Run it on a desktop, or on a virtual one: xvfb-run -a quoter gui "
        "(from a checkout: xvfb-run -a bash scripts/run)"
    )


def show_start_problem(text: str) -> None:
    """Say in a message box why the app could not start (where a window can be shown at all)."""
    if display_problem(os.environ) is not None:
        return
    from PySide6.QtWidgets import QMessageBox

    _ = QApplication.instance() or QApplication(["quoter"])
    QMessageBox.critical(None, "quoter", text)


def icon_file() -> Path:
    """The app's icon (the one `quoter desktop-install` puts in the desktop's menu)."""
    return Path(str(files("quoter") / "icons" / "quoter.svg"))


class _FirstPaint(QObject):
    """Reports the window's first paint once, then gets out of the way."""

    def __init__(
        self, started: float, quit_after: bool, then: Callable[[], object] | None = None
    ) -> None:
        super().__init__()
        self.started = started
        self.quit_after = quit_after
        self.then = then
        self.milliseconds: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.milliseconds is None:
            self.milliseconds = (time.perf_counter() - self.started) * 1000
            watched.removeEventFilter(self)
            if self.quit_after:
                print(f"first paint: {self.milliseconds:.0f} ms", flush=True)
                QTimer.singleShot(0, QApplication.quit)
            elif self.then is not None:
                QTimer.singleShot(0, self.then)
        return False


def run(
    context: AppContext,
    *,
    argv: Sequence[str] = (),
    quit_after_first_paint: bool = False,
    started: float | None = None,
    rebuild: Callable[[], AppContext] | None = None,
) -> int:
    """Show the main window on `context` and run the event loop until the window closes.
    `rebuild` makes a new context from the settings as they are now (after the settings dialog
    changed them); contexts it made are closed by the window."""
    started = time.perf_counter() if started is None else started
    problem = display_problem(os.environ)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    app = QApplication.instance() or QApplication(["quoter", *argv])
    QApplication.setOrganizationName("quoter")
    QApplication.setApplicationName("quoter")
    QGuiApplication.setDesktopFileName("quoter")
    QApplication.setWindowIcon(QIcon(str(icon_file())))
    preferences = app_settings()
    language = ui_language(preferences)
    install_translations(app, language)  # before any widget takes its texts
    if language != "en":  # numbers typed as the UI's language writes them (2,5 in German)
        QLocale.setDefault(QLocale(language))
    state = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    window = MainWindow(
        context,
        document_language(preferences),
        state_dir=Path(state),
        preferences=preferences,
        rebuild=rebuild,
    )
    # the preview's process starts once the window is on screen: it costs the machine a second
    watcher = _FirstPaint(started, quit_after_first_paint, then=window.preview.start)
    window.installEventFilter(watcher)
    window.show()
    if not quit_after_first_paint:
        window.load()
    status = app.exec()
    window.workers.wait()
    return int(status)
