"""The `quoter` command: each subcommand parses its arguments, calls one use case on the
application context and shows the result.

Heavy modules are imported inside the subcommands, so `quoter --help` starts fast. Errors a user can
fix are printed as located problems with exit status 1; usage errors exit 2; nothing prints a
traceback unless QUOTER_DEBUG is set. Standard output may be closed, full or a pipe whose reader has
gone, and the console may not be UTF-8: see `Output` and `steady_streams`. The clock is an argument
of `main`, so tests set the day.

Exit statuses (README.md and docs/settings.md list them): 0 success, 1 invalid input, 2 wrong
usage, 3 done but its report could not be printed (do not run it again), 70 a bug, 74 the output
could not be written (nothing was changed), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import sys
import time
from collections.abc import Callable, Sequence

from quoter.cli import books, contracts, desktop, register, scope
from quoter.cli.output import Output, say, steady_streams

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

Now = Callable[[], dt.datetime]


def main(argv: Sequence[str] | None = None, now: Now | None = None) -> int:
    """Run the command line and return its exit status. `now` is the system clock unless a test
    gives its own (time-zone aware)."""
    started = time.perf_counter()
    steady_streams()
    out = Output(sys.stdout)
    try:
        status = _command(argv, now, out, started)
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    return out.settle(status)


def _command(argv: Sequence[str] | None, now: Now | None, out: Output, started: float) -> int:
    parser = _parser()
    args = parser.parse_args(
        contracts.with_default_command(list(sys.argv[1:] if argv is None else argv))
    )
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    args.started = started
    from quoter.domain.problems import QuoterError

    context = None
    try:
        from quoter.usecases.context import build_context
        from quoter.usecases.settings import OS_USER, check_user_name, load_settings

        settings = load_settings(
            data_dirs=args.data or (), database=args.db, config_file=args.config
        )
        context = build_context(settings, now)
        if getattr(args, "audited", False) and settings.user_name is None:
            check_user_name(context.actor, OS_USER)  # the configured name is checked already
        status: int = args.run(args, context, out)
        if status == EXIT_OK and getattr(args, "done", None):
            out.done(args.done.format(**vars(args)))
        return status
    except QuoterError as error:
        say(error.describe())
        return EXIT_INVALID
    except Exception as error:  # the last line of defence: a bug, said plainly, never a traceback
        if os.environ.get("QUOTER_DEBUG"):
            raise
        say(
            f"quoter: internal error ({type(error).__name__}: {error}). "
            "This is a bug in quoter; run again with QUOTER_DEBUG=1 to see the details."
        )
        return EXIT_INTERNAL
    finally:
        if context is not None:
            if context.register_created and not getattr(args, "creates_register", False):
                made = context.register_url.removeprefix("sqlite:///")
                say(f"quoter: a new, empty quote register was made: {made}")
            context.close()


def app_main() -> int:
    """The `quoter-app` entry point for desktop launchers: `quoter gui` with its arguments. Started
    from a menu there is no terminal to read: what stops the app from starting (a broken config
    file, say) is also shown in a message box."""
    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        status = main(["gui", *sys.argv[1:]])
    sys.stderr.write(said.getvalue())
    if status != EXIT_OK and said.getvalue().strip():
        from quoter.gui.app import show_start_problem

        show_start_problem(said.getvalue().strip())
    return status


def iso_date(text: str) -> dt.date:
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-03-01") from None
    if not 1970 <= day.year <= 2999:
        raise argparse.ArgumentTypeError(f"'{text}' is not a plausible date (1970 to 2999)")
    return day


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quoter",
        description="Standard professional services at standard prices: price books, quotes, "
        "contracts, the quote register, and the scope of support with its triage.",
    )
    parser.add_argument(
        "--data",
        action="append",
        metavar="DIR",
        help="a data folder with price_books/ and products/ (repeatable; searched before the "
        "bundled data; default: $QUOTER_DATA, then data_dirs in the config file)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="the quote register's database, e.g. postgresql+psycopg://quoter@dbhost/quoter "
        "(default: $QUOTER_DB, then 'database' in the config file, then a SQLite file in the "
        "user's data folder)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="the config file (default: $QUOTER_CONFIG, "
        "then config.toml in the user's config folder)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    books.add_commands(commands, iso_date)
    contracts.add_commands(commands)
    register.add_commands(commands, iso_date)
    scope.add_commands(commands, iso_date)
    desktop.add_commands(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
