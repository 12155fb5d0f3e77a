"""SIGKILL while an export or report replaces an earlier one: one of them is always whole.

A real ``annotator export``/``report`` process is stopped at each dangerous point of the writer
(worker.py ``cli-pause``) and killed there; the folder is checked, then the next run must
tidy up: no leftovers, the new output in place, the earlier one put back where needed.
"""

from __future__ import annotations

import csv
import re
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli
from annotator.domain import GOLD, Article, Label, Span
from annotator.services.export import writer
from annotator.services.export.writer import MARKER, recover
from annotator.store import open_store
from annotator.store import repository as repo
from tests.reliability.conftest import Worker

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

TEXT = "قصف على حلب وقتل 12 مدنياً في إدلب"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """One article with one gold span; ``_grow`` adds a second, so old and new differ."""
    db_path = tmp_path / "p.db"
    db = open_store(db_path)
    article_id, _ = repo.add_article(db, Article(TEXT, source="a.txt"))
    start = TEXT.index("حلب")
    repo.add_span(db, article_id, GOLD, Span(start, start + 3, Label.PLACE, {}))
    db.close()
    return db_path


def _grow(db_path: Path) -> None:
    db = open_store(db_path)
    start = TEXT.index("إدلب")
    repo.add_span(db, 1, GOLD, Span(start, start + 4, Label.PLACE, {}))
    db.close()


def annotator(*args: str | Path) -> Result:
    """The command line run in this process (the killed run is a process of its own)."""
    return CliRunner().invoke(cli, [str(a) for a in args])


COMMANDS = {
    "csv": ["export", "--format", "csv"],
    "report": ["report", "--layer", "gold"],
    "jsonl": ["export", "--format", "jsonl"],
}


def version(out: Path, kind: str) -> int | None:
    """How many spans the complete output at ``out`` holds (1: old, 2: new); None if absent."""
    if not out.exists():
        return None
    if kind == "jsonl":
        (line,) = out.read_text(encoding="utf-8").splitlines()
        return line.count('"label"')
    assert (out / MARKER).is_file()  # written last: the folder is complete
    if kind == "csv":
        with (out / "spans.csv").open(encoding="utf-8-sig", newline="") as fh:
            return len(list(csv.DictReader(fh)))
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>") and (out / "places.png").is_file()
    cells = r'<td dir="auto">gold</td>(?:<td dir="auto">\d+</td>){4}<td dir="auto">(\d+)</td>'
    return int(re.findall(cells, page)[0])  # the spans column of gold's progress row


def _can_exchange(folder: Path) -> bool:
    """Whether this system and file system swap two folders in one step."""
    a, b = folder / "swap-a", folder / "swap-b"
    a.mkdir()
    b.mkdir()
    try:
        return writer._exchange(a, b)
    finally:
        a.rmdir()
        b.rmdir()


def others(folder: Path, out: Path) -> list[str]:
    """Everything beside the project and ``out`` (temp, previous and lock files)."""
    keep = {out.name, "p.db", "p.db-wal", "p.db-shm", "data-dir"}
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# (command, point, what OUT holds after the kill, what is left beside it)
CASES = [
    ("csv", "mid-write", 1, "tmp"),
    ("csv", "before-swap", 1, "tmp"),
    ("csv", "after-exchange", 2, "tmp"),
    ("csv", "no-exchange-between-renames", None, "previous"),
    ("csv", "no-exchange-after-renames", 2, "previous"),
    ("report", "mid-report", 1, "tmp"),
    ("report", "after-exchange", 2, "tmp"),
    ("report", "no-exchange-between-renames", None, "previous"),
    ("jsonl", "file-before-rename", 1, "tmp"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_sigkill_at_each_step_loses_neither_export(
    spawn: Callable[..., Worker], project: Path, tmp_path: Path, case: tuple
) -> None:
    kind, point, held, left = case
    if point == "after-exchange" and not _can_exchange(tmp_path):
        pytest.skip("no atomic folder swap here (the no-exchange cases cover this system)")
    out = tmp_path / ("out.jsonl" if kind == "jsonl" else "out")
    args = [*COMMANDS[kind], "--db", project, "--out", out]
    first = annotator(*args)
    assert first.exit_code == 0, first.stderr
    assert version(out, kind) == 1 and others(tmp_path, out) == []
    _grow(project)
    worker = spawn("cli-pause", point, *args)
    worker.expect(f"AT {point}")
    worker.proc.send_signal(signal.SIGKILL)
    assert worker.wait() == -signal.SIGKILL
    # right after the kill: OUT is whole (old or new), or the old one is whole under its
    # documented name .OUT.previous (only where the system has no atomic swap)
    assert version(out, kind) == held
    leftovers = others(tmp_path, out)
    if left == "previous":
        assert f".{out.name}.previous" in leftovers
        assert version(tmp_path / f".{out.name}.previous", kind) == 1
    else:
        assert any(re.fullmatch(rf"\.{out.name}\.[0-9a-f]{{12}}\.tmp", n) for n in leftovers)
    # the next run tidies up and writes the new output
    again = annotator(*args)
    assert again.exit_code == 0, again.stderr
    assert version(out, kind) == 2
    assert others(tmp_path, out) == []


def test_the_previous_export_is_put_back_before_anything_else(
    spawn: Callable[..., Worker], project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = [*COMMANDS["csv"], "--db", project, "--out", out]
    assert annotator(*args).exit_code == 0
    _grow(project)
    worker = spawn("cli-pause", "no-exchange-between-renames", *args)
    worker.expect("AT ")
    worker.proc.send_signal(signal.SIGKILL)
    worker.wait()
    assert not out.exists()
    recover(out)  # what every export or report to OUT does first
    assert version(out, "csv") == 1
    assert others(tmp_path, out) == [".out.lock"]  # the dead run's lock; the next run's own


def test_an_export_killed_by_an_older_version_is_recovered(project: Path, tmp_path: Path) -> None:
    """Versions before this one left the earlier export in a hidden .OUT.<hex>.old."""
    out = tmp_path / "out"
    args = [*COMMANDS["csv"], "--db", project, "--out", out]
    assert annotator(*args).exit_code == 0
    hidden = tmp_path / ".out.0123456789ab.old"
    out.replace(hidden)
    (tmp_path / ".out.abcdef012345.tmp").mkdir()  # and a half-written temp folder
    _grow(project)
    assert annotator(*args).exit_code == 0
    assert version(out, "csv") == 2 and others(tmp_path, out) == []


def test_a_second_run_to_the_same_output_is_refused_while_one_runs(
    spawn: Callable[..., Worker], project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = [*COMMANDS["csv"], "--db", project, "--out", out]
    assert annotator(*args).exit_code == 0
    _grow(project)
    worker = spawn("cli-pause", "before-swap", *args)
    worker.expect("AT before-swap")
    second = annotator(*args)
    assert second.exit_code == 1
    assert (
        second.stderr
        == f"Error: {out}: another export or report is writing it now; try again when it ends\n"
    )
    worker.send()  # the first one finishes
    assert worker.wait() == 0
    assert version(out, "csv") == 2 and others(tmp_path, out) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_linux_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").touch()
    (b / "from-b").touch()
    assert writer._exchange(a, b)
    assert [p.name for p in a.iterdir()] == ["from-b"]
    assert [p.name for p in b.iterdir()] == ["from-a"]
    with pytest.raises(OSError, match="No such file"):
        writer._exchange(a, tmp_path / "missing")
