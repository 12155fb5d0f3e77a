"""Suggestions stored in batches: provenance per span, one batch row instead of an audit row per
suggestion, history from the batch row, the suggester in worker processes, coded work in bulk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.services.history import span_history
from annotator.services.importing import import_paths
from annotator.services.suggest_pool import PooledSuggest
from annotator.store import open_store
from annotator.store import repository as repo
from annotator.suggest import load_suggester
from tests.builders import write_jsonl

TEXTS = [
    "قُتل 12 مدنياً في قصف لطيران النظام على بلدة الباغوز\nوأعلنت قسد السيطرة على القرية.",
    "أعلن جيش الإسلام مقتل 45 من داعش في القلمون.",
    "قتل 3 أشخاص في حلب وأصيب 7 آخرون في إدلب.",
    "سيطرت قوات سوريا الديمقراطية على بلدة في ريف دير الزور.",
]


def _suggestion_rows(db: Database) -> list[tuple]:
    """Every stored suggestion by what it is (no ids or times), in a fixed order."""
    return db.execute(
        'SELECT a.hash, s.start, s."end", s.label, s.attrs, s.suggester, s.suggester_version,'
        " s.score FROM spans s JOIN articles a ON a.id = s.article_id"
        " WHERE s.origin = 'suggestion' ORDER BY 1, 2, 3, 4"
    ).fetchall()


def test_suggestions_keep_provenance_in_one_batch_row_without_audit_rows(
    db: Database, tmp_path: Path
) -> None:
    suggester = load_suggester()
    report = import_paths(db, [write_jsonl(tmp_path / "a.jsonl", TEXTS)], suggest=suggester.suggest)
    assert report.suggestions > 0
    rows = db.execute("SELECT suggester, suggester_version, batch_id FROM spans").fetchall()
    assert len(rows) == report.suggestions
    batches = db.execute("SELECT id, suggester, suggester_version, source FROM suggestion_batches")
    (batch_id, name, version, source), *more = batches.fetchall()
    assert more == []
    assert source.endswith("a.jsonl")
    assert set(rows) == {(name, version, batch_id)}
    assert db.execute("SELECT count(*) FROM audit WHERE tbl = 'spans'").fetchone()[0] == 0
    # a coder's decision keeps its own audit row, and undoing it still works
    first = db.execute("SELECT id, article_id FROM spans ORDER BY id LIMIT 1").fetchone()
    change = repo.accept(db, first[0], "ali")
    assert db.execute("SELECT who, action FROM audit WHERE tbl = 'spans'").fetchall() == [
        ("ali", "insert")
    ]
    repo.revert(db, change)
    assert db.execute("SELECT count(*) FROM spans WHERE annotator = 'ali'").fetchone()[0] == 0


def test_history_says_who_suggested_and_when_from_the_batch_row(
    db: Database, tmp_path: Path
) -> None:
    suggester = load_suggester()
    import_paths(db, [write_jsonl(tmp_path / "a.jsonl", TEXTS[:1])], suggest=suggester.suggest)
    span_id = db.execute("SELECT id FROM spans ORDER BY id LIMIT 1").fetchone()[0]
    repo.reject(db, span_id, "ali")
    name, at = db.execute("SELECT suggester, at FROM suggestion_batches").fetchone()
    events = [(e.who, e.action, e.at) for e in span_history(db, span_id)]
    assert events[0] == (name, "suggested", at)
    assert [(who, action) for who, action, _at in events[1:]] == [("ali", "rejected")]


def test_a_batch_holds_only_machine_suggestions(db: Database, tmp_path: Path) -> None:
    import_paths(
        db, [write_jsonl(tmp_path / "a.jsonl", TEXTS[:1])], suggest=load_suggester().suggest
    )
    batch = db.execute("SELECT id FROM suggestion_batches").fetchone()[0]
    with pytest.raises(Exception, match="only_machine_suggestions_in_batches"):
        db.execute(
            'INSERT INTO spans (article_id, start, "end", label, origin, status, annotator,'
            " created_at, updated_at, batch_id) VALUES (1, 0, 2, 'PLACE', 'import',"
            " 'accepted', 'ali', 'x', 'x', ?)",
            [batch],
        )
    with pytest.raises(Exception, match="append-only"):
        db.execute("UPDATE suggestion_batches SET suggester = 'someone else'")


def test_worker_processes_store_what_one_process_stores(
    project_target: str, tmp_path: Path
) -> None:
    """Two worker processes (the pool started at once) give the very rows a serial import gives,
    over several files read ahead while earlier ones are stored (serially into a SQLite file,
    pooled into either backend: the same rows)."""
    files = [write_jsonl(tmp_path / f"{i}.jsonl", TEXTS[i:] + TEXTS[:i]) for i in range(3)]
    serial = open_store(tmp_path / "serial.db")
    expected = import_paths(serial, files, suggest=load_suggester().suggest)
    pooled_db = open_store(project_target)
    with PooledSuggest(processes=2, pool_after=0) as pooled:
        report = import_paths(pooled_db, files, suggest=pooled)
        assert pooled._pool is not None  # the workers really ran
    assert (report.imported, report.duplicates, report.suggestions) == (
        expected.imported,
        expected.duplicates,
        expected.suggestions,
    )
    assert _suggestion_rows(pooled_db) == _suggestion_rows(serial)
    # one batch row per file that brought new articles
    assert pooled_db.execute("SELECT count(*) FROM suggestion_batches").fetchone()[0] == 1


def _fails_on_bomb(text: str) -> list:
    if "BOMB" in text:
        raise RuntimeError("boom")
    return load_suggester().suggest(text)


def test_a_suggester_failure_in_a_worker_names_the_file_and_line(
    db: Database, tmp_path: Path
) -> None:
    good = write_jsonl(tmp_path / "a.jsonl", TEXTS[:2])
    bad = write_jsonl(tmp_path / "b.jsonl", [TEXTS[2], "نص BOMB هنا", TEXTS[3]])
    report = import_paths(db, [good, bad], suggest=_Failing())
    assert [(f.path, f.line, f.reason) for f in report.failures] == [
        (bad, 2, "the suggester failed: RuntimeError('boom')")
    ]
    assert report.imported == 2  # the good file is stored, nothing of the bad one
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


class _Failing:
    """A batch suggester over real worker processes whose suggester fails on one text."""

    def submit(self, texts: list[str]):
        from multiprocessing import get_context

        with get_context("spawn").Pool(2) as pool:
            outcomes = pool.map(_outcome_of, texts)
        return lambda: outcomes


def _outcome_of(text: str):
    from annotator.services.suggest_pool import _outcome

    return _outcome(_fails_on_bomb, text)


def test_coded_work_is_stored_in_bulk_with_an_audit_row_per_span(
    db: Database, tmp_path: Path, gold_lines: list[dict]
) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold_lines))
    report = import_paths(db, [path], annotator="ali")
    total = sum(len(g["spans"]) for g in gold_lines)
    assert report.spans == total
    assert db.execute("SELECT count(*) FROM spans WHERE annotator = 'ali'").fetchone()[0] == total
    audited = db.execute(
        "SELECT count(*) FROM audit WHERE tbl = 'spans' AND action = 'insert' AND who = 'ali'"
    ).fetchone()[0]
    assert audited == total


def test_an_older_project_upgrades_with_a_backup_and_keeps_its_suggestions_history(
    tmp_path: Path,
) -> None:
    """SQLite only: an old project file's migration and its backup copy."""
    from annotator.domain import Article
    from annotator.store.schema import migrate

    path = tmp_path / "old.db"
    old = Database(path)
    migrate(old, stop_before="m008_suggestion_batches")  # the schema before batches
    old.close()
    open_store(path).close()  # applies m008, after copying the file
    assert (tmp_path / "old.db.before-m008_suggestion_batches.bak").exists()
    backup = Database(tmp_path / "old.db.before-m008_suggestion_batches.bak")
    assert "suggestion_batches" not in backup.table_names()
    backup.close()
    db = open_store(path)  # an audited suggestion stored one by one, as before the batches
    article_id, _ = repo.add_article(db, Article(TEXTS[0], source="old"))
    old_style = repo.add_suggestions(db, article_id, load_suggester().suggest(TEXTS[0]))
    old_id = old_style.created_span_ids[0]
    import_paths(
        db, [write_jsonl(tmp_path / "a.jsonl", TEXTS[1:2])], suggest=load_suggester().suggest
    )
    new_id = db.execute("SELECT max(id) FROM spans WHERE batch_id IS NOT NULL").fetchone()[0]
    for span_id in (old_id, new_id):
        assert [e.action for e in span_history(db, span_id)] == ["suggested"]
    db.close()
