"""`quoter pricebook ...` and `quoter quote ...`: price books and priced quotes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from quoter.cli.output import json_text, print_problems

if TYPE_CHECKING:
    from quoter.usecases.context import AppContext

EXIT_OK = 0
EXIT_INVALID = 1


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], iso_date: Callable[[str], Any]
) -> None:
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
        type=iso_date,
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
    request_schema = quote_commands.add_parser(
        "schema", help="print the JSON Schema of quote requests"
    )
    request_schema.set_defaults(run=_schema, schema="quote-request")


def _validate_books(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.validate_books import validate_book_files

    report = validate_book_files(context, args.files)
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


def _list_books(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    books = context.library.books()
    for book in sorted(books, key=lambda b: (b.id, b.effective_from)):
        until = book.effective_until.isoformat() if book.effective_until else "open-ended"
        print(
            f"{book.id:<20} {book.version:<10} {book.currency} "
            f"{book.effective_from} to {until:<10} "
            f"{book.digest}  {book.source}",
            file=out,
        )
    return EXIT_OK


def _schema(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.books.schema import SCHEMAS

    print(json_text(SCHEMAS[args.schema], out), file=out)
    return EXIT_OK


def _price(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.price_quote import price_quote_file

    quote = price_quote_file(
        context, args.file, preview_on=args.date, book_files=tuple(args.book or ())
    )
    if args.json:
        from quoter.books.priced_quote_json import priced_quote_to_data

        print(json_text(priced_quote_to_data(quote), out), file=out)
    else:
        from quoter.cli.output import quote_table

        print(quote_table(quote), file=out)
    return EXIT_OK
