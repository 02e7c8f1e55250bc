"""`python -m quoter` runs the `quoter` command; `run` is also the `quoter` script's entry point.

Ctrl-C while quoter starts (importing its command line takes some tens of milliseconds) ends it
quietly with status 130, as it does once a command runs, instead of with a traceback. This module
imports nothing else, so that almost nothing comes before that guard.
"""

import sys

EXIT_INTERRUPTED = 130


def run() -> int:
    """Import the command line and run it on the process's arguments; its exit status."""
    try:
        import signal
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    # While the command line is imported, Ctrl-C is only noted: a KeyboardInterrupt raised inside
    # an import can come out as something else (the import machinery's clean-up swallows it with
    # "Exception ignored", the compiler turns it into a SyntaxError).
    # (A SIGINT that is ignored, as in a background job of a script, stays ignored.)
    interrupted: list[int] = []
    noting = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if noting:
        signal.signal(signal.SIGINT, lambda number, frame: interrupted.append(number))
    try:
        # Compiling a module with \N{...} escapes (from source, when no .pyc is kept) imports
        # unicodedata: loaded now, a later Ctrl-C during such a compile stays a KeyboardInterrupt.
        import unicodedata  # noqa: F401

        from quoter.cli.main import main
    finally:
        if noting:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    if interrupted:
        return EXIT_INTERRUPTED
    try:
        return main()
    except KeyboardInterrupt:  # main says 130 itself; this is Ctrl-C as it returns
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(run())
