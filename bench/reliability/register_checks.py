"""What a quote register must look like after any mix of completed, failed and killed writers.

Shared by kill_commands.py and concurrent_numbers.py. Every check reads the register's tables
directly (SQLAlchemy Core on the register's own engine), so it sees what is stored, not what the
use cases make of it. The rules, each from quoter.storage.register:

- Numbers. A quote number is taken from a counter row, (prefix, year) for a new quote and
  (family, 0) for a family's revisions, incremented in the same transaction that inserts the
  quote and its audit entry. So a killed or failed writer takes no number with it, and the
  numbers are gapless in this precise sense: every serial from 1 to a (prefix, year) counter's
  value is a stored quote (revision 1) or appears in the audit log as `deleted` (a deleted
  draft's number is never given again), and no stored serial is above its counter; likewise
  every revision from 2 to a family counter's value. Every number is unique (the schema says so
  too) and matches its family and revision columns.
- Documents. A draft has no documents; a quote that was issued (issued, superseded, accepted,
  declined) has exactly the expected kinds (pdf and docx), each with the SHA-256 of its bytes as
  stored and as its `issued` audit entry records, all written in one transaction.
- Audit. Each quote has exactly one `created` entry, an issued one exactly one `issued` entry,
  a draft none; a superseded quote has its `superseded` entry; every audited number is a stored
  quote or was deleted (a rolled-back transaction leaves no entry behind).
- Families. At most one quote per family is `issued` at a time: issuing a revision supersedes
  the issued one it replaces, in the same transaction.

Run as a script it checks an existing register: `.venv/bin/python
bench/reliability/register_checks.py URL` (exit 1 if anything is wrong).
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from quoter.domain.register import QuoteNumber, RegisterError, parse_number
from quoter.storage.register import Register
from quoter.storage.schema import audit, counters, documents, quotes

ISSUED_STATES = frozenset({"issued", "superseded", "accepted", "declined"})
"""The stored statuses of a quote that was issued (expired is computed, never stored)."""


@dataclass
class RegisterReport:
    """What a check found: counts to print, and every problem in words (empty: all well)."""

    quotes: int = 0
    drafts: int = 0
    issued: int = 0
    """Quotes that were issued (issued, superseded, accepted or declined)."""
    revisions: int = 0
    deleted: int = 0
    documents: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    """Each (prefix, year) counter's last serial, as 'Q-2026'."""
    problems: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    """How many problems of each kind: numbers, documents, audit, families."""

    def add(self, problem: str, kind: str) -> None:
        self.problems.append(problem)
        self.kinds[kind] += 1


def check_register(
    url: str,
    *,
    kinds: Sequence[str] = ("docx", "pdf"),
    contents: bool = True,
    formats: bool = True,
) -> RegisterReport:
    """Every rule of the module docstring on the register at `url`. With `contents`, also read
    each document's bytes: their SHA-256 must be the stored digest; with `formats` too, a PDF
    must look like a whole PDF and a DOCX must be a whole ZIP with word/document.xml."""
    report = RegisterReport()
    register = Register(url, automatic_upgrade=False)
    try:
        with register.engine.connect() as connection:
            rows = connection.execute(
                select(
                    quotes.c.id,
                    quotes.c.number,
                    quotes.c.family,
                    quotes.c.revision,
                    quotes.c.status,
                )
            ).all()
            counter_rows = connection.execute(
                select(counters.c.prefix, counters.c.year, counters.c.last)
            ).all()
            audit_rows = connection.execute(
                select(audit.c.number, audit.c.action, audit.c.detail).order_by(audit.c.id)
            ).all()
            columns = [documents.c.quote_id, documents.c.kind, documents.c.sha256]
            if contents:
                columns.append(documents.c.content)
            document_rows = connection.execute(select(*columns)).all()
    finally:
        register.close()

    by_id = {row.id: row for row in rows}
    numbers = Counter(row.number for row in rows)
    for number, times in numbers.items():
        if times > 1:
            report.add(f"{number} is stored {times} times", "numbers")
    parsed: dict[str, QuoteNumber] = {}
    for row in rows:
        try:
            number = parse_number(row.number)
        except RegisterError:
            report.add(f"{row.number!r} is not a quote number", "numbers")
            continue
        parsed[row.number] = number
        if number.family != row.family or number.revision != row.revision:
            report.add(
                f"{row.number} is stored as family {row.family} revision {row.revision}", "numbers"
            )
    report.quotes = len(rows)
    report.drafts = sum(row.status == "draft" for row in rows)
    report.issued = sum(row.status in ISSUED_STATES for row in rows)
    report.revisions = sum(number.revision > 1 for number in parsed.values())

    actions: dict[str, Counter[str]] = defaultdict(Counter)
    issued_entries: dict[str, dict[str, str]] = {}
    for entry in audit_rows:
        actions[entry.number][entry.action] += 1
        if entry.action == "issued":
            issued_entries[entry.number] = json.loads(entry.detail).get("documents", {})
    deleted = {number for number, done in actions.items() if done["deleted"]}
    report.deleted = len(deleted)
    _check_numbers(report, parsed, counter_rows, deleted)

    stored_documents: dict[str, dict[str, str]] = defaultdict(dict)
    for document in document_rows:
        quote = by_id.get(document.quote_id)
        if quote is None:
            report.add(
                f"a {document.kind} document belongs to no quote (id {document.quote_id})",
                "documents",
            )
            continue
        stored_documents[quote.number][document.kind] = document.sha256
        if contents:
            for problem in _content_problems(quote.number, document, formats):
                report.add(problem, "documents")
    report.documents = len(document_rows)

    issued_in_family: Counter[str] = Counter()
    for row in rows:
        stored = stored_documents.get(row.number, {})
        done = actions.get(row.number, Counter())
        if done["created"] != 1:
            report.add(
                f"{row.number} has {done['created']} 'created' audit entries, not 1", "audit"
            )
        if row.status == "draft":
            if stored:
                report.add(
                    f"{row.number} is a draft with documents: {', '.join(sorted(stored))}",
                    "documents",
                )
            if done["issued"]:
                report.add(f"{row.number} is a draft with an 'issued' audit entry", "audit")
        elif row.status in ISSUED_STATES:
            if sorted(stored) != sorted(kinds):
                shown = ", ".join(sorted(stored)) or "none"
                report.add(f"{row.number} is {row.status} with the documents {shown}", "documents")
            if done["issued"] != 1:
                report.add(
                    f"{row.number} is {row.status} with {done['issued']} 'issued' entries", "audit"
                )
            elif issued_entries.get(row.number) != stored:
                report.add(f"{row.number}: the 'issued' audit entry names other documents", "audit")
        else:
            report.add(f"{row.number} has the unknown status {row.status!r}", "audit")
        if row.status == "superseded" and not done["superseded"]:
            report.add(f"{row.number} is superseded without a 'superseded' audit entry", "audit")
        if row.status == "issued":
            issued_in_family[row.family] += 1
    for family, count in issued_in_family.items():
        if count > 1:
            report.add(f"{count} revisions of {family} are issued at once", "families")
    for number in actions:
        if number not in numbers and number not in deleted:
            report.add(
                f"the audit log names {number}, which is not stored and was not deleted", "audit"
            )
    return report


def _check_numbers(
    report: RegisterReport,
    parsed: dict[str, QuoteNumber],
    counter_rows: Sequence[Any],
    deleted: set[str],
) -> None:
    """Gapless and bounded serials per (prefix, year) and revisions per family."""
    serials: dict[tuple[str, int], set[int]] = defaultdict(set)
    revisions: dict[str, set[int]] = defaultdict(set)
    for number in parsed.values():
        if number.revision == 1:
            serials[(number.prefix, number.year)].add(number.serial)
        else:
            revisions[number.family].add(number.revision)
    deleted_numbers = {parse_number(n) for n in deleted if _is_number(n)}
    for number in deleted_numbers:
        if number.revision == 1:
            serials[(number.prefix, number.year)].add(number.serial)
        else:
            revisions[number.family].add(number.revision)
    year_counters: dict[tuple[str, int], int] = {}
    family_counters: dict[str, int] = {}
    for row in counter_rows:
        prefix, year, last = row.prefix, row.year, row.last
        if year == 0:
            family_counters[prefix] = last
        else:
            year_counters[(prefix, year)] = last
            report.counters[f"{prefix}-{year}"] = last
    for key, present in serials.items():
        last = year_counters.get(key)
        if last is None:
            report.add(f"{key[0]}-{key[1]} numbers are stored but there is no counter", "numbers")
            continue
        _gapless(report, f"{key[0]}-{key[1]}", present, 1, last)
    for (prefix, year), last in year_counters.items():
        if (prefix, year) not in serials and last:
            report.add(
                f"the counter of {prefix}-{year} is at {last}, and no such quote exists", "numbers"
            )
    for family, present in revisions.items():
        last = family_counters.get(family)
        if last is None:
            report.add(
                f"revisions of {family} are stored but there is no revision counter", "numbers"
            )
            continue
        _gapless(report, f"{family} revisions", present, 2, last)
        base = parse_number(family)
        if base.serial not in serials.get((base.prefix, base.year), set()):
            report.add(f"{family} has revisions but is not stored itself", "numbers")
    for family, last in family_counters.items():
        if family not in revisions and last >= 2:
            report.add(
                f"the revision counter of {family} is at {last}, and no revision exists", "numbers"
            )


def _gapless(report: RegisterReport, what: str, present: set[int], first: int, last: int) -> None:
    missing = sorted(set(range(first, last + 1)) - present)
    above = sorted(n for n in present if n > last)
    if missing:
        report.add(
            f"{what}: {len(missing)} missing up to the counter {last}: {_few(missing)}", "numbers"
        )
    if above:
        report.add(f"{what}: {len(above)} above the counter {last}: {_few(above)}", "numbers")


def _few(values: Sequence[int]) -> str:
    shown = ", ".join(str(value) for value in values[:10])
    return shown + (" ..." if len(values) > 10 else "")


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except RegisterError:
        return False
    return True


def _content_problems(number: str, document: Any, formats: bool) -> list[str]:
    kind = document.kind
    content = bytes(document.content)
    problems = []
    if hashlib.sha256(content).hexdigest() != document.sha256:
        problems.append(f"{number}: the {kind} document's SHA-256 is not the stored digest")
    if not formats:
        return problems
    if kind == "pdf" and not (content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]):
        problems.append(f"{number}: the pdf document is not a whole PDF")
    if kind == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                broken = archive.testzip()
                if broken is not None or "word/document.xml" not in archive.namelist():
                    problems.append(f"{number}: the docx document is damaged ({broken})")
        except zipfile.BadZipFile:
            problems.append(f"{number}: the docx document is not a ZIP file")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1:
        print("usage: register_checks.py DATABASE_URL", file=sys.stderr)
        return 2
    report = check_register(arguments[0])
    print(
        f"{report.quotes} quotes ({report.drafts} drafts, {report.issued} issued, "
        f"{report.revisions} revisions), {report.documents} documents, counters {report.counters}"
    )
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
