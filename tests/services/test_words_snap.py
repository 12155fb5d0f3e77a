"""A selection becomes the codebook's span (annotator.services.words): whole words, no
punctuation or spaces around them, no leading clitic; one-character edge moves; find."""

from __future__ import annotations

import pytest

from annotator.services.words import Words, clitic_length

TEXT = "قتل واحد، من «داعش» في بالقلمون ولـ“جيش الإسلام“ اليوم. القلمونُ ومدينةٌ"


def snapped(selection: str, text: str = TEXT) -> str | None:
    start = text.index(selection)
    found = Words(text).snapped(start, start + len(selection))
    return None if found is None else text[found[0] : found[1]]


@pytest.mark.parametrize(
    ("selection", "span"),
    [
        ("واحد،", "واحد"),  # the comma the issue found stored
        (" واحد، ", "واحد"),
        ("«داعش»", "داعش"),
        ("اعش", "داعش"),  # a drag inside a word takes the word
        ("في بالق", "في بالقلمون"),
        ("بالقلمون", "القلمون"),
        ("لـ“جيش الإسلام“", "جيش الإسلام"),  # the clitic glued to a quotation mark
        (" اليوم.", "اليوم"),
        ("،", None),
        (" ", None),
    ],
)
def test_a_selection_snaps_to_the_codebooks_span(selection: str, span: str | None) -> None:
    assert snapped(selection) == span


@pytest.mark.parametrize(
    ("word", "kept"),
    [
        ("بيجي", "بيجي"),  # names that begin with a clitic-like letter stay whole
        ("كوباني", "كوباني"),
        ("فليطة", "فليطة"),
        ("وبيجي", "بيجي"),
        ("بحلب", "حلب"),  # a bare clitic before a known name
        ("وداعش", "داعش"),
        ("وَداعش", "داعش"),  # with a haraka on the clitic
        ("بالقلمون", "القلمون"),  # ال-forms: the article stays
        ("والحسكة", "الحسكة"),
        ("بالإسلام", "الإسلام"),
        ("للتحالف", "لتحالف"),  # لل: the first ل is the clitic
        ("لـداعش", "داعش"),
        ("وثلاثة", "ثلاثة"),  # a و before a number expression
        ("واحد", "واحد"),  # a number word that begins with و
        ("والي", "والي"),  # one letter after ال: no name, the word stays whole
        ("فالح", "فالح"),
        ("القلمون", "القلمون"),
    ],
)
def test_leading_clitics(word: str, kept: str) -> None:
    assert word[clitic_length(word) :] == kept


def test_one_character_edge_moves_keep_marks_with_their_letter() -> None:
    text = "في بالقلمونِ اليوم"
    words = Words(text)
    start, end = text.index("القلمون"), text.index("القلمون") + len("القلمونِ")
    assert text[slice(*words.nudged(start, end, "start", True))] == "بالقلمونِ"
    assert text[slice(*words.nudged(start, end, "start", False))] == "لقلمونِ"
    assert text[slice(*words.nudged(start, end, "end", False))] == "القلمو"  # ن with its kasra
    assert text[slice(*words.nudged(start, end, "end", True))] == "القلمونِ "
    assert words.nudged(0, 1, "start", False) is None  # never empty
    assert words.nudged(0, 1, "start", True) is None  # never outside the text


def test_find_matches_normalised_at_word_beginnings_and_wraps() -> None:
    words = Words(TEXT)

    def find(query: str, after: int = 0, **kwargs: bool) -> str | None:
        found = words.find(query, after, **kwargs)
        return None if found is None else TEXT[found[0] : found[1]]

    assert find("قلمون") == "القلمون"  # after بال, snapped like a selection
    second = TEXT.index("القلمونُ")
    assert find("قلمون", TEXT.index("القلمون") + 1) == "القلمونُ"  # harakat do not count
    assert find("قلمون", second + 1) == "القلمون"  # wraps around
    assert find("قلمون", second, backwards=True) == "القلمون"
    assert find("مدينة") == "مدينةٌ"  # taa marbuta and tanween
    assert find("جيش الاسلام") == "جيش الإسلام"  # alef forms
    assert find("لمون") is None  # not inside a word
    assert find("") is None
