"""The catalogue panel as a seller uses it: type to find a service, walk to it by keyboard, choose
it; read its price (never edit it); and a big book filters without formatting every price."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import quoter.gui.catalogue as catalogue_module
from bench.bench_books import BOOK_ID, write_files
from quoter.gui.catalogue import CatalogueModel, CataloguePanel
from quoter.usecases.catalogue import BookCatalogue, PriceInfo, catalogue
from quoter.usecases.settings import Settings
from tests.conftest import context_for

pytestmark = pytest.mark.gui

USD_SERVICES = 13  # services-usd 2026.1 sells 13 services


def book(book_id: str = "services-usd") -> BookCatalogue:
    found = catalogue(context_for(), "en").book(book_id)
    assert found is not None
    return found


@pytest.fixture
def open_panel(qtbot: QtBot) -> Callable[[BookCatalogue], CataloguePanel]:
    """A panel showing a book, in a window of its own, shown and active (focus is real)."""

    def open_(shown: BookCatalogue) -> CataloguePanel:
        panel = CataloguePanel()
        qtbot.addWidget(panel)
        panel.set_book(shown)
        panel.resize(900, 500)
        with qtbot.waitExposed(panel), qtbot.waitActive(panel):  # context managers: they wait
            panel.show()
            panel.activateWindow()
        panel.search.setFocus()
        return panel

    return open_


@pytest.fixture
def panel(open_panel: Callable[[BookCatalogue], CataloguePanel]) -> CataloguePanel:
    return open_panel(book())


def shown_book(panel: CataloguePanel) -> BookCatalogue:
    assert panel.model.book is not None
    return panel.model.book


def codes(panel: CataloguePanel) -> list[str]:
    """The codes in the table, top to bottom, as the view reads them."""
    model = panel.table.model()
    return [model.index(row, CatalogueModel.CODE).data() for row in range(model.rowCount())]


def row_of(panel: CataloguePanel, code: str) -> int:
    return codes(panel).index(code)


def cell(panel: CataloguePanel, code: str, column: int, role: int = 0) -> object:
    return panel.table.model().index(row_of(panel, code), column).data(role)


def erase(qtbot: QtBot, panel: CataloguePanel) -> None:
    """Select what is typed and delete it, as a user does."""
    qtbot.keyClick(panel.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)


# -- searching -------------------------------------------------------------------------------------


def test_the_book_opens_with_every_service_in_its_order(panel: CataloguePanel) -> None:
    assert codes(panel) == [service.code for service in shown_book(panel).services]
    assert len(codes(panel)) == USD_SERVICES
    assert panel.count.text() == "13 services"


def test_typing_a_word_shows_only_the_services_that_have_it(
    qtbot: QtBot, panel: CataloguePanel
) -> None:
    qtbot.keyClicks(panel.search, "backport")
    assert codes(panel) == ["BP-FIX", "BP-SEC", "BP-SERIES"]
    assert panel.count.text() == "3 of 13 services"


def test_a_second_word_narrows_in_any_order_and_any_case(
    qtbot: QtBot, panel: CataloguePanel
) -> None:
    qtbot.keyClicks(panel.search, "backport")
    qtbot.keyClicks(panel.search, " Security")
    assert codes(panel) == ["BP-SEC"]
    assert panel.count.text() == "1 of 13 services"
    erase(qtbot, panel)
    qtbot.keyClicks(panel.search, "SECURITY backport")
    assert codes(panel) == ["BP-SEC"]


def test_clearing_the_search_shows_every_service_again(qtbot: QtBot, panel: CataloguePanel) -> None:
    qtbot.keyClicks(panel.search, "driver port")
    assert codes(panel) == ["DP-PORT", "DP-BSP"]
    erase(qtbot, panel)
    assert len(codes(panel)) == USD_SERVICES
    assert panel.count.text() == "13 services"


def test_deleting_back_widens_to_the_earlier_hits(qtbot: QtBot, panel: CataloguePanel) -> None:
    qtbot.keyClicks(panel.search, "backport ser")
    assert codes(panel) == ["BP-SERIES"]
    for _ in " ser":
        qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
    assert codes(panel) == ["BP-FIX", "BP-SEC", "BP-SERIES"]
    for _ in "backport":
        qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
    assert panel.search.text() == ""
    assert len(codes(panel)) == USD_SERVICES


def test_a_search_with_no_hit_says_so(qtbot: QtBot, panel: CataloguePanel) -> None:
    qtbot.keyClicks(panel.search, "backport zeppelin")
    assert codes(panel) == []
    assert panel.count.text() == "0 of 13 services"


def test_narrowing_as_you_type_finds_what_a_fresh_search_finds(
    qtbot: QtBot, panel: CataloguePanel
) -> None:
    """Typed on, deleted back, retyped, spaces and capitals: after every keystroke the rows are
    those a search of the whole book for that text finds."""
    services = shown_book(panel).services

    def expected(text: str) -> list[str]:
        words = text.casefold().split()
        return [s.code for s in services if all(w in s.search_text for w in words)]

    for typed in ("port  d", "\b\b\bBP", "\b\b\b\b\bday re", "\b\b\b\b\b\b\b  ORCA Tr"):
        for key in typed:
            if key == "\b":
                qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
            else:
                qtbot.keyClicks(panel.search, key)
            assert codes(panel) == expected(panel.search.text()), panel.search.text()


def test_a_new_book_is_shown_through_the_search_typed(qtbot: QtBot, panel: CataloguePanel) -> None:
    qtbot.keyClicks(panel.search, "backport")
    panel.set_book(book("services-eur"))
    assert codes(panel) and all(code.startswith("BP-") for code in codes(panel))
    assert panel.count.text().endswith(f"of {len(shown_book(panel).services)} services")
    panel.set_book(None)
    assert codes(panel) == []
    assert panel.count.text() == ""


# -- choosing by keyboard and mouse ----------------------------------------------------------------


def test_down_then_enter_chooses_the_first_hit(qtbot: QtBot, panel: CataloguePanel) -> None:
    qtbot.keyClicks(panel.search, "driver port")
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.table.hasFocus()
    assert [index.row() for index in panel.table.selectionModel().selectedRows()] == [0]
    with qtbot.waitSignal(panel.service_chosen, timeout=1000) as chosen:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert chosen.args is not None
    assert chosen.args[0].code == "DP-PORT"


def test_walking_down_the_rows_chooses_the_highlighted_one(
    qtbot: QtBot, panel: CataloguePanel
) -> None:
    qtbot.keyClicks(panel.search, "backport")
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.service_chosen, timeout=1000) as chosen:
        qtbot.keyClick(panel.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert chosen.args is not None
    assert chosen.args[0].code == "BP-SEC"


def test_escape_in_the_table_returns_to_the_search_box_to_type_on(
    qtbot: QtBot, panel: CataloguePanel
) -> None:
    qtbot.keyClicks(panel.search, "backport")
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.table.hasFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Escape)
    assert panel.search.hasFocus()
    qtbot.keyClicks(panel.search, " series")
    assert codes(panel) == ["BP-SERIES"]


def test_down_with_no_hit_stays_in_the_search_box(qtbot: QtBot, panel: CataloguePanel) -> None:
    qtbot.keyClicks(panel.search, "zeppelin")
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.search.hasFocus()


def test_a_double_click_chooses_the_row(qtbot: QtBot, panel: CataloguePanel) -> None:
    row = row_of(panel, "OS-DAY")
    where = panel.table.visualRect(panel.model.index(row, CatalogueModel.SERVICE)).center()
    with qtbot.waitSignal(panel.service_chosen, timeout=1000) as chosen:
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert chosen.args is not None
    assert chosen.args[0].code == "OS-DAY"


def test_the_search_box_is_labelled_and_tab_goes_on_to_the_table(
    qtbot: QtBot, panel: CataloguePanel
) -> None:
    label = next(child for child in panel.findChildren(QLabel) if child.buddy() is panel.search)
    assert label.text() == "&Search"
    assert panel.search.accessibleName()
    assert panel.search.placeholderText() == "Search services (code, name, category)"
    assert panel.table.accessibleName() == "Services"
    qtbot.keyClick(panel.search, Qt.Key.Key_Tab)
    assert panel.table.hasFocus()


# -- prices: shown, never edited -------------------------------------------------------------------


def test_prices_read_as_the_book_states_them(panel: CataloguePanel) -> None:
    price = CatalogueModel.PRICE
    # base_plus_unit: base 2600.00, unit_price 1350.00, unit.en "release stepped back"
    assert cell(panel, "BP-FIX", price) == "$2,600.00 + $1,350.00 / release stepped back"
    # tiered: S = 9800.00, M = 23500.00, L = 48000.00: the lowest tier
    assert cell(panel, "DP-PORT", price) == "from $9,800.00"
    assert cell(panel, "CU-PKG-S", price) == "$6,600.00"  # fixed
    assert cell(panel, "CU-PKG-L", price) == "$1,240.00 / engineering day"  # per_unit
    assert cell(panel, "BP-FIX", CatalogueModel.SERVICE) == "Backport of a single fix"
    assert cell(panel, "BP-FIX", CatalogueModel.CATEGORY) == "Backports"


def test_the_tooltip_gives_the_summary_and_every_tier(panel: CataloguePanel) -> None:
    tip = str(cell(panel, "DP-PORT", CatalogueModel.CODE, Qt.ItemDataRole.ToolTipRole))
    dp_port = panel.model.service_at(row_of(panel, "DP-PORT"))
    assert dp_port.summary in tip
    for choice, amount in (("S", "$9,800.00"), ("M", "$23,500.00"), ("L", "$48,000.00")):
        label = next(c.label for c, _ in dp_port.price.tiers if c.value == choice)
        assert f"{label}: {amount}" in tip
    bp_fix = str(cell(panel, "BP-FIX", CatalogueModel.PRICE, Qt.ItemDataRole.ToolTipRole))
    assert "$2,600.00 + $1,350.00 / release stepped back" in bp_fix


def test_no_cell_can_be_edited(qtbot: QtBot, panel: CataloguePanel) -> None:
    model = panel.table.model()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            flags = model.flags(model.index(row, column))
            assert not flags & Qt.ItemFlag.ItemIsEditable
            assert flags & Qt.ItemFlag.ItemIsSelectable
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    panel.table.setCurrentIndex(model.index(0, CatalogueModel.PRICE))
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    assert panel.table.state() is not QAbstractItemView.State.EditingState
    assert panel.table.indexWidget(model.index(0, CatalogueModel.PRICE)) is None


# -- the model's contract with Qt's views ----------------------------------------------------------


def test_the_model_keeps_qts_contract(qtmodeltester: ModelTester) -> None:
    model = CatalogueModel()
    model.set_book(book())
    qtmodeltester.check(model)
    model.set_query("backport")
    qtmodeltester.check(model)
    model.set_query("nothing matches this")
    qtmodeltester.check(model)
    model.set_book(None)
    qtmodeltester.check(model)


# -- a big book ------------------------------------------------------------------------------------


@pytest.fixture
def big_book(tmp_path: Path) -> BookCatalogue:
    """A generated book of 2,000 services shaped like the bundled ones (bench/bench_books.py)."""
    (tmp_path / "data").mkdir()
    files = write_files(tmp_path / "data", 2000, 1)
    found = catalogue(context_for(Settings(data_dirs=(files.root,))), "en").book(BOOK_ID)
    assert found is not None and len(found.services) == 2000
    return found


def test_filtering_a_big_book_formats_only_the_prices_painted(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    open_panel: Callable[[BookCatalogue], CataloguePanel],
    big_book: BookCatalogue,
) -> None:
    """Babel is slow: a price is formatted when its row is painted, once, never for every hit."""
    formatted: list[PriceInfo] = []
    real = catalogue_module.short_price_text

    def counted(price: PriceInfo, locale: str) -> str:
        formatted.append(price)
        return real(price, locale)

    monkeypatch.setattr(catalogue_module, "short_price_text", counted)

    def painted() -> None:
        QApplication.processEvents()  # the view lays out its rows after a reset, then paints
        table.viewport().repaint()

    panel = open_panel(big_book)
    table = panel.table
    painted()
    on_screen = table.viewport().height() // table.rowHeight(0) + 1  # a part-shown row too
    assert 0 < len(formatted) <= on_screen  # the first paint: the rows in view, no more

    formatted.clear()
    qtbot.keyClicks(panel.search, "driver")
    painted()
    assert panel.model.rowCount() == 400  # every fifth service is a driver port
    assert 0 < len(formatted) <= on_screen * len("driver")

    formatted.clear()
    panel.model.set_query("driver port (1")  # filtering alone formats nothing
    assert formatted == []
    painted()
    assert 0 < len(formatted) <= on_screen
    shown = len(formatted)
    panel.grab()  # painted again: every text comes from the cache
    assert len(formatted) == shown
