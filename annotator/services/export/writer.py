"""The writer stage: an output appears whole (temp file or folder, then a rename) or not at all."""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.services.export.dataset import ExportError

MARKER = "annotator-export.json"


def prepare_parent(out: Path) -> None:
    """Create the output's folder; ExportError if that is impossible."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out.parent}: cannot create the folder: {exc}") from exc


def check_file_target(out: Path) -> None:
    """A file output may replace a file, never a folder."""
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name for this format")


def check_dir_target(out: Path) -> None:
    """A folder output may replace an empty folder or an earlier export, nothing else."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; this format writes a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ExportError(
            f"{out} is a folder with other files in it; choose a new or empty folder"
            f" (an earlier export, recognised by its {MARKER}, is replaced)"
        )


@contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """A temp path next to ``out``; renamed onto ``out`` only if the block succeeds."""
    check_file_target(out)
    prepare_parent(out)
    tmp = _fresh(out, ".tmp")
    tmp.touch(exist_ok=False)  # unlike mkstemp, honours the umask like any new file
    try:
        yield tmp
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_dir(out: Path, info: dict[str, Any]) -> Iterator[Path]:
    """A temp folder next to ``out`` (with the marker file); swapped in if the block succeeds."""
    check_dir_target(out)
    prepare_parent(out)
    tmp = _fresh(out, ".tmp")
    tmp.mkdir()
    try:
        yield tmp
        (tmp / MARKER).write_text(
            json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        _swap_in(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _fresh(out: Path, suffix: str) -> Path:
    """An unused hidden name next to ``out``."""
    while True:
        candidate = out.with_name(f".{out.name}.{secrets.token_hex(6)}{suffix}")
        if not candidate.exists():
            return candidate


def _swap_in(tmp: Path, out: Path) -> None:
    if not out.exists():
        tmp.replace(out)
        return
    old = _fresh(out, ".old")
    out.replace(old)
    try:
        tmp.replace(out)
    except OSError:
        old.replace(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
