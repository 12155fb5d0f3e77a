"""The exports' documented tokenisation: clitics split, emoji kept whole, spans aligned."""

from __future__ import annotations

import pytest

from annotator.domain import Label, Span
from annotator.services.export.tokens import align, base_tokens, sentence_ids


@pytest.mark.parametrize(
    ("word", "tokens"),
    [
        ("والباغوز", ["و", "الباغوز"]),
        ("بالقلمون", ["ب", "القلمون"]),
        ("وبالرقة", ["و", "ب", "الرقة"]),
        ("للحسكة", ["ل", "لحسكة"]),
        ("لـداعش", ["لـ", "داعش"]),
        ("ولـ", ["ولـ"]),
        ("وَبِالْباغوز", ["وَ", "بِ", "الْباغوز"]),  # diacritics stay on their letter
        ("الباغوز", ["الباغوز"]),
        ("بالغ", ["بالغ"]),  # ال + one letter is no article
        ("والي", ["والي"]),
        ("بلدة", ["بلدة"]),
        ("وداعش", ["وداعش"]),  # no article: only an annotation splits it
        ("16مايو", ["16", "مايو"]),
        ("٣٥ عنصراً", ["٣٥", "عنصراً"]),
        ("”داعش“،", ["”", "داعش", "“", "،"]),
        ("قتل 👨\u200d👩\u200d👧 👍🏽", ["قتل", "👨\u200d👩\u200d👧", "👍🏽"]),
        ("حلب\u200f.", ["حلب", "."]),  # invisible marks are no tokens
    ],
)
def test_base_tokens(word: str, tokens: list[str]) -> None:
    got = base_tokens(word)
    assert [t.text for t in got] == tokens
    assert all(word[t.start : t.end] == t.text for t in got)


def test_a_span_inside_a_word_splits_it_and_says_so() -> None:
    text = "قصف وداعش"
    span = Span(5, 9, Label.ACTOR, {"actor": "ISIS"})
    tokens, aligned, issues = align(text, [span], "a.txt", "gold")
    assert [t.text for t in tokens] == ["قصف", "و", "داعش"]
    assert aligned[0].first == aligned[0].last == 2 and aligned[0].exact
    assert [(i.kind, i.reason) for i in issues] == [("split", "token split at its start")]
    assert issues[0].line() == "split: a.txt [gold] ACTOR 5-9 'داعش': token split at its start"


def test_sentences_break_at_line_ends_and_full_stops_but_never_inside_a_span() -> None:
    text = "قتل 5. وجرح 3\nفي حلب"
    tokens = base_tokens(text)
    assert sentence_ids(text, tokens) == [0, 0, 0, 1, 1, 2, 2]
    across = Span(text.index("3"), len(text), Label.PLACE, {})
    assert sentence_ids(text, tokens, [across]) == [0, 0, 0, 1, 1, 1, 1]
