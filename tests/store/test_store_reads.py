"""The store functions that took over the services' queries (issue 12), on a real project."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from annotator.domain import GOLD, Article, ArticleState, Label, Span
from annotator.store import repository as repo
from annotator.store import write_transaction
from annotator.store.assignments import assign, open_assigned_ids, unstarted_ids
from annotator.store.listing import list_ids
from annotator.store.merging import PAUSED_TRIGGERS, paused_triggers
from annotator.store.settings import get_setting, stamp_setting
from annotator.store.spans import place_names
from annotator.store.states import coders_with_done, done_coders, done_ids
from tests.backends import sqlite_only

TEXTS = ("قصف على دمشق", "اشتباكات في حلب", "هدوء في حمص")


@pytest.fixture
def ids(db: Database) -> list[int]:
    return [repo.add_article(db, Article(t, source=f"{i}.txt"))[0] for i, t in enumerate(TEXTS)]


def test_who_finished_what(db, ids) -> None:
    for who in ("sara", "ali", GOLD):
        repo.ensure_annotator(db, who)
    repo.set_state(db, ids[0], "sara", ArticleState.DONE, None)
    repo.set_state(db, ids[0], "ali", ArticleState.DONE, None)
    repo.set_state(db, ids[0], GOLD, ArticleState.DONE, None)
    repo.set_state(db, ids[1], "ali", ArticleState.FLAGGED, "?")
    assert done_coders(db, ids[0], GOLD) == ["ali", "sara"]
    assert coders_with_done(db, GOLD) == ["ali", "sara"]
    assert (done_ids(db, "ali"), done_ids(db, "nobody")) == ({ids[0]}, set())


def test_assigned_and_unstarted_articles(db, ids) -> None:
    assign(db, [(ids[0], "sara"), (ids[1], "sara")])
    repo.ensure_annotator(db, "ali")
    repo.set_state(db, ids[0], "sara", ArticleState.DONE, None)
    repo.add_span(db, ids[2], "ali", Span(8, 11, Label.PLACE))
    assert open_assigned_ids(db, "sara") == [ids[1]]
    assert unstarted_ids(db) == []  # 1 is assigned, 0 finished, 2 has a span
    assert unstarted_ids(db, include_assigned=True) == [ids[1]]


def test_place_names_are_the_coders_canonical_places(db, ids) -> None:
    repo.add_span(db, ids[0], "sara", Span(8, 12, Label.PLACE, {"place": "Damascus"}))
    repo.add_span(db, ids[1], "sara", Span(12, 15, Label.PLACE))  # no canonical name
    assert place_names(db) == [("Damascus", None)]


def test_a_setting_is_stamped_once_read_back(db) -> None:
    assert get_setting(db, "seeded_at") is None
    stamp_setting(db, "seeded_at")
    assert (get_setting(db, "seeded_at") or "").startswith("20")


def test_paused_triggers_come_back_after_a_failure(db) -> None:
    sqlite_only(db, "pausing triggers on the server is the merge's (merging.py, branch pgteam)")

    def triggers() -> set[str]:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
        return {r[0] for r in rows}

    before = triggers()
    assert set(PAUSED_TRIGGERS) <= before
    with pytest.raises(RuntimeError), write_transaction(db), paused_triggers(db):
        assert not set(PAUSED_TRIGGERS) & triggers()
        raise RuntimeError("stop")
    assert triggers() == before


def test_the_list_search_ignores_the_case_of_ascii_letters(db) -> None:
    """SQLite's LIKE folds ASCII letters; the server's search does too (ILIKE)."""
    first, _ = repo.add_article(db, Article("نص أول", title="Report ONE", source="a.txt"))
    repo.add_article(db, Article("نص ثان", title="Other", source="b.txt"))
    assert list_ids(db, "ali", search="one") == [first]
    assert list_ids(db, "ali", search="A.TXT") == [first]


def test_a_percent_sign_in_the_sql_reaches_the_database_as_written(db) -> None:
    """A literal's % is the same with or without parameters, on either backend (the server's
    handle escapes it for the driver, which reads it back only when it parses parameters)."""
    assert db.execute("SELECT 'a%b', '%%'").fetchone() == ("a%b", "%%")
    assert db.execute("SELECT 'a%b', ?", [1]).fetchone() == ("a%b", 1)
    pattern = "SELECT count(*) FROM (SELECT 'x%y' AS v) t WHERE v LIKE 'x%'"
    assert db.execute(pattern).fetchone()[0] == 1
