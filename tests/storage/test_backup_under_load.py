"""Backups taken while clients issue, revise, accept and delete quotes each restore into a
register that is whole and numbers on: bench/backup_under_load.py, smaller."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.backup_under_load import backups_under_load, fresh_databases, restore_and_check
from quoter.storage.register import Register
from tests.storage.conftest import POSTGRES


@pytest.mark.slow
def test_backups_under_load_restore_whole_and_number_on(database: str, tmp_path: Path) -> None:
    Register(database).close()
    taken, counts = backups_under_load(
        database, tmp_path, clients=4, backups=3, interval=0.3, document_size=4096
    )
    assert counts.errors == []
    assert counts.issued and counts.revisions and counts.deleted
    assert len(taken) == 3
    fresh = fresh_databases(POSTGRES if database.startswith("postgresql") else None, tmp_path)
    for backup in taken:
        with fresh() as url:
            outcome = restore_and_check(backup, url)
        assert outcome.refused is None, outcome.refused
        assert outcome.problems == []
        assert outcome.quotes > 0 and outcome.next_number is not None
