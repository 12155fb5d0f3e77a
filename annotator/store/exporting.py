"""What an export reads: the (article, annotator) pairs of a layer, their articles and spans.

Everything streams from cursors (an export's memory does not grow with the project) inside
one read transaction (``snapshot``), so concurrent coding cannot mix states. On a team server
that transaction is REPEATABLE READ and READ ONLY: every statement sees the one snapshot taken at
its first, as SQLite's read transaction does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from annotator.domain import GOLD, ArticleState
from annotator.store.errors import StoreError
from annotator.store.pending import visible
from annotator.store.postgres.handle import is_server

if TYPE_CHECKING:
    from sqlite_utils import Database

ALL_LAYERS = "all"

_DONE = ArticleState.DONE.value

# (article, annotator) pairs the layer touched: confirmed spans or a 'done' mark.
_PAIRS = f"""
SELECT article_id, annotator FROM spans
    WHERE annotator IS NOT NULL AND status != 'rejected'
UNION
SELECT article_id, annotator FROM article_state WHERE state = '{_DONE}'
"""

_ONLY = {
    None: None,
    "done": (
        f"EXISTS (SELECT 1 FROM article_state s WHERE s.article_id = p.article_id"
        f" AND s.annotator = p.annotator AND s.state = '{_DONE}')"
    ),
    "adjudicated": (
        f"EXISTS (SELECT 1 FROM article_state s WHERE s.article_id = p.article_id"
        f" AND s.annotator = '{GOLD}' AND s.state = '{_DONE}')"
    ),
}
ONLY_CHOICES = ("done", "adjudicated")


def _pairs_sql(layer: str, only: str | None) -> tuple[str, list[Any]]:
    """The pairs of ``layer`` (an annotator, or ``all``) passing the ``only`` filter, in
    article then annotator order; ValueError for an unknown filter."""
    if only not in _ONLY:
        raise ValueError(f"--only must be one of {', '.join(ONLY_CHOICES)}, got {only!r}")
    where: list[str] = [visible("p.article_id")]  # not a file an import is still publishing
    params: list[Any] = []
    if layer != ALL_LAYERS:
        where.append("p.annotator = ?")
        params.append(layer)
    if _ONLY[only] is not None:
        where.append(_ONLY[only])  # type: ignore[arg-type]
    sql = f"SELECT p.article_id, p.annotator FROM ({_PAIRS}) p WHERE " + " AND ".join(where)
    return sql + " ORDER BY p.article_id, p.annotator", params


def count_pairs(db: Database, layer: str, only: str | None) -> int:
    """How many pairs ``iter_pairs`` gives."""
    sql, params = _pairs_sql(layer, only)
    return db.conn.execute(f"SELECT count(*) FROM ({sql}) AS pairs", params).fetchone()[0]


def iter_pairs(db: Database, layer: str, only: str | None) -> Iterator[tuple[int, str]]:
    """(article id, annotator) of each pair to export, one at a time from a cursor."""
    sql, params = _pairs_sql(layer, only)
    yield from db.conn.execute(sql, params)


# The annotator's confirmed spans of one article in the order every format writes them: by
# start, end and label (the order of ``Span.key``), ties in the order they were stored.
_SPANS = (
    'SELECT start, "end", label, attrs FROM spans'
    " WHERE article_id = ? AND annotator = ? AND status != 'rejected'"
    ' ORDER BY start, "end", label, id'
)
_ARTICLE = "SELECT source, text, meta FROM articles WHERE id = ?"


def article_for_export(db: Database, article_id: int) -> tuple[str, str, dict[str, Any]]:
    """(source, text, meta) of an article; StoreError if there is none with this id."""
    row = db.conn.execute(_ARTICLE, (article_id,)).fetchone()
    if row is None:
        raise StoreError(f"no article with id {article_id}")
    return row[0], row[1], json.loads(row[2])


def span_rows(db: Database, article_id: int, annotator: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, attributes as stored JSON) of the annotator's confirmed spans."""
    return db.conn.execute(_SPANS, (article_id, annotator)).fetchall()


@contextmanager
def snapshot(db: Database) -> Iterator[None]:
    """Read everything inside one transaction, so concurrent coding cannot mix states."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if is_server(db) else "BEGIN")
    try:
        yield
    finally:
        db.conn.rollback()
