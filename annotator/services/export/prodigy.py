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
from operator import itemgetter, lt
from typing import Any

from annotator.services.export.base import (
    CheckError,
    TextFormatter,
    check_count,
    check_surface,
    span_attrs,
)
from annotator.services.export.dataset import Record
from annotator.services.export.tokens import align

_string = encode_basestring  # json.dumps' own encoder for a string (ensure_ascii=False)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def hash32(data: str) -> int:
    """A stable signed 32-bit int from a string."""
    return int.from_bytes(hashlib.sha256(data.encode("utf-8")).digest()[:4], "big", signed=True)


def input_hash(text: str) -> int:
    return hash32("text:" + text)


def task_hash(text: str, spans: list[dict[str, Any]]) -> int:
    keys = [{k: v for k, v in s.items() if k not in ("token_start", "token_end")} for s in spans]
    payload = json.dumps(keys, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hash32(f"{input_hash(text)}:{payload}")


class ProdigyFormat(TextFormatter):
    """One task per (article, annotator), ``answer`` "accept"."""

    name = "prodigy"
    has_alignment = True

    def __init__(self) -> None:
        super().__init__()
        self.checked_spans = 0

    def parts(self, record: Record) -> tuple[str, str, str]:
        """The task line in three pieces: the JSON before the tokens, the tokens, the rest.

        The tokens (~210 an article) are written from their text, offsets and id with the
        stdlib's JSON string encoder, without a dict each; the rest is ``json.dumps``.
        """
        text = record.text
        tokens, aligned, issues = align(text, record.spans, record.source, record.annotator)
        self.issues += issues
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

    def task(self, record: Record) -> dict[str, Any]:
        """The task as a dict (what its line reads back to)."""
        return json.loads(self.text(record))

    def text(self, record: Record) -> str:
        head, toks, tail = self.parts(record)
        return f'{head}, "tokens": [{toks}], {tail}\n'

    def check(self, record: Record, text: str) -> None:
        """The task line parses back: tokens and spans are their text's offsets, one line."""
        where = f"line {self.records + 1}"
        if text.find("\n") != len(text) - 1:
            raise CheckError(f"self-check failed: {where}: the task is not one line")
        task = json.loads(text)
        if task["text"] != record.text:
            raise CheckError(f"self-check failed: {where}: the text does not read back")
        self.checked_spans += _verify_task(task, where)

    def verify(self) -> None:
        check_count("spans", self.spans, self.checked_spans)


_START, _END, _TEXT, _ID = (itemgetter(k) for k in ("start", "end", "text", "id"))


def _tokens_read_back(text: str, tokens: list[dict[str, Any]]) -> bool:
    """Every token's id is its index and its text is ``text[start:end]`` with integer offsets
    inside the text (compared list by list, no Python work per token)."""
    starts, ends = list(map(_START, tokens)), list(map(_END, tokens))
    return not tokens or (
        {*map(type, starts), *map(type, ends)} == {int}
        and min(starts) >= 0
        and max(ends) <= len(text)
        and all(map(lt, starts, ends))
        and list(map(_ID, tokens)) == list(range(len(tokens)))
        and list(map(_TEXT, tokens)) == list(map(text.__getitem__, map(slice, starts, ends)))
    )


def _verify_task(task: dict[str, Any], where: str) -> int:
    text = task["text"]
    tokens = task["tokens"]
    size = len(text)
    for i, tok in enumerate([] if _tokens_read_back(text, tokens) else tokens):
        start, end = tok["start"], tok["end"]
        if (
            tok["id"] != i
            or type(start) is not int
            or type(end) is not int
            or not 0 <= start < end <= size
            or text[start:end] != tok["text"]
        ):
            check_surface(text, start, end, tok["text"], f"{where} token {i}")
            raise CheckError(f"self-check failed: {where}: token {i} has id {tok['id']}")
    for span in task["spans"]:
        check_surface(text, span["start"], span["end"], span["text"], where)
        if "token_start" in span:
            first, last = tokens[span["token_start"]], tokens[span["token_end"]]
            if not (span["start"] <= first["start"] and last["end"] <= span["end"]):
                raise CheckError(f"self-check failed: {where}: span tokens outside the span")
    if task["_input_hash"] != input_hash(text):
        raise CheckError(f"self-check failed: {where}: _input_hash does not match the text")
    return len(task["spans"])
