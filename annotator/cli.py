"""The ``annotator`` command line: thin click commands, each calling one service."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from sqlite_utils import Database

from annotator import __version__
from annotator.domain import Suggestion
from annotator.services.importing import collect_files, import_paths
from annotator.services.project import default_db_path, ensure_seeded, open_project
from annotator.services.stats import format_stats, project_stats
from annotator.store import StoreError

DB_HELP = (
    "Project database file (default: annotator.db in the user data folder,"
    " or in $ANNOTATOR_DATA_DIR)."
)
db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=DB_HELP,
)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _open(db_path: Path | None) -> Database:
    try:
        return open_project(db_path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


class LazySuggest:
    """Loads the suggester (with what coders taught it) on first use; [] if there is none."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._fn: Callable[[str], list[Suggestion]] | None = None
        self.available = True

    def __call__(self, text: str) -> list[Suggestion]:
        if self._fn is None:
            self._fn = self._load()
        return self._fn(text)

    def _load(self) -> Callable[[str], list[Suggestion]]:
        try:
            from annotator.suggest import load_suggester  # noqa: PLC0415
        except ImportError:
            self.available = False
            return lambda _text: []
        from annotator.store.learned import learned_names  # noqa: PLC0415

        return load_suggester(learned_names(self._db)).suggest


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.option("--lang", default=None, help="User interface language of the GUI (en or ar).")
@click.version_option(__version__, prog_name="annotator")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, lang: str | None) -> None:
    """Code actors, places and casualty numbers in Arabic conflict news.

    Without a command, opens the coding desk (the same as ``annotator gui``).
    """
    if ctx.invoked_subcommand is None:
        ctx.exit(_run_gui(db_path, lang))


@cli.command("gui")
@db_option
@click.option("--lang", default=None, help="User interface language (en or ar).")
@click.option("--article", type=int, default=None, help="Open this article id first.")
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Render the window to this PNG file and quit (for docs and tests).",
)
def gui_command(
    db_path: Path | None, lang: str | None, article: int | None, screenshot: Path | None
) -> None:
    """Open the coding desk (the graphical interface)."""
    sys.exit(_run_gui(db_path, lang, article=article, screenshot=screenshot))


def _run_gui(db_path: Path | None, lang: str | None, **extras: Any) -> int:
    try:
        from annotator.gui.app import run  # noqa: PLC0415
    except ImportError as exc:
        click.echo(f"Error: the graphical interface cannot start: {exc}", err=True)
        return 1
    db = _open(db_path)
    path = db_path if db_path is not None else default_db_path()
    try:
        ensure_seeded(db, suggest=LazySuggest(db))
    finally:
        db.close()
    given = {k: v for k, v in extras.items() if v is not None}
    result = run(path, lang=lang, **given)
    return int(result or 0)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False))
@db_option
@click.option(
    "--annotator",
    "annotator_name",
    default=None,
    help="Owner of gold spans in .jsonl files (default: each line's 'annotator', else 'import').",
)
@click.option(
    "--suggest/--no-suggest",
    default=True,
    show_default=True,
    help="Store the suggester's candidate spans for each new article.",
)
def import_command(
    paths: tuple[Path, ...], db_path: Path | None, annotator_name: str | None, suggest: bool
) -> None:
    """Import articles from .txt, .jsonl and .csv files and folders (searched recursively).

    Each file is imported completely or not at all; articles already in the database
    (same text) are counted as duplicates, so an interrupted import can simply be rerun.
    Exits with status 1 if any file failed.
    """
    db = _open(db_path)
    try:
        suggester = LazySuggest(db) if suggest else None
        if sys.stderr.isatty():
            files, _, _ = collect_files(paths)
            total = sum(_size(path) for path, _source in files)
            with click.progressbar(length=max(total, 1), label="Importing", file=sys.stderr) as bar:
                report = import_paths(
                    db,
                    list(paths),
                    annotator=annotator_name,
                    suggest=suggester,
                    progress=lambda _path, size: bar.update(size),
                )
        else:
            report = import_paths(db, list(paths), annotator=annotator_name, suggest=suggester)
    finally:
        db.close()
    for failure in report.failures:
        click.echo(f"failed: {failure}", err=True)
    if any(f.reason.startswith("the suggester failed") for f in report.failures):
        click.echo("hint: --no-suggest imports without suggestions", err=True)
    if suggester is not None and not suggester.available:
        click.echo("note: no suggester installed; imported without suggestions", err=True)
    click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


@cli.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
def stats_command(db_path: Path | None, as_json: bool) -> None:
    """Show articles, spans per label and status, and each annotator's progress."""
    if db_path is not None and not db_path.exists():
        raise click.ClickException(f"{db_path}: no such database")
    db = _open(db_path)
    try:
        stats = project_stats(db)
    finally:
        db.close()
    if as_json:
        click.echo(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_stats(stats))


@cli.command("suggest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one gold-format line per article; table: a readable table.",
)
@click.option(
    "--no-shape",
    is_flag=True,
    help="Table: print Arabic in logical order, for terminals that shape it themselves.",
)
def suggest_command(paths: tuple[Path, ...], fmt: str, no_shape: bool) -> None:
    """Print the suggester's spans for .txt articles (files or folders); no database needed."""
    from annotator.services import suggesting  # noqa: PLC0415

    failed = False
    try:
        for article in suggesting.suggest_files(paths):
            if article.error is not None:
                failed = True
                click.echo(f"failed: {article.source}: {article.error}", err=True)
            elif fmt == "jsonl":
                click.echo(suggesting.jsonl_line(article))
            else:
                click.echo(suggesting.table(article, shaped=not no_shape))
    except suggesting.SuggestInputError as exc:
        raise click.ClickException(str(exc)) from exc
    sys.exit(1 if failed else 0)


def main() -> None:
    """Console entry point."""
    cli(prog_name="annotator")
