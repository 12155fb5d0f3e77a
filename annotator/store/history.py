"""Reading the audit log for a span's history: the audit rows of an article, the suggestions
stored in batches (no audit row each), and the links between gold spans and their sources."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from annotator.store.spans import SPAN_COLUMNS

# (audit id, at, who, action, table, row id, before image as JSON text, after image)
AuditEntry = tuple[int, str, str | None, str, str, int | None, str | None, str | None]


def span_article(db: Database, span_id: int) -> int | None:
    """The article of a span, stored or (deleted since) in the audit log; None if unknown."""
    row = db.execute("SELECT article_id FROM spans WHERE id = ?", [span_id]).fetchone()
    if row is None:
        row = db.execute(
            "SELECT article_id FROM audit WHERE tbl = 'spans' AND row_id = ? LIMIT 1", [span_id]
        ).fetchone()
    return row[0] if row is not None else None


def span_audit(db: Database, article_id: int) -> list[AuditEntry]:
    """The article's audit rows of spans, gold rejections and gold sources, by time."""
    return db.execute(
        "SELECT id, at, who, action, tbl, row_id, before, after FROM audit"
        " WHERE article_id = ? AND tbl IN ('spans', 'gold_rejections', 'gold_sources')"
        " ORDER BY at, id",
        [article_id],
    ).fetchall()


_SUGGESTIONS = """
    SELECT b.at, b.suggester, s.id, s.article_id, s.start, s."end", s.label, s.attrs, s.origin,
        s.status, s.annotator, s.suggestion_id, s.suggester, s.suggester_version, s.score,
        s.created_at, s.updated_at
    FROM spans s LEFT JOIN suggestion_batches b ON b.id = s.batch_id
    WHERE s.article_id = ? AND s.origin = 'suggestion'
"""
_IMAGE_KEYS = ("id", *SPAN_COLUMNS)  # the audit image of a span row


def batch_suggestions(
    db: Database, article_id: int
) -> list[tuple[str | None, str | None, dict[str, Any]]]:
    """The article's suggestions as (batch time, batch suggester, row image as the audit log
    writes it, attributes decoded); time and suggester are None without a batch."""
    found = []
    for r in db.execute(_SUGGESTIONS, [article_id]):
        image = dict(zip(_IMAGE_KEYS, r[2:], strict=True))
        image["attrs"] = json.loads(image["attrs"])
        found.append((r[0], r[1], image))
    return found


def sources_of_gold(db: Database, gold_span_id: int) -> list[int]:
    """Ids of the coders' spans a gold span was made from."""
    return [
        r[0]
        for r in db.execute(
            "SELECT source_span_id FROM gold_sources WHERE gold_span_id = ?", [gold_span_id]
        )
    ]


def gold_made_from(db: Database, source_span_id: int) -> list[int]:
    """Ids of the gold spans made from a coder's span."""
    return [
        r[0]
        for r in db.execute(
            "SELECT gold_span_id FROM gold_sources WHERE source_span_id = ?", [source_span_id]
        )
    ]
