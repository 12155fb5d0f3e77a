"""brat export read back by a standoff reader; folders replaced safely."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import GOLD, Article, Label, Span
from annotator.services.export import ExportError, ExportOptions, export
from annotator.services.export.brat import folder_name, safe_name
from annotator.services.export.cells import original
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo
from tests.builders import rename_layer

RAW = "قصف على حلب 😀\r\nقتل 12 مدنياً في الباغوز\r\nفوقاني على يد داعش"
STORED = RAW.replace("\r\n", "\n")


def read_ann(txt: Path) -> list[dict]:
    """A brat standoff reader: T lines with their fragments, A lines attached to them."""
    text = txt.open(encoding="utf-8", newline="").read()
    found: dict[str, dict] = {}
    for line in txt.with_suffix(".ann").open(encoding="utf-8", newline="").read().splitlines():
        fields = line.split("\t")
        if fields[0].startswith("T"):
            label, _, offsets = fields[1].partition(" ")
            pieces = [tuple(int(x) for x in p.split()) for p in offsets.split(";")]
            assert " ".join(text[a:b] for a, b in pieces) == fields[2]
            found[fields[0]] = {"label": label, "start": pieces[0][0], "end": pieces[-1][1]}
        else:
            assert fields[0].startswith("A")
            name, target, value = fields[1].split(" ")
            found[target][name] = value
    return list(found.values())


def test_gold_read_back(tmp_path: Path, gold_path: Path, gold_lines) -> None:
    db = open_store(tmp_path / "p.db")
    assert import_paths(db, [gold_path], annotator=GOLD, gold_by="lead").ok
    out = tmp_path / "brat"
    export(db, ExportOptions("brat", out))
    txts = sorted(out.glob("*.txt"))
    assert txts[0].name == "000001_000_4aec2ec63595c89c.txt"
    for txt, line in zip(txts, gold_lines, strict=True):
        assert txt.read_bytes() == line["text"].encode("utf-8")
        want = [
            {
                "label": s["label"],
                "start": s["start"],
                "end": s["end"],
                **{k: str(v) for k, v in s.items() if k not in {"label", "start", "end", "text"}},
            }
            for s in line["spans"]
        ]
        want = [{k: v for k, v in s.items() if v != "None"} for s in want]  # null: no A line
        assert read_ann(txt) == want
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nACTOR\nPLACE\nCASUALTY\n" in conf
    assert "kind\tArg:CASUALTY, Value:captured|killed|killed_or_wounded|missing|wounded" in conf
    assert "count\tArg:CASUALTY, Value:2|3|4|" in conf and "|602|1087\n" in conf  # counts used


def test_crlf_emoji_and_a_span_across_a_line_break(db: Database, tmp_path: Path) -> None:
    src = tmp_path / "crlf emoji (1).txt"
    src.write_bytes(RAW.encode("utf-8"))
    (article_id,) = import_paths(db, [src]).article_ids
    place = STORED.index("الباغوز")
    repo.add_span(
        db, article_id, GOLD, Span(place, place + 14, Label.PLACE, {"place": "Al Baghuz"})
    )
    out = tmp_path / "brat"
    export(db, ExportOptions("brat", out))
    txt = out / f"{article_id:06d}_crlf_emoji_1.txt"
    assert txt.read_bytes() == STORED.encode("utf-8")
    ann = txt.with_suffix(".ann").read_text(encoding="utf-8")
    assert ann == (
        f"T1\tPLACE {place} {place + 7};{place + 8} {place + 14}\tالباغوز فوقاني\n"
        "A1\tplace T1 Al_Baghuz\n"
    )
    assert place == 31 and len(STORED[:place].encode("utf-16-le")) // 2 == 32  # code points


def test_layer_all_gets_a_folder_per_annotator(db: Database, tmp_path: Path) -> None:
    article_id, _ = repo.add_article(db, Article("قصف على حلب", source="x/حلب.txt"))
    repo.add_span(db, article_id, "amira", Span(8, 11, Label.PLACE, {}))
    repo.add_span(db, article_id, GOLD, Span(8, 11, Label.PLACE, {}))
    out = tmp_path / "brat"
    result = export(db, ExportOptions("brat", out, layer="all"))
    assert result.records == 2
    assert (out / "amira" / "000001.ann").read_text(encoding="utf-8") == "T1\tPLACE 8 11\tحلب\n"
    assert (out / "gold" / "000001.txt").is_file()
    assert safe_name("x/حلب.txt") == "" and safe_name("a b/Deir ez-Zor.TXT") == "Deir_ez-Zor"
    for name in ("أحمد", "a b", "a_b", "../x"):
        repo.add_span(db, article_id, name, Span(8, 11, Label.PLACE, {}))
    export(db, ExportOptions("brat", out, layer="all"))
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == sorted(
        ["a_b", folder_name("a b"), "amira", "gold", folder_name("../x"), "أحمد"]
    )
    assert all(len(list((out / f).glob("*.ann"))) == 1 for f in folders)


LAYERS = [
    "annotation.conf",
    "layers.tsv",
    "..",
    ".",
    "CON",
    "nul.txt",
    "a/b",
    "a:b",
    "a_b",
    "a\\b",
    "x" * 300,
    "ع" * 300,
    "أحمد",
    "آمنة",
    unicodedata.normalize("NFD", "آمنة"),  # the same name in NFD: one folder on macOS
    "Ali",
    "ali",
    "a\u202eb",
    "\u200b",  # nothing visible
    "=cmd|' /c calc'!A0",
]


def test_every_layer_name_exports_to_a_folder_of_its_own(db: Database, tmp_path: Path) -> None:
    """Hostile and colliding layer names: distinct safe folders, the mapping in layers.tsv."""
    article_id, _ = repo.add_article(db, Article("قصف على حلب", source="a.txt"))
    for i, layer in enumerate(LAYERS):
        repo.add_span(db, article_id, f"c{i}", Span(8, 11, Label.PLACE, {}))
        rename_layer(db, f"c{i}", layer)
    out = tmp_path / "brat"
    result = export(db, ExportOptions("brat", out, layer="all"))
    assert result.records == len(LAYERS)
    with (out / "layers.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert rows[0] == ["layer", "folder"]
    mapping = {original(layer): folder for layer, folder in rows[1:]}
    assert sorted(mapping) == sorted(LAYERS)
    folders = list(mapping.values())
    keys = {unicodedata.normalize("NFC", f).casefold() for f in folders}
    assert len(keys) == len(LAYERS)  # distinct even where case or NFC/NFD is not
    for layer, folder in mapping.items():
        assert (out / folder / "000001_a.ann").read_text(
            encoding="utf-8"
        ) == "T1\tPLACE 8 11\tحلب\n"
        assert len(folder) <= 60 and len(folder.encode("utf-8")) < 255
        assert re.fullmatch(r"[\w\u064b-\u0652\u0653-\u065f][\w.\u064b-\u065f-]*", folder), folder
        assert unicodedata.normalize("NFC", folder) == folder
        assert folder.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
        digest = hashlib.sha256(layer.encode()).hexdigest()[:8]
        assert folder == layer or folder.endswith(f"-{digest}")  # stable across exports
    # safe names stay as they are; of two that differ only in case the second gets a hash
    assert (mapping["Ali"], mapping["أحمد"], mapping["a_b"]) == ("Ali", "أحمد", "a_b")
    assert mapping["ali"].startswith("ali-") and mapping["CON"].startswith("_CON-")
    assert (out / "annotation.conf").is_file() and (out / "layers.tsv").is_file()
    top = sorted(p.name for p in out.iterdir() if not p.is_dir())
    assert top == ["annotation.conf", "annotator-export.json", "layers.tsv"]


def test_an_earlier_export_is_replaced_other_folders_are_not(db: Database, tmp_path) -> None:
    article_id, _ = repo.add_article(db, Article("قصف على حلب", source="a.txt"))
    repo.add_span(db, article_id, GOLD, Span(8, 11, Label.PLACE, {}))
    out = tmp_path / "brat"
    export(db, ExportOptions("brat", out))
    (out / "000001_a.ann").write_text("stale", encoding="utf-8")
    export(db, ExportOptions("brat", out))
    assert (out / "000001_a.ann").read_text(encoding="utf-8") == "T1\tPLACE 8 11\tحلب\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    mine = tmp_path / "my documents"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(ExportError, match="other files in it"):
        export(db, ExportOptions("brat", mine))
    assert [p.name for p in mine.iterdir()] == ["thesis.docx"]
    with pytest.raises(ExportError, match="is a file"):
        export(db, ExportOptions("brat", mine / "thesis.docx"))


def test_the_self_check_reads_every_ann_back(db: Database, tmp_path: Path, monkeypatch) -> None:
    from annotator.services.export import CheckError, brat

    article_id, _ = repo.add_article(db, Article("قصف على حلب", source="a.txt"))
    repo.add_span(db, article_id, GOLD, Span(8, 11, Label.PLACE, {}))

    original = brat.ann_lines

    def wrong_text(record):  # a formatter bug: the T line's text is not text[start:end]
        lines, skipped = original(record)
        return [line.replace("حلب", "حل") for line in lines], skipped

    monkeypatch.setattr(brat, "ann_lines", wrong_text)
    with pytest.raises(CheckError, match="span text 'حل'"):
        export(db, ExportOptions("brat", tmp_path / "brat"))
    assert [p.name for p in tmp_path.iterdir() if "brat" in p.name] == []  # no (temp) folder
