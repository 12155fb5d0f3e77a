"""The prodigy task's spans are joined from pieces (issue 14's fourth pass): they equal what
the JSON encoders write from dicts, for any attribute values, and records are read as the
project stores them (``Record.rows``) with their Span objects made only when asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain import GOLD, Article, Label, Span
from annotator.domain.labels import LABEL_ATTRIBUTES
from annotator.services.export import prodigy
from annotator.services.export.base import attrs_as_written
from annotator.services.export.dataset import Selection, iter_pairs, iter_records
from annotator.store import open_store
from annotator.store import repository as repo

_dumps = json.JSONEncoder(ensure_ascii=False).encode
_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def encoders_spans(
    text: str, rows: list[tuple[int, int, str, str]], ranges: list[tuple[Any, Any]]
) -> tuple[str, str]:
    """The spans as the task line held them before: dicts written by ``json.dumps`` (line)
    and the canonical encoder (task hash), the list brackets left out."""
    out, keys = [], []
    for (start, end, label, stored), (first, last) in zip(rows, ranges, strict=True):
        attrs = attrs_as_written(label, json.loads(stored))
        surface = text[start:end]
        keys.append({"start": start, "end": end, "label": label, "text": surface, **attrs})
        tokens = {} if first is None else {"token_start": first, "token_end": last}
        out.append({"start": start, "end": end, "label": label, "text": surface, **tokens, **attrs})
    return _dumps(out)[1:-1], _canonical(keys)[1:-1]


def joined_spans(
    text: str, rows: list[tuple[int, int, str, str]], ranges: list[tuple[Any, Any]]
) -> tuple[str, str]:
    return prodigy.span_json(
        attributes=[r[3] for r in rows],
        starts=[r[0] for r in rows],
        ends=[r[1] for r in rows],
        labels=[r[2] for r in rows],
        surfaces=[text[r[0] : r[1]] for r in rows],
        ranges=ranges,
    )


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)  # quotes, backslashes, control characters, any script
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def spans_of_a_text(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str, str]], list]:
    text = draw(st.text(min_size=1, max_size=40))
    rows, ranges = [], []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from([label.value for label in Label]))
        keys = draw(st.lists(st.sampled_from(LABEL_ATTRIBUTES[Label(label)]), unique=True))
        attrs = {key: draw(_VALUES) for key in keys}
        stored = draw(st.sampled_from([json.dumps(attrs), _canonical(attrs)]))
        rows.append((start, end, label, stored))
        covered = draw(st.booleans())
        ranges.append(
            (draw(st.integers(0, 99)), draw(st.integers(0, 99))) if covered else (None, None)
        )
    if draw(st.booleans()):  # the usual case: every span has a token range
        ranges = [(a or 0, b or 0) for a, b in ranges]
    return text, rows, ranges


@settings(max_examples=500, deadline=None)
@given(spans_of_a_text())
def test_joined_spans_are_what_the_encoders_write(case) -> None:
    text, rows, ranges = case
    assert joined_spans(text, rows, ranges) == encoders_spans(text, rows, ranges)


def test_equal_values_of_other_types_keep_their_own_json() -> None:
    """1, 1.0 and true are equal keys in Python; each span is written with its own value
    (the pieces are kept per stored JSON text), also when they follow one another."""
    text = "قتل 5 مدنيين"
    for value in (1, 1.0, True, 1, -0.0, 0.0, 0, False, None):
        rows = [(4, 5, "CASUALTY", json.dumps({"count": value}))]
        assert joined_spans(text, rows, [(1, 1)]) == encoders_spans(text, rows, [(1, 1)])


def test_records_hold_the_stored_rows_and_make_spans_when_asked(tmp_path: Path) -> None:
    """Each record carries its spans as stored (what prodigy writes from); ``spans`` gives
    the same spans as Span objects, with the attributes parsed."""
    text = "قصف على حلب وقتل 5 مدنيين"
    db = open_store(tmp_path / "p.db")
    try:
        article, _new = repo.add_article(db, Article(text, source="a.txt"))
        placed = Span(8, 11, Label.PLACE, {"place": "Aleppo", "geonames_id": 170063})
        killed = Span(17, 18, Label.CASUALTY, {"count": 5, "kind": "killed"})
        for span in (killed, placed):
            repo.add_span(db, article, GOLD, span)
        db.conn.commit()
        (record,) = iter_records(db, iter_pairs(db, Selection()))
    finally:
        db.close()
    assert [(r[0], r[1], r[2]) for r in record.rows] == [(8, 11, "PLACE"), (17, 18, "CASUALTY")]
    assert [json.loads(r[3]) for r in record.rows] == [placed.attrs, killed.attrs]
    assert "spans" not in record.__dict__  # not made until a format asks
    assert record.spans == (placed, killed)
    assert record.spans is record.spans
