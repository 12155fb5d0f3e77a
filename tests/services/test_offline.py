"""A lost connection to the team server: the coding session's decision fails as ``offline``
with nothing of it stored (the server rolled its transaction back), ``reconnect()`` makes the
connection again and the same decision is then stored once. The connection is dropped for
real with ``pg_terminate_backend`` (as a network drop or a server restart does)."""

from __future__ import annotations

import pytest

from annotator.domain import Article, Label, Span, Suggestion
from annotator.services.coding import CodingError, CodingSession
from annotator.store import open_store, write_transaction
from annotator.store import repository as repo
from annotator.store.postgres.handle import StoreOfflineError
from tests.pg.support import driver

TEXT = "قال الجيش إن داعش قتل 12 شخصا في الرقة"
WORDS = (("الجيش", Label.ACTOR), ("داعش", Label.ACTOR), ("الرقة", Label.PLACE))


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def project(db) -> tuple[int, list[int]]:
    """One article with three suggestions; its id and the suggestions' ids."""
    article_id, _ = repo.add_article(db, Article(TEXT, source="a.txt"))
    spans = [Span(*at(w), label, {}) for w, label in WORDS]
    repo.add_suggestions(db, article_id, [Suggestion(s, 0.9, "test", "1") for s in spans])
    ids = [r.id for r in repo.spans_for(db, article_id, "ali")]
    return article_id, sorted(ids)


def drop_connection(db, project_url: str) -> None:
    """End the session's server connection from another one, as a network drop does."""
    psycopg = driver()
    pid = db.raw.info.backend_pid
    with psycopg.connect(project_url, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


def decisions(project_url: str, suggestion_ids: list[int]) -> list[tuple[int, str]]:
    psycopg = driver()
    with psycopg.connect(project_url) as conn:
        return conn.execute(
            "SELECT suggestion_id, status FROM spans WHERE suggestion_id = ANY(%s)"
            " ORDER BY suggestion_id",
            [suggestion_ids],
        ).fetchall()


@pytest.fixture
def server_db(project_url: str):
    """A project on the server (a SQLite file has no connection to lose)."""
    db = open_store(project_url)
    yield db
    db.close()


def test_a_lost_connection_is_an_offline_error_and_the_decision_is_stored_once_after_it(
    server_db, project_url
) -> None:
    _article, (first, *_rest) = project(server_db)
    session = CodingSession(server_db, "ali")
    drop_connection(server_db, project_url)
    with pytest.raises(CodingError) as lost:
        session.accept(first)
    assert lost.value.offline and lost.value.retryable
    assert "connection to the team server was lost" in lost.value.message
    assert decisions(project_url, [first]) == []
    assert not session.stack.can_undo  # no step recorded for a decision not stored
    with pytest.raises(CodingError) as again:  # the connection known lost: the same error
        session.accept(first)
    assert again.value.offline
    assert session.reconnect() is True
    assert session.reconnect() is False  # working again: nothing to make
    session.accept(first)
    session.accept(first)  # running it once more (a retry) stores nothing more
    assert decisions(project_url, [first]) == [(first, "accepted")]
    assert len(session.stack) == 1


def test_a_connection_lost_inside_a_write_leaves_nothing_of_it(server_db, project_url) -> None:
    _article, ids = project(server_db)
    CodingSession(server_db, "ali").reject(ids[2])  # the coder is known; one decision stored
    with pytest.raises(StoreOfflineError), write_transaction(server_db):
        repo.accept(server_db, ids[0], "ali")
        drop_connection(server_db, project_url)
        repo.accept(server_db, ids[1], "ali")
    assert server_db.reconnect() is True
    assert decisions(project_url, ids) == [(ids[2], "rejected")]  # rolled back, not half
    assert server_db.reconnect() is False


def test_reconnect_with_nothing_lost_does_nothing(db) -> None:
    article, (first, *_rest) = project(db)
    session = CodingSession(db, "ali")
    session.accept(first)
    assert session.reconnect() is False
    assert [r.status.value for r in repo.confirmed_spans(db, article, "ali")] == ["accepted"]
