"""The coding desk on a team server: bench/desk.py's measures on a 100,000-article server project.

bench/desk.py's cached project (100,000 articles, built once under bench/out/) is copied into a
fresh project on a throw-away local PostgreSQL server (tests/pg/cluster.py's ``running_cluster``:
initdb, a unix socket, fsync off as in the tests) with COPY, table by table, the server's
triggers off for the copy (the rows are a project's already: their audit rows are copied too).
Then the same measures as bench/desk.py, on the server: opening the window (open_store +
MainWindow + show), switching between the two big articles, decisions by real key presses
(accept, reject, add: key press to repainted, each a round trip to the server).

    QT_QPA_PLATFORM=offscreen python -m bench.team_desk [--articles 100000] [--rounds 40]
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import desk  # noqa: E402


def copy_project(source: Path, url: str) -> dict[str, int]:
    """Copy every table of the SQLite project at ``source`` into the empty server project at
    ``url`` (its schema created here); the rows copied per table."""
    import psycopg

    from annotator.store.postgres.schema import MIGRATIONS_TABLE, create_schema

    lite = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    copied: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        with conn.transaction():
            create_schema(conn)
        server_tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        ]
        local = {r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        with conn.transaction():
            conn.execute("SET LOCAL session_replication_role = replica")  # no triggers, no FKs
            for table in server_tables:
                if table not in local or table == MIGRATIONS_TABLE:
                    continue
                conn.execute(f'DELETE FROM "{table}"')
                cur = lite.execute(f'SELECT * FROM "{table}"')
                names = ", ".join(f'"{d[0]}"' for d in cur.description)
                n = 0
                with conn.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in cur:
                        copy.write_row(row)
                        n += 1
                copied[table] = n
            for table, column in conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND is_identity = 'YES'"
            ).fetchall():
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                    f' coalesce((SELECT max("{column}") FROM "{table}"), 0) + 1, false)'
                )
        conn.execute("ANALYZE")
    lite.close()
    return copied


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    args.db = args.big = None
    desk.OUT.mkdir(parents=True, exist_ok=True)
    cached, big = desk._project(args, parser)
    os.environ.setdefault("ANNOTATOR_CONFIG_DIR", tempfile.mkdtemp())
    os.environ.setdefault("ANNOTATOR_DATA_DIR", tempfile.mkdtemp())
    import psycopg

    from tests.pg.cluster import running_cluster

    with running_cluster() as (cluster, _control):
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "bench_desk" TEMPLATE template0')
        url = cluster.url("bench_desk")
        t = time.perf_counter()
        copied = copy_project(cached, url)
        took = time.perf_counter() - t
        load_before = os.getloadavg()[0]
        results = desk.measure(url, big, args.rounds)
        load_after = os.getloadavg()[0]
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, ")
    print(f"{platform.system()}, Python {platform.python_version()}, offscreen Qt platform,")
    print("a local PostgreSQL server on a unix socket (fsync off).")
    print(f"Load average (1 min) before / after: {load_before:.2f} / {load_after:.2f}.")
    print(
        f"Project: {copied.get('articles', 0):,} articles, {copied.get('spans', 0):,} spans"
        f" (copied into the server in {took:.0f} s), median of {args.rounds} rounds.\n"
    )
    desk._table(results, f"a {desk.BIG_TEXT:,}-character article with {desk.BIG_SPANS} spans")
    ok = (
        results["open"] < desk.TARGETS["open"]
        and results["switch"] < desk.TARGETS["switch"]
        and max(results[k] for k in ("accept", "reject", "add")) < desk.TARGETS["decision"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
