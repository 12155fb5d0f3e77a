"""Shared test setup: Qt runs on the offscreen platform; no test touches the user's data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
    monkeypatch.setenv("ANNOTATOR_SETTINGS_DIR", str(tmp_path / "settings-dir"))
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
    names = [
        r[0]
        for r in database.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
    ]
    return {
        name: sorted(database.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
        for name in names
        if name not in skip
    }


@pytest.fixture
def dump():
    """``dump(db, skip=())``: every table's rows, to check a database did not change."""
    return _dump
