"""The rules of the quote register: numbers, revisions and the life of a quote.

A quote is a `draft` (editable, deletable), then `issued` (frozen: lines, prices, book and documents
never change), then `accepted` or `declined`, or `superseded` when a revision of it is issued.
`expired` is never stored: an issued quote is expired once its validity day has ended in the
vendor's time zone, computed from the clock each time it is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from quoter.domain.problems import QuoterError


class RegisterError(QuoterError):
    """The register refuses an operation, or cannot be opened."""


class QuoteChanged(RegisterError):
    """A draft was changed elsewhere (another window, a colleague) since it was read here:
    saving over it would silently undo their change."""

    def __init__(self, number: str, actor: str, at: str) -> None:
        self.number = number
        self.actor = actor
        super().__init__(
            f"{number} was changed by {actor} at {at} since you opened it; your last change "
            "was not saved over theirs."
        )


class PublishedBookChanged(RegisterError):
    """A price book version the register's offers were priced on now has another digest: it was
    edited in place. Pricing on it would give two offers of one version different prices."""

    def __init__(
        self, book_id: str, version: str, used: tuple[str, ...], digest: str, source: str = ""
    ) -> None:
        self.book_id = book_id
        self.version = version
        self.used = used
        self.digest = digest
        where = f" ({source})" if source else ""
        super().__init__(
            f"price book {book_id} {version}{where} has changed since offers were issued on it: "
            f"they were priced on {' and '.join(used)}, the book now has {digest}. A published "
            "version never changes: put the file back as it was, and make the change in a new "
            "version (a new 'version' with its 'effective_from')."
        )


class DamagedDocument(RegisterError):
    """A stored contract whose bytes no longer have the SHA-256 the register recorded when it was
    issued: it is not what the customer was sent, and is never handed out as if it were."""

    def __init__(self, number: str, kind: str, recorded: str, actual: str) -> None:
        self.number = number
        self.kind = kind
        super().__init__(
            f"the stored {kind.upper()} of {number} is damaged: its bytes have SHA-256 {actual}, "
            f"the register recorded {recorded} when it was issued. Restore the register from a "
            "backup taken before the damage ('quoter db restore'); the copy sent to the customer "
            "can be checked with 'quoter contract verify'."
        )


class Status(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"
    """Shown, never stored."""


NUMBER = re.compile(
    r"(?P<prefix>[A-Z][A-Z0-9]{0,9})-(?P<year>\d{4})-(?P<serial>\d{5,})(?:-R(?P<revision>\d+))?"
)
PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,9}")


@dataclass(frozen=True, slots=True)
class QuoteNumber:
    prefix: str
    year: int
    serial: int
    revision: int = 1

    @property
    def family(self) -> str:
        """The number without the revision: what every revision of one quote shares."""
        return f"{self.prefix}-{self.year}-{self.serial:05d}"

    def __str__(self) -> str:
        return self.family if self.revision == 1 else f"{self.family}-R{self.revision}"

    def revised(self, revision: int) -> QuoteNumber:
        return QuoteNumber(self.prefix, self.year, self.serial, revision)


def parse_number(text: str) -> QuoteNumber:
    match = NUMBER.fullmatch(text.strip())
    if match is None:
        raise RegisterError(
            f"'{text}' is not a quote number (expected one like Q-2026-00042 or Q-2026-00042-R2)"
        )
    return QuoteNumber(
        match["prefix"], int(match["year"]), int(match["serial"]), int(match["revision"] or 1)
    )


def validity_ends(valid_until: date, zone: ZoneInfo) -> datetime:
    """The moment an offer lapses: the end of its validity day in the vendor's time zone."""
    return datetime.combine(valid_until + timedelta(days=1), time(0), tzinfo=zone)


def shown_status(stored: Status, valid_until: date | None, now: datetime, zone: ZoneInfo) -> Status:
    """What a reader sees: an issued quote past its validity day reads as expired; an accepted or
    declined quote never does."""
    if (
        stored is Status.ISSUED
        and valid_until is not None
        and now >= validity_ends(valid_until, zone)
    ):
        return Status.EXPIRED
    return stored


class QuoteAction(StrEnum):
    """What a user may do to a quote; the app enables its buttons from `allowed_actions`."""

    EDIT = "edit"
    DELETE = "delete"
    ISSUE = "issue"
    ACCEPT = "accept"
    DECLINE = "decline"
    REVISE = "revise"
    EXPORT = "export"
    """Export the stored documents: only an offer that was issued has them."""


_ALLOWED: dict[QuoteAction, frozenset[Status]] = {
    QuoteAction.EDIT: frozenset({Status.DRAFT}),
    QuoteAction.DELETE: frozenset({Status.DRAFT}),
    QuoteAction.ISSUE: frozenset({Status.DRAFT}),
    QuoteAction.ACCEPT: frozenset({Status.ISSUED}),
    QuoteAction.DECLINE: frozenset({Status.ISSUED}),
    QuoteAction.REVISE: frozenset({Status.ISSUED, Status.EXPIRED, Status.DECLINED}),
    QuoteAction.EXPORT: frozenset(
        {Status.ISSUED, Status.EXPIRED, Status.ACCEPTED, Status.DECLINED, Status.SUPERSEDED}
    ),
}


def allowed_actions(status: Status) -> frozenset[QuoteAction]:
    """The actions allowed on a quote that reads as `status` (expired already computed)."""
    return frozenset(action for action, statuses in _ALLOWED.items() if status in statuses)


def check_can(action: QuoteAction | str, number: str, status: Status) -> None:
    """Raise `RegisterError` unless `action` is allowed on a quote that reads as `status`."""
    action = QuoteAction(action)
    if action not in allowed_actions(status):
        why = {
            Status.EXPIRED: "its offer has expired (revise it to make a new offer)",
            Status.ISSUED: "it is issued and frozen (revise it instead)",
            Status.SUPERSEDED: "a later revision replaced it",
        }.get(status, f"it is {status.value}")
        raise RegisterError(f"{number} cannot be {_PAST[action]}: {why}")


_PAST = {
    QuoteAction.EDIT: "edited",
    QuoteAction.DELETE: "deleted",
    QuoteAction.ISSUE: "issued",
    QuoteAction.ACCEPT: "accepted",
    QuoteAction.DECLINE: "declined",
    QuoteAction.REVISE: "revised",
    QuoteAction.EXPORT: "exported (only an issued offer has documents)",
}


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """What a listing shows: a status as the reader sees it, part of the customer's name, the
    first day quotes were created on, the book id they were priced on, and a text that the
    number or the customer's name contains (any case)."""

    status: Status | None = None
    customer: str | None = None
    since: date | None = None
    book: str | None = None
    text: str | None = None


class QuoteOrder(StrEnum):
    """What a listing can be sorted by; the register sorts a page the way `sorted_rows` sorts
    rows already read, so a list sorted on screen and one read sorted agree."""

    CREATED = "created"
    NUMBER = "number"
    CUSTOMER = "customer"
    BOOK = "book"
    STATUS = "status"
    """In the order of a quote's life (`Status`), expired as a reader sees it."""
    TOTAL = "total"
    """By currency, then amount: amounts in two currencies do not compare."""
    ISSUED = "issued"
    VALID_UNTIL = "valid_until"
