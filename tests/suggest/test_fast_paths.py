"""The speed-ups take shortcuts that must not change a single suggestion.

The casualty detector reuses the pipeline's tokens and reads only the body; the number finder
stops at the body's end. Each shortcut is compared here with the plain way on real articles
(the seeds, the development and the unseen sets) and on random texts.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.arabic.normalize import normalize
from annotator.arabic.numbers import find_numbers
from annotator.suggest import Suggester
from annotator.suggest.casualties import ActorMention, detect_casualties
from annotator.suggest.matcher import Tokens

ROOT = Path(__file__).resolve().parents[2]
SETS = (
    ROOT / "tests" / "data" / "gold_seeds.jsonl",
    ROOT / "tests" / "suggest" / "data" / "dev_actor_place.jsonl",
    ROOT / "bench" / "data" / "unseen.jsonl",
    ROOT / "bench" / "data" / "unseen_b.jsonl",
)
ALPHABET = (
    'ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئىة ًٌٍَُِّْـ0123456789٠١٢٣٤٥٦٧٨٩ \n.,،:!؟«»“”"()-–_%abcXYZ×÷²ЖΩ١٫'
)


def _texts() -> list[str]:
    out = []
    for path in SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def _actors(suggester: Suggester, text: str) -> list[ActorMention]:
    return [
        ActorMention(s.span.start, s.span.end, str(s.span.attrs["actor"]))
        for s in suggester.suggest(text)
        if s.span.label.value == "ACTOR"
    ]


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:12])
def test_reused_tokens_and_the_body_limit_change_no_casualty(
    suggester: Suggester, text: str
) -> None:
    norm = normalize(text)
    body_end = suggester.body_end_of(text)
    toks = Tokens(norm.text, bisect_left(norm.offsets, body_end, 0, len(norm.text)))
    actors = _actors(suggester, text)
    types = suggester.gazetteer.actor_types
    plain = detect_casualties(text, norm, actors, body_end, actor_types=types)
    fast = detect_casualties(text, norm, actors, body_end, actor_types=types, tokens=toks)
    assert fast == plain


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120), st.integers(min_value=0, max_value=130))
def test_tokens_of_other_scripts_fall_back_to_tokenising_again(text: str, cut: int) -> None:
    """Letters outside NORM_LETTERS, other digits, × and ÷: the detector retokenises."""
    text = "قتل " + text + " 5 عناصر من قسد. وأصيب 3 آخرون"
    norm = normalize(text)
    limit = min(len(norm.text), len(norm.text) - cut % 10)
    toks = Tokens(norm.text, limit)
    end = norm.offsets[limit] if limit < len(norm.text) else len(text)
    actors = [ActorMention(text.index("قسد"), text.index("قسد") + 3, "SDF")]
    plain = detect_casualties(text, norm, actors, end)
    assert detect_casualties(text, norm, actors, end, tokens=toks) == plain


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:12])
def test_numbers_found_up_to_the_body_end_are_the_same(suggester: Suggester, text: str) -> None:
    norm = normalize(text)
    body_end = suggester.body_end_of(text)
    nbody = bisect_left(norm.offsets, body_end, 0, len(norm.text))
    every = [m for m in find_numbers(text, norm) if m.start < body_end]
    assert [m for m in find_numbers(text, norm, nbody) if m.start < body_end] == every
