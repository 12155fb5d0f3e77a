"""The project report: an HTML page with matplotlib charts of progress, spans and agreement.

Content charts (actors, places, casualties) take one version of each article
(``services.report_content``: by default the adjudicated gold, else the coder who finished the
article first), so double coding never changes them; the page says how many articles each
version came from and ``content_sources.csv`` names it per article.
"""

from __future__ import annotations

import html
import io
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from annotator.domain import ArticleState, Label
from annotator.domain.safe_text import visible
from annotator.services import report_charts as charts
from annotator.services.agreement import AgreementReport, compute_agreement
from annotator.services.export.cells import SafeWriter
from annotator.services.export.pipeline import CancelFlag, ExportCancelledError, Progress
from annotator.services.export.writer import atomic_dir
from annotator.services.report_content import ALL, AUTO, NO_ID, UNKNOWN, Versions, collect_content
from annotator.store import Project, StoreError, open_store
from annotator.store import reports as store
from annotator.store import repository as repo

__all__ = ["ALL", "AUTO", "NO_ID", "UNKNOWN", "ReportData", "ReportResult", "build_report"]

MAX_SERIES = 7  # victims shown in the casualty chart; the rest is "other"
MAX_LISTED = 1000  # articles listed on the page with their version (all are in the CSV)
SOURCES_CSV = "content_sources.csv"


@dataclass(frozen=True)
class CoderProgress:
    """One annotator's articles by state; ``started`` = open with confirmed spans."""

    name: str
    done: int
    skipped: int
    flagged: int
    started: int
    spans: int


@dataclass
class ReportData:
    """Everything the report shows, gathered in a few queries.

    ``actors``: (actor id, commonest form, mentions); ``places``: (commonest form, commonest
    canonical name or "", mentions); ``casualties``: (kind, victim) → [mentions, people].
    """

    articles: int
    layer: str
    versions: Versions | None = None
    progress: list[CoderProgress] = field(default_factory=list)
    labels: dict[str, Counter[str]] = field(default_factory=dict)
    actors: list[tuple[str, str, int]] = field(default_factory=list)
    places: list[tuple[str, str, int]] = field(default_factory=list)
    casualties: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    agreement: AgreementReport | None = None
    listed: list[tuple[int, str, str]] = field(default_factory=list)  # id, source, version


@dataclass
class ReportResult:
    """Where the report went and which charts it has."""

    out: Path
    index: Path
    charts: list[Path]
    data: ReportData


def collect(db: Project, layer: str = AUTO) -> ReportData:
    """Gather the report's numbers."""
    content = collect_content(db, layer)
    data = ReportData(repo.article_count(db), content.versions.described, content.versions)
    data.progress = _progress(db, data.articles)
    for name, label, n in store.labels_per_coder(db):
        data.labels.setdefault(name, Counter())[label] = n
    data.actors = content.actors
    data.places = content.places
    data.casualties = content.casualties
    data.listed = _listed(db, content.versions)
    data.agreement = compute_agreement(db)
    return data


def _progress(db: Project, articles: int) -> list[CoderProgress]:
    states: dict[str, Counter[str]] = defaultdict(Counter)
    for name, state, n in store.states_per_coder(db):
        states[name][state] = n
    started = store.started_per_coder(db)
    spans = store.spans_per_coder(db)
    return [
        CoderProgress(
            name,
            states[name][ArticleState.DONE.value],
            states[name][ArticleState.SKIPPED.value],
            states[name][ArticleState.FLAGGED.value],
            started.get(name, 0),
            spans.get(name, 0),
        )
        for name in repo.annotator_names(db)
    ]


def draw_charts(data: ReportData, out: Path, step: Callable[[], None]) -> list[Path]:
    """Write the PNG charts into ``out``; ``step()`` after each one."""
    paths = []
    rows = [p.name for p in data.progress]
    series = [
        ("done", [p.done for p in data.progress]),
        ("in progress", [p.started for p in data.progress]),
        ("flagged", [p.flagged for p in data.progress]),
        ("skipped", [p.skipped for p in data.progress]),
    ]
    title = f"Progress per coder ({data.articles} articles)"
    paths.append(charts.stacked_barh(out / "progress.png", title, rows, series, xlabel="articles"))
    step()
    names = list(data.labels)
    series = [(lab, [data.labels[n][lab] for n in names]) for lab in Label.values()]
    paths.append(
        charts.grouped_bars(out / "labels.png", "Spans per label", names, series, ylabel="spans")
    )
    step()
    rows = [f"{aid} · {surface}" for aid, surface, _n in data.actors]
    series = [("ACTOR", [n for *_x, n in data.actors])]
    paths.append(
        charts.stacked_barh(out / "actors.png", "Top actors", rows, series, xlabel="mentions")
    )
    step()
    rows = [f"{form} · {name}" if name else form for form, name, _n in data.places]
    series = [("PLACE", [n for *_x, n in data.places])]
    paths.append(
        charts.stacked_barh(out / "places.png", "Top places", rows, series, xlabel="mentions")
    )
    step()
    kinds = sorted({k for k, _v in data.casualties})
    victims = Counter[str]()
    for (_k, v), (mentions, _p) in data.casualties.items():
        victims[v] += mentions
    shown = [v for v, _n in victims.most_common(MAX_SERIES)]
    series = [(v, [data.casualties.get((k, v), [0, 0])[0] for k in kinds]) for v in shown]
    rest = [
        sum(m for (k2, v), (m, _p) in data.casualties.items() if k2 == k and v not in shown)
        for k in kinds
    ]
    if any(rest):
        series.append(("other", rest))
    title = "Casualty mentions by kind and victim"
    paths.append(
        charts.stacked_barh(out / "casualties.png", title, kinds, series, xlabel="mentions")
    )
    step()
    pairs = [p for p in (data.agreement.pairs if data.agreement else []) if p.articles]
    if pairs:
        groups = [" / ".join(p.coders) for p in pairs]
        series = [
            (lab, [_f1(p.overall.exact.get(lab)) for p in pairs])
            for lab in (*Label.values(), "ALL")
        ]
        title = "Agreement: exact-match span F1 per label"
        path = out / "agreement.png"
        paths.append(charts.grouped_bars(path, title, groups, series, ylabel="F1", ylim=(0, 1)))
    step()
    return paths


def _f1(prf: object) -> float | None:
    return getattr(prf, "f1", None)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _table(head: list[str], rows: list[list[object]]) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f'<td dir="auto">{_text(c)}</td>' for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _text(value: object) -> str:
    """Untrusted text for the page: control and bidi characters shown as escapes, HTML-escaped."""
    return html.escape(visible(str(value)))


def _img(name: str, alt: str, charts_written: set[str]) -> str:
    if name not in charts_written:
        return ""
    return f'<img src="{name}" alt="{html.escape(alt)}">'


_STYLE = """body{font-family:"Noto Naskh Arabic","DejaVu Sans",sans-serif;margin:2em;max-width:70em}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em}
th{background:#f3f3f3}img{max-width:100%;display:block;margin:.5em 0}.note{color:#555}"""


def render_html(data: ReportData, written: set[str]) -> str:
    """The report page (charts referenced by file name)."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Annotation report</title>',
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Annotation report</h1>",
        f'<p class="note">{data.articles} articles · generated {stamp}</p>',
        "<h2>Progress per coder</h2>",
        _img("progress.png", "Progress per coder", written),
        _table(
            ["annotator", "done", "in progress", "flagged", "skipped", "spans"],
            [[p.name, p.done, p.started, p.flagged, p.skipped, p.spans] for p in data.progress],
        ),
        "<h2>Spans per label</h2>",
        _img("labels.png", "Spans per label", written),
        _table(
            ["annotator", *Label.values()],
            [[n, *(c[lab] for lab in Label.values())] for n, c in data.labels.items()],
        ),
        "<h2>Which version the figures come from</h2>",
        _versions_html(data),
        "<h2>Top actors</h2>",
        _img("actors.png", "Top actors", written),
        _table(["actor id", "commonest form", "mentions"], [list(a) for a in data.actors]),
        "<h2>Top places</h2>",
        _img("places.png", "Top places", written),
        _table(["place", "canonical name", "mentions"], [list(p) for p in data.places]),
        "<h2>Casualties by kind and victim</h2>",
        _img("casualties.png", "Casualty mentions by kind and victim", written),
        '<p class="note">people: per article (and version) the largest count for each kind and'
        " victim, summed over articles (repeats in title and body are not added up).</p>",
        _table(
            ["kind", "victim", "mentions", "people"],
            [[k, v, m, p] for (k, v), (m, p) in sorted(data.casualties.items())],
        ),
        "<h2>Agreement</h2>",
        _agreement_html(data, written),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _versions_html(data: ReportData) -> str:
    """Where the actor, place and casualty figures come from, per article."""
    versions = data.versions
    if versions is None:
        return ""
    note = (
        f'<p class="note">Actors, places and casualties from {_text(versions.described)}.'
        f" Every article and its version: <code>{SOURCES_CSV}</code>.</p>"
    )
    rows: list[list[object]] = [[name, n] for name, n in versions.summary()]
    if versions.uncounted:
        rows.append(["(not counted)", versions.uncounted])
    details = ""
    if data.listed:
        more = len(versions.per_article) - len(data.listed)
        extra = f" (the first {len(data.listed)}; all in {SOURCES_CSV})" if more else ""
        details = (
            f"<details><summary>Per article{extra}</summary>"
            + _table(["article", "source", "version"], [list(row) for row in data.listed])
            + "</details>"
        )
    return note + _table(["version", "articles"], rows) + details


def _listed(db: Project, versions: Versions) -> list[tuple[int, str, str]]:
    """The first counted articles with their source and version, for the page."""
    ids = sorted(versions.per_article)[:MAX_LISTED]
    if not ids:
        return []
    sources = store.sources_of(db, ids)
    return [(a, sources.get(a, ""), " + ".join(versions.per_article[a])) for a in ids]


def sources_csv(db: Project, versions: Versions) -> str:
    """Every article with its source and the version its figures come from ("" if none)."""
    out = io.StringIO()
    writer = SafeWriter(out, ["article_id", "source", "version"], lineterminator="\n")
    writer.header()
    for article_id, source in store.all_sources(db):
        writer.row([article_id, source, " + ".join(versions.per_article.get(article_id, ()))])
    return out.getvalue()


def _agreement_html(data: ReportData, written: set[str]) -> str:
    pairs = [p for p in (data.agreement.pairs if data.agreement else []) if p.articles]
    if not pairs:
        return '<p class="note">No double coding yet: no two coders finished the same article.</p>'
    rows = []
    for p in pairs:
        o = p.overall
        all_exact, all_overlap = o.exact.get("ALL"), o.overlap.get("ALL")
        rows.append(
            [
                " / ".join(p.coders),
                len(p.articles),
                _fmt(_f1(all_exact)),
                _fmt(_f1(all_overlap)),
                _fmt(o.token_kappa),
                _fmt(o.token_alpha),
            ]
        )
    head = ["coders", "articles", "F1 exact", "F1 overlap", "token kappa", "token alpha"]
    note = (
        '<p class="note">Over the articles both coders marked done; details with'
        " <code>annotator agreement</code>.</p>"
    )
    return _img("agreement.png", "Agreement per label", written) + _table(head, rows) + note


def build_report(
    db: Project,
    out: Path,
    layer: str = AUTO,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> ReportResult:
    """Write ``out``/index.html and its PNG charts (the folder appears whole or not at all)."""
    total = 8
    done = 0

    def step() -> None:
        nonlocal done
        if cancel is not None and cancel.is_set():
            raise ExportCancelledError("report cancelled; nothing was written")
        done += 1
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    data = collect(db, layer)
    step()
    info = {"format": "report", "layer": layer, "articles": data.articles}
    with atomic_dir(Path(out), info) as tmp:
        drawn = draw_charts(data, tmp, step)
        written = {p.name for p in drawn}
        (tmp / "index.html").write_text(render_html(data, written), encoding="utf-8")
        if data.versions is not None:
            text = sources_csv(db, data.versions)
            (tmp / SOURCES_CSV).write_text(text, encoding="utf-8", newline="")
        step()
    charts_out = [Path(out) / p.name for p in drawn]
    return ReportResult(Path(out), Path(out) / "index.html", charts_out, data)


def run_report(
    db_path: Path | str,
    out: Path,
    layer: str = AUTO,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> ReportResult:
    """``build_report`` on a connection of its own (for a worker thread)."""
    path = Path(db_path)
    if not path.is_file():
        raise StoreError(f"{path}: no such database")
    db = open_store(path)
    try:
        return build_report(db, out, layer, progress, cancel)
    finally:
        db.close()
