"""A file is staged out of everyone's sight without the write lock, then published at once:
other connections (the desk's list, export, agreement) never see half a file, a coder can write
while a file is staged, and an article stored by someone else meanwhile is not stored twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.domain import Article, ArticleState, Label, Span
from annotator.domain.article import stored_offsets, to_stored_text
from annotator.services.agreement import compute_agreement
from annotator.services.export.pipeline import ExportOptions, export
from annotator.services.importing import import_paths, run_import, storing
from annotator.services.suggest_pool import PooledSuggest
from annotator.store import open_store
from annotator.store import repository as repo
from tests.reliability.worker import fake_suggest

TEXTS = [f"قتل {n} في حلب وأصيب {n + 1} في إدلب، وقال المرصد إن {n + 2} فروا." for n in range(8)]


def _line(text: str, annotator: str, n: int) -> str:
    spans = [{"start": 4, "end": 4 + len(str(n)), "label": "CASUALTY", "text": str(n)}]
    spans += [{"start": text.index("حلب"), "end": text.index("حلب") + 3, "label": "PLACE"}]
    if annotator == "b" and n % 2:  # b leaves out a place now and then: agreement below 1
        spans = spans[:1]
    return json.dumps({"text": text, "annotator": annotator, "spans": spans}, ensure_ascii=False)


def _coded(path: Path, texts: list[str], offset: int) -> Path:
    """Both coders' work on each text (one line each: the second line repeats the text)."""
    lines = [_line(t, who, offset + i) for i, t in enumerate(texts) for who in ("a", "b")]
    path.write_text("\n".join(lines), "utf-8")
    return path


def _view(target: Path | str, out: Path) -> tuple[list[int], int | None, dict]:
    """What another connection sees: the list's ids, records exported, the agreement (a file
    or a server's URL)."""
    other = open_store(target, busy_timeout_ms=0)
    try:
        ids = [item.id for item in repo.article_page(other, "a", limit=1000)]
        exported = export(other, ExportOptions("jsonl", out, layer="all")).records
        agreement = compute_agreement(other, ["a", "b"]).as_dict()
    finally:
        other.close()
    return ids, exported, agreement


def _wrap(monkeypatch: pytest.MonkeyPatch, name: str, after: Callable[[], None]) -> list[int]:
    """Run ``after`` each time ``storing.<name>`` has returned (the import goes on after it)."""
    original, calls = getattr(storing, name), []

    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(1)
        after()
        return result

    monkeypatch.setattr(storing, name, wrapped)
    return calls


def test_readers_never_see_a_staged_or_unpublished_file(
    project_target: str, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_store(project_target)
    first = _coded(tmp_path / "1.jsonl", TEXTS[:4], 0)
    assert import_paths(db, [first]).imported == 4
    before = _view(project_target, tmp_path / "before.jsonl")
    assert before[1] == 8 and before[2]["pairs"]  # both coders' work, compared
    seen: list[tuple] = []
    _wrap(
        monkeypatch, "stage_file", lambda: seen.append(_view(project_target, tmp_path / "s.jsonl"))
    )
    # inside the publishing transaction, its rows written but not committed
    _wrap(
        monkeypatch,
        "publish_file",
        lambda: seen.append(_view(project_target, tmp_path / "p.jsonl")),
    )
    second = _coded(tmp_path / "2.jsonl", TEXTS[4:], 4)
    report = import_paths(db, [second], suggest=fake_suggest)
    assert (report.imported, report.duplicates, report.spans) == (4, 4, 14)
    assert seen == [before, before]
    after = _view(project_target, tmp_path / "after.jsonl")
    assert len(after[0]) == 8 and after[1] == 16
    assert after[2] != before[2]
    db.close()


def test_a_coder_writes_while_a_file_is_staged(
    project_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staging holds no lock: a coder's write with no busy timeout at all goes through."""
    db = open_store(project_target)
    article_id, _ = repo.add_article(db, Article("مقال للمرمّز"))
    coder = open_store(project_target, busy_timeout_ms=0)
    calls = _wrap(monkeypatch, "stage_file", lambda: repo.add_seconds(coder, article_id, "c", 1.0))
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in TEXTS))
    report = import_paths(db, [path], suggest=fake_suggest)
    assert report.ok and report.imported == len(TEXTS) and report.suggestions > 0
    assert calls == [1]
    assert repo.get_state(db, article_id, "c").seconds_spent == 1.0
    coder.close()
    db.close()


def test_an_article_stored_meanwhile_is_not_stored_twice(
    project_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program stores one of the file's texts between staging and publishing: it
    counts as a duplicate, gets no second copy of its suggestions, and its coded spans still
    go in (its owner had no work there)."""
    db = open_store(project_target)
    other = open_store(project_target)
    taken = to_stored_text(TEXTS[2])
    _wrap(monkeypatch, "stage_file", lambda: repo.add_article(other, Article(taken, "elsewhere")))
    path = tmp_path / "a.jsonl"
    lines = [_line(t, "a", i) for i, t in enumerate(TEXTS[:4])]
    path.write_text("\n".join(lines), "utf-8")
    report = import_paths(db, [path], suggest=fake_suggest)
    assert report.ok, report.failures
    assert (report.imported, report.duplicates, report.spans) == (3, 1, 8)
    assert repo.article_count(db) == 4
    (taken_id,) = [i for i in repo.article_ids(db) if repo.get_article(db, i).text == taken]
    assert taken_id not in report.article_ids
    assert repo.get_article(db, taken_id).source == "elsewhere"
    assert [r.span.label for r in repo.confirmed_spans(db, taken_id, "a")] == [
        Label.CASUALTY,
        Label.PLACE,
    ]
    assert repo.get_state(db, taken_id, "a").state is ArticleState.DONE
    suggested = db.execute(
        "SELECT count(*) FROM spans WHERE article_id = ? AND origin = 'suggestion'", [taken_id]
    ).fetchone()[0]
    assert suggested == 0  # the suggestions were for this file's copy, which was not stored
    other.close()
    db.close()


def test_a_span_the_store_refuses_names_its_line_and_stores_nothing(
    project_target: str, tmp_path: Path
) -> None:
    db = open_store(project_target)
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"text": t}, ensure_ascii=False) for t in TEXTS[:3]]
    path.write_text("\n".join(lines), "utf-8")

    def suggest(text: str) -> list:
        good = fake_suggest(text)
        if text == TEXTS[1]:  # a suggester's bug: a span past the end of the text
            bad = Span(len(text) - 1, len(text) + 5, Label.CASUALTY)
            return [*good, type(good[0])(bad, 0.5, "fake", "1")]
        return good

    report = import_paths(db, [path], suggest=suggest)
    (failure,) = report.failures
    assert failure.line == 2 and "lies outside the text" in failure.reason
    assert repo.article_count(db) == 0
    db.close()


def test_run_import_suggests_with_what_coders_taught_the_project(
    project_target: str, tmp_path: Path
) -> None:
    """The use case the command line and the desk share builds the suggester with the
    project's learned names itself."""
    db = open_store(project_target)
    name = "كتيبة صقور الفرات"
    taught = f"هاجمت {name} بلدة الباغوز"
    article_id, _ = repo.add_article(db, Article(taught))
    start = taught.index(name)
    taught_span = Span(start, start + len(name), Label.ACTOR, {"actor": "SUQOUR_AL_FURAT"})
    repo.add_span(db, article_id, "a", taught_span)
    text = f"قالت {name} إنها سيطرت على القرية"
    path = tmp_path / "new.txt"
    path.write_text(text, "utf-8")
    report = run_import(db, [path])
    assert report.ok and report.imported == 1
    (new_id,) = report.article_ids
    found = {
        text[r.span.start : r.span.end] for r in repo.all_spans(db, new_id) if r.annotator is None
    }
    assert name in found
    db.close()


def test_run_import_stops_its_worker_processes(
    project_target: str, tmp_path: Path, monkeypatch
) -> None:
    closed: list[int] = []
    original = PooledSuggest.close
    monkeypatch.setattr(PooledSuggest, "close", lambda self: (closed.append(1), original(self)))
    db = open_store(project_target)
    path = tmp_path / "a.txt"
    path.write_text(TEXTS[0], "utf-8")
    assert run_import(db, [path]).imported == 1
    assert run_import(db, [path], suggest=False).duplicates == 1
    assert closed == [1]
    db.close()


@pytest.mark.parametrize(
    ("raw", "offsets"),
    [
        ("abc", {0: 0, 2: 2, 3: 3}),
        ("\ufeffab", {0: 0, 1: 0, 2: 1, 3: 2}),
        ("a\r\nb\r\nc", {0: 0, 1: 1, 2: 1, 3: 2, 4: 3, 5: 3, 6: 4, 7: 5}),
        ("a\rb", {0: 0, 1: 1, 2: 2, 3: 3}),
    ],
)
def test_stored_offsets_follow_the_stored_text(raw: str, offsets: dict[int, int]) -> None:
    to_stored = stored_offsets(raw)
    stored = to_stored_text(raw)
    assert {k: to_stored(k) for k in offsets} == offsets
    for k in range(len(raw)):  # every character kept lands on itself
        if raw[k] not in "\ufeff\r" or (raw[k] == "\r" and raw[k + 1 : k + 2] != "\n"):
            assert stored[to_stored(k)] == ("\n" if raw[k] == "\r" else raw[k])
