"""What the app's tables share: a flat model with fixed column titles, whose cells can be
selected and never edited (nothing a user sees in a list is a price they could change)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class ReadOnlyTable(QAbstractTableModel):
    """A flat, read-only table; subclasses set `headers` and give rows and data."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = ()

    def columnCount(self, parent: Index = ROOT) -> int:
        """The columns (none under a row: the model is flat)."""
        return 0 if parent.isValid() else len(self.headers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable and enabled; never editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column titles."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


def fixed_sizes(table: QTableView, widths: dict[int, int], stretch: tuple[int, ...]) -> None:
    """Fixed row heights, and column widths set once (`widths`: column -> average characters;
    `stretch`: the columns that share the rest): nothing is measured from the rows, so a reset
    never walks ten thousand rows to size them."""
    metrics = table.fontMetrics()
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setMinimumSectionSize(1)
    rows.setDefaultSectionSize(metrics.height() + 8)
    columns = table.horizontalHeader()
    columns.setHighlightSections(False)
    columns.setStretchLastSection(False)
    for column, chars in widths.items():
        columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        columns.resizeSection(column, metrics.averageCharWidth() * chars)
    for column in stretch:
        columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def row_table(model: ReadOnlyTable, name: str, parent: QWidget) -> QTableView:
    """A table of `model` as the app's lists are: whole rows chosen one at a time, nothing
    edited, no grid, alternate rows shaded; Tab leaves the table (the focus chain goes on)."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    return table
