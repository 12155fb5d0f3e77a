"""The benchmark corpus generator: repeatable, varied, and its planted spans are valid gold."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

from annotator.domain import span_from_gold
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo
from bench.corpus import article, generate, write_corpus
from tests.reliability.conftest import ROOT


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "bench.corpus", "--n", "30", "--format", "both", "--spans"]
    for name, seed in (("a", "4"), ("b", "4"), ("c", "5")):
        out = tmp_path / name
        subprocess.run([*cmd, "--out", str(out), "--seed", seed], cwd=ROOT, check=True)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")
    manifest = json.loads((tmp_path / "a" / ".manifest.json").read_text())
    assert (manifest["n"], manifest["files"]) == (30, 31)  # 30 .txt files and one .jsonl part
    assert article(4, 17).text == article(4, 17).text  # any article alone, without the others


def test_articles_are_varied_like_real_news() -> None:
    arts = list(generate(400, seed=1))
    texts = [a.text for a in arts]
    sizes = sorted(len(t.encode()) for t in texts)
    assert sizes[0] < 600 and 1000 < sizes[len(sizes) // 2] < 4000 and sizes[-1] > 15_000
    joined = "\n".join(texts)
    for needle in ("داعش", "قوات", "”", "مقالات ذات صلة", "[ads3]", "ـــ", "😢", "ُ"):
        assert needle in joined, needle
    assert re.search(r"[٠-٩]{2}", joined) and re.search(r"\b\d{3,4}\b", joined)
    assert re.search(r"\n1\. ", joined)  # numbered reader comments
    copies = [a for a in arts if a.duplicate_of is not None]
    assert 0 < len(copies) < 20
    assert all(a.text == texts[a.duplicate_of] for a in copies)
    labels = {s["label"] for a in arts for s in a.spans}
    assert labels == {"ACTOR", "PLACE", "CASUALTY"}
    assert {s["count"] for a in arts for s in a.spans if s["label"] == "CASUALTY"} >= {None, 2}


def test_planted_spans_are_valid_gold_and_import(tmp_path: Path) -> None:
    manifest = write_corpus(tmp_path / "c", 120, seed=9, fmt="both", per_file=50, spans=True)
    for art in generate(120, seed=9):
        for span in art.spans:
            span_from_gold(span, art.text)  # offsets, text and attributes check out
            assert art.text[span["start"] : span["end"]] == span["text"]
    db = open_store(tmp_path / "p.db")
    report = import_paths(db, [tmp_path / "c" / "jsonl", tmp_path / "c" / "txt"])
    assert report.ok and report.imported == manifest.unique
    assert report.duplicates == 2 * 120 - manifest.unique  # every .txt repeats a .jsonl text
    assert report.spans == sum(len(a.spans) for a in generate(120, 9) if a.duplicate_of is None)
    stored = {r[0] for r in db.execute("SELECT text FROM articles")}
    assert stored == {a.text for a in generate(120, seed=9)}  # CRLF, BOM, cp1256 decode back
    assert repo.article_count(db) == manifest.unique
    db.close()
