"""Work off the UI thread: run a function in Qt's thread pool and deliver its result, or its
error, to the UI thread by a queued signal. A worker never touches a widget."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot


class _Signals(QObject):
    """Lives in the UI thread; the worker emits, the UI thread receives (queued)."""

    done = Signal(int, bool, object)  # job number, whether it succeeded, result or error


class _Job(QRunnable):
    def __init__(self, number: int, function: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.number = number
        self.function = function
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.function()
        except Exception as error:  # delivered, never lost: a QuoterError says what to fix, a
            self.signals.done.emit(self.number, False, error)  # bug is shown as one
        else:
            self.signals.done.emit(self.number, True, result)


_POOLS: list[QThreadPool] = []
"""Every pool made, kept for the life of the process. A pool destroyed with its parent waits
for its running jobs while it holds Python's lock, which those jobs need to finish: a window
closed while a job runs would hang. Kept here, a pool is never destroyed; its idle threads end
after Qt's expiry time (30 s), so an unused pool costs next to nothing."""


class Workers(QObject):
    """Runs functions on the thread pool and calls back on the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool()
        _POOLS.append(self.pool)
        self._signals = _Signals()  # no parent: it outlives this object's C++ side if need be
        self._signals.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Any], None]]] = {}
        self._numbers = itertools.count(1)

    def run(
        self,
        function: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Call `function()` on a worker thread; then `on_result(result)` or `on_error(error)` on
        the UI thread."""
        number = next(self._numbers)
        self._callbacks[number] = (on_result, on_error)
        self.pool.start(_Job(number, function, self._signals))

    @Slot(int, bool, object)
    def _deliver(self, number: int, succeeded: bool, value: Any) -> None:
        callbacks = self._callbacks.pop(number, None)
        if callbacks is not None:
            callbacks[0 if succeeded else 1](value)

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Wait for every job to end (at exit, and in tests); their callbacks are dropped."""
        # Polled with Python's sleep, which lets the jobs run: waitForDone itself keeps Python's
        # lock while it blocks, and a job still in Python could never finish.
        deadline = time.monotonic() + milliseconds / 1000
        finished = self.pool.waitForDone(0)
        while not finished and time.monotonic() < deadline:
            time.sleep(0.005)
            finished = self.pool.waitForDone(0)
        self._callbacks.clear()
        return finished
