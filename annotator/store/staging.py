"""An imported file's rows staged where no one else can see them, then published at once.

``stage_file`` writes the file's new articles, their suggestions and their coded spans into
this connection's TEMP tables: no write lock on the project, invisible to every other
connection (the desk, review, export, stats, merge), and gone with the process if it is
killed (a rerun of the import reads the file again). ``publish_file`` then copies them into
the project in one short transaction (``INSERT … SELECT``, no per-row Python), with every
check, trigger and audit row of the schema, and reports which staged articles turned out to be
stored already (by another program since the file was read).
"""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from annotator.domain import Article, ArticleState, Span, SpanError, Suggestion, default_title
from annotator.domain.span import check_attributes, check_offsets
from annotator.store.articles import check_text
from annotator.store.connection import now, write_transaction
from annotator.store.errors import StoreError
from annotator.store.states import ensure_annotator

_TABLES = """
CREATE TEMP TABLE IF NOT EXISTS import_articles (
    k INTEGER PRIMARY KEY, hash TEXT NOT NULL, source TEXT, title TEXT, text TEXT,
    text_length INTEGER, meta TEXT);
CREATE TEMP TABLE IF NOT EXISTS import_ids (
    k INTEGER PRIMARY KEY, hash TEXT NOT NULL, article_id INTEGER, fresh INTEGER);
CREATE TEMP TABLE IF NOT EXISTS import_suggestions (
    k INTEGER, grp INTEGER, start INTEGER, "end" INTEGER, label TEXT, attrs TEXT,
    suggester TEXT, version TEXT, score REAL);
CREATE TEMP TABLE IF NOT EXISTS import_spans (
    k INTEGER, annotator TEXT, start INTEGER, "end" INTEGER, label TEXT, attrs TEXT);
CREATE TEMP TABLE IF NOT EXISTS import_owners (k INTEGER, annotator TEXT);
"""
_CLEAR = """
DELETE FROM temp.import_articles; DELETE FROM temp.import_ids;
DELETE FROM temp.import_suggestions;
DELETE FROM temp.import_spans; DELETE FROM temp.import_owners;
"""


# What a write of imported rows may fail with besides StoreError: SQLite's own errors (a
# trigger or constraint refusing a row, a full disk); callers name it without importing sqlite3.
DatabaseFailure = sqlite3.Error
BrokenDatabase = sqlite3.DatabaseError


def disk_full(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what caused it) is SQLite's SQLITE_FULL or an OSError ENOSPC."""
    while exc is not None:
        if isinstance(exc, sqlite3.Error) and (
            getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or "database or disk is full" in str(exc)
        ):
            return True
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class StagingError(StoreError):
    """A staged row the store refuses, with the key of its article (the caller's record)."""

    def __init__(self, message: str, key: int) -> None:
        super().__init__(message)
        self.key = key


@dataclass
class StagedFile:
    """What ``stage_file`` staged: the suggesters' groups (name, version) in order."""

    keys: list[int] = field(default_factory=list)
    groups: list[tuple[str, str]] = field(default_factory=list)
    owners: set[str] = field(default_factory=set)


@dataclass
class Published:
    """What ``publish_file`` stored: the new article id of each staged key (those stored before
    by someone else are in ``taken`` with their id), suggestions and coded spans stored."""

    ids: dict[int, int] = field(default_factory=dict)
    taken: dict[int, int] = field(default_factory=dict)
    suggestions: int = 0
    spans: int = 0


class _Checked:
    """Spans checked as the store checks them, and their attributes as stored JSON; the
    attributes of a label checked and written once per file (most spans share a few)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[object, ...], str] = {}

    def __call__(self, span: Span, length: int, key: int) -> str:
        """The span's attributes as JSON; StagingError naming ``key`` if the span is wrong."""
        try:
            check_offsets(span.start, span.end, length)
            attrs = span.attrs
            try:
                memo: tuple[object, ...] | None = (span.label, *sorted(attrs.items()))
                hash(memo)
            except TypeError:  # a list or dict among the values
                memo = None
            if memo is not None and memo in self.seen:
                return self.seen[memo]
            check_attributes(span.label, attrs)
        except SpanError as exc:
            raise StagingError(str(exc), key) from exc
        text = json.dumps(dict(attrs), ensure_ascii=False, sort_keys=True)
        if memo is not None:
            self.seen[memo] = text
        return text


def stage_file(
    db: Database,
    articles: Sequence[tuple[int, Article]],
    suggestions: Iterable[tuple[int, Suggestion]] = (),
    spans: Iterable[tuple[int, str, Sequence[Span]]] = (),
) -> StagedFile:
    """Stage a file's new articles (key, article), their suggestions (key, suggestion) and
    coded spans (key, owner, spans: the owner's state becomes done, spans or not).

    Every text and span is checked as the store checks it (StoreError, nothing staged, if one
    fails: StagingError names its key). Takes no lock on the project; must not run inside a
    transaction.
    """
    if db.conn.in_transaction:
        raise StoreError("an import stages a file outside any transaction")
    lengths = {}
    article_rows = []
    for k, article in articles:
        try:
            check_text(article.text)
        except StoreError as exc:
            raise StagingError(str(exc), k) from exc
        lengths[k] = len(article.text)
        article_rows.append(
            (
                k,
                article.hash,
                article.source,
                article.title or default_title(article.text),
                article.text,
                len(article.text),
                json.dumps(article.meta, ensure_ascii=False),
            )
        )
    staged = StagedFile(keys=list(lengths))
    checked = _Checked()
    group_of: dict[tuple[str, str], int] = {}
    sug_rows = []
    for k, sug in suggestions:
        span = sug.span
        attrs = checked(span, lengths[k], k)
        grp = group_of.setdefault((sug.suggester, sug.version), len(group_of))
        label, version, score = span.label.value, sug.version, float(sug.score)
        sug_rows.append((k, grp, span.start, span.end, label, attrs, sug.suggester, version, score))
    staged.groups = list(group_of)
    span_rows = []
    owner_rows = []
    for k, owner, own in spans:
        owner_rows.append((k, owner))
        staged.owners.add(owner)
        for span in own:
            attrs = checked(span, lengths[k], k)
            span_rows.append((k, owner, span.start, span.end, span.label.value, attrs))
    conn = db.conn
    try:
        conn.executescript(_TABLES + _CLEAR)
        conn.executemany("INSERT INTO temp.import_articles VALUES (?,?,?,?,?,?,?)", article_rows)
        conn.executemany(
            "INSERT INTO temp.import_ids VALUES (?, ?, NULL, NULL)", [r[:2] for r in article_rows]
        )
        conn.executemany("INSERT INTO temp.import_suggestions VALUES (?,?,?,?,?,?,?,?,?)", sug_rows)
        conn.executemany("INSERT INTO temp.import_spans VALUES (?,?,?,?,?,?)", span_rows)
        conn.executemany("INSERT INTO temp.import_owners VALUES (?,?)", owner_rows)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return staged


def discard_staged(db: Database) -> None:
    """Forget what was staged (a file that failed or was interrupted)."""
    if db.conn.in_transaction:
        db.conn.rollback()
    db.conn.executescript(_TABLES + _CLEAR)


_PUBLISH_ARTICLES = """
INSERT INTO articles (hash, source, title, text, text_length, meta, imported_at)
SELECT a.hash, a.source, a.title, a.text, a.text_length, a.meta, ?
FROM temp.import_ids i JOIN temp.import_articles a ON a.k = i.k WHERE i.fresh ORDER BY i.k
"""
_PUBLISH_SUGGESTIONS = """
INSERT INTO spans (article_id, start, "end", label, attrs, origin, status, suggester,
    suggester_version, score, created_at, updated_at, batch_id)
SELECT a.article_id, g.start, g."end", g.label, g.attrs, 'suggestion', 'suggested', g.suggester,
    g.version, g.score, ?1, ?1, ?2
FROM temp.import_suggestions g JOIN temp.import_ids a ON a.k = g.k
WHERE a.fresh AND g.grp = ?3 ORDER BY g.rowid
ON CONFLICT (article_id, start, "end", label) WHERE origin = 'suggestion' DO NOTHING
"""
_ANY_FRESH_SUGGESTION = """
SELECT 1 FROM temp.import_suggestions g JOIN temp.import_ids a ON a.k = g.k
WHERE a.fresh AND g.grp = ? LIMIT 1
"""
_PUBLISH_SPANS = """
INSERT INTO spans (article_id, start, "end", label, attrs, origin, status, annotator,
    created_at, updated_at)
SELECT a.article_id, s.start, s."end", s.label, s.attrs, 'import', 'accepted', s.annotator, ?1, ?1
FROM temp.import_spans s JOIN temp.import_ids a ON a.k = s.k
WHERE a.fresh ORDER BY s.rowid
"""
_PUBLISH_STATES = f"""
INSERT INTO article_state (article_id, annotator, state, note, seconds_spent, updated_at)
SELECT a.article_id, o.annotator, '{ArticleState.DONE.value}', '', 0.0, ?1
FROM temp.import_owners o JOIN temp.import_ids a ON a.k = o.k
WHERE a.fresh ORDER BY o.rowid
"""


def publish_file(db: Database, staged: StagedFile, source: str = "") -> Published:
    """Copy what ``stage_file`` staged into the project: one transaction, nested in the
    caller's if there is one (``write_transaction``). Articles whose text is stored already
    are left out with their suggestions and spans (``Published.taken``); one
    ``suggestion_batches`` row per suggester and version names ``source``."""
    done = Published()
    with write_transaction(db):
        db.execute(
            "UPDATE temp.import_ids SET article_id ="
            " (SELECT id FROM main.articles m WHERE m.hash = import_ids.hash)"
        )
        db.execute("UPDATE temp.import_ids SET fresh = (article_id IS NULL)")
        stamp = now()
        db.execute(_PUBLISH_ARTICLES, [stamp])
        db.execute(
            "UPDATE temp.import_ids SET article_id ="
            " (SELECT id FROM main.articles m WHERE m.hash = import_ids.hash) WHERE fresh"
        )
        for k, article_id, fresh in db.execute(
            "SELECT k, article_id, fresh FROM temp.import_ids ORDER BY k"
        ):
            (done.ids if fresh else done.taken)[k] = article_id
        audit_at = stamp[:-6] + "Z" if stamp.endswith("+00:00") else stamp
        for grp, (name, version) in enumerate(staged.groups):
            if not db.execute(_ANY_FRESH_SUGGESTION, [grp]).fetchone():
                continue  # its articles were stored before: no batch without spans
            batch = db.conn.execute(  # at: the spans' created_at, as the audit log writes it
                "INSERT INTO suggestion_batches (suggester, suggester_version, at, source)"
                " VALUES (?, ?, ?, ?)",
                [name, version, audit_at, source],
            ).lastrowid
            cur = db.conn.execute(_PUBLISH_SUGGESTIONS, [stamp, batch, grp])
            done.suggestions += max(cur.rowcount, 0)
        for owner in sorted(staged.owners):
            ensure_annotator(db, owner)
        done.spans = max(db.conn.execute(_PUBLISH_SPANS, [stamp]).rowcount, 0)
        db.conn.execute(_PUBLISH_STATES, [stamp])
    return done


def has_work(db: Database, article_id: int, annotator: str) -> bool:
    """True when the annotator has spans or a state on the article."""
    return (
        db.execute(
            "SELECT 1 FROM spans WHERE article_id = ? AND annotator = ? UNION ALL "
            "SELECT 1 FROM article_state WHERE article_id = ? AND annotator = ?",
            [article_id, annotator, article_id, annotator],
        ).fetchone()
        is not None
    )


def article_source(db: Database, article_id: int) -> str:
    """The article's source name."""
    row = db.execute("SELECT source FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise StoreError(f"no article with id {article_id}")
    return row[0]
