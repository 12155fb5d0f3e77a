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
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate, chain, compress
from operator import attrgetter, itemgetter, le
from pathlib import Path
from typing import IO, Any

from annotator.domain import Label, Span
from annotator.services.export.base import CheckError, Formatter, check_count
from annotator.services.export.cells import FORMULA_START, QUOTE, SafeWriter
from annotator.services.export.dataset import Record
from annotator.services.export.tokens import base_tokens, sentence_breaks, sentence_ids

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
_first, _second = itemgetter(0), itemgetter(1)
_START, _END = attrgetter("start"), attrgetter("end")
Breaks = tuple[list[int], list[int], int, int]
# A cell of csv.writer's text (quoted or not) that starts with a character safe_cell changes
# (FORMULA_START and the quote): a row starts at the text's start or after a line end, a
# cell after a comma. It also finds some that are not (a quoted cell's inner line break
# followed by one of them): those records take the checked path, which writes the same.
_RISKY_CHARS = "".join(map(re.escape, sorted(FORMULA_START | {QUOTE})))
_RISKY_CELL = re.compile(f'[,\\n]"?[{_RISKY_CHARS}]')  # starts with a class: one fast scan
_RISKY_FIRST = re.compile(f'"?[{_RISKY_CHARS}]')  # the text's first cell (``match``)


def risky_cells(chunk: str) -> bool:
    """True if some cell of csv.writer's ``chunk`` may start with a character safe_cell
    changes (never False when one does)."""
    return _RISKY_CELL.search(chunk) is not None or _RISKY_FIRST.match(chunk) is not None


CASUALTIES_CSV = "casualties.csv"
SPANS_CSV = "spans.csv"


def _cell(value: Any) -> Any:
    return "" if value is None else value


class Sentences:
    """Sentence ranges of a text (the CoNLL export's sentence rule), found by offset.

    ``breaks`` is ``sentence_breaks(text)`` if the caller has it already (it depends on the
    text only); a plain text needs no tokens, others are tokenised (``sentence_ids``).
    """

    def __init__(
        self, text: str, keep: Sequence[Span] = (), breaks: Breaks | bool | None = False
    ) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        if breaks is False:
            breaks = sentence_breaks(text)
        if breaks is None:
            self._from_tokens(text, keep)
            return
        gap_starts, gap_ends, first, last = breaks  # type: ignore[misc]
        if first >= last:
            return  # no token
        kept = _not_inside(gap_ends, keep)
        if kept is not None:
            gap_starts = list(compress(gap_starts, kept))
            gap_ends = list(compress(gap_ends, kept))
        self.starts = [first, *gap_ends]
        self.ends = [*gap_starts, last]

    def _from_tokens(self, text: str, keep: Sequence[Span]) -> None:
        tokens = base_tokens(text)
        ids = sentence_ids(text, tokens, keep)
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


def _not_inside(points: list[int], keep: Sequence[Span]) -> list[bool] | None:
    """For each point, True unless it lies strictly inside a span of ``keep`` (None: all
    True). A point is inside one iff the furthest end of the spans starting before it lies
    after it."""
    if not points or not keep:
        return None
    starts, ends = list(map(_START, keep)), list(map(_END, keep))
    if not all(map(le, starts, starts[1:])):
        pairs = sorted(zip(starts, ends, strict=True))
        starts, ends = list(map(_first, pairs)), list(map(_second, pairs))
    furthest = list(accumulate(ends, max))
    out = []
    for p in points:
        i = bisect_left(starts, p)
        out.append(not i or furthest[i - 1] <= p)
    return out


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


_CASUALTY_ATTRS = ("count", "kind", "qualifier", "victim")
_SPAN_ATTRS = tuple(SPAN_COLUMNS[7:])
_NO_MENTION = ("", "", "", "")


def casualty_rows(record: Record, breaks: Breaks | bool | None = False) -> list[list[Any]]:
    """One row per CASUALTY span of the record, in ``CASUALTY_COLUMNS`` order.

    ``breaks``: the text's ``sentence_breaks``, if the caller has them already."""
    text = record.text
    spans = record.spans
    casualties = [s for s in spans if s.label is Label.CASUALTY]
    if not casualties:
        return []
    actors = [s for s in spans if s.label is Label.ACTOR]
    places = [s for s in spans if s.label is Label.PLACE]
    sentences = Sentences(text, spans, breaks)
    index = sentences.index
    actor_where = [index(m.start) for m in actors]
    place_where = [index(m.start) for m in places]
    head = [record.article_id, record.source, record.annotator]
    rows = []
    for c in casualties:
        actor, actor_same = nearest(c, actors, sentences, actor_where)
        place, place_same = nearest(c, places, sentences, place_where)
        attrs = c.attrs
        row = [*head, c.start, c.end, text[c.start : c.end]]
        row += map(_cell, map(attrs.get, _CASUALTY_ATTRS))
        if actor is None:
            row += _NO_MENTION
        else:
            row += (
                text[actor.start : actor.end],
                _cell(actor.attrs.get("actor")),
                actor.start,
                int(actor_same),
            )
        if place is None:
            row += _NO_MENTION
            row.append("")
        else:
            place_attrs = place.attrs
            row += (
                text[place.start : place.end],
                _cell(place_attrs.get("place")),
                _cell(place_attrs.get("geonames_id")),
                place.start,
                int(place_same),
            )
        row.append(sentences.sentence(c.start))
        rows.append(row)
    return rows


def span_rows(record: Record) -> list[list[Any]]:
    """One row per span of the record, every label's attributes in their own column, in
    ``SPAN_COLUMNS`` order."""
    text = record.text
    head = (record.article_id, record.source, record.annotator)
    return [
        [
            *head,
            s.start,
            s.end,
            s.label._value_,
            text[s.start : s.end],
            *map(_cell, map(s.attrs.get, _SPAN_ATTRS)),
        ]
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
        # The last article's text and its sentence breaks (False: not found yet), shared
        # by the records of that article (gold and each coder).
        self._text: str | None = None
        self._breaks: Breaks | bool | None = False

    def begin(self, path: Path) -> None:
        super().begin(path)
        self._buffer = io.StringIO()
        for name, columns in ((CASUALTIES_CSV, CASUALTY_COLUMNS), (SPANS_CSV, SPAN_COLUMNS)):
            fh = (path / name).open("w", encoding="utf-8-sig", newline="")
            self._files.append(fh)
            self._writers.append(SafeWriter(self._buffer, columns))
            self._write(name, columns, [columns])

    def add(self, record: Record) -> None:
        text = record.text
        if text is not self._text and text != self._text:
            self._text, self._breaks = text, False  # found when a casualty needs them
        if self._breaks is False and any(s.label is Label.CASUALTY for s in record.spans):
            self._breaks = sentence_breaks(text)
        rows = casualty_rows(record, self._breaks)
        for row in rows:
            if row[5] != text[row[3] : row[4]]:
                raise CheckError(f"self-check failed: {record.source}: casualty text mismatch")
        self._write(CASUALTIES_CSV, CASUALTY_COLUMNS, rows)
        self._write(SPANS_CSV, SPAN_COLUMNS, span_rows(record))
        self.casualties += len(rows)
        self.records += 1
        self.spans += len(record.rows)

    def _write(self, name: str, columns: list[str], rows: list[list[Any]]) -> None:
        """Rows written to ``name`` once they are known to read back: a whole number of rows
        of the right width, no cell that a spreadsheet could run as a formula.

        Written as they are (``csv.writer``: text quoted, numbers not) when no cell of the
        written text starts with a character ``safe_cell`` changes (one regex search of
        the record's text, no read-back: most records); otherwise cell by cell through
        ``safe_cell``, read back with ``csv.reader`` and checked."""
        if not rows:
            return
        index = 0 if name == CASUALTIES_CSV else 1
        writer = self._writers[index]
        chunk = self._chunk(writer.raw_rows, rows)
        width = len(columns)
        if not risky_cells(chunk) and all(len(row) == width for row in rows):
            self._rows[index] += len(rows)
            self._files[index].write(chunk)
            return
        chunk = self._chunk(writer.rows, rows)
        back = list(csv.reader(io.StringIO(chunk, newline="")))
        self._rows[index] += len(back)
        if len(back) != len(rows) or any(len(cells) != width for cells in back):
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
