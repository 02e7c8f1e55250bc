"""The quote builder's catalogue panel: a search box over one price book's services and a table of
the hits, fast enough to filter 10,000 services as you type (GUI.md item 7).

Why no `QSortFilterProxyModel`: a proxy asks Python's `data()` for every row on every keystroke
(78 ms at 10,000 rows, measured). Here each service already carries one casefolded search text
(`ServiceInfo.search_text`, built once with the book's catalogue); a query is matched against those
texts in plain Python, narrowing from the hits of the query it extends, and the model exposes only
the hits, with one model reset per query. The view asks for a few dozen rows, so prices are
formatted (Babel, slow) only for the rows it paints, and remembered.

Prices are shown, never entered: every cell is read-only and there is no price input anywhere.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from quoter.domain.display import money_text
from quoter.domain.pricing import document_locale
from quoter.gui.read_only_table import ROOT, Index, ReadOnlyTable, fixed_sizes, row_table
from quoter.usecases.catalogue import BookCatalogue, PriceInfo, PriceModel, ServiceInfo

translate = QCoreApplication.translate
"""Qt's translation, called with literal texts so that pyside6-lupdate finds them."""
"""The translation context of the price texts (the same as the model's own strings)."""

_CODE, _SERVICE, _CATEGORY, _PRICE = range(4)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_PRICE_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CHORDS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.MetaModifier
)
"""Modifiers that make a key another command (Shift+Down extends a selection, say)."""


def short_price_text(price: PriceInfo, locale: str) -> str:
    """A price in a few words for the table: `$6,600.00`, `$1,240.00 / day`, `from $9,800.00`
    (the lowest tier), `$2,600.00 + $1,350.00 / release stepped back`."""
    if price.model is PriceModel.TIERED:
        if not price.tiers:
            return ""
        lowest = min((money for _, money in price.tiers), key=lambda money: money.amount)
        return translate("CatalogueModel", "from {price}").format(price=money_text(lowest, locale))
    return _plain_price_text(price, locale)


def full_price_text(price: PriceInfo, locale: str) -> list[str]:
    """A price said in full, one line each: for a tiered price every tier's label and price."""
    if price.model is PriceModel.TIERED:
        return [
            translate("CatalogueModel", "{tier}: {price}").format(
                tier=choice.label, price=money_text(money, locale)
            )
            for choice, money in price.tiers
        ]
    return [_plain_price_text(price, locale)]


def _plain_price_text(price: PriceInfo, locale: str) -> str:
    """A fixed, per-unit or base-plus-unit price (the same short and in full)."""
    unit = price.unit or ""
    if price.model is PriceModel.PER_UNIT and price.unit_price is not None:
        return translate("CatalogueModel", "{unit_price} / {unit}").format(
            unit_price=money_text(price.unit_price, locale), unit=unit
        )
    if (
        price.model is PriceModel.BASE_PLUS_UNIT
        and price.price is not None
        and price.unit_price is not None
    ):
        return QCoreApplication.translate(
            "CatalogueModel", "{base} + {unit_price} / {unit}"
        ).format(
            base=money_text(price.price, locale),
            unit_price=money_text(price.unit_price, locale),
            unit=unit,
        )
    return money_text(price.price, locale) if price.price is not None else ""


def matching(texts: list[str], candidates: list[int], words: list[str]) -> list[int]:
    """The candidates (indexes into `texts`) whose text holds every word, in their order. Each
    word narrows the list the next one scans, so a selective word makes the rest cheap."""
    hits = candidates
    for word in words:
        hits = [i for i in hits if word in texts[i]]
    return hits if hits is not candidates else list(candidates)


class CatalogueModel(ReadOnlyTable):
    """The services of one book that match the search, flat and in the book's order: Code,
    Service, Category, Price. Read-only."""

    CODE, SERVICE, CATEGORY, PRICE = _CODE, _SERVICE, _CATEGORY, _PRICE

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book: BookCatalogue | None = None
        self._services: tuple[ServiceInfo, ...] = ()
        self._texts: list[str] = []
        self._locale = "en"
        self._query = ""
        self._hits: list[int] = []
        # The queries typed since the book was shown, each extending the one before, with their
        # hits: typing on narrows from the last one, deleting back finds its earlier hits here.
        self._trail: list[tuple[str, list[int]]] = []
        # Short price texts by service index (the book's order, so they outlive a query),
        # formatted when a row is first painted: Babel is too slow for all of them up front.
        self._prices: dict[int, str] = {}
        self.headers = (self.tr("Code"), self.tr("Service"), self.tr("Category"), self.tr("Price"))

    # -- what the panel asks ---------------------------------------------------------------------

    @property
    def book(self) -> BookCatalogue | None:
        return self._book

    @property
    def service_count(self) -> int:
        """How many services the book sells (hits or not)."""
        return len(self._services)

    @property
    def filtered(self) -> bool:
        """Whether the query has a word, so the rows may be fewer than the book's services."""
        return bool(self._query.split())

    def set_book(self, book: BookCatalogue | None) -> None:
        """Show `book`'s services (none for None), filtered by the current query."""
        self.beginResetModel()
        self._book = book
        self._services = book.services if book is not None else ()
        self._texts = [service.search_text for service in self._services]
        self._locale = document_locale(book.language, book.locale) if book is not None else "en"
        self._prices = {}
        self._trail = [("", list(range(len(self._services))))]
        self._hits = self._search(self._query)
        self.endResetModel()

    def set_query(self, text: str) -> None:
        """Show the services whose search text holds every word of `text` (case-insensitive). The
        rows change by one model reset, or not at all when the hits are the same."""
        self._query = text.casefold()
        hits = self._search(self._query)
        if hits == self._hits:
            return  # a space typed, say: keep the view's selection and scroll position
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def service_at(self, row: int) -> ServiceInfo:
        """The service shown on `row` (IndexError outside the rows)."""
        return self._services[self._hits[row]]

    def _search(self, query: str) -> list[int]:
        trail = self._trail
        while len(trail) > 1 and not query.startswith(trail[-1][0]):
            trail.pop()
        last_query, last_hits = trail[-1]
        if query == last_query:
            return last_hits
        # Every word of `last_query` is part of a word of `query`: its hits hold all of ours.
        hits = matching(self._texts, last_hits, query.split())
        trail.append((query, hits))
        return hits

    def _price_text(self, index: int) -> str:
        text = self._prices.get(index)
        if text is None:
            text = short_price_text(self._services[index].price, self._locale)
            self._prices[index] = text
        return text

    def _tooltip(self, service: ServiceInfo) -> str:
        # Rich text, escaped: a long summary wraps, and a '<' in a book's text stays a '<'.
        lines = "<br>".join(escape(line) for line in full_price_text(service.price, self._locale))
        return f"<p>{escape(service.summary)}</p><p>{lines}</p>"

    # -- QAbstractTableModel ---------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # A painted row asks for seven roles a cell: the roles shown come first, plain ints
        # compared, so each unasked role costs as little Python as it can.
        if role == _DISPLAY:
            row = index.row()
            if not 0 <= row < len(self._hits):  # an invalid index has row -1
                return None
            column = index.column()
            if column == _PRICE:
                return self._price_text(self._hits[row])
            service = self._services[self._hits[row]]
            if column == _CODE:
                return service.code
            if column == _SERVICE:
                return service.name
            return service.category_name if column == _CATEGORY else None
        if role == _ALIGNMENT:
            return _PRICE_ALIGNMENT if index.column() == _PRICE and index.isValid() else None
        if role == _TOOLTIP:
            row = index.row()
            if not 0 <= row < len(self._hits):
                return None
            return self._tooltip(self._services[self._hits[row]])
        return None


class CataloguePanel(QWidget):
    """Search a book's services and pick one, by keyboard or mouse: type to filter, Down to the
    table, Enter (or a double click) to choose, Escape back to the search box."""

    service_chosen = Signal(object)
    """A service was chosen (Enter or a double click on its row): the `ServiceInfo`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CatalogueModel(self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search services (code, name, category)"))
        self.search.setAccessibleName(self.tr("Search services"))
        self.search.setClearButtonEnabled(True)
        label = QLabel(self.tr("&Search"), self)
        label.setBuddy(self.search)

        self.table = row_table(self.model, self.tr("Services"), self)
        self._size_rows_and_columns()

        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("Services shown"))

        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        QWidget.setTabOrder(self.search, self.table)

        self.search.textChanged.connect(self.model.set_query)
        self.model.modelReset.connect(self._show_count)
        self.table.doubleClicked.connect(self._choose)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self._show_count()

    def _size_rows_and_columns(self) -> None:
        fixed_sizes(
            self.table,
            {CatalogueModel.CODE: 11, CatalogueModel.CATEGORY: 16, CatalogueModel.PRICE: 28},
            (CatalogueModel.SERVICE,),
        )

    def set_book(self, book: BookCatalogue | None) -> None:
        """Show `book`'s services (none for None), keeping what is typed in the search box."""
        self.model.set_book(book)

    def _show_count(self) -> None:
        total = self.model.service_count
        if self.model.book is None:
            text = ""
        elif self.model.filtered:
            text = self.tr("{shown} of %Ln services", "", total).format(
                shown=self.locale().toString(self.model.rowCount())
            )
        elif total == 1:
            text = self.tr("1 service")
        else:
            text = self.tr("%Ln services", "", total)
        self.count.setText(text)

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.service_chosen.emit(self.model.service_at(index.row()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The keys that walk between the search box and the table (see the class)."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        plain = not event.modifiers() & _CHORDS
        if watched is self.search and key == Qt.Key.Key_Down and plain:
            if self.model.rowCount() > 0:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                self.table.setCurrentIndex(self.model.index(0, 0))
            return True
        if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self._choose(self.table.currentIndex())
            return True
        if watched is self.table and key == Qt.Key.Key_Escape:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)
