"""Where the bundled data lives (the resources/ and seeds/ folders) and where the GUI keeps its
settings file (imports nothing of ours)."""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES_ENV = "ANNOTATOR_RESOURCES"
CONFIG_ENV = "ANNOTATOR_CONFIG_DIR"
DATA_ENV = "ANNOTATOR_DATA_DIR"
SETTINGS_FILE = "annotator.ini"
PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path | None:
    """The folder ``name`` inside the package (an install), else beside it (a checkout)."""
    for base in (PACKAGE_DIR, PACKAGE_DIR.parent):
        if (base / name).is_dir():
            return base / name
    return None


def resources_dir() -> Path:
    """The resources/ folder: $ANNOTATOR_RESOURCES, else the bundled one."""
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    return _bundled("resources") or PACKAGE_DIR.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file or folder under resources/ (e.g. ``resource_path("fonts", "OFL.txt")``)."""
    return resources_dir().joinpath(*parts)


def seeds_dir() -> Path | None:
    """The seed articles imported into a new project, if they are bundled."""
    return _bundled("seeds")


def settings_file() -> Path | None:
    """The GUI's settings file: ``annotator.ini`` in $ANNOTATOR_CONFIG_DIR, else in
    $ANNOTATOR_DATA_DIR (a portable install or a test keeps everything in that one folder);
    None when neither is set: the user's settings folder, as Qt finds it
    (``~/.config/annotator/annotator.ini`` on Linux)."""
    for name in (CONFIG_ENV, DATA_ENV):
        folder = os.environ.get(name)
        if folder:
            return Path(folder) / SETTINGS_FILE
    return None
