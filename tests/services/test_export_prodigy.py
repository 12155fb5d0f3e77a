"""Prodigy export: tokens and spans that agree, stable hashes, and a round trip back to spans."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from annotator.domain import GOLD, Article, Label, Span, span_to_gold
from annotator.services.export import ExportOptions, export
from annotator.services.export.prodigy import input_hash, task_hash
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo

ATTRS = ("actor", "place", "geonames_id", "count", "kind", "qualifier", "victim")


def read_tasks(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def spans_of(task: dict) -> list[Span]:
    """An independent reader: a task's spans back as domain spans, checking their tokens."""
    text, tokens = task["text"], task["tokens"]
    out = []
    for s in task["spans"]:
        first, last = tokens[s["token_start"]], tokens[s["token_end"]]
        assert (first["start"], last["end"]) == (s["start"], s["end"])
        assert text[s["start"] : s["end"]] == s["text"]
        out.append(
            Span(s["start"], s["end"], Label(s["label"]), {k: s[k] for k in ATTRS if k in s})
        )
    return out


def test_round_trip_to_the_stored_spans(tmp_path: Path, gold_path: Path, gold_lines) -> None:
    db = open_store(tmp_path / "p.db")
    assert import_paths(db, [gold_path], annotator=GOLD, gold_by="lead").ok
    out = tmp_path / "gold.prodigy.jsonl"
    result = export(db, ExportOptions("prodigy", out))
    tasks = read_tasks(out)
    assert len(tasks) == 5 and result.spans == 215
    for task, line in zip(tasks, gold_lines, strict=True):
        assert task["text"] == line["text"]
        assert task["meta"]["source"] == line["source"]
        assert [span_to_gold(s, task["text"]) for s in spans_of(task)] == line["spans"]
        assert task["answer"] == "accept" and task["_annotator_id"] == GOLD
        for i, tok in enumerate(task["tokens"]):
            assert tok["id"] == i
            assert task["text"][tok["start"] : tok["end"]] == tok["text"]
            assert tok["ws"] == task["text"][tok["end"] : tok["end"] + 1].isspace()
        for h in ("_input_hash", "_task_hash"):
            assert isinstance(task[h], int) and -(2**31) <= task[h] < 2**31
    # the split clitics: "بالقلمون" → "ب" + "القلمون", so the PLACE span is whole tokens
    first = tasks[0]
    words = [t["text"] for t in first["tokens"]]
    i = words.index("القلمون")
    assert words[i - 1] == "ب"
    # a prodigy file is also readable by `annotator import` (extra keys are ignored)
    db2 = open_store(tmp_path / "p2.db")
    assert import_paths(db2, [out], annotator=GOLD, gold_by="lead").ok
    for a, b in zip(repo.article_ids(db), repo.article_ids(db2), strict=True):
        assert [r.span for r in repo.confirmed_spans(db, a, GOLD)] == [
            r.span for r in repo.confirmed_spans(db2, b, GOLD)
        ]


def test_hashes_are_stable_and_mean_what_prodigy_means(tmp_path: Path) -> None:
    text = "قصف على حلب"
    spans = [{"start": 8, "end": 11, "label": "PLACE", "text": "حلب"}]
    # the documented recipe: sha256("text:" + text), first 4 bytes, signed big-endian
    digest = hashlib.sha256(("text:" + text).encode("utf-8")).digest()
    assert input_hash(text) == int.from_bytes(digest[:4], "big", signed=True)
    assert input_hash(text) != input_hash(text + " ")
    assert task_hash(text, spans) != task_hash(text, [])
    with_tokens = [{**spans[0], "token_start": 2, "token_end": 2}]
    assert task_hash(text, spans) == task_hash(text, with_tokens)
    # the same text coded by two annotators: same input hash, task hash per annotation
    db = open_store(tmp_path / "p.db")
    article_id, _ = repo.add_article(db, Article(text))
    repo.add_span(db, article_id, "amira", Span(8, 11, Label.PLACE, {}))
    repo.add_span(db, article_id, "badr", Span(4, 7, Label.PLACE, {}))
    out = tmp_path / "all.jsonl"
    export(db, ExportOptions("prodigy", out, layer="all"))
    a, b = read_tasks(out)
    assert (a["_annotator_id"], b["_annotator_id"]) == ("amira", "badr")
    assert a["_input_hash"] == b["_input_hash"] == input_hash(text)
    assert a["_task_hash"] != b["_task_hash"]
    assert [a["_task_hash"], b["_task_hash"]] == [
        task_hash(text, a["spans"]),
        task_hash(text, b["spans"]),
    ]
    again = tmp_path / "again.jsonl"
    export(db, ExportOptions("prodigy", again, layer="all"))
    assert again.read_bytes() == out.read_bytes()


def test_crlf_and_emoji_source(tmp_path: Path) -> None:
    raw = "قصف 😀 على حلب\r\nقتل 12 مدنياً 👨\u200d👩\u200d👧 في الباغوز\r\n"
    stored = raw.replace("\r\n", "\n")
    src = tmp_path / "crlf.txt"
    src.write_bytes(raw.encode("utf-8"))
    db = open_store(tmp_path / "p.db")
    (article_id,) = import_paths(db, [src]).article_ids
    for surface, label in (("حلب", Label.PLACE), ("الباغوز", Label.PLACE)):
        start = stored.index(surface)
        repo.add_span(db, article_id, GOLD, Span(start, start + len(surface), label, {}))
    out = tmp_path / "p.jsonl"
    export(db, ExportOptions("prodigy", out))
    (task,) = read_tasks(out)
    assert task["text"] == stored
    words = [t["text"] for t in task["tokens"]]
    assert words == [
        "قصف", "😀", "على", "حلب", "قتل", "12", "مدنياً", "👨\u200d👩\u200d👧", "في", "الباغوز",
    ]  # fmt: skip
    baghuz = spans_of(task)[1]
    assert (baghuz.start, baghuz.end) == (37, 44)  # code points: the family emoji counts 5
    assert stored[37:44] == "الباغوز"
