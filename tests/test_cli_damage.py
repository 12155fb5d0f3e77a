"""Commands on a damaged project stop with one message naming the file and its last backup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.services.backup import make_backup
from tests.damage import damage_pages, env
from tests.services.test_merge_damage import many_articles


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        env=env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_commands_refuse_a_damaged_project_and_name_its_backup(tmp_path: Path) -> None:
    path = many_articles(tmp_path)
    backup = make_backup(path)
    damage_pages(path)
    before = path.read_bytes()
    text = tmp_path / "new.txt"
    text.write_text("خبر جديد عن الرقة", encoding="utf-8")
    for args in (("stats",), ("import", "--no-suggest", text), ("export", "--format", "jsonl")):
        proc = run(
            *args, "--db", path, *(("--out", tmp_path / "x.jsonl") if "export" in args else ())
        )
        assert proc.returncode == 1, (args, proc.stdout)
        (line,) = proc.stderr.strip().splitlines()
        assert line.startswith(f"Error: {path}: the database file is damaged"), line
        assert f"annotator restore {backup} --db {path}" in line
    assert path.read_bytes() == before
    proc = run("restore", backup, "--db", path)
    assert proc.returncode == 0, proc.stderr
    proc = run("stats", "--db", path)
    assert proc.returncode == 0 and "Articles: 80" in proc.stdout
