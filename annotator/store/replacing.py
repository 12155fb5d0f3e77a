"""Replacing a project file by another (a restore), only while no other connection has it open."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from annotator.store.connection import is_busy
from annotator.store.errors import StoreBusyError, StoreError


def replace_project(project: Path, part: Path, save_current: Callable[[Path], Path]) -> Path | None:
    """Put the database file ``part`` in the place of ``project``; what ``save_current`` saved.

    An existing project is first checked to be open nowhere else (StoreBusyError otherwise,
    nothing changed), then saved by ``save_current(project)`` and, under an exclusive lock,
    replaced atomically (its log side files removed). None when there was no project.
    """
    lock = _alone(project) if project.exists() else None
    try:
        saved = save_current(project) if project.exists() else None
        if lock is not None:
            lock.execute("BEGIN EXCLUSIVE")  # nobody comes in between the save and the swap
        for side in ("-wal", "-shm"):
            project.with_name(project.name + side).unlink(missing_ok=True)
        part.replace(project)
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise StoreBusyError(_open_elsewhere(project)) from exc
        raise StoreError(f"{project}: cannot restore it: {exc}; nothing was changed") from exc
    finally:
        if lock is not None:
            lock.close()
    return saved


def _alone(project: Path) -> sqlite3.Connection | None:
    """A connection to the project that no other connection shares, or StoreBusyError while
    one (a desk, another command) has it open; None for a project too damaged to tell.

    Leaving WAL mode needs every other connection closed, so it is the test; the log is
    checkpointed into the file on the way and the side files removed.
    """
    conn = sqlite3.connect(project, timeout=0, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise StoreBusyError(_open_elsewhere(project))
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_busy(exc):
            raise StoreBusyError(_open_elsewhere(project)) from exc
        return None  # a damaged project cannot leave WAL mode: it is saved as it is, replaced
    except BaseException:
        conn.close()
        raise
    return conn


def _open_elsewhere(project: Path) -> str:
    return (
        f"{project}: the project is open in another window or program; close it, then restore"
        " again (nothing was changed)"
    )
