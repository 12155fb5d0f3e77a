"""The errors gui and cli catch, from the layers below them: the one place they import them."""

from __future__ import annotations

from annotator.store.errors import (
    StoreBusyError,
    StoreConflictError,
    StoreDamagedError,
    StoreError,
    StoreReadOnlyError,
)
from annotator.store.postgres.connect import ServerError, ServerUnreachableError

__all__ = [
    "ServerError",
    "ServerUnreachableError",
    "StoreBusyError",
    "StoreConflictError",
    "StoreDamagedError",
    "StoreError",
    "StoreReadOnlyError",
]
