"""The codebook's gold JSONL: what ``annotator import`` reads back to the same file."""

from __future__ import annotations

import json
from typing import Any

from annotator.domain import span_to_gold
from annotator.services.export.base import CheckError, TextFormatter, check_count
from annotator.services.export.dataset import Record
from annotator.services.validate import validate_file


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

    def text(self, record: Record) -> str:
        return gold_line(record, self.with_annotator)

    def verify(self) -> None:
        assert self.path is not None
        report = validate_file(self.path)
        if self.records == 0 and report.articles == 0:
            return
        if not report.ok:
            raise CheckError("self-check failed: " + "; ".join(report.messages()[:5]))
        check_count("article lines", self.records, report.articles)
        check_count("spans", self.spans, report.spans)
