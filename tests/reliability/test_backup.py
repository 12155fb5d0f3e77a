"""The automatic backup before a migration: made once per upgrade, complete, never over a file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain import Article
from annotator.store import StoreError, open_store
from annotator.store import repository as repo
from annotator.store.schema import known_migration_names
from tests.reliability.conftest import applied, make_old_db

TEXTS = ["قتل 45 من داعش في الرقة", "سيطرت قسد على بلدة الباغوز"]


def _texts(path: Path) -> list[str]:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT text FROM articles ORDER BY id")]
    finally:
        conn.close()


def _backups(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".bak" in p.name)


@pytest.mark.parametrize("upto", [1, -1], ids=["from-the-first-version", "one-step-behind"])
def test_an_upgrade_backs_up_the_old_file_first(tmp_path: Path, upto: int) -> None:
    path = tmp_path / "project.db"
    old = make_old_db(path, TEXTS, upto=upto)
    first_pending = known_migration_names()[upto]
    db = open_store(path)
    db.close()
    backup = tmp_path / f"project.db.before-{first_pending}.bak"
    assert _backups(tmp_path) == [backup.name]
    assert applied(backup) == old  # the file as it was, not the upgraded one
    assert _texts(backup) == TEXTS
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one plain file
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert applied(path) == known_migration_names()
    open_store(path).close()  # nothing pending now: no second backup
    assert _backups(tmp_path) == [backup.name]


def test_new_empty_and_current_databases_get_no_backup(tmp_path: Path) -> None:
    fresh = open_store(tmp_path / "new.db")
    repo.add_article(fresh, Article(TEXTS[0]))
    fresh.close()
    (tmp_path / "empty.db").write_bytes(b"")
    open_store(tmp_path / "empty.db").close()
    open_store(tmp_path / "new.db").close()
    assert _backups(tmp_path) == []


def test_a_taken_backup_name_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "project.db"
    make_old_db(path, TEXTS)
    taken = tmp_path / f"project.db.before-{known_migration_names()[-1]}.bak"
    taken.write_bytes(b"an earlier backup the user keeps")
    open_store(path).close()
    assert taken.read_bytes() == b"an earlier backup the user keeps"
    (second,) = (name for name in _backups(tmp_path) if name != taken.name)
    assert second.startswith(taken.name.removesuffix(".bak") + ".")
    assert _texts(tmp_path / second) == TEXTS


def test_no_backup_means_no_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "project.db"
    old = make_old_db(path, TEXTS)
    before = path.read_bytes()
    blocker = tmp_path / f"project.db.before-{known_migration_names()[-1]}.bak.part"
    blocker.mkdir()  # the copy cannot be written
    with pytest.raises(StoreError, match=r"cannot back it up.*nothing changed"):
        open_store(path)
    assert path.read_bytes() == before
    assert applied(path) == old
    blocker.rmdir()
    open_store(path).close()
    assert applied(path) == known_migration_names()


def test_the_backup_holds_writes_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "project.db"
    make_old_db(path, TEXTS)
    conn = sqlite3.connect(path)  # a committed write not yet checkpointed into the file
    conn.execute(
        "INSERT INTO articles (hash, text, text_length, imported_at) VALUES ('w', ?, ?, 'x')",
        ["في الـWAL", len("في الـWAL")],
    )
    conn.commit()
    reader = sqlite3.connect(path)  # keeps the WAL from being checkpointed away on close
    reader.execute("SELECT count(*) FROM articles").fetchone()
    conn.close()
    assert Path(f"{path}-wal").stat().st_size > 0
    open_store(path).close()
    reader.close()
    (backup,) = _backups(tmp_path)
    assert _texts(tmp_path / backup) == [*TEXTS, "في الـWAL"]
