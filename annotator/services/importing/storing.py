"""Storing one read file: staged out of everyone's sight, published hidden in short
transactions, then revealed at once.

The file's new articles, suggestions and coded spans are staged (``store.staging``: no lock
on the project, invisible to every reader), published in chunks that every reader skips
(``import_pending``), and revealed in one last transaction, so the file's articles appear all
together or not at all and a coder's decision waits at most for one chunk. Records that need a
look at what is stored (a text already in the project, a repeat within the file, spans for the
gold layer) are stored one by one in that last transaction.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain import GOLD, ArticleState, Span, Suggestion
from annotator.services.decoding import display_name
from annotator.services.importing.report import (
    DiskFullError,
    FileError,
    ImportReport,
    KeptWork,
    Owners,
    Record,
)
from annotator.store import (
    Project,
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    write_transaction,
)
from annotator.store import repository as repo
from annotator.store.gold import GOLD_ROLE, record_gold_import
from annotator.store.staging import (
    ConnectionLost,
    DatabaseFailure,
    Pace,
    Published,
    Refused,
    StagedFile,
    StagingError,
    article_source,
    discard_staged,
    disk_full,
    has_work,
    publish_file,
    release,
    remove_publishing,
    reveal,
    stage_file,
)
from annotator.store.states import ensure_annotator


@dataclass
class _Plan:
    """A file's records sorted for storing: the first record of each text (staged, with the
    coded spans of owners other than gold) and those stored one by one (record, its key)."""

    records: list[Record]
    fresh: list[tuple[int, Record]] = field(default_factory=list)
    coded: list[tuple[int, str, list[Span]]] = field(default_factory=list)
    later: list[tuple[Record, int]] = field(default_factory=list)

    @classmethod
    def of(cls, records: list[Record], owners: Owners) -> _Plan:
        plan = cls(records)
        first: dict[str, int] = {}  # text hash -> key of its first record in the file
        for k, rec in enumerate(records):
            digest = rec.digest
            if digest in first:
                plan.later.append((rec, first[digest]))
                continue
            first[digest] = k
            plan.fresh.append((k, rec))
            if rec.spans is not None:
                owner = owners.of(rec)
                if owner == GOLD:
                    plan.later.append((rec, k))
                else:
                    plan.coded.append((k, owner, rec.spans))
        return plan

    def stage(self, db: Project, suggestions: dict[str, list[Suggestion]]) -> StagedFile:
        """Stage the fresh records; FileError on the line of a record the store refuses."""
        staged = ((k, sug) for k, rec in self.fresh for sug in suggestions.get(rec.digest, []))
        try:
            return stage_file(db, [(k, r.article) for k, r in self.fresh], staged, self.coded)
        except StagingError as exc:
            raise FileError(f"not stored: {exc}", self.records[exc.key].line) from exc


@dataclass
class _Where:
    """The file being stored, the owners of its spans and what was stored one by one."""

    path: Path
    owners: Owners
    counts: ImportReport
    pace: Pace | None = None


def store_file(
    db: Project,
    path: Path,
    records: list[Record],
    suggestions: dict[str, list[Suggestion]],
    *,
    owners: Owners,
    report: ImportReport,
    pace: Pace | None = None,
) -> None:
    """Store one read file completely or not at all (FileError, nothing stored, if it cannot
    be); ``pace`` shares the write lock between the file's short transactions."""
    plan = _Plan.of(records, owners)
    where = _Where(path, owners, ImportReport(), pace)
    try:
        staged = plan.stage(db, suggestions)
        published = _publish(db, plan, staged, where)
    except (StoreBusyError, StoreDamagedError, ConnectionLost, Refused, FileError):
        raise
    except (StoreError, DatabaseFailure, OSError, ValueError, OverflowError) as exc:
        if disk_full(exc):  # incl. UnicodeError above; a full disk stops the whole import
            raise DiskFullError(str(exc)) from exc
        raise FileError(f"not stored: {exc}") from exc
    finally:
        discard_staged(db)
    report.imported += len(published.ids)
    report.duplicates += len(records) - len(published.ids)
    report.spans += published.spans + where.counts.spans
    report.suggestions += published.suggestions
    report.article_ids += list(published.ids.values())
    report.kept += where.counts.kept


def _publish(db: Project, plan: _Plan, staged: StagedFile, where: _Where) -> Published:
    """A file's staged rows published out of sight in short transactions, then one last
    transaction: the records that need a look at what is stored, and the file revealed."""
    published = publish_file(db, staged, display_name(where.path), where.pace)
    try:
        _finish(db, plan, published, where)
    except BaseException:
        with suppress(Exception):  # else the next import removes them (still hidden)
            remove_publishing(db, published.publishing, where.pace)
        raise
    finally:
        release(db, published)
    return published


def _finish(db: Project, plan: _Plan, published: Published, where: _Where) -> None:
    started = time.monotonic()
    if where.pace is not None:
        where.pace.before()
    try:
        _last_transaction(db, plan, published, where)
    finally:
        if where.pace is not None:
            where.pace.after(time.monotonic() - started)


def _last_transaction(db: Project, plan: _Plan, published: Published, where: _Where) -> None:
    with write_transaction(db):
        new, taken = published.ids, published.taken
        for rec, k in plan.later:
            article_id = new.get(k) or taken.get(k) or repo.article_id_by_hash(db, rec.digest)
            assert article_id is not None
            _store_record(db, rec, article_id, k in new and rec is plan.records[k], where)
        for k, article_id in taken.items():  # stored by someone else since the file was read
            rec = plan.records[k]
            if rec.spans is not None and where.owners.of(rec) != GOLD:
                _store_record(db, rec, article_id, False, where)
        reveal(db, published)


def _span_keys(spans: Iterable[Span]) -> list[tuple[int, int, str, str]]:
    """Spans as sorted comparable keys, attributes included."""
    return sorted(
        (s.start, s.end, s.label.value, json.dumps(dict(s.attrs), sort_keys=True)) for s in spans
    )


def _store_record(db: Project, rec: Record, article_id: int, new: bool, where: _Where) -> None:
    """A record's spans stored alone: never over a coder's work, the gold layer with its
    origin recorded."""
    if rec.spans is None:
        return
    owners, counts, path = where.owners, where.counts, where.path
    owner = owners.of(rec)
    if not new and has_work(db, article_id, owner):
        # never overwrite a coder's work; say so unless it is this very record
        if _span_keys(rec.spans) != _span_keys(
            r.span for r in repo.confirmed_spans(db, article_id, owner)
        ):
            source = article_source(db, article_id)
            counts.kept.append(KeptWork(path, rec.line, owner, source, len(rec.spans)))
        return
    try:
        if owner != GOLD:
            counts.spans += repo.import_spans(db, article_id, owner, rec.spans)
            repo.set_state(db, article_id, owner, ArticleState.DONE)
            return
        ensure_annotator(db, GOLD, role=GOLD_ROLE)
        created = []  # the gold layer records where each of its spans came from: ids needed
        for span in rec.spans:
            created += repo.import_span(db, article_id, owner, span).created_span_ids
            counts.spans += 1
        repo.set_state(db, article_id, owner, ArticleState.DONE)
    except StoreError as exc:
        raise FileError(f"not stored: {exc}", rec.line) from exc
    if owners.gold_by is not None:
        where = display_name(path)
        origin = f"{where}:{rec.line}" if rec.line is not None else where
        record_gold_import(db, article_id, created, owners.gold_by, origin)
