"""The main window: the quote builder and its preview, the register, a banner for errors from any
layer, and the quote's life from a new draft to an issued offer and its revision. Built on one
application context; every slow step runs on a worker or in the preview's process."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QPoint,
    QRect,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPainter,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from quoter.domain.display import money_text
from quoter.domain.problems import QuoterError
from quoter.domain.quote import QuoteRequest
from quoter.domain.register import QuoteAction, QuoteChanged
from quoter.gui.builder import CUSTOMER_TO_COME, QuoteBuilder
from quoter.gui.dialogs import Dialogs
from quoter.gui.mnemonics import action_name, without_mnemonic
from quoter.gui.preview import PreviewPane
from quoter.gui.register_view import RegisterView
from quoter.gui.session import CrashGuard, DraftKeeper, Unfinished
from quoter.gui.window_state import (
    app_settings,
    recalled,
    remember,
    restore_header,
    restore_splitter,
    restore_window,
    save_header,
    save_splitter,
    save_window,
)
from quoter.gui.worker import Workers
from quoter.usecases.catalogue import BookCatalogue, Catalogue, catalogue
from quoter.usecases.context import AppContext
from quoter.usecases.opening import OPENABLE
from quoter.usecases.preview import PreviewProcess

if TYPE_CHECKING:  # the register's use cases import the database layer: not before first paint
    from quoter.gui.settings_dialog import SettingsDialog
    from quoter.usecases.register import RegisteredQuote


class Banner(QFrame):
    """A message across the top of the window: what went wrong, said in full, until dismissed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet("#banner { background: #fdecea; border-bottom: 1px solid #e0a6a0; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(self.tr("Message"))
        close = QPushButton(self.tr("Dismiss"), self)
        close.setAccessibleName(self.tr("Dismiss the message"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, message: str) -> None:
        """Something the user should know that is not an error (a draft restored after a crash)."""
        self.setStyleSheet("#banner { background: #e8f1fb; border-bottom: 1px solid #9cbfe6; }")
        self.text.setText(message)
        self.show()

    def show_error(self, error: BaseException) -> None:
        self.setStyleSheet("#banner { background: #fdecea; border-bottom: 1px solid #e0a6a0; }")
        if isinstance(error, QuoterError):
            message = error.describe()
        else:  # a bug in quoter: said plainly, with what to report
            message = self.tr(
                "Internal error ({kind}: {error}). This is a bug in quoter; please report it."
            ).format(kind=type(error).__name__, error=error)
        self.text.setText(message)
        self.show()


class MainWindow(QMainWindow):
    """The quote builder with its preview, and the register: a quote from first line to issue."""

    def __init__(
        self,
        context: AppContext,
        language: str = "en",
        *,
        state_dir: Path | None = None,
        dialogs: Any = None,
        preferences: QSettings | None = None,
        rebuild: Callable[[], AppContext] | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.preferences = preferences
        """Where window state and last choices are remembered (None: nothing is, as in tests)."""
        self.rebuild = rebuild
        self._own_contexts: list[AppContext] = []
        self.language = language
        self.workers = Workers(self)
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.catalogue: Catalogue | None = None
        self.guard = CrashGuard(state_dir) if state_dir is not None else None
        self.unfinished: Unfinished | None = None
        self.setWindowTitle(self.tr("quoter"))
        self.setAcceptDrops(True)
        self.banner = Banner(self)
        self.books = QComboBox(self)
        self.books.setAccessibleName(self.tr("Price book"))
        self.books.currentIndexChanged.connect(self._show_book)
        book_label = QLabel(self.tr("&Price book:"), self)
        book_label.setBuddy(self.books)
        self.builder = QuoteBuilder(context, self)
        self.panel = self.builder.catalogue
        self.preview = PreviewPane(context, self)
        self.keeper = DraftKeeper(context, self.workers, self)
        self.register_view = RegisterView(context, self, confirm=self._confirm, inform=self._inform)
        self.quote_status = QLabel(self)
        self.quote_status.setAccessibleName(self.tr("Quote status"))
        self.quote_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._actions()
        header = QHBoxLayout()
        header.addWidget(book_label)
        header.addWidget(self.books, 1)
        header.addWidget(self.quote_status, 1)
        for action in (self.issue_action, self.revise_action, self.export_pdf, self.export_docx):
            # no Alt+letter: the menus and fields own those; the buttons have their Ctrl keys
            button = QPushButton(without_mnemonic(action.text()), self)
            button.setAccessibleName(action_name(action.text()))
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            button.setEnabled(action.isEnabled())
            action.enabledChanged.connect(button.setEnabled)
            header.addWidget(button)
        quote_page = QWidget(self)
        quote_layout = QVBoxLayout(quote_page)
        quote_layout.setContentsMargins(8, 8, 8, 8)
        quote_layout.addLayout(header)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, quote_page)
        self.splitter.addWidget(self.builder)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([900, 520])
        quote_layout.addWidget(self.splitter, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Views"))
        self.tabs.addTab(quote_page, self.tr("&Quote"))
        self.tabs.addTab(self.register_view, self.tr("&Register"))
        self.tabs.currentChanged.connect(self._tab_changed)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.book_status = QLabel(self)
        self.statusBar().addPermanentWidget(self.book_status)
        self.statusBar().showMessage(self.tr("Reading the price books..."))
        self._menus()

        self.builder.edited.connect(self._edited)
        self.builder.shown.connect(self._quote_shown)
        self.keeper.saved.connect(self._saved)
        self.keeper.failed.connect(self.banner.show_error)
        self.keeper.conflict.connect(self._conflict)
        self.preview.failed.connect(self.banner.show_error)
        self.register_view.failed.connect(self.banner.show_error)
        self.register_view.open_requested.connect(self.open_record)
        self.register_view.listed.connect(self._say_new_register)
        self.keeper.saved.connect(self._say_new_register)  # the first draft may make it
        self._said_new_register = False
        self.resize(1400, 860)
        self._update_actions()
        self._reopen: str | None = None
        """The draft to open again once the books are read anew (after a settings change)."""
        self._sheet: QDialog | None = None
        self._restore_state()

    # -- remembered between runs -----------------------------------------------------------------

    def _tables(self) -> dict[str, QHeaderView]:
        return {
            "catalogue": self.panel.table.horizontalHeader(),
            "lines": self.builder.lines.table.horizontalHeader(),
            "register": self.register_view.table.horizontalHeader(),
        }

    def _restore_state(self) -> None:
        prefs = self.preferences
        if prefs is None:
            return
        restore_window(self, prefs)
        restore_splitter("quote", self.splitter, prefs)
        restore_splitter("builder", self.builder.splitter, prefs)
        for name, header in self._tables().items():
            restore_header(name, header, prefs)

    def _save_state(self) -> None:
        prefs = self.preferences
        if prefs is None:
            return
        save_window(self, prefs)
        save_splitter("quote", self.splitter, prefs)
        save_splitter("builder", self.builder.splitter, prefs)
        for name, header in self._tables().items():
            save_header(name, header, prefs)
        book = self.current_book()
        if book is not None:
            remember("book", book.id, prefs)
        prefs.sync()

    # -- actions and menus -------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        keys: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(keys, str):
            action.setShortcut(QKeySequence(keys))
        elif keys is not None:
            action.setShortcut(keys)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        plain = action_name(text)
        action.setToolTip(f"{tip or plain} ({shortcut})" if shortcut else tip or plain)
        action.triggered.connect(slot)
        self.addAction(action)  # its keys work wherever the focus is in the window
        return action

    def _actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("&New quote"), self.new_quote, std.New)
        self.save_action = self._action(self.tr("&Save draft"), self.save_draft, std.Save)
        self.export_pdf = self._action(
            self.tr("Export &PDF..."),
            lambda: self.export("PDF"),
            "Ctrl+Shift+E",  # not Ctrl+E: a text field takes that (end of line) and it never fires
            self.tr("Write the contract as PDF"),
        )
        self.export_docx = self._action(
            self.tr("Export &DOCX..."),
            lambda: self.export("DOCX"),
            "Ctrl+Shift+D",
            self.tr("Write the contract as DOCX, for Word"),
        )
        self.issue_action = self._action(
            self.tr("&Issue..."),
            self.issue,
            "Ctrl+Shift+I",
            self.tr("Number, freeze and store the offer with its contract"),
        )
        self.revise_action = self._action(
            self.tr("Re&vise"),
            self.revise,
            "Ctrl+Shift+R",
            self.tr("A new revision of this offer to edit"),
        )
        self.print_action = self._action(
            self.tr("&Print..."),
            self.print_contract,
            std.Print,
            self.tr("Print the contract shown in the preview"),
        )
        self.quit_action = self._action(self.tr("&Quit"), self.close, std.Quit)
        _fallback_keys(self.quit_action, "Ctrl+Q")
        self.find_action = self._action(self.tr("&Find a service"), self._find)
        self.find_action.setShortcuts([QKeySequence(std.Find), QKeySequence("Ctrl+K")])
        self.refresh_action = self._action(self.tr("&Refresh preview"), self.preview.refresh, "F5")
        self.quote_view_action = self._action(
            self.tr("&Quote"), lambda: self.tabs.setCurrentIndex(0), "Ctrl+1"
        )
        self.register_action = self._action(
            self.tr("&Register"), lambda: self.tabs.setCurrentIndex(1), "Ctrl+2"
        )
        self.settings_action = self._action(
            self.tr("&Settings..."), self.open_settings, std.Preferences
        )
        _fallback_keys(self.settings_action, "Ctrl+,")
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"), self.show_shortcuts, std.HelpContents
        )
        undo = self.builder.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts(std.Undo)
        redo = self.builder.undo_stack.createRedoAction(self, self.tr("&Redo"))
        # the platform's own keys, and both that people use on Linux whatever the platform says
        redo_keys = QKeySequence.keyBindings(std.Redo)
        for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        redo.setShortcuts(redo_keys)
        self.undo_action, self.redo_action = undo, redo

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for action in (self.new_action, self.save_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        for action in (self.export_pdf, self.export_docx, self.print_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        for action in (self.issue_action, self.revise_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        view_menu = bar.addMenu(self.tr("&View"))
        for action in (self.quote_view_action, self.register_action, self.refresh_action):
            view_menu.addAction(action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)

    def open_settings(self) -> None:
        """The settings dialog; what it changed takes effect at once (the UI language at the next
        start, as the dialog says)."""
        prefs = self.preferences if self.preferences is not None else app_settings()
        from quoter.gui.settings_dialog import SettingsDialog  # not needed before first paint

        dialog = SettingsDialog(self.context, prefs, parent=self)
        try:
            if not self.dialogs.run(dialog):
                return
            self._apply_settings(dialog)
        finally:
            dialog.deleteLater()

    def _apply_settings(self, dialog: SettingsDialog) -> None:
        changed = dialog.changed_settings()
        if dialog.context_changed() and self.rebuild is not None:
            try:
                context = self.rebuild()
            except QuoterError as error:
                self.banner.show_error(error)
                return
            self._use_context(context)
        elif "document_language" in changed:
            self.language = str(changed["document_language"])
            self.load()
        if dialog.restart_needed():
            self.banner.show_message(self.tr("The new language shows the next time quoter starts."))

    def _use_context(self, context: AppContext) -> None:
        """Go on with a context built from the changed settings (books, register, user)."""
        self._save_pending()
        self.workers.wait()
        self.preview.stop()
        old = self.context
        same_register = context.settings.database == old.settings.database
        self._reopen = self.builder.number if same_register and not self.builder.read_only else None
        for holder in (self, self.builder, self.keeper, self.preview, self.register_view):
            holder.context = context
        self.preview.process = PreviewProcess(context)
        self.keeper.start(None)
        self.builder.number = None
        if old in self._own_contexts:
            self._own_contexts.remove(old)
            old.close()
        self._own_contexts.append(context)
        self.load()

    def show_shortcuts(self) -> None:
        """The shortcut sheet (F1): every key the window knows, from its actions."""
        if self._sheet is None:
            from quoter.gui.shortcuts import ShortcutSheet

            self._sheet = ShortcutSheet(self._all_actions(), self)
        self._sheet.show()
        self._sheet.activateWindow()

    def _all_actions(self) -> list[QAction]:
        line_actions = [
            self.builder.lines.edit_action,
            self.builder.lines.more_action,
            self.builder.lines.fewer_action,
            self.builder.lines.duplicate_action,
            self.builder.lines.remove_action,
            self.builder.lines.move_up_action,
            self.builder.lines.move_down_action,
        ]
        return [*self.actions(), self.undo_action, self.redo_action, *line_actions]

    def _confirm(self, title: str, text: str) -> bool:
        return bool(self.dialogs.confirm(title, text, title))

    def _inform(self, title: str, text: str) -> None:
        self.dialogs.inform(title, text)

    def _find(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.builder.focus_search()

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.register_view.reload()

    # -- start -------------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the books in force on a worker; show them when they are read. Start the preview's
        process and note whether the last run ended without closing."""
        if self.guard is not None:
            self.unfinished = self.guard.acquire()
        context, language = self.context, self.language
        self.workers.run(lambda: catalogue(context, language), self._loaded, self._failed)

    def _loaded(self, found: Catalogue) -> None:
        self.preview.start()  # after the first paint: the window is on screen by now
        shown = self.books.currentData()
        self.catalogue = found
        self.books.blockSignals(True)
        self.books.clear()
        for book in found.books:
            self.books.addItem(f"{book.title} ({book.id} {book.version})", book.id)
        self.books.blockSignals(False)
        if found.problems:
            self.banner.show_error(QuoterError("\n".join(found.problems)))
        if not found.books:
            self.statusBar().showMessage(self.tr("No price book is in force today."))
            self.builder.set_book(None)
            return
        self.statusBar().clearMessage()
        last = recalled("book", "", self.preferences) if self.preferences is not None else ""
        index = self.books.findData(shown) if shown is not None else -1
        if index < 0:
            index = max(self.books.findData(last), 0)
        self.books.blockSignals(True)
        self.books.setCurrentIndex(index)
        self.books.blockSignals(False)
        self._show_book(index)
        if self.unfinished is not None:
            self._restore(self.unfinished)
        elif self._reopen is not None:
            from quoter.usecases.register import show_quote

            number, context, self._reopen = self._reopen, self.context, None
            self.workers.run(
                lambda: show_quote(context, number), self.open_record, self.banner.show_error
            )

    def _restore(self, unfinished: Unfinished) -> None:
        from quoter.usecases.register import show_quote

        number, context = unfinished.number, self.context

        def restored(record: RegisteredQuote) -> None:
            self.open_record(record)
            self.banner.show_message(
                self.tr(
                    "quoter did not close normally last time. {number} is open again as it "
                    "was last saved ({saved})."
                ).format(number=number, saved=self._time_text(record))
            )

        self.workers.run(lambda: show_quote(context, number), restored, self.banner.show_error)

    def _time_text(self, record: RegisteredQuote) -> str:
        return record.created_at.astimezone(self.context.clock.zone).strftime("%Y-%m-%d %H:%M")

    def _failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(self.tr("The price books could not be read."))
        self.banner.show_error(error)

    def current_book(self) -> BookCatalogue | None:
        if self.catalogue is None or self.books.currentIndex() < 0:
            return None
        return self.catalogue.book(str(self.books.currentData()))

    def _show_book(self, index: int) -> None:
        book = self.current_book()
        if self.builder.read_only:  # a frozen quote stays as it was: the new book starts anew
            self.keeper.start(None)
        self.builder.set_book(book)
        self._show_book_status(book)
        self._quote_shown()

    def _show_book_status(self, book: BookCatalogue | None) -> None:
        if book is None:
            self.book_status.clear()
            return
        self.book_status.setText(
            self.tr("{id} {version}, {digest}").format(
                id=book.id, version=book.version, digest=book.digest[:19] + "..."
            )
        )
        self.book_status.setToolTip(book.digest)

    # -- the quote's life --------------------------------------------------------------------------

    def _edited(self, request: Any) -> None:
        draft = self.builder.draft
        if draft is not None and draft.complete:
            self.keeper.changed(request)
        complete = draft is not None and draft.complete
        self.preview.request_preview(request if complete else None, draft)
        self._update_actions()

    def _say_new_register(self) -> None:
        """The default register is made on first use: said once, where the user looks."""
        if self.context.register_created and not self._said_new_register:
            self._said_new_register = True
            where = self.context.register_url.removeprefix("sqlite:///")
            self.statusBar().showMessage(
                self.tr("A new, empty quote register was made: {file}").format(file=where), 15000
            )

    def _saved(self, record: RegisteredQuote) -> None:
        if self.builder.read_only:
            return
        self.builder.number = record.number
        if self.guard is not None:
            self.guard.editing(record.number)
        self._update_actions()

    def _quote_shown(self) -> None:
        draft = self.builder.draft
        if not self.builder.read_only:
            priced = draft is not None and draft.complete
            self.preview.request_preview(self.builder.request if priced else None, draft)
        self._update_actions()

    def _update_actions(self) -> None:
        builder, draft = self.builder, self.builder.draft
        complete = draft is not None and draft.complete
        editable = not builder.read_only and builder.request is not None
        self.save_action.setEnabled(editable and complete)
        self.issue_action.setEnabled(editable and complete)
        self.revise_action.setEnabled(builder.read_only and builder.number is not None)
        exportable = complete or builder.read_only
        self.export_pdf.setEnabled(exportable)
        self.export_docx.setEnabled(exportable)
        self.print_action.setEnabled(exportable)
        self.quote_status.setText(self._status_text())

    def _status_text(self) -> str:
        builder = self.builder
        if builder.request is None:
            return ""
        if builder.read_only:
            return self.tr("{number}: issued, read-only").format(number=builder.number)
        if builder.number is None:
            return self.tr("New quote, not saved yet")
        if self.keeper.unsaved:
            return self.tr("Draft {number}: saving...").format(number=builder.number)
        return self.tr("Draft {number}: saved").format(number=builder.number)

    def new_quote(self) -> None:
        """Ctrl+N: what is being edited is saved; an empty quote on the same book follows."""
        self._save_pending()
        self.keeper.start(None)
        if self.guard is not None:
            self.guard.editing(None)
        self.tabs.setCurrentIndex(0)
        self.banner.hide()  # what it said was about the quote before
        self.builder.new_quote()
        self.builder.customer.legal_name.setFocus()

    def _save_pending(self) -> bool:
        try:
            self.keeper.flush()
        except QuoterError as error:
            self.banner.show_error(error)
            return False
        return True

    def save_draft(self) -> None:
        """Ctrl+S: save now (drafts are also saved a second after every change)."""
        request, draft = self.builder.request, self.builder.draft
        if self.builder.read_only or request is None or draft is None or not draft.complete:
            return
        self.keeper.changed(request)
        if self._save_pending():
            self.statusBar().showMessage(
                self.tr("Saved {number}.").format(number=self.builder.number), 5000
            )

    def open_record(self, record: RegisteredQuote) -> None:
        """Show a quote from the register: a draft to edit, anything else read-only."""
        self._say_new_register()
        self._save_pending()
        book = self.catalogue.book(record.request.book) if self.catalogue else None
        editable = QuoteAction.EDIT in record.actions
        if editable and book is None:
            self.banner.show_error(
                QuoterError(
                    f"{record.number} is priced with the book '{record.request.book}', which is "
                    "not in force today: duplicate it from the register to price it anew."
                )
            )
            return
        if book is not None:
            index = self.books.findData(book.id)
            self.books.blockSignals(True)
            self.books.setCurrentIndex(index)
            self.books.blockSignals(False)
        self._show_book_status(book)
        self.keeper.start(record.number if editable else None, record.row_version)
        if self.guard is not None:
            self.guard.editing(record.number if editable else None)
        self.tabs.setCurrentIndex(0)
        self.builder.open_quote(record, book)
        if not editable:
            from quoter.usecases.register import quote_document

            number, context = record.number, self.context
            self.workers.run(
                lambda: quote_document(context, number, "pdf"),
                self.preview.show_pdf,
                self.banner.show_error,
            )

    def _conflict(self, error: QuoteChanged, mine: QuoteRequest) -> None:
        """Someone else changed the draft: take theirs, or keep mine as a new draft."""
        text = self.tr(
            "{problem}\n\nReload shows their version (your last change is dropped); "
            "Cancel keeps your version as a new draft."
        ).format(problem=error.describe())
        if self.dialogs.confirm(self.tr("Quote changed elsewhere"), text, self.tr("&Reload")):
            from quoter.usecases.register import show_quote

            number, context = error.number, self.context
            self.workers.run(
                lambda: show_quote(context, number), self.open_record, self.banner.show_error
            )
            return
        self.keeper.start(None)
        self.builder.number = None
        self.keeper.changed(mine)
        self.keeper.save_now()
        self.statusBar().showMessage(self.tr("Your version is saved as a new draft."), 10000)

    def _ready_to_issue(self) -> str | None:
        """Why the draft cannot be issued yet, or None."""
        request, draft = self.builder.request, self.builder.draft
        if request is None or draft is None or not draft.complete:
            return self.tr("Every line must price before the quote can be issued.")
        if request.customer == CUSTOMER_TO_COME:
            return self.tr("Enter the customer (name, address, signatory) before issuing.")
        problems = self.builder.customer.customer()[1]
        if problems:  # the customer as typed, checked in full (its problems are shown at it)
            return self.tr(
                "The customer's details need attention before issuing:\n{problems}"
            ).format(problems="\n".join(str(problem) for problem in problems))
        return None

    def issue(self) -> None:
        """Ctrl+Shift+I: after a confirmation naming number, customer and total, the draft is
        numbered for good, its contract stored, and it is shown frozen."""
        problem = self._ready_to_issue()
        if problem is not None:
            self.banner.show_error(QuoterError(problem))
            return
        request, draft = self.builder.request, self.builder.draft
        assert request is not None and draft is not None and draft.priced is not None
        self.keeper.changed(request)
        if not self._save_pending() or self.builder.number is None:
            return
        number, priced = self.builder.number, draft.priced
        text = self.tr(
            "Issue {number} to {customer} for {total}?\n\n"
            "Issuing freezes the quote and stores its contract (PDF and DOCX). "
            "After that it can only be revised."
        ).format(
            number=number,
            customer=request.customer.legal_name,
            total=money_text(priced.total, priced.locale),
        )
        if not self.dialogs.confirm(self.tr("Issue quote"), text, self.tr("&Issue")):
            return
        from quoter.usecases.register import issue_quote

        self.statusBar().showMessage(self.tr("Issuing {number}...").format(number=number))
        context = self.context
        self.workers.run(lambda: issue_quote(context, number), self._issued, self._not_issued)

    def _issued(self, record: RegisteredQuote) -> None:
        self.open_record(record)
        until = record.valid_until.isoformat() if record.valid_until else ""
        self.statusBar().showMessage(
            self.tr("Issued {number}, valid until {until}.").format(
                number=record.number, until=until
            ),
            10000,
        )
        self.register_view.reload()

    def _not_issued(self, error: BaseException) -> None:
        self.statusBar().clearMessage()
        self.banner.show_error(error)

    def revise(self) -> None:
        """Ctrl+Shift+R: a new draft revision of the offer shown, opened to edit."""
        number = self.builder.number
        if not self.builder.read_only or number is None:
            return
        from quoter.usecases.register import revise_quote

        context = self.context

        def opened(record: RegisteredQuote) -> None:
            self.open_record(record)
            self.statusBar().showMessage(
                self.tr("{number} revises {original}.").format(
                    number=record.number, original=number
                ),
                10000,
            )

        self.workers.run(lambda: revise_quote(context, number), opened, self.banner.show_error)

    def export(self, kind: str) -> None:
        """Write the contract of the quote shown: a draft's PDF is the preview's very bytes; an
        issued quote's documents are the ones stored when it was issued."""
        builder = self.builder
        request = builder.request
        if request is None or not (builder.read_only or (builder.draft and builder.draft.complete)):
            return
        folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        stem = _file_stem(builder.number or self.tr("draft"), request.customer.legal_name)
        target = self.dialogs.save_path(
            self.tr("Export {kind}").format(kind=kind), folder / f"{stem}.{kind.lower()}", kind
        )
        if target is None:
            return
        from quoter.usecases.contracts import contract_files, write_file
        from quoter.usecases.register import quote_document

        context, number = self.context, builder.number

        def written(_: object) -> None:
            self.statusBar().showMessage(self.tr("Wrote {path}").format(path=target), 10000)

        def write(content: bytes) -> None:
            self.workers.run(lambda: write_file(target, content), written, self.banner.show_error)

        if builder.read_only and number is not None:
            self.workers.run(
                lambda: quote_document(context, number, kind.lower()),
                write,
                self.banner.show_error,
            )
        elif kind == "PDF":
            self.preview.when_rendered(request, write, self.banner.show_error)
        else:
            self.workers.run(
                lambda: contract_files(context, request, pdf=False, docx=True).docx,
                write,
                self.banner.show_error,
            )

    def print_contract(self) -> None:
        """Ctrl+P: the contract as the preview shows it, on a printer the user picks."""
        document = self.preview.document
        if self.preview.shown_pdf() is None or document.pageCount() == 0:
            self.banner.show_error(QuoterError(self.tr("There is no contract to print yet.")))
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.builder.number or self.tr("draft"))
        if not self.dialogs.run(QPrintDialog(printer, self)):
            return
        painter = QPainter()
        if not painter.begin(printer):
            self.banner.show_error(QuoterError(self.tr("The printer could not be opened.")))
            return
        try:
            area = painter.viewport()
            for page in range(document.pageCount()):
                if page:
                    printer.newPage()
                points = document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                painter.drawImage(QRect(QPoint(0, 0), size), document.render(page, size))
        finally:
            painter.end()
        self.statusBar().showMessage(self.tr("Sent the contract to the printer."), 5000)

    # -- files dropped on the window ---------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _dropped_files(event.mimeData())
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_file(files[0])

    def open_file(self, path: Path) -> None:
        """A quote request or a triage facts file becomes a new draft, opened to edit."""
        from quoter.usecases.opening import open_file

        context = self.context
        self.workers.run(lambda: open_file(context, path), self.open_record, self.banner.show_error)

    # -- end ---------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._save_pending():
            event.ignore()  # shown in the banner; nothing typed is thrown away
            self.keeper.start(None)  # a second close goes, with the draft as last saved
            return
        self.preview.stop()
        self.workers.wait()
        self._save_state()
        if self.guard is not None:
            self.guard.release()
        for context in self._own_contexts:
            context.close()
        self._own_contexts.clear()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        # leaving the window saves at once what is pending (GUI.md item 9)
        left = event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow()
        if left and self.keeper.unsaved:
            QTimer.singleShot(0, self.keeper.save_now)
        super().changeEvent(event)


def _fallback_keys(action: QAction, keys: str) -> None:
    """The usual key where the platform names none for a standard action (Quit, Settings)."""
    if action.shortcut().isEmpty():
        action.setShortcut(QKeySequence(keys))
        plain = action_name(action.text())
        action.setToolTip(f"{plain} ({action.shortcut().toString()})")


def _dropped_files(mime: QMimeData) -> list[Path]:
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in OPENABLE
    ]


def _file_stem(number: str, customer: str) -> str:
    """A file name from the number and the customer, safe on every file system."""
    name = re.sub(r"[^\w-]+", "-", customer).strip("-")[:40].strip("-")
    return f"{number}-{name}" if name and customer != CUSTOMER_TO_COME.legal_name else number
