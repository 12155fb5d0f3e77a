"""Damaged, foreign and future database files: a clear message, and the file is never changed."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain import Article, ArticleState
from annotator.services.importing import import_paths
from annotator.store import StoreDamagedError, StoreError, open_store
from annotator.store import repository as repo
from annotator.store.connection import SQLITE_HEADER
from tests.reliability.conftest import applied, make_old_db

ARTICLES = [f"خبر رقم {i}: قتل {i} عناصر من داعش في الرقة. " * 40 for i in range(300)]


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a healthy, checkpointed project of 300 articles (~1 MB)."""
    path = tmp_path_factory.mktemp("good") / "good.db"
    db = open_store(path)
    for text in ARTICLES:
        repo.add_article(db, Article(text))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path.read_bytes()


def _refused_untouched(path: Path, match: str) -> None:
    before = path.read_bytes()
    with pytest.raises(StoreError, match=match) as info:
        open_store(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.bak*"))


@pytest.mark.parametrize("keep", [0.0001, 0.01, 0.3, 0.75, 0.999])
def test_truncated_database(tmp_path: Path, good_db: bytes, keep: float) -> None:
    path = tmp_path / "cut.db"
    path.write_bytes(good_db[: max(int(len(good_db) * keep), 20)])
    _refused_untouched(path, "damaged")


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=1, max_size=9000), sqlite_header=st.booleans())
def test_random_bytes_are_refused_untouched(data: bytes, sqlite_header: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.db"
        path.write_bytes((SQLITE_HEADER if sqlite_header else b"") + data)
        if not sqlite_header and data.startswith(SQLITE_HEADER):
            return
        before = path.read_bytes()
        with pytest.raises(StoreError) as info:
            open_store(path)
        message = str(info.value)
        assert message.startswith(str(path)) and "Traceback" not in message
        assert "damaged" in message or "not an annotator" in message
        assert path.read_bytes() == before


def test_non_sqlite_files(tmp_path: Path) -> None:
    for name, data in [
        ("notes.db", "ملاحظات المرمّز\n".encode() * 50),
        ("archive.db", b"PK\x03\x04" + bytes(range(256)) * 4),
        ("utf16.db", "\ufeffنص".encode("utf-16")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        _refused_untouched(path, "not an annotator database")
    folder = tmp_path / "folder.db"
    folder.mkdir()
    with pytest.raises(StoreError, match="not a file"):
        open_store(folder)


def test_database_from_a_newer_app_is_neither_upgraded_nor_backed_up(db_path: Path) -> None:
    db = open_store(db_path)
    repo.add_article(db, Article(ARTICLES[0]))
    db["_sqlite_migrations"].insert(
        {"migration_set": "annotator", "name": "m999_from_the_future", "applied_at": "2099"}
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    _refused_untouched(db_path, "newer version of annotator.*m999_from_the_future")


def _smash_leaf(path: Path, table: str, last: bool = False) -> None:
    """Overwrite the first (or last) leaf page of ``table`` with junk."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    order = "DESC" if last else "ASC"
    page = conn.execute(
        "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'"
        f" ORDER BY path {order} LIMIT 1",
        [table],
    ).fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * page_size : page * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))


def test_a_damaged_page_refuses_writes_and_changes_nothing(tmp_path: Path, good_db: bytes) -> None:
    path = tmp_path / "hurt.db"
    path.write_bytes(good_db)
    _smash_leaf(path, "articles")
    before = path.read_bytes()
    db = open_store(path)  # the pages the open reads are fine: the damage shows on use
    with pytest.raises(StoreDamagedError, match="damaged") as info:
        repo.set_state(db, 1, "ali", ArticleState.DONE)
    assert str(path) in str(info.value)
    assert not db.conn.in_transaction
    db.close()
    assert path.read_bytes() == before


def test_a_damaged_old_database_is_not_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = make_old_db(path, ARTICLES[:200])
    _smash_leaf(path, "articles")
    _refused_untouched(path, "damaged.*not upgraded")
    assert applied(path) == old


def test_an_import_into_a_damaged_database_stops_at_once(tmp_path: Path, good_db: bytes) -> None:
    path = tmp_path / "hurt.db"
    path.write_bytes(good_db)
    _smash_leaf(path, "articles", last=True)  # where new articles go
    before = path.read_bytes()
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(f"خبر جديد رقم {i}", encoding="utf-8")
    db = open_store(path)
    report = import_paths(db, [corpus])
    db.close()
    (failure,) = report.failures  # the first file; the others are not tried
    assert failure.path.name == "0.txt" and "damaged" in failure.reason
    assert report.stopped == "the database cannot be written"
    assert path.read_bytes() == before
