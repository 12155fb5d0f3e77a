"""Merging one article's spans, gold links and audit rows from an input database into OUT.

Spans are matched across databases by what they are, never by row id:

- a suggestion by its offsets and label (one shared suggestion per place, as in the schema);
- a coder's decision on a suggestion by (coder, that suggestion);
- any other confirmed span of a coder (added, imported, gold) by (coder, offsets, label),
  which also catches a span one machine accepted from a suggestion and the other added by hand.

A coder's span overlapping one of theirs already in OUT at other offsets or with another label
is a conflict too (the same mention marked differently on two machines): one coder's spans
never overlap, whatever the labels.

Two versions of the same coder's span that differ (attributes, offsets of a correction,
rejected on one side and confirmed on the other) are a conflict: OUT keeps its version and
the conflict is reported. Rows only the input has are inserted with their timestamps.

Gold spans come only with the lead who decided them: a gold link (``gold_sources``) naming its
``decided_by``, or a log row of its making that names someone other than ``gold``. Gold spans,
links and rejections without a lead are not merged; each is listed in the report.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.domain import GOLD
from annotator.services.compare import attrs_json_key
from annotator.services.history import audit_stamp
from annotator.store import Project
from annotator.store import merging as store
from annotator.store.gold import GOLD_IMPORT
from annotator.store.merge_input import Source
from annotator.store.spans import SPAN_COLUMNS

Row = dict[str, Any]


@dataclass(frozen=True)
class Conflict:
    """The same coder's span (or state) with different decisions in OUT and in an input."""

    input: str
    source: str
    article_hash: str
    coder: str
    what: str
    ours: str
    theirs: str

    def __str__(self) -> str:
        return (
            f"{self.input}: article {self.source!r} ({self.article_hash[:12]}), coder"
            f" {self.coder}, {self.what}: kept {self.ours}; input has {self.theirs}"
        )


@dataclass
class Counts:
    """What one input added to OUT."""

    annotators: int = 0
    articles_added: int = 0
    articles_matched: int = 0
    spans_added: int = 0
    spans_same: int = 0
    states_added: int = 0
    states_updated: int = 0
    gold_links: int = 0
    assignments: int = 0
    audit_rows: int = 0

    def changed(self) -> bool:
        return any(
            getattr(self, f)
            for f in self.__dataclass_fields__
            if f not in {"articles_matched", "spans_same"}
        )


@dataclass
class ArticleMerge:
    """State of merging one article: the id maps and OUT's spans indexed by identity."""

    out: Project
    src: Source
    out_article: int
    text: str
    counts: Counts
    conflicts: list[Conflict]
    where: tuple[str, str, str]  # input name, article source, article hash
    span_map: dict[int, int | None] = field(default_factory=dict)
    inserted: set[int] = field(default_factory=set)  # OUT rows this article's merge added
    suggestions: dict[tuple[int, int, str], Row] = field(default_factory=dict)
    decisions: dict[tuple[str, int], Row] = field(default_factory=dict)
    confirmed: dict[tuple[str, int, int, str], Row] = field(default_factory=dict)
    rejected: dict[tuple[str, int, int, str], Row] = field(default_factory=dict)
    only: str | None = None  # a checkin: only this coder's layer comes back (see services.checkout)
    left_out: list[str] | None = None  # a checkin's rows OUT cannot take, described
    src_audit: list[tuple[Any, ...]] = field(default_factory=list)  # the input's log rows
    log_times: dict[tuple[Any, ...], str] = field(default_factory=dict)  # see ``insert_times``
    links: list[tuple[Any, ...]] = field(default_factory=list)  # see ``link_new_gold``
    audit_mark: int | None = None  # OUT's log rows after this id were written by this merge
    clock: store.LogClock | None = None  # dates the log rows OUT's triggers write

    def __post_init__(self) -> None:
        if self.clock is None:
            self.clock = store.LogClock(self.out)

    def conflict(self, coder: str, what: str, ours: str, theirs: str) -> None:
        """Report that OUT and the input differ here (OUT keeps ``ours``)."""
        self.conflicts.append(Conflict(*self.where, coder, what, ours, theirs))

    def index(self, row: Row) -> None:
        key = (row["start"], row["end"], row["label"])
        if row["annotator"] is None:
            self.suggestions.setdefault(key, row)
            return
        ann = row["annotator"]
        if row["suggestion_id"] is not None:
            self.decisions[(ann, row["suggestion_id"])] = row
        if row["status"] == "rejected":
            sug = store.span_of(self.out, row["suggestion_id"])
            self.rejected[(ann, sug["start"], sug["end"], sug["label"])] = row
        else:
            self.confirmed.setdefault((ann, *key), row)

    def skip_gold(self, skipped: list[str], what: str) -> None:
        """Report gold the input has without the lead who decided it (not merged)."""
        name, source, digest = self.where
        skipped.append(f"{name}: article {source!r} ({digest[:12]}): {what}: no deciding lead")

    def leave_out(self, what: str) -> None:
        """Report a row of the checked-in layer that OUT cannot take (not merged)."""
        name, source, digest = self.where
        if self.left_out is not None:
            self.left_out.append(f"{name}: article {source!r} ({digest[:12]}): {what}")

    def describe(self, row: Row) -> str:
        surface = self.text[row["start"] : row["end"]]
        attrs = attrs_json_key(row["attrs"])
        return f"{row['status']} {row['label']} [{row['start']}, {row['end']}) ‘{surface}’ {attrs}"


def merge_spans(m: ArticleMerge, in_article: int, gold_skipped: list[str]) -> None:
    """Bring the input article's spans into OUT (suggestions first, then coders' rows; gold
    only with its lead)."""
    for row in store.spans_of(m.out, m.out_article):
        m.index(row)
    rows = m.src.spans_of(in_article)
    by_id = {r["id"]: r for r in rows}
    led = m.src.gold_with_lead(in_article, GOLD, GOLD_IMPORT)
    for row in rows:
        if row["annotator"] is None:
            key = (row["start"], row["end"], row["label"])
            found = m.suggestions.get(key)
            if found is None and m.only is not None:  # a checkin adds no suggestions
                m.span_map[row["id"]] = None
                continue
            m.span_map[row["id"]] = found["id"] if found else _insert(m, row, None)
    for row in rows:
        if m.only is not None and row["annotator"] != m.only:
            m.span_map.setdefault(row["id"], None)
        elif row["annotator"] == GOLD and row["id"] not in led:
            m.span_map[row["id"]] = None
            m.skip_gold(gold_skipped, f"gold span {m.describe(row)}")
        elif row["suggestion_id"] is not None and m.span_map[row["suggestion_id"]] is None:
            m.span_map[row["id"]] = None  # a checkin: the suggestion is not in OUT
            m.leave_out(f"{m.describe(row)}: decides a suggestion the project does not have")
        elif row["annotator"] is not None:
            m.span_map[row["id"]] = new_id = _merge_coder_row(m, row, by_id)
            if row["annotator"] == GOLD and new_id in m.inserted:
                link_new_gold(m, row["id"])


def _insert(m: ArticleMerge, row: Row, suggestion_id: int | None) -> int:
    values = {**{c: row[c] for c in SPAN_COLUMNS}, "article_id": m.out_article}
    values["suggestion_id"] = suggestion_id
    at = m.log_times.get(("spans", row["id"]))
    if at is None and row["annotator"] is None:  # a suggestion of a batch: when it was made
        at = audit_stamp(row["created_at"])
    m.clock.set(at)
    new_id = store.insert_span(m.out, values)
    m.counts.spans_added += 1
    m.inserted.add(new_id)
    m.index({**values, "id": new_id})
    return new_id


def _same(a: Row, b: Row) -> bool:
    return (
        a["status"] == "rejected",
        a["start"],
        a["end"],
        a["label"],
        attrs_json_key(a["attrs"]),
    ) == (
        b["status"] == "rejected",
        b["start"],
        b["end"],
        b["label"],
        attrs_json_key(b["attrs"]),
    )


def _merge_coder_row(m: ArticleMerge, row: Row, by_id: dict[int, Row]) -> int | None:
    ann = row["annotator"]
    out_sug: int | None = None
    key = (ann, row["start"], row["end"], row["label"])
    if row["suggestion_id"] is not None:
        sug = by_id[row["suggestion_id"]]
        out_sug = m.span_map[sug["id"]]
        assert out_sug is not None
        existing = m.decisions.get((ann, out_sug))
        if existing is not None:
            return _same_or_conflict(m, existing, row)
        if row["status"] == "rejected":
            key = (ann, sug["start"], sug["end"], sug["label"])
            clash = m.confirmed.get(key)
            if clash is not None:
                return _conflict(m, clash, row)
            return _insert(m, row, out_sug)
    if row["status"] != "rejected":
        existing = m.confirmed.get(key)
        if existing is not None:
            return _same_or_conflict(m, existing, row)
        clash = m.rejected.get(key) or _overlapping(m, row)
        if clash is not None:
            return _conflict(m, clash, row)
    return _insert(m, row, out_sug)


def _overlapping(m: ArticleMerge, row: Row) -> Row | None:
    """OUT's confirmed span of the same coder over the same text (any label)."""
    for (ann, start, end, _label), other in m.confirmed.items():
        if (
            ann == row["annotator"]
            and start < row["end"]
            and row["start"] < end
            and other["id"] not in m.inserted
        ):
            return other
    return None


def _same_or_conflict(m: ArticleMerge, existing: Row, row: Row) -> int | None:
    if _same(existing, row):
        m.counts.spans_same += 1
        return existing["id"]
    return _conflict(m, existing, row)


def _conflict(m: ArticleMerge, existing: Row, row: Row) -> None:
    """Report the clash; the input's row maps to nothing (its log rows stay unlinked)."""
    m.conflict(row["annotator"], "span", m.describe(existing), m.describe(row))


# ----- gold links ------------------------------------------------------------------------------


def merge_gold_links(
    m: ArticleMerge, in_article: int, tables: set[str], gold_skipped: list[str]
) -> None:
    """Gold sources and rejections of the article, with span ids mapped into OUT; a link or
    rejection that names no deciding lead is not merged (it is listed in ``gold_skipped``)."""
    if m.only is not None:  # a checkin brings one coder's layer, never gold
        return
    if "gold_sources" in tables:
        for gold_id, source_id, annotator, lead in m.src.gold_links_of(in_article):
            gold, source = m.span_map.get(gold_id), m.span_map.get(source_id)
            if gold is None or source is None:
                continue
            if lead is None:
                m.skip_gold(gold_skipped, f"the gold link of span {gold_id} to {annotator}'s span")
                continue
            _add_link(m, gold_id, source_id, annotator, lead)
    if "gold_rejections" in tables:
        for source_id, annotator, at, lead in m.src.gold_rejections_of(in_article):
            source = m.span_map.get(source_id)
            if source is None:
                continue
            if lead is None:
                m.skip_gold(gold_skipped, f"the rejection of {annotator}'s span {source_id}")
                continue
            m.clock.set(m.log_times.get(("gold_rejections", source_id)))
            m.counts.gold_links += store.add_gold_rejection(
                m.out, source, m.out_article, annotator, at=at, lead=lead
            )


def link_new_gold(m: ArticleMerge, gold_id: int) -> None:
    """Where OUT's triggers log the merge's inserts (a team server), a gold span just inserted
    gets its links at once: the log then has them right after the span's row, as the input
    has, which is how a span's history finds the lead who decided it."""
    if not m.links:
        return
    for link_gold, source_id, annotator, lead in m.links:
        if link_gold == gold_id and lead is not None and m.span_map.get(source_id) is not None:
            _add_link(m, gold_id, source_id, annotator, lead)


def _add_link(m: ArticleMerge, gold_id: int, source_id: int, annotator: str, lead: str) -> None:
    gold, source = m.span_map[gold_id], m.span_map[source_id]
    assert gold is not None and source is not None
    m.clock.set(m.log_times.get(("gold_sources", gold_id, source_id)))
    m.counts.gold_links += store.add_gold_link(m.out, gold, source, annotator, lead)


# ----- audit -----------------------------------------------------------------------------------

_IDS = {
    "spans": ("id", "suggestion_id"),
    "gold_rejections": ("source_span_id",),
    "gold_sources": ("gold_span_id", "source_span_id"),
    "gold_import": ("gold_span_id",),  # store.gold.record_gold_import: the lead who imported
}


def _number(text: str) -> float | int:
    """A JSON number; a whole one as int (SQLite writes a REAL 12 as 12.0, PostgreSQL as 12)."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _canon(text: str | None) -> str | None:
    if text is None:
        return None
    return json.dumps(json.loads(text, parse_float=_number), sort_keys=True)


def _remap_image(m: ArticleMerge, tbl: str, text: str | None) -> str | None:
    if text is None:
        return None
    image = json.loads(text)
    changed = dict(image)
    if "article_id" in changed:
        changed["article_id"] = m.out_article
    for key in _IDS.get(tbl, ()):
        if changed.get(key) is not None:
            changed[key] = m.span_map.get(changed[key])
    if changed == image:
        return text
    return json.dumps(changed, ensure_ascii=False, separators=(",", ":"))


def insert_times(rows: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], str]:
    """When the input logged the insert of each row, by the input's key of the row: a span
    ``("spans", id)``, a state ``("article_state", coder)``, an assignment ``("assignments",
    coder)``, a gold link ``("gold_sources", gold id, source id)``, a rejection
    ``("gold_rejections", source id)``; and the last change of a coder's state
    ``("article_state", coder, "update")``; from the input's log rows ``audit_of``."""
    times: dict[tuple[Any, ...], str] = {}
    for at, _who, action, tbl, row_id, _before, after in rows:
        if action == "update" and tbl == "article_state" and after is not None:
            times[(tbl, json.loads(after).get("annotator"), "update")] = at
        if action != "insert" or after is None:
            continue
        image = json.loads(after) if tbl in {"article_state", "assignments", "gold_sources"} else {}
        if tbl in {"spans", "gold_rejections"}:
            times[(tbl, row_id)] = at
        elif tbl in {"article_state", "assignments"}:
            times[(tbl, image.get("annotator"))] = at
        elif tbl == "gold_sources":
            times[(tbl, row_id, image.get("source_span_id"))] = at
    return times


def merge_audit(m: ArticleMerge, in_article: int) -> None:
    """Copy the article's audit rows, ids mapped into OUT; rows OUT has already are skipped
    (on a team server, also the rows its triggers wrote for this merge's inserts, dated as the
    input's: ``store.merging.LogClock``)."""
    have: Counter[tuple[Any, ...]] = Counter()
    fresh: Counter[tuple[Any, ...]] = Counter()  # rows OUT's triggers wrote for this merge
    for audit_id, *row in store.audit_of(m.out, m.out_article):
        at, who, action, tbl, row_id, before, after = row
        key = (at, who, action, tbl, row_id, _canon(before), _canon(after))
        have[key] += 1
        fresh[key] += m.audit_mark is not None and audit_id > m.audit_mark
    for at, who, action, tbl, in_row, in_before, in_after in m.src_audit:
        if m.only is not None and who != m.only:
            continue
        row_id = m.span_map.get(in_row) if tbl in _IDS and in_row is not None else None
        before = _remap_image(m, tbl, in_before)
        after = _remap_image(m, tbl, in_after)
        key = (at, who, action, tbl, row_id, _canon(before), _canon(after))
        if have[key] > 0:
            have[key] -= 1
            if fresh[key] > 0:  # written by the trigger of this merge's insert: brought
                fresh[key] -= 1
                m.counts.audit_rows += 1
            continue
        store.insert_audit(m.out, m.out_article, (at, who, action, tbl, row_id, before, after))
        m.counts.audit_rows += 1
