"""The contract preview's render process: one long-lived worker process that renders a draft's
contract PDF, the same bytes Export writes (GUI.md item 5).

WeasyPrint is CPU-bound Python: in a thread it would hold the interpreter lock against the app's
UI, so it runs in a process of its own, spawned (never forked with Qt loaded), started on demand
and kept warm: it imports WeasyPrint and reads the data folders once. Each request carries a
generation number and the caller's moment (so a test's fixed clock holds in the process too); the
process answers each with its PDF or with what went wrong, and when several requests wait it
renders only the newest. Nothing here blocks: the caller watches `fileno()` (a Qt socket notifier,
say) and reads finished replies with `reply()`.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import signal
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from quoter.books.priced_quote_json import request_to_data
from quoter.domain.contract_terms import DocumentError
from quoter.domain.problems import QuoterError
from quoter.domain.quote import QuoteRequest
from quoter.usecases.context import AppContext, build_context
from quoter.usecases.settings import Settings

STOP_SECONDS = 5.0
"""How long `stop()` waits for the process to end before it kills it."""


class PreviewBug(Exception):
    """A bug in quoter met while rendering a preview, as the render process described it."""


@dataclass(frozen=True, slots=True)
class PreviewReply:
    """The render process's answer to one request: its PDF, a problem the user can fix, or a bug
    in quoter (described). None of them: a newer request came first and this one was not
    rendered."""

    generation: int
    pdf: bytes | None = None
    problem: QuoterError | None = None
    bug: str | None = None

    @property
    def superseded(self) -> bool:
        return self.pdf is None and self.problem is None and self.bug is None

    def exception(self) -> BaseException | None:
        """The error to show for a failed render, None for a PDF or a superseded request."""
        if self.bug is not None:
            return PreviewBug(self.bug)
        return self.problem


@dataclass(frozen=True, slots=True)
class _Job:
    generation: int
    request: QuoteRequest
    moment: datetime


def content_key(context: AppContext, request: QuoteRequest) -> str:
    """A stable hash of what a request's contract depends on: the request, the book in force and
    the day. Two requests with one key render the same contract, so a preview can be reused."""
    today = context.today()
    try:
        digest = context.library.book_in_force(request.book, today).digest
    except QuoterError:  # no book in force: the render says so; the key need not
        digest = ""
    text = json.dumps(
        {"request": request_to_data(request), "book": digest, "day": today.isoformat()},
        sort_keys=True,
        ensure_ascii=False,
        default=str,  # a Decimal quantity, as its exact text (never through float)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PreviewProcess:
    """The render process, seen from the app: send requests, watch `fileno()`, read replies.
    Not thread-safe: one thread (the UI's) drives it."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        """The process's id while it runs (for the app's diagnostics and the tests)."""
        return self._process.pid if self.running and self._process is not None else None

    def start(self) -> None:
        """Start the process if it is not running (it warms up at once: about a second)."""
        if self._process is not None:
            if self._process.is_alive():
                return
            self.stop()  # it ended: clear it away before the next
        spawn = get_context("spawn")
        ours, theirs = spawn.Pipe(duplex=True)
        process = spawn.Process(
            target=_serve,
            args=(theirs, self.context.settings, self.context.clock.moment()),
            name="quoter-preview",
            daemon=True,  # never outlives the app, even if it forgets to stop it
        )
        process.start()
        theirs.close()  # only the child holds its end: the child sees the app end as EOF
        self._process, self._connection = process, ours

    def fileno(self) -> int:
        """The descriptor that becomes readable when a reply (or the process's end) arrives."""
        if self._connection is None:
            raise RuntimeError("the preview process is not started")
        return self._connection.fileno()

    def send(self, generation: int, request: QuoteRequest) -> None:
        """Ask for `request`'s contract PDF, as generation `generation` (starting the process if it
        is not running). Requests are a few kilobytes: this does not wait for the render."""
        if not self.running:
            self.start()
        assert self._connection is not None
        job = _Job(generation, request, self.context.clock.moment())
        try:
            self._connection.send(job)
        except OSError:  # it ended since `running` was asked: once more, on a new process
            self.restart()
            assert self._connection is not None
            self._connection.send(job)

    def reply(self) -> PreviewReply | None:
        """One finished reply, or None when none is ready; never waits for a render. A process
        that ended is a `DocumentError` (the next `send` starts another)."""
        connection = self._connection
        if connection is None:
            return None
        try:
            if not connection.poll():
                return None
            reply: PreviewReply = connection.recv()
        except (EOFError, OSError):
            code = None
            if self._process is not None:
                self._process.join(0.5)  # its end closed: it is ending, if not gone
                code = self._process.exitcode
            self.stop()
            raise DocumentError(
                f"the preview process ended unexpectedly (exit code {code}); "
                "the next preview starts a new one"
            ) from None
        return reply

    def stop(self) -> None:
        """End the process and close the connection; calling it again does nothing."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            connection.close()
        if process is not None:
            if process.is_alive():
                process.terminate()
                process.join(STOP_SECONDS)
            if process.is_alive():
                process.kill()
            process.join()
            process.close()

    def restart(self) -> None:
        """A new process in place of this one (after a render overran): its replies are lost."""
        self.stop()
        self.start()


class _Clock:
    """The render process's clock: the moment of the request being rendered."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def _serve(connection: Connection, settings: Settings, moment: datetime) -> None:
    """The render process: warm up, then answer requests until the app's end closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal: the app stops us
    if hasattr(os, "nice"):  # on a busy machine the window's thread gets the core first
        os.nice(10)
    clock = _Clock(moment)
    context = build_context(settings, now=clock)
    try:
        context.library.books()
        if not connection.poll():  # a request already waiting pays the warm-up itself, sooner
            from quoter.usecases.contracts import warm_up  # here, in the render process only

            warm_up(context, interrupted=connection.poll)
    except QuoterError:
        pass  # said by the first render that needs what is missing
    while True:
        try:
            jobs: list[_Job] = [connection.recv()]
            while connection.poll():
                jobs.append(connection.recv())
        except (EOFError, OSError):
            return
        *older, newest = jobs
        for job in older:
            connection.send(PreviewReply(job.generation))
        clock.moment = newest.moment
        if context.library.changed():  # a data file was edited: render what Export would
            context = context.reloaded()
        connection.send(_render(context, newest))


def _render(context: AppContext, job: _Job) -> PreviewReply:
    try:
        from quoter.usecases.contracts import contract_files

        files = contract_files(context, job.request, pdf=True, docx=False)
    except QuoterError as error:
        return PreviewReply(job.generation, problem=_portable(error))
    except Exception as error:  # a bug: described to the app, which shows it; never lost
        return PreviewReply(job.generation, bug=f"{type(error).__name__}: {error}")
    assert files.pdf is not None
    return PreviewReply(job.generation, pdf=files.pdf)


def _portable(error: QuoterError) -> QuoterError:
    """`error` if it crosses to the app intact (its kind and problems), else its message."""
    try:
        pickle.loads(pickle.dumps(error))
    except (pickle.PicklingError, TypeError, AttributeError):  # an __init__ of its own
        return QuoterError(error.describe())
    return error
