"""Merge against damaged inputs, concurrent coders, a kill, and gold without a lead:
real files, real second processes."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.services.coding import CodingError, CodingSession
from annotator.services.importing import import_paths
from annotator.services.merge import merge_databases
from annotator.store import StoreDamagedError, open_store
from annotator.store.connection import quick_check
from tests.builders import (
    OTHER,
    TEXT,
    accept_one,
    code_two_coders,
    many_articles,
    number_suggest,
    small_project,
)
from tests.builders import suggest as fixed_suggest
from tests.damage import damage_pages, env, tamper

WAIT_S = 60  # upper bound on waiting for a process; never a condition of the test
BIG = 2500  # articles in the large input: its merge takes a few seconds


def merge_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "merge", *map(str, args)],
        env=env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=WAIT_S,
    )


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def articles_in(path: Path) -> int:
    """Articles in a database another process is creating (0 before its tables exist)."""
    try:
        return count(path, "SELECT count(*) FROM articles") if path.exists() else 0
    except sqlite3.OperationalError:
        return 0


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A coder's database of 2,500 short articles with suggestions (a merge of a few seconds)."""
    folder = tmp_path_factory.mktemp("big")
    lines = folder / "many.jsonl"
    with lines.open("w", encoding="utf-8") as fh:
        for i in range(BIG):
            record = {"text": f"{TEXT} رقم {i} {OTHER}", "source": f"a{i}"}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    path = folder / "big.db"
    db = open_store(path)
    assert import_paths(db, [lines], suggest=fixed_suggest).imported == BIG
    db.close()
    return path


# ----- damaged inputs and outputs -------------------------------------------------------------


def test_a_damaged_input_is_named_not_the_output(tmp_path: Path) -> None:
    coder = many_articles(tmp_path)
    damage_pages(coder)  # the pages of the tables, not the schema, are junk
    out = small_project(tmp_path)
    before = out.read_bytes()
    proc = merge_cli(out, coder)
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"Error: {coder}: the database file is damaged")
    assert str(out) not in line
    assert out.read_bytes() == before


def test_a_damaged_output_is_named_with_its_last_backup(tmp_path: Path) -> None:
    from annotator.services.backup import make_backup

    coder = small_project(tmp_path)
    out = many_articles(tmp_path)
    backup = make_backup(out)
    damage_pages(out)
    with pytest.raises(StoreDamagedError) as failed:
        merge_databases(out, [coder])
    message = str(failed.value)
    assert message.startswith(f"{out}: the database file is damaged")
    assert f"the last good backup is {backup}" in message and str(coder) not in message


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of damaged input, with what its one message line must say."""
    base = small_project(tmp_path)
    accept_one(base)

    def copy(name: str) -> Path:
        return Path(shutil.copy(base, tmp_path / name))

    noise = tmp_path / "noise.db"
    noise.write_bytes(bytes((i * 37 + 11) % 256 for i in range(8192)))
    cut = copy("cut.db")
    data = cut.read_bytes()
    cut.write_bytes(data[: len(data) // 2 + 100])
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (text)")
    conn.commit()
    conn.close()
    newer = copy("newer.db")
    tamper(
        newer,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('annotator', 'm999_future', 'x')",
    )
    dangling = copy("dangling.db")
    tamper(dangling, "UPDATE spans SET suggestion_id = 500 WHERE suggestion_id IS NOT NULL")
    attrs = copy("attrs.db")
    tamper(attrs, "UPDATE spans SET attrs = '{not json' WHERE id = 1")
    log = copy("log.db")
    tamper(log, "UPDATE audit SET after = '{not json' WHERE tbl = 'spans'")
    return {
        "random bytes": (noise, "not an SQLite file"),
        "truncated": (cut, "truncated"),
        "not ours": (other, "not an annotator project"),
        "newer": (newer, "newer version"),
        "dangling id": (dangling, "refers to row 500, which the file does not have"),
        "bad attrs": (attrs, "cannot be merged: article 'a.txt'"),
        "bad log": (log, "holds a value that is not valid"),
    }


def test_each_damaged_input_gives_one_line_naming_it(tmp_path: Path, out_target: str, dump) -> None:
    cases = bad_inputs(tmp_path)
    server = out_target.startswith("postgresql://")
    out = Path(out_target).with_name("lead.db") if not server else out_target
    before = dump(project := open_store(out_target)) if server else None
    for kind, (path, says) in cases.items():
        proc = merge_cli(out, path)
        assert proc.returncode == 1, kind
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, (kind, proc.stderr)
        assert lines[0].startswith(f"Error: {path}: "), (kind, lines[0])
        assert says in lines[0], (kind, lines[0])
        if server:  # nothing of the input was written, and the password is never shown
            assert dump(project) == before and "annotator_admin:" not in proc.stderr, kind
        else:
            assert not out.exists() and not out.with_name("lead.db.part").exists(), kind
    if server:
        project.close()


# ----- concurrency ------------------------------------------------------------------------------

WRITER = """
import sys
from annotator.services.coding import CodingSession
session = CodingSession.open(sys.argv[1], "zoe")
pending = [r.id for r in session.spans(1) if not r.confirmed]
print("ready", flush=True)
for done, span_id in enumerate(pending, start=1):
    session.accept(span_id)
    if done == 20:
        print("writing", flush=True)
    if sys.stdin in __import__("select").select([sys.stdin], [], [], 0)[0]:
        break
session.close()
print("stopped", flush=True)
"""


def test_a_coder_writing_to_an_input_during_a_merge(tmp_path: Path) -> None:
    """One article with 1,500 suggestions; a second process accepts them one by one while
    the merge reads that article: the merge neither fails nor logs a row twice."""
    folder = tmp_path / "long"
    folder.mkdir()
    numbers = " و ".join(str(n) for n in range(1, 1501))
    (folder / "long.txt").write_text(f"قتل {numbers} شخصاً", encoding="utf-8")
    coder = tmp_path / "coder.db"
    db = open_store(coder)
    assert import_paths(db, [folder], suggest=number_suggest).suggestions == 1500
    db.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(coder)],
        env=env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdin is not None
    try:
        assert writer.stdout.readline().strip() == "ready"
        assert writer.stdout.readline().strip() == "writing"
        out = tmp_path / "out.db"
        first = merge_databases(out, [coder])
        written_during = count(coder, "SELECT count(*) FROM spans WHERE annotator = 'zoe'")
        writer.stdin.write("stop\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "stopped"
    finally:
        writer.kill()
        writer.wait(WAIT_S)
    assert first.counts[str(coder)].spans_added >= 1500
    merge_databases(out, [coder])  # what the coder did after the snapshot
    assert written_during > first.counts[str(coder)].spans_added - 1500  # they kept writing
    zoe = count(coder, "SELECT count(*) FROM spans WHERE annotator = 'zoe'")
    assert count(out, "SELECT count(*) FROM spans WHERE annotator = 'zoe'") == zoe
    unlinked = "SELECT count(*) FROM audit WHERE tbl = 'spans' AND row_id IS NULL"
    assert count(out, unlinked) == 0
    twice = (
        "SELECT count(*) FROM (SELECT 1 FROM audit WHERE tbl = 'spans'"
        " GROUP BY at, who, action, row_id, after HAVING count(*) > 1)"
    )
    assert count(out, twice) == 0
    assert count(out, "SELECT count(*) FROM audit WHERE tbl = 'spans'") == count(
        coder, "SELECT count(*) FROM audit WHERE tbl = 'spans'"
    )


def test_coders_can_write_to_out_during_a_long_merge(big_input: Path, tmp_path: Path) -> None:
    out = small_project(tmp_path)
    merge = subprocess.Popen(
        [sys.executable, "-m", "annotator", "merge", str(out), str(big_input)],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    db = open_store(out, busy_timeout_ms=1000)  # a coder waits 1 s for the lock at most
    session = CodingSession(db, "zoe")
    writes = failures = during = 0
    try:
        while merge.poll() is None:
            try:
                if writes % 2:
                    session.reopen(1)
                else:
                    session.mark_done(1)
                writes += 1
            except CodingError:
                failures += 1
            if merge.poll() is None and count(out, "SELECT count(*) FROM articles") > 2:
                during += 1  # the merge has begun writing and is not over
    finally:
        session.close()
        merge.wait(WAIT_S)
    assert merge.returncode == 0, merge.stderr
    assert failures == 0
    assert during > 0, "the merge ended before a coder could write during it: make it larger"
    assert count(out, "SELECT count(*) FROM articles") == BIG + 2


def test_a_killed_merge_leaves_no_out_that_looks_valid(big_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "new.db"
    part = tmp_path / "new.db.part"
    merge = subprocess.Popen(
        [sys.executable, "-m", "annotator", "merge", str(out), str(big_input)],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while merge.poll() is None and articles_in(part) == 0:
            pass
        assert merge.poll() is None, "the merge ended before it could be killed"
        merge.send_signal(signal.SIGKILL)
    finally:
        merge.wait(WAIT_S)
    assert merge.returncode == -signal.SIGKILL
    assert not out.exists()
    proc = merge_cli(out, big_input)  # merging again completes it
    assert proc.returncode == 0, proc.stderr
    assert count(out, "SELECT count(*) FROM articles") == BIG
    assert not part.exists() and quick_check(out) == []


# ----- gold needs its lead ----------------------------------------------------------------------


def test_gold_without_a_deciding_lead_is_not_merged_and_is_listed(
    tmp_path: Path, out_target: str
) -> None:
    from annotator.services.review import ReviewSession
    from annotator.store import gold as gold_store

    lead = small_project(tmp_path)
    db = open_store(lead)
    code_two_coders(db, 1, 2)
    review = ReviewSession(db, ["ali", "bea"], lead="lena")
    review.accept_agreed(1)
    with_lead = len(gold_store.gold_spans(db, 1))
    db.close()
    assert with_lead > 0
    tamper(
        lead,
        'INSERT INTO spans (article_id, start, "end", label, origin, annotator, status,'
        " created_at, updated_at)"
        " VALUES (2, 0, 3, 'PLACE', 'import', 'gold', 'accepted', 'x', 'x')",
    )
    out = out_target
    report = merge_databases(out, [lead])
    (line,) = report.gold_without_lead
    assert "gold span accepted PLACE [0, 3)" in line and "no deciding lead" in line
    assert str(lead) in line
    db = open_store(out)
    assert len(gold_store.gold_spans(db, 1)) == with_lead
    assert gold_store.gold_spans(db, 2) == []
    db.close()
    assert "NOT MERGED (1): gold without the lead who decided it" in report.summary()
    proc = merge_cli(tmp_path / "cli.db", lead)
    assert proc.returncode == 0, proc.stderr
    assert "gold span accepted PLACE [0, 3)" in proc.stdout
    assert "warning: 1 gold row(s) without a deciding lead not merged" in proc.stderr
