"""The contract preview: the real contract PDF of the draft under edit, marked as a draft, in the
window (GUI.md items 5, 6 and 18).

The PDF is rendered by the render process (`quoter.usecases.preview`), never on the UI thread:
requests are debounced, the newest request is the one shown, and the last good preview stays on
screen with an 'Updating…' badge until the next arrives. Rendered PDFs are kept by content key, so
undo to a known state shows at once, and Export takes the very bytes shown (`when_rendered`).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from quoter.domain.contract_terms import DocumentError
from quoter.domain.draft import DraftPricing
from quoter.domain.quote import QuoteRequest
from quoter.usecases.context import AppContext
from quoter.usecases.drafts import edit_draft
from quoter.usecases.preview import PreviewProcess, PreviewReply, content_key

DEBOUNCE_MS = 400
"""Wait this long after the last change before rendering: a burst of edits renders once."""
TIMEOUT_MS = 30_000
"""A render that takes longer is abandoned and the render process restarted."""
CACHE_SIZE = 8
"""Rendered PDFs kept (about 100 kB each): enough to undo a few steps without rendering."""

Callback = Callable[[bytes], None]
ErrorCallback = Callable[[BaseException], None]


@dataclass(slots=True)
class _Render:
    generation: int
    request: QuoteRequest
    key: str


class PreviewPane(QWidget):
    """The contract PDF of the newest request, with an auto-refresh switch and F5 to refresh."""

    failed = Signal(object)
    """A render failed: a QuoterError to explain, or an exception (a bug) for the banner."""
    shown = Signal()
    """A new PDF is on screen (the document is ready; the view paints it)."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        timeout_ms: int = TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.process = PreviewProcess(context)
        self._started = False
        self._notifier: QSocketNotifier | None = None
        self._generations = 0
        self._request: QuoteRequest | None = None
        self._request_key: str | None = None
        self._shown_key: str | None = None
        self._loading = False
        self._buffer: QBuffer | None = None
        self._in_flight: _Render | None = None
        self._next: _Render | None = None
        self._priority: list[_Render] = []
        self._waiters: dict[str, list[tuple[Callback, ErrorCallback]]] = {}
        """Who waits for a key's PDF (Export): called back when it arrives or fails."""
        self._cache: OrderedDict[str, bytes] = OrderedDict()

        self.document = QPdfDocument(self)
        self.document.statusChanged.connect(self._status_changed)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(self.tr("Contract preview"))
        self.view.setToolTip(self.tr("The contract as Export writes it, marked as a draft"))
        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)  # a long reason in a narrow pane
        self.message.setMargin(12)
        self.message.setAccessibleName(self.tr("Preview message"))
        self.message.setToolTip(self.tr("Why there is no contract to show"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.message)
        self.pages.addWidget(self.view)

        self.auto_refresh = QCheckBox(self.tr("Auto-refresh"), self)
        self.auto_refresh.setChecked(True)
        self.auto_refresh.setAccessibleName(self.tr("Auto-refresh the preview"))
        self.auto_refresh.setToolTip(
            self.tr("Render the preview again after each change; when off, F5 renders it")
        )
        self.auto_refresh.toggled.connect(self._auto_refresh_toggled)
        # no shortcut of its own: the window binds F5 to `refresh` (one owner per key, or Qt
        # finds the key ambiguous and neither fires)
        self.refresh_action = QAction(self.tr("&Refresh preview"), self)
        self.refresh_action.setToolTip(self.tr("Render the preview now (F5)"))
        self.refresh_action.triggered.connect(self.refresh)
        refresh_button = QToolButton(self)
        refresh_button.setDefaultAction(self.refresh_action)
        refresh_button.setText(self.tr("Refresh"))
        refresh_button.setAccessibleName(self.tr("Refresh the preview"))
        self.refresh_button = refresh_button
        self.badge = QLabel(self.tr("Updating…"), self)
        self.badge.setObjectName("previewBadge")
        self.badge.setStyleSheet(
            "#previewBadge { background: #fff4ce; border: 1px solid #e3c66b;"
            " border-radius: 8px; padding: 1px 8px; }"
        )
        self.badge.setAccessibleName(self.tr("Preview status"))
        self.badge.setToolTip(self.tr("The preview shown is not yet the newest draft"))
        self.badge.hide()
        header = QHBoxLayout()
        header.addWidget(self.auto_refresh)
        header.addWidget(refresh_button)
        header.addStretch(1)
        header.addWidget(self.badge)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._debounced)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(timeout_ms)
        self._timeout.timeout.connect(self._overran)
        self._show_message(self.tr("Nothing to preview: add a service to the quote."))

    # the window's calls

    def start(self) -> None:
        """Start the render process (after the first paint: it costs the UI nothing, but the
        machine about a second) and send what waits for it."""
        self._started = True
        self._restart_process(restart=False)
        self._pump()

    def stop(self) -> None:
        """Stop the render process (the window closes); renders asked for are dropped."""
        self._started = False
        self._debounce.stop()
        self._timeout.stop()
        self._unwatch()
        self.process.stop()
        self._in_flight = self._next = None
        self._priority.clear()
        self._waiters.clear()

    def request_preview(
        self, request: QuoteRequest | None, draft: DraftPricing | None = None
    ) -> None:
        """Show `request`'s contract: at once if it was rendered, else after a pause in the
        edits (when auto-refresh is on). None, or a draft that does not price, says why.
        `draft`: the request as the caller already priced it (not priced again here)."""
        self._request = request
        self._debounce.stop()
        if not self._previewable(request, draft):
            self._next = None
            return
        assert request is not None
        self._request_key = key = content_key(self.context, request)
        if self._next is not None and self._next.key != key:
            self._next = None  # not sent yet, and no longer the newest: never rendered
        if key in self._cache:
            self._show(key, self._cached(key))
            return
        if self.pages.currentWidget() is self.message:
            self.message.setText(self.tr("Preparing the preview…"))
        if self.auto_refresh.isChecked():
            if self._shown_key is None and self._in_flight is None:
                self._debounced()  # nothing on screen yet: no edits to wait for
            else:
                self._debounce.start()
        self._update_badge()

    def refresh(self) -> None:
        """Render the newest request now, whatever the auto-refresh switch says."""
        self._debounce.stop()
        request = self._request
        if request is None:  # nothing to render, or a stored contract on screen: it stays
            return
        if self._previewable(request):  # on today's book and date, which may be new
            self._request_key = key = content_key(self.context, request)
            self._render(request, key)

    def show_pdf(self, pdf: bytes) -> None:
        """Show a contract made elsewhere (an issued quote's stored PDF) instead of a draft's."""
        self._request = self._next = None
        self._debounce.stop()
        self._request_key = key = "stored:" + hashlib.sha256(pdf).hexdigest()
        self._show(key, pdf)

    def pdf_for(self, request: QuoteRequest) -> bytes | None:
        """The PDF of exactly `request` if it was rendered (and is still kept), else None."""
        return self._cache.get(content_key(self.context, request))

    def when_rendered(
        self, request: QuoteRequest, callback: Callback, on_error: ErrorCallback
    ) -> None:
        """Call `callback` with `request`'s PDF: at once if it was rendered, else as soon as it
        is, before any other render waiting (Export writes these very bytes)."""
        key = content_key(self.context, request)
        if key in self._cache:
            callback(self._cached(key))
            return
        self._waiters.setdefault(key, []).append((callback, on_error))
        if self._in_flight is not None and self._in_flight.key == key:
            return
        if any(render.key == key for render in self._priority):
            return
        if self._next is not None and self._next.key == key:
            self._next = None
        self._priority.append(_Render(self._generation(), request, key))
        self._pump()
        self._update_badge()

    def shown_pdf(self) -> bytes | None:
        """The bytes the document on screen was loaded from."""
        return None if self._buffer is None else bytes(self._buffer.data().data())

    # rendering

    def _previewable(self, request: QuoteRequest | None, draft: DraftPricing | None = None) -> bool:
        """Whether `request` has a contract to show; if not, say why instead of a preview."""
        if request is None:
            self._request_key = None
            self._show_message(
                self.tr(
                    "Nothing to preview yet: the contract appears once every line of the quote "
                    "prices."
                )
            )
            return False
        if not request.lines:
            self._request_key = None
            self._show_message(self.tr("Nothing to preview: add a service to the quote."))
            return False
        if draft is None or draft.request != request:
            draft = edit_draft(self.context, request)
        if not draft.complete:
            self._request_key = None
            reason = str(draft.problems[0]) if draft.problems else ""
            self._show_message(
                self.tr("Nothing to preview until every line prices: {reason}").format(
                    reason=reason
                )
            )
            return False
        return True

    def _debounced(self) -> None:
        request, key = self._request, self._request_key
        if request is not None and key is not None and key not in self._cache:
            self._render(request, key)

    def _render(self, request: QuoteRequest, key: str) -> None:
        """Render `request` next (in place of any render not yet sent)."""
        if self._in_flight is not None and self._in_flight.key == key:
            self._update_badge()
            return
        self._next = _Render(self._generation(), request, key)
        self._pump()
        self._update_badge()

    def _generation(self) -> int:
        self._generations += 1
        return self._generations

    def _pump(self) -> None:
        """Send the next render if the process is free: one at a time, so a stale request never
        keeps the newest waiting behind it."""
        if not self._started or self._in_flight is not None:
            return
        if self._priority:
            render = self._priority.pop(0)
        elif self._next is not None:
            render, self._next = self._next, None
        else:
            return
        self._in_flight = render
        self.process.send(render.generation, render.request)
        notifier = self._notifier
        if notifier is None or notifier.socket() != self.process.fileno():
            self._watch()  # the send started a new process
        self._timeout.start()

    def _readable(self) -> None:
        """Replies (or the process's end) arrived: take every one that is ready."""
        while True:
            try:
                reply = self.process.reply()
            except DocumentError as error:  # the process ended: take a fresh one
                self._unwatch()
                self._abandon(error, restart=False)
                return
            if reply is None:
                return
            self._take(reply)

    def _take(self, reply: PreviewReply) -> None:
        render = self._in_flight
        if render is None or reply.generation != render.generation:
            return  # an answer from before a restart
        self._in_flight = None
        self._timeout.stop()
        if reply.pdf is not None:
            self._remember(render.key, reply.pdf)
            if render.key == self._request_key:
                self._show(render.key, reply.pdf)
            for callback, _ in self._waiters.pop(render.key, ()):
                callback(reply.pdf)
        else:
            error = reply.exception()
            if error is not None:
                self._fail(render.key, error)
            elif self._next is None:  # superseded: cannot happen one at a time, but never lost
                self._next = render
        self._pump()
        self._update_badge()

    def _overran(self) -> None:
        seconds = f"{self._timeout.interval() / 1000:g}"
        error = DocumentError(
            self.tr(
                "The preview took longer than {seconds} s and was abandoned; "
                "the preview process was restarted."
            ).format(seconds=seconds)
        )
        self._abandon(error, restart=True)

    def _abandon(self, error: BaseException, *, restart: bool) -> None:
        """The render in flight will never answer: report it, and go on with a new process."""
        render, self._in_flight = self._in_flight, None
        self._timeout.stop()
        if restart:
            self._restart_process(restart=True)
        if render is not None:  # an idle process that ended cost nothing: the next starts anew
            self._fail(render.key, error)
        self._pump()
        self._update_badge()

    def _fail(self, key: str, error: BaseException) -> None:
        """The render of `key` failed: the last good preview stays, the banner says why."""
        if key == self._request_key:
            if self.pages.currentWidget() is self.message:
                self.message.setText(self.tr("No preview: the contract could not be rendered."))
            self.failed.emit(error)
        for _, on_error in self._waiters.pop(key, ()):
            on_error(error)

    def _restart_process(self, *, restart: bool) -> None:
        """Watch a (new) process; the old notifier goes first, before its descriptor closes."""
        self._unwatch()
        if restart:
            self.process.restart()
        else:
            self.process.start()
        self._watch()

    def _watch(self) -> None:
        self._unwatch()
        notifier = QSocketNotifier(self.process.fileno(), QSocketNotifier.Type.Read, self)
        notifier.activated.connect(self._readable)
        self._notifier = notifier

    def _unwatch(self) -> None:
        notifier, self._notifier = self._notifier, None
        if notifier is not None:
            notifier.setEnabled(False)
            notifier.activated.disconnect(self._readable)
            notifier.deleteLater()

    # the cache

    def _remember(self, key: str, pdf: bytes) -> None:
        self._cache[key] = pdf
        self._cache.move_to_end(key)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def _cached(self, key: str) -> bytes:
        self._cache.move_to_end(key)
        return self._cache[key]

    # what is on screen

    def _show(self, key: str, pdf: bytes) -> None:
        """Put `pdf` on screen; a render of the request shown (F5) replaces it, so the bytes on
        screen are always the ones kept for Export."""
        if pdf == self.shown_pdf() and self.pages.currentWidget() is self.view:
            self._shown_key = key
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        previous, self._buffer = self._buffer, buffer
        self._shown_key = key
        self._loading = True
        self.document.load(buffer)  # the document reads from the buffer: it must stay alive
        if previous is not None:
            previous.close()
            previous.deleteLater()
        self.pages.setCurrentWidget(self.view)
        self._update_badge()

    def _status_changed(self, status: QPdfDocument.Status) -> None:
        if not self._loading:
            return
        if status == QPdfDocument.Status.Ready:
            self._loading = False
            self.shown.emit()
        elif status == QPdfDocument.Status.Error:
            self._loading = False
            self.failed.emit(
                DocumentError(self.tr("The preview could not be shown: the PDF did not load."))
            )

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)
        self.pages.setCurrentWidget(self.message)
        self._update_badge()

    def _auto_refresh_toggled(self, on: bool) -> None:
        if on and self._request_key is not None and self._request_key != self._shown_key:
            self._debounce.start()
        self._update_badge()

    def _pending(self, key: str) -> bool:
        if self._debounce.isActive():
            return True
        renders = [self._in_flight, self._next, *self._priority]
        return any(render is not None and render.key == key for render in renders)

    def _update_badge(self) -> None:
        key = self._request_key
        if key is None or (key == self._shown_key and self.pages.currentWidget() is self.view):
            self.badge.hide()
            return
        if self._pending(key):
            self.badge.setText(self.tr("Updating…"))
            self.badge.setToolTip(self.tr("The preview shown is not yet the newest draft"))
        else:
            self.badge.setText(self.tr("Out of date"))
            self.badge.setToolTip(self.tr("The preview shown is an earlier draft: F5 renders"))
        self.badge.show()
