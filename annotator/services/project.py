"""The user's project database: where it lives, opening it, seeding a new one."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from annotator.paths import seeds_dir
from annotator.services.importing import ImportReport, Suggest, import_paths
from annotator.services.projects import DB_ENV, Target, is_server, project_target
from annotator.store import Project, StoreError, open_store
from annotator.store import repository as repo
from annotator.store.settings import get_setting, stamp_setting

DATA_DIR_ENV = "ANNOTATOR_DATA_DIR"
DB_NAME = "annotator.db"
SEEDED_KEY = "seeded_at"


def data_dir() -> Path:
    """The folder for the user's data: $ANNOTATOR_DATA_DIR, else the platform's data dir."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir("annotator"))


def default_db_path() -> Path:
    """Where the project database lives unless ``--db`` says otherwise."""
    return data_dir() / DB_NAME


def default_target() -> Target:
    """The project a command opens without ``--db``: $ANNOTATOR_DB (a connection string or a
    file), else the default database file."""
    value = os.environ.get(DB_ENV, "")
    return project_target(value) if value.strip() else default_db_path()


def is_default_db(db_path: Path | str | None) -> bool:
    """True for the default project (no --db nor $ANNOTATOR_DB, or the default file's path)."""
    target = default_target() if db_path is None else project_target(db_path)
    if is_server(target):
        return False
    return Path(target).resolve() == default_db_path().resolve()


def open_project(db_path: Path | str | None = None, *, read_only: bool = False) -> Project:
    """Open the project (``default_target()`` unless one is given): a team server's, or a
    database file, creating it; ``read_only`` (a command that only reads): a project in a
    read-only place opens read-only."""
    target = default_target() if db_path is None else project_target(db_path)
    if is_server(target):
        return open_store(str(target))
    path = Path(target)
    if path == default_db_path() and not (read_only and path.exists()):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path.parent}: cannot create the data folder: {exc}") from exc
    return open_store(path, read_only=read_only)


def ensure_seeded(db: Project, suggest: Suggest | None = None) -> ImportReport | None:
    """Import the bundled seed articles into an empty project, once; None if nothing to do.

    Meant for the default (demo) project only: see ``is_default_db``. If suggesting fails,
    the seeds are imported without suggestions rather than not at all.
    """
    if repo.article_count(db) or get_setting(db, SEEDED_KEY) is not None:
        return None
    seeds = seeds_dir()
    if seeds is None:
        return None
    report = import_paths(db, [seeds], suggest=suggest)
    if report.failures and suggest is not None:  # e.g. a broken suggester: seed without it
        retry = import_paths(db, [seeds])
        report.warnings.append(
            "the sample articles were imported without suggestions: " + str(report.failures[0])
        )
        report.imported += retry.imported
        report.article_ids += retry.article_ids
        report.failures = retry.failures
    if report.imported:
        stamp_setting(db, SEEDED_KEY)
    return report
