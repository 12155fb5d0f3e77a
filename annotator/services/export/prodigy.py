"""Prodigy-style JSONL: text, tokens, spans with inclusive token indices, answer and hashes.

``_input_hash`` identifies the text and ``_task_hash`` the text with its spans, as Prodigy's
do; here both are the first four bytes of a SHA-256 read as a signed big-endian 32-bit int:
input = sha256("text:" + text), task = sha256(f"{input_hash}:" + canonical JSON of the spans'
start, end, label and attributes). Stable across runs, machines and Python versions.
"""

from __future__ import annotations

import hashlib
import json
from json.encoder import encode_basestring
from operator import itemgetter, le, lt
from typing import Any

from annotator.services.export.base import (
    CheckError,
    TextFormatter,
    check_count,
    check_surface,
    span_attrs,
    spans_read_back,
)
from annotator.services.export.dataset import Record
from annotator.services.export.tokens import Tok, align

_string = encode_basestring  # json.dumps' own encoder for a string (ensure_ascii=False)


_dumps = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(obj, ensure_ascii=False)
_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def hash32(data: str) -> int:
    """A stable signed 32-bit int from a string."""
    return int.from_bytes(hashlib.sha256(data.encode("utf-8")).digest()[:4], "big", signed=True)


def input_hash(text: str) -> int:
    return hash32("text:" + text)


def task_hash(text: str, spans: list[dict[str, Any]]) -> int:
    keys = [{k: v for k, v in s.items() if k not in ("token_start", "token_end")} for s in spans]
    payload = _canonical(keys)
    return hash32(f"{input_hash(text)}:{payload}")


class ProdigyFormat(TextFormatter):
    """One task per (article, annotator), ``answer`` "accept"."""

    name = "prodigy"
    has_alignment = True

    def __init__(self) -> None:
        super().__init__()
        self.checked_spans = 0
        self._tokens: list[Tok] = []  # what the last line was written from
        self._spans: list[dict[str, Any]] = []

    def parts(self, record: Record) -> tuple[str, str, str]:
        """The task line in three pieces: the JSON before the tokens, the tokens, the rest.

        The tokens (~210 an article) are written from their text, offsets and id with the
        stdlib's JSON string encoder, without a dict each; the rest is ``json.dumps``.
        """
        text = record.text
        tokens, aligned, issues = align(text, record.spans, record.source, record.annotator)
        self.issues += issues
        self._tokens = tokens
        spans: list[dict[str, Any]] = []
        for a in aligned:
            s = a.span
            out: dict[str, Any] = {"start": s.start, "end": s.end, "label": s.label.value}
            out["text"] = text[s.start : s.end]
            if a.first is not None:
                out["token_start"] = a.first
                out["token_end"] = a.last
            out.update(span_attrs(s))
            spans.append(out)
        self._spans = spans
        head = {"text": text, "meta": {"source": record.source, "article_id": record.article_id}}
        tail = {
            "spans": spans,
            "answer": "accept",
            "_input_hash": input_hash(text),
            "_task_hash": task_hash(text, spans),
            "_annotator_id": record.annotator,
            "_view_id": "ner_manual",
        }
        size = len(text)
        toks = ", ".join(
            [
                f'{{"text": {_string(word)}, "start": {start}, "end": {end}, "id": {i}, "ws": '
                + ("true}" if end < size and text[end].isspace() else "false}")
                for i, (start, end, word) in enumerate(tokens)
            ]
        )
        return _dumps(head)[:-1], toks, _dumps(tail)[1:]

    def text(self, record: Record) -> str:
        head, toks, tail = self.parts(record)
        return f'{head}, "tokens": [{toks}], {tail}\n'

    def check(self, record: Record, text: str) -> None:
        """What the line is written from holds: one line; every token's text is
        ``text[start:end]`` with offsets inside the text, in order; every span's too, with a
        known label, and its tokens inside it.

        The line is not parsed again (that cost a fifth of the export's time): the tokens
        are written from these offsets and texts with the stdlib's JSON string encoder, the
        rest by ``json.dumps``; the tests parse every task back.
        """
        where = f"line {self.records + 1}"
        if text.find("\n") != len(text) - 1:
            raise CheckError(f"self-check failed: {where}: the task is not one line")
        source = record.text
        tokens, spans = self._tokens, self._spans
        if not _tokens_hold(source, tokens):
            for i, (start, end, word) in enumerate(tokens):
                check_surface(source, start, end, word, f"{where} token {i}")
            raise CheckError(f"self-check failed: {where}: tokens out of order")
        if not spans_read_back(source, spans):
            for span in spans:
                check_surface(source, span["start"], span["end"], span["text"], where)
            raise CheckError(f"self-check failed: {where}: a span has an unknown label")
        for span in spans:
            if "token_start" in span:
                first, last = tokens[span["token_start"]], tokens[span["token_end"]]
                if not (span["start"] <= first[0] and last[1] <= span["end"]):
                    raise CheckError(f"self-check failed: {where}: span tokens outside the span")
        self.checked_spans += len(spans)

    def verify(self) -> None:
        check_count("spans", self.spans, self.checked_spans)


_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


def _tokens_hold(text: str, tokens: list[Tok]) -> bool:
    """Each token is ``text[start:end]``, non-empty, inside the text, after the one before
    (compared list by list, no Python work per token)."""
    if not tokens:
        return True
    starts, ends = list(map(_FIRST, tokens)), list(map(_SECOND, tokens))
    return (
        starts[0] >= 0
        and ends[-1] <= len(text)
        and all(map(lt, starts, ends))
        and all(map(le, ends, starts[1:]))
        and list(map(_THIRD, tokens)) == list(map(text.__getitem__, map(slice, starts, ends)))
    )
