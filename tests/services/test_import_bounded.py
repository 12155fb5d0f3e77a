"""A file is published in short transactions, hidden until its last one (issue 14, m009):
between two chunks every reader (list, count, stats, export, agreement, review, project
report, merge, backup) sees nothing of the file, a coder's write goes in without waiting, and
a SIGKILL between chunks leaves only hidden rows that the next import removes before storing
the file again."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain import Article, ArticleState, Label, Span
from annotator.services.agreement import compute_agreement
from annotator.services.export.pipeline import ExportOptions, export
from annotator.services.importing import import_paths, run
from annotator.services.merge import merge_databases
from annotator.services.review_list import filtered_ids
from annotator.store import open_store, staging, write_transaction
from annotator.store import repository as repo
from annotator.store.connection import backup_database
from annotator.store.counts import project_counts
from annotator.store.learned import learned_names
from annotator.store.reports import all_sources, done_states, labels_per_coder
from annotator.store.review_filter import ReviewFilter
from annotator.store.states import coders_with_done
from tests.pg.support import wait_for_killed_imports
from tests.reliability.worker import fake_suggest

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [f"قتل {n} في حلب وأصيب {n + 1} في إدلب، وقال المرصد إن {n + 2} فروا." for n in range(12)]


def _coded(path: Path, texts: list[str], offset: int) -> Path:
    """Two coders' work on each text (a and b; b leaves out the place on odd texts)."""
    lines = []
    for i, text in enumerate(texts):
        n = offset + i
        place = {"start": text.index("حلب"), "end": text.index("حلب") + 3, "label": "PLACE"}
        count = {"start": 4, "end": 4 + len(str(n)), "label": "CASUALTY"}
        for who in ("a", "b"):
            spans = [count] if who == "b" and n % 2 else [count, place]
            lines.append(json.dumps({"text": text, "annotator": who, "spans": spans}))
    path.write_text("\n".join(lines), "utf-8")
    return path


def _view(target: Path | str, out: Path) -> dict[str, object]:
    """What another connection's readers see of the project (a file or a server's URL)."""
    other = open_store(target, busy_timeout_ms=0)
    readers = {
        "list": lambda: [item.id for item in repo.article_page(other, "a", limit=1000)],
        "ids": lambda: repo.article_ids(other),
        "count": lambda: repo.article_count(other),
        "stats": lambda: project_counts(other),
        "export": lambda: export(other, ExportOptions("jsonl", out, layer="all")).records,
        "agreement": lambda: compute_agreement(other, ["a", "b"]).as_dict(),
        "review": lambda: filtered_ids(other, ReviewFilter(min_done=1)),
        "sources": lambda: list(all_sources(other)),
        "labels": lambda: labels_per_coder(other),
        "done": lambda: sorted(done_states(other)),
        "coders": lambda: coders_with_done(other, "gold"),
        "learned": lambda: sorted(map(repr, learned_names(other).names)),
    }
    try:
        return {name: read() for name, read in readers.items()}
    finally:
        other.close()


def kept_paces(monkeypatch: pytest.MonkeyPatch) -> list[run.LockPace]:
    """Every LockPace the import makes from now on, to read its pauses afterwards."""
    paces: list[run.LockPace] = []

    class Kept(run.LockPace):
        def __init__(self, pause: bool = True) -> None:
            super().__init__(pause)
            paces.append(self)

    monkeypatch.setattr(run, "LockPace", Kept)
    return paces


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staging, "CHUNK_ROWS", 1)  # a chunk per text


def _between_chunks(monkeypatch: pytest.MonkeyPatch, then) -> list[int]:
    """Call ``then(n)`` after the n-th write transaction of the import (the lock released)."""
    calls: list[int] = []

    class Watched(run.LockPace):
        def after(self, held: float) -> None:
            super().after(held)
            calls.append(len(calls) + 1)
            then(len(calls))

    monkeypatch.setattr(run, "LockPace", Watched)
    return calls


def test_no_reader_sees_a_half_published_file(
    project_target: str,
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_chunks: None,
) -> None:
    db = open_store(project_target)
    assert import_paths(db, [_coded(tmp_path / "1.jsonl", TEXTS[:4], 0)]).imported == 4
    before = _view(project_target, tmp_path / "before.jsonl")
    assert before["count"] == 4 and before.get("export", 8) == 8 and before["agreement"]["pairs"]
    seen: list[dict] = []
    backups: list[Path] = []

    def look(n: int) -> None:
        if n == 3 and backend == "sqlite":  # mid-file: copy the project file as it is
            backups.append(backup_database(Path(project_target), tmp_path / "half.db"))
        seen.append(_view(project_target, tmp_path / f"v{n}.jsonl"))

    calls = _between_chunks(monkeypatch, look)
    report = import_paths(db, [_coded(tmp_path / "2.jsonl", TEXTS[4:], 4)], suggest=fake_suggest)
    assert report.ok and (report.imported, report.duplicates) == (8, 8)
    assert len(calls) >= 8  # the file went in over several transactions
    hidden = seen[:-1]  # after each chunk, not after the last transaction (the reveal)
    assert all(v == before for v in hidden), "a reader saw part of the file"
    after = _view(project_target, tmp_path / "after.jsonl")
    assert seen[-1] == after and after["count"] == 12 and after.get("export", 24) == 24
    assert after["agreement"] != before["agreement"]
    db.close()
    if backend != "sqlite":
        return  # a copy of the file mid-import and its merge: SQLite files only
    # the copy taken mid-file: its readers, and a merge of it, see only the first file
    (half,) = backups
    copy = open_store(half)
    assert (
        repo.article_count(copy) == 4
        and copy.execute("SELECT count(*) FROM import_pending").fetchone()[0] > 0
    )
    copy.close()
    assert _view(half, tmp_path / "half.jsonl") == before
    merged = tmp_path / "merged.db"
    merge_databases(merged, [half])
    assert repo.article_count(open_store(merged)) == 4


def test_a_coder_writes_between_two_chunks_without_waiting(
    project_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    db = open_store(project_target)
    article_id, _ = repo.add_article(db, Article("مقال للمرمّز"))
    coder = open_store(project_target, busy_timeout_ms=0)  # fails at once if the lock is held
    _no_lock_waits(coder)

    def write(n: int) -> None:
        repo.add_seconds(coder, article_id, "c", 1.0)

    calls = _between_chunks(monkeypatch, write)
    report = import_paths(db, [_coded(tmp_path / "a.jsonl", TEXTS, 0)], suggest=fake_suggest)
    assert report.ok and report.imported == len(TEXTS)
    assert len(calls) > len(TEXTS)  # a chunk per text, then the reveal
    assert repo.get_state(db, article_id, "c").seconds_spent == float(len(calls))
    coder.close()
    db.close()


def _no_lock_waits(coder) -> None:
    """A server connection that fails instead of waiting for any lock (as SQLite's
    busy_timeout_ms=0 does for the write lock)."""
    if getattr(coder, "dialect", None) == "postgresql":
        coder.execute("SET lock_timeout = '1ms'")


def test_on_a_server_a_coder_writes_while_an_import_transaction_is_open(
    project_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    """PostgreSQL only (SQLite has one write lock: its import pauses between transactions
    instead): inside each of the import's open transactions, a coder's decisions on a visible
    article, with no lock wait allowed, go through; the import never pauses."""
    db = open_store(project_url)
    article_id, _ = repo.add_article(db, Article("قتل 5 في حلب"))
    coder = open_store(project_url)
    _no_lock_waits(coder)
    writes: list[int] = []
    original = staging._publish_chunk

    def chunk_then_code(*args, **kwargs) -> None:
        original(*args, **kwargs)  # the chunk's rows written, its transaction still open
        assert db.conn.in_transaction
        repo.add_seconds(coder, article_id, "c", 1.0)
        change = repo.add_span(coder, article_id, "c", Span(4, 5, Label.CASUALTY))
        repo.revert(coder, change)  # undone: the next chunk's decision is the same
        repo.set_state(coder, article_id, "c", ArticleState.DONE)
        writes.append(1)

    monkeypatch.setattr(staging, "_publish_chunk", chunk_then_code)
    monkeypatch.setattr(run, "HOLD_S", 0.0)  # on SQLite: a pause before every transaction
    paces = kept_paces(monkeypatch)
    report = import_paths(db, [_coded(tmp_path / "a.jsonl", TEXTS, 0)], suggest=fake_suggest)
    assert report.ok and report.imported == len(TEXTS)
    assert len(writes) == len(TEXTS)  # a chunk per text
    assert repo.get_state(db, article_id, "c").seconds_spent == float(len(TEXTS))
    assert [p.pauses for p in paces] == [0]
    coder.close()
    db.close()


def test_on_sqlite_the_import_pauses_for_coders(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    """SQLite only (a server has no single write lock): after holding the lock for HOLD_S, the
    import lets coders go first."""
    monkeypatch.setattr(run, "HOLD_S", 0.0)
    monkeypatch.setattr(run, "PAUSE_S", 0.0)
    paces = kept_paces(monkeypatch)
    db = open_store(db_path)
    report = import_paths(db, [_coded(tmp_path / "a.jsonl", TEXTS, 0)])
    assert report.ok and report.imported == len(TEXTS)
    assert paces[0].pauses >= len(TEXTS)  # before each transaction after the first
    db.close()


def resume_killed_import(db, paths: list[Path]) -> None:
    """The killed import run again: 8 articles imported and 16 duplicates, and no hidden
    row left behind (nothing pending or publishing, every span counted by the project)."""
    report = import_paths(db, paths)
    assert report.ok and (report.imported, report.duplicates) == (8, 16)
    assert db.execute("SELECT count(*) FROM import_pending").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM import_publishing").fetchone()[0] == 0
    total = db.execute("SELECT count(*) FROM spans").fetchone()[0]
    assert total == sum(project_counts(db).spans.values())


def test_a_file_that_fails_after_some_chunks_leaves_nothing(
    project_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    """The import fails after its 4th transaction (three chunks committed, hidden): they are
    removed, the file is reported, nothing of it remains."""
    db = open_store(project_target)

    def fail(n: int) -> None:
        if n == 4:
            raise staging.DatabaseFailure("simulated failure after a chunk")

    _between_chunks(monkeypatch, fail)
    report = import_paths(db, [_coded(tmp_path / "a.jsonl", TEXTS, 0)])
    assert not report.ok and "simulated failure" in report.failures[0].reason
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM import_publishing").fetchone()[0] == 0
    db.close()


KILLER = """
import os, signal, sys
from annotator.services.importing import import_paths, run
from annotator.store import open_store, staging

staging.CHUNK_ROWS = 1  # a chunk per text
limit = int(sys.argv[2])

class Dying(run.LockPace):
    n = 0
    def after(self, held):
        super().after(held)
        Dying.n += 1
        if Dying.n == limit:  # between two chunks of a file: its rows committed, hidden
            os.kill(os.getpid(), signal.SIGKILL)

run.LockPace = Dying
import_paths(open_store(sys.argv[1]), sys.argv[3:])
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("chunks_of_second", [1, 3, 8])
def test_sigkill_between_chunks_hides_the_file_and_the_rerun_stores_it_once(
    tmp_path: Path, chunks_of_second: int, project_target: str, backend: str
) -> None:
    first = _coded(tmp_path / "1.jsonl", TEXTS[:4], 0)
    second = _coded(tmp_path / "2.jsonl", TEXTS[4:], 4)
    reference = tmp_path / "ref.db"
    ref = open_store(reference)
    assert import_paths(ref, [first, second]).imported == 12
    expected = _view(reference, tmp_path / "ref.jsonl")
    ref.close()
    db_path = project_target  # the file, or the project on a server (the same checks)
    one = open_store(db_path)
    import_paths(one, [first])
    alone = _view(db_path, tmp_path / "alone.jsonl")
    one.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # the second file's transactions: a chunk per text (8), then the reveal
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, db_path, str(chunks_of_second), str(second)],
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL
    raw = open_store(db_path)
    hidden = raw.execute("SELECT count(*) FROM import_pending").fetchone()[0]
    assert hidden == chunks_of_second  # committed, out of sight
    raw.close()
    if backend == "postgresql":  # the server has seen the session end: its lock is free
        wait_for_killed_imports(db_path)
    assert _view(db_path, tmp_path / "killed.jsonl") == alone
    db = open_store(db_path)
    resume_killed_import(db, [first, second])
    db.close()
    got = _view(db_path, tmp_path / "resumed.jsonl")
    by_id = ("list", "ids", "review", "sources", "done")
    same = [k for k in expected if k in got and k not in by_id]
    if backend == "postgresql":  # a server never reuses the ids of the removed rows
        got, expected = _without_ids(got), _without_ids(expected)
    assert {k: got[k] for k in same} == {k: expected[k] for k in same}
    assert len(same) == len(expected) - len(by_id)
    assert got["count"] == 12


def _without_ids(value: object) -> object:
    """``value`` with every ``article_id`` left out (dicts and lists, recursively)."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "article_id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_the_rows_of_a_live_import_are_not_removed(db_path: Path, tmp_path: Path) -> None:
    """Another import still publishing (its process alive) keeps its hidden rows; once its
    process is gone they are removed. SQLite only: it knows a publisher by its process on this
    machine (a server by its session: the next test)."""
    db = open_store(db_path)
    sleeper = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        article_id, _ = repo.add_article(db, Article("خبر ينشره استيراد آخر"))
        with write_transaction(db):
            publishing = db.conn.execute(
                "INSERT INTO import_publishing (pid, host, started) VALUES (?, ?, 'now')",
                [sleeper.pid, socket.gethostname()],
            ).lastrowid
            db.execute("INSERT INTO import_pending VALUES (?, ?)", [article_id, publishing])
        assert repo.article_count(db) == 0
        assert staging.remove_unfinished(db) == 0
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    finally:
        sleeper.communicate(b"")
    assert staging.remove_unfinished(db) == 1
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    db.close()


PUBLISHER = """
import sys
from annotator.services.importing import import_paths, run
from annotator.store import open_store, staging

staging.CHUNK_ROWS = 1  # a chunk per text

class Holding(run.LockPace):
    def after(self, held):
        super().after(held)
        print("published", flush=True)  # a chunk committed, hidden: wait to be killed
        sys.stdin.read()

run.LockPace = Holding
import_paths(open_store(sys.argv[1]), sys.argv[2:])
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_on_a_server_a_publishing_lives_as_long_as_its_session(
    project_url: str, tmp_path: Path
) -> None:
    """PostgreSQL only: an import publishing from any machine keeps its hidden rows while its
    session lives (its advisory lock), whatever its process id or host; once the server has
    ended the session (the process killed) the next import removes them."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    path = _coded(tmp_path / "a.jsonl", TEXTS[:3], 0)
    child = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, project_url, str(path)],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    db = open_store(project_url)
    try:
        assert child.stdout is not None and child.stdout.readline() == "published\n"
        # as if it ran on another machine: SQLite could never tell whether it is alive
        db.execute("UPDATE import_publishing SET host = 'elsewhere', pid = 1")
        hidden = db.execute("SELECT count(*) FROM import_pending").fetchone()[0]
        assert hidden == 1 and repo.article_count(db) == 0
        assert staging.remove_unfinished(db) == 0  # alive: left alone
        assert db.execute("SELECT count(*) FROM import_pending").fetchone()[0] == hidden
    finally:
        child.kill()
        child.communicate()
    wait_for_killed_imports(project_url)
    assert staging.remove_unfinished(db) == 1
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM import_publishing").fetchone()[0] == 0
    report = import_paths(db, [path])
    assert report.ok and report.imported == 3
    db.close()


def test_an_older_project_upgrades_to_m009_with_a_backup(tmp_path: Path) -> None:
    """SQLite only: an old project file's migration and its backup copy."""
    from sqlite_utils import Database

    from annotator.store.schema import migrate

    path = tmp_path / "old.db"
    old = Database(path)
    migrate(old, stop_before="m009_import_pending")  # the schema before bounded publishing
    old.close()
    open_store(path).close()  # applies m009, after copying the file
    backup = Database(tmp_path / "old.db.before-m009_import_pending.bak")
    assert "import_pending" not in backup.table_names()
    backup.close()
    db = open_store(path)
    assert {"import_pending", "import_publishing"} <= set(db.table_names())
    report = import_paths(db, [_coded(tmp_path / "a.jsonl", TEXTS[:3], 0)])
    assert report.ok and repo.article_count(db) == 3
    assert db.execute("SELECT count(*) FROM import_pending").fetchone()[0] == 0
    db.close()


def test_on_a_server_a_lost_connection_stops_the_import_and_a_rerun_completes_it(
    project_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    """PostgreSQL only: the server ends the import's session between two chunks of its second
    file (as a restart or a network drop does). The import stops there saying so, the first
    file stays stored, nothing of the second is visible, and the same import run again on a
    new connection removes the hidden rows and stores the file once."""
    first = _coded(tmp_path / "1.jsonl", TEXTS[:4], 0)
    second = _coded(tmp_path / "2.jsonl", TEXTS[4:], 4)
    db = open_store(project_url)
    admin = open_store(project_url)
    backend_pid = db.execute("SELECT pg_backend_pid()").fetchone()[0]
    chunks_of_first = 4 + 1  # a chunk per text, then the reveal

    def cut(n: int) -> None:
        if n == chunks_of_first + 2:  # two chunks of the second file in, hidden
            admin.execute("SELECT pg_terminate_backend(?)", [backend_pid])

    _between_chunks(monkeypatch, cut)
    report = import_paths(db, [first, second])
    assert report.files == 1 and report.imported == 4
    assert report.stopped is not None and "connection to the team server was lost" in (
        report.stopped
    )
    (failure,) = report.failures
    assert failure.path == second and "not stored" in failure.reason and "lost" in failure.reason
    assert repo.article_count(admin) == 4
    assert admin.execute("SELECT count(*) FROM import_pending").fetchone()[0] == 2
    db.close()
    wait_for_killed_imports(project_url)
    again = open_store(project_url)
    resume_killed_import(again, [first, second])
    assert repo.article_count(again) == 12
    again.close()
    admin.close()
