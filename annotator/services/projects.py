"""A project as gui and cli hold it: its handle type, opening, checking and naming its file.

``Project`` is the handle every service takes; gui and cli name it by this alias (never the
store's own type), so that another backend's handle can take its place.
"""

from __future__ import annotations

from pathlib import Path

from annotator.store import Project
from annotator.store.connection import (
    check_sound,
    damaged_message,
    database_file,
    open_store,
    quick_check,
)
from annotator.store.learned import learned_names
from annotator.store.states import annotator_names

__all__ = [
    "Project",
    "annotator_names",
    "check_sound",
    "damaged_message",
    "database_file",
    "learned_names",
    "open_file",
    "quick_check",
]


def open_file(path: Path) -> Project:
    """Open (creating and upgrading if needed) the project stored in the file ``path``."""
    return open_store(path)
