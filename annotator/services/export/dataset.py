"""The dataset stage of an export: which (article, annotator) records, with their spans."""

from __future__ import annotations

import json
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from annotator.domain import GOLD, Label, Span
from annotator.store import Project, exporting
from annotator.store import repository as repo
from annotator.store.exporting import ALL_LAYERS, ONLY_CHOICES


class ExportError(Exception):
    """An export that cannot run or did not pass its self-check; nothing was written."""


Row = tuple[int, int, str, str]  # a stored span: start, end, label, attributes (JSON text)


@dataclass(frozen=True)
class Record:
    """One article as one annotator coded it: the exported unit of every format."""

    article_id: int
    source: str
    text: str
    annotator: str
    rows: tuple[Row, ...]  # the annotator's confirmed spans as the project stores them, sorted
    meta: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def spans(self) -> tuple[Span, ...]:
        """The rows as Span objects, made when a format first asks (prodigy's usual path
        writes from the rows)."""
        return tuple(
            [_span(start, end, label, _parsed[attrs]) for start, end, label, attrs in self.rows]
        )


@dataclass(frozen=True)
class Selection:
    """What to export: a layer (``gold``, an annotator's name or ``all``) and a filter."""

    layer: str = GOLD
    only: str | None = None  # None, "done" or "adjudicated"

    def describe(self) -> str:
        what = "every layer" if self.layer == ALL_LAYERS else f"layer {self.layer!r}"
        if self.only == "done":
            return f"{what}, articles the annotator marked done"
        if self.only == "adjudicated":
            return f"{what}, adjudicated articles (gold done)"
        return f"{what}, articles with confirmed spans or marked done"


def _store_only(selection: Selection) -> str | None:
    if selection.only not in (None, *ONLY_CHOICES):
        raise ExportError(
            f"--only must be one of {', '.join(ONLY_CHOICES)}, got {selection.only!r}"
        )
    return selection.only


def check_selection(db: Project, selection: Selection) -> None:
    """Raise ExportError for a layer name no annotator has (gold and all always exist)."""
    if selection.layer in (GOLD, ALL_LAYERS):
        return
    names = repo.annotator_names(db)
    if selection.layer not in names:
        known = ", ".join(n for n in names) or "none yet"
        raise ExportError(f"no annotator named {selection.layer!r} (annotators: {known})")


def select_pairs(db: Project, selection: Selection) -> list[tuple[int, str]]:
    """The (article id, annotator) pairs to export, in article then annotator order."""
    return list(iter_pairs(db, selection))


def count_pairs(db: Project, selection: Selection) -> int:
    """How many pairs ``iter_pairs`` gives (ExportError for an unknown layer)."""
    check_selection(db, selection)
    return exporting.count_pairs(db, selection.layer, _store_only(selection))


def iter_pairs(db: Project, selection: Selection) -> Generator[tuple[int, str], None, None]:
    """``select_pairs`` one at a time, from the database's cursor (nothing kept)."""
    check_selection(db, selection)
    yield from exporting.iter_pairs(db, selection.layer, _store_only(selection))


_LABELS = {m.value: m for m in Label}
_ATTRS_LIMIT = 8_192  # distinct stored values kept parsed (~2 KB each with their key: ≤ 16 MB)
_new_span = object.__new__


class _Attrs(dict[str, dict[str, Any]]):
    """Stored attribute JSON → parsed dict, bounded (cleared when full: memory stays flat)."""

    def __missing__(self, stored: str) -> dict[str, Any]:
        if len(self) >= _ATTRS_LIMIT:
            self.clear()
        value = self[stored] = json.loads(stored)
        return value


_parsed = _Attrs()


def _span(start: int, end: int, label: str, attrs: dict[str, Any]) -> Span:
    """A Span from a stored row, made without ``Span.__post_init__``'s conversions (the label
    is looked up here, the attributes are a fresh dict): the store checked the row when it
    was written."""
    span = _new_span(Span)
    span.__dict__.update(start=start, end=end, label=_LABELS[label], attrs=dict(attrs))
    return span


def iter_records(db: Project, pairs: Iterable[tuple[int, str]]) -> Iterator[Record]:
    """Each pair as a Record: the stored text and the annotator's confirmed spans, sorted.

    One record at a time (an export's memory does not grow with the project); the spans are
    the stored rows, without the provenance a SpanRow carries (``Record.spans`` makes them
    Span objects when asked).
    """
    article_id_now = None
    source = text = ""
    meta: dict[str, Any] = {}
    for article_id, annotator in pairs:
        if article_id != article_id_now:
            source, text, meta = exporting.article_for_export(db, article_id)
            article_id_now = article_id
        rows = tuple(exporting.span_rows(db, article_id, annotator))
        yield Record(article_id, source, text, annotator, rows, meta)
