"""Writing files so that a failure, a full disk or a killed process never leaves a half-written
file at the target path, nor beside it.

On Linux a file is written as an anonymous file in the target's folder (`O_TMPFILE`): it has no
name until it is complete and flushed to disk, so a process killed while writing leaves nothing
behind. Then it takes the target's name in one step (a link where the target does not exist yet;
else a link to a unique hidden name renamed over the target), and the folder is flushed too, so
the name survives a power cut. Where there are no anonymous files (macOS, Windows, some network
file systems) it is written under a unique hidden name beside the target and renamed once
complete: a failure removes that file, a kill can leave it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_NO_ANONYMOUS_FILES = frozenset({errno.EOPNOTSUPP, errno.ENOTSUP, errno.EISDIR, errno.EINVAL})
"""What opening with O_TMPFILE says where the file system (or an old kernel) has no such files."""
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to `path` through `atomic_file`: readers see the old file or the new one,
    never a part of it. The file gets the mode a plain `open()` would give it (0o666 less the
    umask). An `OSError` is raised as it came, with nothing left behind."""
    with atomic_file(path) as file:
        file.write(content)


@contextlib.contextmanager
def atomic_file(path: Path, *, private: bool = False) -> Iterator[BinaryIO]:
    """A new binary file to write, that takes the name `path` only when the block ends without
    an exception, complete and flushed to disk; after an exception nothing is left. It gets the
    mode a plain `open()` would give it, or the owner's read and write only with `private`.

    The umask is applied without changing it (other threads share the process's umask)."""
    folder = path.parent
    mode = 0o600 if private else 0o666
    descriptor = _anonymous_file(folder, mode)
    temporary: Path | None = None
    if descriptor is None:
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        temporary = Path(name)
    file: BinaryIO | None = None
    try:
        if temporary is not None:
            os.fchmod(descriptor, mode & ~current_umask())  # mkstemp makes owner-only files
        file = os.fdopen(descriptor, "wb")
        yield file
        file.flush()
        os.fsync(file.fileno())  # complete on disk before it has the target's name
        if temporary is None:
            _give_name(file.fileno(), path)
            file.close()
        else:
            file.close()
            os.replace(temporary, path)
            temporary = None
    except BaseException:
        _discard(file, descriptor)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def failure(error: OSError) -> str:
    """Why a file could not be written, in a reader's words: a full disk is said to be one."""
    reason = error.strerror or str(error)
    if error.errno in _FULL:
        return f"the disk is full: {reason}"
    return reason


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


def _anonymous_file(folder: Path, mode: int) -> int | None:
    """An unnamed file in `folder` (Linux's O_TMPFILE), or None where there are none. `mode` less
    the umask, as the kernel applies it."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):  # the name is given through /proc
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, mode)
    except OSError as error:
        if error.errno in _NO_ANONYMOUS_FILES:
            return None
        raise


def _give_name(descriptor: int, path: Path) -> None:
    """Give the anonymous file open as `descriptor` the name `path`, replacing a file there."""
    names = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)

    def link(name: Path) -> None:
        # linkat(AT_SYMLINK_FOLLOW) through /proc: how an unprivileged process names the file
        os.link(str(descriptor), name, src_dir_fd=names, follow_symlinks=True)

    try:
        try:
            link(path)
            return
        except FileExistsError:
            pass
        for _ in range(100):
            temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
            try:
                link(temporary)
            except FileExistsError:
                continue
            try:
                os.replace(temporary, path)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
            return
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))
    finally:
        os.close(names)


def _discard(file: BinaryIO | None, descriptor: int) -> None:
    """Close a file being given up; what is still buffered may fail to be written (a full disk):
    it is thrown away, and the error that stopped the writing is the one reported."""
    if file is None:
        with contextlib.suppress(OSError):
            os.close(descriptor)
        return
    with contextlib.suppress(OSError, ValueError):
        file.close()


def _sync_folder(folder: Path) -> None:
    """Flush the folder, so the file's new name is on disk too (not possible on Windows)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise  # some file systems cannot flush a folder; a failing disk can
    finally:
        os.close(descriptor)
