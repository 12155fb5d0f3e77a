"""Names from databases and files cannot rewrite the terminal or reorder its lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain import Article, ArticleState
from annotator.services.coding import CodingSession
from annotator.services.suggesting import shape
from annotator.store import open_store
from annotator.store import repository as repo
from annotator.store.states import ensure_annotator, set_state
from tests.builders import OTHER, TEXT, invoke, suggest

ROOT = Path(__file__).resolve().parents[2]
EVIL = "\x1b[2J\u202eevil"
SHOWN = "\\x1b[2J\\u202eevil"  # what the terminal shows instead
HAZARDS = ("\x1b", "\u202e")


def _assert_safe(text: str) -> None:
    assert not [h for h in HAZARDS if h in text], repr(text)
    assert SHOWN in text, text


def _project(path: Path, *, done: bool = True) -> Path:
    """Two articles; EVIL and bea accepted the suggestions and finished both (if ``done``)."""
    db = open_store(path)
    ids = []
    for text in (TEXT, OTHER):
        article_id, _ = repo.add_article(db, Article(text, source=f"{EVIL}.txt"))
        repo.add_suggestions(db, article_id, suggest(text))
        ids.append(article_id)
    if done:
        session = CodingSession(db, "bea")
        for article_id in ids:
            session.accept_all(article_id)
            session.mark_done(article_id)
        # The app refuses such a name (domain.names), but another tool's database may hold one:
        # EVIL's work is written through the store, below the name rule.
        ensure_annotator(db, EVIL)
        for article_id in ids:
            repo.accept_all(db, article_id, EVIL)
            set_state(db, article_id, EVIL, ArticleState.DONE)
    db.close()
    return path


def test_stats_escapes_coder_names(tmp_path: Path) -> None:
    db = _project(tmp_path / "p.db")
    result = invoke("stats", "--db", str(db))
    assert result.exit_code == 0, result.output
    _assert_safe(result.stdout)


def test_json_output_stays_json_and_keeps_the_name(tmp_path: Path) -> None:
    db = _project(tmp_path / "p.db")
    for command in (["stats"], ["agreement"]):
        result = invoke(*command, "--db", str(db), "--json")
        assert result.exit_code == 0, result.output
        assert not [h for h in HAZARDS if h in result.stdout]
        assert "\\u202e" in result.stdout
        assert json.dumps(EVIL)[1:-1] in json.dumps(json.loads(result.stdout))  # name intact


def test_agreement_escapes_coder_names(tmp_path: Path) -> None:
    db = _project(tmp_path / "p.db")
    result = invoke("agreement", "--db", str(db))
    assert result.exit_code == 0, result.output
    _assert_safe(result.stdout)


def test_assign_escapes_coder_names(tmp_path: Path) -> None:
    db = _project(tmp_path / "p.db", done=False)
    result = invoke("assign", "--db", str(db), "--annotators", f"{EVIL},bob")
    _assert_safe(result.output)  # named in the split, or in the refusal of the name


def test_merge_escapes_file_names(tmp_path: Path) -> None:
    source = _project(tmp_path / f"{EVIL}.db", done=False)  # merge refuses EVIL as a coder
    result = invoke("merge", str(tmp_path / "out.db"), str(source))
    assert result.exit_code == 0, result.output
    _assert_safe(result.stdout)
    refused = invoke("merge", str(tmp_path / "out2.db"), str(_project(tmp_path / "evil.db")))
    assert refused.exit_code == 1
    _assert_safe(refused.output)


def test_messages_escape_file_names(tmp_path: Path) -> None:
    bad = tmp_path / f"{EVIL}.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    result = invoke("import", "--db", str(tmp_path / "p.db"), "--no-suggest", str(bad))
    assert result.exit_code == 1
    _assert_safe(result.stderr)
    missing = invoke("stats", "--db", str(tmp_path / f"{EVIL}.db"))  # a click error
    assert missing.exit_code == 1
    _assert_safe(missing.stderr)
    gold = tmp_path / f"{EVIL}.jsonl"
    gold.write_text("{not json\n", encoding="utf-8")
    result = invoke("validate", str(gold))
    assert result.exit_code == 1
    _assert_safe(result.stdout)
    refused = invoke("--db", str(tmp_path / f"{EVIL}.db"), "stats", "--db", "other.db")
    assert refused.exit_code == 2
    _assert_safe(refused.stderr)


def test_suggest_table_keeps_shaped_arabic_and_escapes_the_source(tmp_path: Path) -> None:
    article = tmp_path / f"{EVIL}.txt"
    article.write_text(OTHER, encoding="utf-8")
    result = invoke("suggest", "--format", "table", str(article))
    assert result.exit_code == 0, result.output
    _assert_safe(result.stdout)
    assert shape("حلب") in result.stdout  # joined presentation forms, visual order: unchanged
    assert shape("حلب") != "حلب"
    logical = invoke("suggest", "--format", "table", "--no-shape", str(article))
    assert "حلب" in logical.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="file names with ESC")
def test_a_real_terminal_process_gets_escapes(tmp_path: Path) -> None:
    db = _project(tmp_path / "p.db")
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "stats", "--db", str(db)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    _assert_safe(proc.stdout)
