"""Writing files so that a failure never leaves a half-written file at the target path."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to a uniquely named temporary file beside `path`, flush it to disk, then
    rename it over `path` in one step: readers see the old file or the new one, never a part of it.

    The file gets the mode a plain `open()` would give it (0o666 less the umask), found without
    changing the process's umask, which other threads share."""
    folder = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(descriptor, 0o666 & ~current_umask())  # mkstemp makes owner-only files
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process's umask, read without setting it (Linux shows it in /proc/self/status)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022  # the usual default where /proc is not there (macOS, Windows)
