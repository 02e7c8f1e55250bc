"""`quoter contract ...`: render, verify and lint scope-of-work contracts, one or a batch."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quoter.cli.output import output_file, say

if TYPE_CHECKING:
    from quoter.cli.output import Output
    from quoter.usecases.context import AppContext

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
CONTRACT_COMMANDS = {"render", "verify", "lint", "batch", "-h", "--help"}


def with_default_command(argv: list[str]) -> list[str]:
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


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    render.add_argument(
        "--pdf", type=output_file, metavar="OUT.pdf", help="write the signature-ready PDF"
    )
    render.add_argument(
        "--docx", type=output_file, metavar="OUT.docx", help="write the Word version"
    )
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


def _contract(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.contracts import render_contract

    if args.pdf is None and args.docx is None:
        say("quoter contract: say where to write it: --pdf FILE and/or --docx FILE")
        return EXIT_USAGE
    result = render_contract(context, args.file, pdf=args.pdf, docx=args.docx, language=args.lang)
    quote = result.quote
    for path in (result.pdf, result.docx):
        if path is not None:
            out.done(f"{path} was written")
            print(
                f"{path}: written (unregistered draft, {quote.book.id} {quote.book.version}, "
                f"{quote.language})",
                file=out,
            )
    return EXIT_OK


def _verify(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.verify_contract import verify_contract

    result = verify_contract(context, args.pdf)
    if result.matches:
        print(f"{args.pdf}: matches price book {result.book}", file=out)
        return EXIT_OK
    print(f"{args.pdf}: DOES NOT MATCH price book {result.book}:", file=out)
    for difference in result.differences:
        print(f"  {difference}", file=out)
    return EXIT_INVALID


def _lint(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.usecases.lint_templates import lint_templates

    for line in lint_templates(context):
        print(line, file=out)
    return EXIT_OK


def _batch(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.contracts import render_batch

    interactive = sys.stderr.isatty()

    def progress(done: int, total: int, name: str) -> None:
        # progress that cannot be shown (stderr closed or full) never stops the batch
        with contextlib.suppress(OSError, ValueError):
            if interactive:
                filled = round(30 * done / total)
                bar = "#" * filled + "." * (30 - filled)
                sys.stderr.write(f"\r[{bar}] {done}/{total} {name[:30]:<30}")
                if done == total:
                    sys.stderr.write("\n")
            else:
                print(f"[{done}/{total}] {name}", file=sys.stderr)
            sys.stderr.flush()

    target = args.out or args.folder / "contracts"
    items = render_batch(
        context,
        args.folder,
        target,
        language=args.lang,
        docx=not args.no_docx,
        workers=args.workers,
        progress=progress,
    )
    failed = [item for item in items if item.error is not None]
    if len(failed) < len(items):
        out.done(f"{len(items) - len(failed)} of {len(items)} contracts were written to {target}")
    print(f"{len(items) - len(failed)} of {len(items)} contracts written to {target}", file=out)
    for item in failed:
        say(str(item.error))
    return EXIT_INVALID if failed else EXIT_OK
