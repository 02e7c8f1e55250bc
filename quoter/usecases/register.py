"""The quote register's use cases: new and updated drafts, list, show, issue, revise, accept,
decline, duplicate, delete, history, export, and the database's backup, restore and upgrade.

Each works on the context's register in short transactions. Issuing renders the contract's PDF and
DOCX outside any transaction, then stores the documents and the new status in one transaction with a
version check, so nothing is locked while a PDF renders. Every day (the number's year, the day a
quote is priced on, its validity, whether it has expired) comes from the context's clock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from quoter.books.priced_quote_json import (
    priced_quote_from_data,
    priced_quote_to_data,
    request_from_data,
    request_to_data,
)
from quoter.domain.money import Money
from quoter.domain.pricebook import BookRef
from quoter.domain.problems import QuoterError
from quoter.domain.provenance import keeps_triage
from quoter.domain.quote import PricedQuote, QuoteRequest, RequestLine, TriageOrigin
from quoter.domain.register import (  # QuoteFilter, QuoteOrder: the listing's terms
    DamagedDocument,
    PublishedBookChanged,
    QuoteAction,
    QuoteChanged,
    QuoteFilter,
    QuoteOrder,
    RegisterError,
    Status,
    allowed_actions,
    check_can,
    parse_number,
    shown_status,
)
from quoter.storage.register import (
    AuditEntry as AuditEntry,  # what `quote_history` gives: the app names it
)
from quoter.storage.register import (
    QuoteFacts,
    QuoteSummary,
    Register,
    StoredCustomer,
    StoredDocument,
    StoredQuote,
    describe_url,
)
from quoter.usecases.context import AppContext
from quoter.usecases.contracts import ContractFiles, contract_files, render_files
from quoter.usecases.price_quote import price_quote, read_request
from quoter.usecases.progress import CancelFlag, Progress, Steps
from quoter.usecases.triage import (
    TriageResult,
    quote_request,
    quote_request_from_file,
    triage_file,
    triage_to_data,
)


@dataclass(frozen=True, slots=True)
class RegisteredQuote:
    """A quote as the register holds it and as a reader sees it now: typed, with its status
    (expired computed from the clock) and the actions allowed on it."""

    number: str
    status: Status
    request: QuoteRequest
    priced: PricedQuote
    created_at: datetime
    issued_at: datetime | None
    valid_until: date | None
    decided_at: datetime | None
    triage: dict[str, Any] | None
    """The triage that found the request out of scope (facts, verdict, clauses, policy), as
    `quoter triage --json` gives it."""
    documents: dict[str, str]
    """Stored document kinds ('pdf', 'docx') and their `sha256:` digests (issued quotes)."""
    row_version: int

    @property
    def total(self) -> Money:
        return self.priced.total

    @property
    def customer(self) -> str:
        return self.request.customer.legal_name

    @property
    def actions(self) -> frozenset[QuoteAction]:
        return allowed_actions(self.status)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One line of a register listing: no JSON decoded, the status as a reader sees it now."""

    summary: QuoteSummary
    status: Status

    @property
    def number(self) -> str:
        return self.summary.number

    @property
    def actions(self) -> frozenset[QuoteAction]:
        return allowed_actions(self.status)


@dataclass(frozen=True, slots=True)
class QuotePage:
    rows: tuple[QuoteRow, ...]
    offset: int
    has_more: bool


_ROW_KEYS: dict[QuoteOrder, Callable[[QuoteRow], Any]] = {
    QuoteOrder.CREATED: lambda row: row.summary.created_at,
    QuoteOrder.NUMBER: lambda row: (
        parse_number(row.number).family,
        parse_number(row.number).revision,
    ),
    QuoteOrder.CUSTOMER: lambda row: row.summary.customer.lower(),
    QuoteOrder.BOOK: lambda row: (row.summary.book_id, row.summary.book_version),
    QuoteOrder.STATUS: lambda row: list(Status).index(row.status),
    QuoteOrder.TOTAL: lambda row: (row.summary.currency, row.summary.total.amount),
    QuoteOrder.ISSUED: lambda row: row.summary.issued_at,
    QuoteOrder.VALID_UNTIL: lambda row: row.summary.valid_until,
}


def sorted_rows(
    rows: Iterable[QuoteRow], order: QuoteOrder, descending: bool = False
) -> list[QuoteRow]:
    """`rows` in `order`, as `list_quotes` reads them in that order: a missing date last either
    way, ties newest first. For a list that holds every row it shows."""
    newest = sorted(rows, key=lambda row: row.summary.created_at, reverse=True)
    key = _ROW_KEYS[order]
    present = [row for row in newest if key(row) is not None]
    missing = [row for row in newest if key(row) is None]
    return sorted(present, key=key, reverse=descending) + missing


def _shown(context: AppContext, status: Status, valid_until: date | None) -> Status:
    return shown_status(status, valid_until, context.clock.moment(), context.clock.zone)


def _record(context: AppContext, quote: StoredQuote, documents: dict[str, str]) -> RegisteredQuote:
    request = request_from_data(quote.request, quote.number)
    # an issued quote's priced request is the request it was drafted from: read it once
    same = quote.priced.get("request") == quote.request
    return RegisteredQuote(
        number=quote.number,
        status=_shown(context, quote.status, quote.valid_until),
        request=request,
        priced=priced_quote_from_data(quote.priced, quote.number, request if same else None),
        created_at=quote.created_at,
        issued_at=quote.issued_at,
        valid_until=quote.valid_until,
        decided_at=quote.decided_at,
        triage=quote.triage,
        documents=documents,
        row_version=quote.row_version,
    )


def _facts(quote: PricedQuote, triage: dict[str, Any] | None = None) -> QuoteFacts:
    return QuoteFacts(
        customer=quote.request.customer.legal_name,
        book_id=quote.book.id,
        book_version=quote.book.version,
        book_digest=quote.book.digest,
        currency=quote.currency,
        total=quote.total.as_text(),
        request=request_to_data(quote.request),
        priced=priced_quote_to_data(quote),
        triage=triage,
    )


def _allowed(context: AppContext, action: QuoteAction, number: str) -> tuple[Register, StoredQuote]:
    """The register and the quote, once `action` is allowed on the quote as a reader sees it now
    (an expired offer cannot be accepted, an issued one cannot be edited)."""
    parse_number(number)
    register = context.register()
    quote = register.get(number)
    check_can(action, number, _shown(context, quote.status, quote.valid_until))
    return register, quote


def _created(
    context: AppContext,
    facts: QuoteFacts,
    revision_of: str | None = None,
    duplicate_of: str | None = None,
) -> str:
    """Store a new draft numbered in the year of today in the vendor's time zone (refused, with
    the book's file named, when its book version was edited in place: the register checks that
    in the same transaction)."""
    try:
        return context.register().create_draft(
            context.settings.quote_prefix,
            facts,
            context.clock.moment(),
            context.actor,
            revision_of=revision_of,
            year=context.today().year,
            duplicate_of=duplicate_of,
        )
    except PublishedBookChanged as error:
        raise _with_book_file(context, facts, error) from None


def _check_published_book(context: AppContext, facts: QuoteFacts) -> None:
    """Refuse a book version edited in place after offers were issued on it, naming its file,
    before the work of issuing (the register checks it again as it stores the quote)."""
    try:
        context.register().check_book(facts.book_id, facts.book_version, facts.book_digest)
    except PublishedBookChanged as error:
        raise _with_book_file(context, facts, error) from None


def _with_book_file(
    context: AppContext, facts: QuoteFacts, error: PublishedBookChanged
) -> PublishedBookChanged:
    return PublishedBookChanged(
        error.book_id, error.version, error.used, error.digest, _book_file(context, facts)
    )


def _book_file(context: AppContext, facts: QuoteFacts) -> str:
    for book in context.library.books():
        if (book.id, book.version, book.digest) == (
            facts.book_id,
            facts.book_version,
            facts.book_digest,
        ):
            return str(book.source)
    return ""


def new_draft(context: AppContext, request: QuoteRequest) -> RegisteredQuote:
    """A draft of `request`, priced with today's book, with the next quote number."""
    number = _created(context, _facts(price_quote(context, request)))
    return show_quote(context, number)


def new_quote(context: AppContext, request_file: Path) -> RegisteredQuote:
    """A draft from a request file (its problems located in the file)."""
    return new_draft(context, read_request(request_file, context.library))


def new_draft_from_triage(context: AppContext, result: TriageResult) -> RegisteredQuote:
    """A draft of the services a triage proposes: only a triage of today, under the policy in
    force, of an out-of-scope request (see `quote_request`). The facts, the verdict, the deciding
    clauses and the policy are kept with the quote."""
    request = quote_request(result, context.today())
    facts = _facts(price_quote(context, request), triage_to_data(result))
    return show_quote(context, _created(context, facts))


def new_quote_from_triage(context: AppContext, facts_file: Path) -> RegisteredQuote:
    """A draft from a triage of the facts in `facts_file` (its refusals said about the file)."""
    result = triage_file(context, facts_file)
    request = quote_request_from_file(result, facts_file)
    facts = _facts(price_quote(context, request), triage_to_data(result))
    return show_quote(context, _created(context, facts))


def update_draft(
    context: AppContext, number: str, request: QuoteRequest, expected_version: int | None = None
) -> RegisteredQuote:
    """Replace a draft's request, priced again with today's book. Only a draft can be changed:
    an issued quote is revised instead. The draft keeps its triage only while its lines are
    still what the triage proposed. With `expected_version` (the `row_version` the caller last
    read), a draft changed since by anyone else is refused (`QuoteChanged`, naming who)."""
    register, draft = _allowed(context, QuoteAction.EDIT, number)
    if expected_version is not None and draft.row_version != expected_version:
        last = register.history(number)[-1]
        at = last.at.astimezone(context.clock.zone).strftime("%Y-%m-%d %H:%M")
        raise QuoteChanged(number, last.actor, at)
    triage = draft.triage if _still_from(draft.triage, request) else None
    if triage is None:  # nor may its contract say the work follows an assessment
        request = replace(request, triage=None)
    priced = price_quote(context, request)
    register.update_draft(draft, _facts(priced, triage), context.clock.moment(), context.actor)
    return show_quote(context, number)


def edit_quote(context: AppContext, number: str, request_file: Path) -> RegisteredQuote:
    """`update_draft` with the request in `request_file`."""
    return update_draft(context, number, read_request(request_file, context.library))


def _still_from(triage: dict[str, Any] | None, request: QuoteRequest) -> bool:
    if triage is None:
        return False
    policy = triage["policy"]
    origin = TriageOrigin(policy["id"], policy["version"], policy["digest"])
    proposed = [
        RequestLine(line["service"], line["parameters"], _quantity(line.get("quantity")))
        for line in triage.get("proposal", {}).get("lines", [])
    ]
    return keeps_triage(origin, proposed, request)


def _quantity(text: Any) -> Decimal | None:
    return None if text is None else Decimal(str(text))


def list_quotes(
    context: AppContext,
    where: QuoteFilter = QuoteFilter(),  # noqa: B008 (frozen: one shared empty filter is safe)
    *,
    offset: int = 0,
    limit: int = 50,
    order: QuoteOrder = QuoteOrder.CREATED,
    descending: bool = True,
) -> QuotePage:
    """A page of the register, newest first unless `order` says otherwise, filtered by status
    as the reader sees it (expired included); `has_more` says whether a next page exists."""
    today = context.today()
    since = None
    if where.since is not None:  # the start of that day in the vendor's zone
        since = datetime.combine(where.since, time(0), tzinfo=context.clock.zone)
    filters: dict[str, Any] = {
        "customer": where.customer,
        "since": since,
        "book": where.book,
        "text": where.text,
        "order": QuoteOrder(order).value,
        "descending": descending,
        "today": today,
    }
    status = where.status
    if status is Status.EXPIRED:
        filters.update(statuses=(Status.ISSUED,), expired_before=today)
    elif status is Status.ISSUED:
        filters.update(statuses=(Status.ISSUED,), not_expired_from=today)
    elif status is not None:
        filters.update(statuses=(status,))
    found = context.register().summaries(offset=offset, limit=limit + 1, **filters)
    rows = tuple(
        QuoteRow(summary, _shown(context, summary.status, summary.valid_until))
        for summary in found[:limit]
    )
    return QuotePage(rows, offset, len(found) > limit)


def register_books(context: AppContext) -> list[str]:
    """The ids of the books the register's quotes were priced on: what a listing can be
    filtered by (a retired book's quotes included)."""
    return context.register().book_ids()


def book_locales(context: AppContext) -> dict[tuple[str, str], str]:
    """The locale each book in the data folders shows its money in, by (id, version). Empty
    when the books cannot be read: a listing still shows, its money in a neutral locale (the
    books' problems are the catalogue's to report)."""
    try:
        books = context.library.books()
    except QuoterError:
        return {}
    return {(book.id, book.version): book.locale for book in books}


def customers(context: AppContext, text: str = "", limit: int = 20) -> list[StoredCustomer]:
    """Customers already in the register whose name contains `text`, most recent first."""
    return context.register().customers(text, limit)


def show_quote(context: AppContext, number: str) -> RegisteredQuote:
    """The quote as the register holds it and as a reader sees it now."""
    parse_number(number)
    quote, digests = context.register().get_with_digests(number)
    documents = {kind: f"sha256:{digest}" for kind, digest in digests.items()}
    return _record(context, quote, documents)


def issue_quote(
    context: AppContext,
    number: str,
    *,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> RegisteredQuote:
    """Price the draft with the book in force today, render its contract with its number, and
    freeze it as issued with both documents; a revision supersedes the issued one it replaces.
    Cancelled before the last step, nothing is stored."""
    steps = Steps(3, progress, cancel)
    steps.check()
    register, draft = _allowed(context, QuoteAction.ISSUE, number)
    priced = price_quote(context, request_from_data(draft.request, number))
    _check_published_book(context, _facts(priced))
    steps.step("priced")
    steps.check()
    files = render_files(priced, context.library.kit(), pdf=True, docx=True, number=number)
    assert files.pdf is not None and files.docx is not None
    steps.step("documents rendered")
    steps.check()  # the last moment a cancel stops it: storing is one transaction
    stored = [
        ("pdf", hashlib.sha256(files.pdf).hexdigest(), files.pdf),
        ("docx", hashlib.sha256(files.docx).hexdigest(), files.docx),
    ]
    register.issue(
        draft, _facts(priced), priced.valid_until, stored, context.clock.moment(), context.actor
    )
    steps.step("issued")
    return show_quote(context, number)


def revise_quote(context: AppContext, number: str) -> RegisteredQuote:
    """A new draft revision of an issued, expired or declined quote, priced with today's book."""
    _, original = _allowed(context, QuoteAction.REVISE, number)
    priced = price_quote(context, request_from_data(original.request, number))
    revision = _created(context, _facts(priced, original.triage), revision_of=number)
    return show_quote(context, revision)


def decide_quote(context: AppContext, number: str, accepted: bool) -> RegisteredQuote:
    """Record the customer's answer to an issued offer that has not expired."""
    action = QuoteAction.ACCEPT if accepted else QuoteAction.DECLINE
    register, quote = _allowed(context, action, number)
    status = Status.ACCEPTED if accepted else Status.DECLINED
    register.set_status(quote, status, context.clock.moment(), context.actor)
    return show_quote(context, number)


@dataclass(frozen=True, slots=True)
class PriceChange:
    """One line whose amount on today's book differs from the quote it was copied from."""

    line: int
    """Counted from 1, as the contract numbers its lines."""
    service: str
    before: Money
    after: Money


@dataclass(frozen=True, slots=True)
class DuplicatedQuote:
    """A new draft copied from a quote, and what pricing it on today's book changed."""

    quote: RegisteredQuote
    original: str
    book_before: BookRef
    book_after: BookRef
    total_before: Money
    changes: tuple[PriceChange, ...]
    """The lines whose amounts changed, in order; empty when every line costs what it did."""

    @property
    def book_changed(self) -> bool:
        return self.book_before.version != self.book_after.version


def duplicate_quote(context: AppContext, number: str) -> DuplicatedQuote:
    """A new draft (a new number, not a revision) of any quote's request (customer, lines,
    language), priced on today's book, with the lines whose amounts changed since the original
    was priced. A triage the original came from stays with the copy, as with a revision: the
    request is the one it assessed."""
    original = show_quote(context, number)
    priced = price_quote(context, original.request)
    copy = _created(context, _facts(priced, original.triage), duplicate_of=original.number)
    return DuplicatedQuote(
        quote=show_quote(context, copy),
        original=original.number,
        book_before=original.priced.book,
        book_after=priced.book,
        total_before=original.total,
        changes=_price_changes(original.priced, priced),
    )


def _price_changes(before: PricedQuote, after: PricedQuote) -> tuple[PriceChange, ...]:
    """The lines of one request priced twice whose totals differ."""
    return tuple(
        PriceChange(new.number, new.service_code, old.total, new.total)
        for old, new in zip(before.lines, after.lines, strict=True)
        if old.total != new.total
    )


def delete_quote(context: AppContext, number: str) -> None:
    """Delete a draft (only a draft: an offer that was issued stays on record)."""
    register, quote = _allowed(context, QuoteAction.DELETE, number)
    register.delete_draft(quote, context.clock.moment(), context.actor)


def quote_history(context: AppContext, number: str) -> list[AuditEntry]:
    """The audit log of a quote, oldest first."""
    parse_number(number)
    register = context.register()
    register.get(number)
    return register.history(number)


def export_quote(context: AppContext, number: str) -> dict[str, Any]:
    """Everything the register holds about a quote, as JSON-ready data (documents as hashes)."""
    parse_number(number)
    quote, digests = context.register().get_with_digests(number)
    documents = {kind: f"sha256:{digest}" for kind, digest in digests.items()}
    return {
        "format": 1,
        "kind": "quoter.registered-quote",
        "number": quote.number,
        "status": _shown(context, quote.status, quote.valid_until).value,
        "created_at": quote.created_at.isoformat(),
        "issued_at": quote.issued_at.isoformat() if quote.issued_at else None,
        "valid_until": quote.valid_until.isoformat() if quote.valid_until else None,
        "decided_at": quote.decided_at.isoformat() if quote.decided_at else None,
        "documents": documents,
        "priced_quote": quote.priced,
        "triage": quote.triage,
    }


def quote_contract_files(
    context: AppContext, number: str, *, pdf: bool = True, docx: bool = True
) -> ContractFiles:
    """A registered quote's contract as bytes: an issued quote's documents exactly as issued
    (whatever its status since); a draft's priced with today's book and marked as an
    unregistered draft, as a preview of what issuing it will give."""
    record = show_quote(context, number)
    if record.issued_at is None:
        return contract_files(context, record.request, pdf=pdf, docx=docx)
    return ContractFiles(
        record.priced,
        quote_document(context, number, "pdf") if pdf else None,
        quote_document(context, number, "docx") if docx else None,
    )


def quote_document(context: AppContext, number: str, kind: str) -> bytes:
    """The stored PDF or DOCX of an issued quote, exactly as issued."""
    parse_number(number)
    for document in context.register().documents(number):
        if document.kind == kind:
            damage = _damage(number, document)
            if damage is not None:
                raise damage
            return document.content
    raise RegisterError(f"{number} has no stored {kind.upper()}: only issued quotes have documents")


def damaged_documents(context: AppContext, number: str) -> list[DamagedDocument]:
    """The quote's stored documents whose bytes no longer match the SHA-256 recorded when it was
    issued (none for an intact quote, or a draft)."""
    parse_number(number)
    damaged = (_damage(number, document) for document in context.register().documents(number))
    return [damage for damage in damaged if damage is not None]


def _damage(number: str, document: StoredDocument) -> DamagedDocument | None:
    actual = hashlib.sha256(document.content).hexdigest()
    if actual == document.sha256:
        return None
    return DamagedDocument(number, document.kind, document.sha256, actual)


def backup_register(context: AppContext, target: Path) -> int:
    """Write a complete backup of the register to `target`; the number of rows written. Stored
    documents whose bytes no longer match the SHA-256 recorded when they were issued are backed
    up as they are, and then reported: a `RegisterError` that says the backup was written."""
    from quoter.domain.problems import Problem

    report = context.register().backup(target)
    if report.damaged:
        count = len(report.damaged)
        raise RegisterError(
            f"{target}: the backup was written ({report.rows} rows), but {count} stored "
            f"document{'s are' if count > 1 else ' is'} damaged: the bytes no longer have the "
            "SHA-256 recorded when the quote was issued, and are in the backup as they are. An "
            "older backup may hold them whole; 'quoter contract verify' checks a copy sent to "
            "the customer.",
            [
                Problem(
                    (),
                    f"{damage.number} {damage.kind.upper()}: recorded sha256:{damage.recorded}, "
                    f"now sha256:{damage.actual}",
                )
                for damage in report.damaged
            ],
        )
    return report.rows


def restore_register(context: AppContext, source: Path) -> int:
    """Load a backup into this (empty) register, made if it is not there (restoring is asking
    for one); the number of rows restored."""
    return context.register(create=True).restore(source)


def create_register(context: AppContext) -> int:
    """Make a new, empty register at the configured place (a SQLite file, or the tables in an
    empty PostgreSQL database); its version. A register already there is left alone."""
    register = context.register(create=True)
    if not register.created:
        raise RegisterError(
            f"{describe_url(context.register_url)} is already a quote register (version "
            f"{register.schema_version()}): nothing was made"
        )
    return register.schema_version()


def upgrade_register(context: AppContext) -> int:
    """Create or upgrade the register's tables (the one way to do it on a shared PostgreSQL)."""
    register = Register(context.register_url, automatic_upgrade=True)
    try:
        return register.schema_version()
    finally:
        register.close()
