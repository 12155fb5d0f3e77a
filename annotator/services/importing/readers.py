"""Readers: .txt, .jsonl (optionally with gold spans) and .csv files into records.

A file that cannot be read fails as a whole with a FileError naming the line where known.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from annotator.domain import (
    AnnotatorNameError,
    Article,
    Span,
    clean_name,
    default_title,
    to_stored_text,
)
from annotator.domain.article import stored_offsets
from annotator.services.decoding import (
    DEFAULT_MAX_FILE_SIZE,
    DecodeError,
    InputFileError,
    decode_bytes,
    json_problem,
    jsonl_lines,
    load_json_line,
    read_input,
    string_problem,
    walk_inputs,
)
from annotator.services.importing.report import Failure, FileError, Record
from annotator.services.validate import ERROR, read_spans

SUFFIXES = (".txt", ".jsonl", ".csv")


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
        to_stored = stored_offsets(raw)
        spans = [_stored_span(span, to_stored, i, n) for i, span in enumerate(read, start=1)]
    return Record(article, n, spans, owner)


def _stored_span(span: Span, to_stored: Callable[[int], int], index: int, n: int) -> Span:
    """A gold span checked against the text as written, mapped onto the stored text."""
    start, end = to_stored(span.start), to_stored(span.end)
    if (start, end) == (span.start, span.end):
        return span
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
    failures = [missing(path) for path in walk.missing]
    return files, failures, walk.others


def missing(path: Path) -> Failure:
    """A path given (or a folder met) that could not be read."""
    if path.is_dir():
        return Failure(path, None, "cannot read the folder")
    if os.path.lexists(path):
        return Failure(
            path, None, "not a regular file or folder (a device, a pipe, a broken link?)"
        )
    return Failure(path, None, "no such file or folder")
