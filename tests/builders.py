"""Builders the service and GUI tests share (no Qt): two short articles, a fixed suggester,
and two coders who code them with one disagreement of each type."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from click.testing import CliRunner, Result
from sqlite_utils import Database

from annotator.cli import cli
from annotator.domain import Label, Span, Suggestion
from annotator.services.coding import CodingSession
from annotator.services.importing import ImportReport, import_paths
from annotator.services.project import seeds_dir
from annotator.store import open_store

TEXT = "أعلن تنظيم داعش مقتل 45 عنصراً من قوات النظام في دير الزور"
OTHER = "قصف على حلب وقتل 12 مدنياً"
T = TypeVar("T")
CASUALTY = {"count": 45, "kind": "killed", "qualifier": "exact", "victim": None}


def at(text: str, surface: str, nth: int = 0) -> tuple[int, int]:
    """``[start, end)`` of the ``nth`` (from 0) occurrence of ``surface`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def suggest(text: str) -> list[Suggestion]:
    """A fixed suggester: what it finds of a few names in any text."""
    found = []
    for surface, label, attrs in (
        ("داعش", Label.ACTOR, {"actor": "ISIS"}),
        ("45", Label.CASUALTY, {"count": 45}),
        ("12", Label.CASUALTY, {"count": 12}),
        ("قوات النظام", Label.ACTOR, {"actor": "SYRIAN_GOVERNMENT"}),
        ("دير الزور", Label.PLACE, {}),
        ("حلب", Label.PLACE, {}),
    ):
        if surface in text:
            found.append(Suggestion(Span(*at(text, surface), label, attrs), 0.9, "test", "1"))
    return found


NAMES = {"داعش": Label.ACTOR, "جيش الإسلام": Label.ACTOR, "قسد": Label.ACTOR, "دمشق": Label.PLACE}


def number_suggest(text: str) -> list[Suggestion]:
    """A small deterministic suggester: a few names (NAMES) and every number."""
    found = [
        Suggestion(Span(m.start(), m.end(), label), 0.8, "test", "1")
        for name, label in NAMES.items()
        for m in re.finditer(name, text)
    ]
    for m in re.finditer(r"[0-9]+", text):
        span = Span(m.start(), m.end(), Label.CASUALTY, {"count": int(m.group())})
        found.append(Suggestion(span, 0.5, "test", "1"))
    return found


def seeds_project(path: Path) -> ImportReport:
    """A new SQLite project at ``path``: the bundled seed articles imported with
    ``number_suggest``'s spans; the import's report."""
    seeds = seeds_dir()
    assert seeds is not None
    db = open_store(path)
    try:
        return import_paths(db, [seeds], suggest=number_suggest)
    finally:
        db.close()


def write_jsonl(path: Path, records: Iterable[dict | str]) -> Path:
    """``records`` as UTF-8 JSON lines (Arabic as written) in ``path``; a string is the record
    ``{"text": string}``."""
    lines = [
        json.dumps({"text": r} if isinstance(r, str) else r, ensure_ascii=False) for r in records
    ]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def small_project(tmp_path: Path) -> Path:
    """``tmp_path/proj.db``: TEXT and OTHER imported with ``suggest``'s suggestions."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    path = tmp_path / "proj.db"
    db = open_store(path)
    assert import_paths(db, [folder], suggest=suggest).imported == 2
    db.close()
    return path


def many_articles(tmp_path: Path, n: int = 80) -> Path:
    """``tmp_path/coder.db``: ``n`` articles (TEXT and OTHER numbered) with suggestions."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i}.txt").write_text(f"{TEXT} رقم {i} {OTHER}", encoding="utf-8")
    path = tmp_path / "coder.db"
    db = open_store(path)
    assert import_paths(db, [folder], suggest=suggest).imported == n
    db.close()
    return path


def accept_one(path: Path, surface: str = "داعش") -> None:
    """Coder ali accepts the suggestion at ``surface`` in article 1 of the project at ``path``."""
    session = CodingSession.open(path, "ali")
    session.accept(pending(session, 1, surface))
    session.close()


def coded_pair(db: Database, folder: Path) -> tuple[int, int]:
    """TEXT and OTHER imported from ``folder`` with ``suggest``, then coded by ali and bea as
    ``code_two_coders`` does. The two article ids."""
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    report = import_paths(db, [folder / "a.txt", folder / "b.txt"], suggest=suggest)
    first, second = report.article_ids
    code_two_coders(db, first, second)
    return first, second


def pending(session: CodingSession, article_id: int, surface: str) -> int:
    """The id of the span (or suggestion) the coder sees at ``surface``."""
    text = session.text(article_id)
    for row in session.spans(article_id):
        if text[row.start : row.end] == surface:
            return row.id
    raise AssertionError(surface)


def code_two_coders(db: Database, first: int, second: int) -> tuple[CodingSession, CodingSession]:
    """ali and bea code TEXT (``first``) with one disagreement of each type and one span they
    agree on, and OTHER (``second``) alike; both mark both done. Their sessions."""
    ali = CodingSession(db, "ali")
    ali.accept(pending(ali, first, "داعش"))
    ali.set_attributes(pending(ali, first, "45"), CASUALTY)
    ali.accept(pending(ali, first, "قوات النظام"))
    ali.accept(pending(ali, first, "دير الزور"))
    ali.mark_done(first)
    bea = CodingSession(db, "bea")
    bea.accept(pending(bea, first, "داعش"))
    bea.set_attributes(pending(bea, first, "45"), {**CASUALTY, "kind": "wounded"})
    bea.resize(pending(bea, first, "قوات النظام"), "start", grow=False)  # → "النظام"
    bea.relabel(pending(bea, first, "دير الزور"), Label.ACTOR)
    bea.add_span(first, 0, 4, Label.PLACE)  # "أعلن": only bea
    bea.mark_done(first)
    for session in (ali, bea):
        session.accept_all(second)
        session.mark_done(second)
    return ali, bea


def rename_layer(db: Database, old: str, new: str) -> None:
    """Give a layer a name the store's rules may refuse (as a database from other tools has)."""
    if getattr(db, "dialect", None) == "postgresql":  # no PRAGMA: the new name first
        db.execute(
            "INSERT INTO annotators (name, role, created_at)"
            " SELECT ?, role, created_at FROM annotators WHERE name = ?",
            [new, old],
        )
        for table in ("spans", "article_state", "assignments"):
            db.execute(f"UPDATE {table} SET annotator = ? WHERE annotator = ?", [new, old])
        db.execute("DELETE FROM annotators WHERE name = ?", [old])
        return
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("UPDATE annotators SET name = ? WHERE name = ?", [new, old])
    for table in ("spans", "article_state", "assignments"):
        db.execute(f"UPDATE {table} SET annotator = ? WHERE annotator = ?", [new, old])
    db.execute("PRAGMA foreign_keys = ON")


def invoke(*args: str | Path) -> Result:
    """``annotator ARGS`` run in this process by click's test runner (output captured)."""
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="annotator")


def run_annotator(
    *args: str | Path, data_dir: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m annotator ARGS`` in a real process, this checkout first on the path, with
    its own data directory (default: the test's, set by conftest); output captured as UTF-8
    text."""
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        "PYTHONIOENCODING": "utf-8",
    }
    if data_dir is not None:
        env["ANNOTATOR_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


# --- large inputs: the tests check what keeps them fast, bench/timings.py times them ---------


def astral_text(n: int = 60_000) -> str:
    """``n`` code points of Arabic with an emoji (outside the BMP) every 30 characters."""
    sentence = "قتل 45 من داعش في دير الزور 😀 "
    return (sentence * (n // len(sentence) + 1))[:n]


def large_article(sentences: int = 400) -> tuple[str, list[tuple[int, int, int, Label, bool]]]:
    """An article of ``sentences`` lines (~60 code points each, one emoji) and its spans,
    three a line: ``(id, start, end, label, confirmed)``, ids from 0 in text order."""
    sentence = "قالت مصادر إن 45 من عناصر داعش قتلوا في دير الزور 😀 أمس.\n"
    spans = []
    for k in range(sentences):
        base = k * len(sentence)
        for j, (surface, label) in enumerate(
            (("45", Label.CASUALTY), ("داعش", Label.ACTOR), ("دير الزور", Label.PLACE))
        ):
            start = base + sentence.index(surface)
            spans.append((k * 3 + j, start, start + len(surface), label, j != 1))
    return sentence * sentences, spans


def bulk_articles(db: Database, n: int) -> None:
    """``n`` short articles inserted in one transaction (a big project, quickly)."""
    rows = [(f"h{i}", f"t{i}", f"خبر {i}", len(f"خبر {i}"), "x") for i in range(n)]
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO articles (hash, title, text, text_length, imported_at)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )


def vm_steps(db: Database, work: Callable[[], T]) -> tuple[int, T]:
    """How many SQLite virtual-machine instructions ``work()`` runs on ``db`` (the work a query
    does, independent of the machine's speed), and what it returned."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    db.conn.set_progress_handler(count, 1)
    try:
        result = work()
    finally:
        db.conn.set_progress_handler(None, 1)
    return steps, result


def store_articles(db: Database, texts: Iterable[str]) -> list[int]:
    """Articles with ``suggest``'s suggestions stored through the store (as an import stores
    them, on either backend); their ids."""
    from annotator.domain import Article
    from annotator.store.articles import add_article
    from annotator.store.spans import add_suggestions

    ids = []
    for n, text in enumerate(texts):
        article_id, _new = add_article(db, Article(text, source=f"{n:03d}.txt"))
        add_suggestions(db, article_id, suggest(text))
        ids.append(article_id)
    return ids
