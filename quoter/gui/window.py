"""The main window: the quote builder on the book in force, a banner for errors from any layer,
undo and redo, and the book's identity in the status bar. Built on one application context."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quoter.domain.problems import QuoterError
from quoter.gui.builder import QuoteBuilder
from quoter.gui.worker import Workers
from quoter.usecases.catalogue import BookCatalogue, Catalogue, catalogue
from quoter.usecases.context import AppContext


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

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, QuoterError):
            message = error.describe()
        else:  # a bug in quoter: said plainly, with what to report
            message = self.tr(
                "Internal error ({kind}: {error}). This is a bug in quoter; please report it."
            ).format(kind=type(error).__name__, error=error)
        self.text.setText(message)
        self.show()


class MainWindow(QMainWindow):
    """The quote builder: pick a book in force and search what it sells."""

    def __init__(self, context: AppContext, language: str = "en") -> None:
        super().__init__()
        self.context = context
        self.language = language
        self.workers = Workers(self)
        self.catalogue: Catalogue | None = None
        self.setWindowTitle(self.tr("quoter"))
        self.banner = Banner(self)
        self.books = QComboBox(self)
        self.books.setAccessibleName(self.tr("Price book"))
        self.books.currentIndexChanged.connect(self._show_book)
        book_label = QLabel(self.tr("&Price book:"), self)
        book_label.setBuddy(self.books)
        self.builder = QuoteBuilder(context, self)
        self.panel = self.builder.catalogue
        header = QHBoxLayout()
        header.addWidget(book_label)
        header.addWidget(self.books, 1)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        body = QVBoxLayout()
        body.setContentsMargins(8, 8, 8, 8)
        body.addLayout(header)
        body.addWidget(self.builder, 1)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.book_status = QLabel(self)
        self.statusBar().addPermanentWidget(self.book_status)
        self.statusBar().showMessage(self.tr("Reading the price books..."))
        self._menus()
        self.resize(1000, 700)

    def _menus(self) -> None:
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        find = QAction(self.tr("&Find a service"), self)
        find.setShortcuts([QKeySequence(QKeySequence.StandardKey.Find), QKeySequence("Ctrl+K")])
        find.triggered.connect(self._find)
        undo = self.builder.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.builder.undo_stack.createRedoAction(self, self.tr("&Redo"))
        # the platform's own keys, and both that people use on Linux whatever the platform says
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        redo.setShortcuts(redo_keys)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(find)

    def _find(self) -> None:
        self.builder.focus_search()

    def load(self) -> None:
        """Read the books in force on a worker; show them when they are read."""
        context, language = self.context, self.language
        self.workers.run(lambda: catalogue(context, language), self._loaded, self._failed)

    def _loaded(self, found: Catalogue) -> None:
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
        self._show_book(0)

    def _failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(self.tr("The price books could not be read."))
        self.banner.show_error(error)

    def current_book(self) -> BookCatalogue | None:
        if self.catalogue is None or self.books.currentIndex() < 0:
            return None
        return self.catalogue.book(str(self.books.currentData()))

    def _show_book(self, index: int) -> None:
        book = self.current_book()
        self.builder.set_book(book)
        if book is not None:
            self.book_status.setText(
                self.tr("{id} {version}, {digest}").format(
                    id=book.id, version=book.version, digest=book.digest[:19] + "..."
                )
            )
            self.book_status.setToolTip(book.digest)

    def closeEvent(self, event: object) -> None:
        self.workers.wait()
        super().closeEvent(event)  # type: ignore[arg-type]
