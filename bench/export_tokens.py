"""The prodigy export's token half in-process (issue 14), before and after a change.

CPU time (``time.process_time``) over every record of a project of:
- ``tokens``: ``ProdigyFormat._article`` for each article, with a fresh formatter: its tokens,
  their check and their JSON (what the spans of its records are then written against);
- ``prodigy line``: ``ProdigyFormat.text`` for each record (tokens, spans, hashes);
- ``jsonl line``: ``JsonlFormat.text`` for each record, for scale.

Reading the records is left out (the same for both). Each tree runs in its own process with
its code first on the path, alternately, ``--repeat`` times; each figure is the best of 3
passes in that process (the word tables warm, as after an export's first articles), the
table shows the median over the processes. The project is copied first (opening it may
write). Run from the repository root:

    git archive main | tar -x -C /tmp/before
    python -m bench.export_tokens --before /tmp/before --db PROJECT [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("tokens", "prodigy line", "jsonl line")


def measure(db_path: Path) -> dict[str, float]:
    """The phases' CPU seconds in this process (run by the child)."""
    from annotator.services.export import dataset
    from annotator.services.export.jsonl import JsonlFormat
    from annotator.services.export.prodigy import ProdigyFormat
    from annotator.store import open_store

    db = open_store(db_path)
    try:
        records = list(dataset.iter_records(db, dataset.iter_pairs(db, dataset.Selection())))
    finally:
        db.close()

    def tokens() -> None:
        article = ProdigyFormat()._article
        for r in records:
            article(r.text)

    def prodigy() -> None:
        line = ProdigyFormat().text
        for r in records:
            line(r)

    def jsonl() -> None:
        line = JsonlFormat().text
        for r in records:
            line(r)

    out = {"records": float(len(records))}
    for name, work in zip(PHASES, (tokens, prodigy, jsonl), strict=True):
        best = float("inf")
        for _ in range(3):
            gc.collect()
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
        out[name] = best
    return out


def run_child(tree: Path, db: Path, tmp: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    env["ANNOTATOR_DATA_DIR"] = str(tmp / "data")
    env["ANNOTATOR_CACHE_DIR"] = str(tmp / "cache")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(db)]
    done = subprocess.run(cmd, cwd=tree, env=env, check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.splitlines()[-1])
    result["load1"] = os.getloadavg()[0]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=False, help="the code before the change")
    parser.add_argument("--db", type=Path, help="the project (copied first)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    if args.db is None:
        parser.error("--db is required")
    trees = {"after": ROOT}
    if args.before:
        trees = {"before": args.before.resolve(), **trees}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for _ in range(args.repeat):
            for name, tree in trees.items():
                db = tmp / f"{name}.db"
                shutil.copyfile(args.db, db)
                result = run_child(tree, db, tmp)
                db.unlink()
                runs[name].append(result)
                figures = ", ".join(f"{p} {result[p]:.3f}" for p in PHASES)
                print(f"{name:7s} {figures} (load {result['load1']:.1f})", flush=True)
    records = int(runs["after"][0]["records"])
    print(f"\nCPU s over {records:,} records, median of {args.repeat} processes (best of 3 each):")
    print("| tree | " + " | ".join(PHASES) + " | load (1 min) |")
    print("| --- |" + " --- |" * (len(PHASES) + 1))
    for name, results in runs.items():
        cells = [f"{statistics.median(r[p] for r in results):.2f}" for p in PHASES]
        loads = [r["load1"] for r in results]
        print(f"| {name} | " + " | ".join(cells) + f" | {min(loads):.1f}–{max(loads):.1f} |")


if __name__ == "__main__":
    main()
