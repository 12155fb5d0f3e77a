"""An input of a merge: checked, opened read-only, read in one snapshot, its faults named.

Whatever goes wrong while an input is read (a damaged page, a row that refers to a row the
input lacks, an attribute that is not JSON, a value OUT's checks refuse) becomes one
``InputError`` naming the input file, never a traceback, nor a message blaming OUT.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.store import StoreError
from annotator.store.connection import (
    SQLITE_HEADER,
    check_sound,
    damaged_message,
    is_busy,
    is_damaged,
    read_only_uri,
)
from annotator.store.errors import StoreDamagedError


class InputError(StoreError):
    """An input database that cannot be merged (damaged or inconsistent), named in the message."""


class Rows(list):
    """The rows of one query on an input, read at once (so a read error surfaces here)."""

    description: Any = None

    def fetchall(self) -> list[Any]:
        return self

    def fetchone(self) -> Any:
        return self[0] if self else None


class Source:
    """A read-only connection to an input whose errors name the input."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.name = str(path)
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        try:
            cur = self.conn.execute(sql, params)
            rows = Rows(cur.fetchall())
        except sqlite3.DatabaseError as exc:
            if is_damaged(exc):
                raise StoreDamagedError(damaged_message(self.path, [str(exc)])) from exc
            if is_busy(exc):
                raise StoreError(f"{self.path}: the input is busy; try again ({exc})") from exc
            raise InputError(f"{self.path}: cannot be read: {exc}") from exc
        rows.description = cur.description
        return rows

    def tables(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Everything read inside comes from one read transaction: one state of the input."""
        self.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.rollback()

    @contextmanager
    def about(self, what: str) -> Iterator[None]:
        """Faults of the input's content while merging ``what`` become one InputError."""
        try:
            yield
        except KeyError as exc:
            raise InputError(
                f"{self.path}: cannot be merged: {what} refers to row {exc.args[0]!r},"
                " which the file does not have (inconsistent or damaged)"
            ) from exc
        except (json.JSONDecodeError, ValueError, TypeError) as exc:
            raise InputError(
                f"{self.path}: cannot be merged: {what} holds a value that is not valid ({exc})"
            ) from exc
        except sqlite3.IntegrityError as exc:
            raise InputError(
                f"{self.path}: cannot be merged: {what} breaks a rule of the project ({exc})"
            ) from exc

    def close(self) -> None:
        self.conn.close()


def open_input(path: Path) -> Source:
    """Open an input read-only after checking it is a sound annotator project we can read."""
    if not path.is_file():
        raise StoreError(f"{path}: no such database")
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise StoreError(f"{path}: not an annotator database (not an SQLite file)")
    check_sound(path)  # truncated, another application's, a newer version, damaged
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    source = Source(path, conn)
    try:
        if "_sqlite_migrations" not in source.tables():
            raise StoreError(f"{path}: an SQLite database, but not an annotator project")
    except BaseException:
        conn.close()
        raise
    return source
