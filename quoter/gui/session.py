"""Nothing typed is lost: the draft under edit is saved to the register about a second after each
change (and at once when the window closes), and a crash is noticed at the next start.

`DraftKeeper` owns the saving: the first save of a new draft gives it its quote number
(`new_draft`), later ones replace its request (`update_draft`), one at a time on a worker, the
newest request last. `CrashGuard` holds a `QLockFile` in the app's state folder while the app
runs, beside a small note naming the draft under edit; a note found at start with no live owner
means the last run ended without closing, and the window reopens that draft (GUI.md item 9).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from quoter.domain.quote import QuoteRequest
from quoter.domain.register import QuoteChanged
from quoter.files import write_atomically
from quoter.gui.worker import Workers
from quoter.usecases.context import AppContext

if TYPE_CHECKING:  # the register's use cases import the database layer: not before first paint
    from quoter.usecases.register import RegisteredQuote

AUTOSAVE_DELAY_MS = 1000
"""How long after the last change the draft is saved: at most this much is lost in a crash."""


class DraftKeeper(QObject):
    """Saves the draft under edit to the register, a second after the last change."""

    saved = Signal(object)  # the RegisteredQuote as stored
    failed = Signal(object)  # the error, for the window's banner
    conflict = Signal(object, object)  # QuoteChanged, and the request that was not saved

    def __init__(self, context: AppContext, workers: Workers, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.workers = workers
        self.number: str | None = None
        self.version: int | None = None
        """The draft's `row_version` as last read or saved here: a save over a newer one (a
        colleague's, another window's) is refused rather than silently undoing it."""
        self._pending: QuoteRequest | None = None
        self._saving = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self._save_pending)

    def start(self, number: str | None, version: int | None = None) -> None:
        """Keep a new draft (None) or the register's draft `number`, read at `version`."""
        self._timer.stop()
        self._pending = None
        self.number = number
        self.version = version

    def stop(self) -> None:
        """Keep nothing (an issued quote is shown, or no book is in force)."""
        self.start(None)
        self.number = None

    @property
    def unsaved(self) -> bool:
        return self._pending is not None or self._saving

    def changed(self, request: QuoteRequest) -> None:
        """The draft is now `request`: save it when the user pauses."""
        self._pending = request
        self._timer.start()

    def save_now(self) -> None:
        """Save what is pending now, on a worker (the window lost the focus)."""
        self._timer.stop()
        self._save_pending()

    def _save_pending(self) -> None:
        if self._saving or self._pending is None:
            return  # the save under way saves the newest request when it ends
        request, self._pending = self._pending, None
        self._saving = True
        context, number, version = self.context, self.number, self.version
        self.workers.run(
            lambda: _store(context, number, request, version),
            self._stored,
            lambda error: self._not_stored(error, request),
        )

    def _stored(self, record: RegisteredQuote) -> None:
        self._saving = False
        self.number, self.version = record.number, record.row_version
        self.saved.emit(record)
        if self._pending is not None:
            self._save_pending()

    def _not_stored(self, error: BaseException, request: QuoteRequest) -> None:
        self._saving = False
        if isinstance(error, QuoteChanged):
            self._pending = None  # nothing more is saved over theirs until the user decides
            self.conflict.emit(error, request)
        else:
            self.failed.emit(error)

    def flush(self) -> RegisteredQuote | None:
        """Save what is pending now, on this thread (the window is closing or about to issue)."""
        self._timer.stop()
        self.workers.wait()  # a save under way ends first: it may give the number
        request, self._pending = self._pending, None
        if request is None:
            return None
        record = _store(self.context, self.number, request, self.version)
        self.number, self.version = record.number, record.row_version
        self.saved.emit(record)
        return record


def _store(
    context: AppContext, number: str | None, request: QuoteRequest, version: int | None
) -> RegisteredQuote:
    from quoter.usecases.register import new_draft, update_draft

    if number is None:
        return new_draft(context, request)
    return update_draft(context, number, request, version)


@dataclass(frozen=True, slots=True)
class Unfinished:
    """What the last run was editing when it ended without closing."""

    number: str


class CrashGuard:
    """A lock held while the app runs and a note of the draft under edit beside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.note = folder / "editing.json"
        self.lock: QLockFile | None = None

    def acquire(self) -> Unfinished | None:
        """Take the lock; what the last run left unfinished, if it crashed. A second window
        running at the same time gets no lock and restores nothing (the first one owns it)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(self.folder / "quoter.lock"))
        lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
        if not lock.tryLock(0):
            return None
        self.lock = lock
        try:
            number = json.loads(self.note.read_text(encoding="utf-8"))["number"]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no note (a clean exit), or one too damaged to say anything
        return Unfinished(str(number)) if isinstance(number, str) else None

    def editing(self, number: str | None) -> None:
        """Note the draft under edit (None: nothing unsaved to restore)."""
        if self.lock is None:
            return
        if number is None:
            self.note.unlink(missing_ok=True)
        else:
            write_atomically(self.note, json.dumps({"number": number}).encode("utf-8"))

    def release(self) -> None:
        """A clean exit: nothing to restore next time."""
        if self.lock is None:
            return
        self.note.unlink(missing_ok=True)
        self.lock.unlock()
        self.lock = None
