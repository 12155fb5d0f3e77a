"""Test projects for the coding desk, and a driver that codes by key presses in a subprocess.

``python tests/gui/desk_driver.py DB`` opens the desk (offscreen) on DB as coder "killer" and
decides every suggestion with real key events (A, R alternately; Ctrl+Return at the end of an
article), printing ``DECIDED n accept|reject SPAN_ID`` after each decision is written. After each
article it waits for a line (or the end) on stdin, so a slow reader still finds it mid-session;
at the end it prints ``FINISHED`` and waits for stdin to close. test_kill.py kills it with
SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold_seeds.jsonl"
SEED_000 = "000_4aec2ec63595c89c.txt"
EXTRA = ("001_4576a7ec77886089.txt", "002_be8aa5fa87abbbec.txt")  # more seeds for a desk
THIRD = "خبر آخر عن الرقة"  # the review project's third article

# Suggestions on seed 000, some wrong on purpose, and what the coder should make of each.
DESK_SUGGESTIONS = (
    (1, 12, "ACTOR", {"actor": "JAYSH_AL_ISLAM"}),  # جيش الإسلام: accept
    (14, 18, "ACTOR", {}),  # يعلن: reject
    (24, 26, "CASUALTY", {"count": 45}),  # 45: accept, then kind/qualifier/victim
    (30, 34, "PLACE", {}),  # داعش: relabel as ACTOR
    (36, 51, "PLACE", {}),  # القلمون السورية: drop the last word
    (54, 57, "ACTOR", {"actor": "JAYSH_AL_ISLAM"}),  # جيش: grow by the next word
)


def seed_text(name: str) -> str:
    from annotator.domain import to_stored_text

    return to_stored_text((SEEDS / name).read_text(encoding="utf-8"))


def make_desk_project(path: Path, extra: tuple[str, ...] = ()) -> list[int]:
    """Seed 000 with DESK_SUGGESTIONS, then the seeds named in ``extra`` (no suggestions)."""
    from annotator.domain import Article, Span, Suggestion
    from annotator.store import open_store
    from annotator.store import repository as repo

    db = open_store(path)
    first, _ = repo.add_article(db, Article(seed_text(SEED_000), source=SEED_000))
    repo.add_suggestions(
        db,
        first,
        [
            Suggestion(Span(s, e, label, attrs), 0.9, "test", "1")
            for s, e, label, attrs in DESK_SUGGESTIONS
        ],
    )
    ids = [first]
    for name in extra:
        ids.append(repo.add_article(db, Article(seed_text(name), source=name))[0])
    db.close()
    return ids


def make_gold_project(path: Path) -> list[int]:
    """The five seeds with every gold span stored as a shared suggestion."""
    from annotator.domain import Article, Suggestion, span_from_gold
    from annotator.store import open_store
    from annotator.store import repository as repo

    db = open_store(path)
    ids = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        article_id, _ = repo.add_article(db, Article(record["text"], source=record["source"]))
        spans = [span_from_gold(s, record["text"]) for s in record["spans"]]
        repo.add_suggestions(db, article_id, [Suggestion(s, 0.9, "gold", "1") for s in spans])
        ids.append(article_id)
    db.close()
    return ids


def make_review_project(path: Path) -> tuple[int, int, int]:
    """Three imported articles. ali and bea code the first with one disagreement of each type
    (and one span they agree on) and the second alike; only ali finished the third, which cem
    flagged."""
    from annotator.services.coding import CodingSession
    from annotator.services.importing import import_paths
    from annotator.store import open_store
    from tests.builders import OTHER, TEXT, code_two_coders, suggest

    folder = path.parent / "corpus"
    folder.mkdir(exist_ok=True)
    for name, text in (("a.txt", TEXT), ("b.txt", OTHER), ("c.txt", THIRD)):
        (folder / name).write_text(text, encoding="utf-8")
    db = open_store(path)
    names = [folder / n for n in ("a.txt", "b.txt", "c.txt")]
    first, second, third = import_paths(db, names, suggest=suggest).article_ids
    ali, _bea = code_two_coders(db, first, second)
    ali.mark_done(third)
    CodingSession(db, "cem").flag(third, "unclear")
    db.close()
    return first, second, third


def make_gold_db(path: Path, gold_path: Path) -> Path:
    """The seed gold imported as the gold layer, the way ``annotator import --annotator gold``."""
    from annotator.services.importing import import_paths
    from annotator.store import open_store

    db = open_store(path)
    report = import_paths(db, [gold_path], annotator="gold", gold_by="lead")
    db.close()
    assert report.ok and report.imported == 5
    return path


def desk_fixtures(extra: tuple[str, ...] = ()):
    """The fixtures ``open_desk`` and ``desk`` for a test module: ``open_desk, desk = ...``.

    ``open_desk(path, coder="ali")`` shows the window on a database file with the focus in the
    article (a fixed clock: no time is recorded); ``desk`` is one on seed 000 with
    DESK_SUGGESTIONS and the seeds in ``extra``.
    """
    import pytest

    @pytest.fixture
    def open_desk(qtbot):
        from annotator.gui.main_window import MainWindow
        from annotator.store import open_store
        from tests.gui.windows import window_opener

        def build(path: Path, coder: str = "ali") -> MainWindow:
            return MainWindow(open_store(path), coder, clock=lambda: 0.0)

        yield from window_opener(qtbot, build, (1200, 800))

    @pytest.fixture
    def desk(open_desk, tmp_path: Path):
        make_desk_project(tmp_path / "desk.db", extra)
        return open_desk(tmp_path / "desk.db")

    return open_desk, desk


def main(db_path: str) -> int:
    """Code the whole project by key presses, reporting each decision on stdout."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.gui.app import application
    from annotator.gui.main_window import MainWindow
    from annotator.store import open_store

    app = application()
    db = open_store(db_path)
    window = MainWindow(db, "killer", clock=lambda: 0.0)
    window.show()
    window.activateWindow()
    window.view.setFocus()
    while not window.view.hasFocus():
        app.processEvents()
    decided = 0
    seen: set[int] = set()
    while window.article_id is not None and window.article_id not in seen:
        article_id = window.article_id
        seen.add(article_id)
        QTest.keyClick(window.view, Qt.Key.Key_Tab)
        while (row := window.current_row()) is not None and not row.confirmed:
            accept = decided % 2 == 0
            QTest.keyClick(window.view, Qt.Key.Key_A if accept else Qt.Key.Key_R)
            decided += 1
            print(f"DECIDED {decided} {'accept' if accept else 'reject'} {row.id}", flush=True)
        QTest.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        print(f"DONE {article_id}", flush=True)
        sys.stdin.readline()  # the next article once stdin says so (or is closed)
    print("FINISHED", flush=True)
    sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))


def desk_interrupted(
    db_path: Path, env: dict[str, str], ini: Path, coder: str, *, linger: float = 0.0
) -> tuple[int, str]:
    """Run the real ``annotator gui --db DB_PATH`` with ``env``, wait until it is up (the desk
    writes the open article into ``ini`` under ``coder``'s key from its event loop), let it run
    ``linger`` seconds more, press Ctrl+C (SIGINT) and return its exit status and stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "gui", "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        last_key = coder.encode("utf-8").hex()
        deadline = time.monotonic() + 60  # a safety net for a hung start, not a speed assertion
        while last_key not in ini.read_text(encoding="utf-8"):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the desk did not start with the coder's settings"
            time.sleep(0.05)
        time.sleep(linger)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err
