"""Backups of a project: consistent snapshots in ``backups/`` beside it, kept N deep, and restore.

Like Anki: while the desk is open, a snapshot through SQLite's backup API (a consistent copy,
committed WAL content included, taken while coders keep working) at most every
``DEFAULT_INTERVAL_S`` of work, and one when the desk closes after changes; no backup when
nothing changed. Snapshots are named ``NAME-YYYYmmdd-HHMMSS.db``, written as ``.part`` and
renamed, and the newest ``DEFAULT_KEEP`` are kept. ``restore`` first checks the backup
(``PRAGMA quick_check``), refuses while another connection has the project open, saves the
current project as a backup (so a restore can itself be undone) and replaces it atomically.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.store import StoreDamagedError, StoreError
from annotator.store.connection import (
    backup_database,
    backups_folder,
    check_sound,
    preflight,
    quick_check,
)
from annotator.store.postgres.connect import describe, is_server_url
from annotator.store.replacing import replace_project

DEFAULT_INTERVAL_S = 30 * 60  # at most one automatic backup per 30 minutes of work
DEFAULT_KEEP = 10  # automatic backups kept per project
_STAMP = "%Y%m%d-%H%M%S"


def backup_name(project: Path, when: datetime | None = None) -> Path:
    """``backups/NAME-YYYYmmdd-HHMMSS.db`` beside ``project``; a second one in the same second
    gets ``-2`` (then ``-3``…), so names sort in the order the backups were made."""
    folder = backups_folder(project)
    stamp = (when or datetime.now(UTC)).strftime(_STAMP)
    same = [_order(project, p)[1] for p in list_backups(project) if _order(project, p)[0] == stamp]
    if not same and not (folder / f"{project.stem}-{stamp}.db").exists():
        return folder / f"{project.stem}-{stamp}.db"
    return folder / f"{project.stem}-{stamp}-{max(same, default=1) + 1}.db"


def _pattern(project: Path) -> re.Pattern[str]:
    return re.compile(re.escape(project.stem) + r"-(\d{8}-\d{6})(?:-(\d+))?\.db")


def _order(project: Path, backup: Path) -> tuple[str, int]:
    """(time stamp, number within that second) of an automatic backup's name."""
    found = _pattern(project).fullmatch(backup.name)
    assert found is not None
    return found[1], int(found[2] or 1)


def list_backups(project: Path) -> list[Path]:
    """The project's automatic backups, oldest first."""
    folder = backups_folder(project)
    if not folder.is_dir():
        return []
    pattern = _pattern(project)
    found = [p for p in folder.iterdir() if pattern.fullmatch(p.name)]
    return sorted(found, key=lambda p: _order(project, p))


def rotate(project: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups; the ones deleted."""
    backups = list_backups(project)
    gone = backups[: max(0, len(backups) - max(1, keep))]
    for old in gone:
        with suppress(OSError):
            old.unlink()
    return gone


def make_backup(
    project: Path | str, out: Path | str | None = None, *, keep: int = DEFAULT_KEEP
) -> Path:
    """A consistent snapshot of ``project``: to ``out``, or into ``backups/`` (then rotated);
    StoreDamagedError for a damaged project."""
    _files_only(project, "back it up")
    project = Path(project)
    if not project.is_file():
        raise StoreError(f"{project}: no such database")
    check_sound(project)  # a copy of a damaged file must not push good backups out
    if out is not None:
        target = Path(out)
        if target.exists() and target.resolve() == project.resolve():
            raise StoreError(f"{target}: the backup cannot be the project itself")
        return backup_database(project, target, purpose="")
    folder = backups_folder(project)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{folder}: cannot create the backups folder: {exc}") from exc
    target = backup_database(project, backup_name(project), purpose="")
    rotate(project, keep)
    return target


@dataclass
class RestoreResult:
    """What a restore did: the project replaced, and where its previous content went."""

    project: Path
    restored_from: Path
    saved_as: Path | None  # None: there was no project to save


def restore(backup: Path | str, project: Path | str) -> RestoreResult:
    """Replace ``project`` by ``backup`` after checking it; the current project is saved first."""
    _files_only(project, "restore it")
    _files_only(backup, "restore from it")
    backup, project = Path(backup), Path(project)
    if not backup.is_file():
        raise StoreError(f"{backup}: no such backup")
    if project.exists() and backup.resolve() == project.resolve():
        raise StoreError(f"{backup}: this is the project itself")
    problems = quick_check(backup)
    if problems:
        raise StoreDamagedError(f"{backup}: this backup is damaged ({'; '.join(problems[:3])})")
    preflight(backup)
    part = project.with_name(project.name + ".restore.part")
    backup_database(backup, part, purpose="to restore it")
    try:
        saved = replace_project(project, part, _save_current)
    finally:
        part.unlink(missing_ok=True)
    return RestoreResult(project, backup, saved)


def _files_only(target: Path | str, doing: str) -> None:
    """StoreError for a project on a team server: its backups are the server's (pg_dump)."""
    if is_server_url(target):
        raise StoreError(
            f"{describe(str(target).strip())}: a project on a team server; {doing} on the server"
            " with pg_dump / pg_restore (docs/TEAM.md): backup and restore copy project files"
        )


def _save_current(project: Path) -> Path:
    """Back the current project up before it is replaced; a damaged one is copied as it is."""
    try:
        return make_backup(project, keep=1 << 30)
    except StoreError:
        folder = backups_folder(project)
        folder.mkdir(exist_ok=True)
        target = backup_name(project).with_suffix(".damaged")
        for side in ("", "-wal"):
            source = project.with_name(project.name + side)
            if source.exists():
                copy = target.with_name(target.name + side)
                part = copy.with_name(copy.name + ".part")
                shutil.copyfile(source, part)
                part.replace(copy)
        return target


class AutoBackup:
    """When to back the open project up (Qt-free; the desk calls it from a timer).

    ``note_work()`` after each decision; ``due()`` is True once work was done since the last
    backup and ``interval_s`` have passed since it (or since the desk opened).
    ``start_if_due()`` makes the backup in a thread of its own; ``finish()`` (the desk
    closing) waits for it and backs up once more if anything changed since.
    """

    def __init__(
        self,
        project: Path,
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        keep: int = DEFAULT_KEEP,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.project = project
        self.interval_s = interval_s
        self.keep = keep
        self._clock = clock
        self._last = clock()
        self._work = 0  # decisions since the last backup started
        self._thread: threading.Thread | None = None
        self.made: list[Path] = []
        self.errors: list[str] = []

    def note_work(self) -> None:
        """A decision was written."""
        self._work += 1

    def due(self) -> bool:
        return self._work > 0 and self._clock() - self._last >= self.interval_s

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start_if_due(self) -> bool:
        """Start a backup in the background if one is due and none is running."""
        if not self.due() or self.running:
            return False
        self._work = 0
        self._last = self._clock()
        self._thread = threading.Thread(target=self._backup, name="annotator-backup", daemon=True)
        self._thread.start()
        return True

    def take_errors(self) -> list[str]:
        """The failures since the last call (read from the GUI thread)."""
        errors, self.errors = self.errors, []
        return errors

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def finish(self) -> Path | None:
        """The desk closes: wait for a running backup, then back up if anything changed."""
        self.wait()
        if self._work == 0:
            return None
        self._work = 0
        return self._backup()

    def _backup(self) -> Path | None:
        try:
            made = make_backup(self.project, keep=self.keep)
        except StoreError as exc:
            self.errors.append(str(exc))  # the desk shows it (from its own thread)
            return None
        self.made.append(made)
        return made
