"""Coders at once on one team-server project (issue 12): 0 decisions lost, 0 duplicated.

CODERS processes (each its own coder, as desks on as many computers) decide DECISIONS
suggestions and articles at once through ``services.coding`` (accept, reject, mark done) on
the same articles of one project; each decision is timed around the session call. Then the
project is counted on a connection of its own: every coder's decision rows and audit rows must
equal what the process reports it did (no lost, no duplicated decision).

``--restart-at N`` stops the server (``pg_ctl stop -m fast``) once a process has made N
decisions and starts it again a second later: each process does what the desk does on a lost
connection (the same decision again after ``CodingSession.reconnect()``), and the counts must
still hold; the time until each held decision was stored is reported.

Without ``--db`` it starts a throw-away cluster (tests/pg/cluster.py), creates the project as
``server init`` does and gives each coder a login of its own (``server add-coder``: row-level
security applies to every decision); ``--db`` names an empty project the bench fills, all
coders on that one login (or a SQLite file, for comparison).

    python bench/team_concurrency.py --coders 8 --decisions 500
    python bench/team_concurrency.py --coders 8 --decisions 500 --restart-at 200
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.domain import Article, Label, Span, Suggestion  # noqa: E402
from annotator.services.coding import CodingError, CodingSession  # noqa: E402
from annotator.store import open_store, write_transaction  # noqa: E402
from annotator.store import repository as repo  # noqa: E402

WORDS = [
    "قال",
    "مصدر",
    "إن",
    "تنظيم",
    "داعش",
    "قصف",
    "مدينة",
    "حلب",
    "وقتل",
    "12",
    "مدنيا",
    "في",
    "ريف",
    "إدلب",
    "صباح",
    "اليوم",
]
PER_ARTICLE = 10  # suggestions per article; a coder then marks the article done
PROGRESS_EVERY = 10


# ----- the project ---------------------------------------------------------------------------


def build_project(target: str, articles: int) -> None:
    """``articles`` articles, each with PER_ARTICLE suggestions (one per word)."""
    db = open_store(target)
    try:
        with write_transaction(db):
            for n in range(articles):
                text = " ".join([*WORDS, str(n)])
                article_id, _ = repo.add_article(db, Article(text, source=f"{n:05d}.txt"))
                spans, start = [], 0
                for word in WORDS[:PER_ARTICLE]:
                    start = text.index(word, start)
                    spans.append(Span(start, start + len(word), Label.ACTOR, {}))
                    start += len(word)
                repo.add_suggestions(
                    db, article_id, [Suggestion(s, 0.9, "bench", "1") for s in spans]
                )
    finally:
        db.close()


def articles_needed(decisions: int) -> int:
    return decisions // (PER_ARTICLE + 1) + 1


# ----- one coder's process -------------------------------------------------------------------


def worker(target: str, coder: str, index: int, decisions: int) -> None:
    """Decide ``decisions`` times as ``coder``; print READY, wait for GO on stdin, print
    PROGRESS lines, then one JSON line with what was done and how long each decision took."""
    session = CodingSession(open_store(target), coder)
    article_ids = sorted(session.open_assigned() or _all_articles(session))
    print("READY", flush=True)
    sys.stdin.readline()
    done: dict[str, int] = {"accept": 0, "reject": 0, "done": 0}
    latencies: list[float] = []
    held: list[float] = []  # how long a decision waited for the server (offline)
    offline = 0
    made = 0

    def decide(kind: str, call) -> None:
        nonlocal made, offline
        start = time.perf_counter()
        lost_at = None
        while True:
            try:
                call()
                break
            except CodingError as exc:
                if not exc.retryable:
                    raise
                offline += 1
                lost_at = lost_at or time.perf_counter()
                time.sleep(0.1)
                with suppress(CodingError):  # still away: try again
                    session.reconnect()
        end = time.perf_counter()
        (held if lost_at is not None else latencies).append(end - start)
        done[kind] += 1
        made += 1
        if made % PROGRESS_EVERY == 0:
            print(f"PROGRESS {made}", flush=True)

    for article_id in article_ids:
        rows = sorted(session.spans(article_id), key=lambda r: r.start)
        for k, row in enumerate(r for r in rows if not r.confirmed):
            if made == decisions:
                break
            if (k + index) % 3:
                decide("accept", lambda row=row: session.accept(row.id))
            else:
                decide("reject", lambda row=row: session.reject(row.id))
        if made == decisions:
            break
        decide("done", lambda article_id=article_id: session.mark_done(article_id))
        if made == decisions:
            break
    steps = len(session.stack)
    session.db.close()
    result = {
        "coder": coder,
        "done": done,
        "latencies": latencies,
        "held": held,
        "offline_errors": offline,
        "undo_steps": steps,
    }
    print(json.dumps(result), flush=True)


def _all_articles(session: CodingSession) -> list[int]:
    found, article = [], session.neighbour(0, 1)
    while article is not None:
        found.append(article)
        article = session.neighbour(article, 1)
    return found


# ----- the run -------------------------------------------------------------------------------


@dataclass
class Run:
    coders: int
    decisions: int
    results: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    restarted: bool = False

    @property
    def latencies(self) -> list[float]:
        return sorted(x for r in self.results for x in r["latencies"])

    @property
    def held(self) -> list[float]:
        return sorted(x for r in self.results for x in r["held"])


def run(
    target: str,
    coders: int,
    decisions: int,
    *,
    logins: list[str] | None = None,
    restart=None,
    restart_at: int | None = None,
) -> Run:
    """Start the coder processes, let them go at once, wait for their results. Coder i
    connects with ``logins[i]`` (its own login's URL) if given, else ``target``. With
    ``restart`` (tests/pg/cluster.Control) stop and start the server once a process reached
    ``restart_at`` decisions."""
    urls = logins or [target] * coders
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", "--db", urls[i], "--coder", f"coder{i}",
             "--index", str(i), "--decisions", str(decisions)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )
        for i in range(coders)
    ]  # fmt: skip
    for proc in procs:
        line = proc.stdout.readline()
        if line.strip() != "READY":
            raise RuntimeError(f"a coder process did not start: {line!r}")
    reached = threading.Event()
    outcome = Run(coders, decisions)
    lines: list[list[str]] = [[] for _ in procs]

    def read(n: int, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            if line.startswith("PROGRESS"):
                if restart_at is not None and int(line.split()[1]) >= restart_at:
                    reached.set()
            else:
                lines[n].append(line)

    readers = [threading.Thread(target=read, args=(n, p)) for n, p in enumerate(procs)]
    for thread in readers:
        thread.start()
    start = time.perf_counter()
    for proc in procs:
        proc.stdin.write("GO\n")
        proc.stdin.flush()
    if restart is not None and restart_at is not None and reached.wait(timeout=600):
        restart.stop("fast")
        time.sleep(1.0)
        restart.start()
        outcome.restarted = True
    for proc in procs:
        proc.wait(timeout=1800)
    outcome.seconds = time.perf_counter() - start
    for thread in readers:
        thread.join()
    for n, proc in enumerate(procs):
        if proc.returncode != 0:
            raise RuntimeError(f"coder{n} failed ({proc.returncode}): {''.join(lines[n])}")
        outcome.results.append(json.loads(lines[n][-1]))
    return outcome


def count(target: str, result: Run) -> dict[str, dict[str, int]]:
    """Per coder: what the process did, and what the project holds (rows and audit rows)."""
    db = open_store(target)
    try:
        table: dict[str, dict[str, int]] = {}
        for r in result.results:
            coder = r["coder"]
            rows = db.execute(
                "SELECT count(*), count(DISTINCT suggestion_id),"
                " sum(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END),"
                " sum(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END)"
                " FROM spans WHERE annotator = ?",
                [coder],
            ).fetchone()
            done = db.execute(
                "SELECT count(*) FROM article_state WHERE annotator = ? AND state = 'done'",
                [coder],
            ).fetchone()[0]
            audit = dict(
                db.execute(
                    "SELECT tbl, count(*) FROM audit WHERE who = ? AND action = 'insert'"
                    " GROUP BY tbl",
                    [coder],
                ).fetchall()
            )
            table[coder] = {
                "made": sum(r["done"].values()),
                "undo_steps": r["undo_steps"],
                "sent_accept": r["done"]["accept"],
                "sent_reject": r["done"]["reject"],
                "sent_done": r["done"]["done"],
                "rows": rows[0],
                "distinct": rows[1],
                "accepted": rows[2] or 0,
                "rejected": rows[3] or 0,
                "done": done,
                "audit_spans": audit.get("spans", 0),
                "audit_states": audit.get("article_state", 0),
            }
        return table
    finally:
        db.close()


def lost_and_duplicated(table: dict[str, dict[str, int]]) -> tuple[int, int]:
    """Decisions the project lacks, and rows or audit rows it holds twice, over all coders."""
    lost = duplicated = 0
    for c in table.values():
        sent = c["sent_accept"] + c["sent_reject"]
        lost += max(0, c["sent_accept"] - c["accepted"]) + max(0, c["sent_reject"] - c["rejected"])
        lost += max(0, c["sent_done"] - c["done"])
        duplicated += (c["rows"] - c["distinct"]) + max(0, c["rows"] - sent)
        duplicated += max(0, c["audit_spans"] - sent) + max(0, c["audit_states"] - c["sent_done"])
        lost += max(0, sent - c["audit_spans"]) + max(0, c["sent_done"] - c["audit_states"])
    return lost, duplicated


# ----- a throw-away server -------------------------------------------------------------------


@contextmanager
def throwaway_project(coders: int) -> Iterator[tuple[str, list[str], object]]:
    """A new cluster with one empty project (``server init``: schema, roles, row-level
    security) and a coder login for each of ``coders`` coders (``server add-coder``): the
    admin's URL, each coder's URL and the cluster's Control."""
    import psycopg

    from annotator.store.postgres.project import add_person, init_project
    from annotator.store.postgres.roles import CODER
    from tests.pg.cluster import running_cluster

    with running_cluster() as (cluster, control):
        name = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        admin = cluster.url(name)
        init_project(admin)
        logins = []
        for i in range(coders):
            password = f"pw-{uuid.uuid4().hex[:12]}"
            login = add_person(admin, f"coder{i}", password, role=CODER)
            logins.append(cluster.url(name, user=login, password=password))
        yield admin, logins, control


def ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * q))] * 1000


def report(result: Run, table: dict[str, dict[str, int]]) -> str:
    lost, duplicated = lost_and_duplicated(table)
    lat = result.latencies
    made = sum(c["made"] for c in table.values())
    lines = [
        f"coders {result.coders} × decisions {result.decisions}: {made} decisions in"
        f" {result.seconds:.1f} s ({made / result.seconds:.0f}/s);"
        f" lost {lost}, duplicated {duplicated}",
        f"latency p50 {statistics.median(lat) * 1000:.2f} ms, p95 {ms(lat, 0.95):.2f} ms,"
        f" max {lat[-1] * 1000:.1f} ms",
    ]
    if result.restarted:
        held = result.held
        errors = sum(r["offline_errors"] for r in result.results)
        lines.append(
            f"server restarted: {len(held)} decisions held and stored after the restart"
            f" ({errors} offline errors), held p50 {ms(held, 0.5):.0f} ms, max {ms(held, 1):.0f} ms"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an empty project (postgresql://… or a file)")
    parser.add_argument("--coders", type=int, default=8)
    parser.add_argument("--decisions", type=int, default=500)
    parser.add_argument("--restart-at", type=int, default=None)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--coder", help=argparse.SUPPRESS)
    parser.add_argument("--index", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.db, args.coder, args.index, args.decisions)
        return
    if args.db:
        if args.restart_at is not None:
            parser.error("--restart-at needs the bench's own server (no --db)")
        build_project(args.db, articles_needed(args.decisions))
        result = run(args.db, args.coders, args.decisions)
        print(report(result, count(args.db, result)))
        return
    with throwaway_project(args.coders) as (admin, logins, control):
        build_project(admin, articles_needed(args.decisions))
        result = run(
            admin,
            args.coders,
            args.decisions,
            logins=logins,
            restart=control,
            restart_at=args.restart_at,
        )
        print(report(result, count(admin, result)))


if __name__ == "__main__":
    main()
