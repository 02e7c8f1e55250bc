"""The `quoter` command: each subcommand parses its arguments, calls one use case and shows
the result.

Heavy modules are imported inside the subcommands, so `quoter --help` starts fast. Errors a user can
fix are printed as located problems with exit status 1; usage errors exit 2; nothing prints a
traceback unless QUOTER_DEBUG is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from quoter.settings import Settings

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = _parser()
    args = parser.parse_args(
        _with_default_contract_command(list(sys.argv[1:] if argv is None else argv))
    )
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    from quoter.domain.problems import QuoterError

    try:
        settings = _settings(args)
        status: int = args.run(args, settings, _Output(sys.stdout))
        return status
    except QuoterError as error:
        print(error.describe(), file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # the last line of defence: a bug, said plainly, never a traceback
        if os.environ.get("QUOTER_DEBUG"):
            raise
        print(
            f"quoter: internal error ({type(error).__name__}: {error}). "
            "This is a bug in quoter; run again with QUOTER_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


class _Output(io.TextIOBase):
    """Standard output that a closed pipe (`quoter ... | head`) silences instead of ending the
    command: the command still finishes, its problems still reach stderr, its status is kept."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
                self.stream.flush()
            except BrokenPipeError:
                self.gone = True
                # the interpreter's final flush of stdout must not fail either
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, self.stream.fileno())
        return len(text)


CONTRACT_COMMANDS = {"render", "verify", "lint", "batch", "-h", "--help"}


def _with_default_contract_command(argv: list[str]) -> list[str]:
    """`quoter contract FILE ...` means `contract render FILE ...`, and `contract --batch DIR`
    means `contract batch DIR`, as the README shows them."""
    if "contract" not in argv:
        return argv
    at = argv.index("contract") + 1
    if at < len(argv) and argv[at] == "--batch":
        return [*argv[:at], "batch", *argv[at + 1 :]]
    if at < len(argv) and argv[at] not in CONTRACT_COMMANDS:
        return [*argv[:at], "render", *argv[at:]]
    return argv


def _settings(args: argparse.Namespace) -> Settings:
    from quoter.settings import load_settings

    return load_settings(data_dirs=args.data or (), database=args.db, config_file=args.config)


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

    book = commands.add_parser("pricebook", help="validate and inspect price books")
    book_commands = book.add_subparsers(title="commands", metavar="COMMAND", required=True)
    validate = book_commands.add_parser(
        "validate", help="check price book files and print their digests"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(run=_validate_books)
    listing = book_commands.add_parser("list", help="list the price books quoter knows")
    listing.set_defaults(run=_list_books)
    schema = book_commands.add_parser(
        "schema", help="print the JSON Schema of the price book format"
    )
    schema.set_defaults(run=_schema, schema="price-book")

    quote = commands.add_parser("quote", help="price quote requests")
    quote_commands = quote.add_subparsers(title="commands", metavar="COMMAND", required=True)
    price = quote_commands.add_parser("price", help="price a quote request file (TOML or JSON)")
    price.add_argument("file", type=Path, metavar="FILE")
    price.add_argument("--json", action="store_true", help="print the priced quote as JSON")
    price.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="preview the prices of the book in force on this day (a preview, not an offer)",
    )
    price.add_argument(
        "--book",
        type=Path,
        action="append",
        metavar="FILE",
        help="use this price book file instead of the data folders (repeatable)",
    )
    price.set_defaults(run=_price)
    _contract_parser(commands)
    from quoter import cli_register, cli_scope

    cli_register.add_commands(commands, _iso_date)
    cli_scope.add_commands(commands, _iso_date, _today)
    request_schema = quote_commands.add_parser(
        "schema", help="print the JSON Schema of quote requests"
    )
    request_schema.set_defaults(run=_schema, schema="quote-request")
    return parser


def _contract_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    contract = commands.add_parser(
        "contract",
        help="scope-of-work contracts as PDF and DOCX",
        description="quoter contract QUOTE_FILE --pdf OUT.pdf --docx OUT.docx [--lang de] renders "
        "a contract (an unregistered draft, priced with today's book); see the commands below.",
    )
    contract_commands = contract.add_subparsers(title="commands", metavar="COMMAND", required=True)
    render = contract_commands.add_parser(
        "render", help="render a request's contract (the default: quoter contract FILE ...)"
    )
    render.add_argument("file", type=Path, metavar="QUOTE_FILE")
    render.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="write the signature-ready PDF")
    render.add_argument("--docx", type=Path, metavar="OUT.docx", help="write the Word version")
    render.add_argument("--lang", metavar="LANG", help="the document language, e.g. de")
    render.set_defaults(run=_contract)
    verify = contract_commands.add_parser(
        "verify", help="check a contract PDF's figures against its price book"
    )
    verify.add_argument("pdf", type=Path, metavar="CONTRACT.pdf")
    verify.set_defaults(run=_verify)
    lint = contract_commands.add_parser(
        "lint", help="render every template and language against a full sample quote"
    )
    lint.set_defaults(run=_lint)
    batch = contract_commands.add_parser(
        "batch", help="render the contracts of every request in a folder, on all cores"
    )
    batch.add_argument("folder", type=Path, metavar="DIR")
    batch.add_argument("--out", type=Path, metavar="OUTDIR", help="default: DIR/contracts")
    batch.add_argument("--lang", metavar="LANG", help="the document language, e.g. de")
    batch.add_argument("--no-docx", action="store_true", help="write only the PDFs")
    batch.add_argument("--workers", type=int, default=os.cpu_count() or 2, metavar="N")
    batch.set_defaults(run=_batch)


def _contract(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from quoter.usecases.contracts import render_contract

    result = render_contract(
        args.file, settings, _today(), pdf=args.pdf, docx=args.docx, language=args.lang
    )
    quote = result.quote
    for path in (result.pdf, result.docx):
        if path is not None:
            print(
                f"{path}: written (unregistered draft, {quote.book.id} {quote.book.version}, "
                f"{quote.language})",
                file=out,
            )
    return EXIT_OK


def _verify(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from quoter.usecases.verify_contract import verify_contract

    result = verify_contract(args.pdf, settings)
    if result.matches:
        print(f"{args.pdf}: matches price book {result.book}", file=out)
        return EXIT_OK
    print(f"{args.pdf}: DOES NOT MATCH price book {result.book}:", file=out)
    for difference in result.differences:
        print(f"  {difference}", file=out)
    return EXIT_INVALID


def _lint(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from quoter.usecases.lint_templates import lint_templates

    for line in lint_templates(settings, _today()):
        print(line, file=out)
    return EXIT_OK


def _batch(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from quoter.usecases.contracts import BatchItem, render_batch

    interactive = sys.stderr.isatty()

    def progress(done: int, total: int, item: BatchItem) -> None:
        state = "ok" if item.error is None else "FAILED"
        if interactive:
            filled = round(30 * done / total)
            bar = "#" * filled + "." * (30 - filled)
            sys.stderr.write(f"\r[{bar}] {done}/{total} {item.request.name[:30]:<30}")
            if done == total:
                sys.stderr.write("\n")
        else:
            print(f"[{done}/{total}] {item.request.name}: {state}", file=sys.stderr)
        sys.stderr.flush()

    items = render_batch(
        args.folder,
        args.out or args.folder / "contracts",
        settings,
        _today(),
        language=args.lang,
        docx=not args.no_docx,
        workers=args.workers,
        progress=progress,
    )
    failed = [item for item in items if item.error is not None]
    print(
        f"{len(items) - len(failed)} of {len(items)} contracts written to "
        f"{args.out or args.folder / 'contracts'}",
        file=out,
    )
    for item in failed:
        print(item.error, file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_OK


def _iso_date(text: str) -> dt.date:
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-03-01") from None
    if not 1970 <= day.year <= 2999:
        raise argparse.ArgumentTypeError(f"'{text}' is not a plausible date (1970 to 2999)")
    return day


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def _validate_books(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from quoter.usecases.validate_books import validate_book_files

    report = validate_book_files(args.files, settings)
    for check in report.checks:
        if check.book is not None:
            book = check.book
            until = book.effective_until.isoformat() if book.effective_until else "open-ended"
            services = f"{len(book.services)} service" + ("s" if len(book.services) != 1 else "")
            print(
                f"{check.file}: ok: {book.id} {book.version}, {services}, "
                f"{book.currency}, {book.effective_from} to {until}, {book.digest}",
                file=out,
            )
        else:
            print_problems(f"{check.file}: {len(check.problems)} problem(s):", check.problems)
    print_problems("The books are not valid together:", report.set_problems)
    return EXIT_OK if report.ok else EXIT_INVALID


def print_problems(heading: str, problems: Sequence[object]) -> None:
    """A heading and each problem on its own indented line, on stderr; nothing when none."""
    if problems:
        print(heading, file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)


def _list_books(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from quoter.books.library import Library
    from quoter.locations import DataLocator

    books = Library(DataLocator(settings)).books()
    for book in sorted(books, key=lambda b: (b.id, b.effective_from)):
        until = book.effective_until.isoformat() if book.effective_until else "open-ended"
        print(
            f"{book.id:<20} {book.version:<10} {book.currency} "
            f"{book.effective_from} to {until:<10} "
            f"{book.digest}  {book.source}",
            file=out,
        )
    return EXIT_OK


def _schema(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    import json

    from quoter.books.schema import SCHEMAS

    print(json.dumps(SCHEMAS[args.schema], indent=2, ensure_ascii=False), file=out)
    return EXIT_OK


def _price(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from quoter.usecases.price_quote import price_quote_file

    quote = price_quote_file(
        args.file, settings, _today(), preview_on=args.date, book_files=tuple(args.book or ())
    )
    if args.json:
        import json

        from quoter.books.priced_quote_json import priced_quote_to_data

        print(json.dumps(priced_quote_to_data(quote), indent=2, ensure_ascii=False), file=out)
    else:
        from quoter.quote_table import quote_table

        print(quote_table(quote), file=out)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
