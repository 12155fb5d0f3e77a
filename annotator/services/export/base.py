"""The formatter stage: what every format implements, and the self-check helpers they share."""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter, lt
from pathlib import Path
from typing import IO, Any, ClassVar

from annotator.domain import Label, Span
from annotator.domain.labels import LABEL_ATTRIBUTES
from annotator.services.export.dataset import ExportError, Record
from annotator.services.export.tokens import Issue

_ROW_START, _ROW_END = itemgetter(0), itemgetter(1)


class CheckError(ExportError):
    """The written output failed its self-check (a bug, never the user's data)."""


class Formatter:
    """Writes records into a temp path, checking each piece of output as it is written.

    ``target`` is "file" or "dir". Subclasses count what they wrote in ``records`` and
    ``spans`` and add alignment ``issues``; ``add`` raises CheckError as soon as what it is
    about to write does not parse back to the record (each span's text is ``text[start:end]``),
    and ``verify`` (after ``finish``) checks the totals. Nothing is read back from the disk:
    an export's memory does not grow with the project.
    """

    name: ClassVar[str] = ""
    target: ClassVar[str] = "file"
    has_alignment: ClassVar[bool] = False

    def __init__(self) -> None:
        self.records = 0
        self.spans = 0
        self.issues: list[Issue] = []
        self.path: Path | None = None

    def begin(self, path: Path) -> None:
        self.path = path

    def add(self, record: Record) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Close what ``begin`` opened."""

    def abort(self) -> None:
        """Close files after a failure or a cancel (the temp output is then removed)."""
        self.finish()

    def verify(self) -> None:
        raise NotImplementedError

    def info(self) -> dict[str, Any]:
        return {"records": self.records, "spans": self.spans}


class TextFormatter(Formatter):
    """A format written as one UTF-8 text file with ``\\n`` line ends: ``text(record)`` each."""

    binary: ClassVar[bool] = False  # ``text`` gives the UTF-8 bytes themselves

    def __init__(self) -> None:
        super().__init__()
        self._fh: IO[Any] | None = None

    def begin(self, path: Path) -> None:
        super().begin(path)
        if self.binary:
            self._fh = path.open("wb")
        else:
            self._fh = path.open("w", encoding="utf-8", newline="\n")

    def text(self, record: Record) -> str:
        """What the file holds for one record."""
        raise NotImplementedError

    def check(self, record: Record, text: str) -> None:
        """CheckError unless ``text`` (what ``text(record)`` made) reads back as ``record``."""
        raise NotImplementedError

    def add(self, record: Record) -> None:
        assert self._fh is not None
        text = self.text(record)
        try:
            self.check(record, text)
        except CheckError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise CheckError(f"self-check failed: cannot read the output back: {exc!r}") from exc
        self._fh.write(text)
        self.records += 1
        self.spans += len(record.rows)

    def finish(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def check_surface(text: str, start: Any, end: Any, surface: Any, where: str) -> None:
    """CheckError unless ``surface == text[start:end]`` with valid integer offsets."""
    ok_offsets = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
    if not ok_offsets or text[start:end] != surface:
        got = text[start:end] if ok_offsets else "<bad offsets>"
        raise CheckError(
            f"self-check failed: {where}: span text {surface!r} != text[{start}:{end}] {got!r}"
        )


def check_count(what: str, wrote: int, read: int) -> None:
    if wrote != read:
        raise CheckError(f"self-check failed: wrote {wrote} {what} but read back {read}")


# label value -> (its attributes in codebook order, whether a missing one is written null)
_GOLD_ATTRS = {
    label.value: (tuple(LABEL_ATTRIBUTES[label]), label is Label.CASUALTY) for label in Label
}


def span_attrs(span: Span) -> dict[str, Any]:
    """The span's attributes as the gold JSONL writes them (codebook order, CASUALTY nulls):
    what ``span_to_gold`` puts after the offsets, without its Enum look-ups."""
    return attrs_as_written(span.label._value_, span.attrs)


def attrs_as_written(label: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """``span_attrs`` of a span with this label value and these attributes."""
    keys, nulls = _GOLD_ATTRS[label]
    if nulls:
        return {k: attrs.get(k) for k in keys}
    return {k: attrs[k] for k in keys if k in attrs}


def gold_span(span: Span, text: str) -> dict[str, Any]:
    """``span_to_gold(span, text)``, made faster for exports (tests keep the two equal)."""
    start, end = span.start, span.end
    out = {"start": start, "end": end, "label": span.label._value_, "text": text[start:end]}
    out.update(span_attrs(span))
    return out


def check_record(record: Record) -> None:
    """Every span of a record lies inside its text (the database guarantees it; trust no one)."""
    rows = record.rows
    if not rows:
        return
    starts, ends = list(map(_ROW_START, rows)), list(map(_ROW_END, rows))
    if min(starts) >= 0 and max(ends) <= len(record.text) and all(map(lt, starts, ends)):
        return
    for start, end in zip(starts, ends, strict=True):
        if not 0 <= start < end <= len(record.text):
            raise CheckError(
                f"article {record.article_id} ({record.source}): span {start}-{end}"
                f" lies outside the text of length {len(record.text)}"
            )


_GOLD_START, _GOLD_END, _GOLD_LABEL, _GOLD_TEXT = (
    itemgetter(k) for k in ("start", "end", "label", "text")
)
_LABEL_VALUES = frozenset(Label.values())


def spans_read_back(text: str, spans: list[Any]) -> bool:
    """Every gold span dict has a known label, integer offsets inside ``text`` and
    ``text[start:end]`` as its text (``spans_hold`` of its columns)."""
    if not spans:
        return True
    columns = (_GOLD_START, _GOLD_END, _GOLD_LABEL, _GOLD_TEXT)
    return spans_hold(text, *(list(map(column, spans)) for column in columns))


def spans_hold(
    text: str, starts: list[Any], ends: list[Any], labels: list[Any], surfaces: list[Any]
) -> bool:
    """Spans given as columns have known labels, integer offsets inside ``text`` and
    ``text[start:end]`` as their texts (compared list by list, no Python work per span)."""
    if not starts:
        return not ends and not labels and not surfaces
    return (
        {*map(type, starts), *map(type, ends)} == {int}
        and len(starts) == len(ends) == len(labels) == len(surfaces)
        and min(starts) >= 0
        and max(ends) <= len(text)
        and all(map(lt, starts, ends))
        and _LABEL_VALUES.issuperset(labels)
        and surfaces == list(map(text.__getitem__, map(slice, starts, ends)))
    )
