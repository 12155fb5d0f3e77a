"""Where the bundled data lives: the resources/ and seeds/ folders (imports nothing of ours)."""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES_ENV = "ANNOTATOR_RESOURCES"
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
