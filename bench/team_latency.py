"""Decision latency on a team server (issue 12): one accept through ``services.coding``, as the
desk makes it, timed over N decisions; p50 / p95 / max. Target: p95 < 16 ms on localhost.

The coder works through a login of their own (``annotator server add-coder``), so the server's
row-level security runs on every statement, as on a real team. The same decisions on a SQLite
file are timed too, for comparison.

    python bench/team_latency.py --local                # a throw-away durable local cluster
    python bench/team_latency.py --db postgresql://admin@host/empty_db   # an EMPTY database

``--db`` names a superuser's (or the database owner's) connection string to an empty
database: the bench creates the project there (``server init``) and a coder login. ``--local``
starts its own cluster (tests/pg/cluster.py's running_cluster(durable=True): fsync and
synchronous commit ON: a decision is acknowledged only once it is on disk) and removes it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.domain import Article, Label, Span, Suggestion  # noqa: E402
from annotator.services.coding import CodingSession  # noqa: E402
from annotator.store import open_store, write_transaction  # noqa: E402
from annotator.store import repository as repo  # noqa: E402
from annotator.store.postgres.project import add_person, init_project  # noqa: E402
from tests.builders import TEXT, at  # noqa: E402
from tests.pg.cluster import driver, running_cluster  # noqa: E402

SURFACES = (("داعش", Label.ACTOR), ("دير الزور", Label.PLACE))


def fill(db: object, decisions: int) -> list[int]:
    """Articles with suggestions (two each) enough for ``decisions`` accepts; their span ids."""
    ids: list[int] = []
    with write_transaction(db):
        for n in range((decisions + 1) // 2):
            article, _ = repo.add_article(db, Article(f"{TEXT} {n}", source=f"{n:06d}.txt"))
            suggestions = [
                Suggestion(Span(*at(TEXT, surface), label), 0.9, "rules", "1")
                for surface, label in SURFACES
            ]
            ids += repo.add_suggestions(db, article, suggestions).span_ids
    return ids[:decisions]


def _server_cpu(pid: int | None) -> float:
    """CPU seconds the server's process for this connection used so far (0 if unreadable)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_accepts(target: str, span_ids: list[int]) -> tuple[list[float], float, float]:
    """Seconds per ``CodingSession.accept``, one decision after the other (a fresh session);
    and the CPU seconds per decision of this process and of the server's backend process."""
    session = CodingSession(open_store(target), "ali")
    pid = None
    if getattr(session.db, "dialect", None) == "postgresql":
        pid = session.db.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        samples = []
        cpu, server = time.process_time(), _server_cpu(pid)
        for span_id in span_ids:
            started = time.perf_counter()
            session.accept(span_id)
            samples.append(time.perf_counter() - started)
        n = max(1, len(span_ids))
        cpu, server = (time.process_time() - cpu) / n, (_server_cpu(pid) - server) / n
        return samples, cpu, server
    finally:
        session.close()


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (
        f"p50 {statistics.median(ordered) * 1e3:.2f} ms, p95 {p95 * 1e3:.2f} ms,"
        f" max {ordered[-1] * 1e3:.2f} ms"
    )


def filled(target: str, decisions: int) -> list[int]:
    """``fill`` the project at ``target`` on a connection of its own; the suggestions' ids."""
    db = open_store(target)
    try:
        return fill(db, decisions)
    finally:
        db.close()


def bench_server(
    admin_url: str, coder_url: str, decisions: int
) -> tuple[list[float], float, float]:
    init_project(admin_url)
    add_person(admin_url, "ali", "bench-pw", role="coder", login="ali")
    return time_accepts(coder_url, filled(admin_url, decisions))


def bench_sqlite(decisions: int) -> tuple[list[float], float, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "latency.db")
        return time_accepts(path, filled(path, decisions))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", help="a connection string to an EMPTY database")
    where.add_argument("--local", action="store_true", help="start a throw-away local cluster")
    parser.add_argument("--decisions", type=int, default=500)
    parser.add_argument("--coder-url", help="the coder's connection string (with --db)")
    args = parser.parse_args()
    print(f"{platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    if args.local:
        with running_cluster(durable=True) as (cluster, _control):
            with driver().connect(cluster.url(), autocommit=True) as conn:
                conn.execute('CREATE DATABASE "latency"')
            server = bench_server(
                cluster.url("latency"),
                cluster.url("latency", user="ali", password="bench-pw"),
                args.decisions,
            )
    else:
        if not args.coder_url:
            parser.error("--db needs --coder-url (the login 'ali' with password bench-pw)")
        server = bench_server(args.db, args.coder_url, args.decisions)
    sqlite = bench_sqlite(args.decisions)
    print("| backend | decisions | accept through services.coding | CPU per decision |")
    print("|---|---|---|---|")
    for name, (samples, cpu, backend) in (
        ("PostgreSQL (coder login, RLS)", server),
        ("SQLite file", sqlite),
    ):
        work = f"desk {cpu * 1e3:.2f} ms" + (f" + server {backend * 1e3:.2f} ms" if backend else "")
        print(f"| {name} | {len(samples)} | {summary(samples)} | {work} |")
    print(f"load after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
