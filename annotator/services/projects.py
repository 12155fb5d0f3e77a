"""A project as gui and cli hold it: its handle type, opening, checking and naming its file or
its team server (``--db`` names either: a file's path, or a ``postgresql://`` connection string).

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
from annotator.store.postgres.connect import DB_ENV, ServerError, describe, is_server_url
from annotator.store.postgres.handle import is_server as _on_server
from annotator.store.postgres.handle import reconnect as _reconnect
from annotator.store.postgres.project import login_annotator
from annotator.store.states import annotator_names

Target = Path | str  # a project file, or a team server's connection string (never a Path)

__all__ = [
    "DB_ENV",
    "Project",
    "Target",
    "annotator_names",
    "check_sound",
    "damaged_message",
    "database_file",
    "is_server",
    "learned_names",
    "login_annotator",
    "open_file",
    "project_target",
    "quick_check",
    "target_of",
    "where",
]


def open_file(path: Path) -> Project:
    """Open (creating and upgrading if needed) the project stored in the file ``path``."""
    return open_store(path)


def project_target(value: Path | str) -> Target:
    """What ``--db`` or $ANNOTATOR_DB names: a server's connection string kept as text
    (``Path("postgresql://h/db")`` would lose a slash), anything else a file's path."""
    if isinstance(value, Path):
        return value
    return value.strip() if is_server_url(value) else Path(value)


def is_server(target: object) -> bool:
    """True when ``target`` names a project on a team server rather than a file."""
    return is_server_url(target)


def where(target: Target) -> str:
    """The project for a message: the file, or ``user@host:port/db`` (never a password)."""
    if not is_server_url(target):
        return str(target)
    try:
        return describe(str(target))
    except ServerError:  # no driver, or a string libpq cannot read: show none of it
        return "the team server"


def reconnect(db: Project) -> bool:
    """Make a team server's lost connection again (True if it was lost and is made again;
    False for a working connection or a file). CodingError (``offline``) while the server
    cannot be reached."""
    from annotator.services.undo import guarded  # noqa: PLC0415 - undo imports this module

    with guarded():
        return _reconnect(db)


def target_of(db: Project) -> Target | None:
    """What a second connection to the open project opens: its file, or the team server's
    connection string; None for an in-memory database."""
    if _on_server(db):
        return str(db.conninfo)
    return database_file(db)
