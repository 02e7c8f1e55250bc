"""`quoter quotes ...` and `quoter db ...`: the quote register from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from quoter.cli.output import json_text, output_file

if TYPE_CHECKING:
    from quoter.cli.output import Output
    from quoter.usecases.context import AppContext
    from quoter.usecases.register import QuoteRow, RegisteredQuote

EXIT_OK = 0
EXIT_INVALID = 1
STATUSES = ("draft", "issued", "expired", "accepted", "declined", "superseded")
LIMIT_MOST = 100_000
"""The most quotes one `quotes list` shows."""
OFFSET_MOST = 1_000_000_000
"""The most quotes `quotes list --offset` skips: far more than a register holds, and within every
database's range (a larger number fails in the database, not as a usage error)."""


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], iso_date: Any
) -> None:
    quotes = commands.add_parser(
        "quotes", help="the quote register: numbered quotes and their life"
    )
    sub = quotes.add_subparsers(title="commands", metavar="COMMAND", required=True)
    quotes.set_defaults(audited=True)  # the audit log names who ran it: a name it can keep
    new = sub.add_parser(
        "new",
        help="a new draft from a quote request file, or from a triage's facts (--from-triage)",
    )
    source = new.add_mutually_exclusive_group(required=True)
    source.add_argument("file", type=Path, metavar="FILE", nargs="?")
    source.add_argument(
        "--from-triage",
        type=Path,
        metavar="FACTS_FILE",
        help="triage these facts today and draft the proposed services of an out-of-scope "
        "request; the facts, verdict and policy are kept with the quote",
    )
    new.set_defaults(run=_new)
    edit = sub.add_parser("edit", help="replace a draft's request with a new request file")
    edit.add_argument("number", metavar="NUMBER")
    edit.add_argument("file", type=Path, metavar="FILE")
    edit.set_defaults(run=_edit)
    listing = sub.add_parser("list", help="the newest quotes, filtered")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--customer", metavar="TEXT", help="part of the customer's name")
    listing.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD", help="created on or after")
    listing.add_argument(
        "--limit", type=_limit, default=50, metavar="N", help=f"show N (1 to {LIMIT_MOST})"
    )
    listing.add_argument("--offset", type=_offset, default=0, metavar="N", help="skip the newest N")
    listing.set_defaults(run=_list)
    for name, handler, text in (
        ("show", _show, "one quote, with its lines and documents"),
        ("issue", _issue, "freeze a draft as an offer and store its contract (PDF and DOCX)"),
        ("revise", _revise, "a new draft revision of an issued, expired or declined quote"),
        ("accept", _accept, "record that the customer accepted the offer"),
        ("decline", _decline, "record that the customer declined the offer"),
        ("delete", _delete, "delete a draft"),
        ("history", _history, "the audit log of a quote"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("number", metavar="NUMBER")
        command.set_defaults(run=handler)
    export = sub.add_parser("export", help="a quote as JSON, or its stored documents")
    export.add_argument("number", metavar="NUMBER")
    export.add_argument("--json", action="store_true", help="print the quote as JSON (the default)")
    export.add_argument("--pdf", type=output_file, metavar="OUT.pdf", help="write the issued PDF")
    export.add_argument(
        "--docx", type=output_file, metavar="OUT.docx", help="write the issued DOCX"
    )
    export.set_defaults(run=_export)

    database = commands.add_parser(
        "db", help="the register's database: create, backup, restore, upgrade"
    )
    db_sub = database.add_subparsers(title="commands", metavar="COMMAND", required=True)
    create = db_sub.add_parser(
        "create", help="make a new, empty register where --db, QUOTER_DB or the config file says"
    )
    create.set_defaults(run=_create, creates_register=True, done="a new, empty register was made")
    backup = db_sub.add_parser("backup", help="write a complete backup of the register")
    backup.add_argument("file", type=output_file, metavar="FILE")
    backup.set_defaults(run=_backup, done="the backup {file} was written")
    restore = db_sub.add_parser("restore", help="load a backup into an empty register")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(
        run=_restore, creates_register=True, done="the register was restored from {file}"
    )
    upgrade = db_sub.add_parser("upgrade", help="create or upgrade a shared register's tables")
    upgrade.set_defaults(run=_upgrade, done="the register's tables were made or upgraded")


def _line(row: QuoteRow, context: AppContext) -> str:
    quote = row.summary
    created = context.clock.day_of(quote.created_at).isoformat()
    return (
        f"{quote.number:<18} {row.status.value:<10} {created}  "
        f"{quote.currency} {quote.total.as_text():>12}  {quote.customer}"
    )


def _local(moment: dt.datetime, context: AppContext) -> str:
    """A stored moment in the vendor's time zone, to the second."""
    return moment.astimezone(context.clock.zone).isoformat(timespec="seconds")


def _amount(quote: RegisteredQuote) -> str:
    return f"{quote.priced.currency} {quote.total.as_text()}"


def _new(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.register import new_quote, new_quote_from_triage

    if args.from_triage is not None:
        quote = new_quote_from_triage(context, args.from_triage)
    else:
        quote = new_quote(context, args.file)
    out.done(f"{quote.number} was saved as a new draft")
    book = quote.priced.book
    print(f"{quote.number}: draft created ({book.id} {book.version}, {_amount(quote)})", file=out)
    if quote.triage:
        print(f"  {_triage_line(quote.triage)}", file=out)
    return EXIT_OK


def _edit(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.register import edit_quote

    quote = edit_quote(context, args.number, args.file)
    out.done(f"{quote.number} was saved with the new request")
    print(f"{quote.number}: draft updated ({_amount(quote)})", file=out)
    if quote.triage:
        print(f"  {_triage_line(quote.triage)}", file=out)
    return EXIT_OK


def _list(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.domain.register import QuoteFilter, Status
    from quoter.usecases.register import list_quotes

    where = QuoteFilter(
        status=Status(args.status) if args.status else None,
        customer=args.customer,
        since=args.since,
    )
    page = list_quotes(context, where, offset=args.offset, limit=args.limit)
    for row in page.rows:
        print(_line(row, context), file=out)
    if not page.rows:
        shown = f" after the first {args.offset}" if args.offset else ""
        print(f"no quotes match{shown}", file=out)
    elif page.has_more:
        print(f"(more: --offset {args.offset + len(page.rows)})", file=out)
    return EXIT_OK


def _show(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.register import damaged_documents, show_quote

    quote = show_quote(context, args.number)
    priced = quote.priced
    print(f"{quote.number}  {quote.status.value}", file=out)
    print(f"Customer:    {quote.customer}", file=out)
    book = priced.book
    print(f"Price book:  {book.id} {book.version} ({book.digest})", file=out)
    print(f"Created:     {_local(quote.created_at, context)}", file=out)
    if quote.issued_at:
        print(
            f"Issued:      {_local(quote.issued_at, context)}, valid until {quote.valid_until}",
            file=out,
        )
    if quote.decided_at:
        print(f"Decided:     {_local(quote.decided_at, context)}", file=out)
    for line in priced.lines:
        print(
            f"  {line.number}. {line.service_code:<10} {line.name:<45} {line.total.as_text():>12}",
            file=out,
        )
    print(f"  Total {_amount(quote)}", file=out)
    damaged = {damage.kind: damage for damage in damaged_documents(context, quote.number)}
    for kind, digest in quote.documents.items():
        said = "  DAMAGED: its bytes no longer match" if kind in damaged else ""
        print(f"Document:    {kind.upper()} {digest}{said}", file=out)
    triage = quote.triage
    if triage:
        print(f"Triage:      {_triage_line(triage)}", file=out)
        print(f"Facts:       {triage['facts']['summary']}", file=out)
        for clause in triage["clauses"]:
            print(f"  {clause['id']}: {clause['text']}", file=out)
        print(f"Explanation: {triage['explanation']}", file=out)
    for damage in damaged.values():
        print(damage.describe(), file=sys.stderr)
    return EXIT_INVALID if damaged else EXIT_OK


def _triage_line(triage: dict[str, Any]) -> str:
    policy = triage["policy"]
    verdict = triage["verdict"].replace("_", " ")
    clauses = ", ".join(clause["id"] for clause in triage["clauses"])
    return (
        f"{verdict} on {triage['triaged_on']} under {policy['id']} {policy['version']} "
        f"({policy['digest']}), clauses {clauses}"
    )


def _issue(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.register import issue_quote

    quote = issue_quote(context, args.number)
    out.done(f"{quote.number} was issued (its PDF and DOCX stored)")
    print(f"{quote.number}: issued, valid until {quote.valid_until} ({_amount(quote)})", file=out)
    return EXIT_OK


def _revise(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.register import revise_quote

    quote = revise_quote(context, args.number)
    out.done(f"{quote.number} was saved as a draft revision of {args.number}")
    book = quote.priced.book
    print(
        f"{quote.number}: draft revision of {args.number} created "
        f"({book.id} {book.version}, {_amount(quote)})",
        file=out,
    )
    return EXIT_OK


def _accept(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.register import decide_quote

    quote = decide_quote(context, args.number, True)
    out.done(f"{quote.number} was recorded as accepted")
    print(f"{quote.number}: accepted", file=out)
    return EXIT_OK


def _decline(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.register import decide_quote

    quote = decide_quote(context, args.number, False)
    out.done(f"{quote.number} was recorded as declined")
    print(f"{quote.number}: declined", file=out)
    return EXIT_OK


def _delete(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.register import delete_quote

    delete_quote(context, args.number)
    out.done(f"{args.number} was deleted")
    print(f"{args.number}: deleted", file=out)
    return EXIT_OK


def _history(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.register import quote_history

    for entry in quote_history(context, args.number):
        detail = ", ".join(f"{key}: {_shown(value)}" for key, value in entry.detail.items())
        print(
            f"{_local(entry.at, context)}  {entry.actor:<16} {entry.action:<10} {detail}",
            file=out,
        )
    return EXIT_OK


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(f"{key}=sha256:{digest}" for key, digest in value.items())
    return str(value)


def _export(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.contracts import write_file
    from quoter.usecases.register import export_quote, quote_document

    if args.pdf or args.docx:
        for kind, target in (("pdf", args.pdf), ("docx", args.docx)):
            if target is not None:
                write_file(target, quote_document(context, args.number, kind))
                out.done(f"{target} was written")
                print(f"{target}: written ({args.number}, as issued)", file=out)
        if not args.json:
            return EXIT_OK
    print(json_text(export_quote(context, args.number), out), file=out)
    return EXIT_OK


def _backup(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.register import backup_register

    rows = backup_register(context, args.file)
    print(f"{args.file}: backup written ({rows} rows)", file=out)
    return EXIT_OK


def _restore(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.register import restore_register

    rows = restore_register(context, args.file)
    print(f"{args.file}: restored ({rows} rows)", file=out)
    return EXIT_OK


def _create(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.register import create_register

    version = create_register(context)
    print(f"a new, empty register was made (version {version})", file=out)
    return EXIT_OK


def _upgrade(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.register import upgrade_register

    version = upgrade_register(context)
    print(f"the register is at version {version}", file=out)
    return EXIT_OK


def _limit(text: str) -> int:
    return _whole(text, 1, LIMIT_MOST)


def _offset(text: str) -> int:
    return _whole(text, 0, OFFSET_MOST)


def _whole(text: str, least: int, most: int) -> int:
    """A whole number in [least, most], written in plain digits: argparse's usage error (exit
    status 2) names the range, where a number out of it would fail in the database."""
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 20 else None
    if value is None or not least <= value <= most:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from {least} to {most}")
    return value
