"""An article as the codebook stores it."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def to_stored_text(text: str) -> str:
    """The codebook's stored text: a leading BOM dropped, ``\\r\\n`` and ``\\r`` made ``\\n``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def stored_offsets(text: str) -> Callable[[int], int]:
    """The map from offsets in ``text`` as written to offsets in ``to_stored_text(text)``.

    The stored text drops a leading BOM and the ``\\r`` of each ``\\r\\n``; an offset moves
    back by the characters dropped before it (an offset on a dropped character lands where
    that character was).
    """
    removed = ([0] if text.startswith("\ufeff") else []) + [
        m.start() for m in re.finditer("\r\n", text)
    ]
    if not removed:
        return lambda offset: offset
    return lambda offset: offset - bisect_left(removed, offset)


def content_hash(text: str) -> str:
    """Identity of an article's text, used to find duplicates and to merge databases."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_title(text: str) -> str:
    """The first non-empty line, trimmed, as a title."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


@dataclass
class Article:
    text: str
    source: str = ""
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @property
    def hash(self) -> str:
        return content_hash(self.text)
