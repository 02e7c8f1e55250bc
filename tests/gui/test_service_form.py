"""The add-a-service form as a seller uses it: fill the fields by keyboard, Enter to add the line,
Escape to leave; what is wrong shows at its field and nothing is added; the price is only read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from quoter.domain.problems import Problem
from quoter.domain.quote import RequestLine
from quoter.gui.service_form import ServiceForm
from quoter.usecases.catalogue import ServiceInfo, catalogue
from tests.conftest import context_for

Check = Callable[[RequestLine], Sequence[Problem]]


def service(code: str) -> ServiceInfo:
    book = catalogue(context_for(), "en").book("services-usd")
    assert book is not None
    found = book.service(code)
    assert found is not None
    return found


@pytest.fixture
def open_form(qtbot: QtBot) -> Callable[..., ServiceForm]:
    """A form for a service, in a window of its own, shown and active, focus in its first field."""

    def open_(code: str, check: Check | None = None) -> ServiceForm:
        form = ServiceForm(check)
        qtbot.addWidget(form)
        form.setLocale(QLocale("en_US"))  # a decimal point, whatever the machine's locale
        form.set_service(service(code), "en_US")
        with qtbot.waitExposed(form), qtbot.waitActive(form):  # context managers: they wait
            form.show()
            form.activateWindow()
        form.focus_first()
        return form

    return open_


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def type_here(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the focus, as a user does."""
    widget = focused()
    assert widget is not None
    qtbot.keyClicks(widget, text)


def press(qtbot: QtBot, key: Qt.Key) -> None:
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, key)


def label_of(form: ServiceForm, field: QWidget | None) -> str:
    labels = [label for label in form.findChildren(QLabel) if label.buddy() is field]
    assert len(labels) == 1
    return labels[0].text()


def no_signal(qtbot: QtBot, form: ServiceForm) -> Callable[[], None]:
    """A check that `submitted` was not emitted since this was called."""
    seen: list[object] = []
    form.submitted.connect(seen.append)
    return lambda: None if not seen else pytest.fail(f"a line was added: {seen}")


def test_a_backport_filled_by_keyboard_adds_exactly_its_line(
    qtbot: QtBot, open_form: Callable[..., ServiceForm]
) -> None:
    form = open_form("BP-FIX")
    assert form.heading.text() == "Add BP-FIX: Backport of a single fix"
    assert focused() is form.field("fix_id")
    type_here(qtbot, "ORCA-1234")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.field("source_release")
    press(qtbot, Qt.Key.Key_Down)  # no release chosen yet: Down picks the newest
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.field("target_release")
    type_here(qtbot, "4.0")  # type-ahead on the release's name, "4.0 LTS"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.field("customer_ticket")
    with qtbot.waitSignal(form.submitted, timeout=1000) as added:
        press(qtbot, Qt.Key.Key_Return)
    assert added.args == [
        RequestLine(
            "BP-FIX",
            {"fix_id": "ORCA-1234", "source_release": "5.0", "target_release": "4.0"},
            None,
        )
    ]


def test_releases_read_newest_first_and_none_is_chosen_for_you(
    open_form: Callable[..., ServiceForm],
) -> None:
    form = open_form("BP-FIX")
    combo = form.field("target_release")
    assert isinstance(combo, QComboBox)
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[:3] == ["5.0", "4.3", "4.2"] and names[-1] == "3.6"
    assert "4.0 LTS" in names
    assert combo.currentIndex() == -1
    assert combo.placeholderText() == "Choose a release"


def test_an_empty_required_text_is_shown_at_its_field_and_nothing_is_added(
    qtbot: QtBot, open_form: Callable[..., ServiceForm]
) -> None:
    form = open_form("BP-FIX")
    for name in ("source_release", "target_release"):
        combo = form.field(name)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(0)
    not_added = no_signal(qtbot, form)
    press(qtbot, Qt.Key.Key_Return)
    not_added()
    assert form.error_text("fix_id") == "This is required. Expected: a value."
    assert form.error_text("customer_ticket") == ""  # optional: may stay empty
    assert focused() is form.field("fix_id")
    type_here(qtbot, "ORCA-7")
    with qtbot.waitSignal(form.submitted, timeout=1000) as added:
        press(qtbot, Qt.Key.Key_Return)
    assert form.error_text("fix_id") == ""
    assert added.args is not None and added.args[0].parameters["fix_id"] == "ORCA-7"


def test_the_tier_shows_its_labels_and_the_line_carries_its_value(
    qtbot: QtBot, open_form: Callable[..., ServiceForm]
) -> None:
    form = open_form("DP-PORT")
    tier = form.field("tier")
    assert isinstance(tier, QComboBox)
    assert [tier.itemText(i) for i in range(tier.count())] == [
        "S (simple peripheral such as GPIO, I2C, SPI, UART or watchdog)",
        "M (DMA or network peripheral such as Ethernet MAC, CAN, SDIO or QSPI)",
        "L (complex subsystem such as USB, PCIe, display or camera)",
    ]
    for name, text in (
        ("driver", "CAN"),
        ("source_platform", "i.MX8"),
        ("target_platform", "AM62"),
    ):
        edit = form.field(name)
        assert isinstance(edit, QLineEdit)
        qtbot.keyClicks(edit, text)
    release = form.field("target_release")
    assert isinstance(release, QComboBox)
    qtbot.keyClick(release, Qt.Key.Key_Down)
    tier.setFocus()
    qtbot.keyClicks(tier, "M")  # type-ahead on the label
    with qtbot.waitSignal(form.submitted, timeout=1000) as added:
        qtbot.keyClick(tier, Qt.Key.Key_Return)
    assert added.args is not None
    assert added.args[0].parameters["tier"] == "M"
    assert added.args[0].parameters["target_release"] == "5.0"


def test_a_problem_from_the_check_shows_under_the_tier_and_nothing_is_added(
    qtbot: QtBot, open_form: Callable[..., ServiceForm]
) -> None:
    asked: list[RequestLine] = []

    def check(line: RequestLine) -> Sequence[Problem]:
        asked.append(line)
        return [Problem(("lines", 0, "parameters", "tier"), "No such tier.", "S, M or L")]

    form = open_form("DP-PORT", check)
    for name in ("driver", "source_platform", "target_platform"):
        edit = form.field(name)
        assert isinstance(edit, QLineEdit)
        edit.setText("x")
    for name in ("target_release", "tier"):
        combo = form.field(name)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(0)
    not_added = no_signal(qtbot, form)
    press(qtbot, Qt.Key.Key_Return)
    not_added()
    assert len(asked) == 1
    assert form.error_text("tier") == "No such tier. Expected: S, M or L."
    assert form.error_text("driver") == ""
    assert focused() is form.field("tier")
    form.show_problems([Problem(("lines", 0, "service"), "Not sold any more.")])
    assert form.error_text("tier") == ""  # cleared first
    assert form.general_error.isVisible() and form.general_error.text() == "Not sold any more."


@pytest.mark.parametrize(
    ("typed", "quantity"), [("2.5", Decimal("2.5")), ("3", Decimal("3")), (" 10 ", Decimal("10"))]
)
def test_a_quantity_is_read_as_a_decimal_with_its_unit_beside_it(
    qtbot: QtBot, open_form: Callable[..., ServiceForm], typed: str, quantity: Decimal
) -> None:
    form = open_form("RE-DAY")
    assert form.quantity_unit is not None and form.quantity_unit.text() == "day"
    edit = form.field("quantity")
    assert isinstance(edit, QLineEdit)
    assert edit.text() == "0.5"  # the least the book sells
    qtbot.keyClicks(form.field("topic"), "Kernel tracing")
    edit.selectAll()
    qtbot.keyClicks(edit, typed)
    with qtbot.waitSignal(form.submitted, timeout=1000) as added:
        qtbot.keyClick(edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert added.args == [RequestLine("RE-DAY", {"topic": "Kernel tracing"}, quantity)]
    assert isinstance(added.args[0].quantity, Decimal)


def test_in_german_a_quantity_is_typed_with_a_decimal_comma(
    qtbot: QtBot, open_form: Callable[..., ServiceForm]
) -> None:
    """The app sets the German locale for German users (quoter.gui.app): 2,5 is two and a half."""
    before = QLocale()
    QLocale.setDefault(QLocale("de"))
    try:
        form = open_form("RE-DAY")
        form.setLocale(QLocale())  # the default, as every widget of the app has it
        qtbot.keyClicks(form.field("topic"), "Kernel-Tracing")
        edit = form.field("quantity")
        assert isinstance(edit, QLineEdit)
        edit.selectAll()
        qtbot.keyClicks(edit, "2,5")
        with qtbot.waitSignal(form.submitted, timeout=1000) as added:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert added.args[0].quantity == Decimal("2.5")
    finally:
        QLocale.setDefault(before)


@pytest.mark.parametrize("typed", ["1e3", "abc", "1,000", "-2", ""])
def test_a_quantity_that_is_not_a_plain_number_is_refused_at_its_field(
    qtbot: QtBot, open_form: Callable[..., ServiceForm], typed: str
) -> None:
    form = open_form("OS-DAY")
    for name in ("site", "topic"):
        qtbot.keyClicks(form.field(name), "Bremen")
    edit = form.field("quantity")
    assert isinstance(edit, QLineEdit)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, typed)
    not_added = no_signal(qtbot, form)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    not_added()
    error = form.error_text("quantity")
    assert "such as 2.5, without thousands separators" in error
    assert typed in error
    assert focused() is edit


def test_a_per_unit_service_says_its_unit_and_range(open_form: Callable[..., ServiceForm]) -> None:
    form = open_form("OS-DAY")
    assert form.quantity_unit is not None and form.quantity_unit.text() == "day"
    texts = [label.text() for label in form.findChildren(QLabel)]
    assert "1 to 20, in units of: day" in texts
    assert label_of(form, form.field("quantity")) == "&Quantity"
    assert form.price.text() == "Price: $2,500.00 / day"
    fixed = open_form("BP-FIX")
    assert fixed.field("quantity") is None


def test_an_integer_keeps_to_its_range_and_enter_in_it_adds_the_line(
    qtbot: QtBot, open_form: Callable[..., ServiceForm]
) -> None:
    form = open_form("BP-SERIES")
    spin = form.field("fix_count")
    assert isinstance(spin, QSpinBox)
    assert (spin.minimum(), spin.maximum()) == (2, 10)
    qtbot.keyClicks(form.field("series"), "net-fixes")
    for name in ("source_release", "target_release"):
        combo = form.field(name)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(0)
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    with qtbot.waitSignal(form.submitted, timeout=1000) as added:
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert added.args is not None and added.args[0].parameters["fix_count"] == 3


# The offscreen platform cannot raise a popup or grab the keyboard for it: it says so, harmlessly.
@pytest.mark.qt_log_ignore(r"does not support raise\(\)", "does not support grabbing the keyboard")
def test_an_open_release_list_takes_up_down_and_enter_itself(
    qtbot: QtBot, open_form: Callable[..., ServiceForm]
) -> None:
    form = open_form("BP-FIX")
    combo = form.field("source_release")
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    not_added = no_signal(qtbot, form)
    qtbot.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=1000)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not combo.view().isVisible(), timeout=1000)
    not_added()
    assert combo.currentText() == "4.2"  # the list opens on the newest; two rows down
    assert form.error_text("fix_id") == ""  # the form was not submitted


def test_escape_cancels(qtbot: QtBot, open_form: Callable[..., ServiceForm]) -> None:
    form = open_form("DP-PORT")
    with qtbot.waitSignal(form.cancelled, timeout=1000):
        press(qtbot, Qt.Key.Key_Escape)
    tier = form.field("tier")
    assert tier is not None
    tier.setFocus()
    with qtbot.waitSignal(form.cancelled, timeout=1000):
        qtbot.keyClick(tier, Qt.Key.Key_Escape)


def test_every_field_is_labelled_named_and_tab_walks_them_to_the_button(
    qtbot: QtBot, open_form: Callable[..., ServiceForm]
) -> None:
    form = open_form("TR-COURSE")
    names = ["session", "course_language", "quantity"]
    fields = [form.field(name) for name in names]
    assert [f.accessibleName() for f in fields if f is not None] == [
        "Course session",
        "Course language",
        "Quantity",
    ]
    assert label_of(form, fields[0]) == "&Course session *"
    assert label_of(form, fields[1]) == "C&ourse language"
    language = fields[1]
    assert isinstance(language, QComboBox) and language.currentText() == "English"  # the default
    for expected in fields[1:]:
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is expected
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.add_button
    assert form.add_button.accessibleName() == "Add line" and form.add_button.isDefault()


def test_every_service_s_fields_are_named_and_none_is_a_price(
    open_form: Callable[..., ServiceForm],
) -> None:
    book = catalogue(context_for(), "en").book("services-usd")
    assert book is not None
    for info in book.services:
        form = open_form(info.code)
        keys = [p.name for p in info.parameters] + (["quantity"] if info.takes_quantity else [])
        for key in keys:
            field = form.field(key)
            assert field is not None and field.accessibleName(), (info.code, key)
            assert label_of(form, field).count("&") == 1, (info.code, key)  # a mnemonic
        inputs = [*form.findChildren(QLineEdit), *form.findChildren(QSpinBox)]
        assert inputs
        for widget in inputs:
            if isinstance(widget.parent(), (QComboBox, QSpinBox)):
                continue  # a combo box's or spin box's own inner editor
            words = f"{widget.accessibleName()} {label_of(form, widget)}".casefold()
            assert not any(w in words for w in ("price", "discount", "override")), words
        assert "$" in form.price.text(), info.code  # shown as text, read only


def test_without_a_service_the_form_says_to_choose_one(
    open_form: Callable[..., ServiceForm],
) -> None:
    form = open_form("BP-FIX")
    form.set_service(None)
    assert form.hint.isVisible()
    assert form.hint.text() == "Choose a service in the list to add it"
    assert form.field("fix_id") is None and form.line() is None
    assert not form.add_button.isEnabled()
