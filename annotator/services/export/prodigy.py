"""Prodigy-style JSONL: text, tokens, spans with inclusive token indices, answer and hashes.

``_input_hash`` identifies the text and ``_task_hash`` the text with its spans, as Prodigy's
do; here both are the first four bytes of a SHA-256 read as a signed big-endian 32-bit int:
input = sha256("text:" + text), task = sha256(f"{input_hash}:" + canonical JSON of the spans'
start, end, label and attributes). Stable across runs, machines and Python versions.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from itertools import chain, repeat
from json.encoder import encode_basestring
from operator import attrgetter, itemgetter, le, sub
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
from annotator.services.export.tokens import (
    Columns,
    align,
    base_pieces,
    pieces_columns,
    slow_columns,
)

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
        # The last article's base tokens and their JSON, checked once: records come in
        # article order, so the gold layer and every coder of an article share them.
        self._text: str | None = None
        self._base: Columns = ([], [], [])
        self._base_json = ""
        self._tokens: Columns = ([], [], [])  # what the last line was written from
        self._exact = False  # its spans' token ranges were checked while found
        self._spans: list[dict[str, Any]] = []

    def _article(self, text: str) -> tuple[Columns, str]:
        """The text's base tokens (checked) and their JSON, computed once per article."""
        if text is not self._text and text != self._text:
            pieces = base_pieces(text)
            if pieces is None:  # a text that goes token by token
                base = slow_columns(text)
                holds = _tokens_hold(text, base)
            else:
                base, holds = pieces_columns(text, pieces)
            if not holds:
                self._tokens = base
                self._check_tokens(text)
            toks = token_json(text, base) if pieces is None else pieces_json(text, pieces, base)
            self._text, self._base, self._base_json = text, base, toks
        return self._base, self._base_json

    def parts(self, record: Record) -> tuple[str, str, str]:
        """The task line in three pieces: the JSON before the tokens, the tokens, the rest.

        The tokens (~210 an article) are written by ``token_json`` from three lists; the
        rest is ``json.dumps``. When every span starts and ends on a token's edges (the
        usual case: spans snap to words) the article's tokens and their JSON are used as
        they are, and each span's token range is found by bisection; otherwise ``align``
        splits tokens at the span edges and the tokens are written again.
        """
        text = record.text
        spans = record.spans
        base, toks = self._article(text)
        starts, ends, _words = base
        span_starts, span_ends = list(map(_START, spans)), list(map(_END, spans))
        firsts = list(map(bisect_left, repeat(starts), span_starts))
        lasts = list(map(bisect_left, repeat(ends), span_ends))
        if (
            list(map((*starts, -1).__getitem__, firsts)) == span_starts
            and list(map((*ends, -1).__getitem__, lasts)) == span_ends
        ):
            tokens: Columns = base
            ranges: list[tuple[int | None, int | None]] = list(zip(firsts, lasts, strict=True))
            exact = True  # each span's first token starts and its last token ends where it does
        else:  # an edge inside a token or between tokens: the general rules
            split, aligned, issues = align(text, spans, record.source, record.annotator)
            self.issues += issues
            tokens = (list(map(_FIRST, split)), list(map(_SECOND, split)), list(map(_THIRD, split)))
            if not _tokens_hold(text, tokens):
                self._tokens = tokens
                self._check_tokens(text)
            toks = token_json(text, tokens)
            ranges = [(a.first, a.last) for a in aligned]
            exact = False
        self._tokens = tokens
        self._exact = exact
        out: list[dict[str, Any]] = []
        keys: list[dict[str, Any]] = []
        surfaces = map(text.__getitem__, map(slice, span_starts, span_ends))
        for s, surface, (first, last) in zip(spans, surfaces, ranges, strict=True):
            start, end, label, attrs = s.start, s.end, s.label._value_, span_attrs(s)
            keys.append({"start": start, "end": end, "label": label, "text": surface, **attrs})
            if first is None:
                out.append({"start": start, "end": end, "label": label, "text": surface, **attrs})
                continue
            out.append(
                {
                    "start": start,
                    "end": end,
                    "label": label,
                    "text": surface,
                    "token_start": first,
                    "token_end": last,
                    **attrs,
                }
            )
        self._spans = out
        in_hash = input_hash(text)
        head = {"text": text, "meta": {"source": record.source, "article_id": record.article_id}}
        tail = {
            "spans": out,
            "answer": "accept",
            "_input_hash": in_hash,
            "_task_hash": hash32(f"{in_hash}:{_canonical(keys)}"),
            "_annotator_id": record.annotator,
            "_view_id": "ner_manual",
        }
        return _dumps(head)[:-1], toks, _dumps(tail)[1:]

    def text(self, record: Record) -> str:
        head, toks, tail = self.parts(record)
        return f'{head}, "tokens": [{toks}], {tail}\n'

    def _check_tokens(self, source: str) -> None:
        """CheckError naming the first token of ``self._tokens`` that does not hold."""
        where = f"line {self.records + 1}"
        starts, ends, words = self._tokens
        for i, (start, end, word) in enumerate(zip(starts, ends, words, strict=True)):
            check_surface(source, start, end, word, f"{where} token {i}")
        raise CheckError(f"self-check failed: {where}: tokens out of order")

    def check(self, record: Record, text: str) -> None:
        """What the line is written from holds: one line; every token's text is
        ``text[start:end]`` with offsets inside the text, in order (checked once per
        article's tokens, when they are made); every span's text too, with a known label,
        and its tokens inside it.

        The line is not parsed again (that cost a fifth of the export's time): the tokens
        are written from these offsets and texts by ``token_json``, the rest by
        ``json.dumps``; the tests parse every task back.
        """
        where = f"line {self.records + 1}"
        if text.find("\n") != len(text) - 1:
            raise CheckError(f"self-check failed: {where}: the task is not one line")
        source = record.text
        spans = self._spans
        if not spans_read_back(source, spans):
            for span in spans:
                check_surface(source, span["start"], span["end"], span["text"], where)
            raise CheckError(f"self-check failed: {where}: a span has an unknown label")
        starts, ends, _words = self._tokens
        for span in [] if self._exact else spans:  # exact: checked when the ranges were found
            if "token_start" in span:
                first, last = starts[span["token_start"]], ends[span["token_end"]]
                if not (span["start"] <= first and last <= span["end"]):
                    raise CheckError(f"self-check failed: {where}: span tokens outside the span")
        self.checked_spans += len(spans)

    def verify(self) -> None:
        check_count("spans", self.spans, self.checked_spans)


_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
_START, _END = attrgetter("start"), attrgetter("end")


def _tokens_hold(text: str, tokens: Columns) -> bool:
    """Each token is ``text[start:end]``, non-empty, inside the text, after the one before
    (compared list by list, no Python work per token: each text is compared in place with
    ``str.startswith`` at its start, its length with its offsets)."""
    starts, ends, words = tokens
    if not starts:
        return not ends and not words
    return (
        len(starts) == len(ends) == len(words)
        and starts[0] >= 0
        and ends[-1] <= len(text)
        and all(words)
        and list(map(sub, ends, starts)) == list(map(len, words))
        and all(map(le, ends, starts[1:]))
        and all(map(text.startswith, words, starts))
    )


# ---- the token list's JSON ----

_TABLE_LIMIT = 1 << 16  # texts longer than this are written token by token
_starts_json: list[str] = []  # str(i)
_ends_json: list[str] = []  # ', "end": i, "id": '
_ids_json: list[str] = []  # 'i, "ws": '
_WORD_LIMIT = 50_000  # distinct token texts kept encoded (cleared when full: memory stays flat)


class _Heads(dict[str, str]):
    """A token's text → the JSON before its start offset (bounded)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _WORD_LIMIT:
            self.clear()
        value = self[word] = '{"text": ' + _string(word) + ', "start": '
        return value


class _Spaces(dict[str, str]):
    """The character after a token → its ``ws`` value, the object's end and the separator."""

    def __missing__(self, char: str) -> str:
        if len(self) >= _WORD_LIMIT:
            self.clear()
        value = self[char] = "true}, " if char.isspace() else "false}, "
        return value


_heads = _Heads()
_spaces = _Spaces()


def _grow_tables(size: int) -> None:
    """The number tables cover 0..size (offsets and token ids of a text of that length)."""
    for i in range(len(_starts_json), size + 1):
        _starts_json.append(str(i))
        _ends_json.append(f', "end": {i}, "id": ')
        _ids_json.append(f'{i}, "ws": ')


def token_json(text: str, tokens: Columns) -> str:
    """The tokens' objects as Prodigy writes them, comma-separated (without the brackets):
    ``{"text": …, "start": …, "end": …, "id": i, "ws": …}``, ``ws`` true if a whitespace
    character follows the token. Equal to ``json.dumps`` of those dicts (tests compare).

    Made with no Python work per token: each object is five strings looked up in tables
    (its text's JSON, its offsets, its id, the character after it) and joined once.
    """
    starts, ends, words = tokens
    n = len(starts)
    if not n:
        return ""
    size = len(text)
    if size > _TABLE_LIMIT:
        return ", ".join(
            [
                f'{{"text": {_string(word)}, "start": {start}, "end": {end}, "id": {i}, "ws": '
                + ("true}" if end < size and text[end].isspace() else "false}")
                for i, (start, end, word) in enumerate(zip(starts, ends, words, strict=True))
            ]
        )
    if len(_starts_json) <= size:
        _grow_tables(size)
    after = map((text + "x").__getitem__, ends)  # "x": no whitespace after the last character
    pieces = zip(
        map(_heads.__getitem__, words),
        map(_starts_json.__getitem__, starts),
        map(_ends_json.__getitem__, ends),
        _ids_json[:n],
        map(_spaces.__getitem__, after),
        strict=True,
    )
    return "".join(chain.from_iterable(pieces))[:-2]


class _PieceHeads(dict[str, str]):
    """A piece (a token with the whitespace before it) → the JSON from the ``ws`` value of the
    token before (true if the piece starts with whitespace) to this token's start offset."""

    def __missing__(self, piece: str) -> str:
        if len(self) >= _WORD_LIMIT:
            self.clear()
        word = piece.lstrip()
        ws = "true}, " if len(word) < len(piece) else "false}, "
        value = self[piece] = ws + '{"text": ' + _string(word) + ', "start": '
        return value


_piece_heads = _PieceHeads()


def pieces_json(text: str, pieces: list[str], tokens: Columns) -> str:
    """``token_json(text, tokens)`` for the tokens of ``pieces`` (``pieces_columns``, which
    they must hold to), four table strings a token: the piece's head (the ``ws`` value of the
    token before it, then its text: the piece starts at the end of the token before, so it
    starts with whitespace if that token is followed by some), its offsets and id. The first
    head's ``ws`` is cut off, the last token's is added."""
    starts, ends, _words = tokens
    n = len(pieces)
    size = len(text)
    if not n or size > _TABLE_LIMIT:
        return token_json(text, tokens)
    if len(_starts_json) <= size:
        _grow_tables(size)
    out = [""] * (4 * n)
    out[0::4] = map(_piece_heads.__getitem__, pieces)
    out[1::4] = map(_starts_json.__getitem__, starts)
    out[2::4] = map(_ends_json.__getitem__, ends)
    out[3::4] = _ids_json[:n]
    first = out[0]
    out[0] = first[first.index("{") :]
    end = ends[-1]
    out.append("true}" if text[end : end + 1].isspace() else "false}")
    return "".join(out)
