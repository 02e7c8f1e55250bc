"""Products and their ordered release lists.

A product's releases are written once, oldest first, and read by price books (release-typed
parameters; releases stepped back are the distance between two positions in the list) and by the
scope-of-support policy. Versions are never parsed from strings: the list's order is the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Release:
    id: str
    name: str
    released_on: date


@dataclass(frozen=True, slots=True)
class Product:
    id: str
    name: str
    releases: tuple[Release, ...]
    """Oldest first."""

    def release(self, release_id: str) -> Release | None:
        for release in self.releases:
            if release.id == release_id:
                return release
        return None

    def position(self, release_id: str) -> int:
        """Where the release stands in the list, 0 for the oldest; `KeyError` for an unknown id."""
        for index, release in enumerate(self.releases):
            if release.id == release_id:
                return index
        raise KeyError(release_id)

    def releases_between(self, newer: str, older: str) -> int:
        """How many releases `older` is behind `newer` (negative when it is ahead)."""
        return self.position(newer) - self.position(older)

    def release_ids(self) -> list[str]:
        return [release.id for release in self.releases]
