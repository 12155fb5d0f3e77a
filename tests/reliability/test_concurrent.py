"""Two processes on one database: no lost write; a lock held too long: a clear, retryable error."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import Article, ArticleState
from annotator.services.importing import import_paths
from annotator.store import StoreBusyError, StoreError, open_store
from annotator.store import repository as repo
from annotator.store.schema import known_migration_names
from bench.corpus import write_corpus
from tests.reliability.conftest import Worker, applied, make_old_db
from tests.reliability.worker import fake_suggest

ROUNDS = 40
TEXT = "قتل 12 عنصراً من داعش في بلدة الباغوز بريف دير الزور"


@pytest.fixture
def project(db_path: Path) -> Path:
    db = open_store(db_path)
    repo.add_article(db, Article(TEXT))
    db.close()
    return db_path


def test_two_windows_write_at_once_and_nothing_is_lost(
    spawn: Callable[..., Worker], project: Path
) -> None:
    coders = [spawn("code", project, name, ROUNDS) for name in ("ali", "mona")]
    for coder in coders:
        coder.expect("READY")
    for coder in coders:
        coder.send()  # both start writing at the same moment
    for coder in coders:
        coder.expect("DONE")
        assert coder.wait() == 0
    db = open_store(project)
    (article,) = repo.article_ids(db)
    for name in ("ali", "mona"):
        assert len(repo.confirmed_spans(db, article, name)) == ROUNDS
    # both processes added to the same row: a lost update would show less
    assert repo.get_state(db, article, "shared").seconds_spent == 2 * ROUNDS
    db.close()


def test_an_import_while_a_coder_works(
    spawn: Callable[..., Worker], project: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    manifest = write_corpus(corpus, 60, seed=5, fmt="both", per_file=20)
    importer = spawn("import", project, 0, corpus)
    coder = spawn("code", project, "ali", ROUNDS)
    coder.expect("READY")
    importer.expect("FILE ")  # the import is under way
    coder.send()
    coder.expect("DONE")
    importer.expect("END")
    assert (coder.wait(), importer.wait()) == (0, 0)
    db = open_store(project)
    assert repo.article_count(db) == 1 + manifest.unique
    assert len(repo.confirmed_spans(db, 1, "ali")) == ROUNDS
    assert repo.get_state(db, 1, "shared").seconds_spent == ROUNDS
    db.close()


def _busy_db(path: Path) -> Database:
    return open_store(path, busy_timeout_ms=150)


def test_a_lock_held_too_long_is_store_busy_and_a_retry_works(
    spawn: Callable[..., Worker], project: Path, dump
) -> None:
    db = _busy_db(project)
    before = dump(db)
    holder = spawn("hold", project)
    holder.expect("LOCKED")
    t = time.perf_counter()
    with pytest.raises(StoreBusyError) as info:
        repo.set_state(db, 1, "ali", ArticleState.DONE)
    assert time.perf_counter() - t >= 0.14  # it waited for the busy timeout first
    error = info.value
    assert isinstance(error, StoreError) and error.retryable
    assert str(project) in str(error) and "busy" in str(error) and "try again" in str(error)
    assert not db.conn.in_transaction
    assert dump(db) == before  # nothing half-written
    holder.send()
    holder.expect("RELEASED")
    repo.set_state(db, 1, "ali", ArticleState.DONE)  # the same action again
    assert repo.get_state(db, 1, "ali").state is ArticleState.DONE
    assert db.execute("SELECT value FROM settings WHERE key = 'held'").fetchone() == ("yes",)
    db.close()


def test_opening_while_another_process_writes(
    spawn: Callable[..., Worker], project: Path, tmp_path: Path
) -> None:
    holder = spawn("hold", project)
    holder.expect("LOCKED")
    db = _busy_db(project)  # a current project opens at once: opening only reads
    assert repo.article_count(db) == 1
    db.close()
    old = tmp_path / "old.db"
    make_old_db(old, ["خبر قديم"])
    old_holder = spawn("hold", old)
    old_holder.expect("LOCKED")
    with pytest.raises(StoreBusyError, match="busy"):  # an upgrade needs the write lock
        _busy_db(old)
    assert applied(old) == known_migration_names()[:-1]
    for worker in (holder, old_holder):
        worker.send()
        worker.expect("RELEASED")
    _busy_db(old).close()
    assert applied(old) == known_migration_names()


def test_an_import_stops_cleanly_when_locked_and_a_rerun_finishes(
    spawn: Callable[..., Worker], project: Path, tmp_path: Path, dump
) -> None:
    corpus = tmp_path / "corpus"
    manifest = write_corpus(corpus, 5, seed=3)
    db = _busy_db(project)
    before = dump(db)
    holder = spawn("hold", project)
    holder.expect("LOCKED")
    report = import_paths(db, [corpus], suggest=fake_suggest)
    assert report.stopped and not report.ok
    (failure,) = report.failures  # it stopped at the first file instead of failing them all
    assert "busy" in str(failure) and "000000.txt" in str(failure)
    assert "stopped early" in report.summary()
    assert dump(db) == before
    holder.send()
    holder.expect("RELEASED")
    again = import_paths(db, [corpus], suggest=fake_suggest)
    assert again.ok and again.imported == manifest.unique
    db.close()
