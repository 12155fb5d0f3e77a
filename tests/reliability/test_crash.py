"""SIGKILL during an import or an upgrade: whole files or nothing, and a rerun finishes the job."""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.services.importing import collect_files, import_paths, read_records
from annotator.store import open_store
from annotator.store.schema import known_migration_names
from bench.corpus import write_corpus
from tests.pg.support import wait_for_killed_imports
from tests.reliability.conftest import Worker, applied, content, make_old_db
from tests.reliability.worker import fake_suggest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

N_TXT, N_JSONL, PER_PART = 24, 30, 10


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 .txt files (some CRLF, BOM or Windows-1256), then 3 .jsonl parts of 10 with spans."""
    root = tmp_path_factory.mktemp("corpus")
    txt = write_corpus(root / "a_txt", N_TXT, seed=11)
    parts = write_corpus(
        root / "b_jsonl", N_JSONL, seed=12, fmt="jsonl", per_file=PER_PART, spans=True
    )
    assert (txt.unique, parts.unique) == (N_TXT, N_JSONL - 1)  # one republished article
    return root


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What an uninterrupted import of the corpus stores."""
    db = open_store(tmp_path_factory.mktemp("ref") / "ref.db")
    report = import_paths(db, [corpus], suggest=fake_suggest)
    assert report.ok and report.spans and report.suggestions
    out = content(db)
    db.close()
    return out


def _file_keys(corpus: Path) -> list[tuple[Path, set[str]]]:
    """Each file with the hashes of its articles that no earlier file holds."""
    seen: set[str] = set()
    out = []
    for path, source in collect_files([corpus])[0]:
        hashes = {r.article.hash for r in read_records(path, source)} - seen
        seen |= hashes
        out.append((path, hashes))
    return out


def _check_whole_files(
    db_path: Path | str, corpus: Path, reference: dict, finished: set[str]
) -> dict:
    """Every file is fully stored (exactly as the reference) or absent; reported ones are full
    (a file's pages checked too; a server's rows: what the reruns compare)."""
    if not str(db_path).startswith("postgresql://"):
        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    else:  # the killed session's end seen by the server: its hidden rows may be removed
        wait_for_killed_imports(db_path)
    db = open_store(db_path)
    stored = content(db)
    db.close()
    for path, keys in _file_keys(corpus):
        present = keys & stored.keys()
        assert present in (set(), keys), f"half of {path.name} is stored"
        assert all(stored[k] == reference[k] for k in present), f"{path.name} differs"
        if str(path) in finished:
            assert present == keys, f"{path.name} was reported done but is missing"
    return stored


def _resume(db_path: Path | str, corpus: Path, reference: dict, stored_before: dict) -> None:
    db = open_store(db_path)
    report = import_paths(db, [corpus], suggest=fake_suggest)
    assert report.ok
    assert report.imported == len(reference) - len(stored_before)
    assert report.imported + report.duplicates == N_TXT + N_JSONL
    assert content(db) == reference  # the same as an import that was never interrupted
    dupes = db.execute("SELECT count(*) - count(DISTINCT hash) FROM articles").fetchone()[0]
    assert dupes == 0
    assert db.execute("SELECT count(*) FROM import_pending").fetchone()[0] == 0  # none hidden
    db.close()


@pytest.mark.parametrize(
    "die_at",
    [5, N_TXT + 3],
    ids=["inside-a-txt-file", "after-3-articles-of-a-jsonl-file"],
)
def test_sigkill_inside_a_file_keeps_whole_files_and_resumes(
    spawn: Callable[..., Worker],
    corpus: Path,
    reference: dict,
    project_target: str,
    die_at: int,
) -> None:
    db_path = project_target  # a file, or a project on a server: the same guarantees
    worker = spawn("import", db_path, die_at, corpus)
    assert worker.wait() == -signal.SIGKILL
    finished = {line.removeprefix("FILE ") for line in worker.lines}
    stored = _check_whole_files(db_path, corpus, reference, finished)
    files_done = die_at - 1 if die_at <= N_TXT else N_TXT
    assert 0 < len(stored) < len(reference)
    assert len(finished) == files_done
    _resume(db_path, corpus, reference, stored)


def test_sigkill_from_outside_at_any_moment(
    spawn: Callable[..., Worker], corpus: Path, reference: dict, project_target: str
) -> None:
    db_path = project_target  # a file, or a project on a server: the same guarantees
    worker = spawn("import", db_path, 0, corpus)
    for _ in range(10):
        worker.expect("FILE ")
    worker.proc.send_signal(signal.SIGKILL)  # wherever it is now
    assert worker.wait() == -signal.SIGKILL
    finished = {line.removeprefix("FILE ") for line in worker.lines}
    stored = _check_whole_files(db_path, corpus, reference, finished)
    _resume(db_path, corpus, reference, stored)


@pytest.mark.parametrize("where", ["backup", "migrate"])
def test_sigkill_during_an_upgrade_loses_nothing(
    spawn: Callable[..., Worker], tmp_path: Path, where: str
) -> None:
    db_path = tmp_path / "old.db"
    old = make_old_db(db_path, ["خبر قديم عن حلب", "خبر قديم آخر"])
    before = db_path.read_bytes()
    last = known_migration_names()[-1]
    assert spawn("open-and-die", db_path, where).wait() == -signal.SIGKILL
    assert db_path.read_bytes() == before
    assert applied(db_path) == old
    backup = tmp_path / f"old.db.before-{last}.bak"
    if where == "backup":
        assert not backup.exists()  # a half copy never carries the backup's name
    else:
        assert applied(backup) == old
    db = open_store(db_path)  # the next start upgrades normally
    assert [r[0] for r in db.execute("SELECT text FROM articles ORDER BY id")] == [
        "خبر قديم عن حلب",
        "خبر قديم آخر",
    ]
    db.close()
    assert applied(db_path) == known_migration_names()
    assert applied(backup) == old
    assert not list(tmp_path.glob("*.part"))
