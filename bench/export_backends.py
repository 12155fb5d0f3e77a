"""Exports from a team server against a SQLite file: the same project on both, every format's
time from each and whether the outputs are byte-identical (issue 12).

The project is ``bench.corpus`` articles (with their planted spans as the gold layer) imported
into a fresh SQLite file and into an empty server project through the same service; then each
format is exported from each backend in this process (wall and CPU time) and the two outputs
are compared byte for byte (the ``exported_at`` moment of a folder's annotator-export.json
aside). The server is a throw-away local cluster (tests/pg/cluster.py's ``running_cluster``)
unless ``--db`` names an empty project (``annotator server init``). Run from the repository root:

    python -m bench.export_backends [--n 2000] [--seed 1] [--db postgresql://…] [--write]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
TITLE = "### Exports from a team server (bench/export_backends.py)"
FORMATS = ("jsonl", "prodigy", "conll", "brat", "csv", "spacy")
MARKER = "annotator-export.json"


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, a folder export's moment left out."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == MARKER:
                lines = data.decode("utf-8").splitlines(keepends=True)
                data = "".join(x for x in lines if '"exported_at"' not in x).encode("utf-8")
            files[str(path.relative_to(folder))] = data
    return files


def _import(target: str, corpus: Path) -> tuple[float, int, int]:
    from annotator.services.importing import import_paths
    from annotator.store import open_store

    db = open_store(target)
    try:
        start = time.perf_counter()
        report = import_paths(db, [corpus], annotator="gold", gold_by="lead")
        took = time.perf_counter() - start
    finally:
        db.close()
    if not report.ok:
        raise SystemExit(f"{target}: the import failed: {report.failures[:3]}")
    return took, report.imported, report.spans


def _export(target: str, fmt: str, out: Path) -> tuple[float, float]:
    from annotator.services.export import ExportOptions, export
    from annotator.store import open_store

    db = open_store(target)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        export(db, ExportOptions(fmt, out))
        return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        db.close()


def measure(url: str, n: int, seed: int, work: Path) -> list[str]:
    """The markdown lines of one run: the project built on both backends, every format."""
    from annotator.services.export import missing_requirement
    from bench.corpus import write_corpus

    corpus = work / "corpus"
    write_corpus(corpus, n, seed, "jsonl", spans=True)
    sqlite = str(work / "project.db")
    load = os.getloadavg()[0]
    imported = {side: _import(t, corpus) for side, t in (("sqlite", sqlite), ("server", url))}
    _took, articles, spans = imported["sqlite"]
    lines = [
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores,"
        f" {platform.system()}, Python {platform.python_version()}; the server a local"
        " PostgreSQL on a unix socket. Load average (1 min) at the start / end:"
        f" {load:.2f} / LOAD_END.",
        f"Project: {articles:,} articles, {spans:,} gold spans (bench.corpus, seed {seed});"
        f" imported in {imported['sqlite'][0]:.1f} s (SQLite) and"
        f" {imported['server'][0]:.1f} s (server).",
        "",
        "| format | SQLite wall s | SQLite CPU s | server wall s | server CPU s | identical |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for fmt in FORMATS:
        if missing_requirement(fmt) is not None:
            continue
        times = {}
        for side, target in (("sqlite", sqlite), ("server", url)):
            out = work / side / fmt
            if fmt not in ("brat", "csv"):  # a file: in a folder of its own
                out.mkdir(parents=True)
                out = out / f"export.{fmt}"
            times[side] = _export(target, fmt, out)
        same = _files(work / "sqlite" / fmt) == _files(work / "server" / fmt)
        lines.append(
            f"| {fmt} | {times['sqlite'][0]:.2f} | {times['sqlite'][1]:.2f}"
            f" | {times['server'][0]:.2f} | {times['server'][1]:.2f} | {'yes' if same else 'NO'} |"
        )
    lines[0] = lines[0].replace("LOAD_END", f"{os.getloadavg()[0]:.2f}")
    return lines


@contextmanager
def _server(url: str | None) -> Iterator[str]:
    """``url``, or an empty project on a throw-away local cluster."""
    if url:
        yield url
        return
    import psycopg

    from annotator.store.postgres.schema import create_schema
    from tests.pg.cluster import running_cluster

    with running_cluster() as cluster:
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "bench_export" TEMPLATE template0')
        with psycopg.connect(cluster.url("bench_export")) as conn, conn.transaction():
            create_schema(conn)
        yield cluster.url("bench_export")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="an empty server project (default: a throw-away cluster)")
    parser.add_argument("--write", action="store_true", help=f"add the table to {RESULTS}")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("ANNOTATOR_DATA_DIR", tempfile.mkdtemp())
    os.environ.setdefault("ANNOTATOR_CACHE_DIR", tempfile.mkdtemp())
    with tempfile.TemporaryDirectory() as tmp, _server(args.db) as url:
        lines = measure(url, args.n, args.seed, Path(tmp))
    text = "\n".join(lines)
    print(text)
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(f"\n{TITLE}\n\n{text}\n")
    return 0 if "| NO |" not in text else 1


if __name__ == "__main__":
    sys.exit(main())
