"""The quote builder: pick a service in the catalogue, fill in its form, see the lines priced.

The draft under edit is an immutable `QuoteRequest`; every change makes the next one, which the
pricing use case prices as far as it prices (`edit_draft`), and the view shows the result. Each
change is an undo command that swaps the request before and after, labelled in the user's words
(GUI.md items 2 and 3). Prices are only ever shown: there is no field that could change one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from quoter.domain.draft import DraftPricing
from quoter.domain.pricing import document_locale
from quoter.domain.problems import Problem
from quoter.domain.quote import Customer, QuoteRequest, RequestLine, Signatory
from quoter.gui.catalogue import CataloguePanel
from quoter.gui.customer import CustomerPanel
from quoter.gui.draft_view import DraftView
from quoter.gui.service_form import ServiceForm
from quoter.gui.worker import Workers
from quoter.usecases.catalogue import BookCatalogue, ServiceInfo
from quoter.usecases.context import AppContext
from quoter.usecases.customers import known_customers
from quoter.usecases.drafts import edit_draft

CUSTOMER_TO_COME = Customer("(customer to be entered)", ("-",), Signatory("-", "-"))
"""Stands in until the customer field exists: prices do not depend on who buys."""


class _Change(QUndoCommand):
    """One change to the draft: the request before and after it."""

    def __init__(self, builder: QuoteBuilder, before: QuoteRequest, after: QuoteRequest, text: str):
        super().__init__(text)
        self.builder = builder
        self.before = before
        self.after = after

    def redo(self) -> None:
        self._show(self.after, self.before)

    def undo(self) -> None:
        self._show(self.before, self.after)

    def _show(self, request: QuoteRequest, other: QuoteRequest) -> None:
        self.builder.show_request(request)
        if request.customer != other.customer:  # the fields follow an undone customer change
            shown = None if request.customer == CUSTOMER_TO_COME else request.customer
            self.builder.customer.show_customer(shown)


class QuoteBuilder(QWidget):
    """Catalogue on the left; the service's form and the quote's lines and totals on the right."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.book: BookCatalogue | None = None
        self.request: QuoteRequest | None = None
        self.draft: DraftPricing | None = None
        self.undo_stack = QUndoStack(self)
        self.workers = Workers(self)
        self.customer = CustomerPanel(self._lookup, self)
        self.catalogue = CataloguePanel(self)
        self.form = ServiceForm(self._check, self)
        self.lines = DraftView(self)
        self.form_area = QStackedWidget(self)
        self.form_area.addWidget(self.form)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.customer, 0)
        right_layout.addWidget(self.form_area, 0)
        right_layout.addWidget(self.lines, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.catalogue)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 640])  # the catalogue's columns need about half the window
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.catalogue.service_chosen.connect(self._choose)
        self.form.submitted.connect(self._add)
        self.form.cancelled.connect(self._back_to_search)
        self.lines.remove_requested.connect(self._remove)
        self.lines.duplicate_requested.connect(self._duplicate)
        self.lines.move_requested.connect(self._move)
        self.customer.changed.connect(self._customer_changed)
        self.form.set_service(None)

    def set_book(self, book: BookCatalogue | None) -> None:
        """Start a new draft on `book` (the catalogue shows what it sells)."""
        self.book = book
        self.catalogue.set_book(book)
        self.form.set_service(None)
        self.undo_stack.clear()
        if book is None:
            self.request = None
            self.draft = None
            self.lines.set_draft(None, "en", "")
            return
        language = book.language
        customer, _ = self.customer.customer() if self.customer.legal_name.text() else (None, ())
        empty = QuoteRequest(customer or CUSTOMER_TO_COME, book.id, (), language=language)
        self.show_request(empty)

    def show_request(self, request: QuoteRequest) -> None:
        """Price `request` as far as it prices today and show it (undo and redo come here)."""
        self.request = request
        self.draft = edit_draft(self.context, request)
        book = self.book
        locale = document_locale(request.language or "en", book.locale) if book else "en"
        book_ref = f"{book.id} {book.version} ({book.digest})" if book else ""
        self.lines.set_draft(self.draft, locale, book_ref)

    def focus_search(self) -> None:
        self.catalogue.search.setFocus()
        self.catalogue.search.selectAll()

    def _change(self, after: QuoteRequest, text: str) -> None:
        if self.request is not None:
            self.undo_stack.push(_Change(self, self.request, after, text))

    def _lookup(self, text: str, answer: Callable[[list[Customer]], None]) -> None:
        """The register's customers whose name contains `text`, read on a worker."""
        context = self.context
        self.workers.run(lambda: known_customers(context, text), answer, lambda error: None)

    def _customer_changed(self) -> None:
        customer, _ = self.customer.customer()  # its problems are shown by the panel
        if customer is None or self.request is None or customer == self.request.customer:
            return
        self._change(replace(self.request, customer=customer), self.tr("Change customer"))

    def _choose(self, service: ServiceInfo) -> None:
        book = self.book
        locale = document_locale(book.language, book.locale) if book else None
        self.form.set_service(service, locale)
        # the new fields are shown by their layout on the next turn of the event loop, and a
        # hidden widget cannot take the focus: give it then
        QTimer.singleShot(0, self.form.focus_first)

    def _check(self, line: RequestLine) -> list[Problem]:
        """The problems of `line` on its own, as the engine finds them on today's book."""
        if self.request is None:
            return [Problem((), self.tr("Choose a price book first."))]
        alone = replace(self.request, lines=(line,))
        return list(edit_draft(self.context, alone).problems)

    def _add(self, line: RequestLine) -> None:
        if self.request is None:
            return
        after = replace(self.request, lines=(*self.request.lines, line))
        self._change(after, self.tr("Add {code}").format(code=line.service))
        self.form.set_service(None)
        self._back_to_search()

    def _back_to_search(self) -> None:
        self.focus_search()

    def _remove(self, row: int) -> None:
        if self.request is None or not 0 <= row < len(self.request.lines):
            return
        lines = list(self.request.lines)
        removed = lines.pop(row)
        after = replace(self.request, lines=tuple(lines))
        self._change(after, self.tr("Remove {code}").format(code=removed.service))

    def _duplicate(self, row: int) -> None:
        if self.request is None or not 0 <= row < len(self.request.lines):
            return
        lines = list(self.request.lines)
        lines.insert(row + 1, lines[row])
        after = replace(self.request, lines=tuple(lines))
        self._change(after, self.tr("Duplicate {code}").format(code=lines[row].service))
        self.lines.select_row(row + 1)

    def _move(self, row: int, to: int) -> None:
        if self.request is None:
            return
        lines = list(self.request.lines)
        if not (0 <= row < len(lines) and 0 <= to < len(lines)) or row == to:
            return
        moved = lines.pop(row)
        lines.insert(to, moved)
        after = replace(self.request, lines=tuple(lines))
        self._change(after, self.tr("Move {code}").format(code=moved.service))
        self.lines.select_row(to)
