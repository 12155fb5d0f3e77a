"""Import speed: suggestions, coded work, and a coder writing while an import runs.

Three runs of the real command (``python -m annotator import``) on generated .jsonl corpora
(bench/corpus.py, 1,000 articles a file), each in a fresh database:

- ``suggest``: N plain articles with suggestions (the default import);
- ``gold``: the same N articles with their planted spans as a coder's work (``--no-suggest``);
- ``store``: the suggestions of 2,000 articles stored by the project's code, against the same
  rows fed to the same schema by one bare ``executemany``;
- during ``suggest`` and ``gold``, a coder process writes every 0.05 s
  (``repository.add_seconds``, an audited write) and records each write's latency and any failure.

``--code-root`` runs another checkout's code (e.g. a ``git worktree add`` of main) with this
script, so BEFORE and AFTER can be measured back to back on the same machine. The machine's
load average is recorded before and after each run (it is shared).

``--db postgresql://…`` runs ``suggest`` and ``gold`` into a team server instead of a SQLite
file (issue 12): a login that may create databases; each run gets a fresh database of its own
(the project's schema created in it, dropped at the end). Until the command line takes a URL
for --db, the import runs through the same use case in a small process of its own
(``--phase import``: ``run_import`` as the command runs it).

    python bench/import_speed.py [--n 10000] [--code-root PATH] [--json OUT.json]
    python bench/import_speed.py --db postgresql://admin@/postgres?host=/run/pg --kinds suggest
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "bench" / "out" / "import_speed"
CODER = "bench-coder"
INTERVAL = 0.05


def _env(code_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(code_root)
    env.setdefault("ANNOTATOR_DATA_DIR", tempfile.mkdtemp(prefix="bench-data-"))
    cache = OUT / f"cache-{zlib.crc32(str(code_root).encode()):08x}"  # built once per checkout
    cache.mkdir(parents=True, exist_ok=True)
    env["ANNOTATOR_CACHE_DIR"] = str(cache)
    return env


def _corpus(n: int, seed: int, spans: bool) -> Path:
    out = OUT / f"corpus-{n}-{seed}{'-spans' if spans else ''}"
    if not (out / ".manifest.json").exists():
        shutil.rmtree(out, ignore_errors=True)
        sys.path.insert(0, str(ROOT))
        from bench.corpus import write_corpus

        write_corpus(out, n, seed, "jsonl", spans=spans)
    return out


def phase_coder(db_path: str) -> dict[str, Any]:
    """Write as a coder every INTERVAL s until stdin closes; the latency of each write."""
    import threading

    from annotator.store import StoreError, open_store
    from annotator.store import repository as repo

    db = open_store(db_path)
    article_id = db.execute("SELECT min(id) FROM articles").fetchone()[0]
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print("ready", flush=True)
    latencies: list[float] = []
    failed: list[str] = []
    while not stop.wait(INTERVAL):
        t = time.perf_counter()
        try:
            repo.add_seconds(db, article_id, CODER, 1.0)
        except (StoreError, OSError) as exc:  # StoreBusyError is a StoreError
            failed.append(str(exc))
        latencies.append(time.perf_counter() - t)
    db.close()
    latencies.sort()
    n = len(latencies)
    return {
        "writes": n,
        "failed": len(failed),
        "failures": failed[:3],
        "p50_ms": latencies[n // 2] * 1000 if n else None,
        "p99_ms": latencies[min(n - 1, int(n * 0.99))] * 1000 if n else None,
        "max_ms": latencies[-1] * 1000 if n else None,
        "over_500ms": sum(x > 0.5 for x in latencies),
    }


def _module(name: str) -> Any:
    """The module if the code under test has it (BEFORE may not)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _publish(staging: Any, db: Any, staged: Any) -> int:
    """Publish what was staged; the suggestions stored (revealed too, where the code hides a
    file until its last chunk: m009)."""
    published = staging.publish_file(db, staged, "bench")
    if hasattr(staging, "reveal"):
        staging.reveal(db, published)
    return published.suggestions


def phase_store(corpus: Path, n: int) -> dict[str, Any]:
    """Storing the suggestions of ``n`` articles: the project's store path against the same
    rows fed to the same schema by one bare ``executemany`` (triggers and indexes included).

    Where the code stages a file and publishes it (``store.staging``) the articles are part of
    both timings (they are published together with their suggestions) and ``publish_s`` is the
    part that holds the write lock; before, the articles are stored first, outside the timing.
    Both timings run in this process on the same rows, each into a fresh database."""
    from annotator.domain import Article
    from annotator.store import open_store
    from annotator.store import repository as repo
    from annotator.suggest import load_suggester

    suggester = load_suggester()
    texts = []
    for part in sorted(corpus.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in part.read_text("utf-8").splitlines()]
        if len(texts) >= n:
            break
    texts = list(dict.fromkeys(texts[:n]))
    suggestions = [suggester.suggest(t) for t in texts]

    staging = _module("annotator.store.staging")

    def fresh(name: str, add: bool = True) -> tuple[Any, list[int]]:
        db = open_store(Path(tempfile.mkdtemp(prefix="bench-store-")) / name)
        if not add:
            return db, []
        ids = [repo.add_article(db, Article(t, source=f"s{i}"))[0] for i, t in enumerate(texts)]
        return db, ids

    held = None
    if staging is not None:  # staged, then published: articles and suggestions together
        db, _ = fresh("project.db", add=False)
        started = time.perf_counter()
        staged = staging.stage_file(
            db,
            [(k, Article(t, source=f"s{k}")) for k, t in enumerate(texts)],
            ((k, s) for k, sugs in enumerate(suggestions) for s in sugs),
        )
        publishing = time.perf_counter()
        stored = _publish(staging, db, staged)
        project = time.perf_counter() - started
        held = time.perf_counter() - publishing
    else:
        db, ids = fresh("project.db")
        batched = getattr(repo, "store_suggestion_batches", None)
        started = time.perf_counter()
        if batched is not None:  # one call per file
            items = [
                (i, len(t), s)
                for i, t, sugs in zip(ids, texts, suggestions, strict=False)
                for s in sugs
            ]
            stored = batched(db, items, "bench")
        else:  # before: one call per article, in one transaction as an import does per file
            from annotator.store import write_transaction

            with write_transaction(db):
                stored = sum(
                    len(repo.add_suggestions(db, i, sugs).created_span_ids)
                    for i, sugs in zip(ids, suggestions, strict=False)
                )
        project = time.perf_counter() - started

    db2, _ = fresh("bare.db", add=staging is None)  # ids 1..n either way
    stamp = "2026-12-06T00:00:00.000+00:00"
    articles = [
        (k + 1, a.hash, a.source, a.title, a.text, len(a.text), "{}", stamp)
        for k, a in enumerate(Article(t, source=f"s{k}", title="t") for k, t in enumerate(texts))
    ]
    rows = [
        (
            k + 1,
            s.span.start,
            s.span.end,
            s.span.label.value,
            json.dumps(dict(s.span.attrs)),
            "suggestion",
            "suggested",
            s.suggester,
            s.version,
            s.score,
            stamp,
            stamp,
        )
        for k, sugs in enumerate(suggestions)
        for s in sugs
    ]
    started = time.perf_counter()
    with db2.conn:
        if staging is not None:  # the same work: the articles too
            db2.conn.executemany(
                "INSERT INTO articles (id, hash, source, title, text, text_length, meta,"
                " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                articles,
            )
        db2.conn.executemany(
            'INSERT INTO spans (article_id, start, "end", label, attrs, origin, status,'
            " suggester, suggester_version, score, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            rows,
        )
    bare = time.perf_counter() - started
    return {
        "articles": len(texts),
        "suggestions": stored,
        "project_s": project,
        "executemany_s": bare,
        "ratio": project / bare,
        "publish_s": held,  # the write lock held (None: the whole store path holds it)
    }


def _store(n: int, seed: int, code_root: Path) -> dict[str, Any]:
    corpus = _corpus(n, seed, spans=False)
    load_before = os.getloadavg()
    proc = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--phase",
            "store",
            "--n",
            str(n),
            "--corpus",
            str(corpus),
        ],
        cwd=code_root,
        env=_env(code_root),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"kind": "store", **result, "load_before": load_before, "load_after": os.getloadavg()}


def phase_import(target: str, paths: list[str], annotator: str | None, suggest: bool) -> str:
    """The import as ``annotator import`` runs it (one use case), into a file or a server."""
    from annotator.services.importing import ImportFiles, run_import
    from annotator.store import open_store

    db = open_store(target)
    try:
        report = run_import(db, ImportFiles.find(paths), annotator=annotator, suggest=suggest)
    finally:
        db.close()
    return report.summary().strip().splitlines()[-1]


def _import_cmd(target: str, paths: list[str], *, annotator: str | None, suggest: bool) -> list:
    """The command importing ``paths``: the real command line for a file, ``--phase import``
    for a server (until the command line's --db takes a URL)."""
    py = sys.executable
    if not _is_url(target):
        cmd = [py, "-m", "annotator", "--db", target, "import", *paths]
        cmd += ["--annotator", annotator] if annotator else []
        return cmd + ([] if suggest else ["--no-suggest"])
    cmd = [py, str(Path(__file__).resolve()), "--phase", "import", "--db", target]
    cmd += ["--annotator", annotator] if annotator else []
    return cmd + ([] if suggest else ["--no-suggest"]) + ["--", *paths]


def _is_url(target: str | None) -> bool:
    return target is not None and target.startswith(("postgresql://", "postgres://"))


class _Server:
    """A fresh project database on the server at ``url`` for one run, dropped afterwards."""

    def __init__(self, url: str, code_root: Path) -> None:
        import uuid

        import psycopg

        self.url = url
        self.name = f"bench_import_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        self.project = urlunsplit(urlsplit(url)._replace(path=f"/{self.name}"))
        subprocess.run(  # the schema, by the code under test
            [
                sys.executable,
                "-c",
                "import sys, psycopg\n"
                "from annotator.store.postgres.schema import create_schema\n"
                "with psycopg.connect(sys.argv[1]) as conn, conn.transaction():\n"
                "    create_schema(conn)\n",
                self.project,
            ],
            cwd=code_root,
            env=_env(code_root),
            check=True,
        )

    def rows(self) -> dict[str, int]:
        import psycopg

        with psycopg.connect(self.project) as conn:
            return {
                t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "spans", "audit")
            }

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _run(kind: str, n: int, seed: int, code_root: Path, server: str | None = None) -> dict:
    corpus = _corpus(n, seed, spans=kind == "gold")
    work = Path(tempfile.mkdtemp(prefix=f"bench-import-{kind}-"))
    remote = _Server(server, code_root) if server else None
    db_path = remote.project if remote else str(work / "project.db")
    env = _env(code_root)
    py = sys.executable
    # one article for the coder to work on from the start
    seed_file = work / "coder.jsonl"
    seed_file.write_text(json.dumps({"text": "مقال للمرمّز: قتل 3 في حلب"}) + "\n", "utf-8")
    subprocess.run(  # with suggestions: the gazetteer cache is built before the timed run
        _import_cmd(db_path, [str(seed_file)], annotator=None, suggest=True),
        cwd=code_root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    coder = subprocess.Popen(
        [py, str(Path(__file__).resolve()), "--phase", "coder", "--db", db_path],
        cwd=code_root,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert coder.stdout is not None and coder.stdin is not None
    coder.stdout.readline()  # "ready"
    gold = kind == "gold"
    cmd = _import_cmd(
        db_path, [str(corpus)], annotator="bench-import" if gold else None, suggest=not gold
    )
    load_before = os.getloadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, check=False, cwd=code_root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the import and its workers
    load_after = os.getloadavg()
    coder.stdin.close()
    out = coder.stdout.read()
    coder.wait()
    if remote is not None:
        rows = remote.rows()
        remote.drop()
    else:
        import sqlite3

        conn = sqlite3.connect(db_path)
        rows = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "spans", "audit")
        }
        conn.close()
    shutil.rmtree(work, ignore_errors=True)
    return {
        "kind": kind,
        "backend": "postgresql" if remote else "sqlite",
        "n": n,
        "exit": proc.returncode,
        "summary": proc.stdout.strip().splitlines()[-1]
        if proc.stdout.strip()
        else proc.stderr[-300:],
        "seconds": seconds,
        "per_second": n / seconds,
        "cpu_user_s": cpu_after.ru_utime - cpu_before.ru_utime,
        "cpu_sys_s": cpu_after.ru_stime - cpu_before.ru_stime,
        "rows": rows,
        "load_before": load_before,
        "load_after": load_after,
        "coder": json.loads(out.strip().splitlines()[-1]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--code-root", type=Path, default=ROOT)
    parser.add_argument("--kinds", default="store,suggest,gold")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--db",
        help="a team server (postgresql://…, a login that may create databases): import into a"
        " fresh database there instead of a SQLite file (kinds suggest and gold)",
    )
    parser.add_argument("--phase", choices=("coder", "store", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--annotator", help=argparse.SUPPRESS)
    parser.add_argument("--no-suggest", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--store-n", type=int, default=2000, help="articles in the store run")
    args = parser.parse_args(argv)
    if args.phase == "coder":
        print(json.dumps(phase_coder(args.db)))
        return 0
    if args.phase == "store":
        print(json.dumps(phase_store(args.corpus, args.n)))
        return 0
    if args.phase == "import":
        print(phase_import(args.db, args.paths, args.annotator, not args.no_suggest))
        return 0
    root = args.code_root.resolve()
    if args.db is not None and not _is_url(args.db):
        parser.error("--db takes a team server's URL (postgresql://…); SQLite is the default")
    if args.db is not None and "store" in args.kinds.split(","):
        parser.error("the store run compares with SQLite's bare executemany: --kinds suggest,gold")
    results = [
        _store(args.store_n, args.seed, root)
        if k == "store"
        else _run(k, args.n, args.seed, root, args.db)
        for k in args.kinds.split(",")
    ]
    text = json.dumps({"code_root": str(args.code_root), "runs": results}, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
