"""Exports stream: their memory does not grow with the project.

Two projects of generated articles (``bench.corpus``, ~28 gold spans each): N articles, and
the same N four times over (each copy's text ends differently, so all are kept). Both are
exported in this process under ``tracemalloc``; the peak of traced memory may grow by a small
fraction of what the output grows by (an export that holds or re-reads its whole output grows
by a multiple of it). The same articles in both keep the largest article, which sets the peak
of a streaming export, the same.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from pathlib import Path

import pytest

from annotator.domain import GOLD
from annotator.services.export import ExportOptions, export
from annotator.services.importing import import_paths
from annotator.store import open_store
from bench.corpus import generate

N = 60
SHARE = 0.10  # the peak may grow by at most 10% of the output's growth, plus
SLACK = 100_000  # bytes of caches and buffers that fill up (before: jsonl grew 9 MB here)


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Projects of N and 4N generated articles, their planted spans as gold."""
    made = {}
    articles = [a for a in generate(N, seed=3) if a.duplicate_of is None]
    for copies in (1, 4):
        folder = tmp_path_factory.mktemp(f"p{copies}")
        lines = [
            {"source": f"{a.source}-{k}", "text": f"{a.text}\n{k}", "spans": a.spans}
            for k in range(copies)
            for a in articles
        ]
        corpus = folder / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
        db = open_store(folder / "p.db")
        report = import_paths(db, [corpus], annotator=GOLD, gold_by="lead")
        assert report.ok and report.imported == len(lines)
        db.close()
        made[copies * N] = folder / "p.db"
    return made


def _size(out: Path) -> int:
    if out.is_file():
        return out.stat().st_size
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def _peak_and_size(db_path: Path, fmt: str, out: Path) -> tuple[int, int]:
    """Peak traced memory of an export (bytes above the start; the lower of two runs, so an
    allocation of some other thread left by an earlier test cannot count) and its size."""
    peaks = []
    for _ in range(2):
        gc.collect()
        db = open_store(db_path)
        try:
            tracemalloc.start()
            try:
                base = tracemalloc.get_traced_memory()[0]
                export(db, ExportOptions(fmt, out))
                peaks.append(tracemalloc.get_traced_memory()[1] - base)
            finally:
                tracemalloc.stop()
        finally:
            db.close()
    return min(peaks), _size(out)


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "conll", "brat", "csv", "spacy"])
def test_export_memory_does_not_grow_with_the_project(
    projects: dict[int, Path], tmp_path: Path, fmt: str
) -> None:
    if fmt == "spacy":
        pytest.importorskip("spacy")  # an optional extra (not in the test extra)
    small_peak, small_size = _peak_and_size(projects[N], fmt, tmp_path / f"small.{fmt}")
    big_peak, big_size = _peak_and_size(projects[4 * N], fmt, tmp_path / f"big.{fmt}")
    assert big_size > 3 * small_size  # the bigger project really is bigger
    growth = big_peak - small_peak
    assert growth < SHARE * (big_size - small_size) + SLACK, (
        f"{fmt}: peak {small_peak / 1e6:.2f} MB → {big_peak / 1e6:.2f} MB while the output"
        f" grew {small_size / 1e6:.2f} MB → {big_size / 1e6:.2f} MB"
    )
