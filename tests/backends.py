"""Both backends for the store and service suites: each test taking ``db`` runs twice, on a
SQLite file and on a fresh project on a real PostgreSQL server (tests/pg/cluster.py).

``project_target`` is what a user names with ``--db``: the file's path or the server's URL; a
test that opens the project itself (a second window, a process) opens that.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgresql")


def sqlite_only(backend_or_db: object, why: str) -> None:
    """Skip on the team server a test that checks SQLite itself (its file, log, pragmas or
    instruction counts); ``why`` says what, and where the server's side is tested."""
    if backend_or_db == "postgresql" or getattr(backend_or_db, "dialect", None) == "postgresql":
        pytest.skip(f"SQLite only: {why}")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def project_target(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """The project's ``--db``: a file path (SQLite) or a connection string (PostgreSQL)."""
    if backend == "postgresql":
        return request.getfixturevalue("project_url")
    return str(db_path)


@pytest.fixture
def db(project_target: str) -> Iterator:
    from annotator.store import open_store

    database = open_store(project_target)
    yield database
    database.close()


@pytest.fixture
def out_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """What a merge writes into (OUT): a new file (SQLite) or an empty project on the server."""
    if backend == "postgresql":
        return request.getfixturevalue("project_url")
    return str(tmp_path / "out.db")
