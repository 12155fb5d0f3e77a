"""OffsetMap: code points <-> UTF-16 units (pure Python, no Qt)."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.gui import offsets
from annotator.gui.offsets import OffsetMap
from tests.builders import astral_text


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def test_bmp_text_is_identity() -> None:
    text = "قتل 45 من داعش"
    m = OffsetMap(text)
    assert m.is_identity
    assert [m.to_qt(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))
    assert m.from_qt(7) == 7


def test_non_bmp_chars_shift_later_offsets() -> None:
    text = "𝟘 داعش 😀 قسد 𐎀 x"
    m = OffsetMap(text)
    assert not m.is_identity
    assert m.length == len(text)
    assert m.qt_length == len(text) + 3
    start = text.index("داعش")
    assert m.to_qt(start) == start + 1  # one astral char before it
    start = text.index("قسد")
    assert m.to_qt(start) == start + 2
    assert m.to_qt(len(text)) == m.qt_length
    assert m.from_qt(m.to_qt(start)) == start


def test_middle_of_surrogate_pair_snaps() -> None:
    text = "a😀b"
    m = OffsetMap(text)
    # UTF-16: a=0, 😀=1..2, b=3
    assert m.from_qt(2) == 1  # inside the emoji: its start
    assert m.from_qt(2, round_up=True) == 2  # or its end, for a range end
    assert m.from_qt(1, round_up=True) == 1
    assert m.from_qt(3, round_up=True) == 2
    assert m.range_from_qt(2, 2) == (1, 2)


def test_out_of_range_is_clamped() -> None:
    m = OffsetMap("😀x")
    assert m.to_qt(-5) == 0
    assert m.to_qt(99) == 3
    assert m.from_qt(99) == 2


def test_adjacent_astral_chars() -> None:
    text = "😀😀𝟘"
    m = OffsetMap(text)
    assert [m.to_qt(i) for i in range(4)] == [0, 2, 4, 6]
    assert [m.from_qt(u) for u in range(7)] == [0, 0, 1, 1, 2, 2, 3]
    assert [m.from_qt(u, round_up=True) for u in range(7)] == [0, 1, 1, 2, 2, 3, 3]


@given(st.text(alphabet=st.sampled_from("ab دعش\n😀𝟘𐎀٣"), max_size=60), st.data())
def test_matches_utf16_encoding(text: str, data) -> None:
    m = OffsetMap(text)
    cp = data.draw(st.integers(0, len(text)))
    assert m.to_qt(cp) == utf16_len(text[:cp])
    assert m.from_qt(m.to_qt(cp)) == cp
    assert m.from_qt(m.to_qt(cp), round_up=True) == cp


def test_a_lookup_is_one_bisect_over_the_astral_characters_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What keeps a 60,000-character article's offsets fast (bench/timings.py times it): the
    map keeps the positions of the astral characters only and each lookup is one bisect over
    them; a text without any needs no bisect at all."""
    searched: list[int] = []

    def counting_bisect(table: list[int], x: int) -> int:
        searched.append(len(table))
        return bisect.bisect_left(table, x)

    monkeypatch.setattr(offsets, "bisect_left", counting_bisect)
    text = astral_text(60_000)
    astral = sum(ord(c) > 0xFFFF for c in text)
    m = OffsetMap(text)
    for cp in range(0, len(text), 7):
        assert m.from_qt(m.to_qt(cp)) == cp
    lookups = 2 * len(range(0, len(text), 7))
    assert astral == 2000 and searched == [astral] * lookups
    searched.clear()
    plain = OffsetMap(text.replace("😀", "x"))
    assert [plain.from_qt(plain.to_qt(cp)) for cp in range(0, len(text), 7)] == list(
        range(0, len(text), 7)
    )
    assert searched == []
