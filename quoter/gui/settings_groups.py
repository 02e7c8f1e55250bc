"""Two parts of the settings dialog with work of their own: choosing the quote register (and
testing it before it is chosen), and showing the vendor profile the data folders give.

Both run their slow part on the dialog's worker: opening a register can wait for a server, and
reading the contract kit reads files.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from quoter.documents.kit import ContractKit
from quoter.domain.problems import QuoterError
from quoter.domain.register import RegisterError
from quoter.gui.worker import Workers
from quoter.usecases.context import AppContext, default_database

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: palette(placeholder-text);"
EXAMPLE_URL = "postgresql+psycopg://quoter@dbhost/quoter"
_POSTGRES_SCHEMES = ("postgresql", "postgresql+psycopg")
_PROBE_TIMEOUT = "connect_timeout=5"
"""How long a connection test waits for a server that does not answer (seconds)."""


def hint_label(text: str, parent: QWidget) -> QLabel:
    """A quiet line of explanation under a field."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def error_label(parent: QWidget) -> QLabel:
    """Where a field's problem is said (hidden while there is none)."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_at(label: QLabel, text: str | None) -> None:
    """Show `text` in the label, or hide it for None."""
    label.setText(text or "")
    label.setVisible(text is not None)


def error_text(error: BaseException) -> str:
    """An error said for the user: quoter's own as it describes itself, a bug as a bug."""
    if isinstance(error, QuoterError):
        return error.describe()
    return QCoreApplication.translate(
        "SettingsDialog",
        "Internal error ({kind}: {error}). This is a bug in quoter; please report it.",
    ).format(kind=type(error).__name__, error=error)


def open_register(context: AppContext, url: str) -> int:
    """Open the register at `url` as the app would (a SQLite file is created if need be; a
    server's register must exist) and close it again: its version, or the RegisterError that
    says what is wrong. Runs on a worker."""
    timeout = url.startswith("postgresql") and "connect_timeout=" not in url
    probe_url = url
    if timeout:  # never hang on a host that does not answer
        probe_url += ("&" if "?" in url else "?") + _PROBE_TIMEOUT
    probe = AppContext(
        replace(context.settings, database=probe_url), context.library, context.clock, context.actor
    )
    try:
        return probe.register().schema_version()
    except RegisterError as error:  # said with the URL as the user gave it
        if not timeout:
            raise
        summary = error.summary
        for added in (f"{_PROBE_TIMEOUT}&", f"?{_PROBE_TIMEOUT}", f"&{_PROBE_TIMEOUT}"):
            summary = summary.replace(added, "")
        raise RegisterError(summary, error.problems) from None
    finally:
        probe.close()


class RegisterGroup(QGroupBox):
    """The quote register: the SQLite file on this computer, or a team's PostgreSQL server by
    its URL; either can be tested before it is chosen."""

    def __init__(self, context: AppContext, workers: Workers, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Quote register"))
        self.context = context
        self.workers = workers
        self._tests = 0
        """Connection tests started: only the newest one's answer is shown."""
        self.initial = context.settings.database
        local = self.initial is None or self.initial.startswith("sqlite")
        self.local_url = self.initial if local and self.initial else default_database()
        """The SQLite register: the one configured, else the default file."""
        self.local_register = QRadioButton(self.tr("On this &computer (SQLite)"), self)
        self.local_register.setAccessibleName(self.tr("Register on this computer (SQLite)"))
        self.local_path = hint_label(self.local_url.removeprefix("sqlite:///"), self)
        self.local_path.setAccessibleName(self.tr("The register's file"))
        self.local_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.team_register = QRadioButton(self.tr("&Team server (PostgreSQL)"), self)
        self.team_register.setAccessibleName(self.tr("Register on a team server (PostgreSQL)"))
        choice = QButtonGroup(self)
        choice.addButton(self.local_register)
        choice.addButton(self.team_register)
        self.server_url = QLineEdit("" if local else (self.initial or ""), self)
        self.server_url.setPlaceholderText(EXAMPLE_URL)
        self.server_url.setAccessibleName(self.tr("The team server's URL"))
        url_label = QLabel(self.tr("Server &URL:"), self)
        url_label.setBuddy(self.server_url)
        self.server_error = error_label(self)
        self.test_button = QPushButton(self.tr("Te&st connection"), self)
        self.test_button.setAccessibleName(self.tr("Test the connection to the register"))
        self.test_result = QLabel(self)
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.setAccessibleName(self.tr("Result of the connection test"))
        self.note = hint_label("", self)  # the dialog says here when a variable overrides this
        self.note.hide()
        grid = QGridLayout(self)
        grid.setColumnMinimumWidth(0, 16)
        grid.setColumnStretch(2, 1)
        grid.addWidget(self.local_register, 0, 0, 1, 3)
        grid.addWidget(self.local_path, 1, 1, 1, 2)
        grid.addWidget(self.team_register, 2, 0, 1, 3)
        grid.addWidget(url_label, 3, 1)
        grid.addWidget(self.server_url, 3, 2)
        grid.addWidget(self.server_error, 4, 2)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        grid.addLayout(test_row, 5, 0, 1, 3)
        grid.addWidget(self.test_result, 6, 0, 1, 3)
        grid.addWidget(self.note, 7, 0, 1, 3)
        (self.local_register if local else self.team_register).setChecked(True)
        self.team_register.toggled.connect(self._kind_changed)
        self.server_url.textEdited.connect(lambda _: show_at(self.server_error, None))
        self.test_button.clicked.connect(self.test_connection)
        self._kind_changed(self.team_register.isChecked())

    def _kind_changed(self, team: bool) -> None:
        self.server_url.setEnabled(team)
        show_at(self.server_error, None)
        self.test_result.clear()

    def url(self) -> str:
        """The register chosen: the local SQLite file's URL or the server's."""
        if self.local_register.isChecked():
            return self.local_url
        return self.server_url.text().strip()

    def database(self) -> str | None:
        """The `database` setting the choice makes: None for the default local file."""
        if self.local_register.isChecked():
            return self.initial if self.local_url == self.initial else None
        return self.url()

    def problem(self) -> str | None:
        """What is wrong with the server URL, said for the user, or None."""
        if not self.team_register.isChecked():
            return None
        url = self.server_url.text().strip()
        if not url:
            return self.tr("Enter the team server's URL, e.g. {example}.").format(
                example=EXAMPLE_URL
            )
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in _POSTGRES_SCHEMES:
            return self.tr(
                "'{url}' is not a PostgreSQL server's URL: it starts with postgresql+psycopg://"
            ).format(url=url)
        if not parts.hostname or not parts.path.strip("/"):
            return self.tr(
                "'{url}' names no server or no database: expected "
                "postgresql+psycopg://USER@HOST/DATABASE"
            ).format(url=url)
        return None

    def check(self) -> bool:
        """Say the URL's problem at the field (and go there); whether there is none."""
        problem = self.problem()
        show_at(self.server_error, problem)
        if problem is not None:
            self.server_url.setFocus()
        return problem is None

    def test_connection(self) -> None:
        """Open the register chosen on a worker, and say under the button whether it opens or
        what is wrong."""
        if not self.check():
            return
        self._tests += 1
        number, url, context = self._tests, self.url(), self.context
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Connecting..."))
        self.workers.run(
            lambda: open_register(context, url),
            lambda version: self._tested(number, version, None),
            lambda error: self._tested(number, None, error),
        )

    def _tested(self, number: int, version: int | None, error: BaseException | None) -> None:
        if number != self._tests:  # overtaken by a newer test
            return
        self.test_result.setStyleSheet("" if error is None else ERROR_STYLE)
        if error is None:
            self.test_result.setText(
                self.tr("Connected: the register is at version {version}.").format(version=version)
            )
        else:
            self.test_result.setText(error_text(error))


class VendorGroup(QGroupBox):
    """The vendor profile the data folders give, read-only, with where it comes from and how to
    change it (it is a data file, `resources/vendor.toml`)."""

    shown = Signal()
    """The profile, or why it cannot be read, is shown (the dialog may need to grow)."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Vendor profile (read-only)"))
        self.context = context
        self.language = "en"
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for key, label in (
            ("legal_name", self.tr("Legal name:")),
            ("address", self.tr("Address:")),
            ("registration", self.tr("Registration:")),
            ("tax_id", self.tr("Tax id:")),
            ("signatory", self.tr("Signatory:")),
        ):
            value = QLabel(self)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label.removesuffix(":"))
            form.addRow(label, value)
            self.fields[key] = value
        self.source = QLabel(self.tr("Reading the vendor profile..."), self)
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source.setAccessibleName(self.tr("Where the vendor profile comes from"))
        form.addRow(self.source)
        form.addRow(
            hint_label(
                self.tr(
                    "To change it, copy the bundled resources folder into one of your data "
                    "folders and edit its vendor.toml: the first data folder with a "
                    "resources/vendor.toml gives the vendor, its logo and standard terms."
                ),
                self,
            )
        )

    def load(self, workers: Workers, language: str) -> None:
        """Read the contract kit on a worker; show its vendor in `language` where it has it."""
        self.language = language
        workers.run(self.context.library.kit, self._show, self._failed)

    def _show(self, kit: ContractKit) -> None:
        vendor = kit.vendor
        language = self.language if self.language in kit.languages else kit.languages[0]
        address = vendor.address.get(language) or next(iter(vendor.address.values()), ())
        self.fields["legal_name"].setText(vendor.legal_name)
        self.fields["address"].setText("\n".join(address))
        self.fields["registration"].setText(vendor.registration[language])
        self.fields["tax_id"].setText(vendor.tax_id)
        self.fields["signatory"].setText(
            f"{vendor.signatory_name}, {vendor.signatory_title[language]}"
        )
        path = kit.resources_dir / "vendor.toml"
        if self.context.library.locator.is_bundled(path):
            source = self.tr("From the bundled example data: {path}")
        else:
            source = self.tr("From your data folder: {path}")
        self.source.setText(source.format(path=path))
        self.shown.emit()

    def _failed(self, error: BaseException) -> None:
        self.source.setStyleSheet(ERROR_STYLE)
        self.source.setText(error_text(error))
        self.shown.emit()
