"""Krippendorff's alpha without a coincidence matrix: equal to the package, bounded in memory."""

from __future__ import annotations

import random
import tracemalloc
from collections import Counter
from collections.abc import Iterator

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.domain import Article, Label, Span
from annotator.services.agreement import compute_agreement
from annotator.services.agreement_metrics import (
    AlphaTally,
    CohenTally,
    FleissTally,
    fleiss_kappa,
    krippendorff_alpha,
)
from annotator.store import repository as repo

Data = list[list[object | None]]


def package_alpha(data: Data, level: str) -> float | None:
    """The ``krippendorff`` package on the same data; None where alpha is undefined."""
    domain = sorted({v for row in data for v in row if v is not None}, key=repr)
    code = {v: i for i, v in enumerate(domain)}
    if level == "nominal":
        rows = [[np.nan if v is None else code[v] for v in row] for row in data]
    else:
        rows = [[np.nan if v is None else v for v in row] for row in data]
    array = np.array(rows, dtype=float)
    pairable = array[:, (~np.isnan(array)).sum(axis=0) >= 2]
    if len(np.unique(pairable[~np.isnan(pairable)])) < 2:
        return None
    return float(krippendorff.alpha(pairable, level_of_measurement=level))


def random_data(rng: random.Random, units: int, values: list[object], missing: float) -> Data:
    coders = rng.randint(2, 4)
    return [
        [None if rng.random() < missing else rng.choice(values) for _ in range(units)]
        for _ in range(coders)
    ]


cells = st.one_of(st.none(), st.integers(-5, 5))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda coders: st.integers(0, 12).flatmap(
            lambda units: st.lists(
                st.lists(cells, min_size=units, max_size=units), min_size=coders, max_size=coders
            )
        )
    ),
    st.sampled_from(["nominal", "interval"]),
)
def test_small_data_equals_package(data: Data, level: str) -> None:
    ours = krippendorff_alpha(data, level)  # type: ignore[arg-type]
    expected = package_alpha(data, level) if data[0] else None
    if expected is None:
        assert ours is None
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_medium_data_equals_package(seed: int) -> None:
    rng = random.Random(seed)
    integers = list(range(0, 150, rng.choice([1, 7])))
    floats = [round(rng.uniform(-50, 5000), 3) for _ in range(60)]
    words = ["ISIS", "SDF", "∅", "regime", "Russia", "unknown", "civilians"]
    for level, values in (("interval", integers), ("interval", floats), ("nominal", words)):
        data = random_data(rng, 400, values, missing=rng.choice([0.0, 0.2, 0.5]))
        ours = krippendorff_alpha(data, level)  # type: ignore[arg-type]
        expected = package_alpha(data, level)
        assert expected is not None and ours == pytest.approx(expected, abs=1e-9)


def test_mostly_agreeing_coders_give_high_alpha() -> None:
    rng = random.Random(7)
    truth = [rng.randint(1, 500) for _ in range(300)]
    data: Data = [truth, [t if rng.random() < 0.9 else t + rng.randint(-3, 3) for t in truth]]
    data.append([None if rng.random() < 0.3 else t for t in truth])
    ours = krippendorff_alpha(data, "interval")
    assert ours is not None and 0.99 < ours < 1.0
    assert ours == pytest.approx(package_alpha(data, "interval"), abs=1e-9)


def test_tallies_merge_to_the_whole() -> None:
    rng = random.Random(11)
    units = list(zip(*random_data(rng, 200, [1, 2, 3, 10, 2.5], 0.3), strict=True))
    for level in ("nominal", "interval"):
        whole, parts = AlphaTally(level), [AlphaTally(level) for _ in range(3)]  # type: ignore[arg-type]
        for i, unit in enumerate(units):
            whole.add_unit(unit)
            parts[i % 3].add_unit(unit)
        merged = AlphaTally(level)  # type: ignore[arg-type]
        for part in parts:
            merged.merge(part)
        assert merged == whole and merged.alpha() is not None
    with pytest.raises(ValueError, match="levels"):
        AlphaTally("nominal").merge(AlphaTally("interval"))


def test_kappa_tallies_give_the_token_alpha() -> None:
    rng = random.Random(2)
    labels = ["O", "O", "O", "ACTOR", "PLACE", "CASUALTY"]
    for coders in (2, 3, 4):
        columns = [[rng.choice(labels) for _ in range(500)] for _ in range(coders)]
        tally = CohenTally() if coders == 2 else FleissTally()
        if isinstance(tally, CohenTally):
            tally.add(*columns)
        else:
            tally.add_labels(columns)
        expected = package_alpha(columns, "nominal")  # type: ignore[arg-type]
        assert tally.alpha().alpha() == pytest.approx(expected, abs=1e-9)
        assert tally.alpha() == _tally_of(columns)
        whole = [Counter(t) for t in zip(*columns, strict=True)]
        if coders > 2:
            assert tally.kappa() == pytest.approx(fleiss_kappa(whole), abs=1e-12)


def _tally_of(columns: list[list[str]]) -> AlphaTally:
    tally = AlphaTally("nominal")
    for unit in zip(*columns, strict=True):
        tally.add_unit(unit)
    return tally


def test_nan_is_missing_like_in_the_package() -> None:
    data: Data = [[1.0, float("nan"), 3.0, 4.0], [1.0, 2.0, 3.0, 5.0]]
    cleaned: Data = [[1.0, None, 3.0, 4.0], [1.0, 2.0, 3.0, 5.0]]
    for level in ("nominal", "interval"):
        assert krippendorff_alpha(data, level) == krippendorff_alpha(cleaned, level)  # type: ignore[arg-type]


def test_many_distinct_counts_in_constant_memory() -> None:
    """The package needs units x values x values floats here (about 10^16 bytes)."""

    def units() -> Iterator[tuple[int | None, ...]]:
        rng = random.Random(5)
        for _ in range(100_000):
            count = rng.randint(0, 1_000_000)
            yield (
                count,
                count + rng.choice([0, 0, 0, 1, -2]),
                (None if rng.random() < 0.5 else count),
            )

    tally = AlphaTally("interval")
    tracemalloc.start()
    for unit in units():
        tally.add_unit(unit)
    value = tally.alpha()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 200_000
    assert value is not None and 0.999999 < value < 1.0


# ----- compute_agreement reads one article at a time -----------------------------------------

SENTENCE = "قتل {n} من داعش في حلب وجرح آخرون. "


def _project(db: Database, articles: int) -> None:
    """Two coders finish ``articles`` long articles (about 2,800 tokens) with a few spans."""
    for i in range(articles):
        text = f"{i} " + "".join(SENTENCE.format(n=k + i) for k in range(400))
        article_id, _ = repo.add_article(db, Article(text=text, source=f"a{i}.txt"))
        for coder, shift in (("ali", 0), ("bea", 1)):
            start = text.index(str(i + 3), 5)
            count = Span(start, start + len(str(i + 3)), Label.CASUALTY, {"count": i + shift})
            repo.add_span(db, article_id, coder, count)
            place = text.index("حلب")
            repo.add_span(db, article_id, coder, Span(place, place + 3, Label.PLACE))
            repo.set_state(db, article_id, coder, "done")


def _peak(db: Database) -> int:
    tracemalloc.start()
    report = compute_agreement(db)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.pairs[0].overall.tokens > 0
    return peak


def test_agreement_memory_does_not_grow_with_articles(tmp_path) -> None:
    from annotator.store import open_store

    small, large = open_store(tmp_path / "small.db"), open_store(tmp_path / "large.db")
    _project(small, 2)
    _project(large, 10)
    (pair,) = compute_agreement(large).pairs
    assert pair.overall.articles == 10 and len(pair.per_article) == 10
    assert pair.overall.tokens == sum(s.tokens for s in pair.per_article.values())
    assert pair.overall.attributes["count"].units == 10
    assert pair.overall.attributes["count"].alpha == pytest.approx(
        krippendorff.alpha([list(range(10)), list(range(1, 11))], level_of_measurement="interval"),
        abs=1e-9,
    )
    # holding every article's tokens and labels at once grew by about 11 MB here
    assert _peak(large) - _peak(small) < 300_000
    small.close()
    large.close()
