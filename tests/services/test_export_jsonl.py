"""Gold JSONL export: byte-identical round trip through import, layers, filters, atomic writes."""

from __future__ import annotations

import gc
import json
import sys
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import GOLD, Article, ArticleState, Label, Span, Suggestion
from annotator.services.export import (
    ExportCancelledError,
    ExportError,
    ExportOptions,
    Selection,
    export,
    run_export,
    select_pairs,
)
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo
from tests.builders import at

# A source with Windows line ends and emoji (one code point each, two UTF-16 units).
RAW = "قصف على حلب 😀\r\nقتل 12 مدنياً في الباغوز على يد داعش 👨\u200d👩\u200d👧\r\nالمصدر: وكالة"
STORED = RAW.replace("\r\n", "\n")


def gold_db(path: Path, gold_path: Path, annotator: str = GOLD) -> Database:
    db = open_store(path)
    report = import_paths(db, [gold_path], annotator=annotator, gold_by="lead")
    assert report.ok and report.spans == 215, report.failures
    return db


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def add_crlf_article(db: Database, tmp_path: Path, annotator: str = GOLD) -> int:
    src = tmp_path / "crlf_emoji.txt"
    src.write_bytes(RAW.encode("utf-8"))
    report = import_paths(db, [src])
    (article_id,) = report.article_ids
    assert repo.get_article(db, article_id).text == STORED
    casualty = {"count": 12, "kind": "killed", "qualifier": "exact", "victim": "CIVILIANS"}
    for surface, label, attrs in [
        ("حلب", Label.PLACE, {}),
        ("12", Label.CASUALTY, casualty),
        ("الباغوز", Label.PLACE, {}),
        ("داعش", Label.ACTOR, {"actor": "ISIS"}),
    ]:
        repo.add_span(db, article_id, annotator, Span(*at(STORED, surface), label, attrs))
    repo.set_state(db, article_id, annotator, ArticleState.DONE)
    return article_id


def test_import_then_export_gives_the_identical_file(tmp_path: Path, gold_path: Path) -> None:
    db = gold_db(tmp_path / "p.db", gold_path)
    out = tmp_path / "out" / "gold.jsonl"  # the folder is created
    result = export(db, ExportOptions("jsonl", out))
    assert out.read_bytes() == gold_path.read_bytes()
    assert (result.records, result.spans, result.issues) == (5, 215, [])
    assert not list(out.parent.glob(".*"))  # no temp file left behind


def test_crlf_and_emoji_offsets_are_code_points_of_the_stored_text(tmp_path: Path) -> None:
    db = open_store(tmp_path / "p.db")
    add_crlf_article(db, tmp_path)
    out = tmp_path / "gold.jsonl"
    export(db, ExportOptions("jsonl", out))
    (line,) = lines(out)
    assert line["text"] == STORED and "\r" not in line["text"]
    place = next(s for s in line["spans"] if s["text"] == "الباغوز")
    assert (place["start"], place["end"]) == at(STORED, "الباغوز")
    # after the emoji, UTF-16 offsets would be one more than code points
    utf16 = len(STORED[: place["start"]].encode("utf-16-le")) // 2
    assert utf16 == place["start"] + 1
    for span in line["spans"]:
        assert line["text"][span["start"] : span["end"]] == span["text"]
    assert [s["start"] for s in line["spans"]] == sorted(s["start"] for s in line["spans"])
    assert line["spans"][1] == {
        "start": 18,  # 14 code points of line 1 with its \n, then "قتل "
        "end": 20,
        "label": "CASUALTY",
        "text": "12",
        "count": 12,
        "kind": "killed",
        "qualifier": "exact",
        "victim": "CIVILIANS",
    }


def test_layer_all_writes_each_annotator_and_imports_back(tmp_path: Path, gold_path) -> None:
    db = gold_db(tmp_path / "p.db", gold_path, annotator="amira")
    first = repo.article_ids(db)[0]
    gold_span = Span(*at(repo.get_article(db, first).text, "داعش"), Label.ACTOR, {"actor": "ISIS"})
    repo.add_span(db, first, GOLD, gold_span)
    out = tmp_path / "all.jsonl"
    result = export(db, ExportOptions("jsonl", out, layer="all"))
    got = lines(out)
    assert result.records == 6
    assert [(o["source"], o["annotator"]) for o in got][:2] == [
        ("000_4aec2ec63595c89c.txt", "amira"),
        ("000_4aec2ec63595c89c.txt", "gold"),
    ]
    # the annotator key brings each layer back on import
    db2 = open_store(tmp_path / "p2.db")
    assert import_paths(db2, [out], gold_by="lead").ok
    assert repo.annotator_names(db2) == ["amira", "gold"]
    again = tmp_path / "again.jsonl"
    export(db2, ExportOptions("jsonl", again, layer="all"))
    assert again.read_bytes() == out.read_bytes()


def test_default_selection_and_filters(db: Database, tmp_path: Path) -> None:
    ids = []
    for n in range(4):
        ids.append(repo.add_article(db, Article(f"خبر {n} عن حلب"))[0])
    span = Span(8, 11, Label.PLACE, {})  # "حلب"
    repo.add_span(db, ids[0], GOLD, span)  # spans, not done
    repo.set_state(db, ids[1], GOLD, ArticleState.DONE)  # done with no spans: still exported
    repo.add_span(db, ids[2], "amira", span)
    repo.set_state(db, ids[2], "amira", ArticleState.DONE)
    repo.add_suggestions(db, ids[3], [Suggestion(span, 0.9, "test", "1")])  # never exported
    repo.reject(db, repo.spans_for(db, ids[3], "badr")[0].id, "badr")  # a rejection neither

    assert select_pairs(db, Selection()) == [(ids[0], GOLD), (ids[1], GOLD)]
    assert select_pairs(db, Selection(GOLD, "done")) == [(ids[1], GOLD)]
    assert select_pairs(db, Selection("amira")) == [(ids[2], "amira")]
    assert select_pairs(db, Selection("badr")) == []
    assert select_pairs(db, Selection("amira", "adjudicated")) == []
    assert select_pairs(db, Selection(GOLD, "adjudicated")) == [(ids[1], GOLD)]
    assert select_pairs(db, Selection("all")) == [
        (ids[0], GOLD),
        (ids[1], GOLD),
        (ids[2], "amira"),
    ]
    out = tmp_path / "g.jsonl"
    export(db, ExportOptions("jsonl", out))
    assert [len(o["spans"]) for o in lines(out)] == [1, 0]
    with pytest.raises(ExportError, match="no annotator named 'nobody'"):
        export(db, ExportOptions("jsonl", out, layer="nobody"))


def test_empty_export_writes_an_empty_file_and_says_why(tmp_path: Path, gold_path) -> None:
    db = gold_db(tmp_path / "p.db", gold_path, annotator="import")
    out = tmp_path / "g.jsonl"
    result = export(db, ExportOptions("jsonl", out))
    assert out.read_bytes() == b""
    assert result.records == 0
    assert result.note is not None and "import" in result.note and "--layer" in result.note


def test_meta_is_kept_and_extra_keys_read_back(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    obj = {"source": "a", "text": "قصف حلب", "spans": [], "url": "http://x", "date": "2019-03-01"}
    src.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
    db = open_store(tmp_path / "p.db")
    assert import_paths(db, [src], annotator=GOLD, gold_by="lead").ok
    out = tmp_path / "out.jsonl"
    export(db, ExportOptions("jsonl", out))
    assert lines(out) == [
        {
            "source": "a",
            "text": "قصف حلب",
            "spans": [],
            "meta": {"url": "http://x", "date": "2019-03-01"},
        }
    ]


def test_progress_and_cancel_leave_nothing_behind(tmp_path: Path, gold_path: Path) -> None:
    db = gold_db(tmp_path / "p.db", gold_path)
    out = tmp_path / "g.jsonl"
    out.write_text("an earlier export\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 2:
            cancel.set()

    with pytest.raises(ExportCancelledError):
        export(db, ExportOptions("jsonl", out), progress=progress, cancel=cancel)
    assert seen == [(0, 5), (1, 5), (2, 5)]
    assert out.read_text(encoding="utf-8") == "an earlier export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file

    seen.clear()
    export(db, ExportOptions("jsonl", out), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5)
    assert out.read_bytes() == gold_path.read_bytes()


def test_run_export_uses_its_own_connection_in_a_thread(tmp_path: Path, gold_path: Path) -> None:
    gold_db(tmp_path / "p.db", gold_path).close()
    out = tmp_path / "g.jsonl"
    results = []
    worker = threading.Thread(
        target=lambda: results.append(run_export(tmp_path / "p.db", ExportOptions("jsonl", out)))
    )
    worker.start()
    worker.join()
    assert results[0].records == 5 and out.read_bytes() == gold_path.read_bytes()
    with pytest.raises(ExportError, match="no such database"):
        run_export(tmp_path / "missing.db", ExportOptions("jsonl", out))


def test_bad_targets_are_refused(tmp_path: Path, gold_path: Path) -> None:
    db = gold_db(tmp_path / "p.db", gold_path)
    with pytest.raises(ExportError, match="is a folder"):
        export(db, ExportOptions("jsonl", tmp_path))
    with pytest.raises(ExportError, match="unknown format"):
        export(db, ExportOptions("docx", tmp_path / "x.docx"))
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot create the folder"):
        export(db, ExportOptions("jsonl", blocker / "sub" / "g.jsonl"))


def test_the_self_check_stops_a_broken_formatter(tmp_path: Path, gold_path, monkeypatch) -> None:
    from annotator.services.export import CheckError, jsonl

    db = gold_db(tmp_path / "p.db", gold_path)
    out = tmp_path / "g.jsonl"
    out.write_text("an earlier export\n", encoding="utf-8")
    original = jsonl.gold_object

    def off_by_one(record, with_annotator):  # a formatter bug: offsets shifted by one
        obj = original(record, with_annotator)
        obj["spans"] = [{**s, "start": s["start"] + 1, "end": s["end"] + 1} for s in obj["spans"]]
        return obj

    monkeypatch.setattr(jsonl, "gold_object", off_by_one)
    with pytest.raises(CheckError, match=r"self-check failed: .*:1: error: span 1 \(ACTOR 2-13\)"):
        export(db, ExportOptions("jsonl", out))
    assert out.read_text(encoding="utf-8") == "an earlier export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_cancelled_export_in_a_worker_thread_leaves_no_cursor_behind(
    tmp_path: Path, gold_path: Path
) -> None:
    """The GUI's way: run_export on a thread of its own, cancelled after the first record;
    nothing of that thread's connection may be left for another thread to close."""
    gold_db(tmp_path / "p.db", gold_path).close()
    cancel = threading.Event()
    failed: list[BaseException] = []
    unraisable: list[object] = []

    def work() -> None:
        try:
            run_export(
                tmp_path / "p.db",
                ExportOptions("jsonl", tmp_path / "g.jsonl"),
                progress=lambda done, _total: done and cancel.set(),
                cancel=cancel,
            )
        except ExportCancelledError as exc:
            failed.append(exc)

    worker = threading.Thread(target=work)
    hook = sys.unraisablehook  # pytest's, for this test: replaced while we look
    sys.unraisablehook = unraisable.append
    try:
        worker.start()
        worker.join()
        message = str(failed.pop())  # handed over, as the GUI's worker signals its error
        gc.collect()  # here, on the main thread: whatever the worker left is finalised now
    finally:
        sys.unraisablehook = hook
    assert "cancelled" in message and unraisable == []
    assert not (tmp_path / "g.jsonl").exists()
