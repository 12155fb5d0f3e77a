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
from operator import itemgetter, le, sub
from sys import intern
from typing import Any

from annotator.services.export.base import (
    CheckError,
    TextFormatter,
    attrs_as_written,
    check_count,
    check_surface,
    spans_hold,
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
    return hash_of_task(input_hash(text), _canonical(keys))


def hash_of_task(in_hash: int, spans_json: str) -> int:
    """The task hash from the input hash and the spans' canonical JSON (a list, without
    token ranges): ``task_hash`` and the export's task lines both use it."""
    return hash32(f"{in_hash}:{spans_json}")


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
        self._base_json = b""
        self._tokens: Columns = ([], [], [])  # what the last line was written from
        self._exact = False  # its spans' token ranges were checked while found
        # What the last line's spans were written from (checked by ``check``).
        self._span_columns: tuple[list[int], list[int], list[str], list[str]] = ([], [], [], [])
        self._ranges: list[tuple[int | None, int | None]] = []

    def _article(self, text: str) -> tuple[Columns, bytes]:
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

    def parts(self, record: Record) -> tuple[str, bytes, str]:
        """The task line in three pieces: the JSON before the tokens, the tokens, the rest.

        The tokens (~210 an article) are written by ``token_json`` from three lists; the
        rest is ``json.dumps``. When every span starts and ends on a token's edges (the
        usual case: spans snap to words) the article's tokens and their JSON are used as
        they are, and each span's token range is found by bisection; otherwise ``align``
        splits tokens at the span edges and the tokens are written again.
        """
        text = record.text
        rows = record.rows
        base, toks = self._article(text)
        starts, ends, _words = base
        span_starts, span_ends = list(map(_FIRST, rows)), list(map(_SECOND, rows))
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
            split, aligned, issues = align(text, record.spans, record.source, record.annotator)
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
        self._ranges = ranges
        labels = list(map(_THIRD, rows))
        surfaces = list(map(text.__getitem__, map(slice, span_starts, span_ends)))
        self._span_columns = (span_starts, span_ends, labels, surfaces)
        objects, keys = span_json(
            attributes=list(map(_FOURTH, rows)),
            starts=span_starts,
            ends=span_ends,
            labels=labels,
            surfaces=surfaces,
            ranges=ranges,
        )
        in_hash = input_hash(text)
        head = {"text": text, "meta": {"source": record.source, "article_id": record.article_id}}
        tail = (
            f'"spans": [{objects}], "answer": "accept", "_input_hash": {in_hash},'
            f' "_task_hash": {hash_of_task(in_hash, f"[{keys}]")},'
            f' "_annotator_id": {_string(record.annotator)}, "_view_id": "ner_manual"}}'
        )
        return _dumps(head)[:-1], toks, tail

    binary = True  # the tokens' JSON is made as UTF-8 (no encoding of ~90 % of the file)

    def text(self, record: Record) -> bytes:  # type: ignore[override]
        """The task line, UTF-8."""
        head, toks, tail = self.parts(record)
        return b"".join((head.encode(), b', "tokens": [', toks, b"], ", tail.encode(), b"\n"))

    def _check_tokens(self, source: str) -> None:
        """CheckError naming the first token of ``self._tokens`` that does not hold."""
        where = f"line {self.records + 1}"
        starts, ends, words = self._tokens
        for i, (start, end, word) in enumerate(zip(starts, ends, words, strict=True)):
            check_surface(source, start, end, word, f"{where} token {i}")
        raise CheckError(f"self-check failed: {where}: tokens out of order")

    def check(self, record: Record, text: bytes) -> None:  # type: ignore[override]
        """What the line is written from holds: one line; every token's text is
        ``text[start:end]`` with offsets inside the text, in order (checked once per
        article's tokens, when they are made); every span's text too, with a known label,
        and its tokens inside it.

        The line is not parsed again (that cost a fifth of the export's time): the tokens
        are written from these offsets and texts by ``token_json``, the rest by
        ``json.dumps``; the tests parse every task back.
        """
        where = f"line {self.records + 1}"
        if text.find(b"\n") != len(text) - 1:
            raise CheckError(f"self-check failed: {where}: the task is not one line")
        source = record.text
        starts, ends, labels, surfaces = self._span_columns
        if not spans_hold(source, starts, ends, labels, surfaces):
            for start, end, surface in zip(starts, ends, surfaces, strict=True):
                check_surface(source, start, end, surface, where)
            raise CheckError(f"self-check failed: {where}: a span has an unknown label")
        token_starts, token_ends, _words = self._tokens
        pairs = [] if self._exact else zip(starts, ends, self._ranges, strict=True)
        for start, end, (first, last) in pairs:  # exact: checked when the ranges were found
            if first is None or last is None:  # a span that covers no token
                continue
            if not (start <= token_starts[first] and token_ends[last] <= end):
                raise CheckError(f"self-check failed: {where}: span tokens outside the span")
        self.checked_spans += len(starts)

    def verify(self) -> None:
        check_count("spans", self.spans, self.checked_spans)


_FIRST, _SECOND, _THIRD, _FOURTH = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)


# ---- the spans' JSON ----

_SLOTS = (('"start"', "\0"), ('"end"', "\0"), ('"text"', "\0"))  # a span's own values
_SHAPE_LIMIT = 32_768  # (label, attributes) kept as their JSON pieces (memory stays flat)
Shape = tuple[str, str, str, str, str, str]


class _Shapes(dict[tuple[str, str], Shape]):
    """(label, the attributes' JSON text) → ``span_shape`` (bounded).

    Keyed by JSON text, not by the attributes' values: ``1``, ``1.0`` and ``true`` are equal
    in Python but written differently. Two texts of the same attributes (the project's and
    the canonical encoder's) are two keys with the same pieces.
    """

    def __missing__(self, key: tuple[str, str]) -> Shape:
        if len(self) >= _SHAPE_LIMIT:
            self.clear()
        label, attrs = key
        value = self[key] = span_shape(label, attrs_as_written(label, json.loads(attrs)))
        return value


_shapes = _Shapes()


def span_shape(label: str, attrs: dict[str, Any]) -> Shape:
    """A span's two JSON objects as pieces around its start, end and text.

    ``(label, tail, c0, c1, c2, c3)``: the task's object is ``{"start": S, "end": E`` +
    ``label`` + the text + the token range (if any) + ``tail``, as ``json.dumps`` writes
    ``{"start", "end", "label", "text", "token_start", "token_end", **attrs}``; the object
    the task hash reads is ``c0 + E + c1 + S + c2 + text + c3``, as the canonical encoder
    (sorted keys, no spaces) writes the span without its token range. ``attrs`` is
    ``span_attrs`` of a span: its attributes as written, in order.
    """
    written = [(_string(k), *_value_json(v)) for k, v in attrs.items()]
    tail = "".join([f", {k}: {v}" for k, v, _c in written]) + "}"
    fields = [*((k, c) for k, _v, c in written), *_SLOTS, ('"label"', _string(label))]
    # a NUL marks each slot: the encoders write a NUL inside a value as \u0000
    canonical = ",".join([f"{k}:{c}" for k, c in sorted(fields, key=_FIRST)])
    c0, c1, c2, c3 = ("{" + canonical + "}").split("\0")  # end < start < text, as sorted
    head = f', "label": {_string(label)}, "text": '
    # a few pieces per label ('{"end":', ',"text":', '}', the head) are one copy each
    return intern(head), tail, intern(c0), c1, intern(c2), intern(c3)


def _value_json(value: Any) -> tuple[str, str]:
    """An attribute's value as ``json.dumps`` writes it and as the canonical encoder does."""
    kind = type(value)
    if kind is str:
        text = _string(value)
    elif kind is int:
        text = int.__repr__(value)
    elif value is None or kind is bool:
        text = _SCALARS[value]
    else:  # floats, lists, objects: the encoders themselves
        return _dumps(value), _canonical(value)
    return text, text


_SCALARS = {None: "null", True: "true", False: "false"}


def span_json(
    *,
    attributes: list[str],
    starts: list[int],
    ends: list[int],
    labels: list[str],
    surfaces: list[str],
    ranges: list[tuple[int | None, int | None]],
) -> tuple[str, str]:
    """A record's spans for its task line, comma-separated: as ``json.dumps`` writes them
    in the line, and as the canonical encoder writes them (without token ranges) for the
    task hash. Each is joined from a few strings: constants, the span's offsets, text and
    token range, and its ``span_shape`` (kept per label and ``attributes``, each span's
    attributes as stored: JSON text), with no Python work per span; tests compare both
    with the encoders' output.
    """
    if not starts:
        return "", ""
    heads, tails, c0, c1, c2, c3 = zip(
        *map(_shapes.__getitem__, zip(labels, attributes, strict=True)), strict=True
    )
    quoted = list(map(_string, surfaces))
    start_text, end_text = list(map(str, starts)), list(map(str, ends))
    firsts = list(map(_FIRST, ranges))
    if None in firsts:  # a span that covers no token has no token range
        token_parts: Any = [
            "" if a is None else f', "token_start": {a}, "token_end": {b}' for a, b in ranges
        ]
    else:
        token_parts = map(
            "".join,
            zip(
                repeat(', "token_start": '),
                map(str, firsts),
                repeat(', "token_end": '),
                map(str, map(_SECOND, ranges)),
                strict=False,  # repeat() never ends
            ),
        )
    objects = zip(
        repeat('{"start": '),
        start_text,
        repeat(', "end": '),
        end_text,
        heads,
        quoted,
        token_parts,
        tails,
        strict=False,  # repeat() never ends; the lists are of one length
    )
    keys = zip(c0, end_text, c1, start_text, c2, quoted, c3, strict=True)
    return ", ".join(map("".join, objects)), ",".join(map("".join, keys))


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
_starts_json: list[bytes] = []  # str(i)
_ends_json: list[bytes] = []  # ', "end": i, "id": '
_ids_json: list[bytes] = []  # 'i, "ws": '
_WORD_LIMIT = 50_000  # distinct token texts kept encoded (cleared when full: memory stays flat)


class _Heads(dict[str, bytes]):
    """A token's text → the JSON before its start offset, UTF-8 (bounded)."""

    def __missing__(self, word: str) -> bytes:
        if len(self) >= _WORD_LIMIT:
            self.clear()
        value = self[word] = ('{"text": ' + _string(word) + ', "start": ').encode()
        return value


class _Spaces(dict[str, bytes]):
    """The character after a token → its ``ws`` value, the object's end and the separator."""

    def __missing__(self, char: str) -> bytes:
        if len(self) >= _WORD_LIMIT:
            self.clear()
        value = self[char] = b"true}, " if char.isspace() else b"false}, "
        return value


_heads = _Heads()
_spaces = _Spaces()


def _grow_tables(size: int) -> None:
    """The number tables cover 0..size (offsets and token ids of a text of that length)."""
    for i in range(len(_starts_json), size + 1):
        _starts_json.append(b"%d" % i)
        _ends_json.append(b', "end": %d, "id": ' % i)
        _ids_json.append(b'%d, "ws": ' % i)


def token_json(text: str, tokens: Columns) -> bytes:
    """The tokens' objects as Prodigy writes them, comma-separated (without the brackets),
    UTF-8:
    ``{"text": …, "start": …, "end": …, "id": i, "ws": …}``, ``ws`` true if a whitespace
    character follows the token. Equal to ``json.dumps`` of those dicts (tests compare).

    Made with no Python work per token: each object is five strings looked up in tables
    (its text's JSON, its offsets, its id, the character after it) and joined once.
    """
    starts, ends, words = tokens
    n = len(starts)
    if not n:
        return b""
    size = len(text)
    if size > _TABLE_LIMIT:
        return ", ".join(
            [
                f'{{"text": {_string(word)}, "start": {start}, "end": {end}, "id": {i}, "ws": '
                + ("true}" if end < size and text[end].isspace() else "false}")
                for i, (start, end, word) in enumerate(zip(starts, ends, words, strict=True))
            ]
        ).encode()
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
    return b"".join(chain.from_iterable(pieces))[:-2]


class _PieceHeads(dict[str, bytes]):
    """A piece (a token with the whitespace before it) → the JSON from the ``ws`` value of the
    token before (true if the piece starts with whitespace) to this token's start offset,
    UTF-8 (bounded)."""

    def __missing__(self, piece: str) -> bytes:
        if len(self) >= _WORD_LIMIT:
            self.clear()
        word = piece.lstrip()
        ws = "true}, " if len(word) < len(piece) else "false}, "
        value = self[piece] = (ws + '{"text": ' + _string(word) + ', "start": ').encode()
        return value


_piece_heads = _PieceHeads()


def pieces_json(text: str, pieces: list[str], tokens: Columns) -> bytes:
    """``token_json(text, tokens)`` for the tokens of ``pieces`` (``pieces_columns``; they
    must hold), four table entries a token: the piece's head (the ``ws`` value of the token
    before it, then its text: the piece starts at the end of the token before, so it starts
    with whitespace if that token is followed by some), its offsets and its id. The first
    head's ``ws`` is cut off, the last token's is added."""
    starts, ends, _words = tokens
    n = len(pieces)
    size = len(text)
    if not n or size > _TABLE_LIMIT:
        return token_json(text, tokens)
    if len(_starts_json) <= size:
        _grow_tables(size)
    out = [b""] * (4 * n)
    out[0::4] = map(_piece_heads.__getitem__, pieces)
    out[1::4] = map(_starts_json.__getitem__, starts)
    out[2::4] = map(_ends_json.__getitem__, ends)
    out[3::4] = _ids_json[:n]
    first = out[0]
    out[0] = first[first.index(b"{") :]
    end = ends[-1]
    out.append(b"true}" if text[end : end + 1].isspace() else b"false}")
    return b"".join(out)
