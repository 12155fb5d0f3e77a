"""Builders the service and GUI tests share (no Qt): two short articles, a fixed suggester,
and two coders who code them with one disagreement of each type."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlite_utils import Database

from annotator.domain import Label, Span, Suggestion
from annotator.services.coding import CodingSession

TEXT = "أعلن تنظيم داعش مقتل 45 عنصراً من قوات النظام في دير الزور"
OTHER = "قصف على حلب وقتل 12 مدنياً"
CASUALTY = {"count": 45, "kind": "killed", "qualifier": "exact", "victim": None}


def at(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
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
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("UPDATE annotators SET name = ? WHERE name = ?", [new, old])
    for table in ("spans", "article_state", "assignments"):
        db.execute(f"UPDATE {table} SET annotator = ? WHERE annotator = ?", [new, old])
    db.execute("PRAGMA foreign_keys = ON")


def run_annotator(
    *args: str | Path, data_dir: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m annotator ARGS`` in a real process, this checkout first on the path, with
    its own data directory; output captured as UTF-8 text."""
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        "ANNOTATOR_DATA_DIR": str(data_dir),
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
