from __future__ import annotations

import pytest

from annotator.domain import Label, Span, SpanError, span_from_gold, span_to_gold, to_stored_text


def test_stored_text_drops_bom_and_normalises_newlines() -> None:
    assert to_stored_text("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


def test_gold_spans_round_trip(gold_lines: list[dict]) -> None:
    for line in gold_lines:
        for obj in line["spans"]:
            assert span_to_gold(span_from_gold(obj, line["text"]), line["text"]) == obj


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"start": 0, "end": 9, "label": "ACTOR"}, "outside"),
        ({"start": 2, "end": 2, "label": "ACTOR"}, "start must be less than end"),
        ({"start": 3, "end": 1, "label": "ACTOR"}, "start must be less than end"),
        ({"start": True, "end": 2, "label": "ACTOR"}, "integers"),
        ({"start": 0.0, "end": 2, "label": "ACTOR"}, "integers"),
        ({"start": "0", "end": 2, "label": "ACTOR"}, "integers"),
        ({"start": 0, "end": 2, "label": "PERSON"}, "unknown label"),
        ({"start": 0, "end": 2, "label": "ACTOR", "text": "xx"}, "does not match"),
        ({"start": 0, "end": 2, "label": "CASUALTY", "kind": "dead"}, "kind"),
        ({"start": 0, "end": 2, "label": "CASUALTY", "count": -1}, "count"),
        ({"start": 0, "end": 2, "label": "ACTOR", "actor": "isis"}, "actor id"),
        ({"end": 2, "label": "ACTOR"}, "missing"),
    ],
)
def test_bad_gold_spans_are_refused_with_a_reason(obj: dict, message: str) -> None:
    with pytest.raises(SpanError, match=message):
        span_from_gold(obj, "داعش")


def test_casualty_attributes_are_written_even_when_null() -> None:
    span = Span(0, 2, Label.CASUALTY, {"count": None, "kind": "killed"})
    assert span_to_gold(span, "عشرات")["qualifier"] is None


def test_span_check_uses_code_points() -> None:
    text = "😀داعش"
    Span(1, 5, Label.ACTOR).check(text)
    with pytest.raises(SpanError):
        Span(1, 6, Label.ACTOR).check(text)
