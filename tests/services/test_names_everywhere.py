"""The one name rule (domain.names) at every entry point that takes annotator names from outside:
assign (service and a real ``annotator assign`` process), import (``--annotator``, a line's
``annotator``, ``--gold-by``) and merge (an input's coders)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from annotator.domain import Article
from annotator.services.assign import assign_articles
from annotator.services.merge import merge_databases
from annotator.store import Project, StoreError, open_store
from annotator.store import assignments as assigned
from annotator.store import repository as repo
from tests.builders import run_annotator

ROOT = Path(__file__).resolve().parents[2]

LOOKALIKES = {
    "upper case": "GOLD",
    "trailing space": "gold ",
    "zero-width joiner": "go\u200dld",
    "Cyrillic o": "g\u043eld",
    "full-width": "\uff47\uff4f\uff4c\uff44",
}
BAD = {**LOOKALIKES, "escape sequence": "ali\x1b[2J", "too long": "x" * 65}


def _fill(db: Project, n: int = 6) -> None:
    for i in range(n):
        repo.add_article(db, Article(f"خبر رقم {i} عن حلب", source=f"a{i}"))


def _project(path: Path, n: int = 6) -> Path:
    db = open_store(path)
    _fill(db, n)
    db.close()
    return path


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_assign_refuses_every_bad_name_and_assigns_nothing(db: Project, bad: str) -> None:
    _fill(db)
    with pytest.raises(StoreError, match=r"cannot assign articles to|gold layer"):
        assign_articles(db, [bad, "bob"], overlap=0.0)
    assert db.execute("SELECT count(*) FROM assignments").fetchone()[0] == 0


def test_assign_stores_names_in_their_one_form(db: Project) -> None:
    _fill(db)
    report = assign_articles(db, [" Rene\u0301 ", "bob"], overlap=0.0)
    assert report.coders == ["Ren\u00e9", "bob"]
    assert assigned.assigned_ids(db, "Ren\u00e9")


def _annotator(*args: str | Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_annotator(*args, data_dir=data_dir, timeout=120)


def test_annotator_assign_gold_bob_is_refused_in_a_real_process(tmp_path: Path) -> None:
    db = _project(tmp_path / "p.db")
    for names in ("GOLD,bob", "bob,g\u043eld", "bob,\uff47\uff4f\uff4c\uff44"):
        proc = _annotator("assign", "--db", db, "--annotators", names, data_dir=tmp_path / "d")
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "gold" in proc.stderr and "reserved" in proc.stderr
    check = open_store(db)
    assert check.execute("SELECT count(*) FROM assignments").fetchone()[0] == 0
    check.close()
    ok = _annotator("assign", "--db", db, "--annotators", "ali,bob", data_dir=tmp_path / "d")
    assert ok.returncode == 0, ok.stderr
    assert "6 open article(s) assigned to 2 coder(s)" in ok.stdout


@pytest.mark.parametrize("bad", [*LOOKALIKES.values(), "ali\u202e", "Rene\u0301"])
def test_merge_refuses_an_input_whose_coder_breaks_the_name_rule(tmp_path: Path, bad: str) -> None:
    good = _project(tmp_path / "good.db")
    hostile = _project(tmp_path / "hostile.db")
    db = open_store(hostile)  # written as another program (or an older version) could
    db.execute(
        "INSERT INTO annotators (name, role, created_at) VALUES (?, 'coder', '2026-01-01')", [bad]
    )
    db.conn.commit()
    db.close()
    out = tmp_path / "out.db"
    merge_databases(out, [good])
    before = out.read_bytes()
    with pytest.raises(StoreError, match=r"hostile\.db: coder .* cannot be merged"):
        merge_databases(out, [hostile])
    check = open_store(out)
    assert bad not in repo.annotator_names(check)
    check.close()
    assert out.read_bytes() == before
