"""The project commands on a team server's project: ``--db postgresql://…`` or $ANNOTATOR_DB,
against a real PostgreSQL server (tests/pg/cluster.py); import and export in real processes."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import Article, Label
from annotator.services.coding import CodingSession
from annotator.store import open_store
from annotator.store.articles import add_article
from annotator.store.postgres.project import add_person, init_project
from annotator.store.postgres.roles import CODER
from tests.conftest import SEEDS_DIR
from tests.pg.support import driver, run_cli

psycopg = driver()

TEXTS = ["قتل 5 من داعش في حلب", "جرح 3 في الرقة", "قصف على دير الزور", "خبر بلا أرقام"]


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k, text in enumerate(TEXTS):
        (corpus / f"{k}.txt").write_text(text, encoding="utf-8")
    return corpus


def _rows(url: str, sql: str) -> list[tuple]:
    """Read back through a connection of the test's own (not the command's)."""
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def _database(url: str) -> str:
    """The database name in one of the cluster's URLs."""
    return url.split("?", maxsplit=1)[0].rsplit("/", 1)[1]


def _no_secret(done: object, secret: str) -> None:
    text = getattr(done, "stdout", "") + getattr(done, "stderr", "") + getattr(done, "output", "")
    assert secret not in text
    assert "Traceback" not in text


def _add_articles(target: str) -> None:
    """The corpus stored through the store itself (the same rows as an import without
    suggestions), so the commands below are tested whatever the importer does."""
    db = open_store(target)
    try:
        for k, text in enumerate(TEXTS):
            add_article(db, Article(text=text, source=f"{k}.txt"))
    finally:
        db.close()


@pytest.fixture
def coded(project_url: str) -> str:
    """A server project of four articles; ali and bea finished the first two."""
    _add_articles(project_url)
    for coder, kind in (("ali", "killed"), ("bea", "wounded")):
        session = CodingSession.open(project_url, coder)
        for article in (1, 2):
            text = session.text(article)
            start = next(k for k, c in enumerate(text) if c.isdigit())
            session.add_span(article, start, start + 1, Label.CASUALTY)
            row = next(iter(session.spans(article)))
            session.set_attributes(row.id, {**row.span.attrs, "kind": kind})
            session.mark_done(article)
        session.close()
    return project_url


def test_import_with_suggestions_then_export_in_real_processes(
    pg_cluster, project_url: str, tmp_path: Path
) -> None:
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    done = run_cli("import", "--db", project_url, *map(str, seeds), data_dir=tmp_path / "d")
    assert done.returncode == 0, done.stderr
    _no_secret(done, pg_cluster.password)
    assert f"{len(seeds)} imported" in done.stdout or str(len(seeds)) in done.stdout
    assert _rows(project_url, "SELECT count(*) FROM articles") == [(len(seeds),)]
    (suggested,) = _rows(project_url, "SELECT count(*) FROM spans WHERE status = 'suggested'")[0]
    assert suggested > 0  # the suggester ran and its spans are on the server
    again = run_cli("import", "--db", project_url, *map(str, seeds), data_dir=tmp_path / "d")
    assert again.returncode == 0, again.stderr
    assert _rows(project_url, "SELECT count(*) FROM articles") == [(len(seeds),)]

    gold = tmp_path / "gold.jsonl"
    lines = [
        {"text": "قتل 5 من داعش", "spans": [{"start": 9, "end": 13, "label": "ACTOR"}]},
        {"text": "قصف في حلب", "spans": [{"start": 7, "end": 10, "label": "PLACE"}]},
    ]
    gold.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    args = ("import", str(gold), "--annotator", "gold", "--gold-by", "lead", "--no-suggest")
    assert run_cli(*args, "--db", project_url, data_dir=tmp_path / "d").returncode == 0
    local = tmp_path / "local.db"
    assert run_cli(*args, "--db", str(local), data_dir=tmp_path / "d").returncode == 0

    outs = {}
    for name, where in (("server", project_url), ("file", str(local))):
        outs[name] = tmp_path / f"{name}.jsonl"
        export = run_cli(
            "export", "--db", where, "--format", "jsonl", "--out", str(outs[name]),
            data_dir=tmp_path / "d",
        )  # fmt: skip
        assert export.returncode == 0, export.stderr
        _no_secret(export, pg_cluster.password)
    exported = [json.loads(x) for x in outs["server"].read_text("utf-8").splitlines()]
    assert sorted(r["text"] for r in exported) == sorted(x["text"] for x in lines)
    assert outs["server"].read_bytes() == outs["file"].read_bytes()


def test_export_from_a_server_project_in_a_real_process(
    pg_cluster, coded: str, tmp_path: Path
) -> None:
    out = tmp_path / "ali.jsonl"
    done = run_cli(
        "export", "--db", coded, "--format", "jsonl", "--layer", "ali", "--out", str(out),
        data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    _no_secret(done, pg_cluster.password)
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert sorted(r["text"] for r in records) == sorted(TEXTS[:2])
    assert all([s["label"] for s in r["spans"]] == ["CASUALTY"] for r in records)


def test_import_through_annotator_db(project_url: str, tmp_path: Path) -> None:
    env = {"ANNOTATOR_DB": project_url}
    done = run_cli("import", str(_corpus(tmp_path)), "--no-suggest", data_dir=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert _rows(project_url, "SELECT count(*) FROM articles") == [(len(TEXTS),)]
    assert not (tmp_path / "annotator.db").exists()  # the default file was never made


def test_annotator_db_is_the_default_project(project_url: str, tmp_path: Path) -> None:
    env = {"ANNOTATOR_DB": project_url}
    _add_articles(project_url)
    stats = run_cli("stats", "--json", data_dir=tmp_path, env=env)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["articles"] == len(TEXTS)
    assert not (tmp_path / "annotator.db").exists()  # the default file was never made
    given = tmp_path / "other.db"  # --db wins over $ANNOTATOR_DB
    assert run_cli("stats", "--db", str(given), data_dir=tmp_path, env=env).returncode == 1


def test_stats_assign_and_agreement(coded: str) -> None:
    runner = CliRunner()
    stats = runner.invoke(cli, ["stats", "--db", coded, "--json"])
    assert stats.exit_code == 0, stats.output
    numbers = json.loads(stats.output)
    assert numbers["articles"] == len(TEXTS)
    done = {a["name"]: a["done"] for a in numbers["annotators"]}
    assert done == {"ali": 2, "bea": 2}

    before = runner.invoke(cli, ["--db", coded, "stats", "--json"])  # the group's --db
    assert before.exit_code == 0, before.output
    assert json.loads(before.output) == numbers

    assign = runner.invoke(cli, ["assign", "--db", coded, "--annotators", "ali,bea"])
    assert assign.exit_code == 0, assign.output
    assigned = _rows(coded, "SELECT annotator, count(*) FROM assignments GROUP BY 1 ORDER BY 1")
    assert {name for name, _n in assigned} == {"ali", "bea"}
    assert sum(n for _name, n in assigned) >= len(TEXTS) - 2  # the two open articles at least

    agreement = runner.invoke(cli, ["agreement", "--db", coded, "--json"])
    assert agreement.exit_code == 0, agreement.output
    (pair,) = json.loads(agreement.output)["pairs"]
    assert pair["coders"] == ["ali", "bea"] and pair["articles"] == 2


def test_report(coded: str, tmp_path: Path) -> None:
    report = CliRunner().invoke(cli, ["report", "--db", coded, "--out", str(tmp_path / "r")])
    assert report.exit_code == 0, report.output
    assert "ali" in (tmp_path / "r" / "index.html").read_text("utf-8")


def test_the_password_comes_from_libpq_places(pg_cluster, project_url: str, tmp_path) -> None:
    """PGPASSWORD, or a password file (~/.pgpass, here named by PGPASSFILE): never printed; the
    connection string as a URL or in libpq's key=value form."""
    _add_articles(project_url)
    name = _database(project_url)
    bare = pg_cluster.url(name, password="")  # no password in the string
    assert pg_cluster.password not in bare
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:annotator_admin:{pg_cluster.password}\n", encoding="utf-8")
    pgpass.chmod(0o600)  # libpq ignores a password file others can read
    keywords = f"host={pg_cluster.socket_dir} port={pg_cluster.port} dbname={name}"
    cases = [
        (bare, {"PGPASSWORD": pg_cluster.password}),
        (bare, {"PGPASSFILE": str(pgpass)}),
        (f"{keywords} user=annotator_admin", {"PGPASSFILE": str(pgpass)}),  # libpq's key=value
    ]
    for where, env in cases:
        done = run_cli("stats", "--json", "--db", where, data_dir=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["articles"] == len(TEXTS)
        _no_secret(done, pg_cluster.password)
    refused = run_cli("stats", "--db", bare, data_dir=tmp_path, env={"PGPASSFILE": "/nonexistent"})
    assert refused.returncode == 2
    assert "cannot connect to annotator_admin@" in refused.stderr


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_wrong_password_is_one_line_exit_2(pg_cluster, project_url: str, tmp_path) -> None:
    secret = "Wrong-Secret-4711"
    name = _database(project_url)
    url = pg_cluster.url(name, password=secret)
    for args in (["stats"], ["export", "--format", "jsonl", "--out", str(tmp_path / "o")]):
        done = run_cli(*args, "--db", url, data_dir=tmp_path)
        assert done.returncode == 2, done.stderr
        _no_secret(done, secret)
        where = f"annotator_admin@{pg_cluster.socket_dir}:{pg_cluster.port}/{name}"
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith(f"Error: cannot connect to {where}: ")
        assert "password authentication failed" in line
    assert not (tmp_path / "o").exists()


def test_an_unreachable_server_is_one_line_exit_2(tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    url = f"postgresql://sara:Top-Secret@127.0.0.1:{port}/team"
    done = run_cli("assign", "--db", url, "--annotators", "a,b", data_dir=tmp_path)
    assert done.returncode == 2
    _no_secret(done, "Top-Secret")
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"Error: cannot connect to sara@127.0.0.1:{port}/team: ")


def test_the_desk_on_an_unreachable_server_is_one_line_exit_2(tmp_path: Path) -> None:
    url = f"postgresql://sara:Top-Secret@127.0.0.1:{_free_port()}/team"
    env = {"QT_QPA_PLATFORM": "offscreen"}
    shot = ("--screenshot", str(tmp_path / "s.png"))
    for args in (("gui", "--db", url, *shot), ("--db", url)):  # the command, the bare group
        done = run_cli(*args, data_dir=tmp_path, env=env)
        assert done.returncode == 2, done.stderr
        _no_secret(done, "Top-Secret")
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("Error: cannot connect to sara@127.0.0.1:")
    assert not (tmp_path / "s.png").exists()


def test_annotator_db_may_name_a_file(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    db = open_store(path)
    add_article(db, Article(text=TEXTS[0]))
    db.close()
    result = CliRunner().invoke(cli, ["stats", "--json"], env={"ANNOTATOR_DB": str(path)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"] == 1


def test_a_database_without_a_project_is_named(pg_cluster, pg_url: str, tmp_path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--db", pg_url])
    assert result.exit_code == 1
    assert "holds no annotator project" in result.output
    assert "server init" in result.output
    _no_secret(result, pg_cluster.password)


@pytest.mark.parametrize(
    ("args", "instead"),
    [(["backup"], "pg_dump"), (["restore", "b.db"], "pg_restore")],
)
def test_file_only_commands_refuse_a_server(
    pg_cluster, project_url: str, tmp_path: Path, args: list[str], instead: str
) -> None:
    (tmp_path / "b.db").write_bytes(b"")
    for how in ({"args": ["--db", project_url]}, {"env": {"ANNOTATOR_DB": project_url}}):
        result = CliRunner().invoke(
            cli, [*args, *how.get("args", [])], env=how.get("env"), catch_exceptions=False
        )
        assert result.exit_code == 2, result.output
        assert "works on a project file, not on a team server" in result.output
        assert instead in result.output and "docs/TEAM.md" in result.output
        _no_secret(result, pg_cluster.password)


def test_doctor_names_the_server_and_whether_it_answers(
    pg_cluster, project_url: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, ["doctor", "--db", project_url])
    line = next(x for x in result.output.splitlines() if x.startswith("project database"))
    assert line.startswith("project database: team server annotator_admin@")
    assert line.endswith(": OK")
    _no_secret(result, pg_cluster.password)


def test_without_the_driver_a_server_asks_for_the_extra(tmp_path: Path) -> None:
    """psycopg is optional (annotator[server]): a process that cannot import it is told so."""
    code = (
        "import sys; sys.modules['psycopg'] = None\n"  # an import of psycopg now fails
        "from annotator.cli import main; sys.argv[0] = 'annotator'; main()"
    )
    checkout = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": checkout, "ANNOTATOR_DATA_DIR": str(tmp_path)}
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", code, "stats", "--db", "postgresql://sara:Top-Secret@h/team"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "pip install 'annotator[server]'" in done.stderr
    _no_secret(done, "Top-Secret")


def test_a_coder_login_reads_but_the_server_refuses_an_assignment(
    pg_cluster, pg_database: str, pg_url: str, tmp_path: Path
) -> None:
    """Row-level security seen from the command line: one line naming the server, exit 1."""
    init_project(pg_url)
    add_person(pg_url, "Sara", "pw-sara-7", role=CODER)
    add_person(pg_url, "Omar", "pw-omar-7", role=CODER)
    _add_articles(pg_url)
    sara = pg_cluster.url(pg_database, user="sara", password="pw-sara-7")
    runner = CliRunner()
    stats = runner.invoke(cli, ["stats", "--json", "--db", sara])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)["articles"] == len(TEXTS)
    refused = runner.invoke(cli, ["assign", "--db", sara, "--annotators", "Sara,Omar"])
    assert refused.exit_code == 1
    (line,) = refused.output.strip().splitlines()
    assert line.startswith(f"Error: sara@{pg_cluster.socket_dir}:{pg_cluster.port}/")
    assert "refused by the server" in line
    _no_secret(refused, "pw-sara-7")
    assert _rows(pg_url, "SELECT count(*) FROM assignments") == [(0,)]
