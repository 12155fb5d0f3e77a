"""The change feed's bookkeeping of the audit ids notifications name (store.postgres.listen):
sorted, merged runs, so a bulk write's thousands of one-row notifications stay a few runs and a
lookup stays a binary search."""

from __future__ import annotations

import random

from annotator.store.postgres.listen import _add_runs, _missing, _runs_of, _within


def test_one_row_notifications_in_order_become_one_run() -> None:
    runs: list[tuple[int, int]] = []
    for n in range(1, 3001):
        _add_runs(runs, [(n, n)])
    assert runs == [(1, 3000)]


def test_runs_out_of_order_are_merged_and_found() -> None:
    ids = list(range(100, 400)) + list(range(500, 520))
    shuffled = ids[:]
    random.Random(3).shuffle(shuffled)
    runs: list[tuple[int, int]] = []
    for n in shuffled:
        _add_runs(runs, [(n, n)])
    assert runs == [(100, 399), (500, 519)]
    assert [n for n in range(90, 530) if _within(n, runs)] == ids


def test_payloads_and_gaps() -> None:
    assert _runs_of("12-15,18-18") == [(12, 15), (18, 18)]
    assert _runs_of("") is None and _runs_of("*") is None
    assert _missing(10, 20, [9, 10, 12, 13, 20, 21]) == [(11, 11), (14, 19)]
    assert _missing(1, 3, []) == [(1, 3)]
