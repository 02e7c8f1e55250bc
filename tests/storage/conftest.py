"""The register suite runs on SQLite and on PostgreSQL (a throwaway server that scripts/test
starts; its URL is in QUOTER_TEST_POSTGRES_URL). In CI a missing server fails, never skips."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from quoter.storage.register import QuoteFacts, Register
from quoter.usecases.settings import Settings
from tests.conftest import DATA

POSTGRES = os.environ.get("QUOTER_TEST_POSTGRES_URL")


@dataclass
class FakeClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))


def postgres_database() -> Iterator[str]:
    """A fresh database on the test server, dropped afterwards."""
    import psycopg

    assert POSTGRES is not None
    name = f"quoter_test_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite3'}"
        return
    if POSTGRES is None:
        if os.environ.get("CI"):
            pytest.fail(
                "QUOTER_TEST_POSTGRES_URL is not set: scripts/test starts PostgreSQL for CI"
            )
        pytest.skip("no PostgreSQL server (scripts/test starts one)")
    yield from postgres_database()


@pytest.fixture
def settings(database: str) -> Settings:
    """The mini book's data folder, the bundled templates, a register of the parametrized kind,
    in Berlin time, with a known user."""
    settings = Settings(
        data_dirs=(DATA / "books",),
        database=database,
        quote_prefix="Q",
        user_name="tester",
        time_zone="Europe/Berlin",
    )
    # a register the settings name is created explicitly, once (`quoter db create`)
    Register(database, automatic_upgrade=True).close()
    return settings


def with_database(settings: Settings, url: str) -> Settings:
    return replace(settings, database=url)


def quote_facts(
    customer: str,
    *,
    total: str = "10.00",
    address: str = "1 Main Street",
    triage: dict[str, Any] | None = None,
) -> QuoteFacts:
    """What the register keeps of a priced quote for `customer`, with a request whose customer
    object carries `address`."""
    details = {
        "legal_name": customer,
        "address": [address, "Springfield"],
        "tax_id": "US-12-3456789",
        "signatory": {"name": "Jane Smith", "title": "CTO"},
    }
    request = {"format": 1, "book": "mini-usd", "customer": details, "lines": []}
    return QuoteFacts(
        customer,
        "mini-usd",
        "2026.1",
        "sha256:" + "0" * 64,
        "USD",
        total,
        request,
        {"total": total},
        triage,
    )
