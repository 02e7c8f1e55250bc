"""The app on a real X server (GUI.md item 17): what the offscreen platform cannot show. pytest-xvfb
starts Xvfb for the session and sets DISPLAY; the test process's own QApplication stays offscreen
(tests/conftest.py sets QT_QPA_PLATFORM first), so each test here runs the app in a process of
its own on the xcb platform, with its folders in tmp_path. Without a display at all the app says
how to get one: test_app.py::test_without_a_display_it_says_how_to_get_one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.conftest import REPO

TIMEOUT = 120  # seconds: a cold start imports Qt and reads the books


@pytest.fixture
def display(xvfb: object) -> str:
    """The X display pytest-xvfb started (`:N`); the test is skipped when there is none."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb): no X server to run on")
    number = getattr(xvfb, "display", None)
    if number is None:
        pytest.skip("pytest-xvfb started no X server (run without --no-xvfb)")
    return f":{number}"


def on_x(tmp_path: Path, display: str) -> dict[str, str]:
    """An environment with only the X display and folders of the test's own: the user's config,
    data, cache and register are never touched."""
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    for folder in (home, runtime):
        folder.mkdir(exist_ok=True)
    runtime.chmod(0o700)  # as Qt wants XDG_RUNTIME_DIR
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_RUNTIME_DIR": str(runtime),
        "QUOTER_CONFIG": str(config),
        "QUOTER_DB": f"sqlite:///{tmp_path / 'register.sqlite3'}",
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": display,
    }


def run(arguments: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.mark.xvfb
def test_quoter_gui_paints_on_an_x_display_and_quits(tmp_path: Path, display: str) -> None:
    env = on_x(tmp_path, display)
    result = run(["-m", "quoter", "gui", "--quit-after-first-paint"], env)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"first paint: \d+ ms\n", result.stdout), result.stdout
    assert "Traceback" not in result.stderr and "platform plugin" not in result.stderr
    # the window's state went where this session's desktop keeps it, nowhere else
    assert (Path(env["XDG_CONFIG_HOME"]) / "quoter" / "quoter.ini").is_file()


DRAWN = """
import sys
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication

QStandardPaths.setTestModeEnabled(True)
from quoter.gui.window import MainWindow
from quoter.usecases.settings import Settings
from tests.conftest import context_for

app = QApplication([])
print("platform:", app.platformName(), flush=True)
window = MainWindow(context_for(Settings(database=sys.argv[1])))
window.resize(780, 560)
window.show()
window.load()
while window.books.count() < 2 and not window.banner.isVisible():
    app.processEvents()
for _ in range(50):  # the book's services painted
    app.processEvents()
frame = window.frameGeometry()
shot = app.primaryScreen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
shot.save(sys.argv[2])
image = shot.toImage()
colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
print("books:", window.books.count(), flush=True)
print("grabbed:", image.width(), image.height(), len(colours), flush=True)
window.close()
"""


@pytest.mark.xvfb
def test_the_window_is_drawn_on_the_x_screen(tmp_path: Path, display: str) -> None:
    """What the X server shows where the window is, grabbed from the screen (not from the
    widget): the window with its books and text, not an empty root window."""
    screenshot = tmp_path / "window.png"
    env = on_x(tmp_path, display)
    result = run(["-c", DRAWN, env["QUOTER_DB"], str(screenshot)], env)
    assert result.returncode == 0, result.stderr
    said = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert said["platform"] == "xcb"
    assert said["books"] == "2"
    width, height, colours = (int(part) for part in said["grabbed"].split())
    assert (width, height) >= (780, 560)
    assert colours > 20, "the screen is blank where the window should be"
    assert screenshot.stat().st_size > 0


def test_the_other_tests_stay_offscreen_while_xvfb_runs(qapp: QApplication) -> None:
    """pytest-xvfb sets DISPLAY for the whole session; the in-process tests still run on the
    offscreen platform (no window on a display, no focus fights with the X server)."""
    assert QGuiApplication.platformName() == "offscreen"
    assert os.environ.get("QT_QPA_PLATFORM") == "offscreen"
