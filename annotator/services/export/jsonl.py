"""The codebook's gold JSONL: what ``annotator import`` reads back to the same file."""

from __future__ import annotations

import json
from typing import Any

from annotator.domain import Label
from annotator.services.export.base import (
    CheckError,
    TextFormatter,
    check_count,
    gold_span,
    spans_read_back,
)
from annotator.services.export.dataset import Record

_encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(obj, ensure_ascii=False)


def gold_object(record: Record, with_annotator: bool) -> dict[str, Any]:
    """One line: source, text, spans (start, end, label, text, attributes); then extras."""
    obj: dict[str, Any] = {
        "source": record.source,
        "text": record.text,
        "spans": [gold_span(s, record.text) for s in record.spans],
    }
    if with_annotator:
        obj["annotator"] = record.annotator
    if record.meta:
        obj["meta"] = record.meta
    return obj


def gold_line(record: Record, with_annotator: bool = False) -> str:
    return _encode(gold_object(record, with_annotator)) + "\n"


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
        return _encode(self._written) + "\n"

    def check(self, record: Record, text: str) -> None:
        """The line is one line, and the object it encodes is what import reads back as the
        record: its text and source, as many spans, each with a known label, integer offsets
        inside the text and ``text[start:end]`` as its text.

        The line is not parsed again: it is ``json.JSONEncoder``'s encoding of that object,
        which ``json.loads`` reads back to it (a parse cost a fifth of the export's time).
        """
        where = f"{self.path}:{self.records + 1}"
        obj = self._written
        spans = obj.get("spans")
        if (
            not isinstance(spans, list)
            or text.find("\n") != len(text) - 1
            or obj.get("text") != record.text
            or obj.get("source") != record.source
            or len(spans) != len(record.spans)
        ):
            raise CheckError(f"self-check failed: {where}: error: the line does not read back")
        if not spans_read_back(record.text, spans):
            check_gold_spans(record.text, spans, where)  # names the first bad span
        self.checked_spans += len(spans)

    def verify(self) -> None:
        check_count("spans", self.spans, self.checked_spans)


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
