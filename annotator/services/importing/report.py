"""What an import reports: its counts and failures, the records read, who owns gold spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from annotator.domain import GOLD, AnnotatorNameError, Article, Span, clean_name
from annotator.services.decoding import MAX_SUGGEST_CHARS, display_name

DEFAULT_ANNOTATOR = "import"

GOLD_HINT = (
    "; writing the gold layer is the lead's act: rerun with --gold-by LEAD (your name) to import it"
)


class FileError(Exception):
    """A file that cannot be imported, with the line (1-based) where known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class DiskFullError(Exception):
    """The disk (or the database's size limit) is full: no later file can be stored either."""


def _where(path: Path, line: int | None) -> str:
    """``file:line`` (or the file alone) as messages name an input."""
    name = display_name(path)
    return f"{name}:{line}" if line is not None else name


@dataclass(frozen=True)
class Failure:
    """A file (and line) that was not imported, and why."""

    path: Path
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = _where(self.path, self.line)
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class KeptWork:
    """A gold record whose spans were not imported: its annotator has other work there already."""

    path: Path
    line: int | None
    annotator: str
    source: str
    spans: int

    def __str__(self) -> str:
        where = _where(self.path, self.line)
        return (
            f"{where}: annotator {self.annotator} already has work on {self.source!r};"
            f" kept it, the file's {self.spans} span(s) were not imported"
        )


@dataclass(frozen=True)
class Unsuggested:
    """An article stored without suggestions: too long for the suggester."""

    path: Path
    line: int | None
    length: int

    def __str__(self) -> str:
        where = _where(self.path, self.line)
        return (
            f"{where}: the article has {self.length:,} characters, more than the suggester takes"
            f" ({MAX_SUGGEST_CHARS:,}); stored without suggestions (is it many articles in one?)"
        )


@dataclass
class ImportReport:
    """What an import did: counts, the new article ids, and every failure."""

    files: int = 0
    imported: int = 0
    duplicates: int = 0
    spans: int = 0
    suggestions: int = 0
    article_ids: list[int] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    links: list[Path] = field(default_factory=list)  # symbolic links met in folders, not followed
    unsuggested: list[Unsuggested] = field(default_factory=list)  # too long to suggest
    kept: list[KeptWork] = field(default_factory=list)  # gold records not applied, not failures
    stopped: str | None = None  # why the import stopped before the last file, if it did
    warnings: list[str] = field(default_factory=list)  # e.g. imported without suggestions
    interrupted: bool = False  # stopped by Ctrl+C; the files before it are saved

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        """One line of counts for the end of an import."""
        text = (
            f"{self.imported} imported, {self.duplicates} duplicate(s), {len(self.failures)} failed"
        )
        if self.spans:
            text += f"; {self.spans} gold span(s)"
        if self.suggestions:
            text += f"; {self.suggestions} suggestion(s)"
        if self.kept:
            text += (
                f"; {len(self.kept)} gold record(s) skipped: the annotator already has work there"
            )
        if self.skipped:
            text += f"; {len(self.skipped)} file(s) of other types skipped"
        if self.unsuggested:
            text += f"; {len(self.unsuggested)} article(s) too long for suggestions"
        if self.links:
            text += f"; {len(self.links)} symbolic link(s) in folders skipped (not followed)"
        if self.stopped:
            text += f"; stopped early: {self.stopped}"
        return text


@dataclass
class Record:
    """One article read from a file, with its gold spans if the file had any."""

    article: Article
    line: int | None = None
    spans: list[Span] | None = None
    annotator: str | None = None

    @cached_property
    def digest(self) -> str:
        """The article's content hash, computed once (the text is not changed once read)."""
        return self.article.hash


@dataclass(frozen=True)
class Owners:
    """Who owns the gold spans of an import: ``--annotator`` (else each line's) and the lead
    named by ``--gold-by``, without whom no line may write the gold layer."""

    annotator: str | None = None
    gold_by: str | None = None

    @classmethod
    def checked(cls, annotator: str | None, gold_by: str | None) -> Owners:
        """Both names through the one name rule; AnnotatorNameError (saying which) if not."""
        try:
            owner = clean_name(annotator, gold_ok=True) if annotator is not None else None
        except AnnotatorNameError as exc:
            raise AnnotatorNameError(f"--annotator: {exc}", exc.kind) from exc
        try:
            lead = clean_name(gold_by) if gold_by is not None else None
        except AnnotatorNameError as exc:
            raise AnnotatorNameError(f"--gold-by: {exc}", exc.kind) from exc
        return cls(owner, lead)

    def of(self, rec: Record) -> str:
        """The record's owner; FileError on its line if that is gold and no lead is named."""
        owner = self.annotator or rec.annotator or DEFAULT_ANNOTATOR
        if owner == GOLD and self.gold_by is None:
            raise FileError(f"the record's spans would be stored as {GOLD!r}{GOLD_HINT}", rec.line)
        return owner
