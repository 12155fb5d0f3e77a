"""CoNLL export read back by a small independent reader; unalignable spans are reported."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sqlite_utils import Database

from annotator.domain import GOLD, Article, ArticleState, Label, Span
from annotator.services.export import ExportOptions, alignment_path, export
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo

_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def read_conll(path: Path) -> list[dict]:
    """Documents of a CoNLL file: comments as meta, sentences of (token, tag)."""
    docs: list[dict] = []
    sentence: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8").split("\n"):
        if raw.startswith("-DOCSTART-"):
            assert raw == "-DOCSTART-\tO"
            docs.append({"meta": {}, "sentences": []})
        elif raw.startswith("# ") and "\t" not in raw:
            key, _, value = raw[2:].partition(" = ")
            docs[-1]["meta"][key] = value
        elif not raw:
            if sentence:
                docs[-1]["sentences"].append(sentence)
            sentence = []
        else:
            token, tag = raw.split("\t")
            assert re.fullmatch(r"O|[BI]-(ACTOR|PLACE|CASUALTY)", tag), tag
            sentence.append((token, tag))
    assert not sentence, "the file must end with a blank line"
    return docs


def entities(doc: dict) -> list[tuple[str, str]]:
    """(label, tokens joined without spaces) of every B-/I- run; I- must continue its B-."""
    found: list[tuple[str, list[str]]] = []
    for sentence in doc["sentences"]:
        previous = "O"
        for token, tag in sentence:
            if tag.startswith("B-"):
                found.append((tag[2:], [token]))
            elif tag.startswith("I-"):
                assert previous[2:] == tag[2:], "I- without its B-"
                found[-1][1].append(token)
            previous = tag
    return [(label, "".join(tokens)) for label, tokens in found]


def test_gold_read_back_by_an_independent_reader(tmp_path: Path, gold_path, gold_lines) -> None:
    db = open_store(tmp_path / "p.db")
    assert import_paths(db, [gold_path], annotator=GOLD, gold_by="lead").ok
    out = tmp_path / "gold.conll"
    result = export(db, ExportOptions("conll", out))
    docs = read_conll(out)
    assert len(docs) == 5
    for doc, line in zip(docs, gold_lines, strict=True):
        assert doc["meta"]["source"] == line["source"] and doc["meta"]["annotator"] == GOLD
        want = [(s["label"], _INVISIBLE.sub("", s["text"])) for s in line["spans"]]
        assert entities(doc) == want
        tokens = "".join(t for sentence in doc["sentences"] for t, _ in sentence)
        assert tokens == _INVISIBLE.sub("", line["text"])  # nothing lost, nothing invented
        assert len(doc["sentences"]) > 5
    assert result.problems == []
    assert [i.kind for i in result.issues] == ["split"] * 6  # و/ل/ب + name without ال
    rows = list(csv.DictReader(alignment_path(out).open(encoding="utf-8"), delimiter="\t"))
    assert {r["text"] for r in rows} == {"دير الزور", "قسد", "داعش"}


def _article(db: Database, text: str, spans: list[tuple[str, Label]]) -> int:
    article_id, _ = repo.add_article(db, Article(text, source="hard.txt"))
    for surface, label in spans:
        start = text.index(surface)
        attrs = {"actor": "ISIS"} if label is Label.ACTOR else {}
        repo.import_span(db, article_id, GOLD, Span(start, start + len(surface), label, attrs))
    repo.set_state(db, article_id, GOLD, ArticleState.DONE)
    return article_id


def test_unalignable_spans_are_reported_never_dropped_silently(db: Database, tmp_path) -> None:
    text = "هاجم مسلحو وداعش بلدة الباغوز\nفوقاني و دير الزور.\u200f قتل 5 عناصر"
    _article(
        db,
        text,
        [
            ("داعش", Label.ACTOR),  # inside the word وداعش: the token is split
            ("الباغوز\nفوقاني", Label.PLACE),  # across a line break: one sentence
            ("دير الزور", Label.PLACE),
            ("الزور", Label.PLACE),  # overlaps the one before: BIO cannot nest it
            ("\u200f", Label.PLACE),  # an invisible mark only: no token at all
            ("5 ", Label.CASUALTY),  # ends on a space: contracted to its token
        ],
    )
    out = tmp_path / "hard.conll"
    result = export(db, ExportOptions("conll", out))
    (doc,) = read_conll(out)
    assert entities(doc) == [
        ("ACTOR", "داعش"),
        ("PLACE", "الباغوزفوقاني"),
        ("PLACE", "ديرالزور"),
        ("CASUALTY", "5"),
    ]
    flat = [tok for sentence in doc["sentences"] for tok, _ in sentence]
    assert flat[:4] == ["هاجم", "مسلحو", "و", "داعش"]
    # the span across the line break keeps its sentence together; "." then a space ends one
    first, second = ([tok for tok, _ in sentence] for sentence in doc["sentences"])
    assert first[-6:] == ["الباغوز", "فوقاني", "و", "دير", "الزور", "."]
    assert second == ["قتل", "5", "عناصر"]
    kinds = sorted((i.kind, i.surface) for i in result.problems)
    assert kinds == [("contracted", "5 "), ("dropped", "الزور"), ("dropped", "\u200f")]
    rows = list(csv.DictReader(alignment_path(out).open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) == len(result.issues) == 4
    assert {r["issue"] for r in rows} == {"split", "contracted", "dropped"}
    assert all(r["source"] == "hard.txt" and r["reason"] for r in rows)
