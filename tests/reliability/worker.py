"""A second process for the reliability tests: imports, codes, holds the lock or dies on cue.

Run as ``python tests/reliability/worker.py COMMAND [DB] [ARGS...]`` with the repository on
PYTHONPATH. It talks through lines: it prints what it did (flushed at once) and waits for
lines on stdin where a test needs to say when.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import sys
from pathlib import Path

from annotator.domain import Label, Span, Suggestion
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo

_DIGITS = re.compile(r"[0-9\u0660-\u0669]+")


def fake_suggest(text: str) -> list[Suggestion]:
    """A fast deterministic suggester: every run of digits is a CASUALTY (at most 20)."""
    return [
        Suggestion(Span(m.start(), m.end(), Label.CASUALTY), 0.5, "fake", "1")
        for m in list(_DIGITS.finditer(text))[:20]
    ]


def say(line: str) -> None:
    print(line, flush=True)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def cmd_import(db_path: str, die_at: str, *paths: str) -> None:
    """Import ``paths``; with ``die_at`` = N, SIGKILL itself inside the write transaction that
    publishes the file holding the N-th new article, after its rows went in."""
    from annotator.services.importing import storing

    limit, calls = int(die_at), [0]
    original = storing.publish_file

    def publish_then_maybe_die(*args, **kwargs):
        published = original(*args, **kwargs)
        before = calls[0]
        calls[0] += len(published.ids)  # new articles only
        if limit and before < limit <= calls[0]:
            die()  # inside the file's write transaction, after its rows
        return published

    storing.publish_file = publish_then_maybe_die
    db = open_store(db_path)
    import_paths(db, list(paths), suggest=fake_suggest, progress=lambda p, _s: say(f"FILE {p}"))
    say("END")


def cmd_hold(db_path: str) -> None:
    """Take the write lock, say LOCKED, keep it until a line arrives, then commit a write."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO settings (key, value) VALUES ('held', 'yes')")
    say("LOCKED")
    sys.stdin.readline()
    conn.execute("COMMIT")
    conn.close()
    say("RELEASED")


def cmd_code(db_path: str, annotator: str, rounds: str) -> None:
    """After a GO line: ``rounds`` times add a span of its own and add a second to a shared row."""
    db = open_store(db_path)
    first = repo.article_ids(db)[0]
    text = repo.get_article(db, first).text
    say("READY")
    sys.stdin.readline()
    for i in range(int(rounds)):
        start = i % (len(text) - 1)
        repo.add_span(db, first, annotator, Span(start, start + 1, Label.PLACE, {"place": f"{i}"}))
        repo.add_seconds(db, first, "shared", 1.0)
    say("DONE")


def cmd_open_and_die(db_path: str, where: str) -> None:
    """Open (upgrading) the database and SIGKILL itself before the backup is renamed
    (``where`` = backup) or inside the migration transaction (``where`` = migrate)."""
    from annotator.store import connection

    if where == "backup":
        original_replace = Path.replace

        def replace_then_die(self: Path, target: Path) -> Path:
            if self.name.endswith(".part"):
                die()
            return original_replace(self, target)

        Path.replace = replace_then_die  # type: ignore[method-assign]
    else:
        original_migrate = connection.migrate

        def migrate_then_die(db, stop_before=None):
            original_migrate(db, stop_before)
            die()

        connection.migrate = migrate_then_die
    open_store(db_path)
    say("OPENED")


def cmd_cli_pause(point: str, *args: str) -> None:
    """Run ``annotator ARGS`` but stop at ``point`` of the export writer: say ``AT point`` and
    wait for a line (the test SIGKILLs it there). ``no-exchange-*`` points also take away the
    atomic folder swap, as on a system without ``renameat2``."""
    from annotator import cli
    from annotator.services.export import tables, writer

    def pause() -> None:
        say(f"AT {point}")
        sys.stdin.readline()

    def before(name: str, module: object = writer, when=lambda *a: True) -> None:
        original = getattr(module, name)

        def wrapper(*a, **kw):
            if when(*a):
                pause()
            return original(*a, **kw)

        setattr(module, name, wrapper)

    def after(name: str) -> None:
        original = getattr(writer, name)

        def wrapper(*a, **kw):
            result = original(*a, **kw)
            pause()
            return result

        setattr(writer, name, wrapper)

    if point.startswith("no-exchange"):
        writer._exchange = lambda _a, _b: False
    if point == "mid-write":
        before("add", tables.CsvFormat)
    elif point == "mid-report":
        from annotator.services import report_charts

        before("_draw", report_charts, when=lambda path, *_: path.name == "places.png")
    elif point == "before-swap":
        before("_swap_in")
    elif point == "after-exchange":
        after("_exchange")
    elif point == "no-exchange-between-renames":
        after("_set_aside")
    elif point == "no-exchange-after-renames":
        before("_discard", when=lambda path: path.name.endswith(writer.PREVIOUS))
    elif point == "file-before-rename":
        original_replace = Path.replace

        def replace(self: Path, target: Path) -> Path:
            if self.name.endswith(".tmp"):
                pause()
            return original_replace(self, target)

        Path.replace = replace  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown point {point}")
    sys.argv = ["annotator", *args]
    cli.main()


COMMANDS = {
    "cli-pause": cmd_cli_pause,
    "import": cmd_import,
    "hold": cmd_hold,
    "code": cmd_code,
    "open-and-die": cmd_open_and_die,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
