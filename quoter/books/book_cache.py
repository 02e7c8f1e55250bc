"""A cache of validated price books for a fast start (DESIGN.md item 21): it can only make loading
a book faster, never give a book other than the one its text says.

An entry holds the pickled book and its product's release list, written after the book was parsed
and validated, and is named by the SHA-256 of the book's text and quoter's version. Before anything
in an entry is read, its HMAC-SHA256 is checked with a random key of this user's, kept beside the
cache folder (not in it: whoever may write in the cache folder must not be able to swap the key),
in a file only its owner may read. An entry someone edited or wrote, random bytes, a truncated file,
an entry of another book copied over this one's name: each fails that check, is ignored, and the
book is parsed again and its entry written anew. And should a genuine entry still not load, the
unpickler admits no class but quoter's domain classes, `Decimal` and `date`, so reading an entry
never runs code.

Deleting the cache folder, the key or both is always safe: the next start parses the books again.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
import tempfile
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from quoter.books.digest import CANONICAL_FORM
from quoter.domain.pricebook import PriceBook
from quoter.domain.problems import ProductError
from quoter.domain.products import Product
from quoter.files import atomic_file

MAGIC = b"quoter validated book, format 1\n"
"""The first bytes of every entry; a change of the entry's layout changes it."""
KEY_BYTES = 32
MAC_BYTES = hashlib.sha256().digest_size
_ALLOWED = frozenset({("decimal", "Decimal"), ("datetime", "date")})
"""The classes outside quoter.domain that a book is made of."""


def cache_key(text: str) -> str:
    """The name of a book's entry: its text, and the quoter and canonical form that read it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        quoter_version = version("quoter")
    except PackageNotFoundError:
        quoter_version = "source"
    identity = f"quoter {quoter_version}, canonical form {CANONICAL_FORM}\n{text}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


def key_file(cache: Path) -> Path:
    """Where the key of `cache` is kept: beside the folder, e.g. ~/.cache/quoter/books.key."""
    return cache.parent / f"{cache.name}.key"


def cached_book(
    cache: Path, key: str, text_length: int, find_product: Callable[[str], Product]
) -> PriceBook | None:
    """The book of entry `key`, if the entry is there, genuine, readable, and its product's
    release list is still the one it was validated against; otherwise None."""
    secret = _read_secret(key_file(cache))
    if secret is None:
        return None  # no key, so no entry can be genuine
    content = _read_entry(cache / f"{key}.pickle", 4 * text_length + 1024 * 1024)
    if content is None or not content.startswith(MAGIC):
        return None
    mac = content[len(MAGIC) : len(MAGIC) + MAC_BYTES]
    payload = content[len(MAGIC) + MAC_BYTES :]
    if not hmac.compare_digest(mac, _mac(secret, key, payload)):
        return None
    try:
        book, product = _DomainUnpickler(io.BytesIO(payload)).load()
    # An entry is bytes from a file: whatever the unpickler makes of them (an entry of an older
    # quoter, a full disk's truncation that kept its MAC, a bug of ours), parsing the book is the
    # right answer, and an internal error at start-up would be the wrong one.
    except Exception:
        return None
    if not isinstance(book, PriceBook) or not isinstance(product, Product):
        return None
    try:
        if find_product(book.product) != product:
            return None
    except ProductError:
        return None
    return book


def store_book(cache: Path, key: str, book: PriceBook, product: Product) -> None:
    """Remember a validated book; a cache that cannot be written is only slower, never wrong."""
    secret = _secret(key_file(cache))
    if secret is None:
        return
    payload = pickle.dumps((book, product), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_file(cache / f"{key}.pickle", private=True) as out:
            out.write(MAGIC + _mac(secret, key, payload) + payload)
    except OSError:
        pass


def _mac(secret: bytes, key: str, payload: bytes) -> bytes:
    """The entry's MAC, over its name too, so one book's entry never passes for another's."""
    mac = hmac.new(secret, MAGIC, hashlib.sha256)
    mac.update(key.encode("ascii") + b"\n")
    mac.update(payload)
    return mac.digest()


class _DomainUnpickler(pickle.Unpickler):
    """Admits quoter's domain classes, `Decimal` and `date`, and nothing else (no function, so no
    `os.system`): a pickle can run code only through the callables it may name."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _enum_member  # how Python 3.11.2 (Debian 12's) pickles an enum's member
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith("quoter.domain."):
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a price book")


def _enum_member(enum: Any, name: Any) -> Enum:
    """`getattr(enum, name)` for a member of one of quoter's enums, and nothing else."""
    if isinstance(enum, type) and issubclass(enum, Enum) and name in enum.__members__:
        return enum[name]
    raise pickle.UnpicklingError(f"{name!r} is not a member of an enum of a price book")


def _read_entry(path: Path, limit: int) -> bytes | None:
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > limit:
                return None
            return stream.read(limit + 1)
    except OSError:
        return None


def _secret(path: Path) -> bytes | None:
    """This user's key, made if there is none (or none fit to use); None if it cannot be kept."""
    secret = _read_secret(path)
    if secret is not None:
        return secret
    secret = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:  # mkstemp makes the file readable by its owner only
            with os.fdopen(descriptor, "wb") as out:
                out.write(secret)
            try:
                os.link(temporary, path)  # atomic, and never over a key another process just made
            except FileExistsError:
                existing = _read_secret(path)
                if existing is not None:
                    return existing
                os.replace(temporary, path)  # the key there is unfit: this one takes its place
            except OSError:  # a file system without hard links
                os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        return None
    return secret


def _read_secret(path: Path) -> bytes | None:
    """The key in `path`, if it is a regular file of the right size that only this user owns and
    may read (on systems with owners); else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size != KEY_BYTES:
            return None
        if hasattr(os, "geteuid") and (
            status.st_uid != os.geteuid() or status.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
        ):
            return None
        secret = stream.read(KEY_BYTES + 1)
    return secret if len(secret) == KEY_BYTES else None
