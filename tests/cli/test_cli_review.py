"""The agreement, assign and merge commands on real project databases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import Label
from annotator.services.coding import CodingSession
from annotator.store import assignments as assigned
from annotator.store import open_store
from annotator.store import repository as repo

TEXTS = ["قتل 5 من داعش في حلب", "جرح 3 في الرقة", "قصف على دير الزور", "خبر بلا أرقام"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project imported through the CLI, two coders finishing the first two articles."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k, text in enumerate(TEXTS):
        (corpus / f"{k}.txt").write_text(text, encoding="utf-8")
    db_path = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", str(corpus), "--db", str(db_path), "--no-suggest"])
    assert result.exit_code == 0, result.output
    for coder, kind in (("ali", "killed"), ("bea", "wounded")):
        s = CodingSession.open(db_path, coder)
        for article in (1, 2):
            text = s.text(article)
            number = next(c for c in text if c.isdigit())
            start = text.index(number)
            s.add_span(article, start, start + 1, Label.CASUALTY)
            row = next(r for r in s.spans(article))
            s.set_attributes(row.id, {**row.span.attrs, "kind": kind})
            if coder == "ali":
                s.add_span(article, len(text) - 3, len(text), Label.PLACE)
            s.mark_done(article)
        s.close()
    return db_path


def test_agreement_tables_and_json(project: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["agreement", "--db", str(project)])
    assert result.exit_code == 0, result.output
    assert "ali (reference) vs bea: 2 article(s) finished by both" in result.output
    assert "Cohen's kappa" in result.output and "casualty kind" in result.output
    per = runner.invoke(cli, ["agreement", "--db", str(project), "--per-article"])
    assert "0.txt" in per.output and "1.txt" in per.output
    data = json.loads(runner.invoke(cli, ["agreement", "--db", str(project), "--json"]).output)
    (pair,) = data["pairs"]
    assert pair["coders"] == ["ali", "bea"] and pair["articles"] == 2
    spans = pair["overall"]["spans"]["exact"]
    assert spans["CASUALTY"]["f1"] == 1.0 and spans["PLACE"]["recall"] == 0.0
    assert pair["overall"]["attributes"]["kind"]["observed"] == 0.0
    bad = runner.invoke(cli, ["agreement", "--db", str(project), "--annotators", "ali,zed"])
    assert bad.exit_code == 1 and "no annotator named zed" in bad.output
    missing = runner.invoke(cli, ["agreement", "--db", str(project.parent / "none.db")])
    assert missing.exit_code == 1 and "no such database" in missing.output


def test_assign(project: Path) -> None:
    runner = CliRunner()
    args = ["assign", "--db", str(project), "--annotators", "ali,bea,cem", "--overlap", "0.5"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "2 open article(s) assigned to 3 coder(s); 1 coded by two" in result.output
    db = open_store(project)
    assert sorted(len(assigned.assignees(db, a)) for a in (3, 4)) == [1, 2]
    assert assigned.assignees(db, 1) == []  # already coded: not open
    db.close()
    again = runner.invoke(cli, args)
    assert "0 open article(s)" in again.output
    bad = runner.invoke(
        cli, ["assign", "--db", str(project), "--annotators", "ali", "--overlap", "2"]
    )
    assert bad.exit_code == 2 and "--overlap" in bad.output
    lone = runner.invoke(cli, ["assign", "--db", str(project), "--annotators", "ali"])
    assert lone.exit_code == 1 and "at least two coders" in lone.output


def test_merge_reports_conflicts_and_strict_fails(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    shutil.copy(project, other)
    s = CodingSession.open(other, "ali")
    row = next(r for r in s.spans(1) if r.label is Label.CASUALTY)
    s.set_attributes(row.id, {**row.span.attrs, "kind": "captured"})
    s.close()
    out = tmp_path / "out.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["merge", str(out), str(project)])
    assert result.exit_code == 0, result.output
    assert "4 article(s) added" in result.output and "no conflicts" in result.output

    strict = runner.invoke(cli, ["merge", "--strict", str(out), str(other)])
    assert strict.exit_code == 1
    assert "CONFLICTS (1)" in strict.output and "nothing was merged" in strict.output
    db = open_store(out)
    (kept,) = [r for r in repo.confirmed_spans(db, 1, "ali") if r.label is Label.CASUALTY]
    assert kept.span.attrs["kind"] == "killed"
    db.close()

    loose = runner.invoke(cli, ["merge", str(out), str(other), "--json"])
    assert loose.exit_code == 0
    report = json.loads(loose.stdout)
    (conflict,) = report["conflicts"]
    assert conflict["coder"] == "ali" and conflict["source"] == "0.txt"
    assert "killed" in conflict["ours"] and "captured" in conflict["theirs"]
    assert "1 conflict(s)" in loose.stderr

    again = runner.invoke(cli, ["merge", str(out), str(project)])
    assert "0 span(s) added" in again.output
    nothing = runner.invoke(cli, ["merge", str(out), str(tmp_path / "none.db")])
    assert nothing.exit_code == 1 and "no such database" in nothing.output
