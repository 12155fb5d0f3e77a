"""CSV export: Excel-friendly UTF-8, one row per casualty with its nearest actor and place."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlite_utils import Database

from annotator.domain import GOLD, Article, Label, Span
from annotator.services.export import ExportOptions, export
from annotator.services.export.tables import CASUALTY_COLUMNS, SPAN_COLUMNS
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo


def read(path: Path) -> list[dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_gold_tables(tmp_path: Path, gold_path: Path, gold_lines) -> None:
    db = open_store(tmp_path / "p.db")
    assert import_paths(db, [gold_path], annotator=GOLD, gold_by="lead").ok
    out = tmp_path / "tables"
    result = export(db, ExportOptions("csv", out))
    spans = read(out / "spans.csv")
    casualties = read(out / "casualties.csv")
    assert list(spans[0]) == SPAN_COLUMNS and list(casualties[0]) == CASUALTY_COLUMNS
    want = [
        (line["source"], str(s["start"]), s["label"], s["text"])
        for line in gold_lines
        for s in line["spans"]
    ]
    assert [(r["source"], r["start"], r["label"], r["text"]) for r in spans] == want
    gold_casualties = [s for line in gold_lines for s in line["spans"] if s["label"] == "CASUALTY"]
    assert len(casualties) == len(gold_casualties) == result.info["casualties"] == 29
    first = casualties[0]
    assert (first["text"], first["count"], first["kind"], first["victim"]) == (
        "45",
        "45",
        "killed",
        "ISIS",
    )
    assert (first["actor_text"], first["actor_id"], first["actor_same_sentence"]) == (
        "داعش",
        "ISIS",
        "1",
    )
    assert first["place_text"] == "القلمون"
    assert first["sentence"] == "”جيش الإسلام“ يعلن مقتل 45 من داعش بالقلمون السورية"
    vague = [r for r in casualties if r["count"] == ""]
    assert all(r["qualifier"] == "vague" for r in vague)


def test_nearest_mentions_prefer_the_same_sentence(db: Database, tmp_path: Path) -> None:
    text = "قصفت قسد حلب.\nوقتل 5 مدنيين من سكان الرقة في غارة لطيران التحالف الدولي"
    article_id, _ = repo.add_article(db, Article(text, source="n.txt"))

    def add(surface: str, label: Label, attrs: dict) -> None:
        start = text.index(surface)
        repo.add_span(db, article_id, GOLD, Span(start, start + len(surface), label, attrs))

    add("قسد", Label.ACTOR, {"actor": "SDF"})  # 8 characters before "5", other sentence
    add("حلب", Label.PLACE, {"place": "Aleppo", "geonames_id": 170063})  # other sentence
    add("5", Label.CASUALTY, {"count": 5, "kind": "killed", "qualifier": "exact"})
    add("الرقة", Label.PLACE, {})
    add("التحالف الدولي", Label.ACTOR, {"actor": "COALITION"})  # farther, same sentence
    out = tmp_path / "t"
    export(db, ExportOptions("csv", out))
    (row,) = read(out / "casualties.csv")
    assert (row["actor_text"], row["actor_id"], row["actor_same_sentence"]) == (
        "التحالف الدولي",
        "COALITION",
        "1",
    )
    assert (row["place_text"], row["place_same_sentence"], row["victim"]) == ("الرقة", "1", "")
    assert row["sentence"] == "وقتل 5 مدنيين من سكان الرقة في غارة لطيران التحالف الدولي"
    spans = read(out / "spans.csv")
    aleppo = next(r for r in spans if r["text"] == "حلب")
    assert (aleppo["place"], aleppo["geonames_id"], aleppo["count"]) == ("Aleppo", "170063", "")


def test_a_casualty_alone_in_its_sentence_takes_the_nearest_anywhere(db, tmp_path) -> None:
    text = "قصفت قسد حلب.\nقتل 5."
    article_id, _ = repo.add_article(db, Article(text, source="n.txt"))
    for surface, label, attrs in [
        ("قسد", Label.ACTOR, {"actor": "SDF"}),
        ("5", Label.CASUALTY, {"count": 5, "kind": "killed", "qualifier": "exact"}),
    ]:
        start = text.index(surface)
        repo.add_span(db, article_id, GOLD, Span(start, start + len(surface), label, attrs))
    out = tmp_path / "t"
    export(db, ExportOptions("csv", out))
    (row,) = read(out / "casualties.csv")
    assert (row["actor_text"], row["actor_same_sentence"], row["place_text"]) == ("قسد", "0", "")
    assert row["place_same_sentence"] == ""
