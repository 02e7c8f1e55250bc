"""The warnings a library logs while one thread renders, collected for that thread alone.

WeasyPrint says through its logger when a stylesheet could not be used or a glyph is missing, and
pypdf when a file is damaged; quoter turns those into messages of its own. Adding and removing a
handler around each render would change process-wide state that concurrent renders trip over (each
would collect the others' warnings), so one handler per logger is installed once, for good, and it
hands each record to the collection of the thread that logged it, if that thread is collecting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _PerThread(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        messages = getattr(self.local, "messages", None)
        if messages is not None:
            messages.append(record.getMessage())


_INSTALLED: dict[str, _PerThread] = {}
"""One handler per logger name, installed once; guarded by `_LOCK`."""
_LOCK = threading.Lock()


def _handler(logger_name: str) -> _PerThread:
    with _LOCK:
        handler = _INSTALLED.get(logger_name)
        if handler is None:
            handler = _INSTALLED[logger_name] = _PerThread()
            logging.getLogger(logger_name).addHandler(handler)
        return handler


@contextmanager
def captured(logger_name: str) -> Iterator[list[str]]:
    """The warnings `logger_name` (and its children) log in this thread inside the block."""
    handler = _handler(logger_name)
    outer = getattr(handler.local, "messages", None)
    messages: list[str] = []
    handler.local.messages = messages
    try:
        yield messages
    finally:
        handler.local.messages = outer
