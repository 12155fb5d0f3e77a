"""The third speed pass (issue 13/14): shortcuts that must not change a suggestion.

- The pipeline builds its Span and Suggestion objects without their dataclass ``__init__``: they
  must equal (and hash like) the ones the constructors make.
- Harm reports without a number are read from the sentence's own tokens (no copy): several
  counts in one sentence keep their own kind and victim, and counts at a sentence's edges
  (its first or last token) read only their own sentence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.labels import Label
from annotator.domain.span import Span
from annotator.domain.suggestion import Suggestion
from annotator.suggest import Suggester
from annotator.suggest.casualty_lexicon import lexicon
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
