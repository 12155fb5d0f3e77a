"""Input files to text for import, validate and suggest: one size limit, symbolic links only
when named, bytes decoded one way, and checks that strings can be stored (no NUL, no lone
surrogates).

Input that cannot hurt: a file is opened first and measured with ``fstat`` before a byte is
read, so a file over the limit (``DEFAULT_MAX_FILE_SIZE``, raised with ``--max-file-size``)
is refused at once whatever its size, sparse or not, and never more than the limit is read.
Inside a folder walk, symbolic links (to files or folders) are skipped and reported, never
followed, even when they point inside the folder: following only links that resolve inside
would need a check-then-open that a link changed in between defeats, and a link to a file
inside the folder adds nothing the walk does not import itself. A file found by the walk is
opened with ``O_NOFOLLOW``, so one swapped for a link after the walk is refused too. A link
named on the command line is followed: the user chose that file.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain import to_stored_text

NOT_TEXT = "not UTF-8, UTF-16 or Windows-1256 text"
_C0_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]{2,}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class DecodeError(ValueError):
    """Bytes that are not text in an encoding the importer accepts.

    ``utf8_byte``: where UTF-8 decoding failed, for bytes meant as UTF-8 (else None).
    """

    def __init__(self, message: str, utf8_byte: int | None = None) -> None:
        super().__init__(message)
        self.utf8_byte = utf8_byte

    def line(self, data: bytes) -> int | None:
        """The line (1-based) of ``data`` where UTF-8 decoding failed, if known."""
        if self.utf8_byte is None:
            return None
        return data[: self.utf8_byte].count(b"\n") + 1


def encoding_of(data: bytes) -> str:
    """The encoding ``decode_bytes`` reads ``data`` in (call after it succeeded)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "UTF-8 with a BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "Windows-1256"
    return "UTF-8"


def decode_bytes(data: bytes) -> str:
    """Decode a file: BOMs first, then strict UTF-8, then Windows-1256 if plausibly Arabic.

    Bytes that are mostly valid UTF-8 with a few damaged sequences (a truncated download, a
    bad copy) are refused rather than read as Windows-1256 mojibake.
    """
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{NOT_TEXT} (invalid {encoding} at byte {exc.start})") from exc
            if "\x00" in text:
                raise DecodeError(f"{NOT_TEXT} (contains NUL characters)")
            return text
    if b"\x00" in data:
        raise DecodeError(f"{NOT_TEXT} (contains NUL bytes: a binary file?)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _damaged_utf8(data):
        raise DecodeError(
            f"{NOT_TEXT} (UTF-8 with damaged bytes: invalid UTF-8 at byte {utf8_error.start})",
            utf8_error.start,
        )
    text = data.decode("cp1256")
    if _plausibly_arabic(text):
        return text
    raise DecodeError(f"{NOT_TEXT} (invalid UTF-8 at byte {utf8_error.start})", utf8_error.start)


def _damaged_utf8(data: bytes) -> bool:
    """True when valid multi-byte UTF-8 characters outnumber the invalid sequences.

    Windows-1256 Arabic read as UTF-8 is almost all invalid sequences; UTF-8 Arabic with a cut
    or damaged byte is almost all valid ones.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    return good > bad


def _plausibly_arabic(text: str) -> bool:
    """True for Windows-1256 decodings that look like Arabic prose, not mojibake."""
    if _C0_BAD.search(text):
        return False
    letters = sum(1 for c in text if c.isalpha())
    arabic = len(_ARABIC_LETTER.findall(text))
    if not letters or arabic < 0.6 * letters:
        return False
    words = _ARABIC_WORD.findall(text)
    if len(words) >= 20:
        return sum(1 for w in words if "ال" in w) >= 0.05 * len(words)
    return True


def jsonl_lines(text: str) -> list[str]:
    """The lines of a decoded JSONL file, split at ``\r\n``, ``\r`` or ``\n``."""
    return _LINE_BREAK.split(text)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_json_line(line: str) -> Any:
    """One JSONL line parsed strictly (no NaN or Infinity); ValueError says why not, for people."""
    try:
        return json.loads(line, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except ValueError as exc:  # NaN/Infinity, or an integer with too many digits
        raise ValueError(f"not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise ValueError("not valid JSON: nested too deeply") from exc


MB = 1024 * 1024
DEFAULT_MAX_FILE_SIZE = 50 * MB


# The suggester's memory grows with the text (about 55 bytes a character: a 49 MB article
# peaked at 1.5 GB); no news article comes near this, a whole corpus pasted into one does.
MAX_SUGGEST_CHARS = 1_000_000


class InputFileError(ValueError):
    """An input file that is not read: too large, not a regular file, a link, unreadable."""


def megabytes(size: int) -> str:
    """A byte count for people: ``3,072 MB``, ``0.5 MB``."""
    value = size / MB
    return f"{value:,.0f} MB" if value >= 10 else f"{value:,.1f} MB".replace(".0 MB", " MB")


def too_large(size: int, limit: int) -> str:
    return (
        f"the file is {megabytes(size)}, over the limit of {megabytes(limit)} per input file"
        " (--max-file-size raises it); nothing was read"
    )


def read_input(path: Path, max_size: int = DEFAULT_MAX_FILE_SIZE, *, follow: bool = True) -> bytes:
    """The bytes of one input file, measured before reading; InputFileError says why not.

    ``follow=False`` (files found by a folder walk) refuses a symbolic link at the last step.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise InputFileError(
                "a symbolic link inside a folder is not followed (name it to import its target)"
            ) from exc
        raise InputFileError(f"cannot read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError("not a regular file")
        if info.st_size > max_size:
            raise InputFileError(too_large(info.st_size, max_size))
        try:
            # as much as fstat says and one byte more: read(max_size + 1) would allocate the
            # whole limit (50 MB) for every file; a file that grew reads on up to the limit
            data = fh.read(min(info.st_size, max_size) + 1)
            if len(data) > info.st_size:
                data += fh.read(max_size + 1 - len(data))
        except OSError as exc:
            raise InputFileError(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_size:  # it grew while we read
        raise InputFileError(too_large(len(data), max_size))
    return data


def read_text_file(
    path: Path, max_size: int = DEFAULT_MAX_FILE_SIZE, *, follow: bool = True
) -> str:
    """The stored text of a text file (decoded, BOM dropped, newlines made ``\\n``)."""
    return to_stored_text(decode_bytes(read_input(path, max_size, follow=follow)))


@dataclass
class Walk:
    """Input files found under the paths given: ``(path, source name, named)`` in order.

    ``named`` is True for a file given by name (a link then followed); ``links`` are symbolic
    links met inside folders (skipped), ``missing`` paths that do not exist, ``others`` files
    of other types.
    """

    files: list[tuple[Path, str, bool]] = field(default_factory=list)
    links: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)


def walk_inputs(paths: Iterable[Path], suffixes: tuple[str, ...]) -> Walk:
    """Files to read under ``paths``: folders searched recursively in sorted order, hidden
    entries skipped, symbolic links inside folders skipped and listed, never followed."""
    walk = Walk()
    for path in map(Path, paths):
        if path.is_dir():
            _walk_folder(path, path, suffixes, walk)
        elif path.is_file():
            walk.files.append((path, display_name(path.name), True))
        else:
            walk.missing.append(path)
    return walk


def _suffix(name: str) -> str:
    """``Path(name).suffix`` of a file name, without making a Path."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _walk_folder(
    root: Path, folder: Path, suffixes: tuple[str, ...], walk: Walk, relative: str = ""
) -> None:
    """``relative``: ``folder`` under ``root`` as a POSIX path with a final "/" ("" at root)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        walk.missing.append(folder)
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_symlink():
            walk.links.append(Path(entry.path))
        elif entry.is_dir(follow_symlinks=False):
            _walk_folder(root, Path(entry.path), suffixes, walk, f"{relative}{name}/")
        elif not entry.is_file(follow_symlinks=False):
            continue
        elif _suffix(name).lower() in suffixes:
            walk.files.append((Path(entry.path), display_name(relative + name), False))
        else:
            walk.others.append(Path(entry.path))


def string_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (NUL or a lone surrogate), or None."""
    if "\x00" in value:
        return "contains NUL characters"
    found = _SURROGATE.search(value)
    if found:
        return f"is not valid Unicode (a lone surrogate U+{ord(found.group()):04X})"
    return None


def json_problem(value: Any) -> str | None:
    """Why a JSON value cannot be stored (a string in it with a lone surrogate), or None."""
    text = json.dumps(value, ensure_ascii=False)
    found = _SURROGATE.search(text)
    if found:
        return f"is not valid Unicode (a lone surrogate U+{ord(found.group()):04X})"
    return None


def display_name(path: Path | str) -> str:
    """A path as printable text: bytes that are not UTF-8 in a file name become U+FFFD."""
    text = str(path)
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")
