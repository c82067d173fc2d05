"""Errors a user can cause and fix; the CLI prints them as one line and exits 2."""

from __future__ import annotations


class LurewatchError(Exception):
    """Base for every error that is the user's to fix (never shown with a traceback)."""


class InputError(LurewatchError):
    """Input that cannot be read as a conversation. Always says where: `file:line: what`."""

    def __init__(self, where: str, message: str, line: int | None = None) -> None:
        self.where = where
        self.line = line
        self.message = message
        location = f"{where}:{line}" if line is not None else where
        super().__init__(f"{location}: {message}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        # Raised in a pool worker, the error is pickled back to the parent; by default that would call
        # InputError(text) and fail, leaving the pool waiting for ever.
        return InputError, (self.where, self.message, self.line)


class UsageError(LurewatchError):
    """A command-line option or argument that makes no sense."""
