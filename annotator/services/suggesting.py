"""Suggest spans for article files without a database: the ``annotator suggest`` use case."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from annotator.domain import Suggestion, span_to_gold
from annotator.domain.labels import LABEL_ATTRIBUTES, Label
from annotator.services.decoding import (
    DEFAULT_MAX_FILE_SIZE,
    MAX_SUGGEST_CHARS,
    DecodeError,
    InputFileError,
    read_text_file,
    walk_inputs,
)
from annotator.suggest import Suggester, load_suggester

TEXT_SUFFIX = ".txt"


class SuggestInputError(Exception):
    """A path that is not a readable article file or folder."""


@dataclass
class SuggestedArticle:
    """One article file, its stored text and the suggester's proposals (or why it failed)."""

    source: str
    text: str = ""
    suggestions: list[Suggestion] = field(default_factory=list)
    error: str | None = None


def collect_articles(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """(file, source name) for each .txt file given or found under a folder, in order.

    Inside folders symbolic links are skipped, never followed (as ``annotator import`` does).
    """
    walk = walk_inputs(paths, (TEXT_SUFFIX,))
    if walk.missing:
        raise SuggestInputError(f"{walk.missing[0]}: no such file or folder")
    return [(path, source) for path, source, _named in walk.files]


def suggest_files(
    paths: Iterable[Path],
    suggester: Suggester | None = None,
    *,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> Iterator[SuggestedArticle]:
    """Read each article (UTF-8, BOM dropped, newlines made \\n) and suggest its spans.

    A file over ``max_file_size`` bytes fails without being read.
    """
    walk = walk_inputs(paths, (TEXT_SUFFIX,))
    if walk.missing:
        raise SuggestInputError(f"{walk.missing[0]}: no such file or folder")
    if not walk.files:
        return
    engine = suggester or load_suggester()
    for file, source, named in walk.files:
        try:
            text = read_text_file(file, max_file_size, follow=named)
        except (InputFileError, DecodeError) as exc:
            yield SuggestedArticle(source, error=str(exc))
            continue
        if len(text) > MAX_SUGGEST_CHARS:
            yield SuggestedArticle(source, error=_too_long(len(text)))
            continue
        yield SuggestedArticle(source, text, engine.suggest(text))


def _too_long(length: int) -> str:
    return (
        f"the article has {length:,} characters, more than the suggester takes"
        f" ({MAX_SUGGEST_CHARS:,}; is it many articles in one?)"
    )


def gold_record(article: SuggestedArticle) -> dict[str, Any]:
    """The codebook's gold JSONL object for an article: spans sorted by start."""
    ordered = sorted(article.suggestions, key=lambda s: (s.span.start, s.span.end))
    return {
        "source": article.source,
        "text": article.text,
        "spans": [span_to_gold(s.span, article.text) for s in ordered],
    }


#: json.dumps(..., ensure_ascii=False) makes a new encoder per call; one serves every line
_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)
_quoted = encode_basestring  # a str as a JSON string, as _JSON writes it (C)
#: a label's attribute names as JSON keys, and whether an absent one is written as null
_ATTRIBUTE_KEYS = {
    label: (tuple((key, f", {_quoted(key)}: ") for key in keys), label is Label.CASUALTY)
    for label, keys in LABEL_ATTRIBUTES.items()
}


def _value(value: Any) -> str:
    if type(value) is str:
        return _quoted(value)
    if value is None:
        return "null"
    if type(value) is int:
        return int.__repr__(value)
    return _JSON.encode(value)


def jsonl_line(article: SuggestedArticle) -> str:
    """``json.dumps(gold_record(article), ensure_ascii=False)``, written without making the
    record's dicts first (tests/suggest/test_suggest_startup.py compares the two)."""
    text = article.text
    parts = [f'{{"source": {_quoted(article.source)}, "text": {_quoted(text)}, "spans": [']
    first = True
    for s in sorted(article.suggestions, key=lambda s: (s.span.start, s.span.end)):
        span = s.span
        start, end, label, attrs = span.start, span.end, span.label, span.attrs
        keys, nulls = _ATTRIBUTE_KEYS[label]
        parts.append(
            f'{"" if first else ", "}{{"start": {start}, "end": {end}, '
            f'"label": {_quoted(label.value)}, "text": {_quoted(text[start:end])}'
        )
        first = False
        for key, written in keys:
            if key in attrs:
                parts.append(written + _value(attrs[key]))
            elif nulls:
                parts.append(written + "null")
        parts.append("}")
    parts.append("]}")
    return "".join(parts)


def shape(text: str) -> str:
    """Arabic letters joined and laid out for terminals that do neither (visual order)."""
    import arabic_reshaper  # noqa: PLC0415  (only the table format needs it)
    from bidi.algorithm import get_display  # noqa: PLC0415

    return get_display(arabic_reshaper.reshape(text))


def _attr_text(span_attrs: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in span_attrs.items() if v is not None)


def table(article: SuggestedArticle, *, shaped: bool = True) -> str:
    """A readable table of one article's suggestions."""
    fix = shape if shaped else (lambda s: s)
    lines = [f"== {article.source}: {len(article.suggestions)} suggestion(s)"]
    rows = []
    for s in sorted(article.suggestions, key=lambda s: (s.span.start, s.span.end)):
        surface = article.text[s.span.start : s.span.end].replace("\n", " ")
        rows.append(
            (
                f"{s.span.start}-{s.span.end}",
                s.span.label.value,
                fix(surface),
                fix(_attr_text(dict(s.span.attrs))),
                f"{s.score:.2f}",
            )
        )
    widths = [max([len(r[i]) for r in rows] + [4]) for i in range(5)]
    header = ("span", "label", "text", "attributes", "score")
    for row in [header, *rows]:
        cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
