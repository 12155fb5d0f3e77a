"""spaCy DocBin export, read back with spaCy's own DocBin reader (skipped without spaCy)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import GOLD, Article, Label, Span
from annotator.services.export import ExportError, ExportOptions, export, missing_requirement
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
