"""Articles: adding them once by content hash, reading them, listing them page by page."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.domain import Article, ArticleState, default_title
from annotator.store.connection import now, write_transaction
from annotator.store.errors import StoreError
from annotator.store.pending import VISIBLE_ARTICLES, visible


@dataclass(frozen=True)
class ArticleItem:
    """One line of the article list, with one annotator's progress on it."""

    id: int
    title: str
    source: str
    state: ArticleState
    n_confirmed: int
    n_pending: int


def check_text(text: str) -> None:
    """Raise StoreError unless ``text`` can be stored as an article."""
    if not text.strip():
        raise StoreError("the article text is empty")
    if "\x00" in text:
        raise StoreError("the article text contains NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StoreError(f"the article text is not valid Unicode: {exc.reason}") from exc


def add_article(db: Database, article: Article) -> tuple[int, bool]:
    """Store the article unless its text is already there; returns (id, newly_added)."""
    check_text(article.text)
    digest = article.hash
    with write_transaction(db):
        existing = article_id_by_hash(db, digest)
        if existing is not None:
            return existing, False
        cur = db.execute(
            "INSERT INTO articles (hash, source, title, text, text_length, meta, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                digest,
                article.source,
                article.title or default_title(article.text),
                article.text,
                len(article.text),
                json.dumps(article.meta, ensure_ascii=False),
                now(),
            ],
        )
        return cur.fetchone()[0], True


def article_id_by_hash(db: Database, digest: str) -> int | None:
    """The id of the article with this content hash, if stored."""
    row = db.execute("SELECT id FROM articles WHERE hash = ?", [digest]).fetchone()
    return row[0] if row else None


def stored_hashes(db: Database, digests: Iterable[str]) -> set[str]:
    """The content hashes among ``digests`` whose articles are stored (one query per 500)."""
    wanted = list(dict.fromkeys(digests))
    found: set[str] = set()
    for lo in range(0, len(wanted), 500):
        chunk = wanted[lo : lo + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            r[0] for r in db.execute(f"SELECT hash FROM articles WHERE hash IN ({marks})", chunk)
        )
    return found


def get_article(db: Database, article_id: int) -> Article:
    """The stored article; StoreError if there is none with this id."""
    row = db.execute(
        "SELECT id, source, title, text, meta FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if row is None:
        raise StoreError(f"no article with id {article_id}")
    return Article(text=row[3], source=row[1], title=row[2], meta=json.loads(row[4]), id=row[0])


def article_sources(db: Database, ids: Iterable[int]) -> dict[int, str]:
    """The source of each article with an id in ``ids``."""
    wanted = set(ids)
    return {
        a: source
        for a, source in db.execute(f"SELECT id, source FROM articles WHERE {visible('id')}")
        if a in wanted
    }


def article_count(db: Database) -> int:
    """How many articles the project holds."""
    return db.execute(VISIBLE_ARTICLES).fetchone()[0]


def article_ids(db: Database) -> list[int]:
    """Every article id in list order (ascending id)."""
    return [r[0] for r in db.execute(f"SELECT id FROM articles WHERE {visible('id')} ORDER BY id")]


_PAGE_COLUMNS = """
SELECT a.id, a.title, a.source,
    coalesce((SELECT st.state FROM article_state st
              WHERE st.article_id = a.id AND st.annotator = :ann), 'open'),
    (SELECT count(*) FROM spans o WHERE o.article_id = a.id AND o.annotator = :ann
        AND o.status != 'rejected'),
    (SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.annotator IS NULL
        AND NOT EXISTS (SELECT 1 FROM spans d WHERE d.article_id = a.id
                        AND d.annotator = :ann AND d.suggestion_id = s.id))
"""
_PAGE_SQL = _PAGE_COLUMNS + f"FROM articles a WHERE {visible('a.id')}"
# A page by offset picks its ids first, then works out the state and counts of those only:
# PostgreSQL would compute them for every row it steps over (SQLite skips them either way).
_OFFSET_SQL = (
    _PAGE_COLUMNS + f"FROM (SELECT a.id FROM articles a WHERE {visible('a.id')} ORDER BY a.id"
    " LIMIT :limit OFFSET :offset) p JOIN articles a ON a.id = p.id ORDER BY a.id"
)
_ASSIGNED_FIRST_SQL = (
    _PAGE_COLUMNS + "FROM (SELECT a.id, (SELECT 0 FROM assignments asg WHERE asg.article_id = a.id"
    f" AND asg.annotator = :ann) IS NULL AS later FROM articles a WHERE {visible('a.id')}"
    " ORDER BY later, a.id LIMIT :limit OFFSET :offset) p JOIN articles a ON a.id = p.id"
    " ORDER BY p.later, a.id"
)


def article_page(
    db: Database,
    annotator: str | None = None,
    *,
    offset: int = 0,
    limit: int = 100,
    after_id: int | None = None,
    assigned_first: bool = False,
) -> list[ArticleItem]:
    """A page of the article list in id order: by ``offset`` or, faster, after ``after_id``.

    ``assigned_first``: the annotator's assigned articles first, then the rest (by offset).
    """
    params: dict[str, object] = {"ann": annotator or "", "limit": limit}
    if assigned_first:
        if after_id is not None:
            raise StoreError("with assigned_first the list pages by offset, not after_id")
        sql = _ASSIGNED_FIRST_SQL
        params["offset"] = offset
    elif after_id is not None:
        sql = _PAGE_SQL + " AND a.id > :after ORDER BY a.id LIMIT :limit"
        params["after"] = after_id
    else:
        sql = _OFFSET_SQL
        params["offset"] = offset
    return [
        ArticleItem(r[0], r[1], r[2], ArticleState(r[3]), r[4], r[5])
        for r in db.execute(sql, params)
    ]


def neighbour_article(
    db: Database,
    article_id: int,
    step: int = 1,
    annotator: str | None = None,
    states: tuple[ArticleState, ...] | None = None,
) -> int | None:
    """The next (``step`` > 0) or previous article id, optionally only in the given states."""
    op, order = (">", "ASC") if step > 0 else ("<", "DESC")
    sql = f"SELECT a.id FROM articles a WHERE a.id {op} ? AND {visible('a.id')}"
    params: list[object] = [article_id]
    if states is not None:
        marks = ", ".join("?" for _ in states)
        sql += (
            " AND coalesce((SELECT st.state FROM article_state st WHERE st.article_id = a.id"
            f" AND st.annotator = ?), 'open') IN ({marks})"
        )
        params += [annotator or "", *(ArticleState(s).value for s in states)]
    row = db.execute(sql + f" ORDER BY a.id {order} LIMIT 1", params).fetchone()
    return row[0] if row else None
