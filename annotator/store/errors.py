"""Errors raised by the store."""

from __future__ import annotations


class StoreError(Exception):
    """A database that cannot be used, or a write the store refuses, with a clear message."""

    retryable: bool = False


class StoreBusyError(StoreError):
    """The write lock stayed taken beyond the busy timeout; nothing was written, retry later."""

    retryable = True


class StoreConflictError(StoreError):
    """A stored step (an undo or redo) no longer fits the rows: another window or machine
    changed them since; nothing was written, and the step cannot be applied any more."""


class StoreDamagedError(StoreError):
    """The database file is damaged (SQLite reports it malformed); nothing was written."""


class StoreReadOnlyError(StoreError):
    """The database (or its folder) cannot be written: read-only; nothing was written."""


StoreBusy = StoreBusyError  # the name the issue tracker uses
