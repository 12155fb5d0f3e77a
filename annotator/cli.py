"""The ``annotator`` command line: thin click commands, each calling one service."""

from __future__ import annotations

import contextlib
import functools
import json
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator import __version__
from annotator.domain import AnnotatorNameError, Suggestion
from annotator.domain.safe_text import HAZARDS, visible
from annotator.paths import RESOURCES_ENV
from annotator.services.decoding import DEFAULT_MAX_FILE_SIZE, MB, display_name

if TYPE_CHECKING:  # the database modules load when a command needs them (suggest never does)
    from annotator.services.importing import ImportReport
    from annotator.services.projects import Project
    from annotator.services.suggest_pool import PooledSuggest

DB_HELP = (
    "Project database file, or a team server's postgresql://USER@HOST:PORT/DATABASE"
    " (the password from PGPASSWORD, ~/.pgpass or a service file; never printed)."
    " Default: $ANNOTATOR_DB, else annotator.db in the user data folder (or $ANNOTATOR_DATA_DIR)."
)


class _ProjectType(click.ParamType):
    """``--db``: a project file's path, or a team server's connection string kept as text
    (``Path("postgresql://h/db")`` would lose a slash)."""

    name = "file|url"
    _file = click.Path(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if _is_server(value):
            return value.strip()
        return self._file.convert(value, param, ctx)


PROJECT = _ProjectType()
db_option = click.option(
    "--db",
    "db_path",
    type=PROJECT,
    default=None,
    help=DB_HELP,
)


max_file_size_option = click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_FILE_SIZE // MB,
    show_default=True,
    metavar="MB",
    help="Refuse input files larger than this many megabytes, without reading them.",
)


def _say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text that may hold user data (names, titles, file names) with hazards escaped.

    Control characters, escape sequences and bidi controls become visible escapes
    (``\\x1b``, ``\\u202e``); newlines stay, and so does Arabic, shaped or not.
    """
    click.echo(visible(text, keep_newlines=True), err=err, nl=nl)


def _say_json(text: str) -> None:
    """Print JSON text with every hazardous character as a ``\\uXXXX`` escape (still JSON).

    json.dumps escapes control characters inside strings itself, so a raw newline is layout.
    """
    click.echo(HAZARDS.sub(_json_escape, text))


def _json_escape(match: re.Match[str]) -> str:
    char = match[0]
    return char if char == "\n" else f"\\u{ord(char):04x}"


class _Command(click.Command):
    """A subcommand that takes the group's options (--db, --lang) or refuses them."""

    def invoke(self, ctx: click.Context) -> Any:
        _apply_group_options(ctx)
        return super().invoke(ctx)


class _Group(click.Group):
    """The command group: its subcommands are ``_Command``s; error messages are made safe."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except Exception as exc:  # the store's refusals (a lost server…): a line, no traceback
                failure = _store_failure(exc)
                if failure is exc:
                    raise
                raise failure from exc
        except click.ClickException as exc:  # a message may quote a file or a name
            exc.message = visible(exc.message, keep_newlines=True)
            raise


class _CannotConnect(click.ClickException):
    """The team server named by --db cannot be reached or refused the login: exit status 2."""

    exit_code = 2


def _store_failure(exc: Exception) -> Exception:
    """A store error as a one-line click error (exit 2 when the server cannot be reached);
    anything else unchanged."""
    if isinstance(exc, click.ClickException) or "annotator.store" not in sys.modules:
        return exc
    from annotator.services.errors import ServerUnreachableError, StoreError  # noqa: PLC0415

    if isinstance(exc, ServerUnreachableError):
        return _CannotConnect(str(exc))
    if isinstance(exc, StoreError):
        return click.ClickException(str(exc))
    return exc


def _option_name(ctx: click.Context, name: str) -> str:
    for param in ctx.command.params:
        if param.name == name and isinstance(param, click.Option):
            return max(param.opts, key=len)
    return name


def _same(a: object, b: object) -> bool:
    if isinstance(a, Path) and isinstance(b, Path):
        return a == b or a.resolve() == b.resolve()
    return a == b


def _apply_group_options(ctx: click.Context) -> None:
    """``annotator --db X cmd``: the group's options apply to ``cmd`` or it refuses them."""
    parent = ctx.parent
    if parent is None:
        return
    for name, value in parent.params.items():
        if value is None:
            continue
        option = _option_name(parent, name)
        if name not in ctx.params:
            takers = sorted(
                cmd_name
                for cmd_name, cmd in parent.command.commands.items()  # type: ignore[attr-defined]
                if any(p.name == name for p in cmd.params)
            )
            raise click.UsageError(
                f"'{ctx.command_path}' does not take {option}; the commands that do: "
                + ", ".join(takers),
                ctx,
            )
        source = ctx.get_parameter_source(name)
        given_here = source not in {None, click.core.ParameterSource.DEFAULT}
        if given_here and not _same(ctx.params[name], value):
            raise click.UsageError(
                f"{option} given twice with different values ({value} before the command,"
                f" {ctx.params[name]} after it); give it once",
                ctx,
            )
        ctx.params[name] = value


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


CHECK_MAX_BYTES = 256 * 1024 * 1024  # projects up to this size are checked at each command


def _target(db_path: Path | str | None) -> Path | str:
    """The project a command works on: --db, else $ANNOTATOR_DB, else the default file."""
    from annotator.services.project import default_target  # noqa: PLC0415

    return db_path if db_path is not None else default_target()


def _is_server(target: object) -> bool:
    """A team server's connection string (a postgresql:// URL or libpq's key=value form)."""
    if not isinstance(target, str):
        return False
    from annotator.services.projects import is_server  # noqa: PLC0415

    return is_server(target)


def _must_exist(db_path: Path | str | None) -> None:
    """A project file named by --db must exist (a server's project is checked when opened)."""
    target = _target(db_path)
    if db_path is not None and not _is_server(target) and not Path(target).exists():
        raise click.ClickException(f"{target}: no such database")


def _file_only(db_path: Path | str | None, command: str, instead: str) -> Path:
    """The project file of a command that works on files only; a team server is refused,
    saying what to use instead."""
    from annotator.services.projects import where  # noqa: PLC0415

    target = _target(db_path)
    if _is_server(target):
        raise click.UsageError(
            f"'annotator {command}' works on a project file, not on a team server"
            f" ({where(target)}); {instead}"
        )
    return Path(target)


def _open(db_path: Path | str | None, *, read_only: bool = False, check: bool = True) -> Project:
    """The project; one that is damaged (``PRAGMA quick_check``, for files up to
    CHECK_MAX_BYTES: about a second) or cannot be opened stops the command with a message;
    a team server that cannot be reached, with exit status 2."""
    from annotator.services.errors import StoreError  # noqa: PLC0415
    from annotator.services.project import open_project  # noqa: PLC0415
    from annotator.services.projects import check_sound  # noqa: PLC0415

    target = _target(db_path)
    try:
        if check and not _is_server(target) and 0 < _size(Path(target)) <= CHECK_MAX_BYTES:
            check_sound(Path(target))
        return open_project(target, read_only=read_only)
    except StoreError as exc:
        raise _store_failure(exc) from exc


class LazySuggest:
    """Loads the suggester (with what coders taught it) on first use."""

    def __init__(self, db: Project) -> None:
        self._db = db
        self._fn: Callable[[str], list[Suggestion]] | None = None
        self._pool: PooledSuggest | None = None

    def __call__(self, text: str) -> list[Suggestion]:
        if self._fn is None:
            self._fn = self._load()
        return self._fn(text)

    def _load(self) -> Callable[[str], list[Suggestion]]:
        from annotator.services.projects import learned_names  # noqa: PLC0415
        from annotator.services.suggest_pool import PooledSuggest  # noqa: PLC0415

        self._pool = PooledSuggest(learned_names(self._db))
        return self._pool

    def submit(self, texts: list[str]) -> Callable[[], list[object]]:
        """Suggest many texts at once, in worker processes when there are many (imports)."""
        if self._fn is None:
            self._fn = self._load()
        assert self._pool is not None
        return self._pool.submit(texts)

    def close(self) -> None:
        """Stop the suggester's worker processes, if any were started."""
        if self._pool is not None:
            self._pool.close()


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_path",
    type=PROJECT,
    default=None,
    help=DB_HELP + " Applies to the command after it; commands without --db refuse it.",
)
@click.option(
    "--lang",
    default=None,
    help="User interface language of the GUI (en or ar); only the gui command takes it.",
)
@click.version_option(__version__, prog_name="annotator")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | str | None, lang: str | None) -> None:
    """Code actors, places and casualty numbers in Arabic conflict news.

    Without a command, opens the coding desk (the same as ``annotator gui``). The options
    before a command apply to it (``annotator --db p.db import a.txt``); a command that does
    not take one refuses it.
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
    db_path: Path | str | None, lang: str | None, article: int | None, screenshot: Path | None
) -> None:
    """Open the coding desk (the graphical interface).

    The first start opens the default project on five sample articles; a new database named
    with --db starts empty (File > Import brings articles in).
    """
    sys.exit(_run_gui(db_path, lang, article=article, screenshot=screenshot))


def _run_gui(db_path: Path | str | None, lang: str | None, **extras: Any) -> int:
    from annotator.services import doctor  # noqa: PLC0415
    from annotator.services.project import ensure_seeded, is_default_db  # noqa: PLC0415

    languages = doctor.available_languages()
    if lang is not None and lang.strip().lower()[:2] not in languages:  # as the GUI reads it
        _say(
            f"Error: the interface language {lang!r} is not available;"
            f" available: {', '.join(languages)}",
            err=True,
        )
        return 2
    check = doctor.gui_problems()  # before Qt starts: Qt aborts without a word otherwise
    if not check.ok:
        _say(f"Error: {check.message()}", err=True)
        return 1
    try:
        from annotator.gui.app import run  # noqa: PLC0415
    except ImportError as exc:
        _say(f"Error: the graphical interface cannot start: {exc}", err=True)
        return 1
    path = _target(db_path)
    db = _open(path, check=False)  # the desk checks it
    try:
        if is_default_db(path):  # the demo project; a project named with --db starts empty
            seeded = ensure_seeded(db, suggest=LazySuggest(db))
            for warning in seeded.warnings if seeded is not None else []:
                _say(f"warning: {warning}", err=True)
            if seeded is not None and seeded.warnings and extras.get("screenshot") is None:
                extras["seeding_problems"] = tuple(seeded.warnings)  # the desk shows them too
    finally:
        db.close()
    given = {k: v for k, v in extras.items() if v is not None}
    result = run(path, lang=lang, **given)
    return int(result or 0)


@contextlib.contextmanager
def _ctrl_c_stops_between_files() -> Iterator[Callable[[], bool]]:
    """While importing, a first Ctrl+C stops after the file being imported; a second at once."""
    pressed = threading.Event()

    def on_sigint(_signum: int, _frame: object) -> None:
        if pressed.is_set():
            raise KeyboardInterrupt  # the file being imported is rolled back
        pressed.set()

    try:
        previous = signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread: Ctrl+C keeps its usual meaning
        yield pressed.is_set
        return
    try:
        yield pressed.is_set
    finally:
        signal.signal(signal.SIGINT, previous)


def _say_import_notes(report: ImportReport) -> None:
    """What an import failed, skipped or left unsuggested, one line each on stderr."""
    for failure in report.failures:
        _say(f"failed: {failure}", err=True)
    for kept in report.kept:
        _say(f"skipped: {kept}", err=True)
    for article in report.unsuggested:
        _say(f"note: {article}", err=True)
    for link in report.links:
        _say(
            f"skipped: {display_name(link)}: a symbolic link inside a folder is not followed"
            " (name it on the command line to import its target)",
            err=True,
        )
    if any(f.reason.startswith("the suggester failed") for f in report.failures):
        _say("hint: --no-suggest imports without suggestions", err=True)


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
    "--gold-by",
    "gold_by",
    metavar="LEAD",
    default=None,
    help="Your name as the lead: needed to import spans into the gold layer (--annotator gold"
    ' or lines with "annotator": "gold"); recorded in the audit log.',
)
@click.option(
    "--suggest/--no-suggest",
    default=True,
    show_default=True,
    help="Store the suggester's candidate spans for each new article.",
)
@max_file_size_option
def import_command(
    paths: tuple[Path, ...],
    db_path: Path | str | None,
    *,
    annotator_name: str | None,
    gold_by: str | None,
    suggest: bool,
    max_file_size: int,
) -> None:
    """Import articles from .txt, .jsonl and .csv files and folders (searched recursively).

    Each file is imported completely or not at all; articles already in the database
    (same text) are counted as duplicates, so an interrupted import can simply be rerun.
    A CSV file with an unbalanced quote is refused as a whole, naming the row.
    Gold spans never overwrite work: if the annotator already has spans or a state on an
    article, those are kept and the file's spans for it are listed as skipped (not a failure).
    Symbolic links inside folders are skipped and listed, never followed; a link named on the
    command line is followed. A file over --max-file-size is refused without being read.
    On a full disk the import stops at once; rerunning it resumes.
    Exits with status 1 if any file failed. Ctrl+C stops after the file being imported (a
    second Ctrl+C at once) and says how many files were saved (exit status 130); the same
    command again resumes.
    A database that did not exist and received nothing is not left behind.
    """
    from annotator.services.importing import ImportFiles, Owners, run_import  # noqa: PLC0415
    from annotator.services.listing import article_count  # noqa: PLC0415

    try:
        Owners.checked(annotator_name, gold_by)
    except AnnotatorNameError as exc:
        raise click.UsageError(str(exc)) from exc
    target = _target(db_path)
    new_db = not _is_server(target) and not Path(target).exists()
    db = _open(target)
    try:
        with _ctrl_c_stops_between_files() as stop:
            inputs = ImportFiles.find(paths)  # walked once, for the bar and the import
            run = functools.partial(
                run_import,
                db,
                inputs,
                annotator=annotator_name,
                gold_by=gold_by,
                suggest=suggest,
                stop=stop,
                max_file_size=max_file_size * MB,
            )
            if sys.stderr.isatty():
                with click.progressbar(
                    length=max(inputs.total_bytes(), 1), label="Importing", file=sys.stderr
                ) as bar:
                    report = run(progress=lambda _path, size: bar.update(size))
            else:
                report = run()
        empty = new_db and article_count(db) == 0
    except KeyboardInterrupt:  # outside a file (e.g. while listing a folder): nothing half-saved
        _say("interrupted; run the same command again to resume", err=True)
        sys.exit(130)
    finally:
        db.close()
    if empty:  # created by this very command and nothing went in: leave no empty project
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{target}{suffix}").unlink()
    _say_import_notes(report)
    _say(report.summary())
    if report.interrupted:
        _say(
            f"interrupted: {report.files} file(s) saved completely, the rest not started (or"
            " rolled back); run the same command again to resume (saved files count as"
            " duplicates)",
            err=True,
        )
        sys.exit(130)
    sys.exit(0 if report.ok else 1)


@cli.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
def stats_command(db_path: Path | str | None, as_json: bool) -> None:
    """Show articles, spans per label and status, and each annotator's progress."""
    from annotator.services.stats import format_stats, project_stats  # noqa: PLC0415

    _must_exist(db_path)
    db = _open(db_path, read_only=True)
    try:
        stats = project_stats(db)
    finally:
        db.close()
    if as_json:
        _say_json(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
    else:
        _say(format_stats(stats))


_SUGGEST_BATCH = 64  # jsonl lines of `annotator suggest` written at once


def _say_lines(lines: list[str]) -> None:
    """Print ``lines`` (already safe, see ``_say_json``) with one write, and empty the list."""
    if lines:
        lines.append("")
        text = "\n".join(lines)
        lines.clear()
        click.echo(text, nl=False)


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
@max_file_size_option
def suggest_command(paths: tuple[Path, ...], fmt: str, no_shape: bool, max_file_size: int) -> None:
    """Print the suggester's spans for .txt articles (files or folders); no database needed."""
    import gc  # noqa: PLC0415

    from annotator.services import suggesting  # noqa: PLC0415

    failed = False
    # jsonl lines go out in batches: one write and flush per article cost a system call each
    pending: list[str] = []
    # loading the suggester makes ~100,000 lasting objects and no garbage: no collection (it
    # would scan them all, again and again) until the first article is done
    gc.disable()
    try:
        for n, article in enumerate(
            suggesting.suggest_files(paths, max_file_size=max_file_size * MB)
        ):
            if n == 0:  # the suggester is loaded: the collector need not scan its tables again
                gc.freeze()
                gc.enable()
            if article.error is not None:
                failed = True
                _say_lines(pending)  # what came before the failure is printed before it
                _say(f"failed: {article.source}: {article.error}", err=True)
            elif fmt == "jsonl":
                pending.append(HAZARDS.sub(_json_escape, suggesting.jsonl_line(article)))
                if len(pending) >= _SUGGEST_BATCH:
                    _say_lines(pending)
            else:
                _say(suggesting.table(article, shaped=not no_shape))
    except suggesting.SuggestInputError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:  # the suggester's own data (input files fail one by one above)
        raise click.ClickException(
            f"the suggester cannot read {exc.filename}: {exc.strerror or exc}; reinstall"
            f" annotator (or correct ${RESOURCES_ENV})"
        ) from exc
    finally:
        gc.enable()
        _say_lines(pending)  # the articles done before an error are printed too
    sys.exit(1 if failed else 0)


@cli.command("agreement")
@db_option
@click.option(
    "--annotators",
    default=None,
    help="Comma-separated coders to compare (default: every coder who finished an article).",
)
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
@click.option("--per-article", is_flag=True, help="Also print a table line per article.")
def agreement_command(
    db_path: Path | str | None, annotators: str | None, as_json: bool, per_article: bool
) -> None:
    """Show how far coders agree on the articles each pair (and all) of them finished.

    Per pair (the first coder as reference): span precision/recall/F1 per label with exact
    and overlap matching, Cohen's kappa and Krippendorff's alpha on token labels; with more
    than two coders Fleiss' kappa for the group; Krippendorff's alpha on matched casualty
    kind, victim (nominal) and count (interval), and on actor ids.
    """
    from annotator.services.agreement import compute_agreement  # noqa: PLC0415
    from annotator.services.agreement_format import format_agreement  # noqa: PLC0415
    from annotator.services.errors import StoreError  # noqa: PLC0415

    _must_exist(db_path)
    names = [n.strip() for n in annotators.split(",") if n.strip()] if annotators else None
    db = _open(db_path, read_only=True)
    try:
        report = compute_agreement(db, names)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.close()
    if as_json:
        _say_json(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _say(format_agreement(report, per_article=per_article), nl=False)


@cli.command("assign")
@db_option
@click.option(
    "--annotators", required=True, help="Comma-separated coders to share the open articles among."
)
@click.option(
    "--overlap",
    type=click.FloatRange(0.0, 1.0),
    default=0.2,
    show_default=True,
    help="Share of the articles coded by two coders (for agreement).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="The same seed gives the same split."
)
@click.option(
    "--replace", is_flag=True, help="Also redo earlier assignments of articles nobody started."
)
def assign_command(
    db_path: Path | str | None, annotators: str, overlap: float, seed: int, replace: bool
) -> None:
    """Split the open articles among coders, a share of them coded by two.

    Open articles are those nobody has started and nobody is assigned yet. Each coder's
    article list shows their assignment first.
    """
    from annotator.services.assign import assign_articles  # noqa: PLC0415
    from annotator.services.errors import StoreError  # noqa: PLC0415

    _must_exist(db_path)
    names = [n.strip() for n in annotators.split(",") if n.strip()]
    db = _open(db_path)
    try:
        report = assign_articles(db, names, overlap, seed, replace=replace)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.close()
    _say(report.summary())


@cli.command("merge")
@click.argument("out")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Write nothing and exit 1 if there are conflicts.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def merge_command(out: str, inputs: tuple[Path, ...], strict: bool, as_json: bool) -> None:
    """Merge coders' databases into OUT (created if missing) without duplicates or loss.

    OUT may be a project on a team server (postgresql://USER@HOST/DATABASE); the inputs are
    project files.

    Articles are matched by their text; spans, states, gold and logs are brought together,
    and merging the same input again changes nothing. Inputs are only read. The same coder
    with different decisions on the same span or article is a conflict: OUT keeps its own
    version and the conflicts are listed (exit status 0; with --strict, exit 1 and nothing
    is written). Gold comes only with the lead who decided it; gold without one is listed,
    not merged. Every file is checked first: a damaged one is named, with its last backup.
    """
    from annotator.services.errors import StoreError  # noqa: PLC0415
    from annotator.services.merge import MergeConflictError, merge_databases  # noqa: PLC0415
    from annotator.services.team_server import is_server_url  # noqa: PLC0415

    if not is_server_url(out) and Path(out).is_dir():
        raise click.UsageError(f"OUT '{out}' is a directory, not a project file")
    try:
        report = merge_databases(out if is_server_url(out) else Path(out), inputs, strict=strict)
    except MergeConflictError as exc:
        _say(exc.report.summary(), err=True)
        _say(f"Error: {exc}", err=True)
        sys.exit(1)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        _say_json(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _say(report.summary())
    if report.conflicts:
        _say(f"warning: {len(report.conflicts)} conflict(s), see above", err=True)
    if report.gold_without_lead:
        _say(
            f"warning: {len(report.gold_without_lead)} gold row(s) without a deciding lead"
            " not merged, see above",
            err=True,
        )


EXPORT_FORMATS = ("jsonl", "prodigy", "conll", "brat", "csv", "spacy")
MAX_LISTED = 50


@cli.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(EXPORT_FORMATS),
    help="jsonl (gold, re-importable), prodigy, conll, brat (folder), csv (folder), spacy.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="The file to write; a folder for brat and csv.",
)
@click.option(
    "--layer",
    default="gold",
    show_default=True,
    help="gold, an annotator's name, or all (one record per article and annotator).",
)
@click.option(
    "--only",
    type=click.Choice(["done", "adjudicated"]),
    default=None,
    help="done: articles the annotator marked done; adjudicated: articles whose gold is done."
    " Default: every article with confirmed spans in the layer or marked done.",
)
def export_command(
    db_path: Path | str | None, fmt: str, out: Path, layer: str, only: str | None
) -> None:
    """Export annotations as gold JSONL, Prodigy, CoNLL, brat, CSV or a spaCy DocBin.

    The output appears only when complete and self-checked (each span's text read back
    equals text[start:end]); a failed export leaves no half file. Spans that the token-based
    formats (prodigy, conll, spacy) cannot represent exactly are listed on stderr and in
    OUT.alignment.tsv. Tokenisation and columns: docs/EXPORTS.md.
    """
    from annotator.services import export as exporting  # noqa: PLC0415

    _must_exist(db_path)
    options = exporting.ExportOptions(fmt, out, layer=layer, only=only)
    db = _open(db_path, read_only=True)
    try:
        if sys.stderr.isatty():
            with click.progressbar(length=1, label="Exporting", file=sys.stderr) as bar:

                def progress(done: int, total: int) -> None:
                    bar.length = max(total, 1)
                    bar.update(done - bar.pos)

                result = exporting.export(db, options, progress=progress)
        else:
            result = exporting.export(db, options)
    except exporting.ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.close()
    problems = result.problems
    for issue in problems[:MAX_LISTED]:
        _say(issue.line(), err=True)
    if len(problems) > MAX_LISTED:
        _say(f"… and {len(problems) - MAX_LISTED} more", err=True)
    if result.note:
        _say(f"warning: {result.note}", err=True)
    _say(result.summary())


@cli.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option(
    "--max-messages",
    type=click.IntRange(min=0),
    default=200,
    show_default=True,
    help="Print at most this many problems per file (the summary counts them all).",
)
@max_file_size_option
def validate_command(
    files: tuple[Path, ...], strict: bool, max_messages: int, max_file_size: int
) -> None:
    """Check gold JSONL files line by line against the codebook's format.

    Each file is decoded as import decodes it (UTF-8, UTF-16 with a BOM, Windows-1256; all
    but plain UTF-8 draw a warning). Prints FILE:LINE: error|warning: reason for each problem,
    then a summary per file.
    Errors (bad JSON, missing text or spans, offsets that are not integers or lie outside the
    text, a span text that differs from text[start:end], unknown labels or attribute values,
    spans not sorted by start, duplicate or overlapping spans, a bad annotator name) make the
    exit status 1: annotator import refuses the same lines. Warnings (incomplete casualty
    attributes, repeated articles, gold lines) do so only with --strict.
    """
    from annotator.services.validate import validate_file  # noqa: PLC0415

    failed = False
    for path in files:
        report = validate_file(path, max_file_size=max_file_size * MB)
        messages = report.messages()
        for message in messages[:max_messages]:
            _say(message)
        if len(messages) > max_messages:
            _say(f"{path}: … and {len(messages) - max_messages} more")
        _say(report.summary())
        failed = failed or not report.ok or (strict and bool(report.warnings))
    sys.exit(1 if failed else 0)


@cli.command("report")
@db_option
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write index.html and the PNG charts into (replaced if an earlier report).",
)
@click.option(
    "--layer",
    default="auto",
    show_default=True,
    help="Spans for the actor, place and casualty figures: auto (per article the adjudicated"
    " gold, else the coder who finished it first), gold, all (coders pooled), or a name.",
)
def report_command(db_path: Path | str | None, out: Path, layer: str) -> None:
    """Write an HTML report with charts of progress, labels, actors, places and casualties.

    Progress per coder, spans per label, the top actors and places, casualties by kind and
    victim, and agreement when coders double-coded articles; Arabic labels drawn with the
    bundled Noto Naskh Arabic font.
    """
    from annotator.services.errors import StoreError  # noqa: PLC0415
    from annotator.services.export import ExportError  # noqa: PLC0415
    from annotator.services.report import build_report  # noqa: PLC0415

    _must_exist(db_path)
    db = _open(db_path, read_only=True)
    try:
        result = build_report(db, out, layer=layer)
    except (ExportError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        db.close()
    _say(f"report: {result.index} ({len(result.charts)} charts)")


@cli.command("doctor")
@db_option
def doctor_command(db_path: Path | str | None) -> None:
    """Check that the desk can start here: Qt's system libraries, a display, the bundled data.

    Prints each check as OK or missing (with the Debian/Ubuntu and Fedora package to install),
    the Python and PySide6 versions, and where the project database and resources are.
    Exits with status 1 if the desk cannot start.
    """
    from annotator.services.doctor import doctor_lines  # noqa: PLC0415

    lines, ok = doctor_lines(_target(db_path))
    _say(f"annotator: {__version__}")
    for line in lines:
        _say(line)
    sys.exit(0 if ok else 1)


BACKUP_ON_SERVER = (
    "back a team server's project up with pg_dump (pg_dump -Fc -f team.dump DATABASE;"
    " see docs/TEAM.md)"
)
RESTORE_ON_SERVER = (
    "restore a team server's project from a pg_dump file with pg_restore (see docs/TEAM.md)"
)


@cli.command("backup")
@db_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the backup here (default: backups/NAME-YYYYmmdd-HHMMSS.db beside the project).",
)
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=None,
    help="Backups kept in backups/ (default 10); older ones are deleted.",
)
def backup_command(db_path: Path | str | None, out: Path | None, keep: int | None) -> None:
    """Save a consistent copy of the project file (safe while the desk is open).

    A team server's project is backed up with pg_dump instead (docs/TEAM.md).
    """
    from annotator.services.backup import DEFAULT_KEEP, make_backup  # noqa: PLC0415
    from annotator.services.errors import StoreError  # noqa: PLC0415

    path = _file_only(db_path, "backup", BACKUP_ON_SERVER)
    try:
        made = make_backup(path, out, keep=keep or DEFAULT_KEEP)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup: {made}")


@cli.command("restore")
@click.argument("backup", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def restore_command(backup: Path, db_path: Path | str | None) -> None:
    """Replace the project by BACKUP (checked first); the current project is backed up first.

    Refused while the project is open in a desk or another program. A team server's project
    is restored with pg_restore instead (docs/TEAM.md).
    """
    from annotator.services.backup import restore  # noqa: PLC0415
    from annotator.services.errors import StoreError  # noqa: PLC0415

    path = _file_only(db_path, "restore", RESTORE_ON_SERVER)
    try:
        result = restore(backup, path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored {result.project} from {result.restored_from}")
    if result.saved_as is not None:
        click.echo(f"its previous content is in {result.saved_as} (restore that to undo)")


# --- the team server (PostgreSQL): a self-contained group; see docs/TEAM_SERVER.md ---


@cli.group("server", context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def server_group(ctx: click.Context) -> None:
    """Set up a team's shared project on a PostgreSQL server (schema, roles, logins).

    Give the server with --db postgresql://USER@HOST:PORT/DATABASE (a libpq connection string)
    after the subcommand, or in $ANNOTATOR_DB. The password comes from the usual libpq places
    (PGPASSWORD, ~/.pgpass, a PGSERVICE entry) and is never printed.
    """
    if ctx.parent is not None and ctx.parent.params.get("db_path") is not None:
        raise click.UsageError("give --db after the server subcommand: server init --db URL")


def _server_db(value: str | None) -> str:
    from annotator.services.team_server import DB_ENV, is_server_url  # noqa: PLC0415

    if not value:
        raise click.UsageError(f"give the server with --db postgresql://… or ${DB_ENV}")
    if not (is_server_url(value) or "=" in value):
        raise click.UsageError(
            "--db must be a PostgreSQL connection string (postgresql://USER@HOST/DATABASE),"
            " not a project file"
        )
    return value


server_db_option = click.option(
    "--db",
    "server_db",
    envvar="ANNOTATOR_DB",
    default=None,
    help="The team server: a libpq connection string (postgresql://USER@HOST:PORT/DATABASE);"
    " default $ANNOTATOR_DB. Needs a login allowed to create roles (the server's admin).",
)


@server_group.command("init")
@server_db_option
def server_init_command(server_db: str | None) -> None:
    """Create the project's tables, group roles and access rules in an empty database."""
    from annotator.services.team_server import ServerError, init_project  # noqa: PLC0415

    try:
        made = init_project(_server_db(server_db))
    except ServerError as exc:  # one that cannot be reached: exit status 2, as every --db
        raise _store_failure(exc) from None
    click.echo(f"project created on {made.where} (schema at {made.migrations[-1]})")
    click.echo(f"group roles: {made.groups.coders}, {made.groups.leads}")


def _read_password(password_file: Path | None, login_name: str) -> str:
    if password_file is None:
        return click.prompt(f"Password for {login_name}", hide_input=True, confirmation_prompt=True)
    try:
        text = password_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise click.ClickException(f"{password_file}: cannot read the password: {reason}") from None
    password = text.split("\n", 1)[0].rstrip("\r")
    if not password:
        raise click.ClickException(f"{password_file}: line 1: the password is empty")
    return password


def _add_person(
    role: str, name: str, login: str | None, password_file: Path | None, server_db: str | None
) -> None:
    from annotator.services.team_server import ServerError, add_person  # noqa: PLC0415

    where = _server_db(server_db)
    try:
        password = _read_password(password_file, login or name)
        made = add_person(where, name, password, role=role, login=login)
    except ServerError as exc:
        raise _store_failure(exc) from None
    except AnnotatorNameError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{role} {name!r} can now log in as {made!r}")


_login_option = click.option(
    "--login",
    default=None,
    help="The database login (ASCII; default: the name in lowercase when it is one).",
)
_password_file_option = click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read the password from the first line of this file instead of asking for it.",
)


@server_group.command("add-coder")
@click.argument("name")
@_login_option
@_password_file_option
@server_db_option
def server_add_coder_command(
    name: str, login: str | None, password_file: Path | None, server_db: str | None
) -> None:
    """Create a database login for coder NAME, who may then write only their own layer."""
    from annotator.services.team_server import CODER  # noqa: PLC0415

    _add_person(CODER, name, login, password_file, server_db)


@server_group.command("add-lead")
@click.argument("name")
@_login_option
@_password_file_option
@server_db_option
def server_add_lead_command(
    name: str, login: str | None, password_file: Path | None, server_db: str | None
) -> None:
    """Create a database login for lead NAME, who may adjudicate (gold) and assign articles."""
    from annotator.services.team_server import LEAD  # noqa: PLC0415

    _add_person(LEAD, name, login, password_file, server_db)


# --- taking work offline from a team server: checkout / checkin (services.checkout) ---

_team_db_option = click.option(
    "--db",
    "server_db",
    envvar="ANNOTATOR_DB",
    default=None,
    help="The team server: a libpq connection string (postgresql://USER@HOST:PORT/DATABASE);"
    " default $ANNOTATOR_DB.",
)


@cli.command("checkout")
@_team_db_option
@click.option("--annotator", "annotator", required=True, help="The coder whose work to take.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The new SQLite project to write (never overwritten).",
)
def checkout_command(server_db: str | None, annotator: str, out: Path) -> None:
    """Copy a coder's assigned articles from the team server into a new SQLite project.

    The copy holds what the desk needs to code offline: the texts, their suggestions, the
    coder's own spans, states and log. Open it with 'annotator gui --db OUT' and bring the
    decisions back with 'annotator checkin OUT --db …'.
    """
    from annotator.services.checkout import checkout  # noqa: PLC0415
    from annotator.services.errors import StoreError  # noqa: PLC0415

    try:
        report = checkout(_server_db(server_db), annotator, out)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    _say(report.summary())


@cli.command("checkin")
@click.argument("laptop", type=click.Path(dir_okay=False, path_type=Path))
@_team_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def checkin_command(laptop: Path, server_db: str | None, as_json: bool) -> None:
    """Bring the decisions of a checked-out project LAPTOP back to the team server.

    The merge rules apply: articles are matched by their text, the same span decided
    differently on the server meanwhile is a conflict (the server keeps its version and the
    conflict is listed), and checking in again changes nothing. Only the coder's own layer
    travels, and the server lets a coder's login write only its own.
    """
    from annotator.services.checkout import checkin  # noqa: PLC0415
    from annotator.services.errors import StoreError  # noqa: PLC0415

    try:
        report = checkin(laptop, _server_db(server_db))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        _say_json(json.dumps(report.merge.as_dict(), ensure_ascii=False, indent=2))
    else:
        _say(report.summary())
    if report.merge.conflicts:
        _say(f"warning: {len(report.merge.conflicts)} conflict(s), see above", err=True)


def main() -> None:
    """Console entry point."""
    cli(prog_name="annotator")
