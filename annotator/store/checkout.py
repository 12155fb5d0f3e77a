"""Copying one coder's share of a team server's project into a new SQLite project (a checkout).

What the desk needs to code offline: the articles assigned to the coder (not those of an import
still publishing), their suggestions and the batches they came in, the coder's own spans,
article states, assignments and log rows, and the project's settings. Ids are kept, so the
copied log rows point at the same rows; gold and other coders' layers stay on the server (a
coder's login could not read them anyway). The rows come back with ``services.merge`` (a
checkin), which matches articles by their text, not by id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.store.errors import StoreError
from annotator.store.merge_input import open_input
from annotator.store.merging import PAUSED_TRIGGERS, paused_triggers
from annotator.store.spans import SPAN_COLUMNS

CHECKOUT_KEY = "checkout"  # settings: where the copy came from and whose layer it holds

# The coder's articles: assigned to them and published.
_ASSIGNED = (
    "SELECT article_id FROM assignments WHERE annotator = :who"
    " AND article_id NOT IN (SELECT article_id FROM import_pending)"
)
_SPAN_COLUMNS = ("id", *SPAN_COLUMNS, "batch_id")


@dataclass
class CopiedRows:
    """How many rows of each kind a checkout copied."""

    articles: int = 0
    suggestions: int = 0
    spans: int = 0
    states: int = 0
    log_rows: int = 0


def has_annotator(db: Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM annotators WHERE name = ?", [name]).fetchone() is not None


def assigned_count(db: Database, name: str) -> int:
    """How many published articles are assigned to ``name``."""
    return db.execute(f"SELECT count(*) FROM ({_ASSIGNED}) AS a", {"who": name}).fetchone()[0]


def copy_layer(
    server: Database, target: Database, name: str, record: Mapping[str, Any]
) -> CopiedRows:
    """Copy coder ``name``'s share of the server's project into the new project ``target``
    (in the caller's transaction on ``target``); ``record`` is stored under ``CHECKOUT_KEY``."""
    who = {"who": name}

    def copy(table: str, columns: tuple[str, ...], where: str, params: Mapping = who) -> int:
        names = ", ".join(f'"{c}"' for c in columns)
        rows = server.execute(f"SELECT {names} FROM {table} WHERE {where}", dict(params))
        rows = rows.fetchall()
        if rows:
            marks = ", ".join("?" for _ in columns)
            target.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        return len(rows)

    mine = f"annotator = :who AND article_id IN ({_ASSIGNED})"
    copied = CopiedRows()
    with paused_triggers(target, PAUSED_TRIGGERS):  # the log is copied, not written anew
        copy("annotators", ("name", "role", "created_at"), "name = :who")
        copied.articles = copy(
            "articles",
            ("id", "hash", "source", "title", "text", "text_length", "meta", "imported_at"),
            f"id IN ({_ASSIGNED}) ORDER BY id",
        )
        copy(
            "suggestion_batches",
            ("id", "suggester", "suggester_version", "at", "source"),
            "id IN (SELECT batch_id FROM spans WHERE batch_id IS NOT NULL"
            f" AND article_id IN ({_ASSIGNED})) ORDER BY id",
        )
        copied.suggestions = copy(
            "spans", _SPAN_COLUMNS, f"annotator IS NULL AND article_id IN ({_ASSIGNED}) ORDER BY id"
        )
        copied.spans = copy("spans", _SPAN_COLUMNS, f"{mine} ORDER BY id")
        copied.states = copy(
            "article_state",
            ("article_id", "annotator", "state", "note", "seconds_spent", "updated_at"),
            mine,
        )
        copy("assignments", ("article_id", "annotator", "assigned_at"), mine)
        copied.log_rows = copy(
            "audit",
            ("at", "who", "action", "tbl", "row_id", "article_id", "before", "after"),
            f"who = :who AND article_id IN ({_ASSIGNED}) ORDER BY id",
        )
        copy("settings", ("key", "value"), "key != :key", {"key": CHECKOUT_KEY})
        target.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [CHECKOUT_KEY, json.dumps(dict(record), ensure_ascii=False)],
        )
    return copied


def checkout_record(path: Path) -> dict[str, Any] | None:
    """What ``copy_layer`` recorded in the project file ``path`` (read-only), or None for a
    project that is not a checkout."""
    source = open_input(path)
    try:
        if "settings" not in source.tables():
            return None
        row = source.execute("SELECT value FROM settings WHERE key = ?", [CHECKOUT_KEY]).fetchone()
    finally:
        source.close()
    if row is None:
        return None
    try:
        record = json.loads(row[0])
    except (TypeError, ValueError):
        record = None
    if not isinstance(record, dict) or not isinstance(record.get("annotator"), str):
        raise StoreError(f"{path}: its checkout record is damaged ({row[0]!r})")
    return record
