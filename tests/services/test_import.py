"""Corpus import: encodings, formats, all-or-nothing files, duplicates, gold spans, suggestions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import Label, Span, Suggestion, span_to_gold
from annotator.services.importing import (
    NOT_TEXT,
    DecodeError,
    ImportReport,
    decode_bytes,
    import_paths,
)
from annotator.store import open_store
from annotator.store import repository as repo
from annotator.store.counts import project_counts
from tests.pg.support import wait_for_killed_imports

ROOT = Path(__file__).resolve().parents[2]
ARABIC = "قُتل 12 مدنياً في قصف لطيران النظام على بلدة الباغوز\nوأعلنت قسد السيطرة على القرية."


def _texts(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT text FROM articles ORDER BY id")]


def _failure(report: ImportReport) -> str:
    assert len(report.failures) == 1, report.failures
    return str(report.failures[0])


@pytest.fixture
def seeded(db: Database, tmp_path: Path) -> Database:
    """A database that already holds one article, so 'unchanged' means something."""
    path = tmp_path / "first.txt"
    path.write_text("خبر أول عن حلب", encoding="utf-8")
    assert import_paths(db, [path]).imported == 1
    return db


def test_txt_utf8(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("\n  " + ARABIC + "\n", encoding="utf-8")
    report = import_paths(db, [path])
    assert (report.imported, report.duplicates, report.failures) == (1, 0, [])
    article = repo.get_article(db, report.article_ids[0])
    assert article.text == "\n  " + ARABIC + "\n"
    assert article.title == ARABIC.split("\n", maxsplit=1)[0]
    assert article.source == "a.txt"


@pytest.mark.parametrize(
    "case",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \r\n\t\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), NOT_TEXT),
        ("latin1.txt", "Le café a été détruit à Alep.".encode("latin-1"), NOT_TEXT),
        ("utf16-nobom.txt", ARABIC.encode("utf-16-le"), NOT_TEXT),
        ("bad.jsonl", b'{"text": "\xd8\xa3"}\n\xff\xfe\xfa', NOT_TEXT),
        ("nocol.csv", "title,body\nعنوان,نص الخبر\n".encode(), "no 'text' column"),
        ("empty.jsonl", b"\n\n", "empty file"),
        ("onlyheader.csv", b"text,source\n", "no articles"),
        ("wrong.docx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_bad_files_are_refused_and_change_nothing(
    seeded: Database, tmp_path: Path, dump, case: tuple[str, bytes, str]
) -> None:
    name, content, reason = case
    path = tmp_path / name
    path.write_bytes(content)
    before = dump(seeded)
    report = import_paths(seeded, [path])
    message = _failure(report)
    assert message.startswith(str(path))
    assert reason in message
    assert report.imported == 0
    assert dump(seeded) == before


def test_missing_path_is_a_failure(db: Database, tmp_path: Path) -> None:
    report = import_paths(db, [tmp_path / "nowhere.txt"])
    assert "no such file or folder" in _failure(report)


def test_windows_1256(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "cp.txt"
    path.write_bytes(ARABIC.replace("\n", "\r\n").encode("cp1256"))
    report = import_paths(db, [path])
    assert report.ok
    assert _texts(db) == [ARABIC]


def test_short_windows_1256_text(db: Database) -> None:
    assert decode_bytes("قتل 3 في حلب".encode("cp1256")) == "قتل 3 في حلب"
    with pytest.raises(DecodeError, match="not UTF-8"):
        decode_bytes("Zürich, München, Köln".encode("latin-1"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(db: Database, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes("\ufeff".encode(encoding) + ARABIC.encode(encoding))
    assert import_paths(db, [path]).ok
    assert _texts(db) == [ARABIC]


def test_utf8_bom_and_crlf_are_normalised(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    raw = "\ufeff" + ARABIC.replace("\n", "\r\n") + "\r\nسطر أخير\r"
    path.write_bytes(raw.encode("utf-8"))
    report = import_paths(db, [path])
    (text,) = _texts(db)
    assert text == ARABIC + "\nسطر أخير\n"
    start = text.index("قسد")  # after the converted line break
    repo.add_span(db, report.article_ids[0], "ali", Span(start, start + 3, Label.ACTOR))
    (row,) = repo.spans_for(db, report.article_ids[0], "ali")
    assert text[row.start : row.end] == "قسد"


def test_jsonl_spans_after_crlf_are_mapped(db: Database, tmp_path: Path) -> None:
    raw = "\ufeff" + ARABIC.replace("\n", "\r\n")
    qsd = raw.index("قسد")
    line = {
        "text": raw,
        "spans": [{"start": qsd, "end": qsd + 3, "label": "ACTOR", "text": "قسد", "actor": "SDF"}],
    }
    path = tmp_path / "crlf.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_paths(db, [path], annotator="gold", gold_by="lead")
    assert report.ok and report.spans == 1
    (row,) = repo.confirmed_spans(db, report.article_ids[0], "gold")
    assert ARABIC[row.start : row.end] == "قسد"
    assert row.span.attrs == {"actor": "SDF"}


def test_jsonl_broken_line_rejects_the_whole_file(seeded: Database, tmp_path: Path, dump) -> None:
    lines = [json.dumps({"text": f"خبر رقم {i}"}, ensure_ascii=False) for i in range(5)]
    lines[3] = '{"text": "خبر مقطوع'
    path = tmp_path / "some.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = dump(seeded)
    report = import_paths(seeded, [path])
    assert _failure(report).startswith(f"{path}:4: not valid JSON")
    assert dump(seeded) == before


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            {"text": "قتل 5", "spans": [{"start": 4, "end": 5, "label": "CASUALTY", "text": "6"}]},
            "span 1 (CASUALTY 4-5): text '6' does not match",
        ),
        (
            {"text": "قتل 5", "spans": [{"start": 4, "end": 9, "label": "CASUALTY"}]},
            "outside the text",
        ),
        ({"text": "قتل 5", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}, "unknown label"),
        (
            {"text": "قتل 5", "spans": [{"start": 4, "end": 5, "label": "CASUALTY", "kind": "x"}]},
            "kind must be",
        ),
        ({"text": ""}, "'text' is missing or empty"),
        ({"body": "قتل 5"}, "'text' is missing or empty"),
        (["قتل 5"], "must be a JSON object"),
        ({"text": "قتل 5", "meta": [1]}, "'meta' must be a JSON object"),
    ],
)
def test_jsonl_bad_line_is_named(
    seeded: Database, tmp_path: Path, dump, line: object, reason: str
) -> None:
    good = json.dumps({"text": "خبر سليم"}, ensure_ascii=False)
    path = tmp_path / "gold.jsonl"
    path.write_text(f"{good}\n{json.dumps(line, ensure_ascii=False)}\n", encoding="utf-8")
    before = dump(seeded)
    message = _failure(import_paths(seeded, [path]))
    assert message.startswith(f"{path}:2: ")
    assert reason in message
    assert dump(seeded) == before


def test_csv(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    rows = 'id,source,title,text\r\n7,site.sy,عنوان,"سطر أول\r\nسطر ثان"\r\n8,,,خبر آخر\r\n'
    path.write_bytes(rows.encode("utf-8-sig"))
    report = import_paths(db, [path])
    assert report.ok and report.imported == 2
    first, second = (repo.get_article(db, i) for i in report.article_ids)
    assert (first.text, first.source, first.title, first.meta) == (
        "سطر أول\nسطر ثان",
        "site.sy",
        "عنوان",
        {"id": "7"},
    )
    assert (second.source, second.title) == ("news.csv:4", "خبر آخر")


def test_csv_bad_row_is_named(seeded: Database, tmp_path: Path, dump) -> None:
    path = tmp_path / "news.csv"
    path.write_text("text,source\nخبر,a\n,b\n", encoding="utf-8")
    before = dump(seeded)
    assert _failure(import_paths(seeded, [path])).startswith(f"{path}:3: 'text' is empty")
    assert dump(seeded) == before


def test_five_megabyte_article(db: Database, tmp_path: Path) -> None:
    body = (ARABIC + "\n") * (5_000_000 // len((ARABIC + "\n").encode()) + 1)
    path = tmp_path / "big.txt"
    path.write_text(body, encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    report = import_paths(db, [path])
    assert report.ok
    text = repo.get_article(db, report.article_ids[0]).text
    assert text == body
    end = len(body)
    repo.add_span(db, report.article_ids[0], "ali", Span(end - 8, end - 1, Label.PLACE))


def test_duplicates_within_and_across_runs(db: Database, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("خبر أ", encoding="utf-8")
    (tmp_path / "in" / "copy.txt").write_text("خبر أ", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_bytes("\ufeffخبر ب\r\n".encode())
    (tmp_path / "in" / "more.jsonl").write_text(
        '{"text": "خبر ب\\n"}\n{"text": "خبر ج"}\n', encoding="utf-8"
    )
    first = import_paths(db, [tmp_path / "in"])
    assert (first.imported, first.duplicates) == (3, 2)
    second = import_paths(db, [tmp_path / "in"])
    assert (second.imported, second.duplicates, second.ok) == (0, 5, True)
    assert repo.article_count(db) == 3


def test_folders_are_walked_in_sorted_order(db: Database, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in ("b/2.txt", "a/9.txt", "a/10.txt", "c.jsonl"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / "b/2.txt").write_text("ب", encoding="utf-8")
    (root / "a/9.txt").write_text("أ9", encoding="utf-8")
    (root / "a/10.txt").write_text("أ10", encoding="utf-8")
    (root / "c.jsonl").write_text('{"text": "ج"}\n', encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.txt").write_text("مخفي", encoding="utf-8")
    (root / "notes.md").write_text("# notes", encoding="utf-8")
    report = import_paths(db, [root])
    assert report.ok and [p.name for p in report.skipped] == ["notes.md"]
    sources = [r[0] for r in db.execute("SELECT source FROM articles ORDER BY id")]
    assert sources == ["a/10.txt", "a/9.txt", "b/2.txt", "c.jsonl:1"]


def test_gold_import_gives_back_exactly_its_spans(
    db: Database, gold_path: Path, gold_lines: list[dict]
) -> None:
    report = import_paths(db, [gold_path])
    assert report.ok and report.imported == len(gold_lines)
    assert report.spans == sum(len(g["spans"]) for g in gold_lines)
    for article_id, gold in zip(report.article_ids, gold_lines, strict=True):
        article = repo.get_article(db, article_id)
        assert (article.text, article.source) == (gold["text"], gold["source"])
        rows = repo.confirmed_spans(db, article_id, "import")
        assert [span_to_gold(r.span, article.text) for r in rows] == gold["spans"]
        assert repo.get_state(db, article_id, "import").state == "done"
        # the annotator's view is exactly the gold spans, nothing suggested
        assert len(repo.spans_for(db, article_id, "import")) == len(gold["spans"])
    again = import_paths(db, [gold_path])
    assert (again.imported, again.duplicates, again.spans) == (0, len(gold_lines), 0)
    other = import_paths(db, [gold_path], annotator="second")
    assert other.spans == report.spans  # another annotator's copy of the same texts


def test_gold_spans_annotator_precedence(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    lines = [
        {"text": "خبر 1", "annotator": "mona", "spans": []},
        {"text": "خبر 2", "spans": [{"start": 4, "end": 5, "label": "CASUALTY"}]},
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    report = import_paths(db, [path])
    a, b = report.article_ids
    assert repo.get_state(db, a, "mona").state == "done"
    assert [r.span.key for r in repo.confirmed_spans(db, b, "import")] == [(4, 5, "CASUALTY")]
    path2 = tmp_path / "g2.jsonl"
    path2.write_text(
        json.dumps({**lines[0], "text": "خبر 3"}, ensure_ascii=False), encoding="utf-8"
    )
    (c,) = import_paths(db, [path2], annotator="ali").article_ids
    assert repo.get_state(db, c, "ali").state == "done"
    assert repo.get_state(db, c, "mona").state == "open"


def _fake_suggester(calls: list[str]):
    def suggest(text: str) -> list[Suggestion]:
        calls.append(text)
        i = text.index("قسد") if "قسد" in text else 0
        return [Suggestion(Span(i, i + 3, Label.ACTOR, {"actor": "SDF"}), 0.9, "fake", "0")]

    return suggest


def test_suggestions_are_stored_for_new_articles_only(db: Database, tmp_path: Path) -> None:
    calls: list[str] = []
    path = tmp_path / "a.jsonl"
    path.write_text(
        "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in (ARABIC, ARABIC, "خبر")),
        encoding="utf-8",
    )
    report = import_paths(db, [path], suggest=_fake_suggester(calls))
    assert calls == [ARABIC, "خبر"]
    assert report.suggestions == 2
    (row,) = repo.spans_for(db, report.article_ids[0], "ali")
    assert (ARABIC[row.start : row.end], row.suggester, row.confirmed) == ("قسد", "fake", False)
    import_paths(db, [path], suggest=_fake_suggester(calls))
    assert len(calls) == 2


def test_a_failing_suggester_fails_the_file(seeded: Database, tmp_path: Path, dump) -> None:
    def broken(text: str) -> list[Suggestion]:
        raise RuntimeError("boom")

    path = tmp_path / "a.txt"
    path.write_text(ARABIC, encoding="utf-8")
    before = dump(seeded)
    assert "the suggester failed: RuntimeError('boom')" in _failure(
        import_paths(seeded, [path], suggest=broken)
    )
    assert dump(seeded) == before


KILLER = """
import os, signal, sys
from annotator.services.importing import import_paths, storing
from annotator.store import open_store

original, published = storing.publish_file, []

def publish_then_die(*args, **kwargs):  # inside the file's write transaction, rows written
    done = original(*args, **kwargs)
    published.extend(done.ids)
    if len(published) >= int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)
    return done

storing.publish_file = publish_then_die
import_paths(open_store(sys.argv[1]), sys.argv[3:])
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_import_leaves_whole_files_and_resumes(
    tmp_path: Path, gold_lines: list[dict], project_target: str
) -> None:
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    first.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold_lines[:2]))
    second.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold_lines[2:]))
    in_first = sum(len(g["spans"]) for g in gold_lines[:2])
    db_path = project_target  # a file, or a project on a server
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, db_path, "4", str(first), str(second)],  # 2nd file
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL
    if project_target.startswith("postgresql://"):
        wait_for_killed_imports(project_target)
    db = open_store(db_path)
    assert repo.article_count(db) == 2
    # the second file's rows went in, hidden: no reader sees them (bounded publish, m009)
    assert sum(project_counts(db).spans.values()) == in_first
    report = import_paths(db, [first, second])
    assert (report.imported, report.duplicates) == (3, 2)
    total = sum(len(g["spans"]) for g in gold_lines)
    assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == total
    db.close()


@pytest.mark.parametrize(
    "case",
    [
        # a stray quote opens a cell that swallows the next row's line break
        (
            'text,source\n"قتل 3 في حلب",s1\n"قتل 4 في حمص,s2\n"قتل 5 في حماة",s3\n'
            '"قتل 6 في إدلب",s4\n',
            3,
            "unbalanced quote: a quoted cell that starts in this row is followed by more text",
        ),
        # a quote left open swallows every row after it, up to the end of the file
        (
            'text,source\n"قتل 3 في حلب",s1\n"قتل 4 في حمص,s2\nقتل 5 في حماة,s3\n',
            3,
            "unbalanced quote: a quoted cell that starts in this row is never closed",
        ),
        ('text,source\n"قتل 3 في حلب" ,s1\n', 2, "unbalanced quote"),
    ],
    ids=["stray", "open-at-end", "text-after-quote"],
)
def test_csv_unbalanced_quote_refuses_the_whole_file(
    seeded: Database, tmp_path: Path, dump, case: tuple[str, int, str]
) -> None:
    rows, line, reason = case
    path = tmp_path / "unterm.csv"
    path.write_text(rows, encoding="utf-8")
    before = dump(seeded)
    report = import_paths(seeded, [path])
    assert (report.imported, report.ok) == (0, False)
    assert _failure(report).startswith(f"{path}:{line}: {reason}")
    assert dump(seeded) == before


def test_csv_quotes_that_balance_still_import(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text(
        'text,source\n"قال ""المرصد"": قتل 3, وجرح 4",s1\n"سطر\nثان",s2\nقتل "5" هنا,s3\n',
        encoding="utf-8",
    )
    report = import_paths(db, [path])
    assert report.ok and report.imported == 3
    assert _texts(db) == ['قال "المرصد": قتل 3, وجرح 4', "سطر\nثان", 'قتل "5" هنا']


def test_gold_for_an_annotator_with_other_work_is_kept_and_reported(
    db: Database, gold_path: Path, gold_lines: list[dict], tmp_path: Path, dump
) -> None:
    first = import_paths(db, [gold_path], annotator="alice")
    assert first.ok and first.kept == []
    # the very same file again: duplicates, nothing to report
    again = import_paths(db, [gold_path], annotator="alice")
    assert (again.duplicates, again.spans, again.kept) == (len(gold_lines), 0, [])
    # a corrected file: alice's stored work is kept, and the summary says the file was not used
    changed = {**gold_lines[0], "spans": gold_lines[0]["spans"][:-1]}
    path = tmp_path / "gold_changed.jsonl"
    path.write_text(json.dumps(changed, ensure_ascii=False) + "\n", encoding="utf-8")
    before = dump(db)
    report = import_paths(db, [path], annotator="alice")
    assert report.ok and (report.imported, report.duplicates, report.spans) == (0, 1, 0)
    (kept,) = report.kept
    assert str(kept) == (
        f"{path}:1: annotator alice already has work on {gold_lines[0]['source']!r};"
        f" kept it, the file's {len(changed['spans'])} span(s) were not imported"
    )
    assert "1 gold record(s) skipped: the annotator already has work there" in report.summary()
    assert dump(db) == before
    # another annotator gets the file's spans as usual
    bob = import_paths(db, [path], annotator="bob")
    assert bob.kept == [] and bob.spans == len(changed["spans"])
