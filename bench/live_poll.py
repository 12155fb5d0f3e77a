"""What the live team view's poll costs (issue 12): ``services.live.SqlitePolling.poll()`` on
the desk's connection, when nothing changed (the common case, ~2.5 times a second per open
window) and after another connection committed one decision (the audit rows since are read).

Builds a project of N articles whose audit log holds a coder's decisions on many of them, so
that the audit table is not trivially small. Prints a Markdown table.

    python bench/live_poll.py --articles 20000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.domain import Article, Label  # noqa: E402
from annotator.services.coding import CodingSession  # noqa: E402
from annotator.services.live import watch  # noqa: E402
from annotator.store import open_store, write_transaction  # noqa: E402
from annotator.store import repository as repo  # noqa: E402
from tests.builders import TEXT, at  # noqa: E402


def build(path: Path, articles: int) -> None:
    db = open_store(path)
    with write_transaction(db):
        for n in range(articles):
            repo.add_article(db, Article(f"{TEXT} {n}", source=f"{n:06d}.txt"))
    coder = CodingSession(db, "ali")
    for article_id in range(1, articles + 1, max(1, articles // 2000)):
        coder.add_span(article_id, *at(TEXT, "داعش"), Label.ACTOR)
        coder.mark_done(article_id)
    db.close()


def micros(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"{statistics.median(ordered) * 1e6:.1f} µs (p95 {p95 * 1e6:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--polls", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "live.db"
        build(path, args.articles)
        desk, other = open_store(path), open_store(path)
        audit = desk.execute("SELECT count(*) FROM audit").fetchone()[0]
        source = watch(desk)
        idle = []
        for _ in range(args.polls):
            start = time.perf_counter()
            assert not source.poll()
            idle.append(time.perf_counter() - start)
        bea = CodingSession(other, "bea")
        changed = []
        for n in range(args.commits):
            article_id = 1 + (n // 2) % args.articles
            (bea.mark_done if n % 2 == 0 else bea.reopen)(article_id)
            start = time.perf_counter()
            seen = source.poll()
            changed.append(time.perf_counter() - start)
            assert seen.articles == {article_id}, (n, seen)
        print(f"{args.articles} articles, {audit} audit rows\n")
        print("| poll | median (p95) |\n|---|---|")
        print(f"| nothing changed ({args.polls} polls) | {micros(idle)} |")
        print(f"| after another connection's commit ({args.commits}) | {micros(changed)} |")
        desk.close()
        other.close()


if __name__ == "__main__":
    main()
