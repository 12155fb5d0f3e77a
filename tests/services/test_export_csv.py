"""CSV export: Excel-friendly UTF-8, one row per casualty with its nearest actor and place."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlite_utils import Database

from annotator.domain import GOLD, Article, Label, Span
from annotator.services.export import ExportOptions, export
from annotator.services.export.cells import original, safe_cell
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


HOSTILE = ["=1+2", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "'quoted"]


def test_formula_injection_is_neutralised_in_every_text_column(db: Database, tmp_path) -> None:
    """Every text cell that a spreadsheet would run is prefixed with ' and quoted; numbers stay."""
    text = "=1+2 قتل 5 من -2+3 في @SUM(A1) عند +SUM(A1) و 'quoted"
    article_id, _ = repo.add_article(db, Article(text, source="=HYPERLINK(1).txt", title="-t"))

    def add(layer: str, surface: str, label: Label, attrs: dict) -> None:
        start = text.index(surface)
        repo.add_span(db, article_id, layer, Span(start, start + len(surface), label, attrs))

    for i, coder in enumerate(HOSTILE):
        hostile = HOSTILE[(i + 1) % len(HOSTILE)]
        add(coder, "=1+2", Label.ACTOR, {"actor": "ISIS"})
        add(coder, "-2+3", Label.PLACE, {"place": hostile, "geonames_id": 1})
        attrs = {"count": 5, "kind": "killed", "qualifier": "exact", "victim": "ISIS"}
        add(coder, "5", Label.CASUALTY, attrs)
        # the store refuses such ids and values; a database written by other tools may hold them
        rows = db.execute("SELECT id, label, attrs FROM spans WHERE annotator = ?", [coder])
        for span_id, label, stored in rows.fetchall():
            attrs = json.loads(stored)
            for key, value in [("actor", hostile), ("geonames_id", "@1"), ("kind", hostile)]:
                if attrs.get(key) is not None:
                    attrs[key] = value
            if label == "CASUALTY":
                attrs |= {"victim": hostile, "qualifier": "-"}
            written = json.dumps(attrs, ensure_ascii=False, separators=(",", ":"))
            db.execute("UPDATE spans SET attrs = ? WHERE id = ?", [written, span_id])
    db.conn.commit()
    out = tmp_path / "t"
    export(db, ExportOptions("csv", out, layer="all"))
    raw = (out / "spans.csv").read_text(encoding="utf-8-sig")
    assert '"\'=1+2"' in raw and '"\'-2+3"' in raw  # prefixed and quoted
    five = text.index("5")  # start, end and count stay unquoted numbers; text cells are quoted
    assert f'1,"\'=HYPERLINK(1).txt","\'=1+2",{five},{five + 1},"CASUALTY","5","","","",5,' in raw
    spans, casualties = read(out / "spans.csv"), read(out / "casualties.csv")
    assert len(spans) == 3 * len(HOSTILE) and len(casualties) == len(HOSTILE)
    for row in [*spans, *casualties]:
        for column, cell in row.items():
            assert not cell or cell[0] not in "=+-@\t\r", (column, cell)
    assert {r["annotator"] for r in spans} == {"'" + h for h in HOSTILE}
    assert {r["source"] for r in spans} == {"'=HYPERLINK(1).txt"}
    assert {r["text"] for r in spans} == {"'=1+2", "'-2+3", "5"}
    assert {r["actor"] for r in spans} == {"", *("'" + h for h in HOSTILE)}
    assert {r["place"] for r in spans} == {"", *("'" + h for h in HOSTILE)}
    assert {r["geonames_id"] for r in spans} == {"", "'@1"}
    for row in casualties:
        assert (row["start"], row["end"], row["count"]) == (str(five), str(five + 1), "5")
        assert row["victim"] == row["kind"] and row["victim"][0] == "'"
        assert (row["qualifier"], row["actor_text"], row["place_text"]) == ("'-", "'=1+2", "'-2+3")
        assert row["actor_start"] == "0" and row["place_start"] == str(text.index("-2+3"))
        assert row["sentence"] == "'" + " ".join(text.split())
    # the reading rule gives the exact text back: drop one leading '
    assert {original(r["text"]) for r in spans} == {"=1+2", "-2+3", "5"}
    assert {original(r["annotator"]) for r in spans} == set(HOSTILE)


def test_safe_cell_keeps_numbers_numbers() -> None:
    assert [safe_cell(v) for v in (0, -3, 12, 2.5, -0.5, None)] == [0, -3, 12, 2.5, -0.5, ""]
    assert safe_cell("-3") == "'-3"  # a text that looks like a number is still text
    assert [safe_cell(v) for v in ("", "a=b", "حلب", "1")] == ["", "a=b", "حلب", "1"]
