"""The codebook's gold JSONL: what ``annotator import`` reads back to the same file."""

from __future__ import annotations

import json
from operator import itemgetter, lt
from typing import Any

from annotator.domain import Label, span_to_gold
from annotator.services.decoding import load_json_line
from annotator.services.export.base import CheckError, TextFormatter, check_count
from annotator.services.export.dataset import Record


def gold_object(record: Record, with_annotator: bool) -> dict[str, Any]:
    """One line: source, text, spans (start, end, label, text, attributes); then extras."""
    obj: dict[str, Any] = {
        "source": record.source,
        "text": record.text,
        "spans": [span_to_gold(s, record.text) for s in record.spans],
    }
    if with_annotator:
        obj["annotator"] = record.annotator
    if record.meta:
        obj["meta"] = record.meta
    return obj


def gold_line(record: Record, with_annotator: bool = False) -> str:
    return json.dumps(gold_object(record, with_annotator), ensure_ascii=False) + "\n"


class JsonlFormat(TextFormatter):
    """One JSON object per line, UTF-8 without BOM, ``\\n`` line ends."""

    name = "jsonl"

    def __init__(self, with_annotator: bool = False) -> None:
        super().__init__()
        self.with_annotator = with_annotator
        self.checked_spans = 0
        self._written: dict[str, Any] = {}

    def text(self, record: Record) -> str:
        self._written = gold_object(record, self.with_annotator)
        return json.dumps(self._written, ensure_ascii=False) + "\n"

    def check(self, record: Record, text: str) -> None:
        """The line parses back (as import parses it) to the object written, every span's
        offsets inside the text with its text ``text[start:end]`` and a known label."""
        where = f"{self.path}:{self.records + 1}"
        try:
            obj = load_json_line(text)
        except ValueError as exc:
            raise CheckError(f"self-check failed: {where}: error: {exc}") from exc
        spans = obj.get("spans") if isinstance(obj, dict) else None
        if (
            not isinstance(spans, list)
            or text.find("\n") != len(text) - 1
            or obj.get("text") != record.text
            or obj.get("source") != record.source
            or len(spans) != len(record.spans)
        ):
            raise CheckError(f"self-check failed: {where}: error: the line does not read back")
        if obj != self._written or not _spans_read_back(record.text, spans):
            check_gold_spans(record.text, spans, where)  # names the first bad span
            raise CheckError(f"self-check failed: {where}: error: the line does not read back")
        self.checked_spans += len(spans)

    def verify(self) -> None:
        check_count("spans", self.spans, self.checked_spans)


_START, _END, _LABEL, _TEXT = (itemgetter(k) for k in ("start", "end", "label", "text"))
_LABEL_VALUES = frozenset(Label.values())


def _spans_read_back(text: str, spans: list[Any]) -> bool:
    """``check_gold_spans`` passes, compared list by list (no Python work per span)."""
    if not spans:
        return True
    starts, ends = list(map(_START, spans)), list(map(_END, spans))
    return (
        {*map(type, starts), *map(type, ends)} == {int}
        and min(starts) >= 0
        and max(ends) <= len(text)
        and all(map(lt, starts, ends))
        and _LABEL_VALUES.issuperset(map(_LABEL, spans))
        and list(map(_TEXT, spans)) == list(map(text.__getitem__, map(slice, starts, ends)))
    )


def check_gold_spans(text: str, spans: list[Any], where: str) -> None:
    """CheckError unless each gold span has a known label and integer offsets inside ``text``,
    and its ``text`` is ``text[start:end]`` (the import's own checks, without attributes)."""
    labels = Label.values()
    for i, span in enumerate(spans, start=1):
        start, end, label = span["start"], span["end"], span["label"]
        if label not in labels:
            why = "unknown label"
        elif type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
            why = "offsets outside the text"
        elif span["text"] != text[start:end]:
            why = f"text {span['text']!r} does not match text[{start}:{end}] {text[start:end]!r}"
        else:
            continue
        raise CheckError(
            f"self-check failed: {where}: error: span {i} ({label} {start}-{end}): {why}"
        )
