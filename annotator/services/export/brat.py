"""brat standoff: per article ``<id>_<source>.txt`` (the stored text) and ``.ann``.

``T`` lines carry the label and code-point offsets into the .txt (brat reads the file as UTF-8
text, so its offsets are Python's code points); a span across a line break is written as
fragments ``start end;start end`` with the fragments' texts joined by a space, as brat does.
Attributes are ``A`` lines (``A1<TAB>count T3 45``) with spaces in values made ``_`` and null
values left out. ``annotation.conf`` declares the labels and every attribute value used.
With ``--layer all`` each annotator gets a sub-folder named by ``folder_name`` (safe on every
file system) and ``layers.tsv`` records which layer went to which folder.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

from annotator.domain import CIVILIANS, CODEBOOK_ACTOR_IDS, Kind, Label, Qualifier, Span
from annotator.domain.labels import LABEL_ATTRIBUTES
from annotator.services.export.base import CheckError, Formatter, check_count, check_surface
from annotator.services.export.cells import SafeWriter, original
from annotator.services.export.dataset import Record
from annotator.services.export.tokens import Issue
from annotator.services.export.writer import MARKER

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_VALUE_UNSAFE = re.compile(r"[\s|,]+")
LAYERS_TSV = "layers.tsv"
FOLDER_MAX = 40  # characters kept of a layer name that has to change (then a hash is added)
# names brat or we use for files in the export, and names Windows keeps for devices
_OWN_NAMES = {"annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf", MARKER}
_OWN_NAMES |= {LAYERS_TSV}
_DEVICE = re.compile(r"(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])")


def safe_name(source: str, limit: int = 60) -> str:
    """ASCII letters, digits, dot, dash and underscore from a source name, extension dropped."""
    stem = source.rsplit("/", 1)[-1]
    if stem.lower().endswith(".txt"):
        stem = stem[:-4]
    return _UNSAFE.sub("_", stem).strip("._-")[:limit]


def folder_name(layer: str) -> str:
    """A folder name for a layer, safe on every file system and in a shell.

    A name of letters, marks, digits, ``_``, ``.`` and ``-`` (Arabic included), in NFC, at most
    ``FOLDER_MAX`` long, not starting or ending with ``.``, ``_`` or ``-``, and neither a name
    the export uses nor a Windows device name, is kept as it is. Any other gets its unsafe
    characters made ``_``, is cut to ``FOLDER_MAX`` and gets ``-`` and 8 hex digits of the
    SHA-256 of the layer name, so different layers get different folders.
    """
    nfc = unicodedata.normalize("NFC", layer)
    kept = "".join(c if c in "._-" or unicodedata.category(c)[0] in "LMN" else "_" for c in nfc)
    cleaned = kept.strip("._-")
    if cleaned and cleaned == layer and len(layer) <= FOLDER_MAX and not _reserved(layer):
        return layer
    base = cleaned[:FOLDER_MAX].rstrip("._-") or "layer"
    return _hashed("_" + base if _device(base) else base, layer)


def _hashed(base: str, layer: str) -> str:
    digest = hashlib.sha256(layer.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{base}-{digest}"


def _device(name: str) -> bool:
    """A Windows device name (``CON``, ``nul.txt``, ``COM1``): no file may be called that."""
    return bool(_DEVICE.fullmatch(name.casefold().split(".", 1)[0].rstrip(" ")))


def _reserved(name: str) -> bool:
    return name.casefold() in _OWN_NAMES or _device(name)


def folder_key(name: str) -> str:
    """Names equal under this key are one folder on some file system (case, NFC/NFD)."""
    return unicodedata.normalize("NFC", name).casefold()


def attr_value(value: Any) -> str:
    """A brat attribute value: no spaces, pipes or commas."""
    return _VALUE_UNSAFE.sub("_", str(value).strip()) or "_"


def fragments(text: str, span: Span) -> list[tuple[int, int]]:
    """The span cut at line breaks (empty pieces dropped)."""
    out = []
    pos = span.start
    for piece in text[span.start : span.end].split("\n"):
        if piece:
            out.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return out


def ann_lines(record: Record) -> tuple[list[str], list[Span]]:
    """The .ann lines of one record, and spans left out (nothing but line breaks)."""
    lines: list[str] = []
    skipped: list[Span] = []
    n_attr = 0
    n = 0
    for span in record.spans:
        pieces = fragments(record.text, span)
        if not pieces:
            skipped.append(span)
            continue
        n += 1
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        surface = " ".join(record.text[a:b] for a, b in pieces)
        lines.append(f"T{n}\t{span.label.value} {offsets}\t{surface}")
        for key in LABEL_ATTRIBUTES[span.label]:
            value = span.attrs.get(key)
            if value is None:
                continue
            n_attr += 1
            lines.append(f"A{n_attr}\t{key} T{n} {attr_value(value)}")
    return lines, skipped


class BratFormat(Formatter):
    """A brat collection folder."""

    name = "brat"
    target = "dir"

    def __init__(self, per_annotator: bool = False) -> None:
        super().__init__()
        self.per_annotator = per_annotator
        self.values: dict[str, set[str]] = {
            k: set() for ks in LABEL_ATTRIBUTES.values() for k in ks
        }
        self.documents = 0  # .txt/.ann pairs written and checked
        self.checked_spans = 0
        self.folders: dict[str, str] = {}

    def _folder(self, annotator: str) -> Path:
        """The annotator's sub-folder (``folder_name``), distinct from every other layer's."""
        assert self.path is not None
        if annotator not in self.folders:
            taken = {folder_key(f) for f in self.folders.values()}
            name = folder_name(annotator)
            if folder_key(name) in taken:  # "Ali" after "ali": another case, the same folder
                name = _hashed(name, annotator)
            base, n = name, 1
            while folder_key(name) in taken:  # only if a layer is named like another's folder
                n += 1
                name = f"{base}-{n}"
            self.folders[annotator] = name
        return self.path / self.folders[annotator]

    def add(self, record: Record) -> None:
        assert self.path is not None
        folder = self._folder(record.annotator) if self.per_annotator else self.path
        folder.mkdir(exist_ok=True)
        name = f"{record.article_id:06d}"
        if safe_name(record.source):
            name += "_" + safe_name(record.source)
        lines, skipped = ann_lines(record)
        ann_text = "".join(line + "\n" for line in lines)
        self.checked_spans += check_ann(record.text, ann_text, f"{name}.ann")
        (folder / f"{name}.txt").write_text(record.text, encoding="utf-8", newline="")
        for span in skipped:
            issue = Issue(
                record.source,
                record.annotator,
                span,
                span.surface(record.text),
                "dropped",
                "covers only line breaks",
            )
            self.issues.append(issue)
        (folder / f"{name}.ann").write_text(ann_text, encoding="utf-8", newline="")
        for line in lines:
            if line.startswith("A"):
                key, _, value = line.split("\t")[1].split(" ")
                self.values[key].add(value)
        self.documents += 1
        self.records += 1
        self.spans += len(record.spans) - len(skipped)

    def finish(self) -> None:
        if self.path is None:
            return
        (self.path / "annotation.conf").write_text(self.conf(), encoding="utf-8")
        if self.per_annotator:
            with (self.path / LAYERS_TSV).open("w", encoding="utf-8", newline="") as fh:
                writer = SafeWriter(fh, ["layer", "folder"], delimiter="\t", lineterminator="\n")
                writer.header()
                writer.rows(self.folders.items())

    def conf(self) -> str:
        """annotation.conf: the labels and each attribute's values (codebook ones and used)."""
        known = {
            "actor": set(CODEBOOK_ACTOR_IDS),
            "kind": set(Kind.values()),
            "qualifier": set(Qualifier.values()),
            "victim": {*CODEBOOK_ACTOR_IDS, CIVILIANS},
        }
        lines = ["[entities]", *Label.values(), "", "[relations]", "", "[events]", ""]
        lines.append("[attributes]")
        for label, keys in LABEL_ATTRIBUTES.items():
            for key in keys:
                values = sorted(known.get(key, set()) | self.values[key], key=_value_order)
                if values:
                    lines.append(f"{key}\tArg:{label.value}, Value:{'|'.join(values)}")
        return "\n".join(lines) + "\n"

    def verify(self) -> None:
        check_count("documents", self.records, self.documents)
        check_count("spans", self.spans, self.checked_spans)
        if self.per_annotator:
            self._verify_layers()

    def _verify_layers(self) -> None:
        """layers.tsv names every layer and its own folder, and each folder is there."""
        assert self.path is not None
        with (self.path / LAYERS_TSV).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t"))
        mapping = {original(layer): folder for layer, folder in rows[1:]}
        keys = {folder_key(f) for f in mapping.values()}
        if mapping != self.folders or len(keys) != len(mapping):
            raise CheckError(f"self-check failed: {LAYERS_TSV} does not match the folders")
        for folder in mapping.values():
            if not (self.path / folder).is_dir():
                raise CheckError(f"self-check failed: the folder {folder!r} is missing")


def check_ann(text: str, ann_text: str, name: str) -> int:
    """The T lines of a .ann (``ann_text``) against its .txt; how many there are."""
    ids: set[str] = set()
    count = 0
    for line in ann_text.split("\n"):
        if not line:
            continue
        fields = line.split("\t")
        if line.startswith("T"):
            _label, _, offsets = fields[1].partition(" ")
            pieces = [tuple(map(int, p.split(" "))) for p in offsets.split(";")]
            for a, b in pieces:
                check_surface(text, a, b, text[a:b] if 0 <= a < b else None, name)
            joined = " ".join(text[a:b] for a, b in pieces)
            check_surface(joined, 0, len(joined), fields[2], f"{name} {fields[0]}")
            ids.add(fields[0])
            count += 1
        elif line.startswith("A"):
            if fields[1].split(" ")[1] not in ids:
                raise CheckError(f"self-check failed: {name}: {fields[0]} names no T line")
        else:
            raise CheckError(f"self-check failed: {name}: unexpected line {line!r}")
    return count


def _value_order(value: str) -> tuple[int, int, str]:
    """Numbers by value first, then names alphabetically."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)
