"""A floor under the suggester's exact-match quality on the development gold (bench/quality.py).

The floors sit a little below what the rules reach (see bench/RESULTS.md), so a regression fails
CI; they are not targets to tune the rules to.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain import span_to_gold
from annotator.suggest import Suggester
from annotator.suggest.evaluation import Scores, score_article

F1_FLOOR = {"ACTOR": 0.95, "PLACE": 0.93, "CASUALTY": 0.9}
ATTRIBUTE_FLOOR = {"actor": 0.95, "count": 0.9, "kind": 0.85, "qualifier": 0.85, "victim": 0.8}


def test_quality_stays_above_the_floor(suggester: Suggester, gold_lines: list[dict]) -> None:
    scores = Scores()
    for record in gold_lines:
        text = record["text"]
        predicted = [span_to_gold(s.span, text) for s in suggester.suggest(text)]
        score_article(scores, text, record["spans"], predicted, record["source"])
    report = "\n".join(scores.errors)
    for label, floor in F1_FLOOR.items():
        assert scores.labels[label].f1 >= floor, f"{label} F1 fell below {floor}\n{report}"
    for name, floor in ATTRIBUTE_FLOOR.items():
        assert scores.attr_accuracy(name) >= floor, f"{name} accuracy fell below {floor}"


SECOND_SET = Path(__file__).resolve().parent / "data" / "dev_actor_place.jsonl"
SECOND_SET_FLOOR = {"ACTOR": 0.93, "PLACE": 0.93}


def test_second_development_set_stays_above_the_floor(suggester: Suggester) -> None:
    scores = Scores()
    for line in SECOND_SET.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        predicted = [
            span_to_gold(s.span, text)
            for s in suggester.suggest(text)
            if s.span.label.value in SECOND_SET_FLOOR
        ]
        score_article(scores, text, record["spans"], predicted, record["source"])
    report = "\n".join(scores.errors)
    for label, floor in SECOND_SET_FLOOR.items():
        assert scores.labels[label].f1 >= floor, f"{label} F1 fell below {floor}\n{report}"


def test_the_scorer_counts_exact_matches_only() -> None:
    scores = Scores()
    text = "قسد في حمص"
    gold = [
        {"start": 0, "end": 3, "label": "ACTOR", "actor": "SDF"},
        {"start": 7, "end": 10, "label": "PLACE"},
    ]
    predicted = [
        {"start": 0, "end": 3, "label": "ACTOR", "actor": "YPG"},
        {"start": 6, "end": 10, "label": "PLACE"},
    ]
    score_article(scores, text, gold, predicted)
    assert (scores.labels["ACTOR"].tp, scores.labels["PLACE"].fp, scores.labels["PLACE"].fn) == (
        1,
        1,
        1,
    )
    assert scores.attr_accuracy("actor") == 0.0
    assert scores.labels["PLACE"].f1 == 0.0
