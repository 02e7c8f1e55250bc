"""Shared fixtures. Every test runs with decimal.FloatOperation trapped: a float near money fails."""

from __future__ import annotations

import decimal
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from quoter.data.library import Library
from quoter.domain.clock import VendorClock
from quoter.usecases.context import AppContext, locator_for
from quoter.usecases.settings import Settings

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent

TEST_DAY = date(2026, 11, 24)
"""The day the bundled examples' documented outputs are stated for (docs/scope-of-support.md)."""


def fixed_now(moment: datetime) -> Callable[[], datetime]:
    """A clock that always says `moment` (time-zone aware)."""
    return lambda: moment


def noon(day: date) -> datetime:
    """Midday UTC of `day`: the same day in every vendor zone from UTC-11 to UTC+11."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def context_for(
    settings: Settings | None = None, day: date = TEST_DAY, *, now: datetime | None = None
) -> AppContext:
    """An application context as the CLI and the app build it, on a fixed clock: noon UTC of
    `day`, or `now`; in the settings' time zone, else UTC (never the machine's)."""
    settings = settings or Settings()
    if settings.database is None:  # never the user's own register: the test run's
        database = os.environ.get("QUOTER_DB") or f"sqlite:///{Path(tempfile.gettempdir())}" + (
            f"/quoter-tests-{os.getpid()}.sqlite3"
        )
        settings = replace(settings, database=database)
    made_register(settings.database)
    moment = now or noon(day)
    clock = VendorClock(fixed_now(moment), ZoneInfo(settings.time_zone or "UTC"))
    return AppContext(settings, Library(locator_for(settings)), clock, "tester")


def made_register(url: str) -> str:
    """`url`, its SQLite register made first if it is not there, as `quoter db create` makes it:
    a register the settings name must exist (only the default one is made on first use)."""
    from quoter.storage.register import Register, sqlite_path

    path = sqlite_path(url) if url.startswith("sqlite") else None
    if path is not None and not path.exists():
        Register(url).close()
    return url


@pytest.fixture(autouse=True)
def _trap_floats() -> Iterator[None]:
    context = decimal.getcontext()
    before = context.traps[decimal.FloatOperation]
    context.traps[decimal.FloatOperation] = True
    yield
    context.traps[decimal.FloatOperation] = before


@pytest.fixture(autouse=True)
def _no_user_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Tests never read the real user's config folder or data settings."""
    monkeypatch.setenv("QUOTER_CONFIG", str(tmp_path_factory.getbasetemp() / "no-config.toml"))
    monkeypatch.setenv(
        "QUOTER_DB",
        made_register(f"sqlite:///{tmp_path_factory.getbasetemp() / 'register.sqlite3'}"),
    )
    monkeypatch.setenv("QUOTER_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "book-cache"))
    for variable in ("QUOTER_DATA", "QUOTER_QUOTE_PREFIX", "QUOTER_USER", "QUOTER_TIME_ZONE"):
        monkeypatch.delenv(variable, raising=False)
    config = tmp_path_factory.getbasetemp() / "no-config.toml"
    if not config.exists():
        config.write_text("", encoding="utf-8")


@pytest.fixture
def test_data() -> Path:
    """A data folder with a small book (mini-usd) and the Orca OS release list."""
    return DATA / "books"


@pytest.fixture
def mini_settings(test_data: Path) -> Settings:
    return Settings(data_dirs=(test_data,), use_bundled_data=False)


@pytest.fixture
def book_folder(tmp_path: Path) -> Path:
    """An empty data folder with the test products, ready for books written by a test."""
    (tmp_path / "price_books").mkdir()
    (tmp_path / "products").mkdir()
    products = DATA / "books" / "products"
    for product in products.iterdir():
        (tmp_path / "products" / product.name).write_bytes(product.read_bytes())
    return tmp_path


MINI_BOOK = (DATA / "books" / "price_books" / "mini.toml").read_text(encoding="utf-8")


@pytest.fixture
def write_book(book_folder: Path) -> Callable[..., Path]:
    """Write the mini book with text replacements into a fresh data folder; returns its path."""

    def write(
        *replacements: tuple[str, str], name: str = "book.toml", text: str = MINI_BOOK
    ) -> Path:
        for old, new in replacements:
            assert old in text, f"test setup: {old!r} is not in the book"
            text = text.replace(old, new, 1)
        path = book_folder / "price_books" / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
