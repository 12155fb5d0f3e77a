"""Comparing coders' spans on one article: clusters of overlapping spans and how they differ.

A cluster is a connected group of overlapping spans across the compared coders. It is agreed
when every coder has the same spans in it: offsets, label and attributes (an attribute set to
null counts as absent). The codebook's optional attributes (``OPTIONAL``: a PLACE's ``place``
and ``geonames_id``) are "no opinion" when left empty: they disagree only when both coders
filled them differently (two GeoNames ids; or, where not both have an id, two place names).
Otherwise it is a disagreement of one or more kinds:

- ``missing``: a coder has nothing overlapping the others' spans;
- ``label``: the coders gave the overlapping text different labels;
- ``boundary``: same label, different offsets;
- ``attribute``: same offsets and label, different attributes.

When the lead takes a version (``adopt``), the gold span gets the chosen span's attributes with
its empty optional ones filled from the other coders' agreeing spans.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from annotator.arabic.normalize import normalize_key
from annotator.domain import Label, Span

# Attributes a coder may leave empty without disagreeing with a coder who filled them.
OPTIONAL: dict[Label, tuple[str, ...]] = {Label.PLACE: ("place", "geonames_id")}


class Disagreement(StrEnum):
    """How coders' versions of one cluster differ, most serious first."""

    MISSING = "missing"
    LABEL = "label"
    BOUNDARY = "boundary"
    ATTRIBUTE = "attribute"


def attrs_key(attrs: Mapping[str, Any]) -> str:
    """Canonical text of attributes for comparison: null values dropped, keys sorted."""
    kept = {k: v for k, v in attrs.items() if v is not None}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def attrs_json_key(attrs_json: str | None) -> str:
    """``attrs_key`` of stored JSON attributes (also registered as an SQL function)."""
    return attrs_key(json.loads(attrs_json) if attrs_json else {})


def compare_key(span: Span) -> tuple[int, int, str, str]:
    """What two coders must share to agree on a span: offsets, label, non-optional attributes."""
    optional = OPTIONAL.get(span.label, ())
    kept = {k: v for k, v in span.attrs.items() if k not in optional}
    return (span.start, span.end, span.label.value, attrs_key(kept))


def _place_name(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return normalize_key(" ".join(value.split()))


def optional_conflict(label: Label | str, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """True when both filled an optional attribute differently (an empty one is no opinion).

    PLACE: two different GeoNames ids; when not both have an id, two different place names
    (compared after Arabic normalisation). Two equal ids agree whatever the names say.
    """
    if Label(label) is not Label.PLACE:
        return False
    ga, gb = a.get("geonames_id"), b.get("geonames_id")
    if ga is not None and gb is not None:
        return bool(ga != gb)
    na, nb = _place_name(a.get("place")), _place_name(b.get("place"))
    return na is not None and nb is not None and na != nb


def attrs_agree(label: Label | str, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two coders' attributes of spans with the same offsets and label agree."""
    optional = OPTIONAL.get(Label(label), ())
    strict_a = {k: v for k, v in a.items() if k not in optional}
    strict_b = {k: v for k, v in b.items() if k not in optional}
    return attrs_key(strict_a) == attrs_key(strict_b) and not optional_conflict(label, a, b)


def attrs_json_agree(label: str, a_json: str | None, b_json: str | None) -> bool:
    """``attrs_agree`` of stored JSON attributes (also registered as an SQL function)."""
    a = json.loads(a_json) if a_json else {}
    b = json.loads(b_json) if b_json else {}
    return attrs_agree(label, a, b)


def _fill(attrs: Mapping[str, Any], label: Label, other: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(attrs)
    for key in OPTIONAL.get(label, ()):
        empty = out.get(key) is None or (isinstance(out[key], str) and not out[key].strip())
        if empty and other.get(key) is not None:
            out[key] = other[key]
    return out


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


def adopt(chosen: CoderSpan, spans: Sequence[CoderSpan]) -> tuple[Span, list[CoderSpan]]:
    """The gold span made from ``chosen`` and the spans of ``spans`` it stands for.

    Going through ``spans`` in order, each one with the same offsets and label whose
    attributes agree with the span so far is one of its sources and fills the optional
    attributes still empty; ``chosen`` is always the first source.
    """
    span = chosen.span
    attrs = dict(span.attrs)
    same = [chosen]
    for other in spans:
        if other.id == chosen.id or other.span.key != span.key:
            continue
        if attrs_agree(span.label, attrs, other.span.attrs):
            attrs = _fill(attrs, span.label, other.span.attrs)
            same.append(other)
    return Span(span.start, span.end, span.label, attrs), same


def classify(versions: Mapping[str, Sequence[CoderSpan]]) -> tuple[Disagreement, ...]:
    """The kinds of disagreement among the coders' versions of one cluster (empty: agreed)."""
    keys = [frozenset(compare_key(s.span) for s in v) for v in versions.values()]
    conflict = _optional_conflicts(versions)
    if all(k == keys[0] for k in keys) and not conflict:
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
    if conflict or _differ(present, lambda s: s.span.key, lambda s: compare_key(s.span)[3]):
        kinds.append(Disagreement.ATTRIBUTE)
    return tuple(kinds)


def _optional_conflicts(versions: Mapping[str, Sequence[CoderSpan]]) -> bool:
    """True when two coders' spans with the same offsets and label fill an optional attribute
    differently."""
    by_key: dict[tuple[int, int, str], list[CoderSpan]] = {}
    for version in versions.values():
        for s in version:
            if s.span.label in OPTIONAL:
                by_key.setdefault(s.span.key, []).append(s)
    for spans in by_key.values():
        for i, a in enumerate(spans):
            for b in spans[i + 1 :]:
                if a.annotator != b.annotator and optional_conflict(
                    a.span.label, a.span.attrs, b.span.attrs
                ):
                    return True
    return False


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
