"""An article as the codebook stores it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def to_stored_text(text: str) -> str:
    """The codebook's stored text: a leading BOM dropped, ``\\r\\n`` and ``\\r`` made ``\\n``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
