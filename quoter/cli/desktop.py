"""`quoter gui`: the desktop app, started from the command line (`quoter-app` for launchers); and
`quoter desktop-install`, which puts the app in the desktop's menu.

Qt loads only when the app starts: every other command runs without it; and what installing the
entry needs is imported when it runs, since every `quoter` command imports this module.

The menu entry is a freedesktop.org desktop entry named `quoter.desktop`, because the app calls
`QGuiApplication.setDesktopFileName("quoter")`: that is how the desktop matches a window to its
entry and icon. Its icon is the SVG shipped in the package, installed into the user's hicolor
theme as `quoter`. Both go under the user's data folder ($XDG_DATA_HOME, else ~/.local/share), so
no administrator is needed, and the entry starts the `quoter-app` of the Python that installed it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quoter.cli.output import say

if TYPE_CHECKING:
    from quoter.cli.output import Output
    from quoter.usecases.context import AppContext

EXIT_OK = 0
EXIT_INVALID = 1
APP_ID = "quoter"
"""The desktop file's name (less .desktop), the icon's name and the window class: one name."""
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
"""Characters that make the Desktop Entry spec's Exec key need an argument quoted."""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gui = commands.add_parser(
        "gui",
        help="open the desktop app (the catalogue of the books in force, to begin with)",
    )
    gui.add_argument(
        "--quit-after-first-paint",
        action="store_true",
        help="show the window, print the milliseconds to its first paint, and exit",
    )
    gui.set_defaults(run=_gui, audited=True)  # drafts saved in the app name who saved them
    install = commands.add_parser(
        "desktop-install",
        help="add the app to the desktop's menu (a .desktop entry and an icon, for this user)",
        description="Write the desktop entry quoter.desktop (it starts this installation's "
        "quoter-app) into DATA_HOME/applications/ and the app's icon into "
        "DATA_HOME/icons/hicolor/scalable/apps/, where the desktop's menu finds them.",
    )
    install.add_argument(
        "--data-home",
        type=Path,
        metavar="DIR",
        help="the user's data folder (default: $XDG_DATA_HOME, else ~/.local/share)",
    )
    install.add_argument(
        "--uninstall", action="store_true", help="remove the entry and the icon instead"
    )
    install.set_defaults(run=_desktop_install)


def _gui(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.gui.app import run
    from quoter.usecases.context import build_context
    from quoter.usecases.settings import load_settings

    def rebuild() -> AppContext:  # the settings as the dialog left them, the flags still first
        settings = load_settings(
            data_dirs=args.data or (), database=args.db, config_file=args.config
        )
        return build_context(settings, context.clock.now)

    # What the app prints (its first paint's time) goes through the command's output, which a
    # closed or full stdout cannot fail: printed from a Qt event handler, the error would not
    # reach the command, and the app would never quit.
    with contextlib.redirect_stdout(out):
        return run(
            context,
            quit_after_first_paint=args.quit_after_first_paint,
            started=args.started,
            rebuild=rebuild,
        )


def _desktop_install(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    home = args.data_home or data_home(os.environ)
    entry, icon = entry_path(home), icon_path(home)
    try:
        if args.uninstall:
            for path in (entry, icon):
                removed = path.is_file()
                path.unlink(missing_ok=True)
                if removed:
                    out.done(f"{path} was removed")
                print(f"{path}: {'removed' if removed else 'not there'}", file=out)
        else:
            write_entry(entry, desktop_entry(launcher_command(Path(sys.executable))))
            out.done(f"{entry} was written")
            write_entry(icon, icon_svg())
            out.done(f"{icon} was written")
            print(f"{entry}: written (desktop entry)", file=out)
            print(f"{icon}: written (icon)", file=out)
    except OSError as error:
        where = error.filename or home
        say(
            f"quoter desktop-install: cannot {'remove' if args.uninstall else 'write'} "
            f"{where}: {error.strerror or error}"
        )
        return EXIT_INVALID
    refresh_menu(entry.parent)
    return EXIT_OK


def data_home(environ: Mapping[str, str]) -> Path:
    """The user's data folder by the XDG Base Directory spec: $XDG_DATA_HOME if it is an absolute
    path (the spec says to ignore a relative one), else ~/.local/share."""
    configured = environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".local" / "share"


def entry_path(home: Path) -> Path:
    return home / "applications" / f"{APP_ID}.desktop"


def icon_path(home: Path) -> Path:
    """Scalable icons of the fallback theme: every icon theme looks there last."""
    return home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


def icon_svg() -> bytes:
    """The app's icon, read from the package (a plain folder, a wheel or a zip alike)."""
    from importlib import resources

    return (resources.files("quoter") / "icons" / f"{APP_ID}.svg").read_bytes()


def write_entry(path: Path, content: bytes) -> None:
    from quoter.files import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, content)


def launcher_command(python: Path) -> list[str]:
    """The command that starts the app: the `quoter-app` script installed beside `python`, else
    `python -m quoter gui` (an install without scripts, such as a bare PYTHONPATH). The path is
    made absolute but not resolved: a virtual environment's python is a symlink to the system's,
    which knows nothing of quoter."""
    folder = python.absolute().parent
    script = folder / "quoter-app"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [str(python.absolute()), "-m", APP_ID, "gui"]


def desktop_entry(command: Sequence[str]) -> bytes:
    """The desktop entry that starts `command`. It declares version 1.4 of the Desktop Entry
    Specification, the newest Debian 12's desktop-file-validate knows; nothing here needs 1.5.
    The name is the product's in every language; the generic name and comment are translated."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        f"Name={APP_ID}",
        "GenericName=Quote builder",
        "GenericName[de]=Angebotserstellung",
        "Comment=Quote standard professional services from price books and write the contracts",
        "Comment[de]=Standardleistungen nach Preisliste anbieten und die Verträge erstellen",
        f"Icon={APP_ID}",
        f"TryExec={_escaped(command[0])}",
        f"Exec={_escaped(exec_line(command))}",
        "Terminal=false",
        "Categories=Office;Finance;",
        "Keywords=quote;offer;contract;price book;services;",
        "Keywords[de]=Angebot;Vertrag;Preisliste;Dienstleistungen;",
        f"StartupWMClass={APP_ID}",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def exec_line(command: Sequence[str]) -> str:
    """`command` as the Exec key's arguments: an argument with a reserved character in double
    quotes (with `"`, backquote, `$` and backslash escaped inside), and `%` doubled, since a
    single one starts a field code."""
    arguments = []
    for argument in command:
        if argument and not _RESERVED.intersection(argument):
            quoted = argument
        else:
            quoted = '"' + re.sub(r'(["`$\\])', r"\\\1", argument) + '"'
        arguments.append(quoted.replace("%", "%%"))
    return " ".join(arguments)


def _escaped(value: str) -> str:
    """A string value of a desktop entry: backslash and control characters escaped."""
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def refresh_menu(applications: Path) -> None:
    """Ask the desktop to read the menu again, where it has the tool for it (desktop-file-utils);
    desktops that watch the folder need nothing, so its absence or failure is no error."""
    import shutil
    import subprocess

    tool = shutil.which("update-desktop-database")
    if tool is None or not applications.is_dir():
        return
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(
            [tool, "--quiet", str(applications)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
            check=False,
        )
