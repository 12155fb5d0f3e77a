"""The live team view's latency (issue 12): from another desk's decision to the window's
``LiveView`` handing the change over, on a team server (LISTEN/NOTIFY: the server's
notification wakes the view through its socket) and, for comparison, on a SQLite file (the
view polls ``PRAGMA data_version`` every 0.4 s).

A writer thread, on its own connection, makes one decision (mark done / reopen, alternately)
after a random pause of up to 0.4 s and waits until the view has handed it over; the clock
runs from just before the writer's call (so the commit is included) to the ``changed`` signal
in the GUI thread, which sits idle in its event loop as a desk does. The window's own refresh
after that is the same on both backends.

    QT_QPA_PLATFORM=offscreen python -m bench.live_notify [--rounds 300] [--db postgresql://…]

Without ``--db`` a throw-away local server is started (tests/pg/cluster.py's
``running_cluster``) and a project created on it; ``--db`` names an empty database instead.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from annotator.gui.live_view import LiveView  # noqa: E402
from annotator.services.coding import CodingSession  # noqa: E402
from annotator.store import open_store  # noqa: E402
from tests.builders import OTHER, TEXT, store_articles  # noqa: E402

TIMEOUT_S = 30.0


def measure(target: str, rounds: int) -> list[float]:
    """Seconds from each decision (another connection) to the view handing it over."""
    app = QApplication.instance() or QApplication([])
    setup = open_store(target)
    ids = store_articles(setup, [TEXT, OTHER])
    setup.close()
    window = QWidget()
    window.show()
    db = open_store(target)
    live = LiveView(window, db, lambda: True)
    handed = threading.Event()
    seen_at: list[float] = []
    started: list[float] = []

    def on_changed(_changes: object) -> None:
        if not handed.is_set():
            seen_at.append(time.perf_counter())
            handed.set()

    live.changed.connect(on_changed)
    failure: list[BaseException] = []

    def write() -> None:
        other = open_store(target)
        pause = random.Random(7)
        try:
            bea = CodingSession(other, "bea")
            for n in range(rounds):
                article_id = ids[n % 2]
                time.sleep(pause.uniform(0, 0.4))  # a desk decides at any moment of a poll
                handed.clear()
                started.append(time.perf_counter())
                (bea.mark_done if (n // 2) % 2 == 0 else bea.reopen)(article_id)
                if not handed.wait(TIMEOUT_S):
                    raise TimeoutError(f"decision {n} was not handed over in {TIMEOUT_S} s")
        except BaseException as exc:  # reported in the main thread
            failure.append(exc)
        finally:
            other.close()

    writer = threading.Thread(target=write)
    ended = QTimer()
    ended.timeout.connect(lambda: None if writer.is_alive() else app.quit())
    QTimer.singleShot(200, writer.start)
    QTimer.singleShot(300, lambda: ended.start(50))
    app.exec()
    writer.join()
    live.stop()
    db.close()
    window.close()
    if failure:
        raise failure[0]
    return [b - a for a, b in zip(started, seen_at, strict=True)]


def idle_polls(target: str, polls: int = 5000) -> list[float]:
    """Seconds per poll of the project's change source when nothing changed."""
    from annotator.services.live import watch

    db = open_store(target)
    source = watch(db)
    samples = []
    for _ in range(polls):
        start = time.perf_counter()
        assert not source.poll()
        samples.append(time.perf_counter() - start)
    source.close()
    db.close()
    return samples


@contextlib.contextmanager
def server_project(url: str | None) -> Iterator[str]:
    """An empty server project: in ``url``'s database, or on a throw-away local server."""
    from annotator.store.postgres.project import init_project

    if url is not None:
        init_project(url)
        yield url
        return
    import uuid

    import psycopg

    from tests.pg.cluster import running_cluster

    with running_cluster() as cluster:
        name = f"live_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        init_project(cluster.url(name))
        yield cluster.url(name)


def ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    median, top = statistics.median(ordered), max(ordered)
    return f"{median * 1e3:.1f} ms | {p95 * 1e3:.1f} ms | {top * 1e3:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--db", help="an empty PostgreSQL database (default: a throw-away server)")
    args = parser.parse_args()
    with server_project(args.db) as url:
        server = measure(url, args.rounds)
        idle = idle_polls(url)
    with tempfile.TemporaryDirectory() as folder:
        lite = measure(str(Path(folder) / "live.db"), min(args.rounds, 100))
    print("| backend | decisions | median | p95 | max |\n|---|---|---|---|---|")
    print(f"| PostgreSQL, LISTEN/NOTIFY | {len(server)} | {ms(server)} |")
    print(f"| SQLite, 0.4 s poll | {len(lite)} | {ms(lite)} |")
    median, p95 = statistics.median(idle), sorted(idle)[int(len(idle) * 0.95)]
    print(
        f"\nServer source, a poll when nothing changed ({len(idle)} polls): median"
        f" {median * 1e6:.1f} µs, p95 {p95 * 1e6:.1f} µs"
    )


if __name__ == "__main__":
    main()
