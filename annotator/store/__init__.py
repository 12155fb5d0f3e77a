"""store layer: the project's SQLite database through sqlite-utils."""

from __future__ import annotations

import sqlite3

# First of all: sqlite-utils loaded without numpy (see driver.py).
import annotator.store.driver  # noqa: F401

# isort: split
from sqlite_utils import Database

from annotator.store.connection import open_memory, open_store, write_transaction
from annotator.store.errors import (
    StoreBusyError,
    StoreConflictError,
    StoreDamagedError,
    StoreError,
    StoreReadOnlyError,
)

# The project handle services and views hold (a PostgreSQL handle may take its place later),
# and the driver errors a caller may have to tell apart; only the store names the driver.
Project = Database
DatabaseError = sqlite3.Error
OperationalError = sqlite3.OperationalError

__all__ = [
    "DatabaseError",
    "OperationalError",
    "Project",
    "StoreBusyError",
    "StoreConflictError",
    "StoreDamagedError",
    "StoreError",
    "StoreReadOnlyError",
    "open_memory",
    "open_store",
    "write_transaction",
]
