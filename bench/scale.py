"""Scale: import a 100,000-article corpus with suggestions, then open and navigate the project.

Records import time, CPU time, peak memory (ru_maxrss), database size and where it goes, the
cost of running the same import again (the resume path), a coder's write latency while an
import runs, store-level list/navigation timings, the backup-before-migration copy and
``PRAGMA quick_check`` on the big file, and (if bench/desk.py is there) the coding desk's own
measures on this database. Each phase runs in its own process, one core at a time.

Run from the repository root (the corpus and database are kept under bench/out/scale/):

    python -m bench.scale [--n 100000] [--seed 1] [--rounds 40] [--no-desk] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "scale"
RESULTS = ROOT / "bench" / "RESULTS.md"
TITLE = "## Scale and reliability (bench/scale.py)"
CODER = "bench-coder"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run_phase(phase: str, *args: str, stdin: Any = None) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; its last stdout line is its JSON result."""
    cmd = [sys.executable, "-m", "bench.scale", "--phase", phase, *args]
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True, stdin=stdin)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- phases (each in its own process) ----------------------------------------------------


def phase_import(db_path: Path, corpus: Path) -> dict[str, Any]:
    """Import the corpus with suggestions and a progress bar; time, CPU and peak memory."""
    from tqdm import tqdm

    from annotator.services.importing import collect_files, import_paths
    from annotator.store import open_store
    from annotator.store.learned import learned_names
    from annotator.suggest import load_suggester

    started, cpu0 = time.perf_counter(), _cpu()
    db = open_store(db_path)
    suggester = load_suggester(learned_names(db))
    files, _, _ = collect_files([corpus])
    with tqdm(total=len(files), unit="file", mininterval=10, file=sys.stderr) as bar:
        report = import_paths(
            db, [corpus], suggest=suggester.suggest, progress=lambda *_: bar.update()
        )
    db.close()
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": _cpu() - cpu0,
        "peak_rss_mb": _peak_mb(),
        "files": report.files,
        "imported": report.imported,
        "duplicates": report.duplicates,
        "suggestions": report.suggestions,
        "failures": [str(f) for f in report.failures[:5]],
        "summary": report.summary(),
    }


def phase_coder(db_path: Path, interval: float) -> dict[str, Any]:
    """Write as a coder every ``interval`` s until stdin closes; latency of each write."""
    import threading

    from annotator.store import StoreBusyError, open_store
    from annotator.store import repository as repo

    db = open_store(db_path)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print("ready", flush=True)
    latencies: list[float] = []
    busy = 0
    while not stop.wait(interval):
        article_id = db.execute("SELECT min(id) FROM articles").fetchone()[0]
        if article_id is None:
            continue
        t = time.perf_counter()
        try:
            repo.add_seconds(db, article_id, CODER, 1.0)
        except StoreBusyError:
            busy += 1
        latencies.append(time.perf_counter() - t)
    db.close()
    latencies.sort()
    n = len(latencies)
    return {
        "writes": n,
        "busy": busy,
        "p50_ms": latencies[n // 2] * 1000 if n else None,
        "p99_ms": latencies[int(n * 0.99)] * 1000 if n else None,
        "max_ms": latencies[-1] * 1000 if n else None,
    }


def phase_open(db_path: Path) -> dict[str, Any]:
    """Store-level figures on the big project: open, list, navigate, check, back up."""
    from annotator.store import open_store
    from annotator.store import repository as repo
    from annotator.store.connection import backup_database
    from annotator.store.listing import list_ids, list_items

    out: dict[str, Any] = {}
    t = time.perf_counter()
    db = open_store(db_path)
    out["open_store_ms"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    ids = list_ids(db, CODER)
    out["list_ids_ms"] = (time.perf_counter() - t) * 1000
    out["articles"] = len(ids)
    t = time.perf_counter()
    list_items(db, CODER, ids[len(ids) // 2 : len(ids) // 2 + 60])
    out["list_window_60_ms"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    current = ids[0]
    for _ in range(200):
        current = repo.neighbour_article(db, current, 1, CODER) or current
    out["next_article_ms"] = (time.perf_counter() - t) * 1000 / 200
    big = db.execute(
        "SELECT article_id, count(*) FROM spans WHERE annotator IS NULL"
        " GROUP BY article_id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    t = time.perf_counter()
    repo.get_article(db, big[0])
    repo.spans_for(db, big[0], CODER)
    out["load_biggest_article_ms"] = (time.perf_counter() - t) * 1000
    out["biggest_article_spans"] = big[1]
    t = time.perf_counter()
    out["quick_check"] = db.execute("PRAGMA quick_check(1)").fetchone()[0]
    out["quick_check_s"] = time.perf_counter() - t
    db.close()
    with tempfile.TemporaryDirectory(dir=db_path.parent) as tmp:
        t = time.perf_counter()
        backup_database(db_path, Path(tmp) / "copy.bak")
        out["backup_s"] = time.perf_counter() - t
    out["peak_rss_mb"] = _peak_mb()
    return out


def phase_desk(db_path: Path, rounds: int) -> dict[str, Any]:
    """bench/desk.py's measures (open, switch, list filters, decisions) on this database."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("ANNOTATOR_CONFIG_DIR", tempfile.mkdtemp())
    import sqlite3

    from bench import desk

    conn = sqlite3.connect(db_path)
    big = [
        r[0]
        for r in conn.execute(
            "SELECT article_id FROM spans WHERE annotator IS NULL GROUP BY article_id"
            " HAVING count(*) >= ? ORDER BY count(*) DESC LIMIT 2",
            [2 * rounds + 5],
        )
    ]
    sizes = [
        conn.execute("SELECT text_length FROM articles WHERE id = ?", [i]).fetchone()[0]
        for i in big
    ]
    conn.close()
    results = desk.measure(db_path, big, rounds)
    return {"big": big, "big_chars": sizes, **results, "peak_rss_mb": _peak_mb()}


# --- the driver --------------------------------------------------------------------------


def _db_size(db_path: Path) -> dict[str, Any]:
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tables = conn.execute(
        "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6"
    ).fetchall()
    counts = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("articles", "spans", "audit")
    }
    conn.close()
    return {"bytes": db_path.stat().st_size, "tables": tables, "rows": counts}


def _corpus(n: int, seed: int, fmt: str = "txt") -> tuple[Path, dict[str, Any]]:
    corpus = OUT / f"corpus-{fmt}-{n}-{seed}"
    manifest = corpus / ".manifest.json"
    if not manifest.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.corpus",
                "--n",
                str(n),
                "--out",
                str(corpus),
                "--seed",
                str(seed),
                "--format",
                fmt,
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"corpus generated in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return corpus, json.loads(manifest.read_text(encoding="utf-8"))


def _import_with_coder(db_path: Path, corpus: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The import, with a coder process writing every 0.2 s on the same database meanwhile."""
    from annotator.domain import Article
    from annotator.store import open_store
    from annotator.store import repository as repo

    db = open_store(db_path)  # one article for the coder to work on from the start
    repo.add_article(db, Article("مقال للمرمّز: قتل 3 في حلب", source="coder-article"))
    db.close()
    coder = subprocess.Popen(
        [sys.executable, "-m", "bench.scale", "--phase", "coder", "--db", str(db_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert coder.stdout is not None and coder.stdin is not None
    coder.stdout.readline()  # "ready"
    try:
        imported = _run_phase("import", "--db", str(db_path), "--corpus", str(corpus))
    finally:
        coder.stdin.close()
        out = coder.stdout.read()
        coder.wait()
    return imported, json.loads(out.strip().splitlines()[-1])


def measure_jsonl(n: int, seed: int) -> dict[str, Any]:
    """A coder's write latency while .jsonl files of 1,000 articles are imported (one lock each)."""
    corpus, _ = _corpus(n, seed, "jsonl")
    db_path = OUT / f"scale-jsonl-{n}-{seed}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    imported, coder = _import_with_coder(db_path, corpus)
    return {"n": n, "import": imported, "coder": coder}


def run(n: int, seed: int, rounds: int, desk: bool) -> dict[str, Any]:
    """Every phase, in order; the figures as one dictionary."""
    OUT.mkdir(parents=True, exist_ok=True)
    corpus, manifest = _corpus(n, seed)
    db_path = OUT / f"scale-{n}-{seed}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    imported, coder = _import_with_coder(db_path, corpus)
    size = _db_size(db_path)
    again = _run_phase("import", "--db", str(db_path), "--corpus", str(corpus))
    opened = _run_phase("open", "--db", str(db_path))
    result = {
        "n": n,
        "seed": seed,
        "manifest": manifest,
        "import": imported,
        "coder": coder,
        "size": size,
        "again": again,
        "open": opened,
    }
    result["jsonl"] = measure_jsonl(min(n, 10_000), seed)
    if desk and (ROOT / "bench" / "desk.py").exists():
        result["desk"] = _run_phase("desk", "--db", str(db_path), "--rounds", str(rounds))
    return result


def _machine() -> str:
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()}, Python {platform.python_version()}, SQLite "
        + __import__("sqlite3").sqlite_version
    )


def markdown(r: dict[str, Any]) -> str:
    """The RESULTS.md section for one run."""
    m, imp, size, again, op, cod = (
        r[k] for k in ("manifest", "import", "size", "again", "open", "coder")
    )
    mb = 1024 * 1024
    per_s = imp["imported"] / imp["seconds"]
    tables = ", ".join(f"{name} {b / mb:.0f} MB" for name, b in size["tables"][:4])
    lines = [
        TITLE,
        "",
        f"Machine: {_machine()}. One import process (one core); the corpus is"
        f" `python -m bench.corpus --n {r['n']} --seed {r['seed']}` ({m['files']:,} .txt files,"
        f" {m['bytes'] / mb:.0f} MB, {m['unique']:,} distinct texts).",
        f"Rerun: `python -m bench.scale --n {r['n']} --seed {r['seed']} --write` (from the"
        " repository root; corpus and database are kept under bench/out/scale/).",
        "",
        "| measure | figure |",
        "| --- | --- |",
        f"| import with suggestions: wall time | {imp['seconds'] / 60:.1f} min"
        f" ({per_s:.0f} articles/s) |",
        f"| import: CPU time | {imp['cpu_seconds'] / 60:.1f} min |",
        f"| import: peak memory (ru_maxrss) | {imp['peak_rss_mb']:.0f} MB |",
        f"| import: result | {imp['summary']} |",
        f"| database size | {size['bytes'] / mb:,.0f} MB ({tables}) |",
        f"| rows | {size['rows']['articles']:,} articles, {size['rows']['spans']:,} spans,"
        f" {size['rows']['audit']:,} audit rows |",
        f"| the same import again (resume path: all duplicates) | {again['seconds'] / 60:.1f} min,"
        f" {again['summary']} |",
        f"| a coder writing every 0.2 s during the import | {cod['writes']} writes, p50"
        f" {cod['p50_ms']:.1f} ms, p99 {cod['p99_ms']:.1f} ms, max {cod['max_ms']:.0f} ms,"
        f" {cod['busy']} busy |",
        f"| open_store on the big file | {op['open_store_ms']:.0f} ms |",
        f"| article list ids for a coder ({op['articles']:,}) | {op['list_ids_ms']:.0f} ms |",
        f"| list rows for a window of 60 | {op['list_window_60_ms']:.1f} ms |",
        f"| next article (neighbour_article) | {op['next_article_ms']:.2f} ms |",
        f"| load the article with most suggestions ({op['biggest_article_spans']}) |"
        f" {op['load_biggest_article_ms']:.1f} ms |",
        f"| PRAGMA quick_check (run before a migration) | {op['quick_check_s']:.1f} s |",
        f"| backup copy (made before a migration) | {op['backup_s']:.1f} s |",
    ]
    at = next(i for i, line in enumerate(lines) if line.startswith("| open_store"))
    if "jsonl" in r:
        jc = r["jsonl"]["coder"]
        lines.insert(
            at,
            f"| the same during an import of .jsonl files of 1,000 articles"
            f" ({r['jsonl']['n']:,}; one transaction, so one lock, per file) | {jc['writes']}"
            f" writes, p50 {jc['p50_ms']:.1f} ms, p99 {jc['p99_ms']:.0f} ms, max"
            f" {jc['max_ms']:.0f} ms, {jc['busy']} busy |",
        )
    desk = r.get("desk")
    if desk:
        lines += [
            f"| desk: open the window | {desk['open'] * 1000:.0f} ms (target < 2 s) |",
            f"| desk: switch between the two articles with most suggestions"
            f" ({'/'.join(f'{c:,}' for c in desk['big_chars'])} characters) |"
            f" {desk['switch'] * 1000:.1f} ms (target < 50 ms) |",
            f"| desk: list filter open / search | {desk['list_open'] * 1000:.0f} ms /"
            f" {desk['list_search'] * 1000:.0f} ms |",
            f"| desk: decision accept / reject / add (median) | {desk['accept'] * 1000:.1f} /"
            f" {desk['reject'] * 1000:.1f} / {desk['add'] * 1000:.1f} ms (target < 16 ms) |",
            f"| desk: decisions, 90th percentile / slowest | {desk['decision_p90'] * 1000:.1f} ms"
            f" / {desk['decision_max'] * 1000:.0f} ms |",
        ]
    else:
        lines.append("| desk | not measured (bench/desk.py missing or --no-desk) |")
    return "\n".join(lines) + "\n\n" + _notes(r)


def _notes(r: dict[str, Any]) -> str:
    """What the figures mean, computed from the same run."""
    size, op = r["size"], r["open"]
    audit = dict(size["tables"]).get("audit", 0) / size["bytes"]
    upgrade = op["quick_check_s"] + op["backup_s"]
    notes = [
        "Each phase runs in its own process (`--phase`); the desk figures are bench/desk.py's"
        " `measure()` on this database. The machine was shared with other work during the run,"
        " so the times are upper bounds.\n",
        f"- The audit log is {audit:.0%} of the file: every machine suggestion is audited when it"
        " is inserted, although its own row in `spans` already records the same.",
        f"- Before a schema migration the file is checked and copied: about {upgrade:.0f} s at"
        " this size, once, on the first start after an update that changes the schema.",
        "- Running the same import again (after a crash or a stop) reads and hashes every file"
        " and stores nothing twice; that is the 'again' figure.",
    ]
    if "jsonl" in r:
        worst = r["jsonl"]["coder"]["max_ms"] / 1000
        notes.append(
            f"- A file is one transaction: storing a .jsonl file of 1,000 articles holds the"
            f" write lock for up to {worst:.1f} s, and a coder's write waits that long (the busy"
            " timeout is 5 s; beyond it the write fails with a retryable StoreBusyError)."
        )
    return "\n".join(notes) + "\n"


def write_section(path: Path, title: str, body: str) -> None:
    """Replace (or append) the section that starts with ``title`` in RESULTS.md."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    start = text.find(title)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + body
    else:
        nxt = text.find("\n## ", start + len(title))
        text = text[:start] + body + ("\n" + text[nxt + 1 :] if nxt != -1 else "")
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=40, help="desk rounds")
    parser.add_argument("--no-desk", action="store_true")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--from-json", type=Path, help="render a saved run instead of running")
    parser.add_argument(
        "--phase", choices=("import", "coder", "open", "desk", "jsonl"), help=argparse.SUPPRESS
    )
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase == "import":
        print(json.dumps(phase_import(args.db, args.corpus)))
    elif args.phase == "coder":
        print(json.dumps(phase_coder(args.db, 0.2)))
    elif args.phase == "open":
        print(json.dumps(phase_open(args.db)))
    elif args.phase == "desk":
        print(json.dumps(phase_desk(args.db, args.rounds)))
    elif args.phase == "jsonl":
        print(json.dumps(measure_jsonl(min(args.n, 10_000), args.seed)))
    else:
        if args.from_json:
            result = json.loads(args.from_json.read_text(encoding="utf-8"))
        else:
            result = run(args.n, args.seed, args.rounds, not args.no_desk)
            (OUT / f"scale-{args.n}-{args.seed}.json").write_text(json.dumps(result, indent=2))
        body = markdown(result)
        print(body)
        if args.write:
            write_section(RESULTS, TITLE, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
