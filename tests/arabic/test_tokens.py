"""Tokens with code-point offsets, and proclitic splits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.arabic.normalize import normalize
from annotator.arabic.tokens import (
    CliticSplit,
    Token,
    TokenList,
    clitic_splits,
    tokenize,
    tokenize_normalized,
)


def test_tokenize_original_text_keeps_diacritics_and_offsets() -> None:
    text = "وَقُتِلَ ١٬٠٨٧ (ISIS) في 16مايو/أيار، ق. تل 3.5"
    tokens = tokenize(text)
    assert [(t.kind, t.text) for t in tokens] == [
        ("word", "وَقُتِلَ"),
        ("number", "١٬٠٨٧"),
        ("punct", "("),
        ("word", "ISIS"),
        ("punct", ")"),
        ("word", "في"),
        ("number", "16"),
        ("word", "مايو"),
        ("punct", "/"),
        ("word", "أيار"),
        ("punct", "،"),
        ("word", "ق"),
        ("punct", "."),
        ("word", "تل"),
        ("number", "3.5"),
    ]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_tokenize_tatweel_and_zero_width_joiner_stay_inside_words() -> None:
    text = "مـقتل مي\u200cخواهم"
    assert [t.text for t in tokenize(text)] == ["مـقتل", "مي\u200cخواهم"]


def test_fast_tokens_of_normalised_text() -> None:
    ntext = normalize("قُتِلَ ٣٥ عنصراً، و«داعش» 1,087").text
    tl = TokenList(ntext)
    assert tl.words == ["قتل", "35", "عنصرا", "،", "و", "«", "داعش", "»", "1,087"]
    assert tl.kinds == [
        *("word", "number", "word", "punct", "word"),
        *("punct", "word", "punct", "number"),
    ]
    assert all(ntext[s:e] == w for s, e, w in zip(tl.starts, tl.ends, tl.words, strict=True))
    assert tl.word(1) == "" and tl.word(2) == "عنصرا" and tl.word(99) == ""
    part = TokenList(ntext, 4, 14)
    assert part.words == ["35", "عنصرا", "،"] and part.starts[0] == 4


@given(st.text(alphabet=st.sampled_from(list("ابتثج قتل.،«»0123456789,a-Z\n"))))
def test_fast_tokens_agree_with_tokenize(raw: str) -> None:
    ntext = normalize(raw).text
    assert tokenize_normalized(ntext) == tokenize(ntext)
    assert all(isinstance(t, Token) for t in tokenize_normalized(ntext))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("والباغوز", [(0, "والباغوز"), (1, "الباغوز"), (3, "باغوز")]),
        ("بالقلمون", [(0, "بالقلمون"), (1, "القلمون"), (3, "قلمون")]),
        ("للحسكه", [(0, "للحسكه"), (1, "الحسكه"), (1, "لحسكه"), (2, "حسكه")]),
        ("وبالرقه", [(0, "وبالرقه"), (1, "بالرقه"), (2, "الرقه"), (4, "رقه")]),
        ("لداعش", [(0, "لداعش"), (1, "داعش")]),
        ("حمص", [(0, "حمص")]),
        ("الرقه", [(0, "الرقه"), (2, "رقه")]),
    ],
)
def test_clitic_splits(word: str, expected: list[tuple[int, str]]) -> None:
    assert clitic_splits(word) == [CliticSplit(o, r) for o, r in expected]


@pytest.mark.parametrize("name", ["بيجي", "كوباني", "فليطه", "بنش", "لبنان"])
def test_names_that_look_like_clitics_are_tried_whole_first(name: str) -> None:
    splits = clitic_splits(name)
    assert splits[0] == CliticSplit(0, name)
    assert all(s.offset > 0 for s in splits[1:])


def test_clitic_splits_longest_remainder_first() -> None:
    splits = clitic_splits("فبالرقه")
    lengths = [len("فبالرقه") - s.offset for s in splits]
    assert lengths == sorted(lengths, reverse=True)
