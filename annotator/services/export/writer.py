"""The writer stage: an output appears whole or not at all, and an earlier export is never lost.

A file output is written to a hidden temp file next to ``OUT`` and renamed over it. A folder
output is written to a hidden temp folder next to ``OUT`` and then swapped in:

- on Linux, ``renameat2(RENAME_EXCHANGE)`` swaps the two folders in one step, so at every
  instant ``OUT`` is the earlier complete export or the new one; the earlier one, now under the
  temp name, is then deleted;
- where there is no such swap (other systems, file systems without it) ``OUT`` is first renamed
  to ``.OUT.previous``, then the new folder to ``OUT``, then the previous one deleted. A kill
  between the two renames leaves the earlier export whole under ``.OUT.previous``.

Each run first tidies up after a killed one (``recover``): leftover temp files and folders
(``.OUT.<12 hex>.tmp``) are deleted, and ``.OUT.previous`` (or ``.OUT.<12 hex>.old`` of
earlier versions) is put back as ``OUT`` when ``OUT`` is missing, deleted when ``OUT`` is
there. While a run lasts it holds ``.OUT.lock`` (``flock``, where the system has it), so a
second run to the same ``OUT`` is refused instead of tidying the first one's temp away.
Any OSError becomes an ExportError naming ``OUT``. See docs/EXPORTS.md.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from annotator.services.export.dataset import ExportError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MARKER = "annotator-export.json"
PREVIOUS = ".previous"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM}


def prepare_parent(out: Path) -> None:
    """Create the output's folder; ExportError if that is impossible."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
        why = f"{blocker} is a file, not a folder" if blocker else _reason(exc)
        raise ExportError(f"{out}: cannot create the folder {out.parent}: {why}") from exc


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
    with _guarded(out):
        check_file_target(out)
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
    with _guarded(out):
        check_dir_target(out)
        tmp = _fresh(out, ".tmp")
        tmp.mkdir()
        try:
            yield tmp
            (tmp / MARKER).write_text(
                json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            _swap_in(tmp, out)
        finally:
            _discard(tmp)


@contextmanager
def _guarded(out: Path) -> Iterator[None]:
    """Parent made, lock held, leftovers of a killed run tidied; OSError → ExportError."""
    prepare_parent(out)
    try:
        with _locked(out):
            recover(out)
            yield
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the output: {_reason(exc)}") from exc


def _reason(exc: OSError) -> str:
    """``Permission denied: /path`` (the file it was about, which may be a temp or another)."""
    if exc.strerror and exc.filename:
        return f"{exc.strerror}: {exc.filename}"
    return exc.strerror or str(exc)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold ``.OUT.lock`` for the run (flock); ExportError if another run holds it."""
    if fcntl is None:  # pragma: no cover - Windows: no lock, leftovers still tidied
        yield
        return
    lock = out.with_name(f".{out.name}.lock")
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ExportError(
                f"{out}: another export or report is writing it now; try again when it ends"
            ) from None
        except OSError:  # a file system without flock: go on unlocked
            os.close(fd)
            fd = -1
            break
        try:
            same = os.fstat(fd).st_ino == lock.stat().st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a lock file the previous holder deleted meanwhile
            break
        os.close(fd)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)  # still held: a waiter sees the file gone and retries
        if fd >= 0:
            os.close(fd)


def recover(out: Path) -> None:
    """Tidy up after a killed run: temp leftovers deleted, the previous export put back."""
    parent = out.parent
    if not parent.is_dir():
        return
    name = re.escape(out.name)
    temp = re.compile(rf"\.{name}\.[0-9a-f]{{12}}\.tmp")
    old = re.compile(rf"\.{name}(\.previous|\.[0-9a-f]{{12}}\.old)")
    previous: list[Path] = []
    for entry in parent.iterdir():
        if temp.fullmatch(entry.name):
            _discard(entry)
        elif old.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
            previous.append(entry)
    previous.sort(key=lambda p: (p.name != f".{out.name}{PREVIOUS}", p.stat().st_mtime_ns))
    for entry in previous:
        if not out.exists():
            entry.replace(out)
        else:
            _discard(entry)


def _fresh(out: Path, suffix: str) -> Path:
    """An unused hidden name next to ``out``."""
    while True:
        candidate = out.with_name(f".{out.name}.{secrets.token_hex(6)}{suffix}")
        if not candidate.exists():
            return candidate


def _discard(path: Path) -> None:
    """Delete a temp file or folder (whatever is left of it)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _swap_in(tmp: Path, out: Path) -> None:
    """Put the finished ``tmp`` at ``out``; the earlier export there is deleted after."""
    if not out.exists():
        tmp.replace(out)
        return
    if _exchange(tmp, out):
        return  # ``tmp`` now holds the earlier export; the caller deletes it
    previous = _set_aside(out)
    try:
        tmp.replace(out)
    except OSError:
        previous.replace(out)
        raise
    _discard(previous)


def _set_aside(out: Path) -> Path:
    """Rename ``out`` to ``.OUT.previous``, where the next run finds it if this one dies."""
    previous = out.with_name(f".{out.name}{PREVIOUS}")
    out.replace(previous)
    return previous


@cache
def _renameat2() -> Any:
    if sys.platform != "linux":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # pragma: no cover - a C library without it
        return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step; False where the system cannot."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))
