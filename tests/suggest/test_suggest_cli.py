"""``annotator suggest``: gold-format JSONL on stdout, or a readable table."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import span_from_gold
from annotator.suggest import Suggester


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["suggest", *args])
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_prints_one_gold_line_per_article_and_nothing_else(
    suggester: Suggester, tmp_path: Path, gold_lines: list[dict]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for record in gold_lines[:2]:
        (folder / record["source"]).write_text(record["text"], encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    code, out, _err = _run(str(folder))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    for line, record in zip(lines, gold_lines[:2], strict=True):
        obj = json.loads(line)
        assert set(obj) == {"source", "text", "spans"}
        assert obj["source"] == record["source"]
        assert obj["text"] == record["text"]
        starts = [s["start"] for s in obj["spans"]]
        assert starts == sorted(starts)
        for span in obj["spans"]:
            span_from_gold(span, obj["text"])
        assert "\\u" not in line  # ensure_ascii=False


def test_bom_and_crlf_are_read_as_the_codebook_stores_them(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffاشتباكات في حمص\r\nوقصف على حلب\r\n".encode())
    code, out, _err = _run(str(path))
    assert code == 0
    obj = json.loads(out)
    assert obj["text"] == "اشتباكات في حمص\nوقصف على حلب\n"
    assert [s["text"] for s in obj["spans"]] == ["حمص", "حلب"]
    assert obj["spans"][0]["start"] == obj["text"].index("حمص")


def test_table_shapes_arabic_unless_told_not_to(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("قصفت قوات النظام مدينة حمص", encoding="utf-8")
    code, shaped, _ = _run("--format", "table", str(path))
    assert code == 0
    assert "ACTOR" in shaped and "PLACE" in shaped
    assert "قوات النظام" not in shaped  # reshaped into presentation forms, visual order
    assert "\ufe8e" in shaped or any("\ufe70" <= ch <= "\ufeff" for ch in shaped)
    code, plain, _ = _run("--format", "table", "--no-shape", str(path))
    assert code == 0
    assert "قوات النظام" in plain and "حمص" in plain


def test_missing_path_and_undecodable_file_fail_cleanly(tmp_path: Path) -> None:
    code, out, err = _run(str(tmp_path / "nope.txt"))
    assert code != 0 and out == "" and "no such file" in err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    good = tmp_path / "good.txt"
    good.write_text("قسد", encoding="utf-8")
    code, out, err = _run(str(bad), str(good))
    assert code == 1
    assert "failed: bad.txt" in err
    assert json.loads(out)["source"] == "good.txt"


def test_help_describes_the_command() -> None:
    result = CliRunner().invoke(cli, ["suggest", "--help"])
    assert result.exit_code == 0
    assert "--format" in result.output and "--no-shape" in result.output


def test_suggest_loads_no_database_module(tmp_path: Path) -> None:
    """``annotator suggest`` opens no database, so it never imports sqlite_utils (and numpy
    with it: a quarter of a second at each start); a real process, as the user runs it."""
    import os
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text("قتل 5 عناصر من قسد في ريف حلب.", encoding="utf-8")
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['annotator', 'suggest', {str(article)!r}]\n"
        "try:\n    runpy.run_module('annotator', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'sqlite_utils', 'numpy'}"
        " or m.startswith('annotator.store'))\n"
        "print(code, heavy, file=sys.stderr)\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), ANNOTATOR_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert json.loads(done.stdout)["text"] == article.read_text(encoding="utf-8")
    assert done.stderr.strip().splitlines()[-1] == "0 []"
