"""bench/keys.py's scripted coder is correct: on one seed article, imported by the real
``annotator import`` (a subprocess) with and without suggestions, its real key presses on the
real desk leave the coder's layer equal to the gold, spans and attributes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import keys

SEED = keys.SETS["seeds"]


@pytest.fixture
def seed_record() -> dict:
    (record,) = [r for r in keys.read_gold(SEED) if r["source"].startswith("000_")]
    return record


@pytest.mark.parametrize("suggest", [True, False], ids=["suggestions", "no-suggestions"])
def test_the_coder_brings_a_seed_article_to_gold(
    qapp, qtbot, tmp_path: Path, seed_record: dict, suggest: bool
) -> None:
    from annotator.store.spans import confirmed_spans

    db = keys.make_project([seed_record], tmp_path, suggest=suggest)
    window = keys.open_desk(db, tmp_path)
    qtbot.addWidget(window)
    try:
        article_id = window.article_id
        tally = keys.run_window(window, [seed_record])
        assert tally.failures == []  # each names the span and why
        gold = keys.gold_spans(seed_record)
        rows = confirmed_spans(window.db, article_id, window.session.annotator)
        layer = sorted(keys.span_key(r.span, None) for r in rows)
        assert layer == sorted(keys.span_key(g, dict(g.attrs)) for g in gold)
        assert tally.gold == len(gold) and tally.articles == 1
        # with suggestions they are accepted (A or Ctrl+Shift+A); without, each span is
        # reached with the find bar (/, letters, Enter, 1/2/3)
        if suggest:
            assert tally.keys["accept"] + tally.keys["attribute fix"] > 0
        else:
            assert tally.times["missed span"] == len(gold)
            assert tally.keys["missed span"] >= 4 * len(gold)
        state = window.session.state(article_id)
        assert state.state.value == "done"  # Ctrl+Return closed it
    finally:
        window.panel.clear()
        window.close()
        window.db.close()


@pytest.mark.parametrize("accept_all", [True, False], ids=["accept-all", "walk"])
def test_the_coder_mends_wrong_suggestions(
    qapp, qtbot, tmp_path: Path, seed_record: dict, accept_all: bool
) -> None:
    """Seed 000 with tests/gui/desk_driver.py's wrong suggestions (one to reject, one to
    relabel, one to shrink, one to grow, one without its casualty attributes): both plans
    bring it to gold with reject, relabel, edge and attribute keys."""
    from annotator.store.spans import confirmed_spans
    from tests.gui.desk_driver import make_desk_project

    (article_id,) = make_desk_project(tmp_path / "desk.db")
    window = keys.open_desk(tmp_path / "desk.db", tmp_path)
    qtbot.addWidget(window)
    try:
        tally = keys.run_window(window, [seed_record], accept_all=accept_all)
        assert tally.failures == []
        rows = confirmed_spans(window.db, article_id, window.session.annotator)
        gold = keys.gold_spans(seed_record)
        assert sorted(keys.span_key(r.span, None) for r in rows) == sorted(
            keys.span_key(g, dict(g.attrs)) for g in gold
        )
        for op in ("reject", "relabel", "boundary fix", "attribute fix", "missed span"):
            assert tally.times[op] > 0, op
        assert tally.plans[("accept all, then fix" if accept_all else "walk")] == 1
    finally:
        window.panel.clear()
        window.close()
        window.db.close()
