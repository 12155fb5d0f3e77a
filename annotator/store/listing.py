"""The article list of one coder: filtered ids in list order, and rows for a window of them.

A list of 100,000 articles costs one query for its ids (from a covering index, not the texts)
and one small query per window of rows that is actually shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from annotator.domain import ArticleState
from annotator.store.articles import ArticleItem
from annotator.store.pending import visible
from annotator.store.postgres.handle import is_server

_STATE_KEEP = ("done", "skipped", "flagged")


def _like(search: str) -> str:
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_ids(
    db: Database,
    annotator: str,
    states: Iterable[ArticleState | str] | None = None,
    search: str = "",
) -> list[int]:
    """Ids of the articles in list order (ascending id), optionally only in ``states``
    (the coder's state; never touched = open) and whose title or source contains ``search``."""
    where: list[str] = [visible("a.id")]
    params: dict[str, object] = {"ann": annotator}
    if states is not None:
        wanted = {ArticleState(s).value for s in states}
        if ArticleState.OPEN.value in wanted:
            excluded = [s for s in _STATE_KEEP if s not in wanted]
            if excluded:
                marks = ", ".join(f":x{i}" for i in range(len(excluded)))
                params.update({f"x{i}": s for i, s in enumerate(excluded)})
                where.append(
                    "a.id NOT IN (SELECT article_id FROM article_state"
                    f" WHERE annotator = :ann AND state IN ({marks}))"
                )
        else:
            chosen = sorted(wanted)
            if not chosen:
                return []
            marks = ", ".join(f":s{i}" for i in range(len(chosen)))
            params.update({f"s{i}": s for i, s in enumerate(chosen)})
            where.append(
                "a.id IN (SELECT article_id FROM article_state"
                f" WHERE annotator = :ann AND state IN ({marks}))"
            )
    if search.strip():
        params["q"] = _like(search.strip())
        like = "ILIKE" if is_server(db) else "LIKE"  # SQLite's LIKE ignores case
        where.append(f"(a.title {like} :q ESCAPE '\\' OR a.source {like} :q ESCAPE '\\')")
    hint = "" if is_server(db) else " INDEXED BY articles_list"
    sql = "SELECT a.id FROM articles a" + hint
    if where:
        sql += " WHERE " + " AND ".join(where)
    ids = [r[0] for r in db.execute(sql, params)]
    ids.sort()
    return ids


_ITEMS_SQL = """
SELECT a.id, a.title, a.source,
    coalesce((SELECT st.state FROM article_state st
              WHERE st.article_id = a.id AND st.annotator = ?), 'open'),
    (SELECT count(*) FROM spans o WHERE o.article_id = a.id AND o.annotator = ?
        AND o.status != 'rejected'),
    (SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.annotator IS NULL
        AND NOT EXISTS (SELECT 1 FROM spans d WHERE d.article_id = a.id
                        AND d.annotator = ? AND d.suggestion_id = s.id))
FROM articles a
"""


def list_items(db: Database, annotator: str, ids: Sequence[int]) -> dict[int, ArticleItem]:
    """The list rows (title, source, the coder's state and span counts) of the given ids."""
    out: dict[int, ArticleItem] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(
            _ITEMS_SQL + f" WHERE a.id IN ({marks})", [annotator] * 3 + chunk
        ).fetchall()
        for r in rows:
            out[r[0]] = ArticleItem(r[0], r[1], r[2], ArticleState(r[3]), r[4], r[5])
    return out


def state_count(db: Database, annotator: str, state: ArticleState | str) -> int:
    """How many articles the coder has in ``state`` (done, skipped or flagged)."""
    row = db.execute(
        "SELECT count(*) FROM article_state WHERE annotator = ? AND state = ?"
        f" AND {visible('article_id')}",
        [annotator, ArticleState(state).value],
    ).fetchone()
    return row[0]
