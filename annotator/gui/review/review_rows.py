"""What the review window lists for one article: the review items and the lead's own gold spans.

Plain Python (no Qt): rows built from ``ReviewSession.items`` and ``ReviewSession.gold``, the
text shown for a span, and the colours of each kind of disagreement and of each coder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.domain import Span, SpanRow
from annotator.services.compare import Disagreement
from annotator.services.review import ReviewItem

# Pale backgrounds for the kind of an item (black text stays readable on each).
KIND_COLORS: dict[str, str] = {
    Disagreement.MISSING.value: "#F4C7C3",
    Disagreement.LABEL.value: "#E1C8F0",
    Disagreement.BOUNDARY.value: "#FFDDB0",
    Disagreement.ATTRIBUTE.value: "#C6DBF5",
    "agreed": "#CDEBCB",
    "gold": "#E4E4E4",
}
# Marks of coder 1 … 9 (Paul Tol's 'bright' scheme, then two dark tones).
CODER_COLORS: tuple[str, ...] = (
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#66CCEE",
    "#AA3377",
    "#BBBBBB",
    "#222222",
    "#994F00",
)
SURFACE_MAX = 40


@dataclass(frozen=True)
class AttrWords:
    """How attributes read in the UI language: each key's name, each value's word, the comma.
    The defaults write them as stored (``count=45, kind=killed``)."""

    key: Callable[[str], str] = str
    value: Callable[[str, Any], str] = lambda _key, value: str(value)
    comma: str = ", "


AS_STORED = AttrWords()


def coder_color(index: int) -> str:
    """The mark colour of the coder in column ``index`` (0-based)."""
    return CODER_COLORS[index % len(CODER_COLORS)]


@dataclass(frozen=True, eq=False)
class ReviewRow:
    """One line of the item table: a review item (with the gold spans made from it) or a gold
    span the lead added that no coder's span is a source of."""

    item: ReviewItem | None
    gold: tuple[SpanRow, ...]

    @property
    def key(self) -> tuple[int, ...]:
        """The item's span ids; for a gold span of the lead's own, minus its id."""
        return self.item.key if self.item is not None else (-self.gold[0].id,)

    @property
    def start(self) -> int:
        return self.item.start if self.item is not None else self.gold[0].start

    @property
    def end(self) -> int:
        return self.item.end if self.item is not None else self.gold[0].end

    @property
    def open(self) -> bool:
        """Still to decide: an item neither taken into gold nor rejected."""
        return self.item is not None and not self.item.settled

    @property
    def kind(self) -> str:
        """``agreed``, ``gold`` (the lead's own span) or the most serious disagreement."""
        if self.item is None:
            return "gold"
        return self.item.kind.value if self.item.kind is not None else "agreed"

    def span_ids(self) -> set[int]:
        """Every span row shown for this row (coders' and gold)."""
        ids = {g.id for g in self.gold}
        if self.item is not None:
            ids.update(self.item.key)
        return ids

    def main_span_id(self) -> int:
        """The span whose history tells this row's story: its gold span, else a coder's."""
        if self.gold:
            return self.gold[0].id
        assert self.item is not None
        return self.item.key[0]


def build_rows(items: Iterable[ReviewItem], gold: Sequence[SpanRow]) -> list[ReviewRow]:
    """Items with their gold spans, and the remaining gold spans, in reading order."""
    by_id = {g.id: g for g in gold}
    used: set[int] = set()
    rows = []
    for item in items:
        spans = tuple(by_id[i] for i in item.taken if i in by_id)
        used.update(g.id for g in spans)
        rows.append(ReviewRow(item, spans))
    rows.extend(ReviewRow(None, (g,)) for g in gold if g.id not in used)
    rows.sort(key=lambda r: (r.start, r.end, r.key))
    return rows


def shorten(surface: str, limit: int = SURFACE_MAX) -> str:
    """One line, at most ``limit`` characters."""
    flat = " ".join(surface.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def attrs_text(attrs: Mapping[str, Any], words: AttrWords = AS_STORED) -> str:
    """``key=value`` pairs of the attributes that are set, in the codebook's order."""
    pairs = (f"{words.key(k)}={words.value(k, v)}" for k, v in attrs.items() if v is not None)
    return words.comma.join(pairs)


def describe(span: Span, text: str, words: AttrWords = AS_STORED) -> str:
    """‘surface’ LABEL key=value … — one span as the review tables show it (``words``: in the
    UI language, annotator.gui.i18n.attr_words)."""
    parts = [f"‘{shorten(text[span.start : span.end])}’", span.label.value]
    extra = attrs_text(span.attrs, words)
    if extra:
        parts.append(extra)
    return " ".join(parts)


def next_open(rows: Sequence[ReviewRow], position: int) -> int | None:
    """Index of the first open row starting at or after ``position``, wrapping around."""
    open_rows = [i for i, r in enumerate(rows) if r.open]
    if not open_rows:
        return None
    return next((i for i in open_rows if rows[i].start >= position), open_rows[0])
