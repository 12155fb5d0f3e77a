"""The export use case: dataset → formatter → writer, with progress, cancel and a self-check.

The GUI runs ``run_export`` in a worker thread: it opens its own connection, reads one
consistent snapshot of the database, calls ``progress(done, total)`` after each record and
stops at the next record once ``cancel.is_set()``; a cancelled or failed export leaves
nothing behind (not even a half file), and an earlier export at ``out`` stays as it was.
"""

from __future__ import annotations

import csv
import gc
import importlib.util
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import annotator
from annotator.domain import GOLD
from annotator.services.export.base import CheckError, Formatter, check_record
from annotator.services.export.brat import BratFormat
from annotator.services.export.conll import ConllFormat
from annotator.services.export.dataset import (
    ALL_LAYERS,
    ExportError,
    Selection,
    count_pairs,
    iter_pairs,
    iter_records,
)
from annotator.services.export.docbin import EXTRA_HINT, DocBinFormat
from annotator.services.export.jsonl import JsonlFormat
from annotator.services.export.prodigy import ProdigyFormat
from annotator.services.export.tables import CsvFormat
from annotator.services.export.tokens import Issue
from annotator.services.export.writer import atomic_dir, atomic_file
from annotator.store import Project, StoreError, open_store
from annotator.store import repository as repo
from annotator.store.exporting import snapshot

FORMATS: dict[str, str] = {
    "jsonl": "the codebook's gold JSONL (annotator import reads it back)",
    "prodigy": "Prodigy-style JSONL with tokens, spans and hashes",
    "conll": "CoNLL-2003-style BIO, one token per line",
    "brat": "a brat standoff folder (.txt and .ann per article)",
    "csv": "a folder with casualties.csv and spans.csv",
    "spacy": "a spaCy DocBin (needs the spacy extra)",
}
DIR_FORMATS = ("brat", "csv")
ALIGNMENT_SUFFIX = ".alignment.tsv"

Progress = Callable[[int, int], None]


class CancelFlag(Protocol):
    """Anything with ``is_set()``, such as ``threading.Event``."""

    def is_set(self) -> bool: ...


class ExportCancelledError(ExportError):
    """The export was cancelled; nothing was written."""


@dataclass(frozen=True)
class ExportOptions:
    """What to export, in which format, to where."""

    format: str
    out: Path
    layer: str = GOLD
    only: str | None = None

    @property
    def selection(self) -> Selection:
        return Selection(self.layer, self.only)


@dataclass
class ExportResult:
    """What an export wrote: counts, alignment issues and the report file, if any."""

    options: ExportOptions
    records: int = 0
    spans: int = 0
    issues: list[Issue] = field(default_factory=list)
    alignment_report: Path | None = None
    info: dict[str, object] = field(default_factory=dict)
    note: str | None = None  # e.g. why nothing was exported

    @property
    def problems(self) -> list[Issue]:
        """Issues where a span was not exported exactly (``split`` notes excluded)."""
        return [i for i in self.issues if i.kind != "split"]

    def summary(self) -> str:
        o = self.options
        what = "record" if o.layer == ALL_LAYERS else "article"
        text = f"{o.format}: {self.records} {what}(s), {self.spans} span(s) → {o.out}"
        splits = len(self.issues) - len(self.problems)
        if self.problems:
            text += f"; {len(self.problems)} span(s) not exported exactly"
        if splits:
            text += f"; {splits} token split(s) at span edges"
        if self.alignment_report is not None:
            text += f" (see {self.alignment_report.name})"
        return text


def missing_requirement(fmt: str) -> str | None:
    """Why a format cannot run here (a package not installed), or None if it can."""
    if fmt == "spacy" and importlib.util.find_spec("spacy") is None:
        return EXTRA_HINT
    return None


def alignment_path(out: Path) -> Path:
    return out.with_name(out.name + ALIGNMENT_SUFFIX)


def make_formatter(options: ExportOptions) -> Formatter:
    """The formatter for ``options.format``; ExportError for an unknown one."""
    per_annotator = options.layer == ALL_LAYERS
    makers: dict[str, Callable[[], Formatter]] = {
        "jsonl": lambda: JsonlFormat(with_annotator=per_annotator),
        "prodigy": ProdigyFormat,
        "conll": ConllFormat,
        "brat": lambda: BratFormat(per_annotator=per_annotator),
        "csv": CsvFormat,
        "spacy": DocBinFormat,
    }
    if options.format not in makers:
        raise ExportError(f"unknown format {options.format!r} (choose {', '.join(FORMATS)})")
    return makers[options.format]()


@contextmanager
def _few_collections() -> Iterator[None]:
    """The cyclic garbage collector run less often while records stream: an export makes
    millions of short-lived tuples and dicts (tokens, spans) and no cycles, and each
    collection of the youngest generation walks them all (a quarter of a prodigy export's
    time). Collections still run, so memory stays flat. Exports in several threads share
    the setting: the last one to finish puts the thresholds back."""
    global _gc_users, _gc_saved  # noqa: PLW0603 - one process-wide setting
    with _GC_LOCK:
        if not _gc_users:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(max(_gc_saved[0], 50_000), *_gc_saved[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_users -= 1
            if not _gc_users:
                gc.set_threshold(*_gc_saved)


_GC_LOCK = threading.Lock()
_gc_users = 0
_gc_saved = gc.get_threshold()


def export(
    db: Project,
    options: ExportOptions,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> ExportResult:
    """Write the export; ExportError (nothing written) if it cannot or its self-check fails."""
    fmt = make_formatter(options)
    out = Path(options.out)
    result = ExportResult(options)
    with snapshot(db), _few_collections():
        total = count_pairs(db, options.selection)
        if not total:
            result.note = _nothing(db, options.selection)
        pairs = iter_pairs(db, options.selection)
        try:
            _write(db, fmt, pairs, total, result, progress=progress, cancel=cancel)
        except OSError as exc:
            raise ExportError(f"{out}: cannot write the export: {exc}") from exc
        finally:
            pairs.close()  # its cursor, here: a worker thread's connection is of that thread
    result.records, result.spans = fmt.records, fmt.spans
    result.issues = fmt.issues
    result.info = fmt.info()
    return result


def _write(
    db: Project,
    fmt: Formatter,
    pairs: Iterable[tuple[int, str]],
    total: int,
    result: ExportResult,
    *,
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> None:
    """Format every record into a temp output, checking as it goes, then move it into place."""
    out = Path(result.options.out)
    if progress is not None:
        progress(0, total)
    with _target(fmt, out, result.options) as tmp:
        fmt.begin(tmp)
        try:
            for done, record in enumerate(iter_records(db, pairs), start=1):
                if cancel is not None and cancel.is_set():
                    raise ExportCancelledError("export cancelled; nothing was written")
                check_record(record)
                fmt.add(record)
                if progress is not None:
                    progress(done, total)
        except BaseException:
            fmt.abort()
            raise
        fmt.finish()
        if cancel is not None and cancel.is_set():
            raise ExportCancelledError("export cancelled; nothing was written")
        try:
            fmt.verify()
        except CheckError:
            raise
        except Exception as exc:
            raise CheckError(f"self-check failed: cannot read the output back: {exc!r}") from exc
        if fmt.has_alignment:
            result.alignment_report = alignment_path(out)
            with atomic_file(result.alignment_report) as report_tmp:
                write_alignment(report_tmp, fmt.issues)


def _nothing(db: Project, selection: Selection) -> str:
    names = [n for n in repo.annotator_names(db) if n != selection.layer]
    text = f"nothing to export: no articles in {selection.describe()}"
    if selection.layer == GOLD and names:
        text += f" (other layers: {', '.join(names)}; choose one with --layer)"
    return text


def _target(fmt: Formatter, out: Path, options: ExportOptions) -> AbstractContextManager[Path]:
    if fmt.target == "dir":
        info = {
            "format": options.format,
            "layer": options.layer,
            "only": options.only,
            "annotator_version": annotator.__version__,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "description": FORMATS[options.format],
        }
        return atomic_dir(out, info)
    return atomic_file(out)


def write_alignment(path: Path, issues: list[Issue]) -> None:
    """The alignment report: one tab-separated row per issue, with a header."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["issue", "source", "annotator", "label", "start", "end", "text", "reason"])
        for i in issues:
            s = i.span
            writer.writerow(
                [i.kind, i.source, i.annotator, s.label.value, s.start, s.end, i.surface, i.reason]
            )


def run_export(
    db_path: Path | str,
    options: ExportOptions,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> ExportResult:
    """``export`` on a connection of its own (for a worker thread); the database must exist."""
    path = Path(db_path)
    if not path.is_file():
        raise ExportError(f"{path}: no such database")
    try:
        db = open_store(path)
    except StoreError as exc:
        raise ExportError(str(exc)) from exc
    try:
        return export(db, options, progress, cancel)
    finally:
        db.close()
