"""A span of an article in code-point offsets, and its gold JSONL form."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from annotator.domain.labels import CIVILIANS, LABEL_ATTRIBUTES, Kind, Label, Qualifier

_ACTOR_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")


class SpanError(ValueError):
    """A span that breaks the codebook (offsets, label or attributes)."""


@dataclass(frozen=True)
class Span:
    """``[start, end)`` in Unicode code points of the stored text, with its label attributes."""

    start: int
    end: int
    label: Label
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", Label(self.label))
        object.__setattr__(self, "attrs", dict(self.attrs))

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.label))

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label.value)

    def surface(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def check(self, text: str) -> None:
        """Raise SpanError unless the span lies inside ``text`` and its attributes are valid."""
        check_offsets(self.start, self.end, len(text))
        check_attributes(self.label, self.attrs)

    def with_attrs(self, **changes: Any) -> Span:
        merged = dict(self.attrs)
        merged.update(changes)
        return Span(self.start, self.end, self.label, merged)


def overlapping(span: Span, others: Iterable[Span]) -> list[Span]:
    """The spans of ``others`` that share at least one code point with ``span``."""
    return [o for o in others if span.overlaps(o)]


def check_no_overlap(spans: Iterable[Span], text: str | None = None) -> None:
    """Raise SpanError if two of ``spans`` overlap (one coder's layer never does)."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for a, b in pairwise(ordered):
        if b.start < a.end:  # sorted by start: any overlap shows between neighbours
            raise SpanError(f"spans {_name(a, text)} and {_name(b, text)} overlap")


def _name(span: Span, text: str | None) -> str:
    return repr(span.surface(text)) if text is not None else f"[{span.start}, {span.end})"


def check_offsets(start: int, end: int, length: int) -> None:
    """SpanError unless ``[start, end)`` are integers (not booleans) inside a text of ``length``."""
    ints = isinstance(start, int) and isinstance(end, int)
    if not ints or isinstance(start, bool) or isinstance(end, bool):
        raise SpanError(f"offsets must be integers, got start={start!r} end={end!r}")
    if start >= end:
        raise SpanError(f"span [{start}, {end}) is empty: start must be less than end")
    if not 0 <= start < end <= length:
        raise SpanError(f"span [{start}, {end}) lies outside the text of length {length}")


def check_attributes(label: Label, attrs: Mapping[str, Any]) -> None:
    allowed = LABEL_ATTRIBUTES[label]
    unknown = [k for k in attrs if k not in allowed]
    if unknown:
        raise SpanError(f"{label.value} span has unknown attribute(s): {', '.join(unknown)}")
    if label is Label.ACTOR:
        actor = attrs.get("actor")
        if actor is not None and not (isinstance(actor, str) and _ACTOR_ID.match(actor)):
            raise SpanError(f"actor id must be upper-case letters, digits or _, got {actor!r}")
    elif label is Label.PLACE:
        gid = attrs.get("geonames_id")
        if gid is not None and (isinstance(gid, bool) or not isinstance(gid, int)):
            raise SpanError(f"geonames_id must be an integer, got {gid!r}")
        place = attrs.get("place")
        if place is not None and not isinstance(place, str):
            raise SpanError(f"place must be a string, got {place!r}")
    else:
        _check_casualty(attrs)


def _check_casualty(attrs: Mapping[str, Any]) -> None:
    count = attrs.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        raise SpanError(f"count must be a non-negative integer or null, got {count!r}")
    kind = attrs.get("kind")
    if kind is not None and kind not in Kind.values():
        raise SpanError(f"kind must be one of {', '.join(Kind.values())}, got {kind!r}")
    qualifier = attrs.get("qualifier")
    if qualifier is not None and qualifier not in Qualifier.values():
        raise SpanError(
            f"qualifier must be one of {', '.join(Qualifier.values())}, got {qualifier!r}"
        )
    victim = attrs.get("victim")
    if victim is not None and not (
        isinstance(victim, str) and (victim == CIVILIANS or _ACTOR_ID.match(victim))
    ):
        raise SpanError(f"victim must be an actor id, CIVILIANS or null, got {victim!r}")


def span_to_gold(span: Span, text: str) -> dict[str, Any]:
    """The codebook's JSON object for one span (attributes flat beside the offsets)."""
    out: dict[str, Any] = {
        "start": span.start,
        "end": span.end,
        "label": span.label.value,
        "text": text[span.start : span.end],
    }
    for key in LABEL_ATTRIBUTES[span.label]:
        if key in span.attrs:
            out[key] = span.attrs[key]
        elif span.label is Label.CASUALTY:
            out[key] = None
    return out


_ATTRIBUTE_OWNER = {key: label for label, keys in LABEL_ATTRIBUTES.items() for key in keys}


def span_from_gold(obj: Mapping[str, Any], text: str) -> Span:
    """Read one gold span, checking offsets, label, attributes and that its text matches.

    The codebook's rules for one span, in one place: ``services.validate`` (and through it
    ``annotator import``) reads every span with this function.
    """
    if not isinstance(obj, Mapping):
        raise SpanError(f"must be a JSON object, got {type(obj).__name__}")
    missing = [k for k in ("start", "end", "label") if k not in obj]
    if missing:
        raise SpanError(f"missing {', '.join(repr(k) for k in missing)}")
    label_name = obj["label"]
    if label_name not in Label.values():
        raise SpanError(f"unknown label {label_name!r} (expected {', '.join(Label.values())})")
    label = Label(label_name)
    start, end = obj["start"], obj["end"]
    check_offsets(start, end, len(text))
    surface = text[start:end]
    if "text" in obj and obj["text"] != surface:
        raise SpanError(f"text {obj['text']!r} does not match text[{start}:{end}] {surface!r}")
    foreign = next(
        (k for k in obj if k in _ATTRIBUTE_OWNER and k not in LABEL_ATTRIBUTES[label]), None
    )
    if foreign is not None:
        owner = _ATTRIBUTE_OWNER[foreign].value
        raise SpanError(f"attribute {foreign!r} belongs to {owner}, not {label.value}")
    attrs = {k: obj[k] for k in LABEL_ATTRIBUTES[label] if k in obj}
    if label is not Label.CASUALTY:
        attrs = {k: v for k, v in attrs.items() if v is not None}
    check_attributes(label, attrs)
    return Span(start, end, label, attrs)
