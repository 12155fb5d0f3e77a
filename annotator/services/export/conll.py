"""CoNLL-2003-style BIO: ``token<TAB>tag`` lines, a blank line between sentences.

Each record starts with ``-DOCSTART-<TAB>O``, then ``# source = …``, ``# article_id = …`` and
``# annotator = …`` comment lines, then a blank line. Spans that cannot be tagged (no token
inside them, or overlapping a span tagged already) are left out of the tags and listed in the
alignment report, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

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
        self.lines = 0  # written so far (for the line numbers of the self-check)
        self.checked_tokens = 0
        self.checked_entities = 0

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

    def check(self, record: Record, text: str) -> None:
        """The block reads back: token<TAB>tag lines, BIO tags that continue their span."""
        docs = tokens = entities = 0
        for _n, token, tag in parse_lines(text.split("\n")[:-1], self.lines + 1):
            if token == DOCSTART:
                docs += 1
                continue
            tokens += 1
            if tag.startswith("B-"):
                entities += 1
        self.lines += text.count("\n")
        self.checked_tokens += tokens
        self.checked_entities += entities
        check_count("documents", 1, docs)

    def verify(self) -> None:
        check_count("tokens", self.tokens, self.checked_tokens)
        check_count("tagged spans", self.entities, self.checked_entities)


def parse_lines(lines: Iterable[str], first: int) -> Iterator[tuple[int, str, str]]:
    """(line number, token, tag) of CoNLL lines (numbered from ``first``); CheckError if bad."""
    prev_tag = "O"
    for n, line in enumerate(lines, start=first):
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
        if tag != "O" and tag[:2] not in ("B-", "I-"):
            raise CheckError(f"self-check failed: line {n}: bad tag {tag!r}")
        prev_tag = tag
        yield n, token, tag
