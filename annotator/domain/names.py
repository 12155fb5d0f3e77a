"""One rule for annotator names: what a coder (or the lead) may be called, everywhere.

Names come from the desk's coder dialog, ``import --annotator``, the ``annotator`` key of
JSONL lines, ``assign --annotators`` and other people's databases in a merge. A name is kept
in Unicode NFC with its ends trimmed; it may not contain control, format (Cf), bidi or other
invisible characters, may not be longer than ``MAX_NAME_LENGTH`` characters, and may not look
like ``gold``, the adjudicated layer's reserved name: names are compared after NFKC, mapping the
common confusables of g, o, l and d (Cyrillic, Greek, Armenian, Cherokee, digits, Arabic
letters and digits), case folding and removing default-ignorable code points, so ``GOLD``,
``gold`` with a zero-width joiner, a Cyrillic ``о`` or a full-width ``ｇｏｌｄ`` are refused.
"""

from __future__ import annotations

import unicodedata

from annotator.domain.labels import GOLD
from annotator.domain.safe_text import BIDI_CONTROLS, visible

MAX_NAME_LENGTH = 64

# Characters that look like one of g, o, l, d (after NFKC), from Unicode's confusables.txt;
# the rest of an attacker's alphabet cannot spell "gold", so only these letters matter here.
_LOOKALIKES = {
    "g": "ɡցᶃƍԌԍᏀᏳꓖǤǥɢ",
    "o": "0ОоΟοσՕօ٥۵ھهہەۿ০୦ഠဝ၀ჿᴏᴑⲞⲟ〇ꓳ",
    "l": "1Iǀ׀וןا١۱ӀӏΙιⅠℐℑ|∣ⲓꓲꓡɩ",
    "d": "ԁꓒꓓᏧᎠᗞᗪᑯƊɗ",
}
_SKELETON = str.maketrans({c: letter for letter, chars in _LOOKALIKES.items() for c in chars})


class AnnotatorNameError(ValueError):
    """A name an annotator may not have; the message says why, ``kind`` names the rule.

    ``kind`` is one of ``type``, ``empty``, ``hidden``, ``long`` or ``gold`` (for forms that
    word the reason in the user's language).
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def _ignorable(char: str) -> bool:
    """Default-ignorable or invisible: format characters, variation selectors, fillers."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or code in (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180E)
        or code in (0x180F, 0x3164, 0xFFA0)
    )


def skeleton(name: str) -> str:
    """The name as it looks: NFKC, invisible characters dropped, confusables mapped, folded."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if not _ignorable(c)).strip()
    text = text.translate(_SKELETON).casefold().translate(_SKELETON)
    return unicodedata.normalize("NFKC", text)


def looks_like_gold(name: str) -> bool:
    """True for ``gold`` itself and every name that looks like it."""
    return skeleton(name) == GOLD


def _hidden(char: str) -> bool:
    category = unicodedata.category(char)
    return (
        char in BIDI_CONTROLS
        or category in {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}
        or (_ignorable(char))
    )


def clean_name(name: object, *, gold_ok: bool = False) -> str:
    """The name in its stored form (NFC, trimmed), or AnnotatorNameError saying why not.

    ``gold_ok`` lets the exact name ``gold`` through (where the caller asks for the gold
    layer on purpose); a lookalike of it (``gold `` with a space included) never passes.
    """
    if not isinstance(name, str):
        raise AnnotatorNameError(f"a name must be text, got {type(name).__name__}", "type")
    text = unicodedata.normalize("NFC", name).strip()
    if not text:
        raise AnnotatorNameError("the name is empty", "empty")
    bad = next((c for c in text if _hidden(c) or (c.isspace() and c != " ")), None)
    if bad is not None:
        raise AnnotatorNameError(
            f"the name '{visible(text)}' contains an invisible or control character"
            f" (U+{ord(bad):04X} {unicodedata.name(bad, 'unnamed')})",
            "hidden",
        )
    if len(text) > MAX_NAME_LENGTH:
        raise AnnotatorNameError(
            f"the name is {len(text)} characters long; at most {MAX_NAME_LENGTH} are allowed",
            "long",
        )
    if looks_like_gold(text) and not (gold_ok and name == GOLD):  # exactly, not even spaced
        what = "is" if text == GOLD else "looks like"
        raise AnnotatorNameError(
            f"the name {text!r} {what} {GOLD!r}, the reserved name of the adjudicated gold layer",
            "gold",
        )
    return text


def check_name(name: str) -> AnnotatorNameError | None:
    """Why ``name`` cannot be a coder's name, or None when it can (for forms as one types)."""
    try:
        clean_name(name)
    except AnnotatorNameError as exc:
        return exc
    return None


def stored_name_problem(name: str) -> str | None:
    """Why a name found in a database breaks the rule (``gold`` itself allowed), or None.

    A stored name must already be in its one form: a name that ``clean_name`` would change
    (not NFC, spaces around it) would split one coder's work under two names.
    """
    try:
        clean = clean_name(name, gold_ok=True)
    except AnnotatorNameError as exc:
        return str(exc)
    if clean != name:
        return f"the name is not in its stored form (NFC, trimmed): {clean!r}"
    return None
