"""Names as token keys: the normalised form the gazetteer and the matcher share."""

from __future__ import annotations

from annotator.arabic.normalize import normalize_key
from annotator.arabic.tokens import tokenize

_DASHES = frozenset("-‐‑‒–—―−")
DASH = "-"


def token_key(text: str, kind: str) -> str:
    """The key of one token of normalised text (every dash reads as '-')."""
    if kind == "punct" and text in _DASHES:
        return DASH
    return text


def name_key(name: str) -> tuple[str, ...]:
    """The token key of a name as written in the data (normalised, dashes unified)."""
    return tuple(token_key(t.text, t.kind) for t in tokenize(normalize_key(name)))


def split_variants(spec: str) -> list[str]:
    """'a|b|c' → ['a', 'b', 'c'] with blanks dropped."""
    return [part.strip() for part in spec.split("|") if part.strip()]
