"""`quoter gui`: the desktop app, started from the command line (`quoter-app` for launchers).

Qt loads only when the app starts: every other command runs without it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from quoter.usecases.context import AppContext


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
    gui.set_defaults(run=_gui)


def _gui(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.gui.app import run

    return run(context, quit_after_first_paint=args.quit_after_first_paint, started=args.started)
