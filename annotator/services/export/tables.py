"""CSV for analysts: ``casualties.csv`` (one row per casualty) and ``spans.csv`` (every span).

Files are UTF-8 with a BOM (so Excel shows Arabic instead of mojibake) and RFC 4180 quoting
(``\\r\\n`` row ends; text cells quoted, numbers not). Empty cell = null. Text that a spreadsheet
could run as a formula is neutralised by ``cells.safe_cell``. Each casualty row
names the nearest ACTOR and PLACE mention of the same article and annotator: nearest in
characters within the same sentence if there is one there, else in the whole article.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from collections.abc import Callable
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from annotator.domain import Label, Span
from annotator.services.export.base import CheckError, Formatter, check_count
from annotator.services.export.cells import FORMULA_START, QUOTE, SafeWriter
from annotator.services.export.dataset import Record
from annotator.services.export.tokens import base_tokens, sentence_ids

CASUALTY_COLUMNS = [
    "article_id",
    "source",
    "annotator",
    "start",
    "end",
    "text",
    "count",
    "kind",
    "qualifier",
    "victim",
    "actor_text",
    "actor_id",
    "actor_start",
    "actor_same_sentence",
    "place_text",
    "place_name",
    "place_geonames_id",
    "place_start",
    "place_same_sentence",
    "sentence",
]
SPAN_COLUMNS = [
    "article_id",
    "source",
    "annotator",
    "start",
    "end",
    "label",
    "text",
    "actor",
    "place",
    "geonames_id",
    "count",
    "kind",
    "qualifier",
    "victim",
]
_first = itemgetter(0)
_RISKY = FORMULA_START | {QUOTE}  # first characters safe_cell changes
_PLAIN_TYPES = frozenset({str, int, float, type(None)})  # cells safe_cell keeps (text aside)
CASUALTIES_CSV = "casualties.csv"
SPANS_CSV = "spans.csv"


def _cell(value: Any) -> Any:
    return "" if value is None else value


class Sentences:
    """Sentence ranges of a text (the CoNLL export's sentence rule), found by offset."""

    def __init__(self, text: str, keep: tuple[Span, ...] = ()) -> None:
        tokens = base_tokens(text)
        ids = sentence_ids(text, tokens, keep)
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        for tok, sid in zip(tokens, ids, strict=True):
            if sid == len(self.starts):
                self.starts.append(tok.start)
                self.ends.append(tok.end)
            else:
                self.ends[-1] = tok.end

    def index(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)

    def sentence(self, offset: int) -> str:
        if not self.starts:
            return ""
        i = self.index(offset)
        return " ".join(self.text[self.starts[i] : self.ends[i]].split())


def _distance(a: Span, b: Span) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def nearest(
    target: Span,
    mentions: list[Span],
    sentences: Sentences,
    where: list[int] | None = None,
) -> tuple[Span | None, bool]:
    """The nearest mention, preferring the target's sentence; and whether it is in it.

    ``where`` is each mention's sentence index, if the caller has it already."""
    if not mentions:
        return None, False
    here = sentences.index(target.start)
    if where is None:
        where = [sentences.index(m.start) for m in mentions]
    same = [m for m, sid in zip(mentions, where, strict=True) if sid == here]
    pool = same or mentions
    best = min(pool, key=lambda m: (_distance(target, m), m.start))
    return best, bool(same)


def casualty_rows(record: Record) -> list[dict[str, Any]]:
    """One row per CASUALTY span of the record."""
    text = record.text
    actors = [s for s in record.spans if s.label is Label.ACTOR]
    places = [s for s in record.spans if s.label is Label.PLACE]
    casualties = [s for s in record.spans if s.label is Label.CASUALTY]
    if not casualties:
        return []
    sentences = Sentences(text, record.spans)
    actor_where = [sentences.index(m.start) for m in actors]
    place_where = [sentences.index(m.start) for m in places]
    rows = []
    for c in casualties:
        actor, actor_same = nearest(c, actors, sentences, actor_where)
        place, place_same = nearest(c, places, sentences, place_where)
        row = {
            "article_id": record.article_id,
            "source": record.source,
            "annotator": record.annotator,
            "start": c.start,
            "end": c.end,
            "text": c.surface(text),
            **{k: _cell(c.attrs.get(k)) for k in ("count", "kind", "qualifier", "victim")},
            "actor_text": actor.surface(text) if actor else "",
            "actor_id": _cell(actor.attrs.get("actor")) if actor else "",
            "actor_start": actor.start if actor else "",
            "actor_same_sentence": int(actor_same) if actor else "",
            "place_text": place.surface(text) if place else "",
            "place_name": _cell(place.attrs.get("place")) if place else "",
            "place_geonames_id": _cell(place.attrs.get("geonames_id")) if place else "",
            "place_start": place.start if place else "",
            "place_same_sentence": int(place_same) if place else "",
            "sentence": sentences.sentence(c.start),
        }
        rows.append(row)
    return rows


def span_rows(record: Record) -> list[dict[str, Any]]:
    """One row per span of the record, every label's attributes in their own column."""
    return [
        {
            "article_id": record.article_id,
            "source": record.source,
            "annotator": record.annotator,
            "start": s.start,
            "end": s.end,
            "label": s.label.value,
            "text": s.surface(record.text),
            **{k: _cell(s.attrs.get(k)) for k in SPAN_COLUMNS[7:]},
        }
        for s in record.spans
    ]


class CsvFormat(Formatter):
    """A folder with casualties.csv and spans.csv."""

    name = "csv"
    target = "dir"

    def __init__(self) -> None:
        super().__init__()
        self.casualties = 0
        self._files: list[IO[str]] = []
        self._writers: list[SafeWriter] = []
        self._rows = [0, 0]  # rows written to each file, headers included

    def begin(self, path: Path) -> None:
        super().begin(path)
        self._buffer = io.StringIO()
        for name, columns in ((CASUALTIES_CSV, CASUALTY_COLUMNS), (SPANS_CSV, SPAN_COLUMNS)):
            fh = (path / name).open("w", encoding="utf-8-sig", newline="")
            self._files.append(fh)
            self._writers.append(SafeWriter(self._buffer, columns))
            self._write(name, columns, [columns])

    def add(self, record: Record) -> None:
        rows = casualty_rows(record)
        for row in rows:
            if row["text"] != record.text[row["start"] : row["end"]]:
                raise CheckError(f"self-check failed: {record.source}: casualty text mismatch")
        self._write(CASUALTIES_CSV, CASUALTY_COLUMNS, rows)
        self._write(SPANS_CSV, SPAN_COLUMNS, span_rows(record))
        self.casualties += len(rows)
        self.records += 1
        self.spans += len(record.spans)

    def _write(self, name: str, columns: list[str], rows: list[Any]) -> None:
        """Rows written to ``name`` once they read back: a whole number of rows of the right
        width, no cell that a spreadsheet could run as a formula."""
        if not rows:
            return
        index = 0 if name == CASUALTIES_CSV else 1
        writer = self._writers[index]
        raw = [list(map(r.get, columns)) if isinstance(r, dict) else r for r in rows]
        chunk = self._chunk(writer.raw_rows, raw)
        back = list(csv.reader(io.StringIO(chunk, newline="")))
        cells = chain.from_iterable(raw)
        if not _PLAIN_TYPES.issuperset(map(type, cells)) or not _RISKY.isdisjoint(
            map(_first, filter(None, chain.from_iterable(back)))
        ):  # some cell needs safe_cell (most records have none): written cell by cell
            chunk = self._chunk(writer.rows, raw)
            back = list(csv.reader(io.StringIO(chunk, newline="")))
        self._rows[index] += len(back)
        if len(back) != len(rows) or any(len(cells) != len(columns) for cells in back):
            raise CheckError(
                f"self-check failed: {name} row {self._rows[index]} does not read back"
            )
        if not FORMULA_START.isdisjoint(map(_first, filter(None, chain.from_iterable(back)))):
            raise CheckError(
                f"self-check failed: {name} row {self._rows[index]} could run a formula"
            )
        self._files[index].write(chunk)

    def _chunk(self, write: Callable[[list[Any]], None], rows: list[Any]) -> str:
        """What ``write(rows)`` puts in the CSV text."""
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        write(rows)
        return buffer.getvalue()

    def finish(self) -> None:
        for fh in self._files:
            fh.close()
        self._files = []

    def info(self) -> dict[str, object]:
        return {**super().info(), "casualties": self.casualties}

    def verify(self) -> None:
        check_count(f"rows of {CASUALTIES_CSV}", self.casualties + 1, self._rows[0])
        check_count(f"rows of {SPANS_CSV}", self.spans + 1, self._rows[1])
