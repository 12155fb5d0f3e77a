"""Comparing coders' spans on one article: clusters of overlapping spans and how they differ.

A cluster is a connected group of overlapping spans across the compared coders. It is agreed
when every coder has exactly the same spans in it (offsets, label and attributes; an attribute
set to null counts as absent). Otherwise it is a disagreement of one or more kinds:

- ``missing``: a coder has nothing overlapping the others' spans;
- ``label``: the coders gave the overlapping text different labels;
- ``boundary``: same label, different offsets;
- ``attribute``: same offsets and label, different attributes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from annotator.domain import Span


class Disagreement(str, Enum):
    """How coders' versions of one cluster differ, most serious first."""

    MISSING = "missing"
    LABEL = "label"
    BOUNDARY = "boundary"
    ATTRIBUTE = "attribute"

    def __str__(self) -> str:
        return self.value


def attrs_key(attrs: Mapping[str, Any]) -> str:
    """Canonical text of attributes for comparison: null values dropped, keys sorted."""
    kept = {k: v for k, v in attrs.items() if v is not None}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def attrs_json_key(attrs_json: str | None) -> str:
    """``attrs_key`` of stored JSON attributes (also registered as an SQL function)."""
    return attrs_key(json.loads(attrs_json) if attrs_json else {})


def full_key(span: Span) -> tuple[int, int, str, str]:
    """What two coders must share to agree on a span: offsets, label and attributes."""
    return (span.start, span.end, span.label.value, attrs_key(span.attrs))


@dataclass(frozen=True)
class CoderSpan:
    """One coder's confirmed span (``id`` is its row in ``spans``)."""

    id: int
    annotator: str
    span: Span


@dataclass(frozen=True, eq=False)
class Cluster:
    """Overlapping spans of the compared coders and how they differ (``kinds`` empty: agreed)."""

    start: int
    end: int
    versions: dict[str, tuple[CoderSpan, ...]]
    kinds: tuple[Disagreement, ...]

    @property
    def agreed(self) -> bool:
        return not self.kinds

    @property
    def kind(self) -> Disagreement | None:
        """The most serious way the versions differ (None when agreed)."""
        return self.kinds[0] if self.kinds else None

    @property
    def spans(self) -> tuple[CoderSpan, ...]:
        """Every coder's span in the cluster, by row id."""
        return tuple(sorted((s for v in self.versions.values() for s in v), key=lambda s: s.id))

    @property
    def key(self) -> tuple[int, ...]:
        """Identity of the cluster: its span ids."""
        return tuple(s.id for s in self.spans)

    @property
    def missing(self) -> tuple[str, ...]:
        """Coders with nothing in this cluster."""
        return tuple(c for c, v in self.versions.items() if not v)


def clusters(spans_by_coder: Mapping[str, Sequence[CoderSpan]]) -> list[Cluster]:
    """Group the coders' spans into clusters of overlapping spans, in reading order."""
    coders = list(spans_by_coder)
    items = sorted(
        (s for c in coders for s in spans_by_coder[c]),
        key=lambda s: (s.span.start, s.span.end, s.span.label.value, s.id),
    )
    groups: list[list[CoderSpan]] = []
    end = -1
    for item in items:
        if groups and item.span.start < end:
            groups[-1].append(item)
            end = max(end, item.span.end)
        else:
            groups.append([item])
            end = item.span.end
    out = []
    for group in groups:
        versions = {c: tuple(s for s in group if s.annotator == c) for c in coders}
        out.append(
            Cluster(
                min(s.span.start for s in group),
                max(s.span.end for s in group),
                versions,
                classify(versions),
            )
        )
    return out


def classify(versions: Mapping[str, Sequence[CoderSpan]]) -> tuple[Disagreement, ...]:
    """The kinds of disagreement among the coders' versions of one cluster (empty: agreed)."""
    keys = [frozenset(full_key(s.span) for s in v) for v in versions.values()]
    if all(k == keys[0] for k in keys):
        return ()
    kinds: list[Disagreement] = []
    present = [v for v in versions.values() if v]
    if len(present) < len(versions):
        kinds.append(Disagreement.MISSING)
    labels = [frozenset(s.span.label for s in v) for v in present]
    if any(lab != labels[0] for lab in labels):
        kinds.append(Disagreement.LABEL)
    if _differ(present, lambda s: s.span.label.value, lambda s: (s.span.start, s.span.end)):
        kinds.append(Disagreement.BOUNDARY)
    if _differ(present, lambda s: s.span.key, lambda s: attrs_key(s.span.attrs)):
        kinds.append(Disagreement.ATTRIBUTE)
    return tuple(kinds)


def _differ(present: Sequence[Sequence[CoderSpan]], group: Any, value: Any) -> bool:
    """True when two coders that both have spans in some ``group`` give them different values."""
    per_coder = []
    for version in present:
        grouped: dict[Any, set[Any]] = {}
        for s in version:
            grouped.setdefault(group(s), set()).add(value(s))
        per_coder.append(grouped)
    shared = {g for grouped in per_coder for g in grouped}
    for g in shared:
        values = [grouped[g] for grouped in per_coder if g in grouped]
        if any(v != values[0] for v in values):
            return True
    return False
