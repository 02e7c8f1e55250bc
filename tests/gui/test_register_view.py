"""The register view as a seller uses it: find a quote by typing, filtering and sorting, read its
lines and history, and act on it with buttons that follow what the quote may do next."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from quoter.domain.display import money_text
from quoter.domain.quote import Customer, QuoteRequest, RequestLine, Signatory
from quoter.domain.register import QuoteAction, RegisterError, Status
from quoter.gui.register_view import QuotesModel, RegisterView
from quoter.usecases.context import AppContext
from quoter.usecases.register import (
    RegisteredQuote,
    decide_quote,
    issue_quote,
    list_quotes,
    new_draft,
    quote_history,
    show_quote,
)
from quoter.usecases.settings import Settings
from tests.conftest import DATA, REPO, context_for

DAY = date(2026, 11, 24)
NEW_YEAR = date(2027, 1, 5)
"""Finance's 2027.1 USD book is in force: backport steps cost 1417.50 instead of 1350.00."""

EXPIRED, DRAFT, EUR_ISSUED, ACCEPTED, ISSUED = (f"Q-2026-0000{n}" for n in range(1, 6))


def request(customer: str, days: int, book: str = "services-usd") -> QuoteRequest:
    """A backport 4.2 -> 3.8 and `days` on-site days."""
    who = Customer(customer, ("1 Main Street", "Springfield"), Signatory("Jane Smith", "CTO"))
    lines = (
        RequestLine(
            "BP-FIX", {"fix_id": "ORCA-1234", "source_release": "4.2", "target_release": "3.8"}
        ),
        RequestLine("OS-DAY", {"site": "Portland", "topic": "CAN bus"}, Decimal(days)),
    )
    return QuoteRequest(who, book, lines, language="en")


def settings_for(data: Path, database: Path) -> Settings:
    return Settings(data_dirs=(data,), database=f"sqlite:///{database}")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A data folder (the USD lineage to 2027.1 beside the bundled data) and a register file
    with five quotes, made once: each test works on its own copy of the register."""
    root = tmp_path_factory.mktemp("register-view")
    data = root / "data"
    (data / "price_books").mkdir(parents=True)
    for book in (REPO / "price_books").glob("services-usd-*.toml"):
        shutil.copy(book, data / "price_books" / book.name)
    shutil.copy(
        DATA / "books-2027" / "price_books" / "services-usd-2027.toml", data / "price_books"
    )
    database = root / "register.sqlite3"
    settings = settings_for(data, database)
    then = context_for(settings, date(2026, 9, 1))
    try:
        issue_quote(then, new_draft(then, request("Initech", 1)).number)  # expired by DAY
    finally:
        then.close()
    context = context_for(settings, DAY)
    try:
        new_draft(context, request("Acme GmbH", 3))
        issue_quote(
            context, new_draft(context, request("Globex Österreich", 2, "services-eur")).number
        )
        accepted = issue_quote(context, new_draft(context, request("Smith & Sons <Ltd>", 5)).number)
        decide_quote(context, accepted.number, accepted=True)
        issue_quote(context, new_draft(context, request("Zeta AG", 4)).number)
    finally:
        context.close()
    return data, database


@dataclass
class Dialogs:
    """Stands in for the message boxes: answers `confirm` with `answer`, records every text."""

    answer: bool = True
    asked: list[tuple[str, str]] = field(default_factory=list)
    told: list[tuple[str, str]] = field(default_factory=list)

    def confirm(self, title: str, text: str) -> bool:
        self.asked.append((title, text))
        return self.answer

    def inform(self, title: str, text: str) -> None:
        self.told.append((title, text))


@dataclass
class Setup:
    settings: Settings
    dialogs: Dialogs
    contexts: list[AppContext]

    def context(self, day: date = DAY) -> AppContext:
        self.contexts.append(context_for(self.settings, day))
        return self.contexts[-1]


@pytest.fixture
def setup(template: tuple[Path, Path], tmp_path: Path) -> Iterator[Setup]:
    data, database = template
    copy = tmp_path / "register.sqlite3"
    shutil.copy(database, copy)
    made = Setup(settings_for(data, copy), Dialogs(), [])
    yield made
    for context in made.contexts:
        context.close()


OpenView = Callable[..., RegisterView]


@pytest.fixture
def open_view(qtbot: QtBot, setup: Setup) -> Iterator[OpenView]:
    """A register view on its own register copy, shown, active, with its first page listed."""
    views: list[RegisterView] = []

    def open_(day: date = DAY, **options: object) -> RegisterView:
        view = RegisterView(
            setup.context(day),
            confirm=setup.dialogs.confirm,
            inform=setup.dialogs.inform,
            **options,  # type: ignore[arg-type]
        )
        qtbot.addWidget(view)
        view.resize(1100, 720)
        with qtbot.waitExposed(view), qtbot.waitActive(view):
            view.show()
            view.activateWindow()
        with qtbot.waitSignal(view.listed):
            view.reload()
        views.append(view)
        return view

    yield open_
    for view in views:
        view.workers.wait()


@pytest.fixture
def view(open_view: OpenView) -> RegisterView:
    return open_view()


def numbers(view: RegisterView) -> list[str]:
    return [row.number for row in view.model.rows]


def cell(view: RegisterView, number: str, column: int) -> str:
    row = view.model.row_of(number)
    assert row is not None, f"{number} is not listed"
    return str(view.model.index(row, column).data())


def select(qtbot: QtBot, view: RegisterView, number: str) -> None:
    """Click the quote's row and wait for its details."""
    row = view.model.row_of(number)
    assert row is not None, f"{number} is not listed"
    table = view.table
    place = table.visualRect(view.model.index(row, QuotesModel.CUSTOMER)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=place)
    qtbot.waitUntil(lambda: view.details_quote is not None and view.details_quote.number == number)


def click_header(qtbot: QtBot, view: RegisterView, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def enabled(view: RegisterView) -> set[str]:
    return {button.accessibleName() for button in view.buttons() if button.isEnabled()}


# -- listing -------------------------------------------------------------------------------------


def test_the_register_lists_its_quotes_as_a_reader_sees_them(view: RegisterView) -> None:
    assert numbers(view) == [ISSUED, ACCEPTED, EUR_ISSUED, DRAFT, EXPIRED]  # newest first
    assert cell(view, EXPIRED, QuotesModel.STATUS) == "Expired"  # its validity day has passed
    assert cell(view, ACCEPTED, QuotesModel.STATUS) == "Accepted"
    assert cell(view, DRAFT, QuotesModel.STATUS) == "Draft"
    assert cell(view, DRAFT, QuotesModel.BOOK) == "services-usd 2026.1"
    assert cell(view, EXPIRED, QuotesModel.CREATED) == "2026-09-01"
    assert cell(view, EXPIRED, QuotesModel.VALID_UNTIL) == "2026-10-01"
    assert cell(view, DRAFT, QuotesModel.ISSUED) == ""
    # each total in its book's locale, exactly as the register holds it
    for row in view.model.rows:
        locale = "de_DE" if row.summary.currency == "EUR" else "en_US"
        assert cell(view, row.number, QuotesModel.TOTAL) == money_text(row.summary.total, locale)
    assert cell(view, EUR_ISSUED, QuotesModel.TOTAL).endswith("\N{NO-BREAK SPACE}€")
    assert view.count.text() == "5 quote(s)" and not view.more.isEnabled()


def test_typing_narrows_the_list_once_the_typing_pauses(qtbot: QtBot, view: RegisterView) -> None:
    searches: list[None] = []
    view.listed.connect(lambda: searches.append(None))
    view.search.setFocus()
    qtbot.keyClicks(view.search, "glob")
    qtbot.waitUntil(lambda: numbers(view) == [EUR_ISSUED])
    assert len(searches) == 1  # one search for four keys, not four
    view.search.clear()
    qtbot.keyClicks(view.search, "q-2026-00004")  # a number, in any case
    qtbot.waitUntil(lambda: numbers(view) == [ACCEPTED])
    view.search.clear()
    qtbot.keyClicks(view.search, "nobody")
    qtbot.waitUntil(lambda: numbers(view) == [])
    assert view.count.text() == "0 quote(s)"
    assert view.details_quote is None and not enabled(view)


def test_the_filters_keep_what_they_say(qtbot: QtBot, view: RegisterView) -> None:
    view.status.setFocus()
    qtbot.keyClicks(view.status, "Expired")  # type-ahead on the closed list
    qtbot.waitUntil(lambda: numbers(view) == [EXPIRED])
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new word, not "ExpiredIssued"
    qtbot.keyClicks(view.status, "Issued")
    qtbot.waitUntil(lambda: numbers(view) == [ISSUED, EUR_ISSUED])  # not the expired one
    qtbot.keyClick(view.status, Qt.Key.Key_Home)  # back to All
    qtbot.waitUntil(lambda: len(numbers(view)) == 5)

    assert [view.book.itemText(i) for i in range(view.book.count())] == [
        "All",
        "services-eur",
        "services-usd",
    ]
    view.book.setFocus()
    qtbot.keyClicks(view.book, "services-e")
    qtbot.waitUntil(lambda: numbers(view) == [EUR_ISSUED])
    qtbot.keyClick(view.book, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: len(numbers(view)) == 5)

    view.customer.setFocus()
    qtbot.keyClicks(view.customer, "SMITH")
    qtbot.waitUntil(lambda: numbers(view) == [ACCEPTED])
    view.customer.clear()
    qtbot.waitUntil(lambda: len(numbers(view)) == 5)

    view.since.setDate(view.since.date().fromString("2026-11-01", "yyyy-MM-dd"))
    assert len(numbers(view)) == 5  # the day counts only once it is switched on
    view.since_on.setFocus()
    qtbot.keyClick(view.since_on, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: EXPIRED not in numbers(view) and len(numbers(view)) == 4)


def test_clicking_a_header_sorts_by_that_column_both_ways(qtbot: QtBot, view: RegisterView) -> None:
    def totals() -> list[tuple[str, Decimal]]:
        return [(row.summary.currency, row.summary.total.amount) for row in view.model.rows]

    click_header(qtbot, view, QuotesModel.TOTAL)
    ascending = view.table.horizontalHeader().sortIndicatorOrder()
    shown = totals()
    assert shown == sorted(shown, reverse=ascending == Qt.SortOrder.DescendingOrder)
    click_header(qtbot, view, QuotesModel.TOTAL)
    assert totals() == shown[::-1]  # the other way round
    assert totals()[0][0] != totals()[-1][0]  # euros apart from dollars, never compared
    click_header(qtbot, view, QuotesModel.CUSTOMER)
    customers = [row.summary.customer.lower() for row in view.model.rows]
    assert customers in (sorted(customers), sorted(customers, reverse=True))


def test_more_quotes_are_loaded_and_sorting_asks_the_register(
    qtbot: QtBot, view: RegisterView
) -> None:
    view.PAGE = 2
    with qtbot.waitSignal(view.listed):
        view.reload()
    assert numbers(view) == [ISSUED, ACCEPTED] and view.more.isEnabled()
    assert view.count.text() == "2 quote(s) shown, more to load"
    with qtbot.waitSignal(view.listed):
        qtbot.mouseClick(view.more, Qt.MouseButton.LeftButton)
    assert numbers(view) == [ISSUED, ACCEPTED, EUR_ISSUED, DRAFT]
    # sorted by total, the first page is the register's smallest (or largest), not the
    # loaded rows' reordered
    with qtbot.waitSignal(view.listed):
        click_header(qtbot, view, QuotesModel.TOTAL)
    descending = view.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    context = view.context
    everything = sorted(
        list_quotes(context).rows,
        key=lambda row: (row.summary.currency, row.summary.total.amount),
        reverse=descending,
    )
    assert numbers(view) == [row.number for row in everything[:2]]


# -- details and actions -------------------------------------------------------------------------


def test_the_details_show_lines_totals_documents_and_history(
    qtbot: QtBot, view: RegisterView
) -> None:
    select(qtbot, view, ACCEPTED)
    text = view.details.toPlainText()
    quote = show_quote(view.context, ACCEPTED)
    assert "Smith & Sons <Ltd>" in text  # the customer's name shown as typed, not as markup
    assert "BP-FIX" in text and "OS-DAY" in text
    assert money_text(quote.total, quote.priced.locale) in text
    for digest in quote.documents.values():
        assert digest in text
    history = quote_history(view.context, ACCEPTED)
    assert [entry.action for entry in history] == ["created", "issued", "accepted"]
    for entry in history:
        assert re.search(rf"\b{entry.action}\b", text)


def test_the_buttons_follow_what_the_quote_may_do_next(qtbot: QtBot, view: RegisterView) -> None:
    expected = {
        DRAFT: {"Open", "Duplicate"},  # a draft is edited in the builder, never accepted
        ISSUED: {"Open", "Revise", "Accept", "Decline", "Duplicate", "Save document"},
        EXPIRED: {"Open", "Revise", "Duplicate", "Save document"},  # too late to accept
        ACCEPTED: {"Open", "Duplicate", "Save document"},
    }
    for number, names in expected.items():
        select(qtbot, view, number)
        assert enabled(view) == names, number
    # and they are the domain's: each quote's actions, not a rule of the view's own
    row = view.selected()
    assert row is not None and row.actions == frozenset({QuoteAction.EXPORT})


def test_enter_on_a_row_opens_the_quote(qtbot: QtBot, view: RegisterView) -> None:
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)  # from the first row to the second
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    quote = opened.args[0]
    assert isinstance(quote, RegisteredQuote)
    assert (quote.number, quote.status) == (ACCEPTED, Status.ACCEPTED)
    assert QuoteAction.EDIT not in quote.actions  # the window opens it read-only


def test_revise_opens_a_new_draft_revision(qtbot: QtBot, view: RegisterView) -> None:
    select(qtbot, view, ISSUED)
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.mouseClick(view.revise_button, Qt.MouseButton.LeftButton)
    revision = opened.args[0]
    assert revision.number == f"{ISSUED}-R2" and revision.status is Status.DRAFT
    assert QuoteAction.EDIT in revision.actions  # the window opens it editable
    qtbot.waitUntil(
        lambda: view.selected() is not None and view.selected().number == revision.number
    )  # type: ignore[union-attr]
    assert cell(view, revision.number, QuotesModel.STATUS) == "Draft"


def test_accept_after_a_confirmation_changes_the_status_shown(
    qtbot: QtBot, view: RegisterView, setup: Setup
) -> None:
    select(qtbot, view, EUR_ISSUED)
    view.accept_button.setFocus()
    qtbot.keyClick(view.accept_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: cell(view, EUR_ISSUED, QuotesModel.STATUS) == "Accepted")
    ((title, text),) = setup.dialogs.asked
    assert EUR_ISSUED in title and "Globex Österreich" in text
    assert view.selected() is not None and view.selected().number == EUR_ISSUED  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: enabled(view) == {"Open", "Duplicate", "Save document"})


def test_decline_is_not_recorded_when_the_user_says_no(
    qtbot: QtBot, view: RegisterView, setup: Setup
) -> None:
    setup.dialogs.answer = False
    select(qtbot, view, ISSUED)
    qtbot.mouseClick(view.decline_button, Qt.MouseButton.LeftButton)
    assert len(setup.dialogs.asked) == 1
    view.workers.wait()
    assert show_quote(view.context, ISSUED).status is Status.ISSUED
    assert [entry.action for entry in quote_history(view.context, ISSUED)][-1] == "issued"
    assert cell(view, ISSUED, QuotesModel.STATUS) == "Issued"


def test_duplicate_lists_the_price_changes_and_opens_the_copy(
    qtbot: QtBot, open_view: OpenView, setup: Setup
) -> None:
    view = open_view(NEW_YEAR)  # the 2027.1 book is in force
    select(qtbot, view, DRAFT)
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.mouseClick(view.duplicate_button, Qt.MouseButton.LeftButton)
    copy = opened.args[0]
    assert copy.number == "Q-2027-00001" and copy.status is Status.DRAFT
    assert copy.priced.book.version == "2027.1"
    ((title, text),) = setup.dialogs.told
    assert DRAFT in title
    assert "priced on services-usd 2027.1" in text
    assert "The original was priced on version 2026.1." in text
    assert "Line 1, BP-FIX: $6,650.00 \N{RIGHTWARDS ARROW} $6,852.50" in text
    assert "OS-DAY" not in text  # its price did not change
    qtbot.waitUntil(lambda: copy.number in numbers(view))


def test_duplicate_on_the_same_book_says_nothing_changed(
    qtbot: QtBot, view: RegisterView, setup: Setup
) -> None:
    select(qtbot, view, ACCEPTED)
    with qtbot.waitSignal(view.open_requested):
        qtbot.mouseClick(view.duplicate_button, Qt.MouseButton.LeftButton)
    ((_, text),) = setup.dialogs.told
    assert "No price changed." in text and "original was priced" not in text


def test_the_issued_documents_are_saved_where_the_user_chooses(
    qtbot: QtBot, open_view: OpenView, tmp_path: Path
) -> None:
    chosen: list[Path] = []

    def choose(offered: Path) -> Path:
        chosen.append(offered)
        return tmp_path / "offer.docx"

    view = open_view(choose_file=choose)
    select(qtbot, view, ISSUED)
    with qtbot.waitSignal(view.document_saved) as saved:
        qtbot.mouseClick(view.documents_button, Qt.MouseButton.LeftButton)
    assert chosen[0].name == f"{ISSUED}.pdf"
    assert saved.args == [tmp_path / "offer.docx"]
    assert (tmp_path / "offer.docx").read_bytes()[:2] == b"PK"  # the stored DOCX, as issued


def test_an_action_refused_by_the_register_is_reported_not_raised(
    qtbot: QtBot, view: RegisterView, setup: Setup
) -> None:
    select(qtbot, view, ISSUED)
    decide_quote(setup.context(), ISSUED, accepted=False)  # someone else, meanwhile
    with qtbot.waitSignal(view.failed) as failed:
        qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    assert isinstance(failed.args[0], RegisterError)
    assert "cannot be accepted" in str(failed.args[0])
    qtbot.waitUntil(lambda: cell(view, ISSUED, QuotesModel.STATUS) == "Declined")


# -- people and Qt -------------------------------------------------------------------------------


def test_every_control_is_named_and_reachable_by_a_mnemonic(view: RegisterView) -> None:
    controls = [
        widget
        for widget in view.findChildren(QWidget)
        if widget.isVisibleTo(view)
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.parent() is not view.since  # the date field's own text box: named by it
    ]
    assert all(widget.accessibleName() for widget in controls)
    buddies = {label.buddy() for label in view.findChildren(QLabel) if label.buddy()}
    keys: list[str] = []
    for label in view.findChildren(QLabel):
        if label.buddy() is not None:
            keys += re.findall(r"&(\w)", label.text())
    for button in view.findChildren(QAbstractButton):
        keys += re.findall(r"&(\w)", button.text())
    assert {view.search, view.status, view.customer, view.book} <= buddies
    keys = [key.lower() for key in keys]
    assert len(keys) == len(set(keys)), keys  # each mnemonic once
    # not the window's menus (File, Edit, View, Help) nor its tabs (Quote, Register)
    assert not set(keys) & set("fevhqr")


def test_tab_walks_from_the_search_to_the_table_and_the_buttons(
    qtbot: QtBot, view: RegisterView
) -> None:
    view.search.setFocus()
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen.index(view.table) < seen.index(view.open_button) < seen.index(view.details)


def test_the_model_keeps_qts_contract(qtmodeltester: ModelTester, view: RegisterView) -> None:
    qtmodeltester.check(view.model)
    view.model.sort(QuotesModel.TOTAL, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(view.model)
    view.model.set_rows((), False, {})
    qtmodeltester.check(view.model)
