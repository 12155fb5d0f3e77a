"""Normalisation for matching and its map back to original code points."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.arabic.normalize import COMBINING, FORMAT, normalize, normalize_key

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold_seeds.jsonl"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد إبراهيم آمنة ٱلله", "احمد ابراهيم امنه الله"),
        ("مستشفى", "مستشفي"),
        ("قرية", "قريه"),
        ("مسؤول رئيس", "مسوول رييس"),
        ("سماء", "سماء"),
        ("مـــقتل", "مقتل"),
        ("خَمْسَةُ وَأَرْبَعِينَ", "خمسه واربعين"),
        ("تسعةً", "تسعه"),
        ("عبدٰالله", "عبدالله"),
        ("د\u200fا\u200bع\u202bش\u2066\ufeff\u061c", "داعش"),
        ("کوباني ی ۀ ڪ گ", "كوباني ي ه ك ك"),
        ("ڤيان پ چ ژ", "فيان ب ج ز"),
        ("٣٥ ۱۲ ١٬٠٨٧ ٣٫٥ ٪", "35 12 1,087 3.5 %"),
        ("ISIS AFP", "isis afp"),
        ("a\u00a0b", "a b"),
        ("ﻻ", "لا"),
    ],
)
def test_folds(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected
    assert normalize_key(raw) == expected


def test_offsets_identity_when_nothing_dropped() -> None:
    n = normalize("أحمد في قرية")
    assert list(n.offsets) == list(range(len("أحمد في قرية") + 1))


def test_offsets_after_drops() -> None:
    raw = "قُتِلَ ٣ مدنيين"
    n = normalize(raw)
    assert n.text == "قتل 3 مدنيين"
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(raw)
    i = n.text.index("3")
    assert raw[n.offsets[i]] == "٣"


def test_to_original_takes_trailing_marks_but_not_format_chars() -> None:
    raw = "وأن تسعةً\u200f منهم"
    n = normalize(raw)
    i = n.text.index("تسعه")
    s, e = n.to_original(i, i + 4)
    assert raw[s:e] == "تسعةً"
    raw2 = "خمسةُ وأربعين"
    n2 = normalize(raw2)
    s, e = n2.to_original(0, len(n2.text))
    assert raw2[s:e] == raw2
    # A trailing tatweel is a combining mark; a leading dropped mark belongs to what precedes.
    raw3 = "\u200fقتيلاـ."
    n3 = normalize(raw3)
    assert n3.to_original(0, 5) == (1, 7)


def test_to_original_ligature_and_bounds() -> None:
    n = normalize("ﻻ شيء")
    assert n.text.startswith("لا")
    assert n.to_original(0, 1) == (0, 1)
    assert n.to_original(1, 2) == (0, 1)
    assert n.to_original(2, 2) == (1, 1)
    with pytest.raises(ValueError):
        n.to_original(3, 99)


_ALPHABET = sorted(set("أاةىؤئء قتلـَُِّْ٣5Aﻻ") | FORMAT)


@given(st.text(alphabet=st.sampled_from(_ALPHABET)))
def test_offsets_are_monotone_and_complete(raw: str) -> None:
    n = normalize(raw)
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(raw)
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:], strict=False))
    assert n.text == normalize_key(raw)
    dropped = set(range(len(raw))) - set(n.offsets[:-1])
    assert all(raw[i] in COMBINING or raw[i] in FORMAT for i in dropped)
    for i in range(len(n.text)):
        s, e = n.to_original(i, i + 1)
        assert normalize_key(raw[s:e])[:1] == n.text[i] or raw[s] == "ﻻ"


def test_gold_articles_round_trip() -> None:
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        n = normalize(text)
        assert len(n.offsets) == len(n.text) + 1
        for span in json.loads(line)["spans"]:
            surface = text[span["start"] : span["end"]]
            key = normalize_key(surface)
            # every gold span is found in the normalised text and maps back onto itself
            starts = [i for i in range(len(n.text)) if n.text.startswith(key, i)]
            want = (span["start"], span["end"])
            assert any(n.to_original(i, i + len(key)) == want for i in starts)
