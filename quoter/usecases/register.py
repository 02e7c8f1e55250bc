"""The quote register's use cases: new, list, show, issue, revise, accept, decline, delete,
history, export, and the database's backup, restore and upgrade.

Each call opens the register, does its work in short transactions and closes it. Issuing renders
the contract's PDF and DOCX outside any transaction, then stores the documents and the new status
in one transaction with a version check, so nothing is locked while a PDF renders.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from quoter.books.fields import Collector, Fields
from quoter.books.library import Library
from quoter.books.priced_quote_json import priced_quote_to_data, request_to_data
from quoter.books.request_file import request_from_fields
from quoter.domain.pricing import price_request
from quoter.domain.quote import PricedQuote, QuoteRequest
from quoter.domain.register import RegisterError, Status, check_can, parse_number, shown_status
from quoter.locations import DataLocator
from quoter.settings import Settings
from quoter.storage.register import QuoteFacts, Register, StoredQuote
from quoter.usecases.contracts import (
    ContractKit,
    contract_document,
    load_kit,
    render_docx_bytes,
    render_pdf_bytes,
)
from quoter.usecases.price_quote import read_request
from quoter.usecases.triage import quote_request, triage_file, triage_to_data

Clock = Callable[[], datetime]
"""The current moment, time-zone aware; injected so tests and the app control time."""


def default_database() -> str:
    """The SQLite register in the user's data folder: nothing to set up."""
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('quoter', appauthor=False) / 'register.sqlite3'}"


def vendor_zone(settings: Settings) -> ZoneInfo:
    if settings.time_zone:
        return ZoneInfo(settings.time_zone)
    local = datetime.now().astimezone().tzinfo
    name = getattr(local, "key", None)
    return ZoneInfo(name) if name else ZoneInfo("UTC")


def actor(settings: Settings) -> str:
    if settings.user_name:
        return settings.user_name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


@contextmanager
def opened(settings: Settings, *, upgrade: bool = False) -> Iterator[Register]:
    """The register, for one use-case call. SQLite is created and upgraded automatically; a
    shared PostgreSQL register only by `quoter db upgrade` (upgrade=True)."""
    url = settings.database or default_database()
    register = Register(url, automatic_upgrade=upgrade or url.startswith("sqlite"))
    try:
        yield register
    finally:
        register.close()


@dataclass(frozen=True, slots=True)
class QuoteView:
    """A stored quote and its status as a reader sees it now (expired is computed, not stored)."""

    quote: StoredQuote
    status: Status


def _view(quote: StoredQuote, settings: Settings, now: datetime) -> QuoteView:
    return QuoteView(
        quote, shown_status(quote.status, quote.valid_until, now, vendor_zone(settings))
    )


def _today(settings: Settings, now: datetime) -> date:
    return now.astimezone(vendor_zone(settings)).date()


def _facts(quote: PricedQuote, triage: dict[str, Any] | None = None) -> QuoteFacts:
    priced = priced_quote_to_data(quote)
    return QuoteFacts(
        customer=quote.request.customer.legal_name,
        book_id=quote.book.id,
        book_version=quote.book.version,
        book_digest=quote.book.digest,
        currency=quote.currency,
        total=quote.total.as_text(),
        request=request_to_data(quote.request),
        priced=priced,
        triage=triage,
    )


def _price_today(request: QuoteRequest, settings: Settings, day: date) -> PricedQuote:
    library = Library(DataLocator(settings))
    book = library.book_in_force(request.book, day)
    product = library.product(book.product, near=Path(book.source) if book.source else None)
    return price_request(request, book, product, day)


def _stored_request(quote: StoredQuote) -> QuoteRequest:
    collector = Collector()
    request = request_from_fields(Fields(quote.request, ("request",), collector))
    if request is None:
        problems = "; ".join(str(p) for p in collector.problems)
        raise RegisterError(f"{quote.number}: its stored request no longer reads: {problems}")
    return request


@contextmanager
def _allowed(
    action: str, number: str, settings: Settings, clock: Clock
) -> Iterator[tuple[Register, StoredQuote, datetime]]:
    """The open register, the quote and the moment, once `action` is allowed on the quote as a
    reader sees it now (an expired offer cannot be accepted, an issued one cannot be edited)."""
    parse_number(number)
    now = clock()
    with opened(settings) as register:
        quote = register.get(number)
        check_can(action, number, _view(quote, settings, now).status)
        yield register, quote, now


def new_quote(request_file: Path, settings: Settings, clock: Clock) -> QuoteView:
    """A draft from a request file, priced with today's book, with the next quote number."""
    now = clock()
    request = read_request(request_file, Library(DataLocator(settings)))
    priced = _price_today(request, settings, _today(settings, now))
    with opened(settings) as register:
        number = register.create_draft(settings.quote_prefix, _facts(priced), now, actor(settings))
        return _view(register.get(number), settings, now)


def new_quote_from_triage(facts_file: Path, settings: Settings, clock: Clock) -> QuoteView:
    """A draft from a triage's facts: triaged today, and only when the request is out of scope.
    The facts, the verdict, the deciding clauses and the policy are kept with the quote."""
    now = clock()
    today = _today(settings, now)
    result = triage_file(facts_file, settings, today)
    request = quote_request(result, facts_file)
    priced = _price_today(request, settings, today)
    facts = _facts(priced, triage_to_data(result))
    with opened(settings) as register:
        number = register.create_draft(settings.quote_prefix, facts, now, actor(settings))
        return _view(register.get(number), settings, now)


def edit_quote(number: str, request_file: Path, settings: Settings, clock: Clock) -> QuoteView:
    """Replace a draft's request with the one in `request_file`, priced again with today's book.
    Only a draft can be edited: an issued quote is revised instead."""
    request = read_request(request_file, Library(DataLocator(settings)))
    with _allowed("edit", number, settings, clock) as (register, draft, now):
        triage = draft.triage if _still_from(draft.triage, request) else None
        if triage is None:  # nor may its contract say the work follows an assessment
            request = replace(request, triage=None)
        priced = _price_today(request, settings, _today(settings, now))
        register.update_draft(draft, _facts(priced, triage), now, actor(settings))
        return _view(register.get(number), settings, now)


def _still_from(triage: dict[str, Any] | None, request: QuoteRequest) -> bool:
    """Whether an edited draft's request still is what its triage proposed: the same policy and
    the same services with the same parameters and quantities. Otherwise the triage no longer
    says why this work is billable, and the draft drops it."""
    if triage is None or request.triage is None:
        return False
    origin = request.triage
    policy = triage["policy"]
    if (origin.policy_id, origin.policy_version, origin.policy_digest) != (
        policy["id"],
        policy["version"],
        policy["digest"],
    ):
        return False
    proposed = triage.get("proposal", {}).get("lines", [])
    wanted = [(line["service"], line["parameters"], line.get("quantity")) for line in proposed]
    lines = request_to_data(request)["lines"]
    return wanted == [(line["service"], line["parameters"], line.get("quantity")) for line in lines]


def list_quotes(
    settings: Settings,
    clock: Clock,
    *,
    status: Status | None = None,
    customer: str | None = None,
    since: date | None = None,
    limit: int = 50,
) -> list[QuoteView]:
    """The newest quotes first, filtered by status as the reader sees it (expired included)."""
    now = clock()
    today = _today(settings, now)
    filters: dict[str, Any] = {"customer": customer, "since": since, "limit": limit}
    if status is Status.EXPIRED:
        filters.update(statuses=(Status.ISSUED,), expired_before=today)
    elif status is Status.ISSUED:
        filters.update(statuses=(Status.ISSUED,), not_expired_from=today)
    elif status is not None:
        filters.update(statuses=(status,))
    with opened(settings) as register:
        return [_view(quote, settings, now) for quote in register.find(**filters)]


def show_quote(number: str, settings: Settings, clock: Clock) -> QuoteView:
    parse_number(number)
    with opened(settings) as register:
        return _view(register.get(number), settings, clock())


def issue_quote(
    number: str, settings: Settings, clock: Clock, kit: ContractKit | None = None
) -> QuoteView:
    """Price the draft with the book in force today, render its contract with its number, and
    freeze it as issued with both documents; a revision supersedes the issued one it replaces."""
    with _allowed("issue", number, settings, clock) as (register, draft, now):
        priced = _price_today(_stored_request(draft), settings, _today(settings, now))
        kit = kit or load_kit(settings)
        document = contract_document(priced, kit, number=number)
        pdf, docx = render_pdf_bytes(document, kit), render_docx_bytes(document, kit)
        files = [
            ("pdf", hashlib.sha256(pdf).hexdigest(), pdf),
            ("docx", hashlib.sha256(docx).hexdigest(), docx),
        ]
        register.issue(draft, _facts(priced), priced.valid_until, files, now, actor(settings))
        return _view(register.get(number), settings, now)


def revise_quote(number: str, settings: Settings, clock: Clock) -> QuoteView:
    """A new draft revision of an issued, expired or declined quote, priced with today's book."""
    with _allowed("revise", number, settings, clock) as (register, original, now):
        priced = _price_today(_stored_request(original), settings, _today(settings, now))
        revision = register.create_draft(
            settings.quote_prefix,
            _facts(priced, original.triage),
            now,
            actor(settings),
            revision_of=number,
        )
        return _view(register.get(revision), settings, now)


def decide_quote(number: str, accepted: bool, settings: Settings, clock: Clock) -> QuoteView:
    """Record the customer's answer to an issued offer that has not expired."""
    action = "accept" if accepted else "decline"
    with _allowed(action, number, settings, clock) as (register, quote, now):
        register.set_status(
            quote, Status.ACCEPTED if accepted else Status.DECLINED, now, actor(settings)
        )
        return _view(register.get(number), settings, now)


def delete_quote(number: str, settings: Settings, clock: Clock) -> None:
    with _allowed("delete", number, settings, clock) as (register, quote, now):
        register.delete_draft(quote, now, actor(settings))


def quote_history(number: str, settings: Settings) -> list[Any]:
    parse_number(number)
    with opened(settings) as register:
        register.get(number)
        return register.history(number)


def export_quote(number: str, settings: Settings, clock: Clock) -> dict[str, Any]:
    """Everything the register holds about a quote, as JSON-ready data (documents as hashes)."""
    view = show_quote(number, settings, clock)
    quote = view.quote
    with opened(settings) as register:
        files = register.documents(number)
    return {
        "format": 1,
        "kind": "quoter.registered-quote",
        "number": quote.number,
        "status": view.status.value,
        "created_at": quote.created_at.isoformat(),
        "issued_at": quote.issued_at.isoformat() if quote.issued_at else None,
        "valid_until": quote.valid_until.isoformat() if quote.valid_until else None,
        "decided_at": quote.decided_at.isoformat() if quote.decided_at else None,
        "documents": {document.kind: f"sha256:{document.sha256}" for document in files},
        "priced_quote": quote.priced,
        "triage": quote.triage,
    }


def quote_document(number: str, kind: str, settings: Settings) -> bytes:
    """The stored PDF or DOCX of an issued quote, exactly as issued."""
    with opened(settings) as register:
        for document in register.documents(number):
            if document.kind == kind:
                return document.content
    raise RegisterError(f"{number} has no stored {kind.upper()}: only issued quotes have documents")


def backup_register(target: Path, settings: Settings) -> int:
    with opened(settings) as register:
        return register.backup(target)


def restore_register(source: Path, settings: Settings) -> int:
    with opened(settings) as register:
        return register.restore(source)


def upgrade_register(settings: Settings) -> int:
    """Create or upgrade the register's tables (the one way to do it on a shared PostgreSQL)."""
    with opened(settings, upgrade=True) as register:
        return register.schema_version()
