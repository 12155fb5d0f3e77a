"""Showing untrusted text (names, titles, sources, file names) where it could do harm.

A coder name or a title comes from files and other people's databases. In a terminal, control
characters and escape sequences could rewrite the screen; anywhere, bidi overrides and isolates
could reorder the line around them. ``visible`` turns every such character into a visible escape
(``\\x1b``, ``\\u202e``) and leaves all other text, Arabic included, as it is.
"""

from __future__ import annotations

import re
import unicodedata

# Explicit bidi embeddings, overrides and isolates, and the directional marks.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def is_hazard(char: str) -> bool:
    """A control character (C0, C1, DEL), a bidi control, a line/paragraph separator, or a
    lone surrogate (no encoding can print one)."""
    if char in BIDI_CONTROLS:
        return True
    category = unicodedata.category(char)
    return category == "Cc" or category in {"Zl", "Zp", "Cs"}


#: Every character ``is_hazard`` accepts, for a scan in C (Cc, Zl, Zp and Cs are closed sets in
#: Unicode; tests/domain/test_safe_text.py checks each code point against ``is_hazard``).
HAZARDS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every hazardous character shown as its escape (newlines kept if asked)."""
    if HAZARDS.search(text) is None:
        return text
    return "".join(
        c if (keep_newlines and c == "\n") or not is_hazard(c) else _escape(c) for c in text
    )
