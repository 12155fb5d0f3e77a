"""Which coder is assigned which article, and list orders that put a coder's assignment first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from annotator.store.connection import now, write_transaction
from annotator.store.pending import visible
from annotator.store.states import ensure_annotator


def assign(db: Database, pairs: Iterable[tuple[int, str]]) -> int:
    """Store (article id, coder) assignments (kept if already there); how many were new."""
    added = 0
    stamp = now()
    with write_transaction(db):
        for article_id, coder in pairs:
            ensure_annotator(db, coder)
            cur = db.execute(
                "INSERT INTO assignments (article_id, annotator, assigned_at)"
                " VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                [article_id, coder, stamp],
            )
            added += cur.rowcount
    return added


def unassign(db: Database, article_ids: Iterable[int]) -> int:
    """Remove every assignment of these articles; how many were removed."""
    removed = 0
    with write_transaction(db):
        for article_id in article_ids:
            removed += db.execute(
                "DELETE FROM assignments WHERE article_id = ?", [article_id]
            ).rowcount
    return removed


def assigned_ids(db: Database, coder: str) -> list[int]:
    """The coder's assigned article ids, ascending."""
    return [
        r[0]
        for r in db.execute(
            "SELECT article_id FROM assignments WHERE annotator = ? ORDER BY article_id", [coder]
        )
    ]


def open_assigned_ids(db: Database, coder: str) -> list[int]:
    """The coder's assigned article ids still open for them (no state row or ``open``),
    ascending."""
    rows = db.execute(
        "SELECT asg.article_id FROM assignments asg WHERE asg.annotator = ?"
        " AND coalesce((SELECT st.state FROM article_state st WHERE st.article_id ="
        " asg.article_id AND st.annotator = asg.annotator), 'open') = 'open'"
        " ORDER BY asg.article_id",
        [coder],
    )
    return [r[0] for r in rows]


def unstarted_ids(db: Database, include_assigned: bool = False) -> list[int]:
    """Articles nobody has started (and, unless ``include_assigned``, nobody is assigned)."""
    sql = (
        "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM spans s"
        " WHERE s.article_id = a.id AND s.annotator IS NOT NULL)"
        " AND NOT EXISTS (SELECT 1 FROM article_state st WHERE st.article_id = a.id"
        f" AND st.state != 'open') AND {visible('a.id')}"
    )
    if not include_assigned:
        sql += " AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.article_id = a.id)"
    return [r[0] for r in db.execute(sql + " ORDER BY a.id")]


def assignees(db: Database, article_id: int) -> list[str]:
    """Coders the article is assigned to, by name."""
    return [
        r[0]
        for r in db.execute(
            "SELECT annotator FROM assignments WHERE article_id = ? ORDER BY annotator",
            [article_id],
        )
    ]


def assigned_first(db: Database, coder: str, ids: Sequence[int]) -> list[int]:
    """``ids`` reordered so the coder's assigned articles come first (each part keeps its order).

    For list models built on ``store.listing.list_ids``: ``assigned_first(db, me, list_ids(...))``.
    """
    mine = set(assigned_ids(db, coder))
    if not mine:
        return list(ids)
    return [i for i in ids if i in mine] + [i for i in ids if i not in mine]


ASSIGNED_FIRST_ORDER = (
    "(SELECT 0 FROM assignments asg WHERE asg.article_id = a.id AND asg.annotator = :ann)"
    " IS NULL, a.id"
)
