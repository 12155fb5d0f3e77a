"""Shared test setup: Qt runs on the offscreen platform; no test touches the user's data."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.pg.cluster import (  # noqa: F401  (fixtures for every suite)
    pg_cluster,
    pg_database,
    pg_template,
    pg_url,
    project_url,
)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _user_config_dir() -> Path:
    """Where the GUI's settings would land without ANNOTATOR_CONFIG_DIR/ANNOTATOR_DATA_DIR: the
    folder QSettings' user scope uses for the "annotator" INI file."""
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "annotator"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "annotator"


USER_CONFIG = _user_config_dir()  # read before any test changes the environment


def _snapshot(folder: Path) -> dict[str, tuple[int, int]] | None:
    """Each file under ``folder`` with its size and modification time; None if it is absent."""
    if not folder.exists():
        return None
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def _user_config_untouched(tmp_path_factory: pytest.TempPathFactory):
    """No test (nor a process it starts) writes the user's real settings: the session keeps
    them in a folder of its own, and fails if the user's settings folder was created or
    changed during the run."""
    old = os.environ.get("ANNOTATOR_CONFIG_DIR")
    os.environ["ANNOTATOR_CONFIG_DIR"] = str(tmp_path_factory.mktemp("config"))
    before = _snapshot(USER_CONFIG)
    yield
    after = _snapshot(USER_CONFIG)
    if old is None:
        os.environ.pop("ANNOTATOR_CONFIG_DIR", None)
    else:
        os.environ["ANNOTATOR_CONFIG_DIR"] = old
    if after != before:
        pytest.fail(
            f"the tests wrote the user's settings folder {USER_CONFIG}"
            f" (before: {before}, after: {after}); set ANNOTATOR_CONFIG_DIR for what wrote it"
        )


# --- shared fixtures: the development gold set, copied from ../shared/gold/seeds.jsonl ---

GOLD_PATH = Path(__file__).resolve().parent / "data" / "gold_seeds.jsonl"
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def gold_path() -> Path:
    return GOLD_PATH


@pytest.fixture(scope="session")
def gold_lines() -> list[dict]:
    with GOLD_PATH.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --- store fixtures: every test gets its own data folder; nothing touches the user's home ---
@pytest.fixture(scope="session", autouse=True)
def _session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    if "ANNOTATOR_CACHE_DIR" not in os.environ:  # CI sets its own; never use the real cache
        os.environ["ANNOTATOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data-dir"
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data))
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "config-dir"))
    return data


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def db(db_path: Path):
    from annotator.store import open_store

    database = open_store(db_path)
    yield database
    database.close()


def _dump(database, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table (sorted), for before/after comparisons."""
    tables = "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
    if getattr(database, "dialect", None) == "postgresql":  # a project on a team server
        tables = (
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' ORDER BY 1"
        )
    names = [r[0] for r in database.execute(tables)]
    return {
        name: sorted(database.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
        for name in names
        if name not in skip
    }


@pytest.fixture
def dump():
    """``dump(db, skip=())``: every table's rows, to check a database did not change."""
    return _dump
