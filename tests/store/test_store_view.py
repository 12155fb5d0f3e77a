"""The coder's view read again after a write: only new or changed rows, the same result."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import Article, Label, Span, Status, Suggestion
from annotator.store import StoreError, open_store
from annotator.store import repository as repo
from annotator.store.changes import revert
from annotator.store.connection import checkpoint
from annotator.store.spans import own_span_at, refresh_view, spans_by_ids
from tests.backends import sqlite_only

TEXT = "أعلن تنظيم داعش مقتل 45 عنصراً من قوات النظام في دير الزور"
ISIS = Span(11, 15, Label.ACTOR, {"actor": "ISIS"})
NUM = Span(21, 23, Label.CASUALTY, {"count": 45, "kind": "killed"})
PLACE = Span(49, 58, Label.PLACE)
ARMY = Span(35, 46, Label.ACTOR)  # قوات النظام: no suggestion there


@pytest.fixture
def article(db: Database) -> int:
    article_id, _ = repo.add_article(db, Article(TEXT, source="a.txt"))
    repo.add_suggestions(
        db, article_id, [Suggestion(s, 0.8, "rules", "1") for s in (ISIS, NUM, PLACE)]
    )
    return article_id


def _view(db: Database, article: int, who: str = "ali") -> dict[int, repo.SpanRow]:
    return {r.id: r for r in repo.spans_for(db, article, who)}


def _by_key(rows: dict[int, repo.SpanRow]) -> dict[tuple[int, int, str], repo.SpanRow]:
    return {r.span.key: r for r in rows.values()}


def test_refresh_equals_a_full_read_after_every_kind_of_write(db: Database, article: int) -> None:
    known = _view(db, article)
    sug = _by_key(known)
    writes = [
        lambda: repo.accept(db, sug[ISIS.key].id, "ali"),
        lambda: repo.reject(db, sug[NUM.key].id, "ali"),
        lambda: repo.add_span(db, article, "ali", ARMY),
        lambda: repo.edit_span(db, sug[PLACE.key].id, "ali", Span(49, 52, Label.PLACE)),
    ]
    changes = []
    for write in writes:
        change = write()
        changes.append(change)
        fresh = refresh_view(db, article, "ali", known, change.span_ids)
        assert fresh == _view(db, article)
        assert list(fresh) == list(_view(db, article))  # the same order as spans_for
        known = fresh
    for change in reversed(changes):  # undo brings suggestions back into the view
        undone = revert(db, change)
        known = refresh_view(db, article, "ali", known, undone.span_ids)
        assert known == _view(db, article)
    assert set(_by_key(known)) == {ISIS.key, NUM.key, PLACE.key}


def test_refresh_reuses_the_rows_that_did_not_change(db: Database, article: int) -> None:
    known = _view(db, article)
    sug = _by_key(known)
    change = repo.accept(db, sug[ISIS.key].id, "ali")
    fresh = refresh_view(db, article, "ali", known, change.span_ids)
    decision = change.created_span_ids[0]
    assert sug[ISIS.key].id not in fresh  # the suggestion gave way to the decision
    assert fresh[decision].status is Status.ACCEPTED
    for key in (NUM.key, PLACE.key):
        assert fresh[sug[key].id] is known[sug[key].id]  # the same objects, not read again


def test_refresh_reads_rows_changed_behind_its_back(
    db: Database, project_target: str, article: int
) -> None:
    known = _view(db, article)
    other = open_store(project_target)  # another window on the same project
    try:
        change = repo.accept(other, _by_key(known)[NUM.key].id, "ali")
        repo.set_attrs(other, change.created_span_ids[0], "ali", {"count": 46})
    finally:
        other.close()
    fresh = refresh_view(db, article, "ali", known)  # told nothing: the stamps show it
    assert fresh == _view(db, article)
    assert _by_key(fresh)[NUM.key].span.attrs["count"] == 46


def test_spans_by_ids_skips_missing_ids_and_reads_many(db: Database, article: int) -> None:
    ids = sorted(_view(db, article))
    rows = spans_by_ids(db, [*ids, 999_999, ids[0]])
    assert [r.id for r in rows] == ids
    assert rows == repo.spans_for(db, article, "ali")
    assert spans_by_ids(db, []) == []
    many = spans_by_ids(db, range(1, 1200))  # more ids than one statement takes at once
    assert [r.id for r in many] == ids


def test_own_span_at_finds_only_the_coders_kept_spans(db: Database, article: int) -> None:
    sug = _by_key(_view(db, article))
    assert own_span_at(db, article, "ali", ISIS) is None  # a suggestion is nobody's own
    accepted = repo.accept(db, sug[ISIS.key].id, "ali").created_span_ids[0]
    found = own_span_at(db, article, "ali", Span(11, 15, Label.ACTOR))
    assert found is not None and found.id == accepted
    assert own_span_at(db, article, "sara", ISIS) is None
    assert own_span_at(db, article, "ali", Span(11, 15, Label.PLACE)) is None
    repo.reject(db, sug[NUM.key].id, "ali")
    assert own_span_at(db, article, "ali", NUM) is None  # a rejection is not a kept span


def test_add_span_over_suggestions_decides_them(db: Database, article: int) -> None:
    sug = _by_key(_view(db, article))
    over = repo.add_span(db, article, "ali", Span(11, 15, Label.ACTOR, {"actor": "ISIS"}))
    assert [r.after["suggestion_id"] for r in over.rows if r.table == "spans"] == [sug[ISIS.key].id]
    with pytest.raises(StoreError, match="already has"):
        repo.add_span(db, article, "ali", ISIS)
    repo.reject(db, sug[NUM.key].id, "ali")
    again = repo.add_span(db, article, "ali", NUM)  # over its own rejection: accepted again
    row = repo.get_span(db, again.span_ids[0])
    assert row is not None and (row.status, row.suggestion_id) == (
        Status.ACCEPTED,
        sug[NUM.key].id,
    )
    relabelled = repo.edit_span(db, sug[PLACE.key].id, "ali", Span(49, 58, Label.ACTOR))
    assert repo.get_span(db, relabelled.span_ids[0]).status is Status.CORRECTED
    added = repo.add_span(db, article, "ali", PLACE)  # replaces the ACTOR: back to the suggestion
    row = repo.get_span(db, added.span_ids[-1])
    assert row is not None and (row.status, row.suggestion_id) == (
        Status.ACCEPTED,
        sug[PLACE.key].id,
    )
    kept = [r.span.key for r in repo.confirmed_spans(db, article, "ali") if r.start == 49]
    assert kept == [PLACE.key]


def test_checkpoint_moves_the_log_into_the_file(db_path: Path, db: Database) -> None:
    sqlite_only(db, "SQLite's write-ahead log")
    assert checkpoint(db) is True  # the new schema into the file
    repo.add_article(db, Article(TEXT, source="a.txt"))
    assert _in_file_only(db_path) == 0  # committed, still in the write-ahead log
    assert checkpoint(db) is True
    assert _in_file_only(db_path) == 1
    db.close()
    assert checkpoint(db) is False  # a closed connection: nothing done, nothing raised


def _in_file_only(path: Path) -> int:
    """Articles in the database file itself, ignoring its write-ahead log."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
