"""Project settings: one text value per key (e.g. when the sample articles were imported)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database


def get_setting(db: Database, key: str) -> str | None:
    """The value stored under ``key``, or None."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def stamp_setting(db: Database, key: str) -> None:
    """Store the current UTC time (as SQL's ``datetime('now')`` writes it) under ``key``."""
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")],
    )
