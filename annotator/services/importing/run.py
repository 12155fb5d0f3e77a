"""The import use case: files and folders walked once, read ahead, suggested in a pool of
processes, each file stored completely or not at all.

Articles are stored once by content hash, so running the import again resumes it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain import Suggestion
from annotator.services.decoding import (
    DEFAULT_MAX_FILE_SIZE,
    MAX_SUGGEST_CHARS,
    display_name,
    walk_inputs,
)
from annotator.services.importing.readers import SUFFIXES, missing, read_records
from annotator.services.importing.report import (
    DiskFullError,
    Failure,
    FileError,
    ImportReport,
    Owners,
    Record,
    Unsuggested,
)
from annotator.services.importing.storing import store_file
from annotator.services.suggest_pool import Outcome, PooledSuggest
from annotator.store import Project, StoreBusyError, StoreDamagedError
from annotator.store import repository as repo
from annotator.store.learned import learned_names
from annotator.store.staging import (
    BrokenDatabase,
    ConnectionLost,
    Refused,
    one_writer,
    remove_unfinished,
)

Suggest = Callable[[str], list[Suggestion]]
Progress = Callable[[Path, int], None]


@dataclass
class ImportFiles:
    """An import's inputs, walked once: the files to read (path, source name, named on the
    command line) and what the walk met besides."""

    files: list[tuple[Path, str, bool]]
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files of other types
    links: list[Path] = field(default_factory=list)  # symbolic links in folders, not followed

    @classmethod
    def find(cls, paths: Iterable[Path | str]) -> ImportFiles:
        """Walk files and folders (recursively, in sorted order)."""
        walk = walk_inputs((Path(p) for p in paths), SUFFIXES)
        return cls(walk.files, [missing(p) for p in walk.missing], walk.others, walk.links)

    def total_bytes(self) -> int:
        """The size of the files to read, for a progress bar."""
        return sum(_size(path) for path, _source, _named in self.files)


def run_import(
    db: Project,
    inputs: ImportFiles | Sequence[Path | str],
    *,
    annotator: str | None = None,
    gold_by: str | None = None,
    suggest: bool = True,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> ImportReport:
    """The import as the command line and the desk run it (see ``import_paths``).

    With ``suggest`` the suggester, with the names coders taught it in this project, runs in
    worker processes (started only for a large import) that are stopped at the end.
    """
    if not suggest:
        return import_paths(
            db,
            inputs,
            annotator,
            None,
            progress,
            gold_by=gold_by,
            max_file_size=max_file_size,
            stop=stop,
        )
    with PooledSuggest(learned_names(db)) as suggester:
        return import_paths(
            db,
            inputs,
            annotator,
            suggester,
            progress,
            gold_by=gold_by,
            max_file_size=max_file_size,
            stop=stop,
        )


def import_paths(
    db: Project,
    paths: ImportFiles | Sequence[Path | str],
    annotator: str | None = None,
    suggest: Suggest | None = None,
    progress: Progress | None = None,
    *,
    gold_by: str | None = None,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    stop: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files and folders (recursively, in sorted order); one transaction per file.

    ``annotator`` owns gold spans of .jsonl lines (else the line's ``annotator``, else
    "import"); names follow ``domain.names`` (AnnotatorNameError for a bad ``annotator`` or
    ``gold_by``). Lines owned by ``gold`` need ``gold_by``, the lead who writes the gold
    layer, recorded in the audit log; without it such a file fails on that line.
    ``suggest`` is called on each new article's text and its suggestions are
    stored in the same transaction. ``progress(path, size)`` is called after each file.
    Files over ``max_file_size`` bytes fail without being read; symbolic links inside
    folders are skipped and listed in ``report.links`` (a link named in ``paths`` is followed).

    Files already imported count their articles as duplicates, so running the same import
    again after a crash or a stop finishes it without duplicating anything. When ``stop()``
    turns true (or on KeyboardInterrupt, which rolls back the file being read) the import stops
    after the last complete file (``report.interrupted``). If another program keeps the
    database locked beyond the busy timeout, the database turns out damaged, or the disk is
    full, the import stops at that file (``report.stopped`` says why; it is also a failure).
    """
    owners = Owners.checked(annotator, gold_by)
    walk = paths if isinstance(paths, ImportFiles) else ImportFiles.find(paths)
    report = ImportReport(
        failures=list(walk.failures), skipped=list(walk.skipped), links=list(walk.links)
    )
    pace = LockPace(one_writer(db))
    refused = None
    try:
        remove_unfinished(db, pace)  # what a killed import left hidden: stored again below
    except Refused as exc:  # the login may not import: said at the first file
        refused = exc
    ahead = _ReadAhead(db, walk.files, owners, suggest, max_file_size)
    while (prepared := ahead.next()) is not None:
        path = prepared.path
        if stop is not None and stop():  # e.g. Ctrl+C: stop between files
            report.interrupted = True
            report.stopped = "interrupted"
            break
        try:
            if refused is not None:
                raise refused
            _store_prepared(db, prepared, owners, report, pace)
            report.files += 1
        except Refused as exc:
            report.stopped = (
                f"{exc}. Importing into a team server needs a lead's login (coded work of"
                " others: the server's admin)"
            )
            report.failures.append(Failure(path, None, f"not stored: {exc}"))
            break
        except KeyboardInterrupt:  # the file being read was rolled back; say so
            report.interrupted = True
            report.stopped = "interrupted"
            break
        except FileError as exc:
            report.failures.append(Failure(path, exc.line, exc.reason))
        except DiskFullError as exc:
            report.stopped = (
                f"the disk is full ({exc}); {report.files} file(s) were saved before it."
                " Free some space and run the same import again: it resumes where it stopped"
            )
            report.failures.append(Failure(path, None, "not stored: the disk is full"))
            break
        except ConnectionLost as exc:
            report.stopped = (
                f"the connection to the team server was lost; {report.files} file(s) were saved"
                " before it. Run the same import again once the server is back: it resumes"
                " where it stopped"
            )
            report.failures.append(Failure(path, None, f"not stored: {exc}"))
            break
        except (StoreBusyError, StoreDamagedError, BrokenDatabase) as exc:
            busy = isinstance(exc, StoreBusyError)
            report.stopped = (
                "the database stayed locked by another program; run the import again"
                if busy
                else "the database cannot be written"
            )
            report.failures.append(Failure(path, None, f"not stored: {exc}"))
            break
        if progress is not None:
            progress(path, _size(path))
    return report


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def import_file(
    db: Project,
    path: Path,
    source: str | None = None,
    *,
    annotator: str | None = None,
    suggest: Suggest | None = None,
    report: ImportReport | None = None,
    gold_by: str | None = None,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> ImportReport:
    """Import one file completely or not at all; FileError says why not.

    StoreBusyError and StoreDamagedError are raised as they are: the database is at fault,
    not the file; DiskFullError when the disk (or the database's page limit) is full.
    """
    report = report if report is not None else ImportReport()
    owners = Owners.checked(annotator, gold_by)
    remove_unfinished(db)
    _import_one(
        db,
        path,
        source,
        owners=owners,
        suggest=suggest,
        report=report,
        max_file_size=max_file_size,
        follow=True,
    )
    return report


# The write lock is held only while a file is published (``storing``), in short transactions
# of about ``staging.CHUNK_ROWS`` rows. After HOLD_S seconds of holding it (one or more
# transactions), the next one starts no sooner than PAUSE_S after the last: longer than the
# longest sleep of SQLite's busy handler (100 ms), so a coder waiting for the lock always gets
# it then (staging the next file, which takes no lock, often fills it). A team server has no
# such lock (``staging.one_writer``): a coder's decision never waits behind the import's rows
# (all new), so there the transactions follow one another without a pause.
HOLD_S = 0.1
PAUSE_S = 0.11


class LockPace:
    """Shares the write lock between an import's transactions and the coders (``Pace``);
    ``pause`` False (a server) never sleeps."""

    def __init__(self, pause: bool = True) -> None:
        self.pause = pause
        self.pauses = 0  # how often it let coders go first
        self.held = 0.0  # seconds the write lock was held since the last pause
        self.released = time.monotonic()  # when it was last released

    def before(self) -> None:
        if self.pause and self.held >= HOLD_S:  # a waiting coder gets the lock now
            time.sleep(max(0.0, PAUSE_S - (time.monotonic() - self.released)))
            self.held = 0.0
            self.pauses += 1

    def after(self, held: float) -> None:
        self.held += held
        self.released = time.monotonic()


# How far reading and suggesting may run ahead of storing, when the suggester takes many
# texts at once (``submit``, e.g. ``PooledSuggest``): enough texts to keep every worker busy.
AHEAD_TEXTS = 2000
AHEAD_FILES = 256


@dataclass
class _Prepared:
    """A file read, its new texts given to the suggester, waiting for its turn to be stored."""

    path: Path
    records: list[Record] = field(default_factory=list)
    error: FileError | KeyboardInterrupt | None = None
    todo: list[Record] = field(default_factory=list)  # the records whose texts are suggested
    outcomes: Callable[[], list[Outcome]] | None = None
    unsuggested: list[Unsuggested] = field(default_factory=list)


class _ReadAhead:
    """Files read (and suggested) in order; with a batch suggester, several files ahead."""

    def __init__(
        self,
        db: Project,
        files: Iterable[tuple[Path, str, bool]],
        owners: Owners,
        suggest: Suggest | None,
        max_file_size: int,
    ) -> None:
        self.db = db
        self.files = iter(files)
        self.owners = owners
        self.suggest = suggest
        self.max_file_size = max_file_size
        self.batched = suggest is not None and callable(getattr(suggest, "submit", None))
        self.queue: deque[_Prepared] = deque()

    def next(self) -> _Prepared | None:
        """The next file, read; reads on while the suggester has too little to do."""
        if not self.queue:
            self._read_one()
        while (
            self.batched
            and len(self.queue) < AHEAD_FILES
            and sum(len(p.todo) for p in self.queue) < AHEAD_TEXTS
            and self._read_one()
        ):
            pass
        return self.queue.popleft() if self.queue else None

    def _read_one(self) -> bool:
        item = next(self.files, None)
        if item is None:
            return False
        path, source, named = item
        try:
            prepared = _prepare(
                self.db,
                path,
                source,
                owners=self.owners,
                suggest=self.suggest,
                max_file_size=self.max_file_size,
                follow=named,
            )
        except KeyboardInterrupt as exc:  # reported at the file's turn
            prepared = _Prepared(path, error=exc)
        self.queue.append(prepared)
        return True


def _prepare(
    db: Project,
    path: Path,
    source: str | None,
    *,
    owners: Owners,
    suggest: Suggest | None,
    max_file_size: int,
    follow: bool,
) -> _Prepared:
    """Read one file and hand its texts not stored yet to the suggester (before any write).

    A text longer than ``MAX_SUGGEST_CHARS`` gets no suggestions (the suggester's memory
    grows with the text): it is listed in ``report.unsuggested`` when the file is stored.
    """
    try:
        records = read_records(path, source, max_size=max_file_size, follow=follow)
        for rec in records:
            if rec.spans is not None:
                owners.of(rec)  # refuse gold without a lead before any work
    except FileError as exc:
        return _Prepared(path, error=exc)
    prepared = _Prepared(path, records)
    if suggest is None:
        return prepared
    stored = repo.stored_hashes(db, [rec.digest for rec in records])
    seen: set[str] = set()
    for rec in records:
        digest = rec.digest
        if digest in stored or digest in seen:
            continue
        seen.add(digest)
        if len(rec.article.text) > MAX_SUGGEST_CHARS:
            prepared.unsuggested.append(Unsuggested(path, rec.line, len(rec.article.text)))
            continue
        prepared.todo.append(rec)
    texts = [rec.article.text for rec in prepared.todo]
    submit = getattr(suggest, "submit", None)
    if callable(submit):
        prepared.outcomes = submit(texts)
    else:
        prepared.outcomes = lambda: _suggest_each(suggest, texts)
    return prepared


def _suggest_each(suggest: Suggest, texts: list[str]) -> list[Outcome]:
    """Each text's suggestions, up to the first text the suggester fails on (its error)."""
    outcomes: list[Outcome] = []
    for text in texts:
        try:
            outcomes.append(list(suggest(text)))
        except Exception as exc:
            outcomes.append(exc)
            break
    return outcomes


def _suggestions(prepared: _Prepared) -> dict[str, list[Suggestion]]:
    """The suggestions of the file's new texts; FileError on the first text the suggester
    failed on."""
    if prepared.outcomes is None:
        return {}
    out: dict[str, list[Suggestion]] = {}
    for rec, outcome in zip(prepared.todo, prepared.outcomes(), strict=False):
        if isinstance(outcome, OSError):  # e.g. a data file missing from a broken install
            raise FileError(f"the suggester failed: {_os_error(outcome)}", rec.line) from outcome
        if isinstance(outcome, BaseException):
            raise FileError(f"the suggester failed: {outcome!r}", rec.line) from outcome
        out[rec.digest] = outcome
    return out


def _import_one(
    db: Project,
    path: Path,
    source: str | None,
    *,
    owners: Owners,
    suggest: Suggest | None,
    report: ImportReport,
    max_file_size: int,
    follow: bool,
) -> None:
    prepared = _prepare(
        db,
        path,
        source,
        owners=owners,
        suggest=suggest,
        max_file_size=max_file_size,
        follow=follow,
    )
    _store_prepared(db, prepared, owners, report, LockPace(one_writer(db)))


def _store_prepared(
    db: Project, prepared: _Prepared, owners: Owners, report: ImportReport, pace: LockPace
) -> None:
    """Store one read file (FileError, nothing stored, if it cannot be)."""
    if prepared.error is not None:
        raise prepared.error
    report.unsuggested += prepared.unsuggested
    suggestions = _suggestions(prepared)
    store_file(
        db, prepared.path, prepared.records, suggestions, owners=owners, report=report, pace=pace
    )


def _os_error(exc: OSError) -> str:
    """An OSError naming its file (its repr leaves the file name out)."""
    if exc.filename is None:
        return repr(exc)
    return f"{type(exc).__name__}: {exc.strerror or exc}: {display_name(str(exc.filename))}"
