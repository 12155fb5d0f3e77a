"""Commands on a damaged project stop with one message naming the file and its last backup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.services.backup import list_backups, make_backup
from tests.builders import many_articles, run_annotator
from tests.damage import damage_pages, env


def test_commands_refuse_a_damaged_project_and_name_its_backup(tmp_path: Path) -> None:
    path = many_articles(tmp_path)
    backup = make_backup(path)
    damage_pages(path)
    before = path.read_bytes()
    text = tmp_path / "new.txt"
    text.write_text("خبر جديد عن الرقة", encoding="utf-8")
    for args in (
        ("stats",),
        ("import", "--no-suggest", text),
        ("export", "--format", "jsonl"),
        ("backup",),  # a copy of a damaged file would push the good backups out
    ):
        proc = run_annotator(
            *args, "--db", path, *(("--out", tmp_path / "x.jsonl") if "export" in args else ())
        )
        assert proc.returncode == 1, (args, proc.stdout)
        (line,) = proc.stderr.strip().splitlines()
        assert line.startswith(f"Error: {path}: the database file is damaged"), line
        assert f"annotator restore {backup} --db {path}" in line
    assert path.read_bytes() == before
    assert list_backups(path) == [backup]
    proc = run_annotator("restore", backup, "--db", path)
    assert proc.returncode == 0, proc.stderr
    proc = run_annotator("stats", "--db", path)
    assert proc.returncode == 0 and "Articles: 80" in proc.stdout


WRITER = """
import sys
from annotator.services.coding import CodingSession
from annotator.store import open_store
db = open_store(sys.argv[1])
db.execute("PRAGMA wal_autocheckpoint=0")  # every decision stays in the log
session = CodingSession(db, "zoe")
decided = 0
for article in range(1, 21):
    for row in session.spans(article):
        if not row.confirmed:
            session.accept(row.id)
            decided += 1
print(decided, flush=True)
sys.stdin.read()
"""


def test_a_log_deleted_while_a_coder_works_is_noticed(tmp_path: Path) -> None:
    path = many_articles(tmp_path, 20)
    backup = make_backup(path)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        env=env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    try:
        assert int(writer.stdout.readline()) > 100
        wal = path.with_name(path.name + "-wal")
        assert wal.stat().st_size > 0
        wal.unlink()  # the attack: the live log deleted from outside
        for args in (("stats",), ("backup",)):
            proc = run_annotator(*args, "--db", path)
            assert proc.returncode == 1, (args, proc.stdout)
            (line,) = proc.stderr.strip().splitlines()
            assert line.startswith(f"Error: {path}: the database file is damaged"), line
            assert f"{path.name}-wal is missing" in line and str(backup) in line
    finally:
        writer.stdin.close()
        writer.wait(120)
