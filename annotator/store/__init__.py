"""store layer: the project's SQLite database through sqlite-utils."""

from __future__ import annotations

from annotator.store.connection import open_memory, open_store, write_transaction
from annotator.store.errors import (
    StoreBusyError,
    StoreConflictError,
    StoreDamagedError,
    StoreError,
    StoreReadOnlyError,
)

__all__ = [
    "StoreBusyError",
    "StoreConflictError",
    "StoreDamagedError",
    "StoreError",
    "StoreReadOnlyError",
    "open_memory",
    "open_store",
    "write_transaction",
]
