"""The products and price books quoter knows: read from the data folders, validated as a set.

An id found in a configured data folder hides the bundled data of the same id, so a vendor's own
`services-usd` replaces the example one instead of clashing with it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from quoter.books.policy_file import read_policy
from quoter.books.pricebook_file import read_price_book
from quoter.books.products_file import read_product
from quoter.books.source import locate, read_text
from quoter.domain.bookset import book_in_force, check_book_set, republished
from quoter.domain.policy import Policy
from quoter.domain.policyset import check_policy_set, policy_in_force, republished_policy
from quoter.domain.pricebook import PriceBook
from quoter.domain.problems import PolicyError, PriceBookError, Problem, ProductError
from quoter.domain.products import Product
from quoter.locations import DataLocator


class Library:
    """Reads lazily and remembers what it read; one per use-case call, not shared by threads."""

    def __init__(self, locator: DataLocator) -> None:
        self.locator = locator
        self._products: dict[str, Product] = {}
        self._product_files: dict[str, list[Path]] | None = None
        self._books: list[PriceBook] | None = None
        self._policies: list[Policy] | None = None

    def product(self, product_id: str, near: Path | None = None) -> Product:
        """The product with this id; `near` (a book's file) lets products/ beside it win."""
        if product_id in self._products and near is None:
            return self._products[product_id]
        candidates = []
        if near is not None:
            candidates.append(near.resolve().parent.parent / "products" / f"{product_id}.toml")
        candidates.extend(self._product_index().get(product_id, []))
        for path in candidates:
            if path.is_file():
                product = read_product(path)
                if product.id != product_id:
                    raise ProductError(
                        f"{path}: the file name says '{product_id}' "
                        f"but the file's id is '{product.id}'"
                    )
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
