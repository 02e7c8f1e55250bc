"""Where data files are: the configured data folders first, then the data bundled with quoter.

The bundled data ships inside the wheel (`quoter/_bundled/`, read with `importlib.resources`); in a
source checkout it is the repository's own top-level folders. A folder that cannot be listed (its
permissions, say) is a `DataFolderError` naming it and what it should hold, raised when its files
are looked for: a command that needs none of them still runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from quoter.domain.problems import QuoterError

KINDS = ("price_books", "policies", "products", "examples", "contract_templates", "resources")
HOLDS = {
    "price_books": "the price books (*.toml)",
    "policies": "the scope-of-support policies (*.toml)",
    "products": "the products' release lists (*.toml)",
    "examples": "example quote requests",
    "contract_templates": "the contract's layouts and wording",
    "resources": "the vendor profile, standard terms, logo and fonts",
}
"""What each kind of folder holds, in the words of a message about it."""


class DataFolderError(QuoterError):
    """A data folder, or its price_books/, products/... folder, cannot be listed or looked into."""

    def __init__(self, folder: Path, kind: str | None, error: OSError) -> None:
        reason = error.strerror or str(error)
        if kind is None:
            summary = (
                f"{folder}: this data folder cannot be read ({reason}). Expected a folder this "
                "user can open and list, holding price_books/, products/...: change its "
                "permissions, or leave it out of the data folders."
            )
        else:
            summary = (
                f"{folder}: this folder cannot be read ({reason}); quoter looks in it for "
                f"{HOLDS.get(kind, 'data files')}. Expected a folder this user can open and "
                "list: change its permissions, or leave its data folder out of the data folders."
            )
        super().__init__(summary)
        self.folder = folder


def bundled_root() -> Path | None:
    """The folder holding the bundled price_books/, products/ and examples/, if there is one."""
    packaged = resources.files("quoter") / "_bundled"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent.parent
    if (checkout / "price_books").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return None


class DataLocator:
    """Finds the data files of one kind, configured folders before bundled ones."""

    def __init__(
        self,
        folders: Sequence[Path] = (),
        *,
        bundled: bool = True,
        book_cache: Path | None = None,
    ) -> None:
        self.roots = list(folders)
        self.book_cache = book_cache
        root = bundled_root() if bundled else None
        self.bundled = root
        if root is not None:
            self.roots.append(root)

    def folders(self, kind: str) -> list[Path]:
        """Each folder once, even when a data folder is the bundled data itself; a data folder
        that cannot be looked into is a `DataFolderError`."""
        found: dict[Path, Path] = {}
        for root in self.roots:
            try:
                there = (root / kind).is_dir()
                if there:
                    found.setdefault((root / kind).resolve(), root / kind)
            except OSError as error:
                raise DataFolderError(root, None, error) from None
        return list(found.values())

    def files(self, kind: str, suffix: str = ".toml") -> list[Path]:
        """The files of this kind, each folder's in name order; a folder that cannot be listed
        is a `DataFolderError`."""
        found = []
        for folder in self.folders(kind):
            try:
                found.extend(
                    sorted(p for p in folder.iterdir() if p.suffix == suffix and p.is_file())
                )
            except OSError as error:
                raise DataFolderError(folder, kind, error) from None
        return found

    def folder_with(self, kind: str, file_name: str) -> Path | None:
        """The first folder of this kind that holds `file_name` (a data folder's own templates or
        vendor profile replace the bundled ones as a whole)."""
        for folder in self.folders(kind):
            try:
                if (folder / file_name).is_file():
                    next(folder.iterdir(), None)  # its other files are found by listing it
                    return folder
            except OSError as error:
                raise DataFolderError(folder, kind, error) from None
        return None

    def is_bundled(self, path: Path) -> bool:
        return self.bundled is not None and self.bundled in path.parents

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Every data file's path, size and modification time: what changes when someone edits,
        adds or removes a book, policy, product or wording file."""
        entries = []
        for kind in KINDS:
            try:
                folders = self.folders(kind)
            except DataFolderError as error:  # said when its files are read; its state counts
                entries.append((f"{error.folder} (unreadable)", -1, -1))
                continue
            for folder in folders:
                try:
                    paths = sorted(folder.rglob("*"))
                except OSError:
                    entries.append((f"{folder} (unreadable)", -1, -1))
                    continue
                for path in paths:
                    try:
                        stat = path.stat()
                    except OSError:
                        continue  # removed while we looked: the next look sees it gone
                    if path.is_file():
                        entries.append((str(path), stat.st_size, stat.st_mtime_ns))
        return tuple(entries)
