"""The quote's customer: offered from the register as you type, filled in on choosing, checked
as a request file's customer is, and undone like any other change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from quoter.books.request_file import read_quote_request
from quoter.gui.builder import CUSTOMER_TO_COME, QuoteBuilder
from quoter.gui.customer import UNFILLED
from quoter.usecases.catalogue import catalogue
from quoter.usecases.register import new_draft
from quoter.usecases.settings import Settings
from tests.conftest import DATA, context_for

REQUEST = read_quote_request(DATA / "request.toml")  # Smith & Sons <Ltd>, 1 Main Street...


def builder_on(qtbot: QtBot, tmp_path: Path) -> QuoteBuilder:
    settings = Settings(database=f"sqlite:///{tmp_path / 'register.sqlite3'}")
    context = context_for(settings)
    new_draft(
        context_for(Settings(data_dirs=(DATA / "books",), database=settings.database)), REQUEST
    )
    builder = QuoteBuilder(context)
    qtbot.addWidget(builder)
    with qtbot.waitExposed(builder):
        builder.show()
    builder.set_book(catalogue(context, "en").book("services-usd"))
    return builder


def test_typing_a_name_offers_the_registers_customer_and_choosing_fills_it_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    builder = builder_on(qtbot, tmp_path)
    panel = builder.customer
    panel.legal_name.setFocus()
    qtbot.keyClicks(panel.legal_name, "smith")
    qtbot.waitUntil(lambda: panel.names.rowCount() == 1)
    assert panel.names.stringList() == ["Smith & Sons <Ltd>"]
    panel.completer.activated.emit("Smith & Sons <Ltd>")  # the user picks it in the list
    assert panel.address.toPlainText() == "1 Main Street\nSpringfield, IL 62701\nUSA"
    assert (panel.tax_id.text(), panel.signatory.text(), panel.title.text()) == (
        "US-12-3456789",
        "Jane Smith",
        "CTO",
    )
    assert builder.request is not None and builder.request.customer == REQUEST.customer


def test_a_typed_customer_goes_into_the_quote_and_is_undone(qtbot: QtBot, tmp_path: Path) -> None:
    builder = builder_on(qtbot, tmp_path)
    panel = builder.customer
    panel.legal_name.setText("Nordlicht Robotik GmbH")
    panel.address.setPlainText("Hafenstraße 1\n20457 Hamburg\nGermany")
    panel.signatory.setText("Anna Berg")
    panel.title.setFocus()
    qtbot.keyClicks(panel.title, "CTO")
    qtbot.keyClick(panel.title, Qt.Key.Key_Return)  # leaving the field finishes the edit
    assert builder.request is not None
    assert builder.request.customer.legal_name == "Nordlicht Robotik GmbH"
    assert builder.request.customer.address == ("Hafenstraße 1", "20457 Hamburg", "Germany")
    assert builder.undo_stack.undoText() == "Change customer"
    while builder.undo_stack.canUndo():  # every customer change as typed is a step
        builder.undo_stack.undo()
    assert builder.request.customer == CUSTOMER_TO_COME
    assert panel.legal_name.text() == ""  # the fields follow the undo
    builder.undo_stack.redo()
    assert panel.legal_name.text() == "Nordlicht Robotik GmbH"


def test_a_customer_missing_its_signatory_says_so_and_is_kept_as_typed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    builder = builder_on(qtbot, tmp_path)
    panel = builder.customer
    panel.legal_name.setText("Nordlicht Robotik GmbH")
    panel.address.setPlainText("Hafenstraße 1")
    panel.title.setFocus()
    qtbot.keyClick(panel.title, Qt.Key.Key_Return)
    assert panel.errors.isVisible()
    assert "customer.signatory.name: is missing" in panel.errors.text()
    # kept in the draft as typed (saved with it, never lost), checked in full at issue
    assert builder.request is not None
    assert builder.request.customer.legal_name == "Nordlicht Robotik GmbH"
    assert builder.request.customer.address == ("Hafenstraße 1",)
    assert builder.request.customer.signatory.name == UNFILLED
    assert builder.undo_stack.count() == 1
