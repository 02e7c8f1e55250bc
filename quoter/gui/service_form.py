"""The inline form that adds one service to a quote: one field per parameter of the service, a
quantity for a per-unit service, and the price shown as text (never entered: there is no price,
discount or override input anywhere).

The form checks only what it can see (an empty required field, a quantity that is not a number);
everything else is the domain's to say, through the `check` function the window passes in, whose
problems are shown at their fields. Keyboard-first: Enter in any field adds the line, Escape
cancels, Tab walks the fields top to bottom and then the button.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from quoter.domain.display import number_text
from quoter.domain.pricebook import ParameterKind
from quoter.domain.problems import Problem
from quoter.domain.quote import RequestLine
from quoter.gui.catalogue import full_price_text
from quoter.gui.mnemonics import focusable_before, letters_in_use, without_mnemonic
from quoter.usecases.catalogue import ParameterInfo, ServiceInfo

Check = Callable[[RequestLine], Sequence[Problem]]
Field = QLineEdit | QComboBox | QSpinBox
_QUANTITY = "quantity"
"""The key of the quantity field among the fields (never a parameter's name in a path's place)."""
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHORDS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.MetaModifier
)
_ERROR_STYLE = "color: #b00020;"
_INTEGER_RANGE = (0, 10_000)
"""An integer parameter's range when its book gives none."""


def _mnemonic(label: str, taken: set[str]) -> str:
    """`label` with `&` before its first letter no other label has taken (and `&` escaped)."""
    escaped = label.replace("&", "&&")
    for position, char in enumerate(escaped):
        if char.isalpha() and char.casefold() not in taken:
            taken.add(char.casefold())
            return f"{escaped[:position]}&{escaped[position:]}"
    return escaped


class ServiceForm(QWidget):
    """Fill in one service's parameters (and quantity) and add it as a `RequestLine`."""

    submitted = Signal(object)
    """The line to add (a `RequestLine`), after the local checks and `check` found no problem."""
    cancelled = Signal()
    """Escape was pressed in the form."""

    def __init__(self, check: Check | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._service: ServiceInfo | None = None
        self._fields: dict[str, Field] = {}
        self._errors: dict[str, QLabel] = {}
        self.quantity_unit: QLabel | None = None
        """The unit shown after the quantity (for a per-unit service)."""

        self.heading = QLabel(self)
        self.heading.setAccessibleName(self.tr("Service to add"))
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.hint = QLabel(self.tr("Choose a service in the list to add it"), self)
        self.price = QLabel(self)
        self.price.setAccessibleName(self.tr("Price"))
        self.price.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.general_error = self._error_label()
        self.general_error.setAccessibleName(self.tr("Problem with this line"))
        self.add_button = QPushButton(self.tr("&Add line"), self)
        self.add_button.setAccessibleName(self.tr("Add line"))
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.submit)
        self.add_button.installEventFilter(self)

        self._body = QWidget(self)
        self._form = QFormLayout(self._body)
        self._form.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.general_error)
        layout.addWidget(self._body)
        layout.addWidget(self.price)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.set_service(None)

    # -- building ----------------------------------------------------------------------------------

    @property
    def service(self) -> ServiceInfo | None:
        """The service the form adds, if any."""
        return self._service

    def set_service(self, service: ServiceInfo | None, locale: str | None = None) -> None:
        """Show the fields of `service` (or, for None, only a hint to choose one). `locale` formats
        the price (the book's document locale; the service's language when not given)."""
        while self._form.rowCount():
            self._form.removeRow(0)
        # where the fields go in the Tab order: where the form is, not after the whole window
        anchor = focusable_before(self.add_button)
        self._fields.clear()
        self._errors.clear()
        self.quantity_unit = None
        self._service = service
        self.clear_problems()
        self.hint.setVisible(service is None)
        self._body.setVisible(service is not None)
        self.add_button.setEnabled(service is not None)
        if service is None:
            self.heading.setText("")
            self.price.setText("")
            return
        self.heading.setText(
            self.tr("Add {code}: {name}").format(code=service.code, name=service.name)
        )
        money_locale = locale or service.language
        self.price.setText(
            self.tr("Price: {price}").format(
                price="\n".join(full_price_text(service.price, money_locale))
            )
        )
        # the Add line button's letter, and every letter the window around already answers to:
        # a letter used twice makes Alt+letter only move the focus (GUI.md item 12)
        taken = {"a"} | letters_in_use(self.window(), outside=self)
        for parameter in service.parameters:
            label = parameter.label + (" *" if parameter.required else "")
            self._add_row(parameter.name, _mnemonic(label, taken), self._field(parameter))
        if service.takes_quantity:
            self._add_row(_QUANTITY, _mnemonic(self.tr("Quantity"), taken), None)
        chain: list[QWidget] = [*self._fields.values(), self.add_button]
        if anchor is not None and anchor not in chain:
            chain.insert(0, anchor)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _field(self, parameter: ParameterInfo) -> Field:
        default = parameter.default
        if parameter.kind is ParameterKind.TEXT:
            edit = QLineEdit(self._body)
            if parameter.max_length:
                edit.setMaxLength(parameter.max_length)
            edit.setText("" if default is None else str(default))
            return edit
        if parameter.kind is ParameterKind.INTEGER:
            spin = QSpinBox(self._body)
            low, high = _INTEGER_RANGE
            spin.setRange(
                low if parameter.minimum is None else parameter.minimum,
                high if parameter.maximum is None else parameter.maximum,
            )
            if isinstance(default, int):
                spin.setValue(default)
            return spin
        combo = QComboBox(self._body)
        if parameter.kind is ParameterKind.RELEASE:
            for release in reversed(parameter.releases):  # newest first
                combo.addItem(release.name, release.id)
            combo.setPlaceholderText(self.tr("Choose a release"))
        else:
            for choice in parameter.choices:
                combo.addItem(choice.label, choice.value)
            combo.setPlaceholderText(self.tr("Choose one"))
        combo.setCurrentIndex(-1 if default is None else combo.findData(default))
        return combo

    def _add_row(self, key: str, label_text: str, field: Field | None) -> None:
        plain = without_mnemonic(label_text)
        plain = plain.removesuffix(" *")
        label = QLabel(label_text, self._body)
        widget: QWidget
        if field is None:  # the quantity: a line edit, its unit after it, a hint under it
            assert self._service is not None
            price = self._service.price
            edit = QLineEdit(self._body)
            edit.setText("" if price.min_quantity is None else str(price.min_quantity))
            unit = QLabel(price.unit or "", self._body)
            unit.setAccessibleName(self.tr("Unit"))
            hint = QLabel(self._quantity_hint(), self._body)
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(unit)
            column = QVBoxLayout()
            column.addLayout(row)
            column.addWidget(hint)
            widget = QWidget(self._body)
            column.setContentsMargins(0, 0, 0, 0)
            widget.setLayout(column)
            field = edit
            self.quantity_unit = unit
        else:
            widget = field
        field.setAccessibleName(plain)
        field.installEventFilter(self)
        label.setBuddy(field)
        error = self._error_label()
        error.setAccessibleName(self.tr("Problem with {field}").format(field=plain))
        holder = QVBoxLayout()
        holder.setSpacing(2)
        holder.addWidget(widget)
        holder.addWidget(error)
        self._form.addRow(label, holder)
        self._fields[key] = field
        self._errors[key] = error

    def _quantity_hint(self) -> str:
        assert self._service is not None
        price, language = self._service.price, self._service.language
        if price.min_quantity is None or price.max_quantity is None:
            return ""
        text = self.tr("{minimum} to {maximum}, in units of: {unit}").format(
            minimum=number_text(price.min_quantity, language),
            maximum=number_text(price.max_quantity, language),
            unit=price.unit or "",
        )
        if price.quantity_step is not None and price.quantity_step != 1:
            text += self.tr(", in steps of {step}").format(
                step=number_text(price.quantity_step, language)
            )
        return text

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setStyleSheet(_ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    # -- reading -----------------------------------------------------------------------------------

    def field(self, key: str) -> Field | None:
        """The input of a parameter (by its name), or of the quantity (`"quantity"`)."""
        return self._fields.get(key)

    def error_text(self, key: str) -> str:
        """The problem shown at a field (empty when none is shown)."""
        error = self._errors.get(key)
        return error.text() if error is not None and not error.isHidden() else ""

    def line(self) -> RequestLine | None:
        """The line the fields say, or None with what is missing or unreadable shown at its field.
        Optional text parameters left empty are left out."""
        service = self._service
        if service is None:
            return None
        self.clear_problems()
        local: list[Problem] = []
        values: dict[str, str | int] = {}
        for parameter in service.parameters:
            field = self._fields[parameter.name]
            path = ("lines", 0, "parameters", parameter.name)
            if isinstance(field, QLineEdit):
                text = field.text().strip()
                if text:
                    values[parameter.name] = text
                elif parameter.required:
                    local.append(Problem(path, self.tr("This is required."), self.tr("a value")))
            elif isinstance(field, QSpinBox):
                values[parameter.name] = field.value()
            elif field.currentIndex() >= 0:
                values[parameter.name] = str(field.currentData())
            elif parameter.required:
                release = parameter.kind is ParameterKind.RELEASE
                message = self.tr("Choose a release.") if release else self.tr("Choose one.")
                local.append(Problem(path, message))
        quantity: Decimal | None = None
        if service.takes_quantity:
            quantity = self._quantity(local)
        if local:
            self._show(local)
            return None
        return RequestLine(service.code, values, quantity)

    def _quantity(self, problems: list[Problem]) -> Decimal | None:
        edit = self._fields[_QUANTITY]
        assert isinstance(edit, QLineEdit)
        text = edit.text().strip()
        point = re.escape(self.locale().decimalPoint())
        if re.fullmatch(rf"[0-9]+(?:(?:\.|{point})[0-9]+)?", text):
            return Decimal(text.replace(self.locale().decimalPoint(), "."))
        problems.append(
            Problem(
                ("lines", 0, _QUANTITY),
                self.tr("Not a number: '{text}'.").format(text=text)
                if text
                else self.tr("This is required."),
                self.tr("digits and a decimal point, such as 2.5, without thousands separators"),
            )
        )
        return None

    # -- problems ----------------------------------------------------------------------------------

    def clear_problems(self) -> None:
        """Hide every problem shown."""
        for label in (self.general_error, *self._errors.values()):
            label.clear()
            label.hide()

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Show each problem at its field, matched by path (a parameter's name or the quantity);
        one that names no field shows at the top of the form. Earlier problems are cleared."""
        self.clear_problems()
        self._show(problems)

    def _show(self, problems: Sequence[Problem]) -> None:
        general: list[str] = []
        for problem in problems:
            text = problem.message
            if problem.expected:
                text += " " + self.tr("Expected: {expected}.").format(expected=problem.expected)
            label = self._errors.get(self._key(problem) or "")
            if label is None:
                general.append(text)
                continue
            label.setText("\n".join(filter(None, (label.text(), text))))
            label.show()
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()

    def _key(self, problem: Problem) -> str | None:
        path = problem.path
        if len(path) == 4 and path[0] == "lines" and path[2] == "parameters":
            return str(path[3]) if str(path[3]) in self._fields else None
        if len(path) == 3 and path[0] == "lines" and path[2] == _QUANTITY:
            return _QUANTITY if _QUANTITY in self._fields else None
        return None

    def _focus_first_problem(self) -> None:
        for key, label in self._errors.items():
            if not label.isHidden():
                self._fields[key].setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def fill(self, line: RequestLine) -> None:
        """Put `line`'s values in the fields of its service (shown by `set_service`): a line is
        changed by filling in its form again."""
        for name, value in line.parameters.items():
            field = self._fields.get(name)
            if isinstance(field, QLineEdit):
                field.setText(str(value))
            elif isinstance(field, QSpinBox) and isinstance(value, int):
                field.setValue(value)
            elif isinstance(field, QComboBox):
                field.setCurrentIndex(field.findData(str(value)))
        quantity = self._fields.get(_QUANTITY)
        if isinstance(quantity, QLineEdit) and line.quantity is not None:
            quantity.setText(str(line.quantity))

    # -- acting ------------------------------------------------------------------------------------

    def focus_first(self) -> None:
        """Put the focus in the first field (the button when the service has none)."""
        first = next(iter(self._fields.values()), None)
        (first or self.add_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        """Add the line: read it, ask `check`, and emit `submitted` only when nothing is wrong;
        otherwise show the problems and put the focus on the first field with one."""
        line = self.line()
        if line is None:
            self._focus_first_problem()
            return
        problems = self._check(line) if self._check is not None else ()
        if problems:
            self.show_problems(problems)
            self._focus_first_problem()
            return
        self.submitted.emit(line)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in any field adds the line; Escape cancels. A combo box's open list receives its
        keys itself (its view, not the combo box), so Up, Down and Enter still pick an item."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = not event.modifiers() & _CHORDS
            if event.key() in _ENTER and plain and watched is not self.add_button:
                self.submit()
                return True
            if event.key() == Qt.Key.Key_Escape and plain:
                self.cancelled.emit()
                return True
        return super().eventFilter(watched, event)
