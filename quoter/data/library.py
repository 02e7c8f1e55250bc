"""What the data folders hold: products, price books (validated as a set), policies, the
contract kit and the Scope of Support's wording, each read once and remembered.

An id found in a configured data folder hides the bundled data of the same id, so a vendor's own
`services-usd` replaces the example one instead of clashing with it.

One `Library` belongs to one application context and may be shared by its worker threads: each
lazy read happens under a lock, and what it returns is immutable.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

from quoter.books.contract_data import read_terms, read_vendor, read_wordings
from quoter.books.policy_file import read_policy
from quoter.books.pricebook_file import read_price_book
from quoter.books.products_file import read_product
from quoter.books.source import locate, read_text
from quoter.data.locator import DataFolderError, DataLocator
from quoter.documents.kit import REFERENCE_LANGUAGE, ContractKit
from quoter.domain.bookset import book_in_force, check_book_set, republished
from quoter.domain.contract_terms import ContractTexts, DocumentError
from quoter.domain.policy import Policy
from quoter.domain.policyset import check_policy_set, policy_in_force, republished_policy
from quoter.domain.pricebook import PriceBook
from quoter.domain.problems import PolicyError, PriceBookError, Problem, ProductError
from quoter.domain.products import Product

T = TypeVar("T")


class Library:
    """Reads lazily and remembers what it read; safe to share between threads."""

    def __init__(self, locator: DataLocator) -> None:
        self.locator = locator
        # One lock per kind of data, so reading a large book never keeps the contract kit
        # waiting; a kind's lock may take the products' lock (books and policies name their
        # product), never the other way round.
        self._products_lock = threading.RLock()
        self._books_lock = threading.Lock()
        self._policies_lock = threading.Lock()
        self._kit_lock = threading.Lock()
        self._remembered_lock = threading.RLock()
        self._products: dict[str, Product] = {}
        self._product_by_file: dict[Path, Product] = {}
        self._product_files: dict[str, list[Path]] | None = None
        self._books: list[PriceBook] | None = None
        self._policies: list[Policy] | None = None
        self._kit: ContractKit | None = None
        self._scope_wording: dict[str, ContractTexts] | None = None
        self._remembered: dict[Hashable, Any] = {}
        self.fingerprint = locator.fingerprint()
        """The data files as they were when this library was made (see `changed`)."""

    def changed(self) -> bool:
        """Whether a data file was edited, added or removed since this library was made."""
        return self.locator.fingerprint() != self.fingerprint

    def product(self, product_id: str, near: Path | None = None) -> Product:
        """The product with this id; `near` (a book's file) lets products/ beside it win. Each
        product file is read once."""
        with self._products_lock:
            return self._product(product_id, near)

    def _product(self, product_id: str, near: Path | None) -> Product:
        if product_id in self._products and near is None:
            return self._products[product_id]
        candidates = []
        if near is not None:
            candidates.append(near.resolve().parent.parent / "products" / f"{product_id}.toml")
        candidates.extend(self._product_index().get(product_id, []))
        for path in candidates:
            if path in self._product_by_file:
                return self._product_by_file[path]
            if _is_file(path, "products"):
                product = read_product(path)
                if product.id != product_id:
                    raise ProductError(
                        f"{path}: the file name says '{product_id}' "
                        f"but the file's id is '{product.id}'"
                    )
                self._product_by_file[path] = product
                self._products.setdefault(product_id, product)
                return product
        known = ", ".join(sorted(self._product_index())) or "none"
        raise ProductError(f"no product '{product_id}' in any products/ folder (known: {known})")

    def _product_index(self) -> dict[str, list[Path]]:
        if self._product_files is None:
            self._product_files = {}
            for path in self.locator.files("products"):
                self._product_files.setdefault(path.stem, []).append(path)
        return self._product_files

    def read_book(self, path: Path) -> PriceBook:
        """One book file, validated, with its product looked up beside it first."""
        return read_price_book(
            path, lambda product_id: self.product(product_id, near=path), self.locator.book_cache
        )

    def books(self) -> list[PriceBook]:
        """Every book in the data folders, validated one by one and as a set."""
        with self._books_lock:
            if self._books is None:
                self._books = self._read_all()
            return self._books

    def book_in_force(self, book_id: str, day: date) -> PriceBook:
        return book_in_force(self.books(), book_id, day)

    def _read_all(self) -> list[PriceBook]:
        problems: list[Problem] = []
        books: list[PriceBook] = []
        configured: dict[tuple[str, str], PriceBook] = {}
        configured_ids: set[str] = set()
        for path in self.locator.files("price_books"):
            try:
                book = self.read_book(path)
            except PriceBookError as error:
                problems.extend(error.problems)
                continue
            if self.locator.is_bundled(path) and book.id in configured_ids:
                own = configured.get((book.id, book.version))
                problem = republished(own, book) if own is not None else None
                if problem is not None:
                    problems.append(problem)
                continue
            if not self.locator.is_bundled(path):
                configured_ids.add(book.id)
                configured[(book.id, book.version)] = book
            books.append(book)
        distinct, set_problems = check_book_set(books)
        problems.extend(set_problems)
        if problems:
            raise PriceBookError("The price books are not valid:", problems)
        return distinct

    def read_policy(self, path: Path) -> Policy:
        """One policy file, validated, with its product looked up beside it first."""
        return read_policy(path, lambda product_id: self.product(product_id, near=path))

    def policies(self) -> list[Policy]:
        """Every policy in the data folders; a configured folder's id hides the bundled one."""
        with self._policies_lock:
            if self._policies is None:
                self._policies = self._read_policies()
            return self._policies

    def _read_policies(self) -> list[Policy]:
        problems: list[Problem] = []
        policies: list[Policy] = []
        configured: dict[str, dict[str, Policy]] = {}
        for path in self.locator.files("policies"):
            try:
                policy = self.read_policy(path)
            except PolicyError as error:
                problems.extend(error.problems or [Problem((), error.summary, file=str(path))])
                continue
            if not self.locator.is_bundled(path):
                configured.setdefault(policy.id, {})[policy.version] = policy
            elif policy.id in configured:
                # a configured id hides the bundled one; a published version never changes
                own = configured[policy.id].get(policy.version)
                problem = republished_policy(own, policy) if own is not None else None
                if problem is not None and own is not None and own.source:
                    problems += locate([problem], read_text(Path(own.source)), own.source)
                continue
            policies.append(policy)
        problems.extend(check_policy_set(policies))
        if problems:
            raise PolicyError("The scope-of-support policies are not valid:", problems)
        return policies

    def policy_in_force(self, product_id: str, day: date) -> Policy:
        return policy_in_force(self.policies(), product_id, day)

    def remembered(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` gives, made once per key for the life of this library (its data files
        unchanged): views of the data that callers build from it, such as a book's catalogue."""
        with self._remembered_lock:
            if key not in self._remembered:
                self._remembered[key] = make()
            return cast(T, self._remembered[key])

    def kit(self) -> ContractKit:
        """The templates, wording, vendor profile and standard terms from the data folders."""
        with self._kit_lock:
            if self._kit is None:
                self._kit = self._read_kit()
            return self._kit

    def _read_kit(self) -> ContractKit:
        template_dir = self.locator.folder_with("contract_templates", "document.html")
        resources_dir = self.locator.folder_with("resources", "vendor.toml")
        if template_dir is None:
            raise DocumentError(
                "no contract_templates/ folder with document.html in the data folders"
            )
        if resources_dir is None:
            raise DocumentError("no resources/ folder with vendor.toml in the data folders")
        texts = read_wordings(template_dir, "texts", REFERENCE_LANGUAGE)
        languages = tuple(texts)
        vendor = read_vendor(resources_dir / "vendor.toml", languages)
        terms = read_terms(resources_dir / "terms" / "standard-terms.toml", languages)
        return ContractKit(template_dir, resources_dir, texts, vendor, terms)

    def scope_wording(self) -> dict[str, ContractTexts]:
        """The Scope of Support's and the triage's wording per language (contract_templates/
        scope.LANG.toml), each checked against the English file's keys and placeholders."""
        with self._kit_lock:
            if self._scope_wording is None:
                folder = self.locator.folder_with("contract_templates", "scope.en.toml")
                if folder is None:
                    raise DocumentError(
                        "no contract_templates/ folder with scope.en.toml in the data folders"
                    )
                self._scope_wording = read_wordings(folder, "scope")
            return self._scope_wording


def _is_file(path: Path, kind: str) -> bool:
    """Whether `path` is a file; a folder on the way that cannot be looked into is said."""
    try:
        return path.is_file()
    except OSError as error:
        raise DataFolderError(path.parent, kind, error) from None


def wording_for(wording: dict[str, ContractTexts], language: str) -> ContractTexts:
    """The wording in `language`, or a clear error naming the languages there are."""
    if language not in wording:
        raise DocumentError(
            f"there is no scope-of-support wording in '{language}' "
            f"(contract_templates/ has: {', '.join(wording)})"
        )
    return wording[language]
