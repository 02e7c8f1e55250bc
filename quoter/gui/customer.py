"""The quote's customer: legal name, address, tax id and signatory, completed from the customers
already in the register and checked as a request file's `[customer]` table is checked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from quoter.domain.problems import Problem
from quoter.domain.quote import Customer, Signatory
from quoter.usecases.customers import checked_customer

Lookup = Callable[[str, Callable[[list[Customer]], None]], None]
"""Asks for the register's customers whose name contains the text; answers later, on the UI
thread (the window runs the query on a worker)."""


UNFILLED = "-"
"""What a draft keeps for a customer's field not typed in yet (shown empty again)."""


class CustomerPanel(QWidget):
    """Who the quote is for. Typing a name offers the register's customers; choosing one fills
    in the rest. `changed` says a field was left with a customer that reads, or with problems."""

    changed = Signal()

    def __init__(self, lookup: Lookup | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lookup = lookup
        self._known: dict[str, Customer] = {}
        self._asked = 0
        """How many lookups were asked: only the newest one's answer is offered."""
        self.legal_name = QLineEdit(self)
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.tax_id = QLineEdit(self)
        self.signatory = QLineEdit(self)
        self.title = QLineEdit(self)
        self.errors = QLabel(self)
        self.errors.setStyleSheet("color: #b3261e;")
        self.errors.setWordWrap(True)
        self.errors.hide()
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget, label, name in (
            (self.legal_name, self.tr("&Customer:"), self.tr("Customer's legal name")),
            (self.address, self.tr("A&ddress:"), self.tr("Customer's address, one line each")),
            (self.tax_id, self.tr("Ta&x id:"), self.tr("Customer's tax or VAT id")),
            (self.signatory, self.tr("Si&gnatory:"), self.tr("Signatory's full name")),
            (self.title, self.tr("Signatory's &title:"), self.tr("Signatory's job title")),
        ):
            widget.setAccessibleName(name)
            buddy = QLabel(label, self)
            buddy.setBuddy(widget)
            layout.addRow(buddy, widget)
        layout.addRow(self.errors)
        self.legal_name.setPlaceholderText(
            self.tr("Type a name: customers in the register are offered")
        )
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.legal_name.setCompleter(self.completer)
        self.completer.activated.connect(self.fill_from)
        self.legal_name.textEdited.connect(self._ask)
        for line in (self.legal_name, self.tax_id, self.signatory, self.title):
            line.editingFinished.connect(self.changed)
        self.address.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.address and event.type() == QEvent.Type.FocusOut:
            self.changed.emit()  # a text box has no editingFinished: leaving it is the end
        return False

    def _ask(self, text: str) -> None:
        if self.lookup is not None and len(text.strip()) >= 2:
            self._asked += 1
            asked = self._asked
            self.lookup(text.strip(), lambda customers: self._offer(customers, asked))

    def _offer(self, customers: list[Customer], asked: int) -> None:
        if asked != self._asked:  # an answer to an older keystroke, overtaken by a newer one
            return
        self._known = {customer.legal_name: customer for customer in customers}
        self.names.setStringList(list(self._known))

    def fill_from(self, legal_name: str) -> None:
        """Fill in every field from the register's customer of that name."""
        customer = self._known.get(legal_name)
        if customer is None:
            return
        self.show_customer(customer)
        self.changed.emit()

    def show_customer(self, customer: Customer | None) -> None:
        """Show `customer` in the fields (None: empty)."""

        def shown(text: str) -> str:
            return "" if text == UNFILLED else text

        self.legal_name.setText(shown(customer.legal_name) if customer else "")
        address = [line for line in customer.address if line != UNFILLED] if customer else []
        self.address.setPlainText("\n".join(address))
        self.tax_id.setText((customer.tax_id or "") if customer else "")
        self.signatory.setText(shown(customer.signatory.name) if customer else "")
        self.title.setText(shown(customer.signatory.title) if customer else "")
        self.errors.hide()

    def as_typed(self) -> Customer | None:
        """The customer exactly as typed so far, checked or not (None: nothing typed): what the
        draft keeps, so an unfinished customer is saved and restored like everything else.
        A field left empty reads as `UNFILLED`; issuing checks the customer in full."""
        fields = self._fields()
        if not any((fields["legal_name"], *fields["address"], fields["tax_id"])) and not any(
            fields["signatory"].values()
        ):
            return None
        return Customer(
            fields["legal_name"] or UNFILLED,
            tuple(fields["address"]) or (UNFILLED,),
            Signatory(
                fields["signatory"]["name"] or UNFILLED, fields["signatory"]["title"] or UNFILLED
            ),
            fields["tax_id"] or None,
        )

    def _fields(self) -> dict[str, Any]:
        return {
            "legal_name": self.legal_name.text().strip(),
            "address": [
                line.strip() for line in self.address.toPlainText().splitlines() if line.strip()
            ],
            "tax_id": self.tax_id.text().strip(),
            "signatory": {
                "name": self.signatory.text().strip(),
                "title": self.title.text().strip(),
            },
        }

    def customer(self) -> tuple[Customer | None, tuple[Problem, ...]]:
        """The customer the fields describe, or None and what is missing or wrong (also shown)."""
        customer, problems = checked_customer(self._fields())
        self.errors.setText("\n".join(str(problem) for problem in problems))
        self.errors.setVisible(bool(problems))
        return customer, problems
