"""The report with hostile names: escaped on the page, drawn literally in charts, safe in CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import matplotlib.image
import numpy as np
from sqlite_utils import Database

from annotator.domain import Article, Label, Span
from annotator.services import report_charts as charts
from annotator.services.coding import CodingSession
from annotator.services.report import build_report
from annotator.store import repository as repo
from tests.builders import rename_layer

MATH = "a$x^$b"  # two dollars: matplotlib would parse (and fail on) mathtext
OVERRIDE = "\u202eevil\u202c"  # right-to-left override: would reorder the rest of a line
ESCAPE = "ansi\x1b[2J"  # a terminal escape sequence
HTML = "@<b>bold</b>&amp;"  # "@" also starts a spreadsheet formula


def _hostile_project(db: Database) -> None:
    text = "قتل 5 في حلب على يد داعش"
    aid, _ = repo.add_article(db, Article(text, source="=HYPERLINK(1).txt"))
    for i, name in enumerate((MATH, OVERRIDE, ESCAPE, HTML)):
        coder = f"c{i}"
        session = CodingSession(db, coder)
        for surface, label, attrs in (
            ("حلب", Label.PLACE, {"place": f"$\\frac{{{i}}}{{$ {OVERRIDE} \x07"}),
            ("داعش", Label.ACTOR, {"actor": "ISIS"}),
        ):
            start = text.index(surface)
            repo.add_span(db, aid, coder, Span(start, start + len(surface), label, attrs))
        session.mark_done(aid)
        rename_layer(db, coder, name)


def test_hostile_names_neither_abort_nor_rewrite_the_report(db: Database, tmp_path: Path) -> None:
    _hostile_project(db)
    result = build_report(db, tmp_path / "r", layer="all")
    for chart in result.charts:
        pixels = matplotlib.image.imread(chart)
        assert pixels[..., :3].std() > 0.05  # drawn, not blank
    assert {p.name for p in result.charts} >= {"progress.png", "places.png", "agreement.png"}
    page = result.index.read_text(encoding="utf-8")
    for char in "\u202e\u202c\x1b\x07":
        assert char not in page
    assert '<td dir="auto">\\u202eevil\\u202c</td>' in page
    assert '<td dir="auto">ansi\\x1b[2J</td>' in page
    assert '<td dir="auto">@&lt;b&gt;bold&lt;/b&gt;&amp;amp;</td>' in page and "<b>" not in page
    assert '<td dir="auto">a$x^$b</td>' in page
    assert "\\frac{0}{$ \\u202eevil\\u202c \\x07" in page
    with (tmp_path / "r" / "content_sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][:2] == ["1", "'=HYPERLINK(1).txt"]
    assert rows[1][2].startswith("'@<b>bold</b>&amp; + ")  # the pooled coders, "@..." first


def _pixels(tmp_path: Path, name: str, label: str) -> np.ndarray:
    path = charts.stacked_barh(tmp_path / name, "t", [label], [(label, [3])], xlabel="n")
    return matplotlib.image.imread(path)


def test_chart_labels_show_controls_as_escapes_and_dollars_as_dollars(tmp_path: Path) -> None:
    # a label with a bidi override or an escape is drawn exactly as its visible escape text
    for i, (hostile, shown) in enumerate(
        [
            ("x\u202eabc", "x\\u202eabc"),
            ("a\u2066b\u200fc", "a\\u2066b\\u200fc"),
            (ESCAPE, "ansi\\x1b[2J"),
        ]
    ):
        assert np.array_equal(
            _pixels(tmp_path, f"h{i}.png", hostile), _pixels(tmp_path, f"s{i}.png", shown)
        )
    # "$x^$" is drawn as typed: different from the same label without the dollars
    drawn = _pixels(tmp_path, "m.png", MATH)
    assert not np.array_equal(drawn, _pixels(tmp_path, "n.png", "axb"))
    assert drawn[..., :3].std() > 0.05
