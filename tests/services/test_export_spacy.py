"""spaCy DocBin export, read back with spaCy's own DocBin reader (skipped without spaCy)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import GOLD, Article, Label, Span
from annotator.services.export import ExportError, ExportOptions, export, missing_requirement
from annotator.services.export.base import CheckError
from annotator.services.export.docbin import DocBinStream
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo


def test_missing_spacy_names_the_extra(db: Database, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # makes `import spacy` fail
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None)
    assert "annotator[spacy]" in (missing_requirement("spacy") or "")
    assert missing_requirement("conll") is None
    with pytest.raises(ExportError, match=r"annotator\[spacy\]"):
        export(db, ExportOptions("spacy", tmp_path / "x.spacy"))
    assert not (tmp_path / "x.spacy").exists()


def test_docbin_read_back_by_spacy(tmp_path: Path, gold_path: Path, gold_lines) -> None:
    spacy = pytest.importorskip("spacy")
    db = open_store(tmp_path / "p.db")
    assert import_paths(db, [gold_path], annotator=GOLD, gold_by="lead").ok
    out = tmp_path / "gold.spacy"
    result = export(db, ExportOptions("spacy", out))
    nlp = spacy.blank("ar")
    docs = list(spacy.tokens.DocBin().from_disk(out).get_docs(nlp.vocab))
    assert len(docs) == 5 and result.problems == []
    for doc, line in zip(docs, gold_lines, strict=True):
        assert doc.text == line["text"]
        assert doc.user_data["source"] == line["source"]
        assert list(doc.user_data["spans"]) == line["spans"]
        got = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
        assert got == [(s["start"], s["end"], s["label"], s["text"]) for s in line["spans"]]
        assert len(doc.spans["annotations"]) == len(line["spans"])


def test_alignment_losses_are_reported(db: Database, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    text = "قصف 😀 على دير الزور\nوقتل 5 "
    article_id, _ = repo.add_article(db, Article(text, source="a.txt"))
    place = text.index("دير الزور")
    for span in [
        Span(place, place + 9, Label.PLACE, {}),
        Span(place + 4, place + 9, Label.PLACE, {}),  # overlaps: not in doc.ents
        Span(text.index("5"), len(text), Label.CASUALTY, {"count": 5}),  # ends on a space
    ]:
        repo.import_span(db, article_id, GOLD, span)  # overlaps kept
    out = tmp_path / "a.spacy"
    result = export(db, ExportOptions("spacy", out))
    (doc,) = spacy.tokens.DocBin().from_disk(out).get_docs(spacy.blank("ar").vocab)
    assert doc.text == text
    assert [(e.text, e.label_) for e in doc.ents] == [("دير الزور", "PLACE"), ("5", "CASUALTY")]
    assert [s.text for s in doc.spans["annotations"]] == ["دير الزور", "الزور", "5"]
    assert sorted(i.kind for i in result.problems) == ["contracted", "overlap"]
    assert result.alignment_report is not None and result.alignment_report.is_file()


@pytest.mark.parametrize("count", [0, 1, 15, 16, 70])
def test_streamed_docbin_is_spacys_own_bytes(tmp_path: Path, count: int) -> None:
    """The streamed writer's file is byte for byte what spaCy's ``DocBin.to_disk`` writes for
    the same Docs: 0 docs, a list header at its 15/16 boundary, bin 8/16/32 sized arrays."""
    spacy = pytest.importorskip("spacy")

    nlp = spacy.blank("ar")
    docs = []
    for k in range(count):
        words = [f"كلمة{k}", "في", "بغداد", *(["و"] * (k * 7))]
        doc = spacy.tokens.Doc(nlp.vocab, words=words, spaces=[True] * len(words))
        doc.ents = [doc.char_span(0, len(words[0]), label="PER")]
        doc.spans["annotations"] = list(doc.ents)
        doc.user_data.update({"source": f"s{k}.txt", "n": k, "spans": [{"start": 0}]})
        docs.append(doc)
    stream = DocBinStream(spacy, nlp)
    stream.open(tmp_path)
    for doc in docs:
        back = stream.add(doc)
        assert back.text == doc.text and back.user_data["source"] == doc.user_data["source"]
        assert [(e.start, e.end, e.label_) for e in back.ents] == [
            (e.start, e.end, e.label_) for e in doc.ents
        ]
    stream.write(tmp_path / "streamed.spacy")
    stream.check(tmp_path / "streamed.spacy")
    stream.close()
    whole = spacy.tokens.DocBin(store_user_data=True, docs=docs)
    whole.to_disk(tmp_path / "whole.spacy")
    assert (tmp_path / "streamed.spacy").read_bytes() == (tmp_path / "whole.spacy").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["streamed.spacy", "whole.spacy"]


def test_docbin_check_catches_a_damaged_file(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")

    nlp = spacy.blank("ar")
    stream = DocBinStream(spacy, nlp)
    stream.open(tmp_path)
    words = ["قتل", "خمسة", "في", "الموصل"] * 50
    stream.add(spacy.tokens.Doc(nlp.vocab, words=words))
    out = tmp_path / "x.spacy"
    stream.write(out)
    stream.close()
    stream.check(out)
    data = out.read_bytes()
    for damaged in (data[: len(data) // 2], data[:-1] + bytes([data[-1] ^ 1])):
        out.write_bytes(damaged)
        with pytest.raises(CheckError, match="self-check failed"):
            stream.check(out)
