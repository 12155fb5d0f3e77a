"""The HTML report: charts written and non-empty, Arabic readable, agreement with double coding."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import matplotlib.image
import pytest
from sqlite_utils import Database

from annotator.domain import GOLD
from annotator.services.export import ExportCancelledError
from annotator.services.importing import import_paths
from annotator.services.report import build_report, collect, run_report
from annotator.services.report_charts import shape
from annotator.store import StoreError, open_store

CHARTS = ["progress.png", "labels.png", "actors.png", "places.png", "casualties.png"]


@pytest.fixture
def coded(tmp_path: Path, gold_path: Path, gold_lines) -> Database:
    """Gold for all five seeds; amira coded all five, badr three with every other span."""
    db = open_store(tmp_path / "p.db")
    assert import_paths(db, [gold_path], annotator=GOLD).ok
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


def test_report_with_double_coding(coded: Database, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = build_report(coded, tmp_path / "report", progress=lambda d, t: seen.append((d, t)))
    assert [p.name for p in result.charts] == [*CHARTS, "agreement.png"]
    for chart in result.charts:
        assert_real_chart(chart)
    assert seen[0] == (0, 8) and seen[-1] == (8, 8)
    page = result.index.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    for name in [*CHARTS, "agreement.png"]:
        assert f'<img src="{name}"' in page
    assert '<td dir="auto">داعش</td>' in page and "دير الزور" in page
    assert "from the &#x27;gold&#x27; layer" in page
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
    assert "every coder&#x27;s confirmed spans, pooled" in page


def test_layers_and_cancel(coded: Database, tmp_path: Path) -> None:
    assert collect(coded, "badr").casualties != collect(coded, "amira").casualties
    with pytest.raises(StoreError, match="no annotator named 'nobody'"):
        collect(coded, "nobody")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ExportCancelledError):
        build_report(coded, tmp_path / "r", cancel=cancel)
    assert not (tmp_path / "r").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_run_report_in_a_worker_thread(coded: Database, tmp_path: Path) -> None:
    coded.close()
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
