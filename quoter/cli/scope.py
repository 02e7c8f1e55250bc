"""`quoter triage` and `quoter policy`: the scope of support on the command line.

Each command calls one use case and shows its result; the words of a verdict come from the policy
and the wording files, so the CLI adds only labels.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from quoter.cli.output import json_text, output_file, say

if TYPE_CHECKING:
    from quoter.cli.output import Output
    from quoter.usecases.context import AppContext
    from quoter.usecases.triage import TriageResult

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
WIDTH = 100
QUOTE_LABELS = ("Quote it: ", "      or: ")
PREVIEW_LINE = (
    "A preview (another day, or a policy not in force): not to be quoted "
    "(leave out --date and --policy to quote it)."
)


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    iso_date: Callable[[str], Any],
) -> None:
    """The triage and policy commands."""
    triage = commands.add_parser(
        "triage",
        help="is a support request covered by the scope of support? (and if not, its price)",
        description="Triage the facts of a support request (TOML or JSON, see "
        "docs/scope-of-support.md) against the product's scope-of-support policy: the verdict, "
        "the clauses that decided it, an explanation to paste to the customer, and for an "
        "out-of-scope request the standard services that sell the work, priced.",
    )
    triage.add_argument("file", type=Path, metavar="FACTS_FILE")
    triage.add_argument("--json", action="store_true", help="print the triage as JSON")
    triage.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="triage as on this day (release phases, policy and prices in force); default today",
    )
    triage.add_argument("--lang", metavar="LANG", help="the explanation's language, e.g. de")
    triage.add_argument(
        "--policy", type=Path, metavar="FILE", help="use this policy file instead of policies/"
    )
    triage.add_argument(
        "--quote",
        type=output_file,
        metavar="OUT",
        help="write the proposed services as a quote request (OUT.toml or OUT.json) that "
        "'quoter quote price' and 'quoter contract' take",
    )
    triage.set_defaults(run=_triage)

    policy = commands.add_parser(
        "policy", help="scope-of-support policies: show, validate, publish, schema"
    )
    sub = policy.add_subparsers(title="commands", metavar="COMMAND", required=True)
    validate = sub.add_parser(
        "validate", help="check policy files (and the services they propose) and print digests"
    )
    validate.add_argument("files", nargs="*", type=Path, metavar="FILE", help="default: policies/")
    validate.set_defaults(run=_validate)
    schema = sub.add_parser(
        "schema", help="print the JSON Schema of policy files (or, with --facts, of facts files)"
    )
    schema.add_argument("--facts", action="store_true", help="the schema of a triage's facts")
    schema.set_defaults(run=_schema)
    publish = sub.add_parser(
        "publish", help="render the published Scope of Support as PDF and/or DOCX"
    )
    publish.add_argument(
        "policy",
        nargs="?",
        metavar="POLICY",
        help="a policy file or policy id (default: the policy in force for the product)",
    )
    publish.add_argument("--pdf", type=output_file, metavar="OUT.pdf", help="write the PDF")
    publish.add_argument(
        "--docx", type=output_file, metavar="OUT.docx", help="write the Word version"
    )
    publish.add_argument("--lang", metavar="LANG", help="the document language, e.g. de")
    publish.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the day the release table and the prices are stated for (default today)",
    )
    publish.set_defaults(run=_publish)
    show = sub.add_parser(
        "show",
        help="the policy in force: releases and their phase, environment ids, previews, "
        "third-party products, kinds of request and the services that sell them",
        description="Show the scope-of-support policy in force for a product, as a support "
        "engineer needs it to write a facts file: the releases with their phase on the day, the "
        "environments by category with the ids facts use, the preview features, the third-party "
        "products, and the kinds of request with the services that sell them.",
    )
    show.add_argument(
        "policy",
        nargs="?",
        metavar="PRODUCT",
        help="a product id (or a policy id or file; default: the one product with a policy)",
    )
    show.add_argument(
        "--lang", metavar="LANG", help="the language, e.g. de (default: the policy's first)"
    )
    show.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the day the releases' phases and the policy in force are stated for (default today)",
    )
    show.set_defaults(run=_show)


def _triage(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.triage import triage_file, triage_to_data, write_quote_request

    result = triage_file(
        context, args.file, day=args.date, language=args.lang, policy_file=args.policy
    )
    if args.quote is not None:
        request = write_quote_request(result, args.file, args.quote)
        out.done(f"{args.quote} was written")
        lines = ", ".join(line.service for line in request.lines)
        print(f"{args.quote}: quote request written ({request.book}: {lines})", file=out)
        return EXIT_OK
    if args.json:
        print(json_text(triage_to_data(result), out), file=out)
    else:
        print(verdict_text(result, _quote_hints(args, result)), file=out)
    if result.unpriced is not None:  # the verdict is given; the proposal's problem is the user's
        say(result.unpriced.describe())
        return EXIT_INVALID
    return EXIT_OK


def _quote_hints(args: argparse.Namespace, result: TriageResult) -> list[str]:
    """The commands that quote this triage: the same options, and the register's, which triages
    today in the facts' language."""
    import shlex

    data = "".join(f"--data {shlex.quote(str(folder))} " for folder in args.data or ())
    facts = shlex.quote(str(args.file))
    language = f" --lang {shlex.quote(args.lang)}" if args.lang else ""
    hints = [f"quoter {data}triage {facts}{language} --quote request.toml"]
    if not args.lang:
        hints.append(f"quoter {data}quotes new --from-triage {facts}")
    return hints


def verdict_text(result: TriageResult, quote_hints: list[str]) -> str:
    """The triage as a support engineer reads it in a terminal."""
    from quoter.cli.output import lines_table
    from quoter.domain.triage import Verdict

    verdict, policy, t = result.verdict, result.policy, result.wording
    facts = verdict.facts
    release = policy.product.release(facts.release)
    out = [
        f"{facts.summary}",
        f"{policy.product.name} {release.name if release else facts.release}, "
        f"{t(f'kind_{facts.ask.kind.value}')}"
        + (f", ticket {facts.ticket}" if facts.ticket else ""),
        "",
        f"Verdict: {t(f'verdict_{verdict.verdict.value}').upper()}",
        f"Policy:  {policy.id} {policy.version} ({policy.ref.digest}), as on {verdict.day}",
        "",
        "Clauses:",
    ]
    width = max((len(clause_id) for clause_id, _ in result.clauses), default=5) + 2
    for clause_id, text in result.clauses:
        out.append(
            textwrap.fill(
                text,
                WIDTH,
                initial_indent=f"  {clause_id:<{width}}",
                subsequent_indent=" " * (width + 2),
                break_on_hyphens=False,  # a service code like CU-PKG-M stays whole
            )
        )
    out += ["", f"Explanation ({result.language}):"]
    out.append(
        textwrap.fill(
            result.explanation,
            WIDTH,
            initial_indent="  ",
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    )
    if verdict.verdict is Verdict.OUT_OF_SCOPE and verdict.proposal:
        out.append("")
        if result.priced is not None:
            book = result.priced.book
            out.append(f"Proposed services (price book {book.id} {book.version}, {book.digest}):")
            out += ["  " + line for line in lines_table(result.priced)]
            if result.quotable:
                out.append("")
                out += [
                    f"{label}{hint}" for label, hint in zip(QUOTE_LABELS, quote_hints, strict=False)
                ]
            else:
                out += ["", PREVIEW_LINE]
        elif result.unpriced is not None:
            codes = ", ".join(line.line.service for line in verdict.proposal)
            out.append(f"Proposed services: {codes}, which cannot be priced (see below)")
        else:
            codes = ", ".join(line.line.service for line in verdict.proposal)
            out.append(
                f"Proposed services: {codes}, to be priced once the facts give: "
                f"{', '.join(verdict.missing)} (under [ask])"
            )
            if not result.quotable:
                out += ["", PREVIEW_LINE]
    return "\n".join(out)


def _validate(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.cli.output import print_problems
    from quoter.usecases.policy import validate_data_policies, validate_policy_files

    if args.files:
        report = validate_policy_files(list(args.files), context)
    else:
        report = validate_data_policies(context)
        if not report.checks and not report.set_problems:
            say("no policy files given, and none in the data folders' policies/")
            return EXIT_INVALID
    for check in report.checks:
        policy = check.policy
        if policy is not None and not check.problems:
            clauses = len(policy.clauses())
            print(
                f"{check.file}: ok: {policy.id} {policy.version}, {policy.product.name}, "
                f"{clauses} clauses, {', '.join(policy.languages)}, from "
                f"{policy.effective_from}, {policy.ref.digest}",
                file=out,
            )
        else:
            print_problems(f"{check.file}: {len(check.problems)} problem(s):", check.problems)
    print_problems("The policies are not valid:", report.set_problems)
    return EXIT_OK if report.ok else EXIT_INVALID


def _schema(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.books.scope_schema import FACTS_SCHEMA, POLICY_SCHEMA

    schema = FACTS_SCHEMA if args.facts else POLICY_SCHEMA
    print(json_text(schema, out), file=out)
    return EXIT_OK


def _publish(args: argparse.Namespace, context: AppContext, out: Output) -> int:
    from quoter.usecases.policy import publish_policy

    if args.pdf is None and args.docx is None:
        say("quoter policy publish: say where to write it: --pdf FILE and/or --docx FILE")
        return EXIT_USAGE
    result = publish_policy(
        context, args.policy, day=args.date, pdf=args.pdf, docx=args.docx, language=args.lang
    )
    for path in (result.pdf, result.docx):
        if path is not None:
            out.done(f"{path} was written")
            print(
                f"{path}: written ({result.policy.id} {result.policy.version}, "
                f"{result.language}, services from {result.book.id} {result.book.version})",
                file=out,
            )
    return EXIT_OK


def _show(args: argparse.Namespace, context: AppContext, out: TextIO) -> int:
    from quoter.cli.policy_show import policy_text
    from quoter.usecases.policy import policy_overview

    overview = policy_overview(context, args.policy, day=args.date, language=args.lang)
    print(policy_text(overview), file=out)
    return EXIT_OK
