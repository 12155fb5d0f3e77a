"""CoNLL-2003-style BIO: ``token<TAB>tag`` lines, a blank line between sentences.

Each record starts with ``-DOCSTART-<TAB>O``, then ``# source = …``, ``# article_id = …`` and
``# annotator = …`` comment lines, then a blank line. Spans that cannot be tagged (no token
inside them, or overlapping a span tagged already) are left out of the tags and listed in the
alignment report, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from annotator.services.export.base import CheckError, TextFormatter, check_count, check_surface
from annotator.services.export.dataset import Record
from annotator.services.export.tokens import Issue, align, sentence_ids

DOCSTART = "-DOCSTART-"
_CONTROL = re.compile(r"[\t\r\n\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+")


def _comment(key: str, value: object) -> str:
    return f"# {key} = {_CONTROL.sub(' ', str(value))}\n"


class ConllFormat(TextFormatter):
    """One token per line with its BIO tag (B-ACTOR, I-ACTOR, …, O)."""

    name = "conll"
    has_alignment = True

    def __init__(self) -> None:
        super().__init__()
        self.entities = 0
        self.tokens = 0

    def text(self, record: Record) -> str:
        """The record's block of lines (counting its tagged spans and tokens)."""
        text = record.text
        tokens, aligned, issues = align(text, record.spans, record.source, record.annotator)
        tags = ["O"] * len(tokens)
        tagged = []
        for a in aligned:
            if a.first is None or a.last is None:
                continue
            if any(tag != "O" for tag in tags[a.first : a.last + 1]):
                issues.append(
                    Issue(
                        record.source,
                        record.annotator,
                        a.span,
                        a.span.surface(text),
                        "dropped",
                        "overlaps a span tagged already (BIO cannot nest)",
                    )
                )
                continue
            if a.exact:
                got = text[tokens[a.first].start : tokens[a.last].end]
                check_surface(text, a.span.start, a.span.end, got, f"{record.source} tokens")
            label = a.span.label.value
            tags[a.first] = f"B-{label}"
            for i in range(a.first + 1, a.last + 1):
                tags[i] = f"I-{label}"
            tagged.append(a.span)
        self.issues += issues
        sids = sentence_ids(text, tokens, tagged)
        out = [
            f"{DOCSTART}\tO\n",
            _comment("source", record.source),
            _comment("article_id", record.article_id),
            _comment("annotator", record.annotator),
        ]
        previous = None
        for tok, tag, sid in zip(tokens, tags, sids, strict=True):
            if sid != previous:
                out.append("\n")
                previous = sid
            out.append(f"{tok.text}\t{tag}\n")
        out.append("\n")
        self.entities += len(tagged)
        self.tokens += len(tokens)
        return "".join(out)

    def info(self) -> dict[str, object]:
        return {**super().info(), "tagged_spans": self.entities, "tokens": self.tokens}

    def verify(self) -> None:
        assert self.path is not None
        docs = tokens = entities = 0
        for n, token, tag in read_lines(self.path):
            if token == DOCSTART:
                docs += 1
                continue
            tokens += 1
            if tag.startswith("B-"):
                entities += 1
            elif tag != "O" and not tag.startswith("I-"):
                raise CheckError(f"self-check failed: line {n}: bad tag {tag!r}")
        check_count("documents", self.records, docs)
        check_count("tokens", self.tokens, tokens)
        check_count("tagged spans", self.entities, entities)


def read_lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number, token, tag) of a CoNLL file written here; comments and blanks skipped."""
    with path.open(encoding="utf-8", newline="\n") as fh:
        prev_tag = "O"
        for n, raw in enumerate(fh, start=1):
            line = raw.rstrip("\n")
            if not line:
                prev_tag = "O"
                continue
            if line.startswith("# ") and "\t" not in line:
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0]:
                raise CheckError(f"self-check failed: line {n}: expected token<TAB>tag")
            token, tag = parts
            if tag.startswith("I-") and prev_tag[2:] != tag[2:]:
                raise CheckError(f"self-check failed: line {n}: {tag} does not continue a span")
            prev_tag = tag
            yield n, token, tag
