"""The database file: opening safely, pragmas, migrations, constraints and the audit log."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import Article, Label, Span, Suggestion
from annotator.store import StoreError, open_store
from annotator.store import repository as repo
from annotator.store.schema import known_migration_names, migrate
from tests.backends import sqlite_only

TEXT = "قتل 45 من داعش في الرقة"


def _schema(db: Database) -> list[tuple[str, str, str]]:
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
    ).fetchall()
    return [(t, n, re.sub(r"\s+", " ", sql).strip()) for t, n, sql in rows]


def test_pragmas_on_every_connection(db: Database) -> None:
    sqlite_only(db, "SQLite's pragmas (the server: tests/pg)")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_reopening_applies_nothing_new(db_path: Path) -> None:
    open_store(db_path).close()
    db = open_store(db_path)
    applied = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == known_migration_names()
    assert len(applied) >= 3
    db.close()


def test_old_database_upgrades_to_the_fresh_schema(tmp_path: Path) -> None:
    fresh = open_store(tmp_path / "fresh.db")
    old = Database(tmp_path / "old.db")
    migrate(old, stop_before=known_migration_names()[1])
    assert "audit" not in old.table_names()
    old.execute(
        "INSERT INTO articles (hash, text, text_length, imported_at) VALUES ('h', 'abc', 3, 'x')"
    )
    old.close()
    upgraded = open_store(tmp_path / "old.db")
    assert _schema(upgraded) == _schema(fresh)
    assert repo.get_article(upgraded, 1).text == "abc"
    # the upgraded database enforces the new rules
    with pytest.raises(sqlite3.IntegrityError, match="beyond the end"):
        upgraded.execute(
            'INSERT INTO spans (article_id, start, "end", label, origin, status, annotator,'
            " created_at, updated_at) VALUES (1, 0, 9, 'PLACE', 'import', 'accepted', NULL,"
            " 'x', 'x')"
        )
    fresh.close()
    upgraded.close()


@pytest.mark.parametrize(
    "content",
    [b"hello, this is a text file\n" * 10, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8],
    ids=["text", "binary"],
)
def test_not_sqlite_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=r"notes\.db.*not an annotator database"):
        open_store(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_damaged_database_is_refused_untouched(db_path: Path) -> None:
    db = open_store(db_path)
    repo.add_article(db, Article(TEXT))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # overwrite the schema page after the header
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"project\.db.*damaged"):
        open_store(db_path)
    assert db_path.read_bytes() == bytes(data)


def test_database_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    db = open_store(db_path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "annotator", "name": "m999_future", "applied_at": "2099"}
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match=r"project\.db.*newer version.*m999_future"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_another_applications_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"other\.sqlite.*not an annotator project"):
        open_store(path)
    assert path.read_bytes() == before


def test_empty_file_becomes_a_project(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    db = open_store(path)
    assert "articles" in db.table_names()
    db.close()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "x.db")


def _insert_span(db: Database, **overrides: object) -> None:
    row = {
        "article_id": 1,
        "start": 0,
        "end": 3,
        "label": "ACTOR",
        "attrs": "{}",
        "origin": "coder",
        "status": "added",
        "annotator": "ali",
        "created_at": "t",
        "updated_at": "t",
    }
    row.update(overrides)
    cols = ", ".join(f'"{c}"' for c in row)
    db.execute(
        f"INSERT INTO spans ({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": len(TEXT) + 1}, "beyond the end"),
        ({"start": -1}, "CHECK"),
        ({"start": 3, "end": 3}, "CHECK"),
        ({"start": 1.5}, "CHECK"),
        ({"label": "PERSON"}, "CHECK"),
        ({"status": "maybe"}, "CHECK"),
        ({"origin": "oracle"}, "CHECK"),
        ({"attrs": "[1]"}, "CHECK"),
        ({"origin": "suggestion", "status": "suggested"}, "CHECK"),  # suggestion with annotator
        ({"status": "accepted"}, "CHECK"),  # a decision without its suggestion
        ({"annotator": "nobody"}, "FOREIGN KEY"),
        ({"article_id": 99}, "FOREIGN KEY"),
    ],
)
def test_constraints_reject_bad_spans(
    db: Database, dump, overrides: dict[str, object], message: str
) -> None:
    repo.add_article(db, Article(TEXT))
    repo.ensure_annotator(db, "ali")
    before = dump(db)
    with pytest.raises(sqlite3.IntegrityError, match=message):
        _insert_span(db, **overrides)
    assert dump(db) == before
    _insert_span(db)  # the same row without the fault is fine
    assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == 1


def test_decision_must_point_at_a_suggestion_of_its_article(db: Database) -> None:
    a, _ = repo.add_article(db, Article(TEXT))
    b, _ = repo.add_article(db, Article(TEXT + " أيضا"))
    repo.ensure_annotator(db, "ali")
    sug = repo.add_suggestions(db, a, [Suggestion(Span(0, 3, Label.ACTOR), 0.5, "t", "1")])
    with pytest.raises(sqlite3.IntegrityError, match="same article"):
        _insert_span(db, article_id=b, status="accepted", suggestion_id=sug.span_ids[0])
    _insert_span(db, article_id=a, status="accepted", suggestion_id=sug.span_ids[0])
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _insert_span(db, article_id=a, status="rejected", suggestion_id=sug.span_ids[0])


def test_repository_refuses_bad_spans_with_store_error(db: Database) -> None:
    a, _ = repo.add_article(db, Article(TEXT))
    with pytest.raises(StoreError, match="outside the text"):
        repo.add_span(db, a, "ali", Span(0, len(TEXT) + 1, Label.PLACE))
    with pytest.raises(StoreError, match="kind"):
        repo.add_span(db, a, "ali", Span(4, 6, Label.CASUALTY, {"kind": "eaten"}))
    assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
    assert repo.annotator_names(db) == []


def test_article_text_cannot_change(db: Database) -> None:
    a, _ = repo.add_article(db, Article(TEXT))
    with pytest.raises(sqlite3.IntegrityError, match="cannot change"):
        db.execute("UPDATE articles SET text = 'x', text_length = 1 WHERE id = ?", [a])
    db.execute("UPDATE articles SET title = 'new title' WHERE id = ?", [a])
    assert repo.get_article(db, a).text == TEXT


def _audit(db: Database) -> list[dict]:
    return list(db.query("SELECT * FROM audit ORDER BY id"))


def test_every_change_is_audited(db: Database) -> None:
    a, _ = repo.add_article(db, Article(TEXT))
    sug = repo.add_suggestions(
        db, a, [Suggestion(Span(11, 15, Label.ACTOR, {"actor": "ISIS"}), 0.9, "rules", "1")]
    )
    s = sug.span_ids[0]
    assert [(r["action"], r["tbl"], r["who"]) for r in _audit(db)] == [("insert", "spans", "rules")]
    accepted = repo.accept(db, s, "ali")
    repo.set_attrs(db, s, "ali", {"actor": "ISIS_NEW"})
    repo.delete_span(db, s, "ali")
    repo.set_state(db, a, "ali", "done", note="checked")
    repo.set_state(db, a, "ali", "flagged")
    rows = _audit(db)
    assert [(r["action"], r["tbl"], r["who"]) for r in rows[1:]] == [
        ("insert", "spans", "ali"),
        ("update", "spans", "ali"),
        ("delete", "spans", "ali"),
        ("insert", "article_state", "ali"),
        ("update", "article_state", "ali"),
    ]
    assert all(r["article_id"] == a for r in rows)
    upd = rows[2]
    assert upd["row_id"] == accepted.created_span_ids[0]
    assert json.loads(upd["before"])["attrs"] == {"actor": "ISIS"}
    assert json.loads(upd["after"])["attrs"] == {"actor": "ISIS_NEW"}
    assert json.loads(upd["after"])["status"] == "corrected"
    assert rows[3]["after"] is None
    assert json.loads(rows[5]["after"])["state"] == "flagged"
    assert json.loads(rows[5]["before"])["note"] == "checked"


def test_audit_log_is_append_only(db: Database) -> None:
    a, _ = repo.add_article(db, Article(TEXT))
    repo.set_state(db, a, "ali", "done")
    before = _audit(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET who = 'mallory'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit")
    assert _audit(db) == before


def test_audit_covers_raw_sql_writes_too(db: Database) -> None:
    a, _ = repo.add_article(db, Article(TEXT))
    repo.ensure_annotator(db, "ali")
    _insert_span(db, article_id=a)
    db.execute('UPDATE spans SET "end" = 2')
    db.execute("DELETE FROM spans")
    assert [r["action"] for r in _audit(db)] == ["insert", "update", "delete"]


def test_a_connection_string_made_a_path_is_refused_without_its_password() -> None:
    url = "postgresql://ali:s3cret@localhost/team"  # Path() drops a slash: no longer a URL
    with pytest.raises(StoreError, match="connection string") as info:
        open_store(Path(url))
    assert "s3cret" not in str(info.value)
