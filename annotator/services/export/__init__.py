"""Exports of the annotations: gold JSONL, Prodigy, CoNLL, brat, CSV and spaCy DocBin.

A pipeline per convention 6: ``dataset`` picks the (article, annotator) records, a formatter
per format writes them, checking each record's output as it writes it (one record in memory
at a time), ``writer`` makes the output appear atomically. See docs/EXPORTS.md.
"""

from __future__ import annotations

from annotator.services.export.base import CheckError
from annotator.services.export.dataset import (
    ALL_LAYERS,
    ONLY_CHOICES,
    ExportError,
    Record,
    Selection,
    iter_records,
    select_pairs,
)
from annotator.services.export.pipeline import (
    DIR_FORMATS,
    FORMATS,
    CancelFlag,
    ExportCancelledError,
    ExportOptions,
    ExportResult,
    Progress,
    alignment_path,
    export,
    missing_requirement,
    run_export,
)
from annotator.services.export.tokens import Issue

__all__ = [
    "ALL_LAYERS",
    "DIR_FORMATS",
    "FORMATS",
    "ONLY_CHOICES",
    "CancelFlag",
    "CheckError",
    "ExportCancelledError",
    "ExportError",
    "ExportOptions",
    "ExportResult",
    "Issue",
    "Progress",
    "Record",
    "Selection",
    "alignment_path",
    "export",
    "iter_records",
    "missing_requirement",
    "run_export",
    "select_pairs",
]
