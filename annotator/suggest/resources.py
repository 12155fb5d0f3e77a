"""Locate and read the suggester's data files in resources/."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from annotator.paths import resources_dir

#: Files of resources/ the suggester reads (their bytes key the cache and the version).
DATA_FILES: tuple[str, ...] = (
    "actors.json",
    "places.json",
    "place_words.json",
    "common_words.txt",
    "boilerplate.json",
    "casualty_words.json",
    "numbers_person_nouns.json",
)


def resource_dir() -> Path:
    """The resources/ folder: $ANNOTATOR_RESOURCES, else the bundled one (annotator.paths)."""
    return resources_dir()


def resource_path(name: str) -> Path:
    return resource_dir() / name


@cache
def load_json(name: str) -> dict[str, Any]:
    """One JSON resource, parsed once per process."""
    with resource_path(name).open(encoding="utf-8") as fh:
        return json.load(fh)


def load_lines(name: str) -> list[str]:
    """A text resource: one entry a line, '#' comments and blank lines skipped."""
    out: list[str] = []
    with resource_path(name).open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return out


def data_hash() -> str:
    """A digest of every data file, so a change to the data changes the suggester's version."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        path = resource_path(name)
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()
