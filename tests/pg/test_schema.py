"""The PostgreSQL schema is the SQLite project's: tables, columns, keys, indexes, triggers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.store import open_store
from annotator.store.postgres.schema import (
    SERVER_ONLY_TABLES,
    SERVER_ONLY_TRIGGERS,
    create_schema,
    has_schema,
)
from tests.pg.support import driver

psycopg = driver()

SQLITE_ONLY_TABLES = {"_sqlite_migrations", "sqlite_sequence"}
TYPES = {"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision"}


def _default(text: str | None) -> str | None:
    """A column default in one form: literals without casts, the current time as <now>."""
    if text is None:
        return None
    if "strftime" in text or "clock_timestamp" in text:
        return "<now>"
    return re.sub(r"::[a-z ]+$", "", text.strip("()"))


def sqlite_shape(path: Path) -> dict:
    db = open_store(path)
    conn = db.conn
    tables = sorted(
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name not in SQLITE_ONLY_TABLES
    )
    shape: dict = {"tables": tables, "columns": {}, "pk": {}, "fk": {}, "indexes": {}}
    for table in tables:
        info = conn.execute(f"PRAGMA table_info('{table}')").fetchall()
        rowid_pk = (
            [r for r in info if r[5] and r[2] == "INTEGER"]
            if sum(r[5] > 0 for r in info) == 1
            else []
        )
        shape["columns"][table] = [
            (name, TYPES[kind], bool(notnull) or (pk > 0 and bool(rowid_pk)), _default(default))
            for _cid, name, kind, notnull, default, pk in info
        ]
        shape["pk"][table] = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        shape["fk"][table] = sorted(
            (row[3], row[2], row[4], row[6])
            for row in conn.execute(f"PRAGMA foreign_key_list('{table}')")
        )
        indexes = {}
        for _seq, name, unique, origin, partial in conn.execute(f"PRAGMA index_list('{table}')"):
            if origin == "pk":
                continue
            columns = tuple(r[2] for r in conn.execute(f"PRAGMA index_info('{name}')"))
            key = name if origin == "c" else f"unique{columns}"
            indexes[key] = (columns, bool(unique), bool(partial))
        shape["indexes"][table] = indexes
    shape["triggers"] = sorted(
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    )
    db.close()
    return shape


def postgres_shape(conn) -> dict:
    tables = sorted(
        name
        for (name,) in conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        if name not in SERVER_ONLY_TABLES
    )
    shape: dict = {"tables": tables, "columns": {}, "pk": {}, "fk": {}, "indexes": {}}
    for table in tables:
        shape["columns"][table] = [
            (name, kind, nullable == "NO", _default(default))
            for name, kind, nullable, default in conn.execute(
                "SELECT column_name, data_type, is_nullable, column_default"
                " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s"
                " ORDER BY ordinal_position",
                [table],
            )
        ]
        constraints = conn.execute(
            """SELECT c.contype,
                      ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
                            ORDER BY k.i),
                      c.confrelid::regclass::text,
                      ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n
                            ORDER BY k.i),
                      c.confdeltype
               FROM pg_constraint c WHERE c.conrelid = %s::regclass""",
            [table],
        ).fetchall()
        shape["pk"][table] = next((list(cols) for kind, cols, *_ in constraints if kind == "p"), [])
        on_delete = {"c": "CASCADE", "a": "NO ACTION"}
        shape["fk"][table] = sorted(
            (cols[0], ref, refcols[0], on_delete[deltype])
            for kind, cols, ref, refcols, deltype in constraints
            if kind == "f"
        )
        indexes = {}
        for name, unique, partial, columns, is_constraint in conn.execute(
            """SELECT i.relname, x.indisunique, x.indpred IS NOT NULL,
                      ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o)
                            JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n
                            ORDER BY k.o),
                      EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
               FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
               WHERE x.indrelid = %s::regclass AND NOT x.indisprimary""",
            [table],
        ):
            key = f"unique{tuple(columns)}" if is_constraint else name
            indexes[key] = (tuple(columns), unique, partial)
        shape["indexes"][table] = indexes
    shape["triggers"] = sorted(
        {
            name
            for (name,) in conn.execute(
                "SELECT trigger_name FROM information_schema.triggers"
                " WHERE trigger_schema = 'public'"
            )
        }
        - set(SERVER_ONLY_TRIGGERS)
    )
    return shape


@pytest.fixture
def pg_conn(pg_url):
    with psycopg.connect(pg_url) as conn:
        assert not has_schema(conn)
        create_schema(conn)
        conn.commit()
        assert has_schema(conn)
        yield conn


def test_the_server_schema_is_the_sqlite_schema(pg_conn, tmp_path: Path) -> None:
    lite = sqlite_shape(tmp_path / "fresh.db")
    server = postgres_shape(pg_conn)
    assert server["tables"] == lite["tables"]
    for part in ("columns", "pk", "fk", "indexes"):
        for table in lite["tables"]:
            assert server[part][table] == lite[part][table], (part, table)
    assert server["triggers"] == lite["triggers"]


GOOD = [
    "INSERT INTO annotators (name, role, created_at) VALUES ('sara', 'coder', 't')",
    "INSERT INTO articles (id, hash, text, text_length, imported_at)"
    " VALUES (1, 'h1', 'قصف حلب اليوم', 13, 't')",
    'INSERT INTO spans (id, article_id, start, "end", label, origin, status, suggester,'
    " created_at, updated_at)"
    " VALUES (1, 1, 4, 7, 'PLACE', 'suggestion', 'suggested', 's', 't', 't')",
    'INSERT INTO spans (id, article_id, start, "end", label, origin, status, annotator,'
    " suggestion_id, created_at, updated_at)"
    " VALUES (2, 1, 4, 7, 'PLACE', 'coder', 'accepted', 'sara', 1, 't', 't')",
    "INSERT INTO article_state (article_id, annotator, state, updated_at)"
    " VALUES (1, 'sara', 'done', 't')",
    "UPDATE article_state SET note = 'checked' WHERE article_id = 1",
    "DELETE FROM spans WHERE id = 2",
]
BAD = {
    "label": 'INSERT INTO spans (article_id, start, "end", label, origin, status, suggester,'
    " created_at, updated_at) VALUES (1, 0, 3, 'NOPE', 'suggestion', 'suggested', 's', 't', 't')",
    "offsets": 'INSERT INTO spans (article_id, start, "end", label, origin, status, suggester,'
    " created_at, updated_at) VALUES (1, 3, 3, 'PLACE', 'suggestion', 'suggested', 's', 't', 't')",
    "beyond the text": 'INSERT INTO spans (article_id, start, "end", label, origin, status,'
    " suggester, created_at, updated_at)"
    " VALUES (1, 0, 99, 'PLACE', 'suggestion', 'suggested', 's', 't', 't')",
    "suggestion with a coder": 'INSERT INTO spans (article_id, start, "end", label, origin,'
    " status, annotator, created_at, updated_at)"
    " VALUES (1, 0, 3, 'PLACE', 'suggestion', 'suggested', 'sara', 't', 't')",
    "decision without its suggestion": 'INSERT INTO spans (article_id, start, "end", label,'
    " origin, status, annotator, suggestion_id, created_at, updated_at)"
    " VALUES (1, 0, 3, 'PLACE', 'coder', 'accepted', 'sara', 77, 't', 't')",
    "unknown coder": "INSERT INTO article_state (article_id, annotator, updated_at)"
    " VALUES (1, 'nobody', 't')",
    "meta not an object": "INSERT INTO articles (hash, text, text_length, meta, imported_at)"
    " VALUES ('h2', 'x', 1, '[1]', 't')",
    "meta not JSON": "INSERT INTO articles (hash, text, text_length, meta, imported_at)"
    " VALUES ('h3', 'x', 1, '{oops', 't')",
    "wrong length": "INSERT INTO articles (hash, text, text_length, imported_at)"
    " VALUES ('h4', 'abc', 2, 't')",
    "text change": "UPDATE articles SET text = 'other' WHERE id = 1",
    "audit change": "UPDATE audit SET who = 'x'",
    "audit deletion": "DELETE FROM audit",
    "same suggestion twice": 'INSERT INTO spans (article_id, start, "end", label, origin,'
    " status, suggester, created_at, updated_at)"
    " VALUES (1, 4, 7, 'PLACE', 'suggestion', 'suggested', 's2', 't', 't')",
}


def _audit_log(rows) -> list[tuple]:
    """The audit rows with their row images read as JSON (the two write it spaced apart)."""
    return [
        (*key, json.loads(before or "null"), json.loads(after or "null"))
        for *key, before, after in rows
    ]


AUDIT_QUERY = "SELECT who, action, tbl, row_id, article_id, before, after FROM audit ORDER BY id"


def test_both_backends_keep_and_refuse_the_same_rows(pg_conn, tmp_path: Path) -> None:
    import sqlite3

    lite = open_store(tmp_path / "p.db")
    pg_conn.commit()
    pg_conn.autocommit = True
    for statement in GOOD:
        lite.execute(statement)
        pg_conn.execute(statement)
    assert _audit_log(pg_conn.execute(AUDIT_QUERY)) == _audit_log(lite.execute(AUDIT_QUERY))
    assert (
        len(_audit_log(lite.execute(AUDIT_QUERY))) == 5
    )  # spans 1, 2 in; state in, updated; 2 out
    refused = []
    for what, statement in BAD.items():
        with pytest.raises(sqlite3.DatabaseError):
            lite.execute(statement)
        try:
            pg_conn.execute(statement)
        except psycopg.errors.IntegrityError:
            refused.append(what)
        except psycopg.errors.DataError:  # text_length is a bigint check; JSON casts report here
            refused.append(what)
    assert refused == list(BAD)
    lite.close()


def test_an_insert_without_an_id_comes_after_given_ids(pg_conn, tmp_path: Path) -> None:
    lite = open_store(tmp_path / "p.db")
    pg_conn.commit()
    pg_conn.autocommit = True
    article = (
        "INSERT INTO articles ({id}hash, text, text_length, imported_at)"
        " VALUES ({v}%s, 'x', 1, 't')"
    )
    batch = "INSERT INTO suggestion_batches ({id}suggester, suggester_version) VALUES ({v}'s', '1')"
    span = (
        'INSERT INTO spans ({id}article_id, start, "end", label, origin, status, suggester,'
        " created_at, updated_at)"
        " VALUES ({v}7, 0, 1, %s, 'suggestion', 'suggested', 's', 't', 't')"
    )
    ids = {}
    for name, db, mark in (("sqlite", lite, "?"), ("postgres", pg_conn, "%s")):

        def run(sql: str, *args: str, db=db, mark=mark) -> None:
            db.execute(sql.replace("%s", mark), args)

        run(article.format(id="id, ", v="7, "), "h7")
        run(article.format(id="", v=""), "h8")
        run(batch.format(id="id, ", v="40, "))
        run(batch.format(id="", v=""))
        run(span.format(id="id, ", v="100, "), "PLACE")
        run(span.format(id="", v=""), "ACTOR")
        ids[name] = [
            tuple(db.execute(f"SELECT id FROM {table} ORDER BY id").fetchall())
            for table in ("articles", "suggestion_batches", "spans")
        ]
    assert ids["postgres"] == ids["sqlite"]
    assert ids["sqlite"] == [((7,), (8,)), ((40,), (41,)), ((100,), (101,))]
    lite.close()
