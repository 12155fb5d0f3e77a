"""Input that cannot hurt: symbolic links, a size limit checked before reading, one span
validator for import and validate, gold written only by a named lead, names at import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from annotator.cli import cli
from annotator.domain import GOLD, AnnotatorNameError, Article, content_hash
from annotator.services.decoding import InputFileError, read_input
from annotator.services.importing import import_paths
from annotator.services.merge import merge_databases
from annotator.services.validate import validate_file
from annotator.store import open_store
from annotator.store import repository as repo
from annotator.store.gold import imported_by
from tests.builders import run_annotator, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
TEXT = "قتل 45 من داعش في حلب"
ISIS = {"start": 10, "end": 14, "label": "ACTOR", "text": "داعش", "actor": "ISIS"}
ALEPPO = {"start": 18, "end": 21, "label": "PLACE", "text": "حلب"}


# The tests that run the command line (``--db`` a file) stay on SQLite: the command line's --db
# takes a server's URL on branch pgcli; what they check of the import is backend-neutral and
# the service-level tests taking ``db`` run it on both backends.


def _annotator(*args: str | Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_annotator(*args, data_dir=data_dir, timeout=300)


# ----- symbolic links ----------------------------------------------------------------------


@pytest.fixture
def linked_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with one real article and links to a file outside, a folder outside and a file
    inside; the secret outside must never become an article through the folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash", encoding="utf-8")
    (outside / "more.txt").write_text("سر آخر خارج المجلد", encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "real.txt").write_text("خبر عن قصف حلب", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "etc").symlink_to(outside, target_is_directory=True)
    (folder / "again.txt").symlink_to(folder / "real.txt")
    return folder, secret


def test_a_folder_import_skips_and_lists_every_symbolic_link(
    db: Database, linked_folder: tuple[Path, Path]
) -> None:
    folder, _secret = linked_folder
    report = import_paths(db, [folder])
    assert report.ok and report.imported == 1
    assert sorted(p.name for p in report.links) == ["again.txt", "etc", "passwd.txt"]
    texts = [repo.get_article(db, i).text for i in report.article_ids]
    assert texts == ["خبر عن قصف حلب"]
    assert "3 symbolic link(s) in folders skipped (not followed)" in report.summary()


def test_a_symbolic_link_named_on_the_command_line_is_followed(
    tmp_path: Path, linked_folder: tuple[Path, Path]
) -> None:
    folder, _secret = linked_folder
    db = tmp_path / "p.db"
    proc = _annotator("import", "--no-suggest", "--db", db, folder, data_dir=tmp_path / "d")
    assert proc.returncode == 0, proc.stderr
    assert f"skipped: {folder / 'passwd.txt'}: a symbolic link inside a folder" in proc.stderr
    assert "1 imported" in proc.stdout
    named = folder / "passwd.txt"
    proc = _annotator("import", "--no-suggest", "--db", db, named, data_dir=tmp_path / "d")
    assert proc.returncode == 0 and "1 imported" in proc.stdout, proc.stderr
    check = open_store(db)
    assert repo.article_count(check) == 2
    check.close()


def test_a_file_swapped_for_a_link_after_the_walk_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "secret.txt"
    target.write_text("secret", encoding="utf-8")
    link = tmp_path / "a.txt"
    link.symlink_to(target)
    with pytest.raises(InputFileError, match="symbolic link inside a folder is not followed"):
        read_input(link, follow=False)
    assert read_input(link, follow=True) == b"secret"


def test_suggest_skips_symbolic_links_in_folders(
    tmp_path: Path, linked_folder: tuple[Path, Path]
) -> None:
    folder, _secret = linked_folder
    result = CliRunner().invoke(cli, ["suggest", str(folder)])
    assert result.exit_code == 0, result.output
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == ["real.txt"]


# ----- a size limit, checked before reading ------------------------------------------------


def test_a_3_gb_sparse_file_is_refused_at_once_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "x.txt"
    with big.open("wb") as fh:
        fh.truncate(3 * 1024**3)  # sparse: costs no disk
    db = tmp_path / "p.db"
    measured = (  # the real command line in a child that reports its own peak memory
        "import re, sys\n"
        "from annotator.cli import main\n"
        "sys.argv = ['annotator', *sys.argv[1:]]\n"
        "try:\n    main()\nfinally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    peak = re.search(r'VmHWM:\\s+(\\d+)', status).group(1)\n"
        "    print(f'peak-kb={peak}', file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", measured, "import", "--no-suggest", "--db", str(db), str(big)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "ANNOTATOR_DATA_DIR": str(tmp_path / "d")},
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert (
        f"failed: {big}: the file is 3,072 MB, over the limit of 50 MB per input file"
        " (--max-file-size raises it); nothing was read"
    ) in proc.stderr
    peak_kb = int(proc.stderr.rsplit("peak-kb=", 1)[1])
    assert peak_kb < 400 * 1024  # the child never held the file (3 GB) in memory
    for command in (["validate"], ["suggest"]):
        other = _annotator(*command, big, data_dir=tmp_path / "d")
        assert other.returncode == 1
        assert "over the limit of 50 MB per input file" in other.stdout + other.stderr


def test_max_file_size_raises_the_limit(db_path: Path, tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    article.write_text("خبر " * 400_000, encoding="utf-8")  # 2.4 MB
    refused = CliRunner().invoke(
        cli, ["import", "--no-suggest", "--db", str(db_path), "--max-file-size", "2", str(article)]
    )
    assert refused.exit_code == 1
    assert f"{article}: the file is 2.7 MB, over the limit of 2 MB per input file" in (
        refused.stderr
    )
    taken = CliRunner().invoke(
        cli, ["import", "--no-suggest", "--db", str(db_path), "--max-file-size", "4", str(article)]
    )
    assert taken.exit_code == 0 and "1 imported" in taken.stdout, taken.output


# ----- one validator: import refuses what validate calls an error, on the same line ---------

BAD_RECORDS = {
    "duplicate span": ([ISIS, ISIS], "span 2 duplicates span 1"),
    "overlap, same label": (
        [{**ISIS, "start": 9, "text": " داعش"}, ISIS],
        "span 2 overlaps span 1: one annotator's spans never do",
    ),
    "overlap, other labels": (
        [ISIS, {**ALEPPO, "start": 12, "end": 19, "text": TEXT[12:19]}],
        "span 2 overlaps span 1: one annotator's spans never do",
    ),
    "start true": ([{**ISIS, "start": True}], "offsets must be integers, got start=True"),
    "float offset": ([{**ISIS, "end": 14.0}], "offsets must be integers, got start=10 end=14.0"),
    "string offset": ([{**ISIS, "start": "10"}], "offsets must be integers, got start='10'"),
    "null offset": ([{**ISIS, "end": None}], "offsets must be integers"),
    "start equals end": ([{**ISIS, "end": 10}], "start must be less than end"),
    "start after end": ([{**ISIS, "start": 14, "end": 10}], "start must be less than end"),
    "out of range": ([{**ISIS, "end": 99}], "lies outside the text of length 21"),
    "negative start": ([{**ISIS, "start": -1}], "lies outside the text"),
    "unknown label": ([{**ISIS, "label": "PERSON"}], "unknown label 'PERSON'"),
    "text mismatch": ([{**ISIS, "text": "داع"}], "text 'داع' does not match text[10:14] 'داعش'"),
    "attribute of another label": ([{**ISIS, "count": 3}], "attribute 'count' belongs to"),
    "not sorted": ([ALEPPO, ISIS], "span 2 starts before span 1: spans must be sorted by start"),
}


@pytest.mark.parametrize(("spans", "message"), BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_import_and_validate_refuse_the_same_span_errors_on_the_same_line(
    db: Database, tmp_path: Path, dump, spans: list, message: str
) -> None:
    good = {"source": "ok", "text": "خبر سليم عن حلب", "spans": []}
    bad = {"source": "bad", "text": TEXT, "annotator": "ali", "spans": spans}
    path = write_jsonl(tmp_path / "gold.jsonl", [good, good | {"text": "خبر ثان"}, bad])
    errors = validate_file(path).errors
    assert errors and errors[0].line == 3 and message in errors[0].message
    before = dump(db)
    report = import_paths(db, [path])
    (failure,) = report.failures
    assert (failure.path, failure.line) == (path, 3)
    assert failure.reason.startswith(errors[0].message)
    assert str(failure).startswith(f"{path}:3: ")
    assert dump(db) == before  # all or nothing: the good lines are not stored either


def test_cli_import_and_validate_print_the_same_file_line_and_reason(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "g.jsonl", [{"source": "s", "text": TEXT, "spans": [ISIS, ISIS]}])
    checked = CliRunner().invoke(cli, ["validate", str(path)])
    assert checked.exit_code == 1
    assert f"{path}:1: error: span 2 duplicates span 1" in checked.stdout
    imported = CliRunner().invoke(
        cli, ["import", "--no-suggest", "--db", str(tmp_path / "p.db"), str(path)]
    )
    assert imported.exit_code == 1
    assert f"failed: {path}:1: span 2 duplicates span 1" in imported.stderr


# ----- the gold layer is the lead's to write ---------------------------------------------------


def test_gold_lines_without_a_lead_are_refused_with_file_line_and_hint(
    db: Database, tmp_path: Path, dump
) -> None:
    path = write_jsonl(
        tmp_path / "g.jsonl",
        [
            {"source": "a", "text": "خبر أول", "spans": []},
            {"source": "b", "text": TEXT, "annotator": "gold", "spans": [ISIS]},
        ],
    )
    before = dump(db)
    (failure,) = import_paths(db, [path]).failures
    assert str(failure) == (
        f"{path}:2: the record's spans would be stored as 'gold'; writing the gold layer is the"
        " lead's act: rerun with --gold-by LEAD (your name) to import it"
    )
    assert dump(db) == before
    (failure,) = import_paths(db, [path], annotator=GOLD).failures
    assert failure.line == 1 and "--gold-by" in failure.reason  # [] marks gold done: a write
    assert dump(db) == before


def test_gold_by_names_the_lead_in_the_audit_log(db: Database, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "g.jsonl",
        [{"source": "b", "text": TEXT, "annotator": "gold", "spans": [ISIS, ALEPPO]}],
    )
    report = import_paths(db, [path], gold_by=" Mona ")
    assert report.ok and report.spans == 2
    (article_id,) = report.article_ids
    rows = repo.confirmed_spans(db, article_id, GOLD)
    assert [imported_by(db, r.id) for r in rows] == ["Mona", "Mona"]
    audit = db.execute(
        "SELECT who, row_id, after FROM audit WHERE tbl = 'gold_import' ORDER BY id"
    ).fetchall()
    assert [(who, row_id) for who, row_id, _after in audit] == [("Mona", r.id) for r in rows]
    assert json.loads(audit[0][2]) == {
        "gold_span_id": rows[0].id,
        "decided_by": "Mona",
        "from": f"{path}:1",
    }
    role = db.execute("SELECT role FROM annotators WHERE name = 'gold'").fetchone()[0]
    assert role == "gold"
    empty = write_jsonl(tmp_path / "e.jsonl", [{"text": "خبر بلا أسماء", "spans": []}])
    (adjudicated,) = import_paths(db, [empty], annotator=GOLD, gold_by="Mona").article_ids
    ((who, row_id),) = db.execute(
        "SELECT who, row_id FROM audit WHERE tbl = 'gold_import' AND article_id = ?",
        [adjudicated],
    ).fetchall()
    assert (who, row_id) == ("Mona", None)


def test_gold_by_on_the_command_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "g.jsonl", [{"source": "b", "text": TEXT, "spans": [ISIS]}])
    db = tmp_path / "p.db"
    base = ["import", "--no-suggest", "--db", str(db), "--annotator", "gold", str(path)]
    refused = CliRunner().invoke(cli, base)
    assert refused.exit_code == 1 and "rerun with --gold-by LEAD" in refused.stderr
    for lead in ("GOLD", "gold", "x\u202e"):
        bad = CliRunner().invoke(cli, [*base, "--gold-by", lead])
        assert bad.exit_code == 2 and "--gold-by:" in bad.stderr
    done = CliRunner().invoke(cli, [*base, "--gold-by", "mona"])
    assert done.exit_code == 0, done.output
    check = open_store(db)
    (row,) = repo.confirmed_spans(check, 1, GOLD)
    assert imported_by(check, row.id) == "mona"
    check.close()


# ----- one name rule at import -----------------------------------------------------------------

LOOKALIKES = ["GOLD", "gold ", "go\u200dld", "g\u043eld", "\uff47\uff4f\uff4c\uff44"]


@pytest.mark.parametrize("name", LOOKALIKES)
def test_import_refuses_gold_lookalikes_in_lines_and_options(
    db: Database, tmp_path: Path, dump, name: str
) -> None:
    path = write_jsonl(
        tmp_path / "g.jsonl",
        [
            {"source": "a", "text": "خبر أول", "spans": []},
            {"source": "b", "text": TEXT, "annotator": name, "spans": [ISIS]},
        ],
    )
    (error,) = validate_file(path).errors
    assert error.line == 2 and error.message.startswith("'annotator': the name")
    before = dump(db)
    (failure,) = import_paths(db, [path], gold_by="lead").failures
    assert failure.line == 2 and failure.reason == error.message
    assert dump(db) == before
    with pytest.raises(AnnotatorNameError, match="--annotator"):
        import_paths(db, [path], annotator=name)
    result = CliRunner().invoke(
        cli, ["import", "--db", str(tmp_path / "p.db"), "--annotator", name, str(path)]
    )
    assert result.exit_code == 2 and "--annotator: the name" in result.stderr


def test_import_stores_a_line_annotator_in_its_one_form(db: Database, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "g.jsonl",
        [{"source": "b", "text": TEXT, "annotator": " Rene\u0301 ", "spans": [ISIS]}],
    )
    report = import_paths(db, [path])
    assert report.ok
    assert len(repo.confirmed_spans(db, report.article_ids[0], "Ren\u00e9")) == 1


def test_an_article_too_long_for_the_suggester_is_stored_without_suggestions(
    tmp_path: Path,
) -> None:
    from annotator.services.decoding import MAX_SUGGEST_CHARS

    short = tmp_path / "short.txt"
    short.write_text("قتل 45 عنصرا من داعش في حلب", encoding="utf-8")
    long = tmp_path / "long.txt"
    sentence = "قتل 45 عنصرا من داعش في حلب. "
    long.write_text(sentence * (MAX_SUGGEST_CHARS // len(sentence) + 1), encoding="utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(short), str(long)])
    assert result.exit_code == 0, result.output
    assert (
        f"note: {long}: the article has {len(long.read_text(encoding='utf-8')):,} characters,"
        f" more than the suggester takes ({MAX_SUGGEST_CHARS:,}); stored without suggestions"
    ) in result.stderr
    assert (
        "2 imported" in result.stdout and "1 article(s) too long for suggestions" in result.stdout
    )
    check = open_store(db)
    counts = dict(
        check.execute(
            "SELECT a.source, count(s.id) FROM articles a LEFT JOIN spans s"
            " ON s.article_id = a.id GROUP BY a.id"
        ).fetchall()
    )
    check.close()
    assert counts["long.txt"] == 0 and counts["short.txt"] > 0
    suggested = CliRunner().invoke(cli, ["suggest", str(long)])
    assert suggested.exit_code == 1
    assert "more than the suggester takes" in suggested.stderr


def test_the_importing_lead_survives_a_merge(tmp_path: Path) -> None:
    """SQLite only: a merge of project files (a server's checkout/checkin: branch pgteam)."""
    path = write_jsonl(
        tmp_path / "g.jsonl", [{"source": "b", "text": TEXT, "annotator": "gold", "spans": [ISIS]}]
    )
    coder = open_store(tmp_path / "coder.db")
    repo.add_article(coder, Article("خبر آخر قبل الذهب", source="x"))  # ids differ in OUT
    assert import_paths(coder, [path], gold_by="mona").ok
    coder.close()
    out = tmp_path / "out.db"
    other = open_store(tmp_path / "other.db")
    import_paths(other, [write_jsonl(tmp_path / "o.jsonl", [{"text": "خبر مختلف", "spans": []}])])
    other.close()
    merge_databases(out, [tmp_path / "other.db", tmp_path / "coder.db"])
    merged = open_store(out)
    article_id = repo.article_id_by_hash(merged, content_hash(TEXT))
    (row,) = repo.confirmed_spans(merged, article_id, GOLD)
    assert imported_by(merged, row.id) == "mona"
    merged.close()


def test_paths_that_are_not_files_say_what_they_are(db: Database, tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    report = import_paths(db, [broken, fifo, tmp_path / "missing.txt"])
    assert [f.reason for f in report.failures] == [
        "not a regular file or folder (a device, a pipe, a broken link?)",
        "not a regular file or folder (a device, a pipe, a broken link?)",
        "no such file or folder",
    ]
