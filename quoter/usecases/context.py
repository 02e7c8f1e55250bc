"""The application context: what every use case stands on, built once per CLI command and once
per desktop session.

It holds the data folders' library (books, policies, products, wording, the contract kit; read
lazily, once), the quote register (one engine per database URL, a connection per call), the clock
(the vendor's time zone applied in one place), the actor the audit log names, and the settings. The
CLI and the GUI build it with `build_context`; tests pass their own clock. It is safe to share
between worker threads; `reloaded()` gives a context over fresh data when data files changed.
"""

from __future__ import annotations

import getpass
import os
import threading
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from quoter.data.library import Library
from quoter.data.locator import DataLocator
from quoter.domain.clock import Now, VendorClock
from quoter.usecases.settings import Settings

if TYPE_CHECKING:
    from quoter.storage.register import Register


def system_now() -> datetime:
    """The system clock, in UTC: the one place quoter reads the real time."""
    return datetime.now(UTC)


def locator_for(settings: Settings) -> DataLocator:
    """The locator of the settings' data folders (and the bundled data, unless switched off)."""
    return DataLocator(
        settings.data_dirs, bundled=settings.use_bundled_data, book_cache=settings.book_cache
    )


def vendor_zone(settings: Settings, environ: Mapping[str, str] | None = None) -> ZoneInfo:
    """The vendor's time zone: the configured one, else the machine's, else UTC."""
    if settings.time_zone:
        return ZoneInfo(settings.time_zone)
    return machine_zone(os.environ if environ is None else environ) or ZoneInfo("UTC")


def machine_zone(environ: Mapping[str, str]) -> ZoneInfo | None:
    """The machine's named time zone: $TZ, else what /etc/localtime links to, else the name
    Python's local time carries, if any; None when it has no name (then UTC: set time_zone)."""
    candidates = [environ.get("TZ", "").removeprefix(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    candidates.append(getattr(datetime.now().astimezone().tzinfo, "key", "") or "")
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ValueError, KeyError, OSError):  # not a zone name (e.g. TZ=EST5EDT,...)
                continue
    return None


def default_database() -> str:
    """The SQLite register in the user's data folder: nothing to set up."""
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('quoter', appauthor=False) / 'register.sqlite3'}"


def operating_system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


class AppContext:
    """Settings, library, register, clock and actor, for one command or one app session."""

    def __init__(
        self,
        settings: Settings,
        library: Library,
        clock: VendorClock,
        actor: str,
        registers: _Registers | None = None,
    ) -> None:
        self.settings = settings
        self.library = library
        self.clock = clock
        self.actor = actor
        self._owns_register = registers is None
        self._registers = registers or _Registers(
            settings.database or default_database(), default=settings.database is None
        )

    def today(self) -> date:
        """Today in the vendor's time zone."""
        return self.clock.today()

    @property
    def register_url(self) -> str:
        return self._registers.url

    @property
    def register_created(self) -> bool:
        """Whether this session made the default register, which is new and empty: said once,
        where the user sees it."""
        return self._registers.created

    def register(self, *, create: bool = False) -> Register:
        """The quote register, opened (a SQLite one upgraded) on first use. Only the default
        register is made when it is not there, unless the caller asks to `create` one (a user's
        `db create` or `db restore`)."""
        return self._registers.get(create)

    def register_if_there(self) -> Register | None:
        """The register, if it exists and opens (nothing is made): for checks that use it when
        there is one."""
        from quoter.domain.register import RegisterError

        if self._registers.default and not self._registers.exists():
            return None
        try:
            return self._registers.get()
        except RegisterError:
            return None

    def reloaded(self) -> AppContext:
        """A context over freshly read data folders, sharing this one's register and clock (the
        first context owns the register: closing a reloaded one leaves it open)."""
        library = Library(self.library.locator)
        return AppContext(self.settings, library, self.clock, self.actor, self._registers)

    def close(self) -> None:
        """Close the register, if this context owns it; later calls to `register()` fail."""
        if self._owns_register:
            self._registers.close()


class _Registers:
    """The register of one database URL, opened once, shared by the threads of one context."""

    def __init__(self, url: str, *, default: bool = False) -> None:
        self.url = url
        self.default = default
        """The default local register, made on first use; a configured one must exist."""
        self.created = False
        self._register: Register | None = None
        self._closed = False
        self._lock = threading.Lock()

    def get(self, create: bool = False) -> Register:
        with self._lock:
            if self._closed:  # a worker finishing after the session ended: no new engine
                from quoter.domain.register import RegisterError

                raise RegisterError("the register was closed: the session has ended")
            if self._register is None:
                from quoter.storage.register import Register

                # a shared server is made and upgraded by `db create` and `db upgrade` only
                automatic = self.url.startswith("sqlite") or create
                self._register = Register(
                    self.url, automatic_upgrade=automatic, create=self.default or create
                )
                self.created = self._register.created
            return self._register

    def exists(self) -> bool:
        """Whether a SQLite register's file is there (a server's register is assumed to be)."""
        from quoter.storage.register import sqlite_path

        path = sqlite_path(self.url) if self.url.startswith("sqlite") else None
        return path is None or path.exists()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._register is not None:
                self._register.close()
                self._register = None


def build_context(settings: Settings, now: Now | None = None) -> AppContext:
    """The context the CLI and the GUI run on: `now` is the system clock unless a test or a
    preview gives another."""
    clock = VendorClock(now or system_now, vendor_zone(settings))
    actor = settings.user_name or operating_system_user()
    return AppContext(settings, Library(locator_for(settings)), clock, actor)
