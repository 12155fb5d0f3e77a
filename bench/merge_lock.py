"""How long a coder waits to save while a large input is merged into the project they code in.

Builds a coder's database of N short articles with suggestions, then merges it into a small
project while a second process saves a decision there in a loop (busy timeout 60 s) and
records how long each save took. Runs the merge as it is (short chunks with pauses) and, for
comparison, as one transaction (the chunk limits lifted). Prints a Markdown table.

    python bench/merge_lock.py --articles 4000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.services import merge  # noqa: E402
from annotator.services.importing import import_paths  # noqa: E402
from annotator.store import open_store  # noqa: E402
from tests.builders import OTHER, TEXT, suggest  # noqa: E402

SAVER = """
import json, sys, time
from annotator.services.coding import CodingSession
from annotator.store import open_store
db = open_store(sys.argv[1], busy_timeout_ms=60000)
session = CodingSession(db, "zoe")
print("ready", flush=True)
waits = []
import select
while not select.select([sys.stdin], [], [], 0)[0]:
    start = time.perf_counter()
    (session.mark_done if len(waits) % 2 == 0 else session.reopen)(1)
    waits.append(time.perf_counter() - start)
session.close()
print(json.dumps(waits), flush=True)
"""


def build(folder: Path, articles: int) -> tuple[Path, Path]:
    lines = folder / "many.jsonl"
    with lines.open("w", encoding="utf-8") as fh:
        for i in range(articles):
            fh.write(json.dumps({"text": f"{TEXT} رقم {i} {OTHER}"}, ensure_ascii=False) + "\n")
    big = folder / "big.db"
    db = open_store(big)
    import_paths(db, [lines], suggest=suggest)
    db.close()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    lead = folder / "lead.db"
    db = open_store(lead)
    import_paths(db, [folder / "a.txt"], suggest=suggest)
    db.close()
    return big, lead


def run(big: Path, lead: Path) -> tuple[float, list[float]]:
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(lead)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(ROOT)},
    )
    assert saver.stdout is not None and saver.stdin is not None
    assert saver.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    merge.merge_databases(lead, [big])
    took = time.perf_counter() - start
    saver.stdin.write("stop\n")
    saver.stdin.flush()
    waits = json.loads(saver.stdout.readline())
    saver.wait()
    return took, waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=4000)
    args = parser.parse_args()
    rows = []
    for name, chunk_s, pause_s in (
        ("one transaction", 1e9, 0.0),
        ("chunks (as shipped)", merge.CHUNK_S, merge.PAUSE_S),
    ):
        with tempfile.TemporaryDirectory() as scratch:
            big, lead = build(Path(scratch), args.articles)
            merge.CHUNK_S, merge.PAUSE_S = chunk_s, pause_s
            chunk = 10**9 if chunk_s > 1e6 else merge.CHUNK_ARTICLES
            merge.CHUNK_ARTICLES, saved = chunk, merge.CHUNK_ARTICLES
            took, waits = run(big, lead)
            merge.CHUNK_ARTICLES = saved
        waits.sort()
        rows.append(
            f"| {name} | {took:.1f} s | {len(waits)} | {waits[len(waits) // 2] * 1000:.0f} ms"
            f" | {waits[-1]:.2f} s |"
        )
    print(f"merge of {args.articles} articles into a project a coder saves to")
    print("| merge | time | coder's saves during it | median wait | longest wait |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
