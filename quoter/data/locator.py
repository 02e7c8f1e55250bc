"""Where data files are: the configured data folders first, then the data bundled with quoter.

The bundled data ships inside the wheel (`quoter/_bundled/`, read with `importlib.resources`); in a
source checkout it is the repository's own top-level folders.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

KINDS = ("price_books", "policies", "products", "examples", "contract_templates", "resources")


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
        """Each folder once, even when a data folder is the bundled data itself."""
        found: dict[Path, Path] = {}
        for root in self.roots:
            if (root / kind).is_dir():
                found.setdefault((root / kind).resolve(), root / kind)
        return list(found.values())

    def files(self, kind: str, suffix: str = ".toml") -> list[Path]:
        found = []
        for folder in self.folders(kind):
            found.extend(sorted(p for p in folder.iterdir() if p.suffix == suffix and p.is_file()))
        return found

    def folder_with(self, kind: str, file_name: str) -> Path | None:
        """The first folder of this kind that holds `file_name` (a data folder's own templates or
        vendor profile replace the bundled ones as a whole)."""
        for folder in self.folders(kind):
            if (folder / file_name).is_file():
                return folder
        return None

    def is_bundled(self, path: Path) -> bool:
        return self.bundled is not None and self.bundled in path.parents

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Every data file's path, size and modification time: what changes when someone edits,
        adds or removes a book, policy, product or wording file."""
        entries = []
        for kind in KINDS:
            for folder in self.folders(kind):
                for path in sorted(folder.rglob("*")):
                    try:
                        stat = path.stat()
                    except OSError:
                        continue  # removed while we looked: the next look sees it gone
                    if path.is_file():
                        entries.append((str(path), stat.st_size, stat.st_mtime_ns))
        return tuple(entries)
