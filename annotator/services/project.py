"""The user's project database: where it lives, opening it, seeding a new one."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from annotator.paths import seeds_dir
from annotator.services.importing import ImportReport, Suggest, import_paths
from annotator.store import Project, StoreError, open_store
from annotator.store import repository as repo
from annotator.store.postgres.connect import is_server_url
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


def is_default_db(db_path: Path | str | None) -> bool:
    """True for the default project (no path, or the path of the default database file)."""
    if db_path is None:
        return True
    return Path(db_path).resolve() == default_db_path().resolve()


def open_project(db_path: Path | str | None = None, *, read_only: bool = False) -> Project:
    """Open the project database (the default one unless a path is given), creating it;
    ``read_only`` (a command that only reads): a project in a read-only place opens read-only."""
    if isinstance(db_path, str) and is_server_url(db_path):
        return open_store(db_path, read_only=read_only)  # Path() would drop a slash
    path = Path(db_path) if db_path is not None else default_db_path()
    if db_path is None and not (read_only and path.exists()):
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
