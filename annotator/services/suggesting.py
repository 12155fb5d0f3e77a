"""Suggest spans for article files without a database: the ``annotator suggest`` use case."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain import Suggestion, span_to_gold
from annotator.services.importing import DecodeError, read_text_file
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
    """(file, source name) for each .txt file given or found under a folder, in order."""
    out: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob(f"*{TEXT_SUFFIX}")):
                if file.is_file():
                    out.append((file, file.relative_to(path).as_posix()))
        elif path.is_file():
            out.append((path, path.name))
        else:
            raise SuggestInputError(f"{path}: no such file or folder")
    return out


def suggest_files(
    paths: Iterable[Path], suggester: Suggester | None = None
) -> Iterator[SuggestedArticle]:
    """Read each article (UTF-8, BOM dropped, newlines made \\n) and suggest its spans."""
    files = collect_articles(paths)
    if not files:
        return
    engine = suggester or load_suggester()
    for file, source in files:
        try:
            text = read_text_file(file)
        except (OSError, DecodeError) as exc:
            yield SuggestedArticle(source, error=str(exc))
            continue
        yield SuggestedArticle(source, text, engine.suggest(text))


def gold_record(article: SuggestedArticle) -> dict[str, Any]:
    """The codebook's gold JSONL object for an article: spans sorted by start."""
    ordered = sorted(article.suggestions, key=lambda s: (s.span.start, s.span.end))
    return {
        "source": article.source,
        "text": article.text,
        "spans": [span_to_gold(s.span, article.text) for s in ordered],
    }


def jsonl_line(article: SuggestedArticle) -> str:
    return json.dumps(gold_record(article), ensure_ascii=False)


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
