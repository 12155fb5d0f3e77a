"""The export, validate and report commands: round trips, messages and exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotator.cli import EXPORT_FORMATS
from annotator.domain import GOLD, Label, Span
from annotator.services.export import FORMATS
from annotator.store import open_store
from annotator.store import repository as repo
from tests.builders import invoke


@pytest.fixture
def project(tmp_path: Path, gold_path: Path) -> Path:
    """A project whose gold layer is the seeds' gold, imported through the command line."""
    db = tmp_path / "p.db"
    result = invoke(
        "import", gold_path, "--db", db, "--annotator", GOLD, "--gold-by", "lead", "--no-suggest"
    )
    assert result.exit_code == 0, result.output
    return db


def test_the_choices_are_the_services_formats() -> None:
    assert set(EXPORT_FORMATS) == set(FORMATS)


def test_import_then_export_jsonl_is_byte_identical(project: Path, tmp_path, gold_path) -> None:
    out = tmp_path / "gold.jsonl"
    result = invoke("export", "--db", project, "--format", "jsonl", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == gold_path.read_bytes()
    assert result.stdout == f"jsonl: 5 article(s), 215 span(s) → {out}\n"
    assert result.stderr == ""


def test_every_format_writes_and_checks_itself(project: Path, tmp_path: Path) -> None:
    outputs = {}
    for fmt in ("prodigy", "conll", "brat", "csv"):
        out = tmp_path / f"out-{fmt}"
        result = invoke("export", "--db", project, "--format", fmt, "--out", out)
        assert result.exit_code == 0, (fmt, result.output)
        assert out.exists() and "215 span(s)" in result.stdout
        outputs[fmt] = result.stdout
    for fmt in ("prodigy", "conll"):
        assert "6 token split(s) at span edges" in outputs[fmt]
        assert (tmp_path / f"out-{fmt}.alignment.tsv").is_file()
    assert (tmp_path / "out-brat" / "annotation.conf").is_file()
    assert (tmp_path / "out-csv" / "casualties.csv").is_file()


def test_unaligned_spans_are_listed_on_stderr(project: Path, tmp_path: Path) -> None:
    db = open_store(project)
    first = repo.article_ids(db)[0]
    text = repo.get_article(db, first).text
    blank = text.index("\n\n")
    repo.add_span(db, first, GOLD, Span(blank, blank + 2, Label.PLACE, {}))  # only line breaks
    db.close()
    out = tmp_path / "g.conll"
    result = invoke("export", "--db", project, "--format", "conll", "--out", out)
    assert result.exit_code == 0
    assert "dropped: 000_4aec2ec63595c89c.txt [gold] PLACE" in result.stderr
    assert "covers no token" in result.stderr
    assert "1 span(s) not exported exactly" in result.stdout
    assert "dropped\t000_4aec2ec63595c89c.txt" in (tmp_path / "g.conll.alignment.tsv").read_text(
        encoding="utf-8"
    )


def test_export_errors_exit_1_and_write_nothing(project: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "x.jsonl"
    result = invoke("export", "--db", tmp_path / "none.db", "--format", "jsonl", "--out", out)
    assert result.exit_code == 1 and "no such database" in result.stderr
    result = invoke("export", "--db", project, "--format", "jsonl", "--out", out, "--layer", "zed")
    assert result.exit_code == 1 and "no annotator named 'zed'" in result.stderr
    monkeypatch.setitem(sys.modules, "spacy", None)
    result = invoke("export", "--db", project, "--format", "spacy", "--out", tmp_path / "x.spacy")
    assert result.exit_code == 1 and "annotator[spacy]" in result.stderr
    result = invoke("export", "--db", project, "--format", "docx", "--out", out)
    assert result.exit_code == 2
    assert not out.exists() and not (tmp_path / "x.spacy").exists()


def test_an_empty_layer_warns_with_a_hint(tmp_path: Path, gold_path: Path) -> None:
    db = tmp_path / "p.db"
    assert invoke("import", gold_path, "--db", db, "--no-suggest").exit_code == 0
    out = tmp_path / "g.jsonl"
    result = invoke("export", "--db", db, "--format", "jsonl", "--out", out)
    assert result.exit_code == 0 and out.read_bytes() == b""
    assert "nothing to export" in result.stderr and "other layers: import" in result.stderr
    result = invoke("export", "--db", db, "--format", "jsonl", "--out", out, "--layer", "import")
    assert result.exit_code == 0 and out.read_bytes() == gold_path.read_bytes()
    result = invoke(
        "export", "--db", db, "--format", "jsonl", "--out", out, "--only", "adjudicated"
    )
    assert result.exit_code == 0 and "adjudicated" in result.stderr


def test_validate(tmp_path: Path, gold_path: Path) -> None:
    result = invoke("validate", gold_path)
    assert (
        result.exit_code == 0 and result.stdout == f"{gold_path}: 5 article(s), 215 span(s): OK\n"
    )
    line = json.loads(gold_path.read_text(encoding="utf-8").splitlines()[0])
    line["spans"][0]["start"] += 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(line, ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    result = invoke("validate", bad, gold_path)
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert out[0].startswith(f"{bad}:1: error: span 1 (ACTOR 2-12): text 'جيش الإسلام'")
    reason = "not valid JSON: Expecting property name enclosed in double quotes (column 2)"
    assert out[1] == f"{bad}:2: error: {reason}"
    assert out[2] == f"{bad}: 2 article(s), 44 span(s): 2 error(s) on 2 line(s), 0 warning(s)"
    assert out[3].endswith(": OK")
    assert invoke("validate", bad, "--max-messages", "1").stdout.splitlines()[1] == (
        f"{bad}: … and 1 more"
    )
    warn = tmp_path / "warn.jsonl"
    warn.write_text(
        json.dumps({"text": "قصف حلب", "spans": []}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    assert invoke("validate", warn).exit_code == 0
    assert invoke("validate", warn, "--strict").exit_code == 1


def test_report_command(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = invoke("report", "--db", project, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"report: {out / 'index.html'} (5 charts)\n"
    assert (out / "actors.png").stat().st_size > 10_000
    result = invoke("report", "--db", project, "--out", out, "--layer", "nobody")
    assert result.exit_code == 1 and "no annotator named 'nobody'" in result.stderr
    assert (out / "index.html").is_file()  # the earlier report is still there
