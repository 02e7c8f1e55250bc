"""The register view: find a quote (search, filters, sort, pages), read it (lines, totals,
documents, history) and act on it (open, revise, accept, decline, duplicate, save its documents).

What a quote may do next is the domain's (`allowed_actions`, carried by each row): a button is
enabled only when its action is allowed, and the use case checks again when it runs. Every register
read or write runs on a worker; only the newest answer to a search is shown. Sorting asks the
register again while there are more pages than shown (the first page of the new order is the
register's), and sorts the rows in the model when it holds them all (`sorted_rows` sorts as the
register does).

Signals: `open_requested(RegisteredQuote)` asks the window to open a quote (a draft editable in
the builder, any other read-only: its `actions` say which); `failed(error)` carries any error for
the window's banner; `listed()` says a page of quotes is shown; `document_saved(Path)` says where
a document was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from quoter.domain.display import money_text, number_text
from quoter.domain.register import QuoteAction, QuoteFilter, QuoteOrder, Status
from quoter.gui.mnemonics import action_name
from quoter.gui.read_only_table import ROOT, Index, ReadOnlyTable, fixed_sizes, row_table
from quoter.gui.worker import Workers
from quoter.usecases.context import AppContext

if TYPE_CHECKING:  # the register's use cases import the database layer: not before first paint
    from types import ModuleType

    from quoter.usecases.register import (
        AuditEntry,
        DuplicatedQuote,
        QuoteRow,
        RegisteredQuote,
    )


def _use_cases() -> ModuleType:
    """The register's use cases, imported when first used (after the window is on screen)."""
    from quoter.usecases import register

    return register


Confirm = Callable[[str, str], bool]
"""Asks the user a yes-or-no question (title, text); True to go ahead."""
Inform = Callable[[str, str], None]
"""Tells the user something (title, text)."""
ChooseFile = Callable[[Path], Path | None]
"""Asks where to save a document, offering a path; None when the user cancels."""

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_FADED = QBrush(QColor(110, 110, 110))
_LAPSED = QBrush(QColor(160, 60, 20))
_NUMBER, _CUSTOMER, _BOOK, _STATUS, _TOTAL, _CREATED, _ISSUED, _VALID = range(8)
_ORDERS = {
    _NUMBER: QuoteOrder.NUMBER,
    _CUSTOMER: QuoteOrder.CUSTOMER,
    _BOOK: QuoteOrder.BOOK,
    _STATUS: QuoteOrder.STATUS,
    _TOTAL: QuoteOrder.TOTAL,
    _CREATED: QuoteOrder.CREATED,
    _ISSUED: QuoteOrder.ISSUED,
    _VALID: QuoteOrder.VALID_UNTIL,
}


class QuotesModel(ReadOnlyTable):
    """The quotes listed: Number, Customer, Book, Status (expired as a reader sees it), Total
    (in its book's locale), Created, Issued, Valid until. Sorted here, never by a proxy."""

    NUMBER, CUSTOMER, BOOK, STATUS, TOTAL = _NUMBER, _CUSTOMER, _BOOK, _STATUS, _TOTAL
    CREATED, ISSUED, VALID_UNTIL = _CREATED, _ISSUED, _VALID

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.rows: list[QuoteRow] = []
        self.has_more = False
        self.locales: dict[tuple[str, str], str] = {}
        self.order = QuoteOrder.CREATED
        self.descending = True
        self.headers = (
            self.tr("Number"),
            self.tr("Customer"),
            self.tr("Book"),
            self.tr("Status"),
            self.tr("Total"),
            self.tr("Created"),
            self.tr("Issued"),
            self.tr("Valid until"),
        )

    def status_text(self, status: Status) -> str:
        """A status in the user's words."""
        return {
            Status.DRAFT: self.tr("Draft"),
            Status.ISSUED: self.tr("Issued"),
            Status.EXPIRED: self.tr("Expired"),
            Status.ACCEPTED: self.tr("Accepted"),
            Status.DECLINED: self.tr("Declined"),
            Status.SUPERSEDED: self.tr("Superseded"),
        }[status]

    def set_rows(
        self, rows: tuple[QuoteRow, ...], has_more: bool, locales: dict[tuple[str, str], str]
    ) -> None:
        """Show a first page, read in this model's order. A page read just before a header was
        clicked comes in the order before: when it holds every row, it is sorted here (when it
        does not, a newer page in the new order is on its way)."""
        self.beginResetModel()
        self.rows, self.has_more, self.locales = list(rows), has_more, locales
        if not has_more:
            self.rows = _use_cases().sorted_rows(self.rows, self.order, self.descending)
        self.endResetModel()

    def add_rows(self, rows: tuple[QuoteRow, ...], has_more: bool) -> None:
        """Append the next page."""
        if rows:
            first = len(self.rows)
            self.beginInsertRows(ROOT, first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.has_more = has_more

    def row_at(self, row: int) -> QuoteRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, number: str) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.number == number), None)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows held as the register sorts (the view asks the register again when it
        holds only the first pages)."""
        if column not in _ORDERS:
            return
        self.order = _ORDERS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        if not self.rows:  # nothing to move (and no reason to load the register's code yet)
            return
        self.layoutAboutToBeChanged.emit()
        before = list(self.rows)
        self.rows = _use_cases().sorted_rows(self.rows, self.order, self.descending)
        moved = {id(row): place for place, row in enumerate(self.rows)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(
            old,
            [self.index(moved[id(before[index.row()])], index.column()) for index in old],
        )
        self.layoutChanged.emit()

    def day_text(self, moment: datetime | None) -> str:
        """A moment's day in the vendor's time zone, as ISO 8601 (short, unambiguous)."""
        return "" if moment is None else moment.astimezone(self.zone).date().isoformat()

    def _text(self, row: QuoteRow, column: int) -> str:
        summary = row.summary
        if column == _NUMBER:
            return row.number
        if column == _CUSTOMER:
            return summary.customer
        if column == _BOOK:
            return f"{summary.book_id} {summary.book_version}"
        if column == _STATUS:
            return self.status_text(row.status)
        if column == _TOTAL:
            locale = self.locales.get((summary.book_id, summary.book_version), "en")
            return money_text(summary.total, locale)
        if column == _CREATED:
            return self.day_text(summary.created_at)
        if column == _ISSUED:
            return self.day_text(summary.issued_at)
        return summary.valid_until.isoformat() if summary.valid_until else ""

    def rowCount(self, parent: Index = ROOT) -> int:
        """One row a quote listed (none under a row: the model is flat)."""
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text, alignment, tooltip and (for a lapsed or replaced quote) colour."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(row, column)
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if column == _CUSTOMER and text else None
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == _TOTAL else None
        if role == Qt.ItemDataRole.ForegroundRole and column == _STATUS:
            if row.status is Status.EXPIRED:
                return _LAPSED
            if row.status in (Status.SUPERSEDED, Status.DECLINED):
                return _FADED
        return None


@dataclass(frozen=True, slots=True)
class _Listing:
    """What one search read: a page, the books' locales, and (when asked) the register's books."""

    rows: tuple[QuoteRow, ...]
    has_more: bool
    locales: dict[tuple[str, str], str]
    books: list[str] | None


class RegisterView(QWidget):
    """The quote register: search and filters on top, the quotes in a table, the actions under
    it, and the selected quote's details (lines, totals, documents, history) below.

    `confirm`, `inform` and `choose_file` stand in for the dialogs (tests replace them)."""

    open_requested = Signal(object)
    """A `RegisteredQuote` to open: drafts editable, others read-only (see its `actions`)."""
    failed = Signal(object)
    """An error for the window's banner."""
    listed = Signal()
    """A page of quotes is shown."""
    document_saved = Signal(object)
    """The `Path` a stored document was written to."""

    PAGE = 100

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        confirm: Confirm | None = None,
        inform: Inform | None = None,
        choose_file: ChooseFile | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.confirm = confirm or self._ask
        self.inform = inform or self._tell
        self.choose_file = choose_file or self._choose_file
        self.workers = Workers(self)
        self._searches = 0
        """How many searches were asked: only the newest one's answer is shown."""
        self._details_asked = 0
        self._busy = False
        self._select_next: str | None = None
        self.details_quote: RegisteredQuote | None = None
        self.model = QuotesModel(context.clock.zone, self)
        self._build()
        self._connect()
        self._enable_actions()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Search quotes"))
        self.search.setPlaceholderText(self.tr("Number or customer"))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        self.status.setAccessibleName(self.tr("Status"))
        self.status.addItem(self.tr("All"), "")
        for status in Status:  # kept as text: Qt gives a str subclass back as a plain str
            self.status.addItem(self.model.status_text(status), status.value)
        self.customer = QLineEdit(self)
        self.customer.setAccessibleName(self.tr("Customer"))
        self.customer.setPlaceholderText(self.tr("Any customer"))
        self.customer.setClearButtonEnabled(True)
        self.book = QComboBox(self)
        self.book.setAccessibleName(self.tr("Price book"))
        self.book.addItem(self.tr("All"), None)
        self.book.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.since_on = QCheckBox(self.tr("Created &since:"), self)
        self.since_on.setAccessibleName(self.tr("Only quotes created since a day"))
        self.since = QDateEdit(self)
        self.since.setAccessibleName(self.tr("Created since"))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        start = self.context.today().replace(day=1)
        self.since.setDate(QDate(start.year, start.month, start.day))
        self.since.setEnabled(False)

        filters = QHBoxLayout()
        for label, widget, stretch in (
            (self.tr("Se&arch:"), self.search, 3),
            (self.tr("Sta&tus:"), self.status, 0),
            (self.tr("&Customer:"), self.customer, 2),
            (self.tr("&Book:"), self.book, 0),
        ):
            buddy = QLabel(label, self)
            buddy.setBuddy(widget)
            filters.addWidget(buddy)
            filters.addWidget(widget, stretch)
            filters.addSpacing(6)
        filters.addWidget(self.since_on)
        filters.addWidget(self.since)

        self.table = row_table(self.model, self.tr("Quotes"), self)
        fixed_sizes(
            self.table,
            {
                _NUMBER: 22,
                _BOOK: 22,
                _STATUS: 16,
                _TOTAL: 16,
                _CREATED: 13,
                _ISSUED: 13,
                _VALID: 13,
            },
            (_CUSTOMER,),
        )
        header = self.table.horizontalHeader()
        header.setSortIndicator(_CREATED, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)

        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("Quotes shown"))
        self.more = QPushButton(self.tr("&Load more"), self)
        self.more.setAccessibleName(self.tr("Load more quotes"))
        self.more.setEnabled(False)
        self.open_button = self._button(self.tr("&Open"), self.tr("Open the quote (Enter)"))
        self.revise_button = self._button(
            self.tr("Rev&ise"), self.tr("Make a new revision of the offer, priced today")
        )
        self.accept_button = self._button(
            self.tr("Acce&pt"), self.tr("Record that the customer accepted the offer")
        )
        self.decline_button = self._button(
            self.tr("&Decline"), self.tr("Record that the customer declined the offer")
        )
        self.duplicate_button = self._button(
            self.tr("D&uplicate"), self.tr("Copy the quote as a new draft, priced today")
        )
        self.documents_button = self._button(
            self.tr("Save docu&ment..."), self.tr("Save the issued PDF or DOCX")
        )
        actions = QHBoxLayout()
        actions.addWidget(self.count)
        actions.addWidget(self.more)
        actions.addStretch(1)
        for button in self.buttons():
            actions.addWidget(button)

        self.details = QTextBrowser(self)
        self.details.setAccessibleName(self.tr("Quote details"))
        self.details.setOpenLinks(False)
        self.details.setTabChangesFocus(True)  # Tab leaves the text: the keyboard is never stuck
        self.details.setPlaceholderText(self.tr("Select a quote to see its lines and history."))

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(actions)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

        chain: list[QWidget] = [
            self.search,
            self.status,
            self.customer,
            self.book,
            self.since_on,
            self.since,
            self.table,
            self.more,
            *self.buttons(),
            self.details,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(action_name(text))
        button.setToolTip(tip)
        button.setAutoDefault(False)
        return button

    def buttons(self) -> list[QPushButton]:
        """The quote's actions, in their order on screen."""
        return [
            self.open_button,
            self.revise_button,
            self.accept_button,
            self.decline_button,
            self.duplicate_button,
            self.documents_button,
        ]

    def _connect(self) -> None:
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(200)  # a search per pause in typing, not per key
        self._typing.timeout.connect(self._query)
        self._selecting = QTimer(self)
        self._selecting.setSingleShot(True)
        self._selecting.setInterval(100)  # arrowing through rows reads only where it stops
        self._selecting.timeout.connect(self._load_details)
        self.search.textChanged.connect(self._typing.start)
        self.customer.textChanged.connect(self._typing.start)
        self.status.currentIndexChanged.connect(lambda: self._query())
        self.book.currentIndexChanged.connect(lambda: self._query())
        self.since_on.toggled.connect(self.since.setEnabled)
        self.since_on.toggled.connect(lambda: self._query())
        self.since.dateChanged.connect(self._since_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sorted)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._open)
        self.more.clicked.connect(self._load_more)
        self.open_button.clicked.connect(self._open)
        self.revise_button.clicked.connect(self._revise)
        self.accept_button.clicked.connect(lambda: self._decide(True))
        self.decline_button.clicked.connect(lambda: self._decide(False))
        self.duplicate_button.clicked.connect(self._duplicate)
        self.documents_button.clicked.connect(self._save_document)

    # -- dialogs (replaced in tests) -----------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def _choose_file(self, offered: Path) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the quote's document"),
            str(offered),
            self.tr("PDF (*.pdf);;Word document (*.docx)"),
        )
        return Path(chosen) if chosen else None

    # -- listing -------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the first page again with the filters and order shown (and the register's
        books for the book filter); keep `select`, else the selected quote, selected."""
        self._select_next = select or self._selected_number()
        self._query(with_books=True)

    def where(self) -> QuoteFilter:
        """The filters as the controls show them."""
        since = None
        if self.since_on.isChecked():
            day = self.since.date()
            since = date(day.year(), day.month(), day.day())
        status = self.status.currentData()
        return QuoteFilter(
            status=Status(status) if status else None,
            customer=self.customer.text().strip() or None,
            since=since,
            book=self.book.currentData() or None,
            text=self.search.text().strip() or None,
        )

    def _since_changed(self) -> None:
        if self.since_on.isChecked():
            self._query()

    def _query(self, with_books: bool = False) -> None:
        self._typing.stop()
        self._searches += 1
        asked = self._searches
        if self._select_next is None:
            self._select_next = self._selected_number()
        context, where = self.context, self.where()
        order, descending = self.model.order, self.model.descending
        limit = self.PAGE

        def read() -> _Listing:
            page = _use_cases().list_quotes(
                context, where, limit=limit, order=order, descending=descending
            )
            books = _use_cases().register_books(context) if with_books else None
            return _Listing(page.rows, page.has_more, _use_cases().book_locales(context), books)

        self.workers.run(read, lambda listing: self._listed(listing, asked), self._failed)

    def _listed(self, listing: _Listing, asked: int) -> None:
        if asked != self._searches:  # overtaken by a newer search
            return
        if listing.books is not None:
            self._show_books(listing.books)
        self.model.set_rows(listing.rows, listing.has_more, listing.locales)
        chosen = self._select_next
        self._select_next = None
        row = self.model.row_of(chosen) if chosen else None
        self._select(0 if row is None else row)
        self._show_count()
        self.listed.emit()

    def _show_books(self, books: list[str]) -> None:
        current = self.book.currentData()
        self.book.blockSignals(True)
        self.book.clear()
        self.book.addItem(self.tr("All"), None)
        for book in books:
            self.book.addItem(book, book)
        found = self.book.findData(current) if current is not None else 0
        self.book.setCurrentIndex(max(found, 0))
        self.book.blockSignals(False)

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        if self.model.has_more:
            text = self.tr("%n quote(s) shown, more to load", "", shown)
        else:
            text = self.tr("%n quote(s)", "", shown)
        self.count.setText(text)
        self.more.setEnabled(self.model.has_more)

    def _load_more(self) -> None:
        asked = self._searches  # a search asked meanwhile makes this page moot
        context, where, offset = self.context, self.where(), self.model.rowCount()
        order, descending, limit = self.model.order, self.model.descending, self.PAGE

        def read() -> _Listing:
            page = _use_cases().list_quotes(
                context, where, offset=offset, limit=limit, order=order, descending=descending
            )
            return _Listing(page.rows, page.has_more, {}, None)

        def show(listing: _Listing) -> None:
            if asked == self._searches and offset == self.model.rowCount():
                self.model.add_rows(listing.rows, listing.has_more)
                self._show_count()
                self.listed.emit()

        self.workers.run(read, show, self._failed)

    def _sorted(self, column: int, order: Qt.SortOrder) -> None:
        """The model sorted what it holds; while it holds only the first pages, the register's
        first page of the new order is another one."""
        if self.model.has_more:
            self._query()

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(error)

    # -- selection and details -----------------------------------------------------------------

    def _select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        else:
            self._selection_changed()

    def selected(self) -> QuoteRow | None:
        """The selected quote's row, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected_number(self) -> str | None:
        row = self.selected()
        return row.number if row else None

    def _selection_changed(self) -> None:
        self._enable_actions()
        if self.selected() is None:  # nothing to read: say so at once
            self._selecting.stop()
            self._load_details()
        else:
            self._selecting.start()

    def _enable_actions(self) -> None:
        row = self.selected()
        actions = row.actions if row is not None else frozenset()
        idle = not self._busy
        self.open_button.setEnabled(idle and row is not None)
        self.duplicate_button.setEnabled(idle and row is not None)  # any quote can be copied
        for button, action in (
            (self.revise_button, QuoteAction.REVISE),
            (self.accept_button, QuoteAction.ACCEPT),
            (self.decline_button, QuoteAction.DECLINE),
            (self.documents_button, QuoteAction.EXPORT),
        ):
            button.setEnabled(idle and action in actions)

    def _load_details(self) -> None:
        self._details_asked += 1
        asked = self._details_asked
        number = self._selected_number()
        if number is None:
            self.details_quote = None
            self.details.clear()
            return
        context = self.context

        def read() -> tuple[RegisteredQuote, list[AuditEntry]]:
            return _use_cases().show_quote(context, number), _use_cases().quote_history(
                context, number
            )

        self.workers.run(read, lambda found: self._show_details(found, asked), self._failed)

    def _show_details(self, found: tuple[RegisteredQuote, list[AuditEntry]], asked: int) -> None:
        if asked != self._details_asked:
            return
        quote, history = found
        self.details_quote = quote
        self.details.setHtml(self._details_html(quote, history))

    def _details_html(self, quote: RegisteredQuote, history: list[AuditEntry]) -> str:
        """The quote as a reader checks it: status, book and days, lines and totals, documents
        and history. Everything the user typed is escaped."""
        priced, locale = quote.priced, quote.priced.locale

        def money(value: Any) -> str:
            return escape(money_text(value, locale))

        facts = [
            self.tr("Status: {status}").format(status=self.model.status_text(quote.status)),
            self.tr("Book: {id} {version}").format(id=priced.book.id, version=priced.book.version),
            self.tr("Created: {day}").format(day=self.model.day_text(quote.created_at)),
        ]
        if quote.issued_at is not None:
            facts.append(self.tr("Issued: {day}").format(day=self.model.day_text(quote.issued_at)))
        if quote.valid_until is not None:
            facts.append(self.tr("Valid until: {day}").format(day=quote.valid_until.isoformat()))
        if quote.decided_at is not None:
            facts.append(
                self.tr("Decided: {day}").format(day=self.model.day_text(quote.decided_at))
            )
        parts = [
            f"<h3>{escape(quote.number)} &nbsp; {escape(quote.customer)}</h3>",
            "<p>" + " &middot; ".join(escape(fact) for fact in facts) + "</p>",
            "<table cellspacing='0' cellpadding='3' width='100%'>",
            _row(
                [self.tr("No."), self.tr("Service"), self.tr("Quantity"), self.tr("Amount")],
                header=True,
            ),
        ]
        for line in priced.lines:
            quantity = number_text(line.quantity, locale)
            if line.unit and line.model == "per_unit":
                quantity = f"{quantity} {line.unit}"
            parts.append(
                _row(
                    [str(line.number), f"{line.service_code}  {line.name}", quantity],
                    money(line.total),
                )
            )
        parts.append(_row(["", self.tr("Subtotal"), ""], money(priced.subtotal)))
        if priced.tax is not None:
            tax = f"{priced.tax.label} ({number_text(priced.tax.percent, locale)} %)"
            parts.append(_row(["", tax, ""], money(priced.tax.amount)))
        parts.append(_row(["", self.tr("Total"), ""], f"<b>{money(priced.total)}</b>"))
        parts.append("</table>")
        if quote.documents:
            documents = self.tr("Documents")  # lupdate reads no call inside an f-string
            parts.append(f"<h4>{escape(documents)}</h4><p>")
            parts.append(
                "<br>".join(
                    f"{escape(kind.upper())}: <code>{escape(digest)}</code>"
                    for kind, digest in quote.documents.items()
                )
            )
            parts.append("</p>")
        history_title = self.tr("History")
        parts.append(f"<h4>{escape(history_title)}</h4>")
        parts.append("<table cellspacing='0' cellpadding='3'>")
        for entry in history:
            detail = _detail_text(entry.detail)
            when = entry.at.astimezone(self.model.zone).strftime("%Y-%m-%d %H:%M")
            parts.append(_row([when, entry.actor, entry.action, detail]))
        parts.append("</table>")
        return "".join(parts)

    # -- actions -------------------------------------------------------------------------------

    def _run(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        """Run one action on a worker, the buttons off meanwhile (no action twice)."""
        self._busy = True
        self._enable_actions()

        def done(result: Any) -> None:
            self._busy = False
            self._enable_actions()
            then(result)

        def failed(error: BaseException) -> None:
            self._busy = False
            self._enable_actions()
            self.failed.emit(error)
            self.reload()  # the quote may have changed under us: show it as it is

        self.workers.run(work, done, failed)

    def _open(self) -> None:
        number = self._selected_number()
        if number is None or self._busy:
            return
        context = self.context
        self._run(lambda: _use_cases().show_quote(context, number), self.open_requested.emit)

    def _revise(self) -> None:
        row = self.selected()
        if row is None or QuoteAction.REVISE not in row.actions:
            return
        context, number = self.context, row.number

        def revised(quote: RegisteredQuote) -> None:
            self.reload(select=quote.number)
            self.open_requested.emit(quote)

        self._run(lambda: _use_cases().revise_quote(context, number), revised)

    def _decide(self, accepted: bool) -> None:
        row = self.selected()
        action = QuoteAction.ACCEPT if accepted else QuoteAction.DECLINE
        if row is None or action not in row.actions:
            return
        number = row.number
        if accepted:
            title = self.tr("Accept {number}").format(number=number)
            question = self.tr("Record that {customer} accepted {number}?")
        else:
            title = self.tr("Decline {number}").format(number=number)
            question = self.tr("Record that {customer} declined {number}?")
        text = question.format(customer=row.summary.customer, number=number)
        if not self.confirm(title, text + "\n\n" + self.tr("This cannot be undone.")):
            return
        context = self.context
        self._run(
            lambda: _use_cases().decide_quote(context, number, accepted),
            lambda quote: self.reload(select=quote.number),
        )

    def _duplicate(self) -> None:
        number = self._selected_number()
        if number is None:
            return
        context = self.context

        def duplicated(result: DuplicatedQuote) -> None:
            self.inform(
                self.tr("Duplicated {number}").format(number=number), self.changes_text(result)
            )
            self.reload(select=result.quote.number)
            self.open_requested.emit(result.quote)

        self._run(lambda: _use_cases().duplicate_quote(context, number), duplicated)

    def changes_text(self, result: DuplicatedQuote) -> str:
        """What duplicating changed, in the user's words: the book and each line's price."""
        locale = result.quote.priced.locale
        text = [
            self.tr(
                "{copy} is a new draft copied from {original}, priced on {book} {version}."
            ).format(
                copy=result.quote.number,
                original=result.original,
                book=result.book_after.id,
                version=result.book_after.version,
            )
        ]
        if result.book_changed:
            text.append(
                self.tr("The original was priced on version {version}.").format(
                    version=result.book_before.version
                )
            )
        if not result.changes:
            text.append(self.tr("No price changed."))
        else:
            text.append(self.tr("Prices changed:"))
            for change in result.changes:
                text.append(
                    self.tr("Line {line}, {service}: {before} \u2192 {after}").format(
                        line=change.line,
                        service=change.service,
                        before=money_text(change.before, locale),
                        after=money_text(change.after, locale),
                    )
                )
        text.append(
            self.tr("Total: {before} \u2192 {after}").format(
                before=money_text(result.total_before, locale),
                after=money_text(result.quote.total, locale),
            )
        )
        return "\n".join(text)

    def _save_document(self) -> None:
        row = self.selected()
        if row is None or QuoteAction.EXPORT not in row.actions:
            return
        number = row.number
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen = self.choose_file(Path(folder) / f"{number}.pdf")
        if chosen is None:
            return
        target = (
            chosen
            if chosen.suffix.lower() in (".pdf", ".docx")
            else chosen.with_name(chosen.name + ".pdf")
        )
        kind = target.suffix.lower().removeprefix(".")
        context = self.context

        def save() -> Path:
            _write_file(target, _use_cases().quote_document(context, number, kind))
            return target

        self._run(save, self.document_saved.emit)


def _row(cells: list[str], amount: str | None = None, *, header: bool = False) -> str:
    """One HTML table row of `cells` (escaped here) and, if given, an amount already escaped,
    on the right; a header row's last title is on the right, over the amounts."""
    if header:
        titles = [f"<th align='left'>{escape(cell)}</th>" for cell in cells[:-1]]
        return f"<tr>{''.join(titles)}<th align='right'>{escape(cells[-1])}</th></tr>"
    html = "".join(f"<td>{escape(cell)}</td>" for cell in cells)
    if amount is not None:
        html += f"<td align='right'>{amount}</td>"
    return f"<tr>{html}</tr>"


def _detail_text(detail: dict[str, Any]) -> str:
    """An audit entry's detail as a line of text (a nested table, such as the documents and
    their digests, as `kind value` pairs)."""
    parts = []
    for key, value in detail.items():
        if isinstance(value, dict):
            value = ", ".join(f"{inner} {shown}" for inner, shown in value.items())
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def _write_file(target: Path, content: bytes) -> None:
    from quoter.usecases.contracts import write_file

    write_file(target, content)
