"""`quoter desktop-install`: the desktop entry passes freedesktop's validator and starts an
installed program, the icon is a valid SVG, --uninstall removes both, and a folder that cannot be
written gives one line, not a traceback."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import pytest

from quoter.cli import main
from quoter.cli.desktop import data_home, desktop_entry, exec_line, launcher_command
from tests.conftest import TEST_DAY, fixed_now, noon

Run = Callable[..., tuple[int, str, str]]

VALIDATOR = shutil.which("desktop-file-validate")
needs_validator = pytest.mark.skipif(
    VALIDATOR is None,
    reason="desktop-file-validate is not installed (Debian package desktop-file-utils)",
)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Runs `quoter ARGS...` in-process, as tests/cli/test_cli.py does."""

    def run(*argv: str | Path) -> tuple[int, str, str]:
        status = main([str(a) for a in argv], fixed_now(noon(TEST_DAY)))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return status, out, err

    return run


def entry_of(home: Path) -> Path:
    return home / "applications" / "quoter.desktop"


def icon_of(home: Path) -> Path:
    return home / "icons" / "hicolor" / "scalable" / "apps" / "quoter.svg"


def keys(entry: Path) -> dict[str, str]:
    """The entry's keys and values (a desktop entry is one group here)."""
    lines = entry.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def validate(entry: Path) -> None:
    assert VALIDATOR is not None
    result = subprocess.run([VALIDATOR, str(entry)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@needs_validator
def test_the_entry_is_valid_and_starts_the_installed_app(run: Run, tmp_path: Path) -> None:
    status, out, err = run("desktop-install", "--data-home", tmp_path)
    assert status == 0, err
    entry, icon = entry_of(tmp_path), icon_of(tmp_path)
    assert out.splitlines() == [f"{entry}: written (desktop entry)", f"{icon}: written (icon)"]
    validate(entry)
    found = keys(entry)
    assert found["Name"] == "quoter" and found["Icon"] == "quoter"
    assert found["StartupWMClass"] == "quoter"  # the app's setDesktopFileName("quoter")
    assert found["GenericName[de]"] == "Angebotserstellung"
    assert found["Categories"] == "Office;Finance;" and found["Terminal"] == "false"
    program = Path(shlex.split(found["Exec"].replace("\\\\", "\\"))[0])
    assert program.is_absolute() and program.name == "quoter-app"
    assert program.is_file() and os.access(program, os.X_OK)
    assert program.parent == Path(sys.executable).absolute().parent


@needs_validator
def test_without_quoter_app_the_entry_runs_python_with_its_path_quoted(tmp_path: Path) -> None:
    folder = tmp_path / "my env $HOME" / "bin"
    folder.mkdir(parents=True)
    python = folder / "python3"
    command = launcher_command(python)
    assert command == [str(python), "-m", "quoter", "gui"]
    entry = tmp_path / "quoter.desktop"
    entry.write_bytes(desktop_entry(command))
    validate(entry)
    assert keys(entry)["Exec"] == f'"{folder}/python3" -m quoter gui'.replace("$", "\\\\$")


def test_exec_arguments_are_quoted_as_the_spec_says() -> None:
    assert exec_line(["/opt/quoter/bin/quoter-app"]) == "/opt/quoter/bin/quoter-app"
    assert exec_line(["/a b/c", "-m"]) == '"/a b/c" -m'
    assert exec_line(['/x"$`\\y']) == '"/x\\"\\$\\`\\\\y"'
    assert exec_line(["/100%/app"]) == "/100%%/app"
    assert exec_line([""]) == '""'


def test_the_data_home_follows_xdg_and_ignores_a_relative_one() -> None:
    assert data_home({"XDG_DATA_HOME": "/srv/data"}) == Path("/srv/data")
    assert data_home({"XDG_DATA_HOME": "relative"}) == Path.home() / ".local" / "share"
    assert data_home({}) == Path.home() / ".local" / "share"


@pytest.mark.gui
def test_the_icon_is_valid_svg(run: Run, tmp_path: Path, qapp: object) -> None:
    from PySide6.QtSvg import QSvgRenderer

    assert run("desktop-install", "--data-home", tmp_path)[0] == 0
    icon = icon_of(tmp_path)
    root = ElementTree.parse(icon).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"
    assert "href" not in icon.read_text(encoding="utf-8")  # nothing outside the file
    renderer = QSvgRenderer(str(icon))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == 256


def test_uninstall_removes_both(run: Run, tmp_path: Path) -> None:
    assert run("desktop-install", "--data-home", tmp_path)[0] == 0
    status, out, _ = run("desktop-install", "--data-home", tmp_path, "--uninstall")
    assert status == 0
    assert not entry_of(tmp_path).exists() and not icon_of(tmp_path).exists()
    assert f"{entry_of(tmp_path)}: removed" in out
    status, out, _ = run("desktop-install", "--data-home", tmp_path, "--uninstall")
    assert status == 0 and f"{icon_of(tmp_path)}: not there" in out


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root writes into a read-only folder: the permission cannot be tested as root",
)
def test_a_folder_that_cannot_be_written_gives_one_line(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        status, out, err = run("desktop-install", "--data-home", home)
    finally:
        home.chmod(0o700)
    assert status != 0 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"quoter desktop-install: cannot write {home / 'applications'}: ")


def test_a_data_home_that_is_a_file_gives_one_line(run: Run, tmp_path: Path) -> None:
    """The same path without permissions, so that it runs as root too."""
    home = tmp_path / "a-file"
    home.write_text("", encoding="utf-8")
    status, out, err = run("desktop-install", "--data-home", home)
    assert status != 0 and out == ""
    assert err == (
        f"quoter desktop-install: cannot write {home / 'applications'}: Not a directory\n"
    )
