"""The third speed pass (issue 13/14): shortcuts that must not change a suggestion.

- The pipeline builds its Span and Suggestion objects without their dataclass ``__init__``: they
  must equal (and hash like) the ones the constructors make.
- Harm reports without a number are read from the sentence's own tokens (no copy): several
  counts in one sentence keep their own kind and victim, and counts at a sentence's edges
  (its first or last token) read only their own sentence.
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
from annotator.domain.labels import Label
from annotator.domain.span import Span
from annotator.domain.suggestion import Suggestion
from annotator.suggest import Suggester
from annotator.suggest.casualties import _Detector
from annotator.suggest.casualty_context import ArticleView
from annotator.suggest.casualty_filters import _LINK_MARKS, _LINK_OR_PHONE_RE, _PHONE_RE
from annotator.suggest.casualty_lexicon import lexicon
from annotator.suggest.matcher import Tokens
from tests.suggest.test_casualties import _rows

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "data" / "gold_seeds.jsonl"


def _seed_texts() -> list[str]:
    return [json.loads(line)["text"] for line in SEEDS.read_text(encoding="utf-8").splitlines()]


def test_suggestions_equal_the_ones_the_constructors_make(suggester: Suggester) -> None:
    made = [s for text in _seed_texts() for s in suggester.suggest(text)]
    assert {s.span.label for s in made} == set(Label)
    for s in made:
        span = Span(s.span.start, s.span.end, s.span.label.value, s.span.attrs)
        plain = Suggestion(span, s.score, s.suggester, s.version)
        assert s == plain and hash(s.span) == hash(span)
        assert type(s.span.label) is Label and type(s.span.attrs) is dict
        assert repr(s) == repr(plain)
    # each span owns its attributes: changing one changes no other suggestion
    attrs = [s.span.attrs for s in made]
    assert len({id(a) for a in attrs}) == len(attrs)


def test_suggestions_are_frozen(suggester: Suggester) -> None:
    s = suggester.suggest("قتل 5 مدنيين في قصف على إدلب.")[0]
    with pytest.raises(AttributeError):
        s.score = 0.1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        s.span.start = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        (  # two counts of one sentence, each with its own kind and its own named victim
            "قتل 5 من عناصر داعش وأصيب 3 من قسد في الهجوم على القرية.",
            {"داعش": "ISIS", "قسد": "SDF"},
            [("5", 5, "killed", "exact", "ISIS"), ("3", 3, "wounded", "exact", "SDF")],
        ),
        (  # three counts: آخرون takes the victim before it, civilians name their own
            "قتل 5 من عناصر داعش، واعتقل 4 آخرون، وأصيب نحو 12 مدنيا في القصف.",
            {"داعش": "ISIS"},
            [
                ("5", 5, "killed", "exact", "ISIS"),
                ("4", 4, "captured", "exact", "ISIS"),
                ("12", 12, "wounded", "approx", "CIVILIANS"),
            ],
        ),
        (  # a count that opens its sentence, and a running total that ends the next one
            "7 مدنيين قتلوا في القصف. وارتفعت حصيلة القتلى إلى 23",
            {},
            [("7", 7, "killed", "exact", "CIVILIANS"), ("23", 23, "killed", "exact", None)],
        ),
        (  # the harm word of the sentence before does not reach a count that opens a sentence
            "قتل الجيش مسلحين في الهجوم. 4 عناصر وصلوا إلى المدينة",
            {},
            [],
        ),
    ],
)
def test_counts_in_one_sentence_and_at_its_edges(
    text: str, actors: dict[str, str], expected: list[tuple[object, ...]]
) -> None:
    assert _rows(text, actors) == expected


def test_every_harm_kind_is_truthy() -> None:
    """reports() keeps the words whose harm kind is truthy (itertools.compress)."""
    table = lexicon().harm_kind.table
    assert table and all(isinstance(kind, str) and kind for kind in table.values())


def test_windows_share_the_sentence_tokens_and_never_change_them(suggester: Suggester) -> None:
    """A digit count's window may be its sentence's own tokens: after detection every cached
    sentence still reads as a fresh tokenisation of it."""
    texts = [*_seed_texts(), "قتل 5 من عناصر داعش وأصيب 3 من قسد. ووصل 4 مدنيين."]
    shared = 0
    for text in texts:
        norm = normalize(text)
        end = suggester.body_end_of(text)
        toks = Tokens(norm.text, bisect_left(norm.offsets, end, 0, len(norm.text)))
        detector = _Detector(text, norm, [], end, actor_types={}, tokens=toks)
        numbers = [m for m in find_numbers(text, norm) if m.start < end]
        for m in numbers:
            w, _i = detector.view.window(m.norm_start, m.norm_end)
            shared += any(w is t for t in detector.view._sentences.values())
        detector.run(numbers)
        fresh = ArticleView(norm, [], detector.lex, toks)
        for sid, cached in detector.view._sentences.items():
            again = fresh.sentence_tokens(sid)
            assert (cached.starts, cached.ends, cached.kinds, cached.words) == (
                again.starts,
                again.ends,
                again.kinds,
                again.words,
            )
    assert shared  # the shortcut was taken


def test_phrases_ending_at_a_word_are_the_same_when_remembered() -> None:
    """Phrases.ending_at remembers per last word which phrases may end there (no stems again)."""
    before = lexicon().qualifiers_before
    cases = [(["قتل", "نحو"], ("approx", 1)), (["قتل", "لنحو"], ("approx", 1)), (["قتل"], None)]
    cases += [(["قتل", "ما", "لا", "يقل", "عن"], ("at_least", 4))]
    for _ in range(2):  # the second time from what the first remembered
        for words, expected in cases:
            assert before.ending_at(words, len(words)) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="0123456789 -+/@.:wcomnetrgقتل", max_size=60),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
)
def test_one_search_for_links_and_phones_finds_what_the_slice_tests_found(
    text: str, lo: int, hi: int
) -> None:
    near = text[lo:hi]
    plain = any(mark in near for mark in _LINK_MARKS) or _PHONE_RE.search(near) is not None
    assert (_LINK_OR_PHONE_RE.search(text, lo, hi) is not None) == plain
