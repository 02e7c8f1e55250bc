"""Progress reports and cancellation for the long use cases (issue, batch, publish).

A caller passes a `Progress` callback (done, total, what) and a `CancelFlag` (a `threading.Event`
does); the use case reports each finished step, and looks at the flag before each step that is
still to come: once it is set, it raises `Cancelled` having written nothing. A step already begun
is finished, and what it stored stays stored (a cancel that comes while an issued quote is being
written arrives too late, and the quote is issued).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from quoter.domain.problems import QuoterError

Progress = Callable[[int, int, str], None]
"""Called with (steps done, steps in all, what was just done)."""


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


class Cancelled(QuoterError):
    """The user cancelled a long operation; nothing unfinished was written."""


class Steps:
    """Counts a use case's steps, reports each, and stops when the flag is set."""

    def __init__(
        self, total: int, progress: Progress | None = None, cancel: CancelFlag | None = None
    ) -> None:
        self.total = total
        self.done = 0
        self.progress = progress
        self.cancel = cancel

    def check(self) -> None:
        """Before a step: raise `Cancelled` if the user asked to stop."""
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("cancelled: nothing was stored or written")

    def step(self, what: str) -> None:
        """Count one finished step and report it."""
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, what)
