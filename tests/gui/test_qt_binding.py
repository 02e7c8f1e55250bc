"""The Qt binding quoter runs on must not wear out Python's None: PySide6 6.12.0 on Python 3.11
takes a reference off None at every call that returns nothing, and the app aborts ('deallocating
None') after some thousands of clicks and keystrokes. constraints.txt pins a build without it."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject
item = QObject()
before = sys.getrefcount(None)
for _ in range(10_000):
    item.setObjectName("x")
print(sys.getrefcount(None) - before, flush=True)
"""


def test_ten_thousand_qt_calls_leave_none_alone() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert abs(int(result.stdout)) < 100  # a few references come and go; 10,000 would be lost
