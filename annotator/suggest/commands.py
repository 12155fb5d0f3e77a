"""Actor names the plain lookup cannot see: Iraqi operations commands, quoted names.

Operations commands: "قيادة عمليات X" (X a place) and the joint command.
By the codebook's head-word rule the whole designation is the span, because "عمليات X" is not
a name by itself: `قيادة عمليات سامراء`, `قيادة العمليات المشتركة` (listed in actors.json),
and `العمليات المشتركة العراقية`, whose nationality adjective is what makes it a name. A
nationality adjective after the listed `قيادة العمليات المشتركة` only describes and stays out.
The place inside a command's name is not a place (context.py: an organisation named after it).

Quotation marks inside a name: a listed name whose head word تنظيم stays in (تنظيم الدولة) written
with the rest quoted (تنظيم "الدولة") is the span from the head word to the end of the name,
the closing mark outside; when the quoted part is a name by itself (تنظيم "داعش") the plain
lookup finds it and the head word stays out.
"""

from __future__ import annotations

from bisect import bisect_right

from annotator.suggest.entries import ACTOR, FREE, P_ACTOR, PLACE, Entry
from annotator.suggest.matcher import Candidate, Matcher, Tokens

__all__ = ["command_candidates", "quoted_candidates"]

_QUOTES = frozenset("\"«»“”„‟'‘’″")
_QUOTED_WORDS = 4  # the longest quoted rest read
#: the head word the codebook's own names keep (تنظيم الدولة، تنظيم القاعدة); other heads before
#: a quoted generic noun (طائرات «التحالف») make no name (seed 004)
_ORGANISATION = "تنظيم"

_COMMAND = "قياده"
_OPERATIONS = "عمليات"
_JOINT = ("العمليات", "المشتركه")
_IRAQI = frozenset({"العراقيه"})
_CLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول")
_ENTRY = Entry(ACTOR, {"actor": "IRAQI_FORCES"}, FREE, 0, 0.9, P_ACTOR)


def _clitic(key: str, word: str) -> str | None:
    """The proclitics before ``word`` in the token ``key``, or None if it is another word."""
    if not key.endswith(word):
        return None
    prefix = key[: len(key) - len(word)]
    return prefix if prefix in _CLITICS else None


def _indices(keys: list[str], word: str) -> list[int]:
    """Where ``word`` stands in ``keys`` (list.index: the scan runs in C)."""
    out: list[int] = []
    i = -1
    try:
        while True:
            i = keys.index(word, i + 1)
            out.append(i)
    except ValueError:
        return out


def command_candidates(toks: Tokens, found: list[Candidate]) -> list[Candidate]:
    """ACTOR candidates for the operations commands of ``toks`` (``found``: the matches)."""
    text, keys = toks.text, toks.keys
    out: list[Candidate] = []
    if _OPERATIONS not in text:  # a substring test first: most articles name no command
        return out
    after = {
        i + 1
        for i in _indices(keys, _OPERATIONS)
        if i > 0 and _clitic(keys[i - 1], _COMMAND) is not None
    }
    for c in found if after else ():  # قيادة عمليات + a place name
        if c.first in after and c.entry.label == PLACE and not c.prefix:
            prefix = _clitic(keys[c.first - 2], _COMMAND) or ""
            start = toks.starts[c.first - 2] + len(prefix)
            out.append(Candidate(start, c.end, c.first - 2, c.last, _ENTRY, prefix))
    for j in _indices(keys, _JOINT[1]):
        i = j - 1  # العمليات المشتركة العراقية, not after قيادة
        if i < 0 or j + 1 >= len(keys) or keys[j + 1] not in _IRAQI:
            continue
        prefix = _clitic(keys[i], _JOINT[0])
        if prefix is None or (i > 0 and _clitic(keys[i - 1], _COMMAND) is not None):
            continue
        start = toks.starts[i] + len(prefix)
        out.append(Candidate(start, toks.ends[i + 2], i, i + 3, _ENTRY, prefix))
    return out


def quoted_candidates(toks: Tokens, matcher: Matcher) -> list[Candidate]:
    """Listed names with quotation marks after their first word: تنظيم "الدولة"."""
    keys, kinds, text = toks.keys, toks.kinds, toks.text
    out: list[Candidate] = []
    at = text.find(_ORGANISATION, 0, toks.limit)
    while at != -1:
        after = text[at + len(_ORGANISATION) : at + len(_ORGANISATION) + 2].lstrip()
        here, at = at, text.find(_ORGANISATION, at + 1, toks.limit)
        if after[:1] not in _QUOTES:
            continue  # no quotation mark right after the word (the usual case)
        q = bisect_right(toks.starts, here)  # the token after the one holding تنظيم
        if q >= len(keys) - 1 or keys[q] not in _QUOTES:
            continue
        for offset, head in matcher.splits(keys[q - 1]):
            if head != _ORGANISATION:
                continue
            words: tuple[str, ...] = ()
            for j in range(q + 1, min(q + 1 + _QUOTED_WORDS, len(keys))):
                if kinds[j] != "word":
                    break
                words = (*words, keys[j])
                entry = matcher.names.get((head, *words))
                closed = j + 1 < len(keys) and keys[j + 1] in _QUOTES
                alone = matcher.names.get(words)  # a name by itself: the head word stays out
                if alone is not None and alone.label == ACTOR and alone.context == FREE:
                    continue
                if entry is not None and entry.label == ACTOR and closed:
                    start = toks.starts[q - 1] + offset
                    prefix = keys[q - 1][:offset]
                    out.append(Candidate(start, toks.ends[j], q - 1, j + 1, entry, prefix))
    return out
