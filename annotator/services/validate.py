"""Check a gold JSONL file line by line against the codebook's format.

Errors break readers or the codebook (bad JSON, offsets that are not integers or lie outside
the text, a span text that does not match ``text[start:end]``, unknown labels, bad attribute
values, spans not sorted by start, duplicate or overlapping spans of the record's annotator, a
bad ``annotator`` name). ``annotator import`` applies the same rules (``read_spans``) and refuses
a record with any error. Warnings are codebook-quality findings (a CASUALTY without kind or
qualifier, an article repeated in the file) that readers survive.

The file is decoded exactly as ``annotator import`` decodes it (``services.decoding``): what
import reads, validate reads the same way (a BOM, UTF-16 or Windows-1256 is a warning, since
other readers expect plain UTF-8); what import refuses is one error naming the line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotator.domain import (
    GOLD,
    AnnotatorNameError,
    Label,
    Span,
    SpanError,
    clean_name,
    content_hash,
    span_from_gold,
)
from annotator.services.decoding import (
    DEFAULT_MAX_FILE_SIZE,
    DecodeError,
    InputFileError,
    decode_bytes,
    encoding_of,
    jsonl_lines,
    load_json_line,
    read_input,
)

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding on one line (1-based)."""

    line: int
    message: str
    severity: str = ERROR


@dataclass
class ValidationReport:
    """Everything found in one file, with counts for the summary."""

    path: Path
    articles: int = 0
    spans: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors

    def messages(self) -> list[str]:
        """``file:line: severity: message`` for every problem, in line order."""
        return [f"{self.path}:{p.line}: {p.severity}: {p.message}" for p in self.problems]

    def summary(self) -> str:
        head = f"{self.path}: {self.articles} article(s), {self.spans} span(s)"
        if not self.problems:
            return head + ": OK"
        bad = len({p.line for p in self.errors})
        return (
            f"{head}: {len(self.errors)} error(s) on {bad} line(s), {len(self.warnings)} warning(s)"
        )


def validate_file(
    path: Path | str, *, max_file_size: int = DEFAULT_MAX_FILE_SIZE
) -> ValidationReport:
    """Read a gold JSONL file as import does and check every line; never raises on bad data."""
    path = Path(path)
    report = ValidationReport(path)
    try:
        data = read_input(path, max_file_size)
    except InputFileError as exc:
        report.problems.append(
            Problem(0, str(exc).replace("cannot read:", "cannot read the file:"))
        )
        return report
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        line = exc.line(data) or 0
        report.problems.append(Problem(line, f"{exc}; annotator import refuses the whole file"))
        return report
    encoding = encoding_of(data)
    if encoding == "UTF-8 with a BOM":
        report.problems.append(Problem(1, "the file starts with a UTF-8 BOM", WARNING))
    elif encoding != "UTF-8":
        report.problems.append(Problem(1, _NOT_UTF8.format(encoding=encoding), WARNING))
    _validate_lines(jsonl_lines(text), report)
    if report.articles == 0 and not report.problems:
        report.problems.append(Problem(0, "no articles in the file"))
    return report


_GOLD_LINE = "the line writes the gold layer: annotator import needs --gold-by LEAD for it"
_NOT_UTF8 = (
    "the file is {encoding}, not UTF-8: annotator import reads it, other readers of gold JSONL"
    " expect UTF-8"
)


def _validate_lines(lines: list[str], report: ValidationReport) -> None:
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        report.articles += 1
        obj, problems = check_line(line)
        report.problems += [Problem(n, msg, sev) for sev, msg in problems]
        if obj is None:
            continue
        report.spans += len(obj.get("spans") or [])
        text = obj.get("text")
        if isinstance(text, str):
            digest = content_hash(text)
            if digest in seen:
                report.problems.append(Problem(n, f"same text as line {seen[digest]}", WARNING))
            seen.setdefault(digest, n)


Found = list[tuple[str, str]]


def check_line(line: str) -> tuple[dict[str, Any] | None, Found]:
    """Parse and check one line: the object (None if unusable) and (severity, message) pairs."""
    try:
        obj = load_json_line(line)
    except ValueError as exc:
        return None, [(ERROR, str(exc))]
    if not isinstance(obj, dict):
        return None, [(ERROR, f"a line must be a JSON object, got {type(obj).__name__}")]
    found: Found = []
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        what = "missing" if "text" not in obj else "not a non-empty string"
        return None, [(ERROR, f"'text' is {what}")]
    if "source" not in obj:
        found.append((WARNING, "no 'source' (readers will name the article by file and line)"))
    for key, kind in (("source", str), ("title", str), ("meta", dict)):
        if key in obj and not isinstance(obj[key], kind):
            found.append((ERROR, f"{key!r} must be a {'string' if kind is str else 'JSON object'}"))
    if "annotator" in obj:
        try:
            if clean_name(obj["annotator"], gold_ok=True) == GOLD:
                found.append((WARNING, _GOLD_LINE))
        except AnnotatorNameError as exc:
            found.append((ERROR, f"'annotator': {exc}"))
    spans = obj.get("spans")
    if not isinstance(spans, list):
        what = "missing" if "spans" not in obj else "not a list"
        found.append((ERROR, f"'spans' is {what} (write [] for an article without spans)"))
        return obj, found
    found += check_spans(spans, text)
    return obj, found


def check_spans(spans: list[Any], text: str) -> Found:
    """Problems of a line's span list: each span, then order, duplicates and overlaps."""
    return read_spans(spans, text)[1]


def read_spans(spans: list[Any], text: str) -> tuple[list[Span], Found]:
    """The spans of one annotator's record and every problem found; THE span rules.

    ``validate`` reports the problems; ``annotator import`` refuses a record with any error.
    Each span is read by ``domain.span_from_gold`` (offsets are integers with start < end
    inside the text, a known label, its own attributes with valid values, ``text`` equal to
    ``text[start:end]``); the list must be sorted by start, and one annotator's spans never
    overlap, so a duplicate or an overlap (whatever the labels) is an error too.
    """
    found: Found = []
    good: list[tuple[int, Span]] = []
    for i, obj in enumerate(spans, start=1):
        try:
            span = span_from_gold(obj, text)
        except SpanError as exc:
            found.append((ERROR, f"span {i}{_where(obj)}: {exc}"))
            continue
        found += [(WARNING, f"span {i}{_where(obj)}: {msg}") for msg in _warnings(obj, span, text)]
        good.append((i, span))
    for (i, a), (j, b) in pairwise(good):
        if b.start < a.start:
            found.append((ERROR, f"span {j} starts before span {i}: spans must be sorted by start"))
    ordered = sorted(good, key=lambda item: (item[1].start, item[1].end, item[0]))
    for n, (i, a) in enumerate(ordered):
        for j, b in ordered[n + 1 :]:
            if b.start >= a.end:
                break
            first, second = sorted((i, j))
            if a.key == b.key:
                found.append((ERROR, f"span {second} duplicates span {first}"))
            else:
                found.append(
                    (ERROR, f"span {second} overlaps span {first}: one annotator's spans never do")
                )
    return [span for _i, span in good], found


def _where(obj: Any) -> str:
    if isinstance(obj, Mapping) and {"start", "end", "label"} <= obj.keys():
        return f" ({obj['label']} {obj['start']}-{obj['end']})"
    return ""


def _warnings(obj: Mapping[str, Any], span: Span, text: str) -> list[str]:
    """What readers survive: no span text, incomplete attributes."""
    found = []
    if "text" not in obj:
        found.append(f"no 'text' (text[{span.start}:{span.end}] is {span.surface(text)!r})")
    return found + [msg for _sev, msg in _completeness(span.label, span.attrs)]


def _completeness(label: Label, attrs: Mapping[str, Any]) -> Found:
    """Warnings for attributes the codebook expects but a reader can live without."""
    if label is Label.ACTOR and attrs.get("actor") is None:
        return [(WARNING, "ACTOR without an 'actor' id")]
    if label is not Label.CASUALTY:
        return []
    found: Found = []
    for key in ("kind", "qualifier"):
        if attrs.get(key) is None:
            found.append((WARNING, f"CASUALTY without a {key!r}"))
    count, qualifier = attrs.get("count"), attrs.get("qualifier")
    if count is None and qualifier not in (None, "vague"):
        found.append((WARNING, f"count is null but qualifier is {qualifier!r} (expected 'vague')"))
    if count is not None and qualifier == "vague":
        found.append((WARNING, f"qualifier is 'vague' but count is {count!r} (expected null)"))
    return found
