"""Coding desk speed on a 100,000-article project: open the window, switch article, decide.

The project is generated once (seeded, so every run sees the same data) and cached under
bench/out/; each run works on a fresh copy. Run from the repository root:

    QT_QPA_PLATFORM=offscreen python bench/desk.py [--articles 100000] [--rounds 40]
    QT_QPA_PLATFORM=offscreen python bench/desk.py --db OTHER.db --big ID,ID  # a copy of it

Wall-clock figures depend on what else the machine runs; the main thread's CPU time per
decision does much less, so it is printed too, with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = ROOT / "bench" / "out"
SEEDS = ROOT / "tests" / "data" / "gold_seeds.jsonl"
BIG_TEXT = 10_000  # characters of the articles the switch is timed on
BIG_SPANS = 100
TARGETS = {"open": 2.0, "switch": 0.050, "decision": 0.016}
_SENTENCE = re.compile(r"[^.\n؟!]+[.؟!]?")


def _sentences() -> list[str]:
    records = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines()]
    return [s.strip() for r in records for s in _SENTENCE.findall(r["text"]) if len(s) > 30]


def _article(rng: random.Random, sentences: list[str], n: int, size: int) -> str:
    parts = [f"تقرير رقم {n}: {rng.choice(sentences)}", ""]
    length = len(parts[0])
    while length < size:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
        parts.append(paragraph)
        length += len(paragraph) + 1
    return "\n".join(parts)


def _span_rows(article_id: int, text: str, count: int, rng: random.Random) -> list[dict]:
    """``count`` non-overlapping suggestions on whole words of ``text``."""
    words = [m.span() for m in re.finditer(r"[\u0621-\u064a]{3,}", text)]
    picked = sorted(rng.sample(range(len(words)), min(count, len(words))))
    labels = ("ACTOR", "PLACE", "CASUALTY")
    rows = []
    for k, i in enumerate(picked):
        start, end = words[i]
        rows.append(
            {
                "article_id": article_id,
                "start": start,
                "end": end,
                "label": labels[k % 3],
                "attrs": "{}",
                "origin": "suggestion",
                "status": "suggested",
                "annotator": None,
                "suggester": "bench",
                "suggester_version": "1",
                "score": 0.5,
                "created_at": "2024-01-01T00:00:00",
                "updated_at": "2024-01-01T00:00:00",
            }
        )
    return rows


def build(path: Path, n: int) -> list[int]:
    """The cached project: ``n`` articles of ~3 KB, one in ten with 10 suggestions, and two
    10,000-character articles with 100 suggestions each (their ids are returned)."""
    from annotator.domain import content_hash
    from annotator.store import open_store, write_transaction

    rng = random.Random(20240601)
    sentences = _sentences()
    big = [n // 2, n // 2 + 1]
    path.unlink(missing_ok=True)
    db = open_store(path)
    with write_transaction(db):
        for lo in range(1, n + 1, 5000):
            articles, spans = [], []
            for i in range(lo, min(lo + 5000, n + 1)):
                text = _article(rng, sentences, i, BIG_TEXT if i in big else 1600)
                articles.append(
                    {
                        "id": i,
                        "hash": content_hash(text),
                        "source": f"bench/{i:06d}.txt",
                        "title": text.split("\n", 1)[0],
                        "text": text,
                        "text_length": len(text),
                        "meta": "{}",
                        "imported_at": "2024-01-01T00:00:00",
                    }
                )
                if i in big:
                    spans += _span_rows(i, text, BIG_SPANS, rng)
                elif i % 10 == 0:
                    spans += _span_rows(i, text, 10, rng)
            db["articles"].insert_all(articles, batch_size=1000)
            db["spans"].insert_all(spans, batch_size=1000)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return big


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def measure(path: Path, big: list[int], rounds: int) -> dict[str, float]:
    """Seconds for each measure (medians for the repeated ones)."""
    started = time.perf_counter()
    from annotator.gui.app import application
    from annotator.gui.fonts import load_arabic_font
    from annotator.gui.main_window import MainWindow
    from annotator.services.words import name_starts
    from annotator.store import open_store

    app = application()
    load_arabic_font()
    imported = time.perf_counter() - started
    t0 = time.perf_counter()
    db = open_store(path)
    window = MainWindow(db, "bench", clock=lambda: 0.0, article_id=1)
    window.resize(1400, 850)
    window.show()
    app.processEvents()
    results = {"open": time.perf_counter() - t0}
    # as the desk's start (gui.app.run) does: the word rules' name list read in a thread, not
    # on the first word selection
    threading.Thread(target=name_starts, name="name-starts", daemon=True).start()
    results["start"] = imported + results["open"]
    window.activateWindow()
    window.view.setFocus()
    while not window.view.hasFocus():
        app.processEvents()
    results.update(_time_list(app, window))
    switches = []
    for k in range(rounds):
        t = time.perf_counter()
        window.open_article(big[k % 2])
        app.processEvents()
        switches.append(time.perf_counter() - t)
    results["switch"] = statistics.median(switches)
    window.open_article(big[0])
    results.update(_time_decisions(app, window, rounds))
    window.close()
    db.close()
    return results


def _time_list(app, window) -> dict[str, float]:
    from annotator.domain import ArticleState

    out = {}
    for name, states, search in (
        ("list_open", (ArticleState.OPEN,), ""),
        ("list_search", None, "رقم 4242"),
    ):
        t = time.perf_counter()
        window.model.set_filter(states, search)
        app.processEvents()
        out[name] = time.perf_counter() - t
    window.model.set_filter(None, "")
    return out


def _time_decisions(app, window, rounds: int) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    cpu: list[float] = []

    def timed(key: Qt.Key) -> float:
        t, c = time.perf_counter(), time.thread_time()
        QTest.keyClick(window.view, key)
        app.processEvents()
        cpu.append(time.thread_time() - c)
        return time.perf_counter() - t

    for _ in range(len(window.session.spans(window.article_id)) + 1):
        QTest.keyClick(window.view, Qt.Key.Key_Tab)  # on to a suggestion still to decide
        row = window.current_row()
        if row is None or not row.confirmed:
            break
    accepts = [timed(Qt.Key.Key_A) for _ in range(rounds)]
    rejects = [timed(Qt.Key.Key_R) for _ in range(rounds)]
    adds = []
    text = window.view.text()
    placed = {  # words the coder marked as places already (a project measured before)
        (r.start, r.end)
        for r in window.session.spans(window.article_id)
        if r.confirmed and r.label.value == "PLACE"
    }
    words = [m for m in re.finditer(r"[\u0621-\u064a]{4,}", text) if m.span() not in placed]
    for m in words[-rounds:]:
        window.view.select_range(m.start(), m.end())
        app.processEvents()  # the selection is painted as it is made, before the key press
        adds.append(timed(Qt.Key.Key_2))
    assert len(window.session.stack) == len(accepts) + len(rejects) + len(adds)
    every = accepts + rejects + adds
    return {
        "accept": statistics.median(accepts),
        "reject": statistics.median(rejects),
        "add": statistics.median(adds),
        "decision_p90": statistics.quantiles(every, n=10)[-1],
        "decision_max": max(every),
        "decision_cpu": statistics.median(cpu),
        "decision_cpu_p90": statistics.quantiles(cpu, n=10)[-1],
    }


def _upgrade(path: Path) -> None:
    """Bring a project to the current schema now, so no run times a one-off upgrade (its
    check and backup: seconds); the backup the upgrade leaves next to it is not kept."""
    from annotator.store import open_store

    before = set(path.parent.glob(f"{path.name}.before-*"))
    open_store(path).close()
    for backup in set(path.parent.glob(f"{path.name}.before-*")) - before:
        backup.unlink()


def _count_articles(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def _project(args: argparse.Namespace, parser: argparse.ArgumentParser) -> tuple[Path, list[int]]:
    """The project to copy and the two big articles: --db's, else the cached one (built once)."""
    if args.db is not None:
        big = [int(i) for i in (args.big or "").split(",") if i]
        if len(big) != 2:
            parser.error("--db needs --big ID,ID (two articles with 2 x rounds suggestions)")
        return args.db, big
    cached = OUT / f"desk-{args.articles}.db"
    meta = cached.with_suffix(".json")
    if not cached.exists() or not meta.exists():
        t = time.perf_counter()
        big = build(cached, args.articles)
        meta.write_text(json.dumps({"big": big}))
        print(f"generated {cached} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    _upgrade(cached)
    return cached, json.loads(meta.read_text())["big"]


def _table(results: dict[str, float], switch: str) -> None:
    print("| measure | figure | target |\n| --- | --- | --- |")
    print(f"| open the window (open_store + MainWindow + show) | {_ms(results['open'])} | < 2 s |")
    print(f"| the same, with importing Qt and the app first | {_ms(results['start'])} | |")
    print(f"| switch to {switch} | {_ms(results['switch'])} | < 50 ms |")
    print(f"| list: only the coder's open articles | {_ms(results['list_open'])} | |")
    print(f"| list: search titles and sources | {_ms(results['list_search'])} | |")
    for name in ("accept", "reject", "add"):
        print(f"| decision: {name} (key press to repainted) | {_ms(results[name])} | < 16 ms |")
    print(f"| decision: 90th percentile of all | {_ms(results['decision_p90'])} | |")
    print(f"| decision: slowest single one | {_ms(results['decision_max'])} | |")
    cpu = f"{_ms(results['decision_cpu'])} / {_ms(results['decision_cpu_p90'])}"
    print(f"| decision: main thread's CPU time, median / 90th percentile | {cpu} | |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--db", type=Path, help="measure a copy of this project instead")
    parser.add_argument("--big", help="with --db: the two article ids to switch between")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    cached, big = _project(args, parser)
    os.environ.setdefault("ANNOTATOR_CONFIG_DIR", tempfile.mkdtemp())
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        work = Path(tmp) / "desk.db"
        for suffix in ("", "-wal"):  # a project's write-ahead log holds committed rows too
            if Path(f"{cached}{suffix}").exists():
                shutil.copyfile(f"{cached}{suffix}", f"{work}{suffix}")
                with Path(f"{work}{suffix}").open("rb+") as fh:  # flushed now, not mid-decision
                    os.fsync(fh.fileno())
        _upgrade(work)  # --db: a copy of an older project is upgraded here, not in "open"
        results = measure(work, big, args.rounds)
    size = cached.stat().st_size / 1e6
    articles = _count_articles(cached) if args.db is not None else args.articles
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, ")
    print(f"{platform.system()}, Python {platform.python_version()}, offscreen Qt platform.")
    print(f"Load average (1 min) before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f}.")
    print(f"Project: {articles} articles ({size:.0f} MB), median of {args.rounds} rounds.\n")
    switch = f"a {BIG_TEXT:,}-character article with {BIG_SPANS} spans"
    if args.db is not None:
        switch = f"between articles {big[0]} and {big[1]}"
    _table(results, switch)
    ok = (
        results["open"] < TARGETS["open"]
        and results["switch"] < TARGETS["switch"]
        and max(results[k] for k in ("accept", "reject", "add")) < TARGETS["decision"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
