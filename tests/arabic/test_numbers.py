"""Number expressions: digits, number words, duals that count people, vague quantities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.arabic.normalize import normalize, normalize_key
from annotator.arabic.numbers import find_numbers, is_number_word, parse_number_words

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold_seeds.jsonl"

WORDS = [
    # units, masculine and feminine, with case endings and diacritics
    ("واحد", 1),
    ("واحدة", 1),
    ("اثنان", 2),
    ("اثنين", 2),
    ("اثنتان", 2),
    ("ثلاث", 3),
    ("ثلاثة", 3),
    ("ثلاثةُ", 3),
    ("أربع", 4),
    ("أربعةٌ", 4),
    ("خمس", 5),
    ("خمسةً", 5),
    ("ست", 6),
    ("ستة", 6),
    ("سبع", 7),
    ("سبعة", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("ثمانية", 8),
    ("تسع", 9),
    ("تسعةً", 9),
    ("عشر", 10),
    ("عشرة", 10),
    ("عَشَرَة", 10),
    # teens
    ("أحد عشر", 11),
    ("إحدى عشرة", 11),
    ("اثنا عشر", 12),
    ("اثني عشر", 12),
    ("اثنتا عشرة", 12),
    ("ثلاثة عشر", 13),
    ("ثلاث عشرة", 13),
    ("خمسة عشر", 15),
    ("تسعة عشر", 19),
    # tens, nominative and accusative/genitive
    ("عشرون", 20),
    ("عشرين", 20),
    ("ثلاثون", 30),
    ("أربعين", 40),
    ("خمسين", 50),
    ("ستون", 60),
    ("سبعين", 70),
    ("ثمانون", 80),
    ("تسعين", 90),
    # unit و tens, joined or written apart
    ("خمسةُ وأربعين", 45),
    ("خمسة و أربعين", 45),
    ("واحد وعشرون", 21),
    ("ستة وعشرون", 26),
    ("ثلاث وثلاثين", 33),
    ("تسعة وتسعون", 99),
    # hundreds
    ("مئة", 100),
    ("مائة", 100),
    ("مئتان", 200),
    ("مئتين", 200),
    ("مائتين", 200),
    ("ثلاثمئة", 300),
    ("ثلاثمائة", 300),
    ("ثلاث مئة", 300),
    ("خمسمائة", 500),
    ("سبعمئة", 700),
    ("ثمانمائة", 800),
    ("تسعمئة", 900),
    ("مئة وخمسة وعشرون", 125),
    ("مائة وعشرة", 110),
    ("ثلاثمئة واثنا عشر", 312),
    ("ثلاث مئة وعشرون", 320),
    # thousands and more
    ("ألف", 1000),
    ("ألفان", 2000),
    ("ألفين", 2000),
    ("ثلاثة آلاف", 3000),
    ("عشرة آلاف", 10000),
    ("أحد عشر ألفاً", 11000),
    ("عشرون ألفاً", 20000),
    ("ألف وسبعة وثمانون", 1087),
    ("ثلاثة آلاف وخمسمائة", 3500),
    ("ألفان وثلاثمئة", 2300),
    ("مئة ألف", 100000),
    ("مليون", 1000000),
    ("مليونان", 2000000),
    ("ثلاثة ملايين", 3000000),
    # not numbers by themselves
    ("أحد", None),
    ("إحدى", None),
    ("ثلاثة أربعة", None),
    ("قتلى", None),
]


@pytest.mark.parametrize(("words", "value"), WORDS)
def test_parse_number_words(words: str, value: int | None) -> None:
    assert parse_number_words(words) == value


@pytest.mark.parametrize(("words", "value"), [(w, v) for w, v in WORDS if v is not None])
def test_find_numbers_spans_number_words_whole(words: str, value: int) -> None:
    text = f"وقال المصدر إن {words} عنصراً قتلوا."
    (m,) = find_numbers(text)
    assert text[m.start : m.end] == words
    assert (m.value, m.form) == (value, "words")


def _found(text: str) -> list[tuple[str, int | None, str]]:
    return [(text[m.start : m.end], m.value, m.form) for m in find_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مقتل 45 من داعش", [("45", 45, "digits")]),
        ("قتل ٣٥ عنصراً", [("٣٥", 35, "digits")]),
        ("قتل ۱۲ عنصراً", [("۱۲", 12, "digits")]),
        ("أن 1087 من مسلحي", [("1087", 1087, "digits")]),
        ("قتل 1,087 و١٬٠٨٧ شخصاً", [("1,087", 1087, "digits"), ("١٬٠٨٧", 1087, "digits")]),
        ("نحو 20 ألف نازح", [("20 ألف", 20000, "digits")]),
        ("1.5 مليون لاجئ", [("1.5 مليون", 1500000, "digits")]),
        ("أن 11 ألفاً و500 مدني", [("11 ألفاً و500", 11500, "digits")]),
        ("ولقي ثلاثة مدنيين حتفهم", [("ثلاثة", 3, "words")]),
        ("وثلاثة عناصر", [("ثلاثة", 3, "words")]),
        ("بثلاثة عناصر", [("ثلاثة", 3, "words")]),
        ("لخمسة أيام", [("خمسة", 5, "words")]),
        ("وأن تسعةً منهم", [("تسعةً", 9, "words")]),
        ("قُتل خمسةُ وأربعين عنصراً", [("خمسةُ وأربعين", 45, "words")]),
        ("على ثلاثة عشر آخرين", [("ثلاثة عشر", 13, "words")]),
        ("بينهم ضابطان", [("ضابطان", 2, "dual")]),
        ("قتل عنصرين وجنديين", [("عنصرين", 2, "dual"), ("جنديين", 2, "dual")]),
        ("وقتيلان", [("قتيلان", 2, "dual")]),
        ("امرأتان وطفلتين", [("امرأتان", 2, "dual"), ("طفلتين", 2, "dual")]),
        ("عشرات القتلى", [("عشرات", None, "vague")]),
        ("والعشرات من الجرحى", [("العشرات", None, "vague")]),
        ("للمئات من الجرحى", [("لمئات", None, "vague")]),
        ("بالآلاف", [("الآلاف", None, "vague")]),
        # issue 13: "one of", words then digits after a scale word, glued digits
        ("قتل أحد مقاتلي الفصيل", [("أحد", 1, "words")]),
        ("أصيب أحد الجنود", [("أحد", 1, "words")]),
        ("في أحد الأحياء", []),
        ("مقتل ثلاثة آلاف و418 شخصاً", [("ثلاثة آلاف و418", 3418, "words")]),
        ("أكثر من ألفين و300 قتيل", [("ألفين و300", 2300, "words")]),
        ("ثلاثة آلاف و5000", [("ثلاثة آلاف", 3000, "words"), ("5000", 5000, "digits")]),
        ("مئات المدنيين", [("مئات", None, "vague")]),
        ("عشرات الآلاف من النازحين", [("عشرات الآلاف", None, "vague")]),
        ("آلاف المقاتلين", [("آلاف", None, "vague")]),
    ],
)
def test_find_numbers(text: str, expected: list[tuple[str, int | None, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "مدنيين ومقاتلين ومسلحين",  # sound plurals, not duals
        "حركة طالبان",  # sg+ان that is another word
        "الضابطان",  # the definite dual points back; not a count
        "أحد الأحياء وإحدى الفصائل",  # "one of" things that are not people
        "يوم الاثنين والثلاثاء والأحد",  # weekdays
        "لست أدري",  # لست is "I am not", not ل + ست
        "ISIS23112018",  # digits glued to Latin letters
        "القاعة تسع 500 شخص",  # the verb تسع before a count is not nine
        "التحالف الدولي",  # الف inside a word
    ],
)
def test_not_numbers(text: str) -> None:
    assert [found for found in _found(text) if found != ("500", 500, "digits")] == []


def test_decimals_are_flagged() -> None:
    (m,) = find_numbers("بنسبة 3.5 بالمئة")
    assert (m.value, m.decimal, m.form) == (None, True, "digits")


def test_offsets_are_original_code_points_with_marks() -> None:
    text = "\u200fقُتِلَ خَمْسَةٌ وَأَرْبَعُونَ 😀 عنصراً و٣ آخرون"
    spans = [text[m.start : m.end] for m in find_numbers(text)]
    assert spans == ["خَمْسَةٌ وَأَرْبَعُونَ", "٣"]
    for m in find_numbers(text):
        assert m.norm_start < m.norm_end


def test_is_number_word() -> None:
    assert is_number_word("ثلاثه")
    assert is_number_word("وثلاثه")
    assert is_number_word("الاف")
    assert not is_number_word("قتلي")


def test_every_gold_casualty_is_a_number() -> None:
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        text = article["text"]
        found = {(m.start, m.end): m.value for m in find_numbers(text)}
        for span in article["spans"]:
            if span["label"] == "CASUALTY":
                assert found[(span["start"], span["end"])] == span["count"], span


_PIECES = [
    "ثلاثة",
    "عشر",
    "و",
    "ألف",
    "آلاف",
    "عشرات",
    "ضابطان",
    "١٢",
    "1,087",
    "3.5",
    "قتل",
    "ال",
    "ـ",
    "ً",
    "\u200f",
    " ",
    ".",
    "،",
    "\n",
    "ISIS",
    "مئة",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_find_numbers_spans_are_consistent(text: str) -> None:
    norm = normalize(text)
    previous_end = 0
    for m in find_numbers(text, norm):
        assert previous_end <= m.start < m.end <= len(text)
        assert normalize_key(text[m.start : m.end]) == norm.text[m.norm_start : m.norm_end]
        previous_end = m.end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a fraction before a scale word is one number
        ("تسبب بمقتل أكثر من نصف مليون شخص", [("نصف مليون", 500000, "words")]),
        ("ربع مليون نازح", [("ربع مليون", 250000, "words")]),
        ("قتل نصف المقاتلين", []),
        ("استمر نصف ساعة", []),
        # an -ين form that is also a plural is a dual only with a fatha before the ي
        ("استشهاد مواطنَين بقصف", [("مواطنَين", 2, "dual")]),
        ("مقتل مدنيَّين", [("مدنيَّين", 2, "dual")]),
        ("مقتل مدنيين", []),
        ("مقتل مدنيِّين", []),
    ],
)
def test_fractions_and_written_duals(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert [(text[m.start : m.end], m.value, m.form) for m in find_numbers(text)] == expected
