"""Helpers of the reliability tests: second processes, database contents, old databases."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.store.schema import known_migration_names, migrate
from tests.backends import backend, project_target  # noqa: F401  (both backends, where asked)

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("worker.py")


class Worker:
    """A worker.py process we talk to by lines."""

    def __init__(self, *args: object) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), *map(str, args)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []

    def expect(self, prefix: str) -> str:
        """Read lines until one starts with ``prefix``; fail with stderr if the process ends."""
        assert self.proc.stdout is not None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait(timeout=60)
                err = self.proc.stderr.read() if self.proc.stderr else ""
                pytest.fail(f"worker ended ({self.proc.returncode}) before {prefix!r}:\n{err}")
            self.lines.append(line.rstrip("\n"))
            if line.startswith(prefix):
                return line.rstrip("\n")

    def send(self, line: str = "go") -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def wait(self) -> int:
        """Wait for the end; the lines it printed are all in ``lines`` then."""
        self.proc.wait(timeout=120)
        if self.proc.stdout is not None and not self.proc.stdout.closed:
            self.lines += self.proc.stdout.read().splitlines()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()


@pytest.fixture
def spawn() -> Iterator[Callable[..., Worker]]:
    """``spawn(command, db, *args)`` starts a worker; every one is ended after the test."""
    started: list[Worker] = []

    def start(*args: object) -> Worker:
        worker = Worker(*args)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()
        worker.wait()


Content = dict[str, tuple[tuple, ...]]


def content(db: Database | sqlite3.Connection) -> Content:
    """Each article's text hash mapped to its spans and states (ids and times left out)."""
    out: Content = {}
    # what readers see: not the hidden rows of a file an import is still publishing (m009)
    if getattr(db, "dialect", None) == "postgresql":  # a project on a team server: current
        tables = {"import_pending"}
    else:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    seen = " WHERE a.id NOT IN (SELECT article_id FROM import_pending)"
    seen = seen if "import_pending" in tables else ""
    rows = db.execute(
        'SELECT a.hash, s.start, s."end", s.label, s.attrs, s.origin, s.status, s.annotator'
        " FROM articles a LEFT JOIN spans s ON s.article_id = a.id" + seen
    ).fetchall()
    states = db.execute(
        "SELECT a.hash, st.annotator, st.state FROM article_state st"
        " JOIN articles a ON a.id = st.article_id" + seen
    ).fetchall()
    grouped: dict[str, list[tuple]] = {}
    for digest, *span in rows:
        grouped.setdefault(digest, [])
        if span[0] is not None:
            grouped[digest].append(tuple(span))
    for digest, *state in states:
        grouped.setdefault(digest, []).append(("state", *state))
    for digest, items in grouped.items():
        out[digest] = tuple(sorted(items, key=repr))
    return out


def make_old_db(path: Path, texts: list[str], upto: int = -1) -> list[str]:
    """A project made by an older app: migrations up to (not including) ``upto``; its names."""
    names = known_migration_names()
    db = Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    migrate(db, stop_before=names[upto])
    for i, text in enumerate(texts):
        db.execute(
            "INSERT INTO articles (hash, text, text_length, imported_at) VALUES (?, ?, ?, 'x')",
            [f"h{i}", text, len(text)],
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return names[:upto]


def applied(path: Path) -> list[str]:
    """Migration names recorded in a database file, read without changing it."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()
