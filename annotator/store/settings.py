"""Project settings: one text value per key (e.g. when the sample articles were imported)."""

from __future__ import annotations

from sqlite_utils import Database


def get_setting(db: Database, key: str) -> str | None:
    """The value stored under ``key``, or None."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def stamp_setting(db: Database, key: str) -> None:
    """Store the current UTC time (SQL ``datetime('now')``) under ``key``."""
    db.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, datetime('now'))",
        [key],
    )
