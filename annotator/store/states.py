"""Annotators and each annotator's state of an article (open, done, skipped, flagged)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from annotator.domain import ArticleState
from annotator.store.changes import DbChange, RowChange, read_row, record
from annotator.store.connection import now, write_transaction
from annotator.store.errors import StoreError
from annotator.store.pending import visible


@dataclass(frozen=True)
class StateRow:
    """One annotator's progress on one article."""

    article_id: int
    annotator: str
    state: ArticleState
    note: str = ""
    seconds_spent: float = 0.0
    updated_at: str | None = None


def ensure_annotator(db: Database, name: str, role: str = "coder") -> list[RowChange]:
    """Create the annotator if new; returns the row change (empty when it existed)."""
    if not name or not name.strip():
        raise StoreError("an annotator needs a non-empty name")
    if read_row(db, "annotators", (name,)) is not None:
        return []
    row = {"name": name, "role": role, "created_at": now()}
    return [record(db, "annotators", None, row)]


def annotator_names(db: Database) -> list[str]:
    """Every annotator, sorted by name."""
    return [r[0] for r in db.execute("SELECT name FROM annotators ORDER BY name")]


def done_coders(db: Database, article_id: int, leave_out: str) -> list[str]:
    """Annotators (``leave_out`` aside) who marked the article done, by name."""
    return [
        r[0]
        for r in db.execute(
            "SELECT annotator FROM article_state WHERE article_id = ? AND state = 'done'"
            " AND annotator != ? ORDER BY annotator",
            [article_id, leave_out],
        )
    ]


def coders_with_done(db: Database, leave_out: str) -> list[str]:
    """Annotators (``leave_out`` aside) with at least one finished article, by name."""
    return [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT annotator FROM article_state WHERE state = 'done' AND annotator != ?"
            f" AND {visible('article_id')} ORDER BY annotator",
            [leave_out],
        )
    ]


def done_ids(db: Database, annotator: str) -> set[int]:
    """Ids of the articles the annotator marked done."""
    return {
        r[0]
        for r in db.execute(
            "SELECT article_id FROM article_state WHERE annotator = ? AND state = 'done'"
            f" AND {visible('article_id')}",
            [annotator],
        )
    }


def get_state(db: Database, article_id: int, annotator: str) -> StateRow:
    """The annotator's state of the article (``open`` when never touched)."""
    row = read_row(db, "article_state", (article_id, annotator))
    if row is None:
        return StateRow(article_id, annotator, ArticleState.OPEN)
    return StateRow(
        row["article_id"],
        row["annotator"],
        ArticleState(row["state"]),
        row["note"],
        row["seconds_spent"],
        row["updated_at"],
    )


def set_state(
    db: Database,
    article_id: int,
    annotator: str,
    state: ArticleState | str,
    note: str | None = None,
) -> DbChange:
    """Mark the article open/done/skipped/flagged for the annotator (note kept unless given)."""
    state = ArticleState(state)
    return _update(db, article_id, annotator, state=state.value, note=note)


def add_seconds(db: Database, article_id: int, annotator: str, seconds: float) -> DbChange:
    """Add time the annotator spent on the article."""
    if seconds < 0:
        raise StoreError("time spent cannot be negative")
    return _update(db, article_id, annotator, add_seconds=seconds)


def _update(
    db: Database,
    article_id: int,
    annotator: str,
    *,
    state: str | None = None,
    note: str | None = None,
    add_seconds: float = 0.0,
) -> DbChange:
    with write_transaction(db):
        if db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is None:
            raise StoreError(f"no article with id {article_id}")
        rows = ensure_annotator(db, annotator)
        before = read_row(db, "article_state", (article_id, annotator))
        base = before or {
            "article_id": article_id,
            "annotator": annotator,
            "state": ArticleState.OPEN.value,
            "note": "",
            "seconds_spent": 0.0,
        }
        after = dict(base)
        if state is not None:
            after["state"] = state
        if note is not None:
            after["note"] = note
        after["seconds_spent"] = float(base["seconds_spent"]) + add_seconds
        after["updated_at"] = now()
        rows.append(record(db, "article_state", before, after))
    return DbChange(article_id, tuple(rows))
