"""The desktop app's tests: real widgets driven with pytest-qt, offscreen (tests/conftest.py sets
QT_QPA_PLATFORM), with Qt's standard paths in test mode so no test touches the user's folders.
Every test here is marked `gui`: `pytest -m "not gui"` runs the logic alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

QStandardPaths.setTestModeEnabled(True)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
