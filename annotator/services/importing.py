"""Import a corpus: .txt, .jsonl (optionally with gold spans) and .csv files, each all-or-nothing.

Every file is one transaction, so a crash leaves each file either fully imported or absent,
and articles are stored once by content hash, so running the import again resumes it.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import sqlite3
import time
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from annotator.domain import (
    GOLD,
    AnnotatorNameError,
    Article,
    ArticleState,
    Span,
    Suggestion,
    clean_name,
    default_title,
    to_stored_text,
)
from annotator.services.decoding import (
    DEFAULT_MAX_FILE_SIZE,
    MAX_SUGGEST_CHARS,
    NOT_TEXT,
    DecodeError,
    InputFileError,
    decode_bytes,
    display_name,
    json_problem,
    jsonl_lines,
    load_json_line,
    read_input,
    read_text_file,
    string_problem,
    walk_inputs,
)
from annotator.services.suggest_pool import Outcome
from annotator.services.validate import ERROR, read_spans
from annotator.store import StoreBusyError, StoreDamagedError, StoreError, write_transaction
from annotator.store import repository as repo
from annotator.store.gold import GOLD_ROLE, record_gold_import
from annotator.store.states import ensure_annotator

__all__ = [
    "DEFAULT_ANNOTATOR",
    "DEFAULT_MAX_FILE_SIZE",
    "NOT_TEXT",
    "SUFFIXES",
    "DecodeError",
    "DiskFullError",
    "Failure",
    "FileError",
    "ImportReport",
    "KeptWork",
    "Record",
    "collect_files",
    "decode_bytes",
    "import_file",
    "import_paths",
    "read_records",
    "read_text_file",
]

SUFFIXES = (".txt", ".jsonl", ".csv")
DEFAULT_ANNOTATOR = "import"

Suggest = Callable[[str], list[Suggestion]]
Progress = Callable[[Path, int], None]


class FileError(Exception):
    """A file that cannot be imported, with the line (1-based) where known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class DiskFullError(Exception):
    """The disk (or the database's size limit) is full: no later file can be stored either."""


GOLD_HINT = (
    "; writing the gold layer is the lead's act: rerun with --gold-by LEAD (your name) to import it"
)


def _disk_full(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what caused it) is SQLite's SQLITE_FULL or an OSError ENOSPC."""
    while exc is not None:
        if isinstance(exc, sqlite3.Error) and (
            getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or "database or disk is full" in str(exc)
        ):
            return True
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _where(path: Path, line: int | None) -> str:
    """``file:line`` (or the file alone) as messages name an input."""
    name = display_name(path)
    return f"{name}:{line}" if line is not None else name


@dataclass(frozen=True)
class Failure:
    """A file (and line) that was not imported, and why."""

    path: Path
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = _where(self.path, self.line)
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class KeptWork:
    """A gold record whose spans were not imported: its annotator has other work there already."""

    path: Path
    line: int | None
    annotator: str
    source: str
    spans: int

    def __str__(self) -> str:
        where = _where(self.path, self.line)
        return (
            f"{where}: annotator {self.annotator} already has work on {self.source!r};"
            f" kept it, the file's {self.spans} span(s) were not imported"
        )


@dataclass(frozen=True)
class Unsuggested:
    """An article stored without suggestions: too long for the suggester."""

    path: Path
    line: int | None
    length: int

    def __str__(self) -> str:
        where = _where(self.path, self.line)
        return (
            f"{where}: the article has {self.length:,} characters, more than the suggester takes"
            f" ({MAX_SUGGEST_CHARS:,}); stored without suggestions (is it many articles in one?)"
        )


@dataclass
class ImportReport:
    """What an import did: counts, the new article ids, and every failure."""

    files: int = 0
    imported: int = 0
    duplicates: int = 0
    spans: int = 0
    suggestions: int = 0
    article_ids: list[int] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    links: list[Path] = field(default_factory=list)  # symbolic links met in folders, not followed
    unsuggested: list[Unsuggested] = field(default_factory=list)  # too long to suggest
    kept: list[KeptWork] = field(default_factory=list)  # gold records not applied, not failures
    stopped: str | None = None  # why the import stopped before the last file, if it did
    warnings: list[str] = field(default_factory=list)  # e.g. imported without suggestions
    interrupted: bool = False  # stopped by Ctrl+C; the files before it are saved

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        """One line of counts for the end of an import."""
        text = (
            f"{self.imported} imported, {self.duplicates} duplicate(s), {len(self.failures)} failed"
        )
        if self.spans:
            text += f"; {self.spans} gold span(s)"
        if self.suggestions:
            text += f"; {self.suggestions} suggestion(s)"
        if self.kept:
            text += (
                f"; {len(self.kept)} gold record(s) skipped: the annotator already has work there"
            )
        if self.skipped:
            text += f"; {len(self.skipped)} file(s) of other types skipped"
        if self.unsuggested:
            text += f"; {len(self.unsuggested)} article(s) too long for suggestions"
        if self.links:
            text += f"; {len(self.links)} symbolic link(s) in folders skipped (not followed)"
        if self.stopped:
            text += f"; stopped early: {self.stopped}"
        return text


@dataclass
class Record:
    """One article read from a file, with its gold spans if the file had any."""

    article: Article
    line: int | None = None
    spans: list[Span] | None = None
    annotator: str | None = None


def _read_decoded(path: Path, max_size: int, follow: bool) -> str:
    try:
        data = read_input(path, max_size, follow=follow)
    except InputFileError as exc:
        raise FileError(str(exc)) from exc
    if not data.strip():
        raise FileError("empty file")
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        raise FileError(str(exc), exc.line(data)) from exc
    if not text.strip():
        raise FileError("empty file")
    return text


def read_records(
    path: Path,
    source: str | None = None,
    *,
    max_size: int = DEFAULT_MAX_FILE_SIZE,
    follow: bool = True,
) -> list[Record]:
    """Every article of one file; FileError (with the line) on the first problem.

    The file is measured before it is read (``max_size`` bytes at most); ``follow=False``
    refuses a symbolic link (a file found by a folder walk).
    """
    source = source or path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileError(f"unsupported file type {path.suffix!r} (expected .txt, .jsonl or .csv)")
    text = _read_decoded(path, max_size, follow)
    if suffix == ".txt":
        stored = to_stored_text(text)
        records = [Record(Article(stored, source=source, title=default_title(stored)))]
    elif suffix == ".jsonl":
        records = [
            _jsonl_record(line, n, source)
            for n, line in enumerate(jsonl_lines(text), start=1)
            if line.strip()
        ]
    else:
        records = _csv_records(text, source)
    if not records:
        raise FileError("no articles in the file")
    for rec in records:
        _check_record(rec)
    return records


def _check_record(rec: Record) -> None:
    """FileError unless every string of the record can be stored exactly (before suggesting)."""
    article = rec.article
    fields: list[tuple[str, str | None]] = [
        ("'text'", string_problem(article.text)),
        ("'source'", string_problem(article.source)),
        ("'title'", string_problem(article.title)),
        ("'meta'", json_problem(article.meta)),
    ]
    if rec.annotator is not None:
        fields.append(("'annotator'", string_problem(rec.annotator)))
    for i, span in enumerate(rec.spans or [], start=1):
        fields.append((f"span {i}", json_problem(dict(span.attrs))))
    for name, problem in fields:
        if problem is not None:
            raise FileError(f"{name} {problem}", rec.line)


def _jsonl_record(line: str, n: int, source: str) -> Record:
    try:
        obj = load_json_line(line)
    except ValueError as exc:
        raise FileError(str(exc), n) from exc
    if not isinstance(obj, dict):
        raise FileError("each line must be a JSON object", n)
    raw = obj.get("text")
    if not isinstance(raw, str) or not to_stored_text(raw).strip():  # a lone BOM is empty too
        raise FileError("'text' is missing or empty", n)
    for key in ("source", "title"):
        if key in obj and not isinstance(obj[key], str):
            raise FileError(f"{key!r} must be a string", n)
    owner = None
    if "annotator" in obj:
        try:
            owner = clean_name(obj["annotator"], gold_ok=True)
        except AnnotatorNameError as exc:
            raise FileError(f"'annotator': {exc}", n) from exc
    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        raise FileError("'meta' must be a JSON object", n)
    known = {"text", "source", "title", "meta", "spans", "annotator"}
    meta = {**{k: v for k, v in obj.items() if k not in known}, **meta}
    stored = to_stored_text(raw)
    article = Article(
        stored,
        source=obj.get("source") or f"{source}:{n}",
        title=(obj.get("title") or "").strip() or default_title(stored),
        meta=meta,
    )
    spans = None
    if "spans" in obj:
        if not isinstance(obj["spans"], list):
            raise FileError("'spans' must be a list", n)
        read, found = read_spans(obj["spans"], raw)  # the rules ``annotator validate`` applies
        errors = [message for severity, message in found if severity == ERROR]
        if errors:
            more = f" (and {len(errors) - 1} more; annotator validate lists them)"
            raise FileError(errors[0] + (more if len(errors) > 1 else ""), n)
        spans = [_stored_span(span, raw, stored, i, n) for i, span in enumerate(read, start=1)]
    return Record(article, n, spans, owner)


def _stored_span(span: Span, raw: str, stored: str, index: int, n: int) -> Span:
    """A gold span checked against the text as written, mapped onto the stored text."""
    if raw == stored:
        return span
    removed = ([0] if raw.startswith("\ufeff") else []) + [
        m.start() for m in re.finditer("\r\n", raw)
    ]
    start = span.start - bisect_left(removed, span.start)
    end = span.end - bisect_left(removed, span.end)
    if start >= end:
        raise FileError(f"span {index}: covers only characters the stored text drops", n)
    return Span(start, end, span.label, span.attrs)


_CSV_PROBLEMS = {
    "',' expected after '\"'": "unbalanced quote: a quoted cell that starts in this row is"
    ' followed by more text, not by a comma or the end of the line (a stray or unclosed ")',
    "unexpected end of data": "unbalanced quote: a quoted cell that starts in this row is never"
    " closed",
}


def _csv_error(exc: csv.Error, line: int) -> FileError:
    """The reader's complaint about the row that starts on ``line``, in plain words."""
    reason = _CSV_PROBLEMS.get(str(exc), f"bad CSV: {exc}")
    return FileError(reason, line)


def _csv_records(text: str, source: str) -> list[Record]:
    """Rows of a CSV file; a strict reader, so a stray quote fails the file, never fuses rows."""
    csv.field_size_limit(2**31 - 1)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise _csv_error(exc, 1) from exc
    if "text" not in header:
        raise FileError(f"no 'text' column (columns: {', '.join(header) or 'none'})", 1)
    reader.fieldnames = header
    records = []
    n = reader.line_num + 1
    try:
        for row in reader:
            if None in row:
                raise FileError("the row has more cells than the header", n)
            raw = row.get("text") or ""
            if not to_stored_text(raw).strip():
                raise FileError("'text' is empty", n)
            stored = to_stored_text(raw)
            meta = {k: v for k, v in row.items() if k not in {"text", "source", "title"}}
            article = Article(
                stored,
                source=(row.get("source") or "").strip() or f"{source}:{n}",
                title=to_stored_text((row.get("title") or "").strip()) or default_title(stored),
                meta=meta,
            )
            records.append(Record(article, n))
            n = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_error(exc, n) from exc
    return records


def collect_files(
    paths: Iterable[Path],
) -> tuple[list[tuple[Path, str]], list[Failure], list[Path]]:
    """Files to import as (path, source name), plus missing paths and skipped other files.

    Symbolic links inside folders are left out (``import_paths`` reports them).
    """
    walk = walk_inputs(paths, SUFFIXES)
    files = [(path, source) for path, source, _named in walk.files]
    failures = [_missing(path) for path in walk.missing]
    return files, failures, walk.others


def _missing(path: Path) -> Failure:
    """A path given (or a folder met) that could not be read."""
    if path.is_dir():
        return Failure(path, None, "cannot read the folder")
    if os.path.lexists(path):
        return Failure(
            path, None, "not a regular file or folder (a device, a pipe, a broken link?)"
        )
    return Failure(path, None, "no such file or folder")


@dataclass(frozen=True)
class Owners:
    """Who owns the gold spans of an import: ``--annotator`` (else each line's) and the lead
    named by ``--gold-by``, without whom no line may write the gold layer."""

    annotator: str | None = None
    gold_by: str | None = None

    @classmethod
    def checked(cls, annotator: str | None, gold_by: str | None) -> Owners:
        """Both names through the one name rule; AnnotatorNameError (saying which) if not."""
        try:
            owner = clean_name(annotator, gold_ok=True) if annotator is not None else None
        except AnnotatorNameError as exc:
            raise AnnotatorNameError(f"--annotator: {exc}", exc.kind) from exc
        try:
            lead = clean_name(gold_by) if gold_by is not None else None
        except AnnotatorNameError as exc:
            raise AnnotatorNameError(f"--gold-by: {exc}", exc.kind) from exc
        return cls(owner, lead)

    def of(self, rec: Record) -> str:
        """The record's owner; FileError on its line if that is gold and no lead is named."""
        owner = self.annotator or rec.annotator or DEFAULT_ANNOTATOR
        if owner == GOLD and self.gold_by is None:
            raise FileError(f"the record's spans would be stored as {GOLD!r}{GOLD_HINT}", rec.line)
        return owner


def import_paths(
    db: Database,
    paths: Sequence[Path | str],
    annotator: str | None = None,
    suggest: Suggest | None = None,
    progress: Progress | None = None,
    *,
    gold_by: str | None = None,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    stop: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files and folders (recursively, in sorted order); one transaction per file.

    ``annotator`` owns gold spans of .jsonl lines (else the line's ``annotator``, else
    "import"); names follow ``domain.names`` (AnnotatorNameError for a bad ``annotator`` or
    ``gold_by``). Lines owned by ``gold`` need ``gold_by``, the lead who writes the gold
    layer, recorded in the audit log; without it such a file fails on that line.
    ``suggest`` is called on each new article's text and its suggestions are
    stored in the same transaction. ``progress(path, size)`` is called after each file.
    Files over ``max_file_size`` bytes fail without being read; symbolic links inside
    folders are skipped and listed in ``report.links`` (a link named in ``paths`` is followed).

    Files already imported count their articles as duplicates, so running the same import
    again after a crash or a stop finishes it without duplicating anything. When ``stop()``
    turns true (or on KeyboardInterrupt, which rolls back the file being read) the import stops
    after the last complete file (``report.interrupted``). If another program keeps the
    database locked beyond the busy timeout, the database turns out damaged, or the disk is
    full, the import stops at that file (``report.stopped`` says why; it is also a failure).
    """
    owners = Owners.checked(annotator, gold_by)
    walk = walk_inputs((Path(p) for p in paths), SUFFIXES)
    report = ImportReport(
        failures=[_missing(path) for path in walk.missing],
        skipped=walk.others,
        links=walk.links,
    )
    ahead = _ReadAhead(db, walk.files, owners, suggest, max_file_size)
    held = 0.0  # seconds the write lock was held since the last pause
    while (prepared := ahead.next()) is not None:
        if held >= HOLD_S:  # a coder waiting for the lock gets it now (the workers go on)
            time.sleep(PAUSE_S)
            held = 0.0
        path = prepared.path
        if stop is not None and stop():  # e.g. Ctrl+C: stop between files
            report.interrupted = True
            report.stopped = "interrupted"
            break
        try:
            held += _store_prepared(db, prepared, owners, report)
            report.files += 1
        except KeyboardInterrupt:  # the file being read was rolled back; say so
            report.interrupted = True
            report.stopped = "interrupted"
            break
        except FileError as exc:
            report.failures.append(Failure(path, exc.line, exc.reason))
        except DiskFullError as exc:
            report.stopped = (
                f"the disk is full ({exc}); {report.files} file(s) were saved before it."
                " Free some space and run the same import again: it resumes where it stopped"
            )
            report.failures.append(Failure(path, None, "not stored: the disk is full"))
            break
        except (StoreBusyError, StoreDamagedError, sqlite3.DatabaseError) as exc:
            busy = isinstance(exc, StoreBusyError)
            report.stopped = (
                "the database stayed locked by another program; run the import again"
                if busy
                else "the database cannot be written"
            )
            report.failures.append(Failure(path, None, f"not stored: {exc}"))
            break
        if progress is not None:
            progress(path, _size(path))
    return report


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def import_file(
    db: Database,
    path: Path,
    source: str | None = None,
    *,
    annotator: str | None = None,
    suggest: Suggest | None = None,
    report: ImportReport | None = None,
    gold_by: str | None = None,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> ImportReport:
    """Import one file completely or not at all; FileError says why not.

    StoreBusyError and StoreDamagedError are raised as they are: the database is at fault,
    not the file; DiskFullError when the disk (or the database's page limit) is full.
    """
    report = report if report is not None else ImportReport()
    owners = Owners.checked(annotator, gold_by)
    _import_one(
        db,
        path,
        source,
        owners=owners,
        suggest=suggest,
        report=report,
        max_file_size=max_file_size,
        follow=True,
    )
    return report


# After HOLD_S seconds of holding the write lock (one or more files), the import pauses for
# PAUSE_S: longer than the longest sleep of SQLite's busy handler (100 ms), so a coder waiting
# for the lock always gets it then instead of failing after the busy timeout (as in merge.py).
HOLD_S = 0.2
PAUSE_S = 0.11

# How far reading and suggesting may run ahead of storing, when the suggester takes many
# texts at once (``submit``, e.g. ``PooledSuggest``): enough texts to keep every worker busy.
AHEAD_TEXTS = 2000
AHEAD_FILES = 256


@dataclass
class _Prepared:
    """A file read, its new texts given to the suggester, waiting for its turn to be stored."""

    path: Path
    records: list[Record] = field(default_factory=list)
    error: FileError | KeyboardInterrupt | None = None
    todo: list[Record] = field(default_factory=list)  # the records whose texts are suggested
    outcomes: Callable[[], list[Outcome]] | None = None
    unsuggested: list[Unsuggested] = field(default_factory=list)


class _ReadAhead:
    """Files read (and suggested) in order; with a batch suggester, several files ahead."""

    def __init__(
        self,
        db: Database,
        files: Iterable[tuple[Path, str, bool]],
        owners: Owners,
        suggest: Suggest | None,
        max_file_size: int,
    ) -> None:
        self.db = db
        self.files = iter(files)
        self.owners = owners
        self.suggest = suggest
        self.max_file_size = max_file_size
        self.batched = suggest is not None and callable(getattr(suggest, "submit", None))
        self.queue: deque[_Prepared] = deque()

    def next(self) -> _Prepared | None:
        """The next file, read; reads on while the suggester has too little to do."""
        if not self.queue:
            self._read_one()
        while (
            self.batched
            and len(self.queue) < AHEAD_FILES
            and sum(len(p.todo) for p in self.queue) < AHEAD_TEXTS
            and self._read_one()
        ):
            pass
        return self.queue.popleft() if self.queue else None

    def _read_one(self) -> bool:
        item = next(self.files, None)
        if item is None:
            return False
        path, source, named = item
        try:
            prepared = _prepare(
                self.db,
                path,
                source,
                owners=self.owners,
                suggest=self.suggest,
                max_file_size=self.max_file_size,
                follow=named,
            )
        except KeyboardInterrupt as exc:  # reported at the file's turn
            prepared = _Prepared(path, error=exc)
        self.queue.append(prepared)
        return True


def _prepare(
    db: Database,
    path: Path,
    source: str | None,
    *,
    owners: Owners,
    suggest: Suggest | None,
    max_file_size: int,
    follow: bool,
) -> _Prepared:
    """Read one file and hand its texts not stored yet to the suggester (before any write).

    A text longer than ``MAX_SUGGEST_CHARS`` gets no suggestions (the suggester's memory
    grows with the text): it is listed in ``report.unsuggested`` when the file is stored.
    """
    try:
        records = read_records(path, source, max_size=max_file_size, follow=follow)
        for rec in records:
            if rec.spans is not None:
                owners.of(rec)  # refuse gold without a lead before any work
    except FileError as exc:
        return _Prepared(path, error=exc)
    prepared = _Prepared(path, records)
    if suggest is None:
        return prepared
    stored = repo.stored_hashes(db, [rec.article.hash for rec in records])
    seen: set[str] = set()
    for rec in records:
        digest = rec.article.hash
        if digest in stored or digest in seen:
            continue
        seen.add(digest)
        if len(rec.article.text) > MAX_SUGGEST_CHARS:
            prepared.unsuggested.append(Unsuggested(path, rec.line, len(rec.article.text)))
            continue
        prepared.todo.append(rec)
    texts = [rec.article.text for rec in prepared.todo]
    submit = getattr(suggest, "submit", None)
    if callable(submit):
        prepared.outcomes = submit(texts)
    else:
        prepared.outcomes = lambda: _suggest_each(suggest, texts)
    return prepared


def _suggest_each(suggest: Suggest, texts: list[str]) -> list[Outcome]:
    """Each text's suggestions, up to the first text the suggester fails on (its error)."""
    outcomes: list[Outcome] = []
    for text in texts:
        try:
            outcomes.append(list(suggest(text)))
        except Exception as exc:
            outcomes.append(exc)
            break
    return outcomes


def _suggestions(prepared: _Prepared) -> dict[str, list[Suggestion]]:
    """The suggestions of the file's new texts; FileError on the first text the suggester
    failed on."""
    if prepared.outcomes is None:
        return {}
    out: dict[str, list[Suggestion]] = {}
    for rec, outcome in zip(prepared.todo, prepared.outcomes(), strict=False):
        if isinstance(outcome, OSError):  # e.g. a data file missing from a broken install
            raise FileError(f"the suggester failed: {_os_error(outcome)}", rec.line) from outcome
        if isinstance(outcome, BaseException):
            raise FileError(f"the suggester failed: {outcome!r}", rec.line) from outcome
        out[rec.article.hash] = outcome
    return out


def _import_one(
    db: Database,
    path: Path,
    source: str | None,
    *,
    owners: Owners,
    suggest: Suggest | None,
    report: ImportReport,
    max_file_size: int,
    follow: bool,
) -> None:
    prepared = _prepare(
        db,
        path,
        source,
        owners=owners,
        suggest=suggest,
        max_file_size=max_file_size,
        follow=follow,
    )
    _store_prepared(db, prepared, owners, report)


def _store_prepared(
    db: Database, prepared: _Prepared, owners: Owners, report: ImportReport
) -> float:
    """Store one read file in one transaction (FileError, nothing stored, if it cannot be);
    the seconds the transaction took."""
    if prepared.error is not None:
        raise prepared.error
    path = prepared.path
    report.unsuggested += prepared.unsuggested
    suggestions = _suggestions(prepared)
    counts = ImportReport()
    line: int | None = None
    started = time.monotonic()
    try:
        with write_transaction(db):
            batch: list[tuple[int, int, Suggestion]] = []
            for rec in prepared.records:
                line = rec.line
                _store_record(db, rec, owners, suggestions, counts, batch=batch, path=path)
            line = None
            counts.suggestions += repo.store_suggestion_batches(db, batch, display_name(path))
    except (StoreBusyError, StoreDamagedError):
        raise
    except (StoreError, sqlite3.Error, OSError, ValueError, OverflowError) as exc:
        if _disk_full(exc):  # incl. UnicodeError above; a full disk stops the whole import
            raise DiskFullError(str(exc)) from exc
        raise FileError(f"not stored: {exc}", line) from exc
    report.imported += counts.imported
    report.duplicates += counts.duplicates
    report.spans += counts.spans
    report.suggestions += counts.suggestions
    report.article_ids += counts.article_ids
    report.kept += counts.kept
    return time.monotonic() - started


def _span_keys(spans: Iterable[Span]) -> list[tuple[int, int, str, str]]:
    """Spans as sorted comparable keys, attributes included."""
    return sorted(
        (s.start, s.end, s.label.value, json.dumps(dict(s.attrs), sort_keys=True)) for s in spans
    )


def _os_error(exc: OSError) -> str:
    """An OSError naming its file (its repr leaves the file name out)."""
    if exc.filename is None:
        return repr(exc)
    return f"{type(exc).__name__}: {exc.strerror or exc}: {display_name(str(exc.filename))}"


def _store_record(
    db: Database,
    rec: Record,
    owners: Owners,
    suggestions: dict[str, list[Suggestion]],
    counts: ImportReport,
    *,
    batch: list[tuple[int, int, Suggestion]],
    path: Path,
) -> None:
    article_id, new = repo.add_article(db, rec.article)
    if new:
        counts.imported += 1
        counts.article_ids.append(article_id)
        length = len(rec.article.text)
        batch += ((article_id, length, sug) for sug in suggestions.get(rec.article.hash, []))
    else:
        counts.duplicates += 1
    if rec.spans is None:
        return
    owner = owners.of(rec)
    already = db.execute(
        "SELECT 1 FROM spans WHERE article_id = ? AND annotator = ? UNION ALL "
        "SELECT 1 FROM article_state WHERE article_id = ? AND annotator = ?",
        [article_id, owner, article_id, owner],
    ).fetchone()
    if already:  # never overwrite a coder's work; say so unless it is this very record
        if _span_keys(rec.spans) != _span_keys(
            r.span for r in repo.confirmed_spans(db, article_id, owner)
        ):
            source = db.execute("SELECT source FROM articles WHERE id = ?", [article_id])
            kept = KeptWork(path, rec.line, owner, source.fetchone()[0], len(rec.spans))
            counts.kept.append(kept)
        return
    if owner != GOLD:  # one statement for the record's spans, each checked and audited
        counts.spans += repo.import_spans(db, article_id, owner, rec.spans, len(rec.article.text))
        repo.set_state(db, article_id, owner, ArticleState.DONE)
        return
    ensure_annotator(db, GOLD, role=GOLD_ROLE)
    created = []  # the gold layer records where each of its spans came from: ids needed
    for span in rec.spans:
        created += repo.import_span(db, article_id, owner, span).created_span_ids
        counts.spans += 1
    repo.set_state(db, article_id, owner, ArticleState.DONE)
    if owner == GOLD and owners.gold_by is not None:
        origin = f"{display_name(path)}:{rec.line}" if rec.line is not None else display_name(path)
        record_gold_import(db, article_id, created, owners.gold_by, origin)
