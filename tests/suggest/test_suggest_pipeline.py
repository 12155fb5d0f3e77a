"""The suggester's contract over the seed articles: valid, non-overlapping, reproducible."""

from __future__ import annotations

import itertools
import types

import pytest
from suggest_helpers import found, surfaces

from annotator.domain import Label, LearnedNames, Suggestion
from annotator.suggest import Suggester, load_suggester


def test_every_suggestion_is_a_valid_span_of_the_stored_text(
    suggester: Suggester, gold_lines: list[dict]
) -> None:
    for record in gold_lines:
        text = record["text"]
        suggestions = suggester.suggest(text)
        assert suggestions, record["source"]
        for s in suggestions:
            s.span.check(text)
            assert isinstance(s, Suggestion)
            assert 0.0 < s.score <= 1.0
            assert s.suggester == "annotator-rules"
            assert s.version == suggester.version
            assert text[s.span.start : s.span.end].strip() == text[s.span.start : s.span.end]
        spans = [s.span for s in suggestions]
        assert spans == sorted(spans, key=lambda sp: (sp.start, sp.end))
        for a, b in itertools.pairwise(spans):
            assert a.end <= b.start, (record["source"], a, b)


def test_suggest_many_is_a_lazy_generator(suggester: Suggester, gold_lines: list[dict]) -> None:
    texts = (r["text"] for r in gold_lines)
    stream = suggester.suggest_many(texts)
    assert isinstance(stream, types.GeneratorType)
    first = next(stream)
    assert first == suggester.suggest(gold_lines[0]["text"])
    assert len(list(stream)) == len(gold_lines) - 1


def test_nothing_is_suggested_in_comments_after_the_body(
    suggester: Suggester, gold_lines: list[dict]
) -> None:
    record = next(r for r in gold_lines if r["source"].startswith("002_"))
    text = record["text"]
    marker = text.index("[ads3]")
    assert suggester.body_end_of(text) == marker
    assert all(s.span.end <= marker for s in suggester.suggest(text))
    assert "قسد" in text[marker:]  # the reader comments do name actors


def test_version_names_the_rules_and_the_data(suggester: Suggester) -> None:
    assert suggester.name == "annotator-rules"
    rules, data = suggester.version.split("+")
    assert rules and len(data) == 10


def test_learned_names_are_suggested_and_blocked_ones_never(suggester: Suggester) -> None:
    text = "هاجمت كتيبة صقور الفرات بلدة الباغوز، وقال مراسل قسد إن حمص هادئة"
    assert ("ACTOR", "كتيبة صقور الفرات") not in found(suggester, text)
    learned = LearnedNames(
        names=[
            (Label.ACTOR, "كتيبة صقور الفرات", {"actor": "SUQOUR_AL_FURAT"}),
            (Label.PLACE, "حويجة صقر", {"place": "Huwayjat Saqr"}),
        ],
        blocked={(Label.PLACE, "حمص"), (Label.ACTOR, "قسد")},
    )
    taught = load_suggester(learned)
    assert taught.version != suggester.version
    assert taught.version.startswith(suggester.version)
    got = {(s.span.label.value, text[s.span.start : s.span.end]): s for s in taught.suggest(text)}
    assert got["ACTOR", "كتيبة صقور الفرات"].span.attrs == {"actor": "SUQOUR_AL_FURAT"}
    assert ("PLACE", "الباغوز") in got
    assert ("PLACE", "حمص") not in got
    assert ("ACTOR", "قسد") not in got
    assert surfaces(taught, "وصلنا إلى حويجة صقر", "PLACE") == ["حويجة صقر"]
    assert load_suggester(learned).version == taught.version
    assert load_suggester(LearnedNames()).version == suggester.version


def test_casualties_never_overlap_names(suggester: Suggester) -> None:
    text = "قتل 12 عنصراً من الفرقة 25 مهام خاصة في ريف حماة"
    labels = found(suggester, text)
    assert ("ACTOR", "الفرقة 25 مهام خاصة") in labels
    assert ("CASUALTY", "25") not in labels
    assert ("CASUALTY", "12") in labels


@pytest.mark.parametrize("text", ["", "\n\n", "abc", "١٢٣", "«»", "قسد", "و", "ـــ"])
def test_odd_inputs_do_not_break_it(suggester: Suggester, text: str) -> None:
    for s in suggester.suggest(text):
        s.span.check(text)


def test_diacritics_and_tatweel_are_matched_and_kept_in_the_span(suggester: Suggester) -> None:
    text = "قصفت قوّات النّظام مدينةَ حمْص ودَيْر الزُّور"
    assert found(suggester, text) == [
        ("ACTOR", "قوّات النّظام"),
        ("PLACE", "حمْص"),
        ("PLACE", "دَيْر الزُّور"),
    ]
    assert surfaces(suggester, "هاجم تنظيم داعـــش القرية", "ACTOR") == ["داعـــش"]
