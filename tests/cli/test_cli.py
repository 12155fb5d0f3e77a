"""The command line: help, exit codes, the default database, seeding, the GUI hand-off."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import Article
from annotator.services.project import default_db_path, ensure_seeded, open_project, seeds_dir
from annotator.store import open_store
from annotator.store import repository as repo
from tests.builders import invoke

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def test_every_command_has_help() -> None:
    commands = _commands(cli)
    assert {("import",), ("stats",), ("gui",)} <= set(commands)
    runner = CliRunner()
    for path in commands:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        command = cli
        for name in path:
            command = command.commands[name]
        summary = (command.help or "").strip().split("\n")[0]
        assert len(summary) > 15, path  # a real sentence, not a placeholder
        assert summary in " ".join(result.output.split()), path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_import_then_stats(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    good = _write(tmp_path / "a.txt", "خبر عن قصف حلب")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(good), str(good), "--db", str(db), "--no-suggest"])
    assert result.exit_code == 0, result.output
    assert "1 imported, 1 duplicate(s), 0 failed" in result.stdout
    result = runner.invoke(cli, ["stats", "--db", str(db)])
    assert result.exit_code == 0
    assert "Articles: 1" in result.stdout
    result = runner.invoke(cli, ["stats", "--db", str(db), "--json"])
    assert json.loads(result.stdout)["articles"] == 1


def test_import_failure_exit_code_and_message(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    good = _write(tmp_path / "a.txt", "خبر عن قصف حلب")
    bad = _write(tmp_path / "b.jsonl", '{"text": "خبر"}\n{"text": 5}\n')
    args = ["import", str(good), str(bad), "--db", str(db), "--no-suggest"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert f"{bad}:2: 'text' is missing or empty" in result.stderr
    assert "1 imported, 0 duplicate(s), 1 failed" in result.stdout


def test_gold_import_with_annotator(
    tmp_path: Path, gold_path: Path, gold_lines: list[dict]
) -> None:
    db_file = tmp_path / "p.db"
    args = ["import", str(gold_path), "--db", str(db_file), "--annotator", "lead", "--no-suggest"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["stats", "--db", str(db_file)])
    total = sum(len(g["spans"]) for g in gold_lines)
    line = next(x for x in result.stdout.splitlines() if x.strip().startswith("lead"))
    assert line.split() == ["lead", "5", "5", "100%", "0", "0", str(total)]


def test_import_stores_the_real_suggesters_suggestions(tmp_path: Path) -> None:
    pytest.importorskip("annotator.suggest", reason="no suggester yet")
    db_file = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", str(ROOT / "seeds"), "--db", str(db_file)])
    assert result.exit_code == 0, result.output
    db = open_store(db_file)
    rows = db.execute("SELECT DISTINCT suggester FROM spans WHERE origin = 'suggestion'")
    assert len(rows.fetchall()) == 1
    for article_id in repo.article_ids(db):
        text = repo.get_article(db, article_id).text
        for row in repo.spans_for(db, article_id, "someone"):
            row.span.check(text)
    db.close()


def test_unusable_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(b"just some notes\n")
    text = _write(tmp_path / "a.txt", "خبر")
    for args in (["import", str(text)], ["stats"]):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)])
        assert result.exit_code == 1
        assert "notes.db: not an annotator database" in result.stderr
    assert db.read_bytes() == b"just some notes\n"
    result = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1 and "no such database" in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_default_database_lives_in_the_data_dir(_data_dir: Path, tmp_path: Path) -> None:
    assert default_db_path() == _data_dir / "annotator.db"
    text = _write(tmp_path / "a.txt", "خبر")
    result = CliRunner().invoke(cli, ["import", str(text), "--no-suggest"])
    assert result.exit_code == 0, result.output
    assert (_data_dir / "annotator.db").is_file()


def test_seeding_happens_once_on_an_empty_project(tmp_path: Path) -> None:
    assert seeds_dir() == ROOT / "seeds"
    db = open_project(tmp_path / "p.db")
    report = ensure_seeded(db)
    assert report is not None and report.ok and report.imported == 5
    titles = [item.title for item in repo.article_page(db, limit=10)]
    assert titles[0].startswith("”جيش الإسلام“")
    assert ensure_seeded(db) is None
    db.close()


def test_seeding_survives_a_broken_suggester(tmp_path: Path) -> None:
    def broken(text: str) -> list:
        raise RuntimeError("gazetteer missing")

    db = open_project(tmp_path / "p.db")
    report = ensure_seeded(db, suggest=broken)
    assert report is not None and report.ok and report.imported == 5
    (warning,) = report.warnings  # said, not silent: the CLI prints it
    assert "without suggestions" in warning and "gazetteer missing" in warning
    assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
    db.close()


def test_no_seeding_when_the_project_has_articles(tmp_path: Path) -> None:
    db = open_project(tmp_path / "p.db")
    repo.add_article(db, Article("خبر المستخدم"))
    assert ensure_seeded(db) is None
    assert repo.article_count(db) == 1
    db.close()


@pytest.fixture
def fake_gui(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Stands in for annotator.gui.app (built by another helper) to record the hand-off."""
    calls: list[tuple] = []
    module = types.ModuleType("annotator.gui.app")

    def run(db_path: Path, lang: str | None = None, **extra: object) -> int:
        calls.append((db_path, lang, extra))
        return 0

    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "annotator.gui.app", module)
    return calls


def test_no_command_opens_the_gui_on_a_seeded_project(fake_gui: list, _data_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["--lang", "ar"])
    assert result.exit_code == 0, result.output
    assert fake_gui == [(_data_dir / "annotator.db", "ar", {})]
    db = open_store(_data_dir / "annotator.db")
    assert repo.article_count(db) == 5
    db.close()


def test_gui_command_forwards_its_options(fake_gui: list, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    png = tmp_path / "shot.png"
    args = ["gui", "--db", str(db), "--article", "3", "--screenshot", str(png)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert fake_gui == [(db, None, {"article": 3, "screenshot": png})]


def test_gui_unavailable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "annotator.gui.app", None)  # import fails
    result = CliRunner().invoke(cli, ["gui", "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 1
    assert "graphical interface cannot start" in result.stderr
    assert not (tmp_path / "p.db").exists()


def test_real_subprocess_import(tmp_path: Path, _data_dir: Path) -> None:
    good = _write(tmp_path / "a.txt", "خبر عن قصف حلب")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANNOTATOR_DATA_DIR": str(_data_dir)}
    command = [sys.executable, "-m", "annotator", "import", "--no-suggest"]
    proc = subprocess.run(
        [*command, str(good), str(bad)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert f"failed: {bad}: not UTF-8, UTF-16 or Windows-1256 text" in proc.stderr
    assert "1 imported, 0 duplicate(s), 1 failed" in proc.stdout
    proc = subprocess.run(
        [*command, str(good)], env=env, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "0 imported, 1 duplicate(s), 0 failed" in proc.stdout


def test_a_new_project_named_with_db_starts_empty(fake_gui: list, tmp_path: Path) -> None:
    new = tmp_path / "newproj.db"
    result = CliRunner().invoke(cli, ["gui", "--db", str(new), "--screenshot", "x.png"])
    assert result.exit_code == 0, result.output
    assert fake_gui[0][0] == new
    db = open_store(new)
    assert repo.article_count(db) == 0
    assert db.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    db.close()
    result = CliRunner().invoke(cli, ["stats", "--db", str(new)])
    assert "Articles: 0" in result.stdout


def test_the_default_project_is_seeded_also_when_named(fake_gui: list, _data_dir: Path) -> None:
    _data_dir.mkdir(parents=True)
    result = CliRunner().invoke(cli, ["gui", "--db", str(_data_dir / "annotator.db")])
    assert result.exit_code == 0, result.output
    db = open_store(_data_dir / "annotator.db")
    assert repo.article_count(db) == 5
    db.close()


def test_csv_with_a_stray_quote_fails_the_import(tmp_path: Path) -> None:
    csv_file = _write(
        tmp_path / "unterm2.csv",
        'text,source\n"قتل 3 في حلب",s1\n"قتل 4 في حمص,s2\n"قتل 5 في حماة",s3\n'
        '"قتل 6 في إدلب",s4\n',
    )
    db = tmp_path / "csv2.db"
    result = CliRunner().invoke(cli, ["import", str(csv_file), "--db", str(db), "--no-suggest"])
    assert result.exit_code == 1
    assert f"failed: {csv_file}:3: unbalanced quote" in result.stderr
    assert "0 imported, 0 duplicate(s), 1 failed" in result.stdout
    store = open_store(db)
    assert repo.article_count(store) == 0
    store.close()


def test_gold_kept_for_an_annotator_with_work_is_listed(tmp_path: Path, gold_path: Path) -> None:
    db = tmp_path / "g3.db"
    args = ["--db", str(db), "--annotator", "alice", "--no-suggest"]
    assert CliRunner().invoke(cli, ["import", str(gold_path), *args]).exit_code == 0
    record = json.loads(gold_path.read_text(encoding="utf-8").splitlines()[0])
    record["spans"] = record["spans"][:-1]
    changed = _write(tmp_path / "gold_changed.jsonl", json.dumps(record, ensure_ascii=False))
    result = CliRunner().invoke(cli, ["import", str(changed), *args])
    assert result.exit_code == 0  # kept work is not a failure
    assert f"skipped: {changed}:1: annotator alice already has work on" in result.stderr
    assert "1 gold record(s) skipped" in result.stdout


def test_validate_reads_utf16_like_import(tmp_path: Path, gold_path: Path) -> None:
    u16 = tmp_path / "gold_u16.jsonl"
    u16.write_bytes(gold_path.read_text(encoding="utf-8").encode("utf-16"))
    result = CliRunner().invoke(cli, ["validate", str(u16)])
    assert result.exit_code == 0, result.output
    assert f"{u16}:1: warning: the file is UTF-16, not UTF-8" in result.stdout
    assert f"{u16}: 5 article(s), 215 span(s): 0 error(s)" in result.stdout
    args = ["import", str(u16), "--db", str(tmp_path / "u16.db"), "--annotator", "y"]
    result = CliRunner().invoke(cli, [*args, "--no-suggest"])
    assert result.exit_code == 0 and "5 imported" in result.stdout and "215 gold" in result.stdout
    result = CliRunner().invoke(cli, ["validate", "--strict", str(u16)])
    assert result.exit_code == 1  # a warning, so --strict fails it


# --- options before the command (--db, --lang) apply to it or are refused --------------------


DB_TAKERS = {
    "agreement",
    "assign",
    "backup",
    "doctor",
    "export",
    "gui",
    "import",
    "report",
    "restore",
    "stats",
}


def _minimal_args(name: str, tmp_path: Path) -> list[str] | None:
    """Arguments that let each command get past parsing (None: a command added since)."""
    article = _write(tmp_path / "a.txt", "خبر عن قصف حلب")
    return {
        "agreement": [],
        "assign": ["--annotators", "ali,bob"],
        "doctor": [],
        "export": ["--format", "jsonl", "--out", str(tmp_path / "out.jsonl")],
        "gui": ["--screenshot", str(tmp_path / "shot.png")],
        "import": [str(article), "--no-suggest"],
        "merge": [str(tmp_path / "out.db"), str(tmp_path / "in.db")],
        "report": ["--out", str(tmp_path / "report")],
        "stats": [],
        "suggest": [str(article)],
        "validate": [str(tmp_path / "gold.jsonl")],
    }.get(name)


def test_the_db_takers_are_those_documented() -> None:
    takers = {n for n, c in cli.commands.items() if any(p.name == "db_path" for p in c.params)}
    assert takers >= DB_TAKERS
    assert not {"suggest", "merge", "validate"} & takers
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ", ".join(f"`{n}`" for n in sorted(DB_TAKERS)) in " ".join(readme.split())


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_group_db_applies_to_the_command_or_is_refused(
    name: str, tmp_path: Path, fake_gui: list, _data_dir: Path
) -> None:
    args = _minimal_args(name, tmp_path)
    if args is None:  # a command added since: still goes through the group's check
        assert isinstance(cli.commands[name], click.Command)
        return
    missing = tmp_path / "named.db"
    result = invoke("--db", str(missing), name, *args)
    takes = any(p.name == "db_path" for p in cli.commands[name].params)
    if not takes:
        assert result.exit_code == 2, result.output
        assert f"'annotator {name}' does not take --db; the commands that do: " in result.stderr
        assert ", ".join(sorted(DB_TAKERS)) in result.stderr
    elif name == "gui":
        assert fake_gui == [(missing, None, {"screenshot": tmp_path / "shot.png"})]
    elif name == "import":
        assert result.exit_code == 0, result.output
        store = open_store(missing)
        assert repo.article_count(store) == 1
        store.close()
    elif name == "doctor":
        assert f"project database: {missing} (not created yet)" in result.stdout
    else:  # the command looked for the named project, not the default one
        assert result.exit_code == 1, result.output
        assert f"{missing}: no such database" in result.stderr
    assert not (_data_dir / "annotator.db").exists()  # never the default project


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_group_lang_applies_to_gui_only(name: str, tmp_path: Path, fake_gui: list) -> None:
    args = _minimal_args(name, tmp_path)
    if args is None:
        return
    result = invoke("--lang", "ar", name, *args)
    if name == "gui":
        assert result.exit_code == 0, result.output
        assert fake_gui[0][1] == "ar"
    else:
        assert result.exit_code == 2, result.output
        assert f"'annotator {name}' does not take --lang; the commands that do: gui" in (
            result.stderr
        )


def test_the_same_option_twice_must_agree(tmp_path: Path, fake_gui: list) -> None:
    article = _write(tmp_path / "a.txt", "خبر")
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    result = invoke("--db", str(a), "import", "--db", str(b), str(article))
    assert result.exit_code == 2
    assert f"--db given twice with different values ({a} before the command, {b} after it)" in (
        result.stderr
    )
    assert not a.exists() and not b.exists()
    result = invoke("--lang", "ar", "gui", "--lang", "en")
    assert result.exit_code == 2 and "--lang given twice" in result.stderr
    assert fake_gui == []
    same = ["--db", str(a), "import", "--db", str(tmp_path / "." / "a.db"), str(article)]
    result = invoke(*same, "--no-suggest")
    assert result.exit_code == 0, result.output
    assert a.exists()


def test_group_db_in_a_real_process(tmp_path: Path, _data_dir: Path) -> None:
    article = _write(tmp_path / "a.txt", "خبر عن قصف حلب")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANNOTATOR_DATA_DIR": str(_data_dir)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "annotator", *args]
        return subprocess.run(
            command, env=env, cwd=tmp_path, capture_output=True, text=True, check=False
        )

    proc = run("--db", "p.db", "import", "--no-suggest", str(article))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "p.db").is_file() and not (_data_dir / "annotator.db").exists()
    assert "Articles: 1" in run("--db", "p.db", "stats").stdout
    refused = run("--db", "p.db", "suggest", str(article))
    assert refused.returncode == 2 and "does not take --db" in refused.stderr


def test_an_unknown_language_is_refused(tmp_path: Path, fake_gui: list) -> None:
    for args in (["gui", "--lang", "fr"], ["--lang", "fr", "gui"], ["--lang", "fr"]):
        result = invoke(*[*args, "--db", str(tmp_path / "p.db")][: len(args)])
        assert result.exit_code == 2, (args, result.output)
        assert "the interface language 'fr' is not available; available: en, ar" in (result.stderr)
    assert fake_gui == []
    assert not (tmp_path / "p.db").exists()
    result = invoke("gui", "--lang", "ar_SY", "--db", str(tmp_path / "p.db"))  # as Qt reads it
    assert result.exit_code == 0, result.output
    assert fake_gui[0][1] == "ar_SY"


def test_import_of_nothing_leaves_no_new_database(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    result = invoke("import", "--db", str(new), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert f"failed: {tmp_path / 'missing.txt'}: no such file or folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    old = tmp_path / "old.db"
    open_store(old).close()  # an existing (empty) project is never removed
    result = invoke("import", "--db", str(old), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1 and old.exists()


def test_the_desk_is_told_when_the_samples_got_no_suggestions(
    fake_gui: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_db: object):  # stands in for a suggester whose data files are missing
        def suggest(text: str) -> list:
            raise FileNotFoundError(2, "No such file or directory", "/x/nouns.json")

        return suggest

    monkeypatch.setattr("annotator.cli.LazySuggest", broken)
    result = invoke("gui")
    assert result.exit_code == 0, result.output
    assert "warning: the sample articles were imported without suggestions" in result.stderr
    (problem,) = fake_gui[0][2]["seeding_problems"]
    assert "FileNotFoundError: No such file or directory: /x/nouns.json" in problem
