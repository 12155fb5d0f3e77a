"""The live team view's change source on SQLite: another connection's commits are reported
(which articles, which tables), the watching connection's own writes never are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain import Label
from annotator.services.assign import assign_articles
from annotator.services.coding import CodingSession
from annotator.services.importing import import_paths
from annotator.services.live import ProjectChanges, watch
from annotator.store import open_store
from tests.builders import OTHER, TEXT, at, code_two_coders, suggest


@pytest.fixture
def two(tmp_path: Path):
    """Two connections to one project file (two desks), two articles coded by ali and bea."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in (("a.txt", TEXT), ("b.txt", OTHER)):
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path / "team.db"
    db = open_store(path)
    first, second = import_paths(
        db, [folder / "a.txt", folder / "b.txt"], suggest=suggest
    ).article_ids
    other = open_store(path)
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
    changes = source.poll()
    assert changes.articles == {second}
    assert "article_state" in changes.tables
    assert not changes.articles_added
    assert not source.poll()  # reported once


def test_spans_of_two_articles_from_another_desk(two) -> None:
    db, other, first, second, _ = two
    source = watch(db)
    code_two_coders(other, first, second)
    changes = source.poll()
    assert changes.articles == {first, second}
    assert {"spans", "article_state"} <= changes.tables


def test_own_writes_are_not_reported(two) -> None:
    db, other, first, second, _ = two
    source = watch(db)
    mine = CodingSession(db, "ali")
    mine.add_span(first, *at(TEXT, "مقتل"), Label.CASUALTY)
    mine.mark_done(first)
    assert not source.poll()
    CodingSession(other, "bea").mark_done(second)
    assert source.poll().articles == {second}  # only what another desk did since


def test_assignments_and_new_articles(two) -> None:
    db, other, first, second, folder = two
    source = watch(db)
    assign_articles(other, ["ali", "bea"])
    changes = source.poll()
    assert changes.assignments and changes.articles == {first, second}
    (folder / "c.txt").write_text("خبر جديد عن حمص", encoding="utf-8")
    import_paths(other, [folder / "c.txt"], suggest=suggest)
    assert source.poll().articles_added


def test_changes_merge() -> None:
    a = ProjectChanges(frozenset({1}), frozenset({"spans"}))
    b = ProjectChanges(frozenset({2}), frozenset(), True)
    assert a | b == ProjectChanges(frozenset({1, 2}), frozenset({"spans"}), True)


def test_a_second_process_is_seen(two) -> None:
    """Two desks are two processes: the other one's commit shows in this one's poll."""
    db, _other, first, _second, _ = two
    source = watch(db)
    path = db.execute("PRAGMA database_list").fetchone()[2]
    code = (
        "import sys\n"
        "from annotator.services.coding import CodingSession\n"
        "from annotator.store import open_store\n"
        "CodingSession(open_store(sys.argv[1]), 'dan').mark_done(int(sys.argv[2]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    subprocess.run([sys.executable, "-c", code, path, str(first)], check=True, timeout=60, env=env)
    assert source.poll().articles == {first}
