"""Check a gold JSONL file line by line against the codebook's format.

Errors break readers (bad JSON, offsets outside the text, a span text that does not match
``text[start:end]``, unknown labels, bad attribute values, spans not sorted by start).
Warnings are codebook-quality findings (a CASUALTY without kind or qualifier, duplicate or
same-label overlapping spans, an article repeated in the file) that readers survive.

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

from annotator.domain import Label, SpanError, content_hash
from annotator.domain.labels import LABEL_ATTRIBUTES
from annotator.domain.span import check_attributes, check_offsets
from annotator.services.decoding import (
    DecodeError,
    decode_bytes,
    encoding_of,
    jsonl_lines,
    load_json_line,
)

ERROR = "error"
WARNING = "warning"
_OWNER = {key: label for label, keys in LABEL_ATTRIBUTES.items() for key in keys}


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


def validate_file(path: Path | str) -> ValidationReport:
    """Read a gold JSONL file as import does and check every line; never raises on bad data."""
    path = Path(path)
    report = ValidationReport(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.problems.append(Problem(0, f"cannot read the file: {exc.strerror or exc}"))
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
    for key, kind in (("source", str), ("title", str), ("annotator", str), ("meta", dict)):
        if key in obj and not isinstance(obj[key], kind):
            found.append((ERROR, f"{key!r} must be a {'string' if kind is str else 'JSON object'}"))
    if "annotator" in obj and isinstance(obj["annotator"], str) and not obj["annotator"].strip():
        found.append((ERROR, "'annotator' is empty"))
    spans = obj.get("spans")
    if not isinstance(spans, list):
        what = "missing" if "spans" not in obj else "not a list"
        found.append((ERROR, f"'spans' is {what} (write [] for an article without spans)"))
        return obj, found
    found += check_spans(spans, text)
    return obj, found


def check_spans(spans: list[Any], text: str) -> Found:
    """Problems of a line's span list: each span, then order, duplicates and overlaps."""
    found: Found = []
    good: list[tuple[int, int, int, str]] = []  # (index, start, end, label)
    for i, obj in enumerate(spans, start=1):
        problems = _check_span(obj, text)
        found += [(sev, f"span {i}{_where(obj)}: {msg}") for sev, msg in problems]
        if not any(sev == ERROR for sev, _ in problems):
            good.append((i, obj["start"], obj["end"], obj["label"]))
    for (i, s1, _e1, _l1), (j, s2, _e2, _l2) in pairwise(good):
        if s2 < s1:
            found.append((ERROR, f"span {j} starts before span {i}: spans must be sorted by start"))
    by_key: dict[tuple[int, int, str], int] = {}
    for i, s, e, lab in good:
        if (s, e, lab) in by_key:
            found.append((WARNING, f"span {i} duplicates span {by_key[(s, e, lab)]}"))
        by_key.setdefault((s, e, lab), i)
    ordered = sorted(set(by_key.items()), key=lambda kv: (kv[0][0], kv[0][1]))
    for n, ((_s1, e1, l1), i) in enumerate(ordered):
        for (s2, _e2, l2), j in ordered[n + 1 :]:
            if s2 >= e1:
                break
            if l1 == l2:
                found.append((WARNING, f"span {j} overlaps span {i} (both {l1})"))
    return found


def _where(obj: Any) -> str:
    if isinstance(obj, Mapping) and {"start", "end", "label"} <= obj.keys():
        return f" ({obj['label']} {obj['start']}-{obj['end']})"
    return ""


def _check_span(obj: Any, text: str) -> Found:
    if not isinstance(obj, Mapping):
        return [(ERROR, f"must be a JSON object, got {type(obj).__name__}")]
    missing = [k for k in ("start", "end", "label") if k not in obj]
    if missing:
        return [(ERROR, f"missing {', '.join(repr(k) for k in missing)}")]
    if obj["label"] not in Label.values():
        return [(ERROR, f"unknown label {obj['label']!r} (expected {', '.join(Label.values())})")]
    label = Label(obj["label"])
    start, end = obj["start"], obj["end"]
    try:
        if isinstance(start, bool) or isinstance(end, bool):
            raise SpanError(f"offsets must be integers, got start={start!r} end={end!r}")
        check_offsets(start, end, len(text))
    except SpanError as exc:
        return [(ERROR, str(exc))]
    found: Found = []
    surface = text[start:end]
    if "text" not in obj:
        found.append((WARNING, f"no 'text' (text[{start}:{end}] is {surface!r})"))
    elif obj["text"] != surface:
        found.append(
            (ERROR, f"text {obj['text']!r} does not match text[{start}:{end}] {surface!r}")
        )
    foreign = [k for k in obj if k in _OWNER and _OWNER[k] is not label]
    for key in foreign:
        found.append(
            (ERROR, f"attribute {key!r} belongs to {_OWNER[key].value}, not {label.value}")
        )
    attrs = {k: obj[k] for k in LABEL_ATTRIBUTES[label] if k in obj}
    if label is not Label.CASUALTY:
        attrs = {k: v for k, v in attrs.items() if v is not None}
    try:
        check_attributes(label, attrs)
    except SpanError as exc:
        found.append((ERROR, str(exc)))
        return found
    return found + _completeness(label, attrs)


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
