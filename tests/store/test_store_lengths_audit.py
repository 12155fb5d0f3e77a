"""Migration m007: text lengths apart from the texts, audited assignments and gold links."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import Article, Label, Span, Suggestion
from annotator.store import assignments as assigned
from annotator.store import gold as gold_store
from annotator.store import open_store
from annotator.store import repository as repo
from annotator.store.gold import Source
from annotator.store.schema import migrate
from tests.backends import sqlite_only

M007 = "m007_article_lengths_and_lead_audit"
TEXT = "قتل 45 من داعش في الرقة"


def _schema(db: Database) -> list[tuple[str, str]]:
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
    ).fetchall()
    return [(n, re.sub(r"\s+", " ", sql).strip()) for n, sql in rows]


def _span_insert(db: Database, article_id: int, end: int) -> None:
    db.execute(
        'INSERT INTO spans (article_id, start, "end", label, origin, status, annotator,'
        " created_at, updated_at) VALUES (?, 0, ?, 'PLACE', 'import', 'accepted', 'ali',"
        " 'x', 'x')",
        [article_id, end],
    )


def test_an_older_project_gets_its_lengths_and_the_same_schema(tmp_path: Path) -> None:
    old = Database(tmp_path / "old.db")
    migrate(old, stop_before=M007)
    repo.add_article(old, Article(TEXT))
    old.execute("INSERT INTO annotators (name, created_at) VALUES ('ali', 'x')")
    old.close()
    upgraded = open_store(tmp_path / "old.db")
    fresh = open_store(tmp_path / "fresh.db")
    assert _schema(upgraded) == _schema(fresh)
    assert upgraded.execute("SELECT * FROM article_lengths").fetchall() == [(1, len(TEXT))]
    _span_insert(upgraded, 1, len(TEXT))  # up to the end is fine
    with pytest.raises(sqlite3.IntegrityError, match="beyond the end"):
        _span_insert(upgraded, 1, len(TEXT) + 1)
    with pytest.raises(sqlite3.IntegrityError, match="beyond the end"):
        upgraded.execute('UPDATE spans SET "end" = 99')
    upgraded.close()
    fresh.close()


def test_every_new_article_gets_its_length(db: Database) -> None:
    ids = [repo.add_article(db, Article(t))[0] for t in ("أ", TEXT, "🙂 حلب")]
    assert db.execute("SELECT * FROM article_lengths ORDER BY article_id").fetchall() == [
        (ids[0], 1),
        (ids[1], len(TEXT)),
        (ids[2], 5),
    ]


PROC_IO = Path("/proc/self/io")


def _read_bytes() -> int:
    with PROC_IO.open(encoding="ascii") as fh:
        return next(int(x.split()[1]) for x in fh if x.startswith("rchar:"))


@pytest.mark.skipif(not PROC_IO.exists(), reason="Linux read counters only")
def test_span_checks_do_not_read_the_article_text(db: Database) -> None:
    """Each span insert used to read the whole (overflowing) text to find its length."""
    sqlite_only(
        db,
        "SQLite's page cache and overflow pages (the server's trigger reads"
        " article_lengths too: tests/pg/test_schema.py)",
    )
    text = "قتل 45 من داعش في الرقة.\n" * 40_000  # about 1 MB of text on overflow pages
    db.execute("PRAGMA cache_size = 100")  # smaller than the text, as a 10 MB text is by default
    article_id, _ = repo.add_article(db, Article(text))
    db.execute("INSERT INTO annotators (name, created_at) VALUES ('ali', 'x')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _read_bytes()
    with db.conn:
        for k in range(200):
            _span_insert(db, article_id, 10 + k)
    read = _read_bytes() - before
    assert read < len(text.encode()), f"{read} bytes read for 200 span inserts"


def test_assignments_are_audited(db: Database) -> None:
    article_id, _ = repo.add_article(db, Article(TEXT))
    assigned.assign(db, [(article_id, "ali")])
    assigned.unassign(db, [article_id])
    rows = db.execute(
        "SELECT who, action, article_id, before, after FROM audit WHERE tbl = 'assignments'"
        " ORDER BY id"
    ).fetchall()
    assert [(w, a, i) for w, a, i, _b, _a in rows] == [
        ("assign", "insert", article_id),
        ("assign", "delete", article_id),
    ]
    image = json.loads(rows[0][4])
    assert (image["article_id"], image["annotator"]) == (article_id, "ali")
    assert json.loads(rows[1][3]) == image and rows[1][4] is None


def test_gold_links_are_audited_with_their_lead(db: Database) -> None:
    article_id, _ = repo.add_article(db, Article(TEXT))
    ali = repo.add_span(db, article_id, "ali", Span(18, 23, Label.PLACE)).created_span_ids[-1]
    bea = repo.add_span(db, article_id, "bea", Span(17, 23, Label.PLACE)).created_span_ids[-1]
    change = gold_store.add_gold_span(
        db, article_id, Span(18, 23, Label.PLACE), [Source(ali, "ali")], decided_by="lena"
    )
    gold_store.reject_sources(db, article_id, [Source(bea, "bea")], decided_by="lena")
    (gold_id,) = change.created_span_ids
    rows = db.execute(
        "SELECT who, tbl, action, row_id, article_id, after FROM audit"
        " WHERE tbl IN ('gold_sources', 'gold_rejections') ORDER BY id"
    ).fetchall()
    assert [r[:5] for r in rows] == [
        ("lena", "gold_sources", "insert", gold_id, article_id),
        ("lena", "gold_rejections", "insert", bea, article_id),
    ]
    assert json.loads(rows[0][5]) == {
        "gold_span_id": gold_id,
        "source_span_id": ali,
        "annotator": "ali",
        "decided_by": "lena",
    }
    # the log stays append-only
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit WHERE tbl = 'gold_sources'")


def _audit_work(db: Database) -> list[tuple]:
    """Every audited kind of row, with text and numbers JSON has to escape or round; the audit
    rows, their timestamps replaced by T (each backend stamped its own time)."""
    text = 'قتل 45 من داعش في الرقة "x"'
    a, _ = repo.add_article(db, Article(text))
    sug = Suggestion(Span(11, 15, Label.ACTOR, {"actor": "ISIS"}), 1 / 3, "rules", "1")
    (s,) = repo.add_suggestions(db, a, [sug]).span_ids
    repo.accept(db, s, "ali")
    repo.set_attrs(db, s, "ali", {"actor": "ISIS_NEW"})
    place = {"place": 'Raqqa "al"\n\t\\ ü', "geonames_id": 163345}
    ali = repo.add_span(db, a, "ali", Span(18, 23, Label.PLACE, place)).created_span_ids[-1]
    bea = repo.add_span(db, a, "bea", Span(17, 23, Label.PLACE)).created_span_ids[-1]
    repo.set_state(db, a, "ali", "done", note="ok\tyes\x01")
    repo.add_seconds(db, a, "ali", 12.345678901234567)
    repo.add_seconds(db, a, "ali", 1e-5)
    assigned.assign(db, [(a, "bea")])
    gold_store.add_gold_span(db, a, Span(18, 23, Label.PLACE), [Source(ali, "ali")], "lena")
    gold_store.reject_sources(db, a, [Source(bea, "bea")], decided_by="lena")
    repo.delete_span(db, ali, "ali")
    rows = db.execute(
        "SELECT who, action, tbl, row_id, article_id, before, after FROM audit ORDER BY id"
    ).fetchall()
    stamps = re.compile(r'"(created_at|updated_at|assigned_at|rejected_at)":"[^"]*"')
    return [
        (*row[:5], *(None if i is None else stamps.sub(r'"\1":"T"', i) for i in row[5:]))
        for row in rows
    ]


def test_the_audit_reads_the_same_text_from_either_backend(
    tmp_path: Path, project_url: str
) -> None:
    """The server writes each row image as SQLite's json_object does (no spaces, attributes
    minified, a REAL as %!.15g): the same bytes in the log, whichever backend a project is on."""
    sqlite, server = open_store(tmp_path / "p.db"), open_store(project_url)
    try:
        on_sqlite, on_server = _audit_work(sqlite), _audit_work(server)
    finally:
        sqlite.close()
        server.close()
    assert len(on_sqlite) > 12
    assert on_server == on_sqlite
