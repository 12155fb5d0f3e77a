"""A span's history from the audit log: who suggested, accepted, changed or rejected it, and when.

The history of a suggestion includes every coder's decision on it; a coder's span includes the
suggestion it decides and what the lead did with it in the gold layer; a gold span includes the
coders' spans it came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from annotator.domain import GOLD, Label, Span
from annotator.store import Project, StoreError
from annotator.store import history as store


@dataclass(frozen=True)
class HistoryEvent:
    """One change to a span row (or to the lead's rejection of it), oldest first."""

    at: str
    who: str | None
    action: str  # suggested accepted corrected rejected added imported changed deleted
    # gold_rejected gold_unrejected
    span_id: int
    annotator: str | None
    span: Span | None  # the span after the change (before it, for a deletion)
    previous: Span | None = None  # the span before an update


def _image(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text else None


def _span(image: dict[str, Any] | None) -> Span | None:
    if image is None or "label" not in image:
        return None
    attrs = image.get("attrs") or {}
    if isinstance(attrs, str):
        attrs = json.loads(attrs)
    return Span(image["start"], image["end"], Label(image["label"]), attrs)


def _action(action: str, tbl: str, before: dict | None, after: dict | None) -> str:
    if tbl == "gold_rejections":
        return "gold_rejected" if action == "insert" else "gold_unrejected"
    if action == "delete":
        return "deleted"
    assert after is not None
    if action == "insert":
        if after["origin"] == "import":
            return "imported"
        return str(after["status"])
    assert before is not None
    if before["status"] != after["status"]:
        return str(after["status"])
    return "changed"


def span_history(db: Project, span_id: int) -> list[HistoryEvent]:
    """Every audited change to the span and the rows tied to it, oldest first."""
    article_id = store.span_article(db, span_id)
    if article_id is None:
        raise StoreError(f"no span with id {span_id}")
    rows = store.span_audit(db, article_id)
    links: dict[int, list[tuple[int, str]]] = {}  # gold span id -> (audit id, lead) of its links
    for r in sorted(rows):
        if r[4] == "gold_sources":
            links.setdefault(r[5], []).append((r[0], r[2]))
    parsed = [
        (r[0], r[1], r[2], r[3], r[4], r[5], _image(r[6]), _image(r[7]))
        for r in rows
        if r[4] != "gold_sources" and not (r[4] == "gold_rejections" and r[3] == "update")
    ]
    logged = {e[5] for e in parsed if e[4] == "spans" and e[3] == "insert"}
    parsed = sorted(parsed + _unlogged_suggestions(db, article_id, logged), key=lambda e: e[:2])
    images: dict[int, dict[str, Any]] = {}
    for _id, _at, _who, _act, tbl, row_id, before, after in parsed:
        if tbl == "spans" and row_id is not None:
            images[row_id] = after or before or images.get(row_id, {})
    related = _related(db, span_id, images)
    events = []
    for audit_id, at, logged, act, tbl, row_id, before, after in parsed:
        if row_id not in related:
            continue
        image = after if after is not None else before
        annotator = (image or {}).get("annotator")
        who = logged
        if tbl == "spans" and annotator == GOLD:
            who = _lead(links.get(row_id, []), audit_id) or logged
        span = _span(image) if tbl == "spans" else _span(images.get(row_id))
        previous = _span(before) if act == "update" else None
        events.append(
            HistoryEvent(
                at, who, _action(act, tbl, before, after), row_id, annotator, span, previous
            )
        )
    return events


def audit_stamp(stamp: str) -> str:
    """A time stamp of ``store.now()`` (``...T12:00:00.123+00:00``) as the audit log writes it
    (``...T12:00:00.123Z``)."""
    return stamp[:-6] + "Z" if stamp.endswith("+00:00") else stamp


def _unlogged_suggestions(db: Project, article_id: int, logged: set[int]) -> list[tuple]:
    """The article's suggestions without an audit row of their own, as audit-like "insert"
    entries: stored in a batch, whose row says which suggester proposed them and when, or
    brought in by a merge (the span row says it)."""
    entries = []
    for batch_at, batch_suggester, image in store.batch_suggestions(db, article_id):
        if image["id"] in logged:
            continue
        at = batch_at or audit_stamp(image["created_at"])
        who = batch_suggester or image["suggester"]
        entries.append((0, at, who, "insert", "spans", image["id"], None, image))
    return entries


def _lead(links: list[tuple[int, str]], audit_id: int) -> str | None:
    """The lead behind a gold span's row change: the one who wrote its source links right after
    it (a new or newly decided span), else the last one who did before (an edit, a removal)."""
    for link_id, lead in links:
        if link_id == audit_id + 1:
            return lead
    earlier = [lead for link_id, lead in links if link_id < audit_id]
    return earlier[-1] if earlier else None


def _related(db: Project, span_id: int, images: dict[int, dict[str, Any]]) -> set[int]:
    """The span, its suggestion, decisions on it, its gold sources and gold spans made from it."""
    related = {span_id}
    image = images.get(span_id, {})
    if image.get("suggestion_id") is not None:
        related.add(image["suggestion_id"])
    if image.get("origin") == "suggestion":
        related |= {i for i, im in images.items() if im.get("suggestion_id") == span_id}
    if image.get("annotator") == GOLD:
        for source in store.sources_of_gold(db, span_id):
            related.add(source)
            sug = images.get(source, {}).get("suggestion_id")
            if sug is not None:
                related.add(sug)
    else:
        related |= set(store.gold_made_from(db, span_id))
    return related
