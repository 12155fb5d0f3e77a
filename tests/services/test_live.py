"""The live team view's change source, on a SQLite file (``PRAGMA data_version``) and on the
team server (LISTEN/NOTIFY, the audit log read when woken): another connection's commits are
reported (which articles, which tables), the watching connection's own writes never are.

On the server the notification travels to the listener after the commit, so a test polls
until the change shows (``seen``: a bound, not a timing assertion)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.domain import Label
from annotator.services.assign import assign_articles
from annotator.services.coding import CodingSession
from annotator.services.live import ChangeSource, ProjectChanges, watch
from annotator.store import open_store, write_transaction
from annotator.store.watch import audit_high
from tests.builders import OTHER, TEXT, at, code_two_coders, store_articles

WAIT_S = 10.0  # how long a test waits for a notification on a busy machine


def seen(source: ChangeSource) -> ProjectChanges:
    """The first non-empty poll (at once on SQLite; on the server once the wake-up came)."""
    deadline = time.monotonic() + WAIT_S
    while not (changes := source.poll()):
        assert time.monotonic() < deadline, "no change reported"
        time.sleep(0.005)
    return changes


def quiet(source: ChangeSource, db) -> None:
    """Poll until the source has read the audit log to its end; nothing may be reported."""
    top, deadline = audit_high(db), time.monotonic() + WAIT_S
    while True:
        assert not source.poll()
        feed = getattr(source, "feed", None)
        if feed is None or feed.high >= top:
            return
        assert time.monotonic() < deadline, "the source never read its own writes"
        time.sleep(0.005)


@pytest.fixture
def two(tmp_path: Path, project_target: str):
    """Two connections to one project (two desks: a file, or a project on the team server),
    two articles coded by ali and bea."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in (("a.txt", TEXT), ("b.txt", OTHER)):
        (folder / name).write_text(text, encoding="utf-8")
    db = open_store(project_target)
    first, second = store_articles(db, [TEXT, OTHER])
    other = open_store(project_target)
    yield db, other, first, second, folder
    other.close()
    db.close()


def test_nothing_changed_is_empty(two) -> None:
    db, _other, *_ = two
    source = watch(db)
    assert source.poll() == ProjectChanges()
    assert not source.poll()


def test_another_connection_marking_done_names_the_article(two) -> None:
    db, other, _first, second, _ = two
    source = watch(db)
    CodingSession(other, "cem").mark_done(second)
    changes = seen(source)
    assert changes.articles == {second}
    assert "article_state" in changes.tables
    assert not changes.articles_added
    assert not source.poll()  # reported once


def test_spans_of_two_articles_from_another_desk(two) -> None:
    db, other, first, second, _ = two
    source = watch(db)
    code_two_coders(other, first, second)
    changes = seen(source)
    while changes.articles != {first, second}:  # the server may wake between two commits
        changes |= seen(source)
    assert changes.articles == {first, second}
    assert {"spans", "article_state"} <= changes.tables


def test_own_writes_are_not_reported(two) -> None:
    db, other, first, second, _ = two
    source = watch(db)
    mine = CodingSession(db, "ali")
    mine.add_span(first, *at(TEXT, "مقتل"), Label.CASUALTY)
    mine.mark_done(first)
    quiet(source, db)
    CodingSession(other, "bea").mark_done(second)
    assert seen(source).articles == {second}  # only what another desk did since


def test_assignments_and_new_articles(two) -> None:
    db, other, first, second, _ = two
    source = watch(db)
    assign_articles(other, ["ali", "bea"])
    changes = seen(source)
    assert changes.assignments and changes.articles == {first, second}
    store_articles(other, ["خبر جديد عن حمص"])
    assert seen(source).articles_added


def test_changes_merge() -> None:
    a = ProjectChanges(frozenset({1}), frozenset({"spans"}))
    b = ProjectChanges(frozenset({2}), frozenset(), True)
    assert a | b == ProjectChanges(frozenset({1, 2}), frozenset({"spans"}), True)


def test_a_second_process_is_seen(two, project_target: str) -> None:
    """Two desks are two processes: the other one's commit shows in this one's poll."""
    db, _other, first, _second, _ = two
    source = watch(db)
    code = (
        "import sys\n"
        "from annotator.services.coding import CodingSession\n"
        "from annotator.store import open_store\n"
        "CodingSession(open_store(sys.argv[1]), 'dan').mark_done(int(sys.argv[2]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    subprocess.run(
        [sys.executable, "-c", code, project_target, str(first)], check=True, timeout=60, env=env
    )
    assert seen(source).articles == {first}


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_transaction_that_commits_late_is_not_missed(two, project_target: str) -> None:
    """Server audit ids are not commit order: a row with a smaller id that commits after a
    larger one was read is still reported (the gap is looked at until its writer ends)."""
    db, other, first, second, _ = two
    source = watch(db)
    third = open_store(project_target)
    try:
        # a transaction without the store's project write lock (the store's own writers take
        # turns, so their ids follow commit order; a writer that does not must not be missed)
        with other.atomic():
            CodingSession(other, "ali").mark_done(first)  # the smaller audit id, not committed
            CodingSession(third, "bea").mark_done(second)  # a larger one, committed first
            assert seen(source).articles == {second}
        assert seen(source).articles == {first}
    finally:
        third.close()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_listener_survives_a_dropped_connection_and_catches_up(two) -> None:
    """The server ends the listening connection; what another desk wrote meanwhile (its
    notification lost) is read from the audit log once the listener is back."""
    db, other, first, second, _ = two
    source = watch(db)
    listener = source.feed.conn.info.backend_pid
    other.execute("SELECT pg_terminate_backend(?)", [listener])
    CodingSession(other, "bea").mark_done(second)
    assert seen(source).articles == {second}
    assert source.feed.reconnects == 1
    assert source.feed.conn.info.backend_pid != listener
    CodingSession(other, "bea").mark_done(first)
    assert seen(source).articles == {first}
    assert not source.poll()


def test_articles_an_import_reveals_are_reported(two) -> None:
    """An import stores a file's articles hidden and reveals them in a last transaction
    (store.staging): the reveal is a change of its own, though no article id moved."""
    db, other, *_ = two
    source = watch(db)
    with write_transaction(other):
        (new,) = store_articles(other, ["خبر جديد عن حمص"])
        publishing = other.execute(
            "INSERT INTO import_publishing (pid, host, started) VALUES (1, 'h', 't') RETURNING id"
        ).fetchone()[0]
        other.execute(
            "INSERT INTO import_pending (article_id, publishing) VALUES (?, ?)", [new, publishing]
        )
    assert seen(source).articles_added  # stored, hidden: a list reloads and shows no more
    with write_transaction(other):
        other.execute("DELETE FROM import_pending WHERE publishing = ?", [publishing])
    assert seen(source).articles_added  # revealed


BULK = (
    'INSERT INTO spans (article_id, start, "end", label, origin, status, annotator,'
    " created_at, updated_at) SELECT ?, 0, 1 + g % 5, 'PLACE', 'coder', 'added', ?, 't', 't'"
    " FROM generate_series(1, 3000) AS g"
)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_bulk_write_is_one_change_and_a_few_runs(two) -> None:
    """3,000 audit rows in one transaction are 3,000 notifications (one per audit statement):
    another desk's bulk write is one change, the desk's own stays unreported."""
    db, other, first, second, _ = two
    for name in ("ali", "bea"):
        db.execute(
            "INSERT INTO annotators (name, role, created_at) VALUES (?, 'coder', 't')", [name]
        )
    source = watch(db)
    with write_transaction(db):
        db.execute(BULK, [first, "ali"])  # this desk's own
    quiet(source, db)
    with write_transaction(other):
        other.execute(BULK, [second, "bea"])
    changes = seen(source)
    assert changes.articles == {second} and changes.tables == {"spans"}
    quiet(source, db)
