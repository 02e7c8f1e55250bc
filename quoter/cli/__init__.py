"""The `quoter` command."""

from quoter.cli.main import main

__all__ = ["main"]
