"""Really damaging a database file, and a second process that holds or writes to one (tests)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def damage_pages(path: Path) -> None:
    """Overwrite the middle third of the file's pages with junk, the header kept, so that
    ``PRAGMA quick_check`` fails (the log is first copied into the file and removed)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    pages = path.stat().st_size // page
    assert pages >= 6, f"{path} is too small to damage ({pages} pages)"
    with path.open("r+b") as fh:
        for n in range(pages // 3, 2 * pages // 3):
            fh.seek(n * page)
            fh.write(bytes((n * 7 + k) % 251 for k in range(page)))


def env() -> dict[str, str]:
    """The environment for a subprocess running this checkout's code."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def holder(path: Path) -> subprocess.Popen[str]:
    """A second process with a connection open on ``path`` (a coder's desk) until its stdin
    closes; it has read the database when this returns."""
    code = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(path)!r})\n"
        "c.execute('SELECT count(*) FROM sqlite_master').fetchone()\n"
        "print('open', flush=True)\n"
        "sys.stdin.read()\n"
        "c.close()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    return proc


def release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=30)


def tamper(path: Path, sql: str) -> None:
    """Run ``sql`` on the database with its triggers and foreign keys out of the way (as a
    hand edit or another program would), then put the triggers back."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA ignore_check_constraints=ON")
    conn.execute("BEGIN")
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    changed = conn.execute(sql).rowcount
    for _name, text in triggers:
        conn.execute(text)
    conn.execute("COMMIT")
    conn.close()
    assert changed > 0, sql


def damage_table(path: Path, table: str) -> None:
    """Overwrite the leaf pages of one table with junk (the rest of the file intact), so a
    program that never reads that table opens the file without noticing."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [
        r[0]
        for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", [table]
        )
    ]
    conn.close()
    assert pages, f"{table} has no leaf pages in {path}"
    with path.open("r+b") as fh:
        for n in pages:
            fh.seek((n - 1) * page)
            fh.write(bytes((n * 7 + k) % 251 for k in range(page)))
