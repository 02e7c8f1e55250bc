"""The quote register's store: short transactions over SQLAlchemy Core, SQLite or PostgreSQL.

Every change is one transaction. On SQLite, write transactions begin with BEGIN IMMEDIATE, so two
processes never both read a counter and then write it; numbers come from a counter per prefix and
year incremented with INSERT ... ON CONFLICT DO UPDATE ... RETURNING in the same transaction that
stores the quote. A change to an existing quote carries the row version it read, and fails
clearly if another writer changed the quote in between. Creating or editing a draft also stores
its customer's latest details (`quoter.storage.customers`) in the same transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Numeric,
    Select,
    case,
    cast,
    create_engine,
    event,
    func,
    select,
    update,
)
from sqlalchemy.exc import DatabaseError as SQLDatabaseError
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError

from quoter.domain.register import PublishedBookChanged, QuoteNumber, RegisterError, Status
from quoter.storage.backup import (
    BACKUP_SCHEMAS,
    BackupReport,
    load_backup,
    read_backup,
    write_backup,
)
from quoter.storage.customers import (
    StoredCustomer,
    contains_pattern,
    customer_object,
    matching_customer_ids,
    recent_customers,
    store_customer,
)
from quoter.storage.migrations import MIGRATIONS, Migration
from quoter.storage.records import (
    SUMMARY_COLUMNS,
    AuditEntry,
    QuoteFacts,
    QuoteSummary,
    StoredDocument,
    StoredQuote,
    moment_text,
    quote_summary,
    stored_quote,
)
from quoter.storage.schema import (
    SCHEMA_VERSION,
    audit,
    counters,
    customers,
    documents,
    metadata,
    quotes,
    schema_info,
)

__all__ = [
    "BACKUP_SCHEMAS",
    "MIGRATIONS",
    "AuditEntry",
    "QuoteFacts",
    "QuoteSummary",
    "Register",
    "StoredCustomer",
    "StoredDocument",
    "StoredQuote",
    "describe_url",
]


def url_backend(url: str) -> str | None:
    """The kind of database a URL names ('sqlite', 'postgresql'...), None if it names none."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).get_backend_name()
    except ArgumentError:
        return None


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (`sqlite:///PATH`, `sqlite+pysqlite:///PATH`); None in memory."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        database = make_url(url).database
    except ArgumentError:
        return None
    return Path(database) if database and database != ":memory:" else None


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown as the user gave it, minus nothing secret
        return "the database URL given"


class Register:
    """One register: one engine for its URL, a connection per call, shared by the threads of an
    application context."""

    def __init__(
        self,
        url: str,
        *,
        automatic_upgrade: bool = True,
        migrations: Mapping[int, Migration] = MIGRATIONS,
        target_version: int = SCHEMA_VERSION,
        create: bool = True,
    ) -> None:
        """Open the register at `url`. Without `create`, a SQLite file that does not exist is an
        error (a configured path on an unmounted share or with a typo), not a new register."""
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.migrations = migrations
        self.target_version = target_version
        self.read_only = False
        """A SQLite file this process cannot write (or whose folder it cannot): it is opened for
        reading, so it can be listed and shown; every change is refused with a message."""
        self.created = False
        """Whether opening made a new, empty register."""
        self.engine = self._engine(url, create)
        try:
            self._check_schema(automatic_upgrade)
        except BaseException:
            self.engine.dispose()  # close the pooled connection the check opened
            raise

    def close(self) -> None:
        self.engine.dispose()

    # -- opening -----------------------------------------------------------------------------

    def _engine(self, url: str, create: bool) -> Engine:
        if not self.is_sqlite:
            try:
                return create_engine(url, pool_pre_ping=True)
            except Exception as error:  # bad URL or missing driver: SQLAlchemy raises several types
                raise RegisterError(f"{describe_url(url)}: cannot connect ({error})") from None
        path = sqlite_path(url)
        if path is not None:
            url = self._sqlite_file(url, path, create)
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _connect(connection: sqlite3.Connection, _: Any) -> None:
            connection.isolation_level = None  # the driver's implicit transactions off
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA busy_timeout = 60000")
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if self.read_only:
                return
            if not names or "quoter_schema" in names:  # never touch another program's database
                connection.execute("PRAGMA journal_mode = WAL")

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            # writers take the write lock when they begin, so two never read the same counter
            # and both write it; readers begin deferred and never wait for a writer (WAL)
            write = connection.get_execution_options().get("write", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    def _sqlite_file(self, url: str, path: Path, create: bool) -> str:
        """The URL to open the register's file with, once it is known to be there (or may be
        made): a missing file is made only with `create`; a file too short to be a database is
        never taken for an empty one; a file this process cannot write is opened read-only."""
        try:
            size: int | None = path.stat().st_size
        except FileNotFoundError:
            size = None
        except OSError as error:
            raise RegisterError(f"{path}: the register cannot be read ({error.strerror})") from None
        if size is None:
            if not create:
                raise RegisterError(
                    f"there is no quote register at {path}: the file does not exist. Check the "
                    "path (a network share that is not mounted? a typo?), or create a new, empty "
                    f"register there with: quoter --db {url} db create"
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise RegisterError(
                    f"{describe_url(url)}: the folder {path.parent} cannot be made "
                    f"({error.strerror}). Choose another place with --db or QUOTER_DB."
                ) from None
            return url
        if size < _SQLITE_HEADER:  # SQLite's own first write makes a file of a whole page
            raise RegisterError(
                f"{path} is {size} bytes long: it is not a quote register (a register is never "
                "that short). If it held your register, the file was truncated or overwritten: "
                "restore it from a backup with 'quoter db restore'. Nothing was changed in it."
            )
        if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
            return url
        self.read_only = True
        # Read-only, SQLite cannot make the shared-memory file WAL needs; with no write-ahead log
        # beside the file there is nothing to read from one, so the file is read as immutable.
        immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
        return f"sqlite:///file:{quote(str(path))}?mode=ro{immutable}&uri=true"

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise RegisterError(
                f"{sqlite_path(self.url)} is read-only for you (the file or its folder cannot be "
                "written): quotes can be listed and shown, not changed. Nothing was saved."
            )

    def _check_schema(self, automatic_upgrade: bool) -> None:
        where = describe_url(self.url)
        try:
            with self.engine.connect() as connection:
                tables = set(self.engine.dialect.get_table_names(connection))
        except (SQLDatabaseError, DBAPIError) as error:
            raise RegisterError(
                f"{where} cannot be opened as a quote register: {error.orig}. "
                "Nothing was changed in it."
            ) from None
        if not tables:
            self._refuse_if_read_only()
            if not automatic_upgrade:
                raise RegisterError(
                    f"{where} has no quote register yet: run 'quoter db create' once to make it"
                )
            self._create()
            self.created = True
            return
        if "quoter_schema" not in tables:
            raise RegisterError(
                f"{where} is not a quote register (it has other tables: "
                f"{', '.join(sorted(tables)[:5])}). Nothing was changed in it."
            )
        version = self.schema_version()
        if version > self.target_version:
            raise RegisterError(
                f"{where} was upgraded by a newer quoter (register version {version}; this quoter "
                f"knows up to {self.target_version}). Update quoter; the register was left "
                "untouched."
            )
        if version < self.target_version:
            if not automatic_upgrade:
                raise RegisterError(
                    f"{where} is at register version {version}; this quoter needs "
                    f"{self.target_version}. When every client of this shared register runs this "
                    "quoter, run 'quoter db upgrade' once."
                )
            self._refuse_if_read_only()
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring the schema up to date in one transaction; a SQLite file is backed up first."""
        path = sqlite_path(self.url) if self.is_sqlite else None
        if path is not None:
            backup = path.with_name(f"{path.name}.v{version}.backup")
            origin, copy = sqlite3.connect(path), sqlite3.connect(backup)
            try:
                origin.backup(copy)
            finally:
                origin.close()
                copy.close()
        with self.transaction() as connection:
            if not self.is_sqlite:  # one upgrading client at a time on a shared server
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7351001)")
            current = self._version_in(connection)
            while current < self.target_version:
                self.migrations[current](connection)
                current += 1
            connection.execute(
                update(schema_info).where(schema_info.c.key == "version").values(value=str(current))
            )

    def _create(self) -> None:
        with self.transaction() as connection:
            if not self.is_sqlite:  # one upgrading client at a time on a shared server
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7351001)")
            metadata.create_all(connection)
            known = connection.execute(
                select(schema_info.c.value).where(schema_info.c.key == "version")
            ).scalar()
            if known is None:  # another client may have created it while we waited for the lock
                connection.execute(
                    schema_info.insert().values(key="version", value=str(SCHEMA_VERSION))
                )

    def schema_version(self) -> int:
        with self._reading() as connection:
            return self._version_in(connection)

    def _version_in(self, connection: Connection) -> int:
        """The register's version as its `quoter_schema` row says; a missing or damaged row is a
        `RegisterError`: guessing would upgrade (or number) a register on a wrong assumption."""
        value = connection.execute(
            select(schema_info.c.value).where(schema_info.c.key == "version")
        ).scalar()
        text = str(value).strip() if value is not None else ""
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 9999:
            said = "missing" if value is None else f"'{str(value)[:40]}'"
            raise RegisterError(
                f"{describe_url(self.url)}: the register's version (table quoter_schema, key "
                f"'version') is {said}, expected a whole number such as {SCHEMA_VERSION}. The "
                "register is damaged: restore it from a backup. Nothing was changed in it."
            )
        return int(text)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One short write transaction; database errors come out as `RegisterError`. A full or
        failing disk is said to be one (SQLite's own words, 'database or disk is full' or 'disk
        I/O error', name neither the file nor the cause), with the file and that nothing was
        saved: the transaction did not commit."""
        self._refuse_if_read_only()
        try:
            with self.engine.connect() as connection:
                connection.execution_options(write=True)
                with connection.begin():
                    yield connection
        except (IntegrityError, DataError) as error:  # DataError: a value a column cannot hold
            raise RegisterError(f"the register refused the change: {error.orig}") from None
        except OperationalError as error:
            orig = error.orig
            code = getattr(orig, "sqlite_errorcode", None)
            if code is not None and (code & 0xFF) in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
                raise RegisterError(
                    f"{sqlite_path(self.url) or self.url}: the disk holding the register is full "
                    f"or failing ({orig}); nothing was saved. Free some space on it (or check "
                    "the disk), then repeat the operation."
                ) from None
            if getattr(orig, "sqlstate", None) == "53100":  # PostgreSQL's disk_full
                raise RegisterError(
                    f"{describe_url(self.url)}: the database server's disk is full ({orig}); "
                    "nothing was saved. Tell whoever runs the server."
                ) from None
            raise RegisterError(f"the register could not be written: {orig}") from None
        except SQLDatabaseError as error:
            raise self._unreadable(error) from None

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection for reading; a damaged or unreachable database is a `RegisterError`."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except (SQLDatabaseError, DBAPIError) as error:
            raise self._unreadable(error) from None

    def _unreadable(self, error: SQLDatabaseError | DBAPIError) -> RegisterError:
        return RegisterError(
            f"{describe_url(self.url)} could not be read: {error.orig}. If the register is "
            "damaged, restore it from a backup ('quoter db restore'); nothing was changed."
        )

    # -- writing -----------------------------------------------------------------------------

    def _next_serial(self, connection: Connection, prefix: str, year: int, first: int = 1) -> int:
        if self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
        statement = (
            insert(counters)
            .values(prefix=prefix, year=year, last=first)
            .on_conflict_do_update(
                index_elements=[counters.c.prefix, counters.c.year],
                set_={"last": counters.c.last + 1},
            )
            .returning(counters.c.last)
        )
        return int(connection.execute(statement).scalar_one())

    def create_draft(
        self,
        prefix: str,
        facts: QuoteFacts,
        now: datetime,
        actor: str,
        revision_of: str | None = None,
        *,
        year: int,
        duplicate_of: str | None = None,
    ) -> str:
        """Store a new draft and return its number: the next in the prefix's `year`, or the next
        revision of `revision_of`'s family (which keeps its number's year). The caller gives the
        year, the day's in the vendor's time zone: `now` is a UTC moment, whose year differs
        around New Year. `duplicate_of` names the quote a new (unrelated) draft was copied from,
        for its history."""
        if not 1000 <= year <= 9999:  # a quote number has four digits for its year
            raise ValueError(f"a quote number's year has four digits, not {year}")
        with self.transaction() as connection:
            _check_book(connection, facts)
            if revision_of is None:
                serial = self._next_serial(connection, prefix, year)
                number = QuoteNumber(prefix, year, serial)
            else:
                family = connection.execute(
                    select(quotes.c.family).where(quotes.c.number == revision_of)
                ).scalar_one()
                # a counter per family, so a deleted revision's number is never given again
                revision = self._next_serial(connection, family, 0, first=2)
                number = QuoteNumber(*_family_parts(family)).revised(revision)
            connection.execute(
                quotes.insert().values(
                    number=str(number),
                    family=number.family,
                    revision=number.revision,
                    status=Status.DRAFT.value,
                    created_at=moment_text(now),
                    row_version=1,
                    customer_id=self._store_customer(connection, facts, now),
                    **_columns(facts),
                )
            )
            detail = {"book": f"{facts.book_id} {facts.book_version}", "total": facts.total}
            if facts.triage:
                policy = facts.triage["policy"]
                detail["triage"] = (
                    f"{facts.triage['verdict']} under {policy['id']} {policy['version']}"
                )
            if revision_of:
                detail["revision_of"] = revision_of
            if duplicate_of:
                detail["duplicate_of"] = duplicate_of
            self._audit(connection, str(number), now, actor, "created", detail)
        return str(number)

    def issue(
        self,
        quote: StoredQuote,
        facts: QuoteFacts,
        valid_until: date,
        files: list[tuple[str, str, bytes]],
        now: datetime,
        actor: str,
    ) -> None:
        """Freeze a draft as issued, with its prices and documents, and supersede the issued
        revision it replaces; all or nothing."""
        with self.transaction() as connection:
            _check_book(connection, facts)
            quote_id = self._update(
                connection,
                quote,
                status=Status.ISSUED.value,
                issued_at=moment_text(now),
                valid_until=valid_until.isoformat(),
                **_columns(facts, with_request=False),
            )
            for kind, digest, content in files:
                connection.execute(
                    documents.insert().values(
                        quote_id=quote_id, kind=kind, sha256=digest, content=content
                    )
                )
            superseded = (
                connection.execute(
                    update(quotes)
                    .where(quotes.c.family == quote.family)
                    .where(quotes.c.number != quote.number)
                    .where(quotes.c.status == Status.ISSUED.value)
                    .values(status=Status.SUPERSEDED.value, row_version=quotes.c.row_version + 1)
                    .returning(quotes.c.number)
                )
                .scalars()
                .all()
            )
            detail: dict[str, Any] = {
                "valid_until": valid_until.isoformat(),
                "book": f"{facts.book_id} {facts.book_version} {facts.book_digest}",
                "total": facts.total,
                "documents": {kind: digest for kind, digest, _ in files},
            }
            self._audit(connection, quote.number, now, actor, "issued", detail)
            for number in superseded:
                self._audit(connection, number, now, actor, "superseded", {"by": quote.number})

    def set_status(self, quote: StoredQuote, status: Status, now: datetime, actor: str) -> None:
        with self.transaction() as connection:
            self._update(connection, quote, status=status.value, decided_at=moment_text(now))
            self._audit(connection, quote.number, now, actor, status.value, {})

    def update_draft(
        self, quote: StoredQuote, facts: QuoteFacts, now: datetime, actor: str
    ) -> None:
        """Replace a draft's request and prices, and store its customer's latest details."""
        with self.transaction() as connection:
            self._update(
                connection,
                quote,
                customer_id=self._store_customer(connection, facts, now),
                **_columns(facts),
            )
            detail: dict[str, Any] = {"total": facts.total}
            if quote.triage and not facts.triage:
                detail["triage"] = "removed: the new request does not come from the triage"
            self._audit(connection, quote.number, now, actor, "edited", detail)

    def delete_draft(self, quote: StoredQuote, now: datetime, actor: str) -> None:
        with self.transaction() as connection:
            deleted = connection.execute(
                quotes.delete()
                .where(quotes.c.number == quote.number)
                .where(quotes.c.row_version == quote.row_version)
                .where(quotes.c.status == Status.DRAFT.value)
            ).rowcount
            if deleted != 1:
                raise _changed(quote.number)
            self._audit(connection, quote.number, now, actor, "deleted", {})

    def _store_customer(self, connection: Connection, facts: QuoteFacts, now: datetime) -> int:
        """The draft's customer with the details of its request (the latest win); its id."""
        return store_customer(
            connection, facts.customer, customer_object(facts.request), moment_text(now)
        )

    def _update(self, connection: Connection, quote: StoredQuote, **values: Any) -> int:
        row = connection.execute(
            update(quotes)
            .where(quotes.c.number == quote.number)
            .where(quotes.c.row_version == quote.row_version)
            .values(row_version=quotes.c.row_version + 1, **values)
            .returning(quotes.c.id)
        ).first()
        if row is None:
            raise _changed(quote.number)
        return int(row[0])

    def _audit(
        self,
        connection: Connection,
        number: str,
        now: datetime,
        actor: str,
        action: str,
        detail: dict[str, Any],
    ) -> None:
        connection.execute(
            audit.insert().values(
                number=number,
                at=moment_text(now),
                actor=actor,
                action=action,
                detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
            )
        )

    # -- reading -----------------------------------------------------------------------------

    def check_book(self, book_id: str, version: str, digest: str) -> None:
        """Raise `PublishedBookChanged` if the register's offers were priced on this book id and
        version with another digest (what creating or issuing a quote checks, in its
        transaction)."""
        with self._reading() as connection:
            _check_book(connection, QuoteFacts("", book_id, version, digest, "", "", {}, {}))

    def get(self, number: str) -> StoredQuote:
        with self._reading() as connection:
            row = connection.execute(select(quotes).where(quotes.c.number == number)).first()
        if row is None:
            raise RegisterError(f"there is no quote {number} in the register")
        return stored_quote(row._mapping)

    def get_with_digests(self, number: str) -> tuple[StoredQuote, dict[str, str]]:
        """The quote and its stored documents' kinds and SHA-256 digests (not their bytes), read
        on one connection: what showing a quote needs."""
        with self._reading() as connection:
            row = connection.execute(select(quotes).where(quotes.c.number == number)).first()
            if row is None:
                raise RegisterError(f"there is no quote {number} in the register")
            digests = connection.execute(
                select(documents.c.kind, documents.c.sha256)
                .where(documents.c.quote_id == row.id)
                .order_by(documents.c.kind)
            ).all()
        return stored_quote(row._mapping), {kind: digest for kind, digest in digests}

    def find(
        self,
        *,
        statuses: tuple[Status, ...] = (),
        expired_before: date | None = None,
        not_expired_from: date | None = None,
        customer: str | None = None,
        since: date | datetime | None = None,
        book: str | None = None,
        text: str | None = None,
        limit: int = 50,
    ) -> list[StoredQuote]:
        """The newest quotes first, filtered, with their JSON. `expired_before` keeps issued
        quotes whose validity ended before that day; `not_expired_from` keeps issued ones still
        valid on it; `customer` keeps quotes whose customer's name contains it, in any case;
        `book` keeps the quotes priced on that book id (any version); `text` keeps the quotes
        whose number or customer's name contains it, in any case."""
        with self._reading() as connection:
            query = _filtered(
                connection,
                select(quotes),
                statuses=statuses,
                expired_before=expired_before,
                not_expired_from=not_expired_from,
                customer=customer,
                since=since,
                book=book,
                text=text,
            )
            if query is None:
                return []
            query = query.order_by(*_NEWEST)
            return [stored_quote(row._mapping) for row in connection.execute(query.limit(limit))]

    def summaries(
        self,
        *,
        statuses: tuple[Status, ...] = (),
        expired_before: date | None = None,
        not_expired_from: date | None = None,
        customer: str | None = None,
        since: date | datetime | None = None,
        book: str | None = None,
        text: str | None = None,
        order: str = "created",
        descending: bool = True,
        today: date | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> list[QuoteSummary]:
        """One page of quotes for a list, filtered as `find` filters, without reading their JSON:
        by default newest first, the same quotes in the same order as `find`. `order` is one of
        `ORDERS` (a missing date sorts last either way; ties newest first); `today` lets the
        status order place expired offers as a reader sees them. Pages are stable (ties in the
        creation time are ordered by id) while no quote is added or deleted."""
        if order not in _ORDERS:
            raise ValueError(f"cannot order quotes by {order!r} (known: {', '.join(ORDERS)})")
        with self._reading() as connection:
            query = _filtered(
                connection,
                select(*SUMMARY_COLUMNS),
                statuses=statuses,
                expired_before=expired_before,
                not_expired_from=not_expired_from,
                customer=customer,
                since=since,
                book=book,
                text=text,
            )
            if query is None:
                return []
            keys = [
                key.desc().nulls_last() if descending else key.asc().nulls_last()
                for key in _ORDERS[order](today)
            ]
            rows = connection.execute(query.order_by(*keys, *_NEWEST).offset(offset).limit(limit))
            return [quote_summary(row._mapping) for row in rows]

    def book_ids(self) -> list[str]:
        """The ids of the books the register's quotes were priced on, in order: what a list can
        be filtered by, including books no longer in the data folders."""
        with self._reading() as connection:
            return list(
                connection.execute(
                    select(quotes.c.book_id).distinct().order_by(quotes.c.book_id)
                ).scalars()
            )

    def customers(self, text: str = "", limit: int = 20) -> list[StoredCustomer]:
        """Customers whose name contains `text` in any case (all when empty), most recently used
        first: what the customer field completes from."""
        with self._reading() as connection:
            return recent_customers(connection, text, limit)

    def documents(self, number: str) -> list[StoredDocument]:
        with self._reading() as connection:
            rows = connection.execute(
                select(documents.c.kind, documents.c.sha256, documents.c.content)
                .join(quotes, quotes.c.id == documents.c.quote_id)
                .where(quotes.c.number == number)
                .order_by(documents.c.kind)
            )
            return [StoredDocument(row.kind, row.sha256, bytes(row.content)) for row in rows]

    def history(self, number: str) -> list[AuditEntry]:
        with self._reading() as connection:
            rows = connection.execute(
                select(audit).where(audit.c.number == number).order_by(audit.c.id)
            )
            return [
                AuditEntry(
                    datetime.fromisoformat(row.at), row.actor, row.action, json.loads(row.detail)
                )
                for row in rows
            ]

    # -- backup ------------------------------------------------------------------------------

    def backup(self, target: Path) -> BackupReport:
        """A complete copy of the register as JSON lines (every table, documents base64), readable
        by `restore` into an empty register of either kind: one moment of the register, however
        many others write meanwhile, since every table is read in one transaction: on PostgreSQL
        SERIALIZABLE, READ ONLY, DEFERRABLE (a snapshot that is never cancelled and never stands
        in a writer's way), on SQLite one read transaction (the write-ahead log lets writers go
        on). Returns the rows written and the stored documents found damaged (backed up as they
        are). A target that cannot be written is a `RegisterError` naming it; nothing is left
        behind."""
        try:
            with self.engine.connect() as connection, connection.begin():
                if not self.is_sqlite:
                    # stated in the transaction, as its first statement (PostgreSQL refuses it
                    # later), not as the driver's option for the next transaction
                    connection.exec_driver_sql(
                        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE"
                    )
                return write_backup(connection, target, SCHEMA_VERSION)
        except (SQLDatabaseError, DBAPIError) as error:
            raise RegisterError(
                f"{describe_url(self.url)} could not be read for the backup: {error.orig}"
            ) from None

    def restore(self, source: Path) -> int:
        """Load a backup (register version 1 to 3) into this register, which must be empty; all
        or nothing. The whole backup is checked first: a damaged, cut or inconsistent one (a
        reference or a counter behind its numbers, see `quoter.storage.backup_checks`) is refused
        with each problem's line, and nothing is written. Returns the number of rows read from
        the backup."""

        def refuse_if_not_empty(connection: Connection) -> None:
            for table, what in ((quotes, "quotes"), (customers, "customers")):
                if connection.execute(select(func.count()).select_from(table)).scalar_one():
                    raise RegisterError(f"restore needs an empty register: this one holds {what}")

        try:
            with self.engine.connect() as connection:
                refuse_if_not_empty(connection)  # before reading the file: said at once
        except (SQLDatabaseError, DBAPIError) as error:
            raise RegisterError(f"{describe_url(self.url)} cannot be read: {error.orig}") from None
        rows = read_backup(source)
        try:
            with self.transaction() as connection:
                refuse_if_not_empty(connection)  # and again: someone may have begun meanwhile
                return load_backup(connection, rows)
        except RegisterError as error:
            raise RegisterError(
                f"{source} cannot be restored, nothing was changed: {error}"
            ) from None


def _filtered(
    connection: Connection,
    query: Select[Any],
    *,
    statuses: tuple[Status, ...],
    expired_before: date | None,
    not_expired_from: date | None,
    customer: str | None,
    since: date | datetime | None,
    book: str | None,
    text: str | None,
) -> Select[Any] | None:
    """`query` over quotes with the filters, unordered; None when no customer's name matches,
    so no quote can. The customer filter reads the customers table first and then only those
    customers' quotes, in the index on (customer_id, created_at); the text filter matches the
    number, or the same customers."""
    conditions: list[ColumnElement[bool]] = []
    if customer:
        ids = matching_customer_ids(connection, customer)
        if not ids:
            return None
        conditions.append(quotes.c.customer_id.in_(ids))
    if text and text.strip():
        # numbers are upper-case ASCII; PostgreSQL's LIKE minds the case, SQLite's does not
        in_number = quotes.c.number.like(_contains(text.strip().upper()), escape="\\")
        named = select(customers.c.id).where(
            customers.c.name_key.like(contains_pattern(text.strip()), escape="\\")
        )
        conditions.append(in_number | quotes.c.customer_id.in_(named))
    if book:
        conditions.append(quotes.c.book_id == book)
    if statuses:
        conditions.append(quotes.c.status.in_([s.value for s in statuses]))
    if expired_before is not None:
        conditions.append(quotes.c.valid_until < expired_before.isoformat())
    if not_expired_from is not None:
        conditions.append(
            quotes.c.valid_until.is_(None) | (quotes.c.valid_until >= not_expired_from.isoformat())
        )
    if isinstance(since, datetime):  # a moment: from then on
        conditions.append(quotes.c.created_at >= moment_text(since))
    elif since is not None:  # a day: from its start in UTC, as the times are stored
        conditions.append(quotes.c.created_at >= since.isoformat())
    return query.where(*conditions)


def _contains(text: str) -> str:
    """A LIKE pattern (escape character backslash) for values that contain `text` as is."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _status_rank(today: date | None) -> ColumnElement[Any]:
    """A quote's status as a reader sees it (expired once its validity day is before `today`),
    as its place in `Status`: the order of a quote's life."""
    rank = {status.value: place for place, status in enumerate(Status)}
    shown: ColumnElement[Any] = quotes.c.status
    if today is not None:
        expired = (quotes.c.status == Status.ISSUED.value) & (
            quotes.c.valid_until < today.isoformat()
        )
        shown = case((expired, Status.EXPIRED.value), else_=quotes.c.status)
    return case(rank, value=shown, else_=len(rank))


_SQLITE_HEADER = 100
"""The length of a SQLite file's header: a shorter file is no database."""
_NEWEST = (quotes.c.created_at.desc(), quotes.c.id.desc())
_ORDERS: dict[str, Callable[[date | None], list[ColumnElement[Any]]]] = {
    "created": lambda today: [quotes.c.created_at],
    "number": lambda today: [quotes.c.family, quotes.c.revision],
    "customer": lambda today: [func.lower(quotes.c.customer)],
    "book": lambda today: [quotes.c.book_id, quotes.c.book_version],
    "status": lambda today: [_status_rank(today)],
    "total": lambda today: [quotes.c.currency, cast(quotes.c.total, Numeric(30, 8))],
    "issued": lambda today: [quotes.c.issued_at],
    "valid_until": lambda today: [quotes.c.valid_until],
}
ORDERS = tuple(_ORDERS)
"""What a list can be sorted by: the creation moment, the number (family, then revision), the
customer's name (ASCII case ignored), the book (id, version), the status (in the order of a
quote's life), the total (by currency, then amount), the issue moment and the last valid day."""


def _columns(facts: QuoteFacts, *, with_request: bool = True) -> dict[str, Any]:
    """The columns a priced quote fills (an issued quote keeps the request it was drafted from,
    and so its customer)."""
    columns: dict[str, Any] = {
        "book_id": facts.book_id,
        "book_version": facts.book_version,
        "book_digest": facts.book_digest,
        "currency": facts.currency,
        "total": facts.total,
        "priced": json.dumps(facts.priced, ensure_ascii=False),
    }
    if with_request:  # a new or edited draft: its customer, request and triage if any
        columns["customer"] = facts.customer
        columns["request"] = json.dumps(facts.request, ensure_ascii=False)
        columns["triage"] = json.dumps(facts.triage, ensure_ascii=False) if facts.triage else None
    return columns


def _check_book(connection: Connection, facts: QuoteFacts) -> None:
    """A book version the register's offers (any quote past its draft) were priced on must have
    the digest it had then: a published version never changes."""
    used = tuple(
        connection.execute(
            select(quotes.c.book_digest)
            .distinct()
            .where(quotes.c.book_id == facts.book_id)
            .where(quotes.c.book_version == facts.book_version)
            .where(quotes.c.status != Status.DRAFT.value)
            .where(quotes.c.book_digest != facts.book_digest)
            .order_by(quotes.c.book_digest)
        ).scalars()
    )
    if used:
        raise PublishedBookChanged(facts.book_id, facts.book_version, used, facts.book_digest)


def _changed(number: str) -> RegisterError:
    return RegisterError(
        f"{number} was changed by someone else in the meantime; nothing was saved. Show it again "
        "and repeat the operation if it still applies."
    )


def _family_parts(family: str) -> tuple[str, int, int]:
    prefix, year, serial = family.split("-")
    return prefix, int(year), int(serial)
