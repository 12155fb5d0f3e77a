"""Agreement figures checked by hand, against textbook tables and the krippendorff package."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sqlite_utils import Database

from annotator.domain import Label, Span
from annotator.services.agreement import compute_agreement, default_coders
from annotator.services.agreement_format import format_agreement
from annotator.services.agreement_metrics import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    span_scores,
    token_labels,
)
from annotator.services.coding import CodingSession
from annotator.services.importing import import_paths
from annotator.store import StoreError

# ----- a small reference implementation of Krippendorff's alpha (coincidence matrix form) -------


def reference_alpha(data: list[list[object | None]], level: str) -> float:
    def delta(a: object, b: object) -> float:
        if level == "nominal":
            return 0.0 if a == b else 1.0
        return (float(a) - float(b)) ** 2  # type: ignore[arg-type]

    units = [[v for v in unit if v is not None] for unit in zip(*data, strict=True)]
    units = [u for u in units if len(u) >= 2]
    n = sum(len(u) for u in units)
    d_o = sum(
        sum(delta(a, b) for i, a in enumerate(u) for j, b in enumerate(u) if i != j) / (len(u) - 1)
        for u in units
    )
    values = [v for u in units for v in u]
    d_e = sum(delta(a, b) for i, a in enumerate(values) for j, b in enumerate(values) if i != j)
    return 1 - (d_o / n) / (d_e / (n * (n - 1)))


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers, 12 units.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_krippendorff_textbook_example() -> None:
    assert krippendorff_alpha(KRIPPENDORFF_2011, "nominal") == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha(KRIPPENDORFF_2011, "interval") == pytest.approx(0.849, abs=5e-4)
    for level in ("nominal", "interval"):
        assert reference_alpha(KRIPPENDORFF_2011, level) == pytest.approx(
            krippendorff_alpha(KRIPPENDORFF_2011, level), abs=1e-12
        )


def test_alpha_agrees_with_reference_on_random_data() -> None:
    rng = random.Random(3)
    for _ in range(30):
        data = [
            [rng.choice([None, 1, 2, 3, 5]) if rng.random() < 0.9 else None for _ in range(15)]
            for _ in range(rng.randint(2, 4))
        ]
        for level in ("nominal", "interval"):
            ours = krippendorff_alpha(data, level)
            if ours is None:
                continue
            assert ours == pytest.approx(reference_alpha(data, level), abs=1e-9)
    # nominal values that are not numbers
    words = [["ISIS", "SDF", "∅", "ISIS"], ["ISIS", "ISIS", "∅", None]]
    assert krippendorff_alpha(words, "nominal") == pytest.approx(reference_alpha(words, "nominal"))


def test_alpha_undefined_cases_are_none() -> None:
    assert krippendorff_alpha([], "nominal") is None
    assert krippendorff_alpha([["a", "a"], ["a", "a"]], "nominal") is None  # one value only
    assert krippendorff_alpha([[1, None], [None, 2]], "interval") is None  # nothing pairable


def test_cohen_kappa_by_hand() -> None:
    # 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 (po 0.7, pe 0.5)
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None
    assert cohen_kappa([], []) is None


def test_fleiss_kappa_textbook_table() -> None:
    # Fleiss (1971) as tabulated on Wikipedia: 10 subjects, 14 raters, 5 categories -> 0.210
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    counts = [dict(enumerate(row)) for row in table]
    assert fleiss_kappa(counts) == pytest.approx(0.20993, abs=1e-5)
    # with two raters Fleiss' kappa is Scott's pi, close to but not Cohen's kappa
    assert fleiss_kappa([Counter({"a": 2}), Counter({"b": 2})]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same number"):
        fleiss_kappa([Counter({"a": 2}), Counter({"a": 3})])


def test_span_scores_exact_and_overlap() -> None:
    ref = [Span(0, 5, Label.ACTOR), Span(10, 20, Label.PLACE)]
    pred = [
        Span(1, 5, Label.ACTOR),
        Span(12, 15, Label.PLACE),
        Span(16, 19, Label.PLACE),
        Span(30, 32, Label.ACTOR),
    ]
    exact = span_scores(ref, pred, overlap=False)
    assert (exact["ALL"].matched, exact["ALL"].precision, exact["ALL"].recall) == (0, 0.0, 0.0)
    loose = span_scores(ref, pred, overlap=True)
    assert (loose["ALL"].matched, loose["ALL"].predicted, loose["ALL"].reference) == (2, 4, 2)
    assert loose["ALL"].f1 == pytest.approx(2 / 3)  # one to one: a span counts once
    assert loose["PLACE"].precision == 0.5 and loose["PLACE"].recall == 1.0
    assert span_scores([], [], overlap=True)["ALL"].f1 is None


def test_token_labels() -> None:
    tokens = [(0, 3), (4, 8), (9, 12)]  # e.g. "قصف بحلب اليوم"
    assert token_labels(tokens, [Span(5, 8, Label.PLACE)]) == ["O", "PLACE", "O"]
    assert token_labels(tokens, []) == ["O", "O", "O"]


# ----- the whole computation on a database coded through the services ------------------------

CODES = {"O": 0, "CASUALTY": 1, "ACTOR": 2, "PLACE": 3}
ARTICLES = {
    "one.txt": "قتل 5 من داعش في حلب",
    "two.txt": "جرح 3 وقتل 7",
    "three.txt": "قصف الرقة",
}


def _mark(s: CodingSession, article: int, surface: str, label: Label, **attrs) -> None:
    text = s.text(article)
    start = text.index(surface)
    s.add_span(article, start, start + len(surface), label)
    if attrs:
        row = next(r for r in s.spans(article) if r.start == start and r.label is label)
        s.set_attributes(row.id, {**row.span.attrs, **attrs})


@pytest.fixture
def three_coders(db: Database, tmp_path: Path) -> tuple[Database, dict[str, int]]:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = import_paths(db, [tmp_path / n for n in ARTICLES])
    ids = dict(zip(ARTICLES, report.article_ids, strict=True))
    one, two, three = ids.values()
    cas = Label.CASUALTY
    for coder in ("ali", "bea", "cem"):
        s = CodingSession(db, coder)
        kind = "wounded" if coder == "bea" else "killed"
        _mark(s, one, "5", cas, kind=kind, victim="ISIS")
        _mark(s, one, "داعش", Label.ACTOR, actor="ISIS")
        if coder != "bea":
            _mark(s, one, "حلب", Label.PLACE)
        _mark(s, two, "3", cas, kind="wounded")
        _mark(s, two, "7", cas, kind="killed", count=8 if coder == "bea" else 7)
        s.mark_done(one)
        s.mark_done(two)
        if coder != "bea":
            _mark(s, three, "الرقة", Label.PLACE)
            s.mark_done(three)
    # bea started article three without finishing it: it does not count for her
    CodingSession(db, "bea").add_span(three, 0, 3, Label.ACTOR)
    return db, ids


def test_pair_figures_by_hand(three_coders) -> None:
    db, ids = three_coders
    report = compute_agreement(db, ["ali", "bea"])
    (pair,) = report.pairs
    assert report.group is None
    assert pair.coders == ("ali", "bea") and pair.articles == [ids["one.txt"], ids["two.txt"]]
    o = pair.overall
    assert o.tokens == 10
    # 9 of 10 tokens agree; marginals ali O5 C3 A1 P1, bea O6 C3 A1: pe = 40/100
    assert o.token_kappa == pytest.approx((0.9 - 0.4) / (1 - 0.4))
    ali = ["O", "CASUALTY", "O", "ACTOR", "O", "PLACE", "O", "CASUALTY", "O", "CASUALTY"]
    bea = [*ali[:5], "O", *ali[6:]]
    assert o.token_alpha == pytest.approx(
        krippendorff.alpha(
            [[CODES[x] for x in ali], [CODES[x] for x in bea]], level_of_measurement="nominal"
        )
    )
    exact = o.exact
    assert (exact["ALL"].matched, exact["ALL"].predicted, exact["ALL"].reference) == (4, 4, 5)
    assert exact["ALL"].f1 == pytest.approx(8 / 9)
    assert exact["PLACE"].recall == 0.0 and exact["PLACE"].precision is None
    assert exact["CASUALTY"].f1 == 1.0
    # casualty kind: units (killed, wounded) (wounded, wounded) (killed, killed) -> 4/9
    kind = o.attributes["kind"]
    assert (kind.units, kind.observed, kind.alpha) == (
        3,
        pytest.approx(2 / 3),
        pytest.approx(4 / 9),
    )
    # count: (5, 5) (3, 3) (7, 8): Do = 2/6, De = 250/30 -> 0.96
    assert o.attributes["count"].alpha == pytest.approx(0.96)
    assert o.attributes["victim"].alpha == pytest.approx(1.0)  # ISIS twice, null four times
    actor = o.attributes["actor"]
    assert (actor.units, actor.observed, actor.alpha) == (1, 1.0, None)  # nothing to vary
    # count alpha matches the package on the same matrix
    assert o.attributes["count"].alpha == pytest.approx(
        krippendorff.alpha([[5, 3, 7], [5, 3, 8]], level_of_measurement="interval")
    )
    # per article
    first = pair.per_article[ids["one.txt"]]
    assert first.tokens == 6
    assert first.token_kappa == pytest.approx((5 / 6 - 14 / 36) / (1 - 14 / 36))
    assert pair.per_article[ids["two.txt"]].exact["ALL"].f1 == 1.0


def test_group_and_every_pair(three_coders) -> None:
    db, ids = three_coders
    assert default_coders(db) == ["ali", "bea", "cem"]
    report = compute_agreement(db)
    assert [p.coders for p in report.pairs] == [("ali", "bea"), ("ali", "cem"), ("bea", "cem")]
    ali_cem = report.pairs[1]
    assert len(ali_cem.articles) == 3 and ali_cem.overall.token_kappa == 1.0
    assert ali_cem.overall.exact["ALL"].f1 == 1.0
    group = report.group
    assert group is not None and group.articles == [ids["one.txt"], ids["two.txt"]]
    # 9 tokens unanimous, one split PLACE 2 / O 1: P = 14/15, Pe = 7/18 -> 49/55
    assert group.overall.token_kappa == pytest.approx(49 / 55)
    assert group.overall.exact == {}  # spans P/R/F1 are per pair
    labels = {
        "ali": ["O", "CASUALTY", "O", "ACTOR", "O", "PLACE", "O", "CASUALTY", "O", "CASUALTY"],
    }
    labels["cem"] = labels["ali"]
    labels["bea"] = [*labels["ali"][:5], "O", *labels["ali"][6:]]
    matrix = [[CODES[x] for x in labels[c]] for c in ("ali", "bea", "cem")]
    assert group.overall.token_alpha == pytest.approx(
        krippendorff.alpha(np.array(matrix, dtype=float), level_of_measurement="nominal")
    )
    kinds = [["killed", "wounded", "killed"], ["wounded"] * 3, ["killed"] * 3]
    assert group.overall.attributes["kind"].alpha == pytest.approx(
        reference_alpha([list(x) for x in zip(*kinds, strict=True)], "nominal")
    )
    data = report.as_dict()
    assert data["group"]["overall"]["token_kappa"] == pytest.approx(49 / 55)
    assert data["pairs"][0]["per_article"][0]["source"] == "one.txt"


def test_readable_tables(three_coders) -> None:
    db, _ = three_coders
    text = format_agreement(compute_agreement(db), per_article=True)
    assert "ali (reference) vs bea: 2 article(s) finished by both" in text
    assert "group: ali, bea, cem" in text and "Fleiss' kappa" in text
    assert "0.889" in text  # F1 exact of ali vs bea
    assert "three.txt" in text
    with pytest.raises(StoreError, match="no annotator named zed"):
        compute_agreement(db, ["ali", "zed"])
    assert "at least two" in format_agreement(compute_agreement(db, ["ali"]))
