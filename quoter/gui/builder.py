"""The quote builder: pick a service in the catalogue, fill in its form, see the lines priced.

The draft under edit is an immutable `QuoteRequest`; every change makes the next one, which the
pricing use case prices as far as it prices (`edit_draft`), and the view shows the result. Each
change is an undo command that swaps the request before and after, labelled in the user's words
(GUI.md items 2 and 3). Prices are only ever shown: there is no field that could change one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from quoter.domain.draft import DraftPricing, as_issued
from quoter.domain.pricing import document_locale
from quoter.domain.problems import Problem
from quoter.domain.quote import Customer, QuoteRequest, RequestLine, Signatory
from quoter.domain.register import QuoteAction
from quoter.gui.catalogue import CataloguePanel
from quoter.gui.customer import CustomerPanel
from quoter.gui.draft_view import DraftView
from quoter.gui.service_form import ServiceForm
from quoter.gui.worker import Workers
from quoter.usecases.catalogue import BookCatalogue, ServiceInfo
from quoter.usecases.context import AppContext
from quoter.usecases.customers import known_customers
from quoter.usecases.drafts import edit_draft

if TYPE_CHECKING:  # the register's use cases import the database layer: not before first paint
    from quoter.usecases.register import RegisteredQuote

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

    edited = Signal(object)
    """The user changed the draft (or undid or redid a change): the new `QuoteRequest`."""
    shown = Signal()
    """Another quote is shown (a new one, a draft opened, an issued one): number, mode."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.book: BookCatalogue | None = None
        self.request: QuoteRequest | None = None
        self.draft: DraftPricing | None = None
        self.number: str | None = None
        """The register's number of the quote shown; None until a new draft is first saved."""
        self.read_only = False
        """An issued (or decided) quote is shown as it was frozen: nothing can change it."""
        self.editing: int | None = None
        """The row whose line the form changes; None when the form adds a line."""
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
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
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
        self.lines.edit_requested.connect(self.edit_line)
        self.lines.step_requested.connect(self._step)
        self.customer.changed.connect(self._customer_changed)
        self.form.set_service(None)

    def set_book(self, book: BookCatalogue | None) -> None:
        """Start a new draft on `book` (the catalogue shows what it sells), keeping the customer
        typed so far and, on the same book, the lines."""
        lines = self.request.lines if self.request and book and self.request.book == book.id else ()
        self.book = book
        self.catalogue.set_book(book)
        self.form.set_service(None)
        self.undo_stack.clear()
        self._set_read_only(False)
        if book is None:
            self.request = None
            self.draft = None
            self.lines.set_draft(None, "en", "")
            return
        customer, _ = self.customer.customer() if self.customer.legal_name.text() else (None, ())
        empty = QuoteRequest(customer or CUSTOMER_TO_COME, book.id, lines, language=book.language)
        self._display(empty)

    def new_quote(self) -> None:
        """An empty quote on the book shown, for a customer still to be entered."""
        self.number = None
        self.customer.show_customer(None)
        self.request = None
        self.set_book(self.book)
        self.shown.emit()

    def open_quote(self, record: RegisteredQuote, book: BookCatalogue | None) -> None:
        """Show a quote from the register: a draft to go on editing (priced on `book`, today's
        book of its id), anything else read-only as it was priced when issued."""
        editable = QuoteAction.EDIT in record.actions
        self.book = book
        self.catalogue.set_book(book if editable else None)
        self.form.set_service(None)
        self.undo_stack.clear()
        self.number = record.number
        shown = None if record.request.customer == CUSTOMER_TO_COME else record.request.customer
        self.customer.show_customer(shown)
        self._set_read_only(not editable)
        if editable:
            self._display(record.request)
        else:
            self.request = record.request
            self.draft = as_issued(record.priced)
            self._show_lines()
        self.shown.emit()

    def _set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.catalogue.setEnabled(not read_only)
        self.customer.setEnabled(not read_only)
        self.form_area.setVisible(not read_only)
        self.lines.set_read_only(read_only)

    def show_request(self, request: QuoteRequest) -> None:
        """Show the draft changed to `request` (undo and redo come here): priced as far as it
        prices today, and saved soon after by whoever listens to `edited`."""
        self._display(request)
        self.edited.emit(request)

    def _display(self, request: QuoteRequest) -> None:
        self.request = request
        self.draft = edit_draft(self.context, request)
        self._show_lines()

    def _show_lines(self) -> None:
        book, request = self.book, self.request
        language = request.language if request else None
        locale = document_locale(language or "en", book.locale) if book else "en"
        if self.draft is not None and self.draft.priced is not None:
            locale = self.draft.priced.locale
        book_ref = f"{book.id} {book.version} ({book.digest})" if book else ""
        if self.read_only and self.draft is not None and self.draft.priced is not None:
            priced_book = self.draft.priced.book
            book_ref = f"{priced_book.id} {priced_book.version} ({priced_book.digest})"
        self.lines.set_draft(self.draft, locale, book_ref)

    def focus_search(self) -> None:
        self.catalogue.search.setFocus()
        self.catalogue.search.selectAll()

    def _change(self, after: QuoteRequest, text: str) -> None:
        if self.request is not None and not self.read_only:
            self.undo_stack.push(_Change(self, self.request, after, text))

    def _lookup(self, text: str, answer: Callable[[list[Customer]], None]) -> None:
        """The register's customers whose name contains `text`, read on a worker."""
        context = self.context
        self.workers.run(lambda: known_customers(context, text), answer, lambda error: None)

    def _customer_changed(self) -> None:
        """Keep the customer as typed (its problems are shown by the panel): a customer half
        entered is saved with the draft like anything else, and checked in full at issue."""
        if self.request is None or self.read_only:
            return
        customer = self.customer.customer()[0] or self.customer.as_typed() or CUSTOMER_TO_COME
        if customer != self.request.customer:
            self._change(replace(self.request, customer=customer), self.tr("Change customer"))

    def _choose(self, service: ServiceInfo) -> None:
        self.editing = None
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

    def edit_line(self, row: int) -> None:
        """Open line `row`'s form filled in with its values; Enter puts the changed line back."""
        if self.request is None or self.book is None or self.read_only:
            return
        if not 0 <= row < len(self.request.lines):
            return
        line = self.request.lines[row]
        service = self.book.service(line.service)
        if service is None:
            return
        self._choose(service)
        self.editing = row
        self.form.fill(line)
        self.form.heading.setText(
            self.tr("Change line {number}: {name}").format(number=row + 1, name=service.name)
        )
        self.form.add_button.setText(self.tr("Ch&ange line"))
        self.form.add_button.setAccessibleName(self.tr("Change line"))

    def _add(self, line: RequestLine) -> None:
        if self.request is None:
            return
        row, self.editing = self.editing, None
        if row is not None and row < len(self.request.lines):
            lines = list(self.request.lines)
            lines[row] = line
            after = replace(self.request, lines=tuple(lines))
            self._change(after, self.tr("Change {code}").format(code=line.service))
        else:
            after = replace(self.request, lines=(*self.request.lines, line))
            self._change(after, self.tr("Add {code}").format(code=line.service))
        self.form.set_service(None)
        self._reset_form_button()
        if row is not None:
            self.lines.select_row(row)
            self.lines.table.setFocus()
        else:
            self._back_to_search()

    def _reset_form_button(self) -> None:
        self.form.add_button.setText(self.tr("&Add line"))
        self.form.add_button.setAccessibleName(self.tr("Add line"))

    def _step(self, row: int, steps: int) -> None:
        """One unit more or less of line `row` (a third on-site day in one click); the engine
        says whether the book allows the new quantity."""
        if self.request is None or self.book is None or not 0 <= row < len(self.request.lines):
            return
        line = self.request.lines[row]
        service = self.book.service(line.service)
        if service is None or not service.takes_quantity or line.quantity is None:
            return
        step = service.price.quantity_step or 1
        quantity = line.quantity + step * steps
        if quantity <= 0:
            return
        lines = list(self.request.lines)
        lines[row] = replace(line, quantity=quantity)
        text = self.tr("Add one to {code}") if steps > 0 else self.tr("Take one from {code}")
        self._change(replace(self.request, lines=tuple(lines)), text.format(code=line.service))
        self.lines.select_row(row)

    def _back_to_search(self) -> None:
        if self.editing is not None:  # Escape while changing a line: back to the line
            row, self.editing = self.editing, None
            self.form.set_service(None)
            self._reset_form_button()
            self.lines.select_row(row)
            self.lines.table.setFocus()
            return
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
