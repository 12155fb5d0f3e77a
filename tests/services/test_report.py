"""The HTML report: charts written and non-empty, Arabic readable, agreement with double coding."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import matplotlib.image
import pytest
from sqlite_utils import Database

from annotator.domain import GOLD, Label
from annotator.services.coding import CodingSession
from annotator.services.export import ExportCancelledError
from annotator.services.importing import import_paths
from annotator.services.report import ALL, UNKNOWN, build_report, collect, run_report
from annotator.services.report_charts import shape
from annotator.services.review import ReviewSession
from annotator.store import StoreError, open_store
from annotator.store import repository as repo

CHARTS = ["progress.png", "labels.png", "actors.png", "places.png", "casualties.png"]


@pytest.fixture
def gold_and_two(tmp_path: Path, gold_path: Path, gold_lines) -> Database:
    """Gold for all five seeds; amira coded all five, badr three with every other span."""
    db = open_store(tmp_path / "p.db")
    assert import_paths(db, [gold_path], annotator=GOLD, gold_by="lead").ok
    assert import_paths(db, [gold_path], annotator="amira").ok
    partial = tmp_path / "badr.jsonl"
    rows = [{**line, "spans": line["spans"][::2]} for line in gold_lines[:3]]
    partial.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    assert import_paths(db, [partial], annotator="badr").ok
    return db


def assert_real_chart(path: Path) -> None:
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    pixels = matplotlib.image.imread(path)
    assert pixels.shape[0] > 200 and pixels.shape[1] > 800
    assert pixels[..., :3].std() > 0.05  # not a blank image


def test_report_with_double_coding(gold_and_two: Database, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = build_report(
        gold_and_two, tmp_path / "report", progress=lambda d, t: seen.append((d, t))
    )
    assert [p.name for p in result.charts] == [*CHARTS, "agreement.png"]
    for chart in result.charts:
        assert_real_chart(chart)
    assert seen[0] == (0, 8) and seen[-1] == (8, 8)
    page = result.index.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    for name in [*CHARTS, "agreement.png"]:
        assert f'<img src="{name}"' in page
    assert '<td dir="auto">داعش</td>' in page and "دير الزور" in page
    # every article was adjudicated: gold is the version of all five
    assert '<td dir="auto">gold</td><td dir="auto">5</td>' in page
    assert '<td dir="auto">amira / badr</td><td dir="auto">3</td>' in page
    data = result.data
    assert [(p.name, p.done) for p in data.progress] == [("amira", 5), ("badr", 3), (GOLD, 5)]
    assert data.actors[0][:2] in {("ISIS", "داعش"), ("SDF", "قسد")}
    assert sum(m for m, _p in data.casualties.values()) == 29
    assert data.casualties[("killed", "ISIS")][1] > 0


def test_report_on_a_new_project_says_so(db: Database, tmp_path: Path) -> None:
    result = build_report(db, tmp_path / "r")
    assert [p.name for p in result.charts] == CHARTS
    for chart in result.charts:
        assert chart.stat().st_size > 3000  # a titled "nothing yet" chart
    page = result.index.read_text(encoding="utf-8")
    assert "No double coding yet" in page
    assert "articles nobody finished are not counted" in page
    assert '<td dir="auto">(not counted)</td>' not in page  # no articles at all


def test_layers_and_cancel(gold_and_two: Database, tmp_path: Path) -> None:
    assert collect(gold_and_two, "badr").casualties != collect(gold_and_two, "amira").casualties
    with pytest.raises(StoreError, match="no annotator named 'nobody'"):
        collect(gold_and_two, "nobody")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ExportCancelledError):
        build_report(gold_and_two, tmp_path / "r", cancel=cancel)
    assert not (tmp_path / "r").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_run_report_in_a_worker_thread(gold_and_two: Database, tmp_path: Path) -> None:
    gold_and_two.close()
    results = []
    worker = threading.Thread(
        target=lambda: results.append(run_report(tmp_path / "p.db", tmp_path / "r"))
    )
    worker.start()
    worker.join()
    assert results and results[0].index.is_file()


def test_arabic_is_shaped_only_where_matplotlib_does_not_shape_itself() -> None:
    # without libraqm: joined presentation forms, in visual (left-to-right) order
    assert shape("داعش", native=False) == "\ufeb6\ufecb\ufe8d\ufea9"  # ش ع ا د
    assert shape("ISIS", native=False) == "ISIS"
    # matplotlib with libraqm shapes and orders text itself: shaping twice would reverse it
    assert shape("داعش", native=True) == "داعش"


# ----- one version per article (double coding never changes the content figures) ---------------

PLACE_IDS = {"دير الزور": ("Deir ez-Zor", 170794), "سوريا": ("Syria", 163843)}
PLACE_IDS["سورية"] = PLACE_IDS["سوريا"]


def _with_place_ids(db: Database, coder: str) -> None:
    """The coder gives some places their GeoNames name and id (the others stay empty)."""
    session = CodingSession(db, coder)
    for article_id in repo.article_ids(db):
        text = session.text(article_id)
        for row in session.spans(article_id):
            found = PLACE_IDS.get(text[row.start : row.end])
            if row.confirmed and row.label is Label.PLACE and found:
                session.set_attributes(row.id, {"place": found[0], "geonames_id": found[1]})


def _content(data) -> tuple:
    return (data.actors, data.places, data.casualties)


def test_double_coding_never_changes_the_content_figures(db: Database, gold_path: Path) -> None:
    assert import_paths(db, [gold_path], annotator="alice").ok
    alone = collect(db)
    assert alone.casualties[("killed", "ISIS")] == [11, 1138]
    assert alone.versions.summary() == [("alice", 5)]
    # bob double-codes every article (and names places alice left without attributes)
    assert import_paths(db, [gold_path], annotator="bob").ok
    _with_place_ids(db, "bob")
    both = collect(db)
    assert _content(both) == _content(alone)
    assert both.versions.summary() == [("alice", 5)]
    # an explicit layer is that coder's spans only; "all" pools them and says so
    assert collect(db, "bob").casualties[("killed", "ISIS")] == [11, 1138]
    pooled = collect(db, ALL)
    assert pooled.casualties[("killed", "ISIS")] == [22, 2276]
    assert "counts twice" in pooled.layer


def test_places_are_grouped_by_one_key(db: Database, gold_path: Path, tmp_path: Path) -> None:
    assert import_paths(db, [gold_path], annotator="alice").ok
    assert import_paths(db, [gold_path], annotator="bob").ok
    _with_place_ids(db, "bob")
    # the same place spelled with ة and with ه, by a third coder
    lines = [
        {"text": t, "source": s, "spans": [{"start": 7, "end": 13, "label": "PLACE"}]}
        for t, s in (("قصف في الحسكة", "x1"), ("قصف في الحسكه", "x2"))
    ]
    path = tmp_path / "cem.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    assert import_paths(db, [path], annotator="cem").ok
    places = {form: (name, n) for form, name, n in collect(db, ALL).places}
    # bob's "Deir ez-Zor" and alice's bare surface are one place, shown as written
    assert places["دير الزور"] == ("Deir ez-Zor", 32)
    assert "Deir ez-Zor" not in places
    # two spellings with one GeoNames id are one place; so are ة/ه spellings
    assert places["سوريا"] == ("Syria", 8) and "سورية" not in places
    assert places["الحسكة"] == ("", 16 + 2) and "الحسكه" not in places


def test_the_first_coder_to_finish_gives_the_version(db: Database, tmp_path: Path) -> None:
    text = "قتل 5 في حمص. وقال مصدر إن 7 قتلوا."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("قتل 2 في حلب", encoding="utf-8")
    (tmp_path / "c.txt").write_text("لا شيء هنا", encoding="utf-8")
    first, second, third = import_paths(db, sorted(tmp_path.glob("*.txt"))).article_ids
    casualty = {"count": None, "kind": "killed", "qualifier": "exact", "victim": None}

    def code(coder: str, article_id: int, surface: str, count: int) -> CodingSession:
        session = CodingSession(db, coder, clock=iter(range(0, 10**6, 60)).__next__)
        start = session.text(article_id).index(surface)
        session.add_span(article_id, start, start + len(surface), Label.CASUALTY)
        row = next(r for r in session.spans(article_id) if r.confirmed)
        session.set_attributes(row.id, {**casualty, "count": count})
        session.mark_done(article_id)
        return session

    zed = code("zed", first, "5", 5)
    code("amy", first, "7", 7)  # amy finishes after zed: zed's version counts
    code("zed", second, "2", 2)
    assert collect(db).casualties == {("killed", UNKNOWN): [2, 7]}
    # zed looks at the article again (time spent, a later state row): still zed's version
    zed.enter(first)
    zed.leave()
    assert repo.get_state(db, first, "zed").updated_at > repo.get_state(db, first, "amy").updated_at
    data = collect(db)
    assert data.casualties == {("killed", UNKNOWN): [2, 7]}
    assert data.versions.per_article == {first: ("zed",), second: ("zed",)}
    assert data.versions.uncounted == 1
    # once the lead adjudicates the article, gold is its version
    review = ReviewSession(db, ["zed", "amy"])
    for item in review.items(first):
        if item.version("amy"):
            review.take(first, item.key, "amy")
        else:
            review.reject_all(first, item.key)
    assert review.adjudicated(first)
    data = collect(db)
    assert data.versions.per_article == {first: (GOLD,), second: ("zed",)}
    assert data.casualties == {("killed", UNKNOWN): [2, 9]}
    # the page says where each article's figures come from; the CSV lists every article
    result = build_report(db, tmp_path / "r")
    page = result.index.read_text(encoding="utf-8")
    assert '<td dir="auto">gold</td><td dir="auto">1</td>' in page
    assert '<td dir="auto">(not counted)</td><td dir="auto">1</td>' in page
    csv_text = (tmp_path / "r" / "content_sources.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines() == [  # text quoted, ids bare (the CSV helper of the exports)
        '"article_id","source","version"',
        f'{first},"a.txt","gold"',
        f'{second},"b.txt","zed"',
        f'{third},"c.txt",""',
    ]
