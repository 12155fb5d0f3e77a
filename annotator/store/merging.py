"""What a merge writes into OUT, and reads from it to match rows: one function per statement.

The rules (what matches, what is a conflict) are the service's (``services.merge``,
``services.merge_spans``); these functions only read and write OUT's rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.store.connection import read_only_uri
from annotator.store.postgres.handle import is_server
from annotator.store.postgres.schema import LOG_AT

Row = dict[str, Any]
STATE_COLUMNS = ("state", "note", "seconds_spent", "updated_at")

# While rows are copied from an input that keeps its own audit log, the insert triggers are
# paused: the input's log (copied, ids mapped) says when and by whom each row was made, and
# OUT's log gets one "merge" row per input that changed something instead of a second,
# merge-time copy of every insert.
PAUSED_TRIGGERS = (
    "spans_audit_insert",
    "gold_rejections_audit_insert",
    "gold_sources_audit_insert",
    "article_state_audit_insert",
    "assignments_audit_insert",
)


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` (opened read-only) into a new file ``target`` with SQLite's backup API."""
    reader = sqlite3.connect(read_only_uri(source), uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


@contextmanager
def paused_triggers(out: Database, names: Sequence[str] = PAUSED_TRIGGERS) -> Iterator[None]:
    """Drop these audit triggers of OUT for the block (inside its transaction), then restore.

    On a team server nothing is paused: ``ALTER TABLE … DISABLE TRIGGER`` needs the table's
    owner (no coder's or lead's login is one) and locks the table against every desk until
    the transaction ends. There the triggers log each row the merge inserts, as for any desk
    write, dated by ``LogClock`` as the input logged it: the same row the input has, so the
    copy of the input's log skips it.
    """
    if is_server(out):
        yield
        return
    marks = ", ".join("?" for _ in names)
    saved = out.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        list(names),
    ).fetchall()
    for trigger, _sql in saved:
        out.execute(f'DROP TRIGGER "{trigger}"')
    try:
        yield
    finally:
        for _trigger, sql in saved:
            out.execute(sql)


class LogClock:
    """When the log rows OUT's triggers write are dated: set before each write of a merge, it
    holds until the transaction ends (a team server; SQLite's insert triggers are paused
    during a merge: nothing to do). Sent to the server only when it changes."""

    def __init__(self, out: Database) -> None:
        self.out = out
        self.server = is_server(out)
        self.value: str | None = None  # unknown: an earlier merge in the transaction set it

    def set(self, at: str | None) -> None:
        """The next log rows carry ``at``; None: the time they are written."""
        value = at or ""
        if self.server and value != self.value:
            self.out.execute("SELECT set_config(?, ?, true)", [LOG_AT, value])
            self.value = value


def audit_mark(out: Database) -> int | None:
    """Where this merge's own log rows begin in OUT: None where its insert triggers are paused
    (SQLite), else the highest audit id now (rows the server's triggers add come after it)."""
    if not is_server(out):
        return None
    return out.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]


def log_merge(out: Database, summary: Mapping[str, Any], who: str = "merge") -> None:
    """One audit row saying what a merge brought (``summary``: the input and its counts)."""
    out.execute(
        "INSERT INTO audit (who, action, tbl, after) VALUES (?, 'insert', 'merge', ?)",
        [who, json.dumps(dict(summary), ensure_ascii=False)],
    )


def add_annotator(out: Database, name: str, role: str, created_at: str) -> int:
    """Add the annotator unless present; 1 if added, else 0."""
    return out.execute(
        "INSERT INTO annotators (name, role, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [name, role, created_at],
    ).rowcount


def article_by_hash(out: Database, digest: str) -> int | None:
    row = out.execute("SELECT id FROM articles WHERE hash = ?", [digest]).fetchone()
    return row[0] if row is not None else None


def insert_article(out: Database, values: Sequence[Any]) -> int:
    """Insert (hash, source, title, text, text_length, meta, imported_at); the new id."""
    cur = out.execute(
        "INSERT INTO articles (hash, source, title, text, text_length, meta, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        list(values),
    )
    return cur.fetchone()[0]


def add_assignment(out: Database, article_id: int, annotator: str, assigned_at: str) -> int:
    """Add the assignment unless present; 1 if added, else 0."""
    return out.execute(
        "INSERT INTO assignments (article_id, annotator, assigned_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [article_id, annotator, assigned_at],
    ).rowcount


def state_of(out: Database, article_id: int, annotator: str) -> Row | None:
    """The annotator's state row of the article (``STATE_COLUMNS``), or None."""
    row = out.execute(
        "SELECT state, note, seconds_spent, updated_at FROM article_state"
        " WHERE article_id = ? AND annotator = ?",
        [article_id, annotator],
    ).fetchone()
    return dict(zip(STATE_COLUMNS, row, strict=True)) if row is not None else None


def insert_state(out: Database, article_id: int, annotator: str, values: Row) -> None:
    out.execute(
        "INSERT INTO article_state (article_id, annotator, state, note, seconds_spent,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [article_id, annotator, *(values[c] for c in STATE_COLUMNS)],
    )


def update_state(out: Database, article_id: int, annotator: str, values: Row) -> None:
    sets = ", ".join(f"{c} = ?" for c in STATE_COLUMNS)
    out.execute(
        f"UPDATE article_state SET {sets} WHERE article_id = ? AND annotator = ?",
        [values[c] for c in STATE_COLUMNS] + [article_id, annotator],
    )


def _rows(cur: Any) -> list[Row]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def spans_of(out: Database, article_id: int) -> list[Row]:
    """Every span row of the article (all columns), by id."""
    return _rows(out.execute("SELECT * FROM spans WHERE article_id = ? ORDER BY id", [article_id]))


def span_of(out: Database, span_id: int) -> Row:
    """One span row (all columns); KeyError if missing."""
    rows = _rows(out.execute("SELECT * FROM spans WHERE id = ?", [span_id]))
    if not rows:
        raise KeyError(span_id)
    return rows[0]


def insert_span(out: Database, values: Row) -> int:
    """Insert a span row as it is (its timestamps kept); the new id."""
    names = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join("?" for _ in values)
    cur = out.execute(
        f"INSERT INTO spans ({names}) VALUES ({marks}) RETURNING id", list(values.values())
    )
    return cur.fetchone()[0]


def add_gold_link(out: Database, gold_id: int, source_id: int, annotator: str, lead: str) -> int:
    """Add the gold link unless present; 1 if added, else 0."""
    return out.execute(
        "INSERT INTO gold_sources (gold_span_id, source_span_id, annotator,"
        " decided_by) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [gold_id, source_id, annotator, lead],
    ).rowcount


def add_gold_rejection(
    out: Database, source_id: int, article_id: int, annotator: str, *, at: str, lead: str
) -> int:
    """Add the lead's rejection of a source span unless present; 1 if added, else 0."""
    return out.execute(
        "INSERT INTO gold_rejections (source_span_id, article_id, annotator,"
        " rejected_at, decided_by) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [source_id, article_id, annotator, at, lead],
    ).rowcount


AuditRow = tuple[str, str | None, str, str, int | None, str | None, str | None]


def audit_of(out: Database, article_id: int) -> list[tuple[Any, ...]]:
    """(id, at, who, action, tbl, row_id, before, after) of the article's log rows."""
    return out.execute(
        "SELECT id, at, who, action, tbl, row_id, before, after FROM audit WHERE article_id = ?",
        [article_id],
    ).fetchall()


def insert_audit(out: Database, article_id: int, row: AuditRow) -> None:
    """Copy a log row (at, who, action, tbl, row_id, before, after) to the article."""
    at, who, action, tbl, row_id, before, after = row
    out.execute(
        "INSERT INTO audit (at, who, action, tbl, row_id, article_id, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [at, who, action, tbl, row_id, article_id, before, after],
    )
