"""The quote builder's lines and totals: the draft as the engine priced it, one row a request line,
each problem at its line, and the totals of the lines that price pinned under the table.

The view shows a `DraftPricing` and asks for changes by signals (remove, duplicate, move); it never
changes the request: the window owns it, prices the next snapshot through `edit_draft` and calls
`set_draft` again. Every amount comes from the engine; this module only formats it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from quoter.domain.display import money_text, number_text
from quoter.domain.draft import DraftPricing
from quoter.domain.money import Money
from quoter.domain.quote import PricedLine, RequestLine
from quoter.gui.read_only_table import ROOT, Index, ReadOnlyTable, fixed_sizes, row_table

_NUMBER, _SERVICE, _SCOPE, _QUANTITY, _AMOUNT = range(5)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_PROBLEM_COLOUR = QBrush(QColor(198, 40, 40))
_NONE = "–"  # noqa: RUF001 (an en dash: an amount that cannot be stated yet)


class LinesModel(ReadOnlyTable):
    """A draft's request lines, priced as far as they price: No., Service, Scope, Quantity,
    Amount. A line with a problem shows its first problem in red where its amount would be.
    Read-only: nothing here is ever entered."""

    NUMBER, SERVICE, SCOPE, QUANTITY, AMOUNT = _NUMBER, _SERVICE, _SCOPE, _QUANTITY, _AMOUNT

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._draft: DraftPricing | None = None
        self._locale = "en"
        self._book_ref = ""
        self.headers = (
            self.tr("No."),
            self.tr("Service"),
            self.tr("Scope"),
            self.tr("Quantity"),
            self.tr("Amount"),
        )

    @property
    def draft(self) -> DraftPricing | None:
        """The draft shown (None: nothing)."""
        return self._draft

    @property
    def money_locale(self) -> str:
        """The locale the money is shown in (`en_US`, `de_DE`)."""
        return self._locale

    def set_draft(self, draft: DraftPricing | None, locale: str, book_ref: str) -> None:
        """Show `draft` (None: no rows), its money in `locale`, its book named `book_ref`."""
        self.beginResetModel()
        self._draft, self._locale, self._book_ref = draft, locale, book_ref
        self.endResetModel()

    # -- the texts of one line -------------------------------------------------------------------

    def _money(self, money: Money) -> str:
        return money_text(money, self._locale)

    def _text(self, row: int, column: int) -> str:
        assert self._draft is not None
        request = self._draft.request.lines[row]
        priced = self._draft.lines[row]
        if column == _NUMBER:
            return str(row + 1)
        if column == _SERVICE:
            return request.service if priced is None else f"{priced.service_code}  {priced.name}"
        if column == _SCOPE:
            if priced is None:
                return ", ".join(f"{name}: {value}" for name, value in request.parameters.items())
            return priced.summary or _parameters_text(priced)
        if column == _QUANTITY:
            return self._quantity_text(request, priced)
        if priced is not None:
            return self._money(priced.total)
        problems = self._draft.line_problems(row)
        return problems[0].message if problems else self.tr("Not priced")

    def _quantity_text(self, request: RequestLine, priced: PricedLine | None) -> str:
        if priced is None:
            quantity = request.quantity
            return "" if quantity is None else number_text(quantity, self._locale)
        text = number_text(priced.quantity, self._locale)
        return f"{text} {priced.unit}" if priced.model == "per_unit" and priced.unit else text

    def _tooltip(self, row: int, column: int) -> str | None:
        assert self._draft is not None
        priced = self._draft.lines[row]
        if column == _SCOPE and priced is not None:
            return _rich([_parameters_text(priced), priced.scope])
        if column != _AMOUNT:
            return None
        if priced is None:
            problems = self._draft.line_problems(row) or tuple(
                p for p in self._draft.problems if p.path[:1] != ("lines",) or len(p.path) < 2
            )
            return _rich([p.message for p in problems])
        book = self.tr("Price book: {book}").format(book=self._book_ref)
        return _rich([self._derivation(priced), book])

    def _derivation(self, line: PricedLine) -> str:
        """How the engine came to the line's total, in the inputs it used."""
        total = self._money(line.total)
        base, unit_price, units = line.base, line.unit_price, line.units
        if line.model == "base_plus_unit" and base and unit_price and units is not None:
            return self.tr(
                "{base} + {units} × {unit_price} ({unit}) = {total}"  # noqa: RUF001 (a times sign)
            ).format(
                base=self._money(base),
                units=number_text(units, self._locale),
                unit_price=self._money(unit_price),
                unit=line.unit or "",
                total=total,
            )
        if line.model == "per_unit" and line.unit_price is not None:
            return self.tr(
                "{quantity} × {unit_price} ({unit}) = {total}"  # noqa: RUF001 (a times sign)
            ).format(
                quantity=number_text(line.quantity, self._locale),
                unit_price=self._money(line.unit_price),
                unit=line.unit or "",
                total=total,
            )
        if line.model == "tiered":
            return self.tr("Tiered price for {parameters}: {total}").format(
                parameters=_parameters_text(line), total=total
            )
        return self.tr("Fixed price: {total}").format(total=total)

    # -- QAbstractTableModel ---------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        """A line can be dragged to another place (the view reports the move); never edited."""
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def rowCount(self, parent: Index = ROOT) -> int:
        """One row a request line (none under a row: the model is flat)."""
        if parent.isValid() or self._draft is None:
            return 0
        return len(self._draft.request.lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text, tooltip, alignment and (for a problem) colour."""
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in (_NUMBER, _QUANTITY, _AMOUNT) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            bad = self._draft is not None and self._draft.lines[row] is None
            return _PROBLEM_COLOUR if column == _AMOUNT and bad else None
        return None


def _parameters_text(line: PricedLine) -> str:
    return ", ".join(f"{p.label}: {p.shown}" for p in line.parameters)


def _rich(lines: list[str]) -> str:
    """A tooltip as escaped rich text: a '<' in a seller's value stays a '<', long lines wrap."""
    return "<p>" + "<br>".join(escape(line, quote=False) for line in lines if line) + "</p>"


class DraftView(QWidget):
    """The draft's lines in a table, the totals pinned under it, and the line actions (Remove,
    Duplicate, Move up, Move down) as buttons and as keys on the table."""

    remove_requested = Signal(int)
    """Remove the line at this row (Delete)."""
    duplicate_requested = Signal(int)
    """Insert a copy of the line at this row after it (Ctrl+D)."""
    move_requested = Signal(int, int)
    """Move the line from the first row to the second (Ctrl+Alt+Up, Ctrl+Alt+Down, a drag)."""
    edit_requested = Signal(int)
    """Change the line at this row in its form (Enter, F2, a double click)."""
    step_requested = Signal(int, int)
    """One unit more (+1) or less (-1) of the line at this row (Ctrl++, Ctrl+-)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LinesModel(self)
        self.table = row_table(self.model, self.tr("Quote lines"), self)
        # drag a line to move it: the view only reports the move; the builder makes it
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDropIndicatorShown(True)
        self.table.viewport().installEventFilter(self)
        self.read_only = False
        self._size_columns()

        self.remove_action = self._action(
            self.tr("Remove"), self.tr("Remove the line"), QKeySequence.StandardKey.Delete
        )
        self.duplicate_action = self._action(
            self.tr("Duplicate"), self.tr("Duplicate the line"), QKeySequence("Ctrl+D")
        )
        self.move_up_action = self._action(
            self.tr("Move up"), self.tr("Move the line up"), QKeySequence("Ctrl+Alt+Up")
        )
        self.move_down_action = self._action(
            self.tr("Move down"), self.tr("Move the line down"), QKeySequence("Ctrl+Alt+Down")
        )
        self.edit_action = self._action(
            self.tr("Change"), self.tr("Change the line in its form"), QKeySequence("F2")
        )
        self.more_action = self._action(
            self.tr("+1"), self.tr("One more unit (day, course...)"), QKeySequence("Ctrl++")
        )
        self.more_action.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.fewer_action = self._action(
            self.tr("-1"), self.tr("One unit less"), QKeySequence("Ctrl+-")
        )
        buttons = QHBoxLayout()
        self.buttons: list[QToolButton] = []
        for action in (
            self.edit_action,
            self.more_action,
            self.fewer_action,
            self.duplicate_action,
            self.remove_action,
            self.move_up_action,
            self.move_down_action,
        ):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAccessibleName(action.text())
            button.setToolTip(action.toolTip())
            buttons.addWidget(button)
            self.buttons.append(button)
        buttons.addStretch(1)
        self.buttons[1].setAccessibleName(self.tr("One more unit"))
        self.buttons[2].setAccessibleName(self.tr("One unit less"))

        self.subtotal_text, self.tax_name, self.tax_text, self.total_text = (
            QLabel(self) for _ in range(4)
        )
        subtotal_name = QLabel(self.tr("Subtotal"), self)
        self.total_name = QLabel(self.tr("Total"), self)
        bold = QFont(self.font())
        bold.setBold(True)
        self.total_name.setFont(bold)
        self.total_text.setFont(bold)
        totals = QGridLayout()
        totals.setColumnStretch(0, 1)
        for row, (name, amount) in enumerate(
            (
                (subtotal_name, self.subtotal_text),
                (self.tax_name, self.tax_text),
                (self.total_name, self.total_text),
            )
        ):
            amount.setAlignment(_RIGHT)
            amount.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            totals.addWidget(name, row, 1, _RIGHT)
            totals.addWidget(amount, row, 2, _RIGHT)
        self.subtotal_text.setAccessibleName(self.tr("Subtotal"))
        self.total_text.setAccessibleName(self.tr("Total"))
        self.note = QLabel(self)
        self.note.setAccessibleName(self.tr("Totals note"))
        self.note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(totals)

        self.model.modelReset.connect(self._show_totals)
        self.model.modelReset.connect(self._enable_actions)
        self.table.selectionModel().selectionChanged.connect(self._enable_actions)
        self.remove_action.triggered.connect(self._remove)
        self.duplicate_action.triggered.connect(self._duplicate)
        self.move_up_action.triggered.connect(lambda: self._move(-1))
        self.move_down_action.triggered.connect(lambda: self._move(1))
        self.edit_action.triggered.connect(self._edit)
        self.more_action.triggered.connect(lambda: self._step(1))
        self.fewer_action.triggered.connect(lambda: self._step(-1))
        self.table.doubleClicked.connect(lambda index: self._edit())
        self.table.installEventFilter(self)
        self._show_totals()
        self._enable_actions()

    def _action(
        self, text: str, tip: str, keys: QKeySequence | QKeySequence.StandardKey
    ) -> QAction:
        """An action whose keys work while the table (or one of the buttons) has the focus."""
        action = QAction(text, self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shortcut})")
        self.addAction(action)
        return action

    def _size_columns(self) -> None:
        fixed_sizes(self.table, {_NUMBER: 5, _QUANTITY: 14, _AMOUNT: 22}, (_SERVICE, _SCOPE))

    def set_draft(self, draft: DraftPricing | None, locale: str, book_ref: str) -> None:
        """Show `draft` (None: nothing) in `locale`; `book_ref` names its book in the tooltips."""
        self.model.set_draft(draft, locale, book_ref)

    def select_row(self, row: int) -> None:
        """Select line `row` and make it current (after a move or a duplicate, say)."""
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))

    def selected_row(self) -> int | None:
        """The selected line's row, or None."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _show_totals(self) -> None:
        draft = self.model.draft
        locale = self.model.money_locale

        def shown(money: Money | None) -> str:
            return _NONE if money is None else money_text(money, locale)

        self.subtotal_text.setText(shown(draft.subtotal if draft else None))
        self.total_text.setText(shown(draft.total if draft else None))
        tax = draft.tax if draft else None
        self.tax_name.setVisible(tax is not None)
        self.tax_text.setVisible(tax is not None)
        if tax is not None:
            name = self.tr("{label} ({percent} %)").format(
                label=tax.label, percent=number_text(tax.percent, locale)
            )
            self.tax_name.setText(name)
            self.tax_text.setText(money_text(tax.amount, locale))
            self.tax_text.setAccessibleName(name)
        if draft is None:
            note = ""
        elif not draft.request.lines:
            note = self.tr("Add a service from the list")
        elif draft.complete:
            note = ""
        else:
            bad = sum(1 for line in draft.lines if line is None)
            note = self.tr("Totals of the lines that price; %n line(s) need attention", "", bad)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def set_read_only(self, read_only: bool) -> None:
        """An issued quote is only shown: no line can be removed, copied or moved."""
        self.read_only = read_only
        self._enable_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A line dropped on another row moves there (a drag within the table)."""
        focused = watched is self.table and event.type() == QEvent.Type.FocusIn
        if focused and self.selected_row() is None and self.model.rowCount():
            current = self.table.currentIndex()  # a row chosen on entry: the keys act at once
            self.select_row(current.row() if current.isValid() else 0)
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self._edit()
            return True
        if watched is not self.table.viewport():
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            source = self.selected_row()
            if event.source() is self.table and source is not None and not self.read_only:
                target = self.table.rowAt(event.position().toPoint().y())
                if target < 0:  # below the last line: to the end
                    target = self.model.rowCount() - 1
                if target != source:
                    self.move_requested.emit(source, target)
            event.setDropAction(Qt.DropAction.IgnoreAction)
            event.accept()
            return True
        if event.type() == QEvent.Type.DragMove and isinstance(event, QDragMoveEvent):
            if event.source() is self.table and not self.read_only:
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        return super().eventFilter(watched, event)

    def _enable_actions(self) -> None:
        row = None if self.read_only else self.selected_row()
        chosen = row is not None
        self.remove_action.setEnabled(chosen)
        self.duplicate_action.setEnabled(chosen)
        self.move_up_action.setEnabled(row is not None and row > 0)
        self.move_down_action.setEnabled(row is not None and row < self.model.rowCount() - 1)
        self.edit_action.setEnabled(chosen)
        counted = row is not None and self._has_quantity(row)
        self.more_action.setEnabled(counted)
        self.fewer_action.setEnabled(counted)

    def _has_quantity(self, row: int) -> bool:
        draft = self.model.draft
        return draft is not None and draft.request.lines[row].quantity is not None

    def _edit(self) -> None:
        row = None if self.read_only else self.selected_row()
        if row is not None:
            self.edit_requested.emit(row)

    def _step(self, steps: int) -> None:
        row = None if self.read_only else self.selected_row()
        if row is not None and self._has_quantity(row):
            self.step_requested.emit(row, steps)

    def _remove(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.remove_requested.emit(row)

    def _duplicate(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.duplicate_requested.emit(row)

    def _move(self, step: int) -> None:
        row = self.selected_row()
        if row is not None and 0 <= row + step < self.model.rowCount():
            self.move_requested.emit(row, row + step)
