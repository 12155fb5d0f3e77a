"""An input of a merge: checked, opened read-only, read in one snapshot, its faults named.

The queries a merge runs on an input are methods of ``Source``.

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

from annotator.store.connection import (
    SQLITE_HEADER,
    check_sound,
    damaged_message,
    is_busy,
    is_damaged,
    read_only_uri,
)
from annotator.store.errors import StoreDamagedError, StoreError
from annotator.store.pending import visible


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

    # ----- what a merge reads ------------------------------------------------------------------

    def _visible(self) -> str:
        """Articles not hidden by an import still publishing (a file made before m009 has
        none)."""
        return visible("id") if "import_pending" in self.tables() else "1"

    def article_ids(self) -> list[int]:
        return [
            r[0]
            for r in self.execute(f"SELECT id FROM articles WHERE {self._visible()} ORDER BY id")
        ]

    def annotators(self) -> Rows:
        """(name, role, created_at) of every annotator."""
        return self.execute("SELECT name, role, created_at FROM annotators")

    def articles_between(self, first: int, last: int) -> Rows:
        """(id, hash, source, title, text, text_length, meta, imported_at) by id."""
        return self.execute(
            "SELECT id, hash, source, title, text, text_length, meta, imported_at FROM articles"
            f" WHERE id BETWEEN ? AND ? AND {self._visible()} ORDER BY id",
            [first, last],
        )

    def assignments_of(self, article_id: int) -> Rows:
        """(annotator, assigned_at) of the article's assignments."""
        return self.execute(
            "SELECT annotator, assigned_at FROM assignments WHERE article_id = ?", [article_id]
        )

    def states_of(self, article_id: int) -> Rows:
        """(annotator, state, note, seconds_spent, updated_at) of the article's states."""
        return self.execute(
            "SELECT annotator, state, note, seconds_spent, updated_at FROM article_state"
            " WHERE article_id = ?",
            [article_id],
        )

    def spans_of(self, article_id: int) -> list[dict[str, Any]]:
        """Every span row of the article (all columns), by id."""
        rows = self.execute("SELECT * FROM spans WHERE article_id = ? ORDER BY id", [article_id])
        names = [d[0] for d in rows.description]
        return [dict(zip(names, r, strict=True)) for r in rows]

    def _decided_by(self, table: str, prefix: str = "") -> str:
        """The ``decided_by`` column, or NULL for a database made before it existed."""
        names = {r[1] for r in self.execute(f"PRAGMA table_info({table})")}
        return f"{prefix}decided_by" if "decided_by" in names else "NULL"

    def gold_with_lead(self, article_id: int, gold: str, gold_import: str) -> set[int]:
        """The article's gold spans whose deciding lead the input names: a gold link with its
        ``decided_by``, or a log row of the span's making (or of a gold import, table
        ``gold_import``) by someone other than ``gold`` or the system."""
        tables = self.tables()
        led: set[int] = set()
        if "gold_sources" in tables and self._decided_by("gold_sources") != "NULL":
            led |= {
                r[0]
                for r in self.execute(
                    "SELECT g.gold_span_id FROM gold_sources g JOIN spans s"
                    " ON s.id = g.gold_span_id WHERE s.article_id = ? AND g.decided_by IS NOT NULL",
                    [article_id],
                )
            }
        if "audit" in tables:
            led |= {
                r[0]
                for r in self.execute(
                    "SELECT row_id FROM audit WHERE tbl IN ('spans', ?) AND action = 'insert'"
                    " AND article_id = ? AND who IS NOT NULL AND who NOT IN (?, 'system')",
                    [gold_import, article_id, gold],
                )
            }
        return led

    def gold_links_of(self, article_id: int) -> Rows:
        """(gold span id, source span id, annotator, deciding lead or None) of the article."""
        return self.execute(
            "SELECT g.gold_span_id, g.source_span_id, g.annotator,"
            f" {self._decided_by('gold_sources', 'g.')} FROM gold_sources g"
            " JOIN spans s ON s.id = g.gold_span_id WHERE s.article_id = ?",
            [article_id],
        )

    def gold_rejections_of(self, article_id: int) -> Rows:
        """(source span id, annotator, rejected_at, deciding lead or None) of the article."""
        return self.execute(
            "SELECT source_span_id, annotator, rejected_at,"
            f" {self._decided_by('gold_rejections')} FROM gold_rejections"
            " WHERE article_id = ?",
            [article_id],
        )

    def audit_of(self, article_id: int) -> Rows:
        """(at, who, action, tbl, row_id, before, after) of the article's log rows, in order."""
        return self.execute(
            "SELECT at, who, action, tbl, row_id, before, after FROM audit WHERE article_id = ?"
            " ORDER BY id",
            [article_id],
        )


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
