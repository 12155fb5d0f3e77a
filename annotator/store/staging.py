"""An imported file's rows staged where no one else can see them, then published at once.

``stage_file`` writes the file's new articles, their suggestions and their coded spans into
this connection's TEMP tables: no write lock on the project, invisible to every other
connection (the desk, review, export, stats, merge), and gone with the process if it is
killed (a rerun of the import reads the file again). ``publish_file`` then copies them into
the project in short transactions of about CHUNK_ROWS rows (``INSERT … SELECT``, no per-row
Python), with every check, trigger and audit row of the schema, each new article listed in
``import_pending`` meanwhile: every reader of the store skips those (``VISIBLE``), so the file
stays out of sight until ``reveal`` removes its marks in one tiny write. A publishing cut short
by a kill leaves only hidden rows, which ``remove_unfinished`` removes (the next import does
it first, then stores the file again). It also reports which staged articles turned out to be
stored already (by another program since the file was read).

On a team server the same SQL runs (see ``_TABLES``): the temp tables are the session's, filled
by COPY; a publishing is known alive by its session's advisory lock rather than by a process
id on this machine (``remove_unfinished``), and the import does not pause between its
transactions (``one_writer``): a coder's write never waits for the import's new rows.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Protocol

from sqlite_utils import Database

from annotator.domain import Article, ArticleState, Span, SpanError, Suggestion, default_title
from annotator.domain.span import check_attributes, check_offsets
from annotator.store.articles import check_text
from annotator.store.connection import now, write_transaction
from annotator.store.errors import StoreError
from annotator.store.postgres.handle import (
    ServerRefusedError,
    StoreOfflineError,
    copy_rows,
    is_server,
)
from annotator.store.states import ensure_annotator

# Written once for both backends: the indexes are named without a schema (SQLite puts the
# index of a temp table in temp; PostgreSQL puts an index beside its table), ``fresh`` is a
# BOOLEAN (0/1 in SQLite), a score DOUBLE PRECISION (a server's REAL has 4 bytes: 0.85 would
# come back 0.8500000238), and each row's place in the file is its ``n`` (a server's table
# has no rowid to keep the staged order: spans get their ids in that order).
_TABLES = """
CREATE TEMP TABLE IF NOT EXISTS import_articles (
    k INTEGER PRIMARY KEY, hash TEXT NOT NULL, source TEXT, title TEXT, text TEXT,
    text_length INTEGER, meta TEXT);
CREATE TEMP TABLE IF NOT EXISTS import_ids (
    k INTEGER PRIMARY KEY, hash TEXT NOT NULL, article_id BIGINT, fresh BOOLEAN);
CREATE TEMP TABLE IF NOT EXISTS import_suggestions (
    n INTEGER, k INTEGER, grp INTEGER, start INTEGER, "end" INTEGER, label TEXT, attrs TEXT,
    suggester TEXT, version TEXT, score DOUBLE PRECISION);
CREATE TEMP TABLE IF NOT EXISTS import_spans (
    n INTEGER, k INTEGER, annotator TEXT, start INTEGER, "end" INTEGER, label TEXT, attrs TEXT);
CREATE TEMP TABLE IF NOT EXISTS import_owners (n INTEGER, k INTEGER, annotator TEXT);
CREATE INDEX IF NOT EXISTS import_suggestions_k ON import_suggestions (grp, k);
CREATE INDEX IF NOT EXISTS import_spans_k ON import_spans (k);
CREATE INDEX IF NOT EXISTS import_owners_k ON import_owners (k);
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
# The connection to a team server lost mid-import (a restart, a network drop): what the open
# transaction held is gone, committed chunks stay hidden until the next import removes them.
ConnectionLost = StoreOfflineError
# The server refused a write to this login (a coder's login may not import).
Refused = ServerRefusedError


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
    rows: dict[int, int] = field(default_factory=dict)  # suggestions and spans of each key


@dataclass
class Published:
    """What ``publish_file`` stored: the new article id of each staged key (those stored before
    by someone else are in ``taken`` with their id), suggestions and coded spans stored."""

    ids: dict[int, int] = field(default_factory=dict)
    taken: dict[int, int] = field(default_factory=dict)
    suggestions: int = 0
    spans: int = 0
    publishing: int = 0  # its row in import_publishing, until ``reveal``
    committed: bool = False  # a chunk was committed (hidden rows to remove if it fails)


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
        staged.rows[k] = staged.rows.get(k, 0) + 1
        sug_rows.append(
            (
                len(sug_rows),
                k,
                grp,
                span.start,
                span.end,
                label,
                attrs,
                sug.suggester,
                version,
                score,
            )
        )
    staged.groups = list(group_of)
    span_rows = []
    owner_rows = []
    for k, owner, own in spans:
        owner_rows.append((len(owner_rows), k, owner))
        staged.rows[k] = staged.rows.get(k, 0) + 1 + len(own)
        staged.owners.add(owner)
        for span in own:
            attrs = checked(span, lengths[k], k)
            span_rows.append(
                (len(span_rows), k, owner, span.start, span.end, span.label.value, attrs)
            )
    tables = {
        "import_articles": article_rows,
        "import_ids": [(*r[:2], None, None) for r in article_rows],
        "import_suggestions": sug_rows,
        "import_spans": span_rows,
        "import_owners": owner_rows,
    }
    if is_server(db):
        _stage_on_server(db, tables)
        return staged
    conn = db.conn
    try:
        conn.executescript(_TABLES + _CLEAR)
        for table, rows in tables.items():
            if rows:
                marks = ",".join("?" * len(rows[0]))
                conn.executemany(f"INSERT INTO temp.{table} VALUES ({marks})", rows)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return staged


def _stage_on_server(db: Database, tables: dict[str, list[tuple]]) -> None:
    """The staged rows into the session's temp tables by COPY, in one transaction (a server's
    temp tables are emptied with TRUNCATE: no vacuum ever visits them to clear deleted rows)."""
    with db.atomic():
        db.executescript(_TABLES + _TRUNCATE)
        for table, rows in tables.items():
            if rows:
                copy_rows(db, f"pg_temp.{table}", rows)


_TRUNCATE = (  # (``temp.`` is pg_temp. on the server)
    "TRUNCATE temp.import_articles, temp.import_ids, temp.import_suggestions,"
    " temp.import_spans, temp.import_owners;"
)


def discard_staged(db: Database) -> None:
    """Forget what was staged (a file that failed or was interrupted)."""
    try:
        if db.conn.in_transaction:
            db.conn.rollback()
        db.conn.executescript(_TABLES + (_TRUNCATE if is_server(db) else _CLEAR))
    except StoreOfflineError:
        pass  # a server's temp tables went with the lost session


_PUBLISH_ARTICLES = """
INSERT INTO articles (hash, source, title, text, text_length, meta, imported_at)
SELECT a.hash, a.source, a.title, a.text, a.text_length, a.meta, ?
FROM temp.import_ids i JOIN temp.import_articles a ON a.k = i.k
WHERE i.fresh AND i.k BETWEEN ? AND ? ORDER BY i.k
"""
_PUBLISH_SUGGESTIONS = """
INSERT INTO spans (article_id, start, "end", label, attrs, origin, status, suggester,
    suggester_version, score, created_at, updated_at, batch_id)
SELECT a.article_id, g.start, g."end", g.label, g.attrs, 'suggestion', 'suggested', g.suggester,
    g.version, g.score, ?1, ?1, ?2
FROM temp.import_suggestions g JOIN temp.import_ids a ON a.k = g.k
WHERE a.fresh AND g.grp = ?3 AND g.k BETWEEN ?4 AND ?5 ORDER BY g.n
ON CONFLICT (article_id, start, "end", label) WHERE origin = 'suggestion' DO NOTHING
"""
_ANY_FRESH_SUGGESTION = """
SELECT 1 FROM temp.import_suggestions g JOIN temp.import_ids a ON a.k = g.k
WHERE a.fresh AND g.grp = ? AND g.k BETWEEN ? AND ? LIMIT 1
"""
_PUBLISH_SPANS = """
INSERT INTO spans (article_id, start, "end", label, attrs, origin, status, annotator,
    created_at, updated_at)
SELECT a.article_id, s.start, s."end", s.label, s.attrs, 'import', 'accepted', s.annotator, ?1, ?1
FROM temp.import_spans s JOIN temp.import_ids a ON a.k = s.k
WHERE a.fresh AND s.k BETWEEN ?2 AND ?3 ORDER BY s.n
"""
_PUBLISH_STATES = f"""
INSERT INTO article_state (article_id, annotator, state, note, seconds_spent, updated_at)
SELECT a.article_id, o.annotator, '{ArticleState.DONE.value}', '', 0.0, ?1
FROM temp.import_owners o JOIN temp.import_ids a ON a.k = o.k
WHERE a.fresh AND o.k BETWEEN ?2 AND ?3 ORDER BY o.n
"""


class Pace(Protocol):
    """How an import shares the write lock: ``before`` each short transaction (it may sleep so
    a coder waiting for the lock gets it first), ``after`` it with the seconds it held the lock."""

    def before(self) -> None: ...

    def after(self, held: float) -> None: ...


class _NoPace:
    def before(self) -> None:
        pass

    def after(self, held: float) -> None:
        pass


# A file is published in transactions of about this many rows (articles, suggestions, coded
# spans and states): ~5 µs a span row, so ~10 ms of work each, a few times that on a loaded
# machine; the file's articles stay hidden (``import_pending``) until ``reveal``.
CHUNK_ROWS = 2000


def _chunks(staged: StagedFile) -> list[tuple[int, int]]:
    """The staged keys cut into ranges (first, last) of about CHUNK_ROWS rows each."""
    out: list[tuple[int, int]] = []
    first, rows = None, 0
    for k in staged.keys:
        if first is None:
            first = k
        rows += 1 + staged.rows.get(k, 0)
        if rows >= CHUNK_ROWS:
            out.append((first, k))
            first, rows = None, 0
    if first is not None:
        out.append((first, staged.keys[-1]))
    return out


@contextmanager
def _paced(db: Database, pace: Pace) -> Iterator[Database]:
    pace.before()
    started = time.monotonic()
    # On a team server a chunk writes only rows of its file's new, still hidden articles, which
    # no desk reads and then writes: it neither waits for nor holds the project's write lock
    # (``write_transaction``), so coders' decisions go on beside an open chunk.
    transaction = db.atomic() if is_server(db) else write_transaction(db)
    try:
        with transaction:
            yield db
    finally:
        pace.after(time.monotonic() - started)


def publish_file(
    db: Database, staged: StagedFile, source: str = "", pace: Pace | None = None
) -> Published:
    """Copy what ``stage_file`` staged into the project, hidden: in short transactions of about
    CHUNK_ROWS rows each (``pace`` between them), every new article listed in
    ``import_pending`` so no reader sees any of the file until ``reveal``. Articles whose
    text is stored already are left out with their suggestions and spans
    (``Published.taken``); one ``suggestion_batches`` row per suggester and version names
    ``source``. Must not run inside a transaction. If it fails, what it stored is removed."""
    if db.conn.in_transaction:
        raise StoreError("an import publishes a file outside any transaction")
    pace = pace if pace is not None else _NoPace()
    done = Published()
    batches: dict[int, int] = {}
    stamp = now()  # one time for the whole file: its articles, spans and batch rows
    try:
        for first, last in _chunks(staged):
            with _paced(db, pace):
                if not done.publishing:  # in the first chunk: nothing written if it fails
                    done.publishing = _begin(db, staged, source)
                _publish_chunk(
                    db, staged, stamp, source=source, done=done, batches=batches, keys=(first, last)
                )
                done.committed = True  # (if the commit fails, removing finds nothing)
    except BaseException:
        if done.committed:
            with suppress(Exception):
                remove_publishing(db, done.publishing, pace)
        release(db, done)
        raise
    return done


def _begin(db: Database, staged: StagedFile, source: str) -> int:
    """The publishing's row (which process publishes which file) and the spans' owners."""
    for owner in sorted(staged.owners):
        ensure_annotator(db, owner)
    publishing = db.conn.execute(
        "INSERT INTO import_publishing (pid, host, source, started) VALUES (?, ?, ?, ?)"
        " RETURNING id",
        [os.getpid(), socket.gethostname(), source, now()],
    ).fetchone()[0]
    if is_server(db):  # held by this session until ``release``: the publisher is alive
        db.execute(_LOCK, [_LOCKS, publishing])
    return publishing


def _publish_chunk(
    db: Database,
    staged: StagedFile,
    stamp: str,
    *,
    source: str,
    done: Published,
    batches: dict[int, int],
    keys: tuple[int, int],
) -> None:
    """One transaction of ``publish_file``: the staged keys first..last."""
    first, last = keys
    span = [first, last]
    db.execute(
        "UPDATE temp.import_ids SET article_id ="
        " (SELECT id FROM articles m WHERE m.hash = import_ids.hash)"
        " WHERE k BETWEEN ? AND ?",
        span,
    )
    db.execute(
        "UPDATE temp.import_ids SET fresh = (article_id IS NULL) WHERE k BETWEEN ? AND ?", span
    )
    db.execute(_PUBLISH_ARTICLES, [stamp, first, last])
    db.execute(
        "UPDATE temp.import_ids SET article_id ="
        " (SELECT id FROM articles m WHERE m.hash = import_ids.hash)"
        " WHERE fresh AND k BETWEEN ? AND ?",
        span,
    )
    db.execute(
        "INSERT INTO import_pending (article_id, publishing) SELECT article_id, ?"
        " FROM temp.import_ids WHERE fresh AND k BETWEEN ? AND ?",
        [done.publishing, first, last],
    )
    for k, article_id, fresh in db.execute(
        "SELECT k, article_id, fresh FROM temp.import_ids WHERE k BETWEEN ? AND ? ORDER BY k",
        span,
    ):
        (done.ids if fresh else done.taken)[k] = article_id
    audit_at = stamp[:-6] + "Z" if stamp.endswith("+00:00") else stamp
    for grp, (name, version) in enumerate(staged.groups):
        if not db.execute(_ANY_FRESH_SUGGESTION, [grp, first, last]).fetchone():
            continue  # its articles were stored before: no batch without spans
        if grp not in batches:  # at: the spans' created_at, as the audit log writes it
            batches[grp] = db.conn.execute(
                "INSERT INTO suggestion_batches (suggester, suggester_version, at, source)"
                " VALUES (?, ?, ?, ?) RETURNING id",
                [name, version, audit_at, source],
            ).fetchone()[0]
        cur = db.conn.execute(_PUBLISH_SUGGESTIONS, [stamp, batches[grp], grp, first, last])
        done.suggestions += max(cur.rowcount, 0)
    done.spans += max(db.conn.execute(_PUBLISH_SPANS, [stamp, first, last]).rowcount, 0)
    db.conn.execute(_PUBLISH_STATES, [stamp, first, last])


def reveal(db: Database, published: Published) -> None:
    """Make a published file's articles visible to every reader, all at once (one tiny write,
    in the caller's transaction if there is one)."""
    with write_transaction(db):
        db.execute("DELETE FROM import_publishing WHERE id = ?", [published.publishing])


def remove_publishing(db: Database, publishing: int, pace: Pace | None = None) -> int:
    """Remove what a publishing stored (still hidden), in short transactions; the articles
    removed. The publishing's row goes last, so a kill meanwhile leaves the rest hidden."""
    pace = pace if pace is not None else _NoPace()
    removed = 0
    while True:
        with _paced(db, pace):
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT article_id FROM import_pending WHERE publishing = ? LIMIT ?",
                    [publishing, _REMOVE_ARTICLES],
                )
            ]
            if not ids:
                db.execute("DELETE FROM import_publishing WHERE id = ?", [publishing])
                return removed
            marks = ",".join("?" * len(ids))
            db.execute(f"DELETE FROM articles WHERE id IN ({marks})", ids)
            removed += len(ids)


_REMOVE_ARTICLES = 50


def remove_unfinished(db: Database, pace: Pace | None = None) -> int:
    """Remove the hidden rows of publishings cut short (a killed import: on SQLite its process,
    on this machine, is gone; on a server its session, from any machine, is gone); the articles
    removed. Running the import again stores them."""
    host, removed = socket.gethostname(), 0
    server = is_server(db)
    for publishing, pid, where in db.execute(
        "SELECT id, pid, host FROM import_publishing ORDER BY id"
    ).fetchall():
        if server:
            removed += _remove_abandoned(db, publishing, pace)
        elif where == host and not _alive(pid):
            removed += remove_publishing(db, publishing, pace)
    return removed


# On a server the session publishing a file holds an advisory lock named after its
# ``import_publishing`` row until the file is revealed or removed; the server releases it when
# the session ends, however it ends (a killed process, a lost connection), so a publishing
# whose lock is free was cut short, whichever machine ran it.
_LOCKS = 0x616E6E6F  # the lock space of import publishings ("anno")
_LOCK = "SELECT pg_advisory_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))"
_TRY_LOCK = "SELECT pg_try_advisory_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))"
_UNLOCK = "SELECT pg_advisory_unlock(CAST(? AS INTEGER), CAST(? AS INTEGER))"
_MINE = (
    "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
    " AND classid = CAST(? AS oid) AND objid = CAST(? AS oid) AND objsubid = 2"
)


def _remove_abandoned(db: Database, publishing: int, pace: Pace | None) -> int:
    """A server's publishing removed if no session holds its lock (this one publishing it
    keeps it); the articles removed."""
    if db.execute(_MINE, [_LOCKS, publishing]).fetchone() is not None:
        return 0
    if not db.execute(_TRY_LOCK, [_LOCKS, publishing]).fetchone()[0]:
        return 0  # its import is still publishing
    try:
        return remove_publishing(db, publishing, pace)
    finally:
        db.execute(_UNLOCK, [_LOCKS, publishing])


def release(db: Database, published: Published) -> None:
    """Let go of a publishing once it is revealed or removed (committed): on a server, its
    lock; nothing to do on SQLite."""
    if published.publishing and is_server(db) and not db.closed:
        with suppress(Exception):  # a lost session has released it already
            db.execute(_UNLOCK, [_LOCKS, published.publishing])


def one_writer(db: Database) -> bool:
    """True when the project's writers take turns on one write lock (SQLite): an import then
    pauses between its transactions so a coder's decision gets the lock. On a server row locks
    let a coder write beside an import's open transaction (the import's rows are new ones)."""
    return not is_server(db)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


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
