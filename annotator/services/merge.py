"""Merging coders' databases: articles, spans, states, gold, assignments and logs, no duplicates.

``merge_databases(OUT, [IN, ...])`` brings everything of the inputs into OUT (created if
missing). Every input and OUT are first checked (``PRAGMA quick_check``); a damaged file is
named, with its last backup. Inputs are opened read-only and never changed, each read in one
read transaction (a snapshot: a coder writing to it meanwhile changes nothing of the merge).
OUT is written in short transactions (``CHUNK_S``) with pauses between them, so coders
writing to OUT wait only for one chunk; a new OUT is built as ``OUT.part`` and renamed when
complete, so a killed merge never leaves an OUT that looks valid. Articles are matched by
content hash; spans by what they are (see ``merge_spans``); a merge is a union, so merging
the same input again changes nothing (also after a merge that was stopped half-way), and a
deletion on one machine does not delete on another. The same coder with different decisions
on the same span or article is a conflict: OUT keeps its version and the conflict is reported
(``strict``: the conflicts are looked for first on a scratch copy of OUT, and nothing is
written if there are any: an OUT that did not exist is not left behind, an existing one keeps
every byte; a conflict a coder creates in OUT after that check stops the merge at its chunk).

OUT may be a project on a team server (``postgresql://…``; the inputs stay SQLite files). There
each input is merged in one transaction (all of it or nothing: the server's row locks keep
coders writing meanwhile, so no chunks and pauses are needed), a strict merge runs every input
in one transaction rolled back at the first conflict, and the server's own triggers log the
rows the merge inserts (``store.merging.paused_triggers``).

Gold spans come only with the lead who decided them (``decided_by`` of their gold links); gold
rows without one are not merged and are listed in the report.

Article states of one coder: a state only one side has is copied; ``open`` gives way to any
other state (the coder finished on the other machine); two different other states (done vs
skipped or flagged) are a conflict. Time spent is the larger of the two (not the sum: both
copies may hold the same earlier time); a note only one side has is kept.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.names import stored_name_problem
from annotator.domain.safe_text import visible
from annotator.services.merge_spans import (
    ArticleMerge,
    Conflict,
    Counts,
    insert_times,
    merge_audit,
    merge_gold_links,
    merge_spans,
)
from annotator.store import Project, StoreError, open_store, write_transaction
from annotator.store import merging as store
from annotator.store.connection import check_sound
from annotator.store.merge_input import InputError, Source, open_input
from annotator.store.postgres.connect import is_server_url

__all__ = [
    "Conflict",
    "Counts",
    "InputError",
    "MergeConflictError",
    "MergeReport",
    "merge_databases",
]

# OUT is written in transactions of at most CHUNK_ARTICLES articles or CHUNK_S seconds of work,
# with a pause of PAUSE_S between them: longer than the longest sleep of SQLite's busy handler
# (100 ms), so a coder waiting for the write lock always gets it in the pause.
CHUNK_ARTICLES = 500
CHUNK_S = 0.25
PAUSE_S = 0.11
_BATCH = 20  # articles read from an input at a time


class MergeConflictError(StoreError):
    """A strict merge found conflicts; nothing was written."""

    def __init__(self, report: MergeReport) -> None:
        super().__init__(f"{len(report.conflicts)} conflict(s); nothing was merged")
        self.report = report


@dataclass
class MergeReport:
    """What each input brought, and the conflicts found."""

    out: str
    counts: dict[str, Counts] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    gold_without_lead: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # a checkin's rows OUT cannot take

    @property
    def changed(self) -> bool:
        return any(c.changed() for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            "inputs": {name: asdict(c) for name, c in self.counts.items()},
            "conflicts": [asdict(c) for c in self.conflicts],
            "gold_without_lead": list(self.gold_without_lead),
            **({"left_out": list(self.left_out)} if self.left_out else {}),
        }

    def summary(self) -> str:
        lines = []
        for name, c in self.counts.items():
            lines.append(
                f"{name}: {c.articles_added} article(s) added, {c.articles_matched} matched;"
                f" {c.spans_added} span(s) added, {c.spans_same} already there;"
                f" {c.states_added + c.states_updated} state(s) added or updated;"
                f" {c.gold_links} gold link(s); {c.assignments} assignment(s);"
                f" {c.audit_rows} log row(s)"
            )
        if self.gold_without_lead:
            lines.append(
                f"NOT MERGED ({len(self.gold_without_lead)}): gold without the lead who decided it"
            )
            lines += [f"  {g}" for g in self.gold_without_lead]
        if self.left_out:
            lines.append(f"LEFT OUT ({len(self.left_out)}): rows the project does not take")
            lines += [f"  {g}" for g in self.left_out]
        if self.conflicts:
            lines.append(f"CONFLICTS ({len(self.conflicts)}): OUT kept its own version of each")
            lines += [f"  {c}" for c in self.conflicts]
        else:
            lines.append("no conflicts")
        return "\n".join(lines)


def merge_databases(
    out_path: Path | str,
    in_paths: Sequence[Path | str],
    *,
    strict: bool = False,
    chunk: int = CHUNK_ARTICLES,
    only: str | None = None,
) -> MergeReport:
    """Merge every input into OUT; see the module docstring for the rules.

    ``only`` (a checkin, ``services.checkout``): bring only this coder's spans, states and log
    rows, into articles OUT has; what OUT cannot take is listed in the report's ``left_out``.
    """
    inputs = [Path(p) for p in in_paths]
    if not inputs:
        raise StoreError("name at least one input database")
    if is_server_url(out_path):
        return _merge_into_server(str(out_path).strip(), inputs, strict=strict, only=only)
    out_path = Path(out_path)
    for p in inputs:
        if out_path.exists() and p.exists() and p.resolve() == out_path.resolve():
            raise StoreError(f"{p}: an input cannot be the output database")
    if out_path.exists() and out_path.stat().st_size > 0:
        check_sound(out_path)
    sources = [(p, open_input(p)) for p in inputs]
    try:
        if strict:  # look for conflicts first, writing nothing to OUT
            _strict_check_on_copy(out_path, sources, chunk, only)
        return _merge_into(out_path, sources, strict=strict, chunk=chunk, only=only)
    finally:
        for _p, src in sources:
            src.close()


def _merge_into_server(
    url: str, inputs: Sequence[Path], *, strict: bool, only: str | None
) -> MergeReport:
    """Merge into a project on a team server: each input in one transaction (strict: all of
    them in one, rolled back at the first conflict)."""
    sources = [(p, open_input(p)) for p in inputs]
    try:
        out = open_store(url)
        report = MergeReport(out.where)
        try:
            with write_transaction(out) if strict else nullcontext():
                for path, src in sources:
                    report.counts[str(path)] = _merge_one(
                        out, src, report, chunk=CHUNK_ARTICLES, strict=strict, only=only
                    )
        finally:
            out.close()
        return report
    finally:
        for _p, src in sources:
            src.close()


def _merge_into(
    out_path: Path,
    sources: Sequence[tuple[Path, Source]],
    *,
    strict: bool,
    chunk: int,
    only: str | None = None,
) -> MergeReport:
    """Merge into OUT chunk by chunk; a new OUT is built as ``OUT.part`` and renamed at the end."""
    report = MergeReport(str(out_path))
    fresh = not out_path.exists() or out_path.stat().st_size == 0
    target = out_path.with_name(out_path.name + ".part") if fresh else out_path
    if fresh:
        remove_database(target)  # left by a merge that was killed: start again
    try:
        out = open_store(target)
        try:
            for path, src in sources:
                report.counts[str(path)] = _merge_one(
                    out, src, report, chunk=chunk, strict=strict, only=only
                )
        finally:
            out.close()
        if fresh:
            target.replace(out_path)
    except BaseException:
        if fresh:
            remove_database(target)
        raise
    return report


def remove_database(path: Path) -> None:
    """Delete a database file this merge created, with its side files."""
    for victim in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        victim.unlink(missing_ok=True)


def _strict_check_on_copy(
    out_path: Path, sources: Sequence[tuple[Path, Source]], chunk: int, only: str | None
) -> None:
    """MergeConflictError if merging into a scratch copy of OUT finds conflicts."""
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as scratch:
        copy = Path(scratch) / out_path.name
        if out_path.exists() and out_path.stat().st_size > 0:
            store.copy_database(out_path, copy)
        try:
            _merge_into(copy, sources, strict=True, chunk=chunk, only=only)
        except MergeConflictError as exc:
            exc.report.out = str(out_path)
            raise


@dataclass
class _Run:
    """Merging one input into OUT: the connections, what the input has and what it brought."""

    out: Project
    src: Source
    report: MergeReport
    tables: set[str]
    counts: Counts = field(default_factory=Counts)
    only: str | None = None
    clock: store.LogClock | None = None  # dates the log rows of OUT's triggers (a server)
    audit_mark: int | None = None  # OUT's log rows after this id are this merge's (a server)


def _merge_one(
    out: Project, src: Source, report: MergeReport, *, chunk: int, strict: bool, only: str | None
) -> Counts:
    """One input, read in one snapshot, written ``chunk`` articles per transaction (on a
    team server: in one transaction)."""
    server = store.is_server(out)
    with src.snapshot(), write_transaction(out) if server else nullcontext():
        run = _Run(out, src, report, src.tables(), only=only, clock=store.LogClock(out))
        run.audit_mark = store.audit_mark(out)
        ids = src.article_ids()
        pos, first = 0, True
        while first or pos < len(ids):
            if not first and not server:
                time.sleep(PAUSE_S)  # a coder waiting for the lock gets it now
            with write_transaction(out):
                with store.paused_triggers(out) if "audit" in run.tables else nullcontext():
                    if first:
                        _merge_annotators(run)
                    pos = _merge_chunk(run, ids, pos, max(1, chunk))
                if strict and report.conflicts:
                    raise MergeConflictError(report)
            first = False
        if run.counts.changed():
            with write_transaction(out):
                store.log_merge(out, {"input": src.name, **asdict(run.counts)}, who=only or "merge")
    return run.counts


def _merge_chunk(run: _Run, ids: Sequence[int], pos: int, chunk: int) -> int:
    """Merge articles from ``ids[pos]`` on, at most ``chunk`` of them or ``CHUNK_S`` seconds of
    work (whichever ends first); where the next chunk starts."""
    started = time.monotonic()
    end = min(len(ids), pos + chunk)
    while pos < end:
        step = ids[pos : min(end, pos + _BATCH)]
        _merge_articles(run, step)
        pos += len(step)
        if time.monotonic() - started >= CHUNK_S:
            break
    return pos


def _merge_annotators(run: _Run) -> None:
    if run.only is not None:  # a checkin: the coder is in OUT already (services.checkout)
        return
    for who, role, created in run.src.annotators():
        if (problem := stored_name_problem(who)) is not None:  # the one rule of domain.names
            raise StoreError(f"{run.src.name}: coder '{visible(who)}' cannot be merged: {problem}")
        run.counts.annotators += store.add_annotator(run.out, who, role, created)


def _merge_articles(run: _Run, ids: Sequence[int]) -> None:
    if not ids:
        return
    for article in run.src.articles_between(ids[0], ids[-1]):
        with run.src.about(f"article {article[2]!r} (id {article[0]})"):
            _merge_article(run, article)


def _merge_article(run: _Run, article: tuple[Any, ...]) -> None:
    in_id, digest, source, title, text, length, meta, imported = article
    out, src, counts = run.out, run.src, run.counts
    out_id = store.article_by_hash(out, digest)
    if out_id is None and run.only is not None:
        name = f"{src.name}: article {source!r} ({digest[:12]})"
        run.report.left_out.append(f"{name}: not in the project (matched by its text)")
        return
    if out_id is None:
        values = (digest, source, title, text, length, meta, imported)
        out_id = store.insert_article(out, values)
        counts.articles_added += 1
    else:
        counts.articles_matched += 1

    where = (src.name, source, digest)
    m = ArticleMerge(out, src, out_id, text, counts, run.report.conflicts, where)
    m.only, m.left_out, m.clock = run.only, run.report.left_out, run.clock
    if "audit" in run.tables:
        m.src_audit = list(src.audit_of(in_id))
        m.audit_mark = run.audit_mark
        m.log_times = insert_times(m.src_audit) if m.audit_mark is not None else {}
    if m.audit_mark is not None and "gold_sources" in run.tables:
        m.links = list(src.gold_links_of(in_id))
    merge_spans(m, in_id, run.report.gold_without_lead)
    merge_gold_links(m, in_id, run.tables, run.report.gold_without_lead)
    _merge_states(m, in_id)
    if "assignments" in run.tables and run.only is None:
        for who, at in src.assignments_of(in_id):
            run.clock.set(m.log_times.get(("assignments", who)))
            counts.assignments += store.add_assignment(out, out_id, who, at)
    if "audit" in run.tables:
        merge_audit(m, in_id)


def _merge_states(m: ArticleMerge, in_id: int) -> None:
    for who, state, note, seconds, updated in m.src.states_of(in_id):
        if m.only is not None and who != m.only:
            continue
        ours = store.state_of(m.out, m.out_article, who)
        if ours is None:
            theirs = {"state": state, "note": note, "seconds_spent": seconds, "updated_at": updated}
            m.clock.set(m.log_times.get(("article_state", who)))
            store.insert_state(m.out, m.out_article, who, theirs)
            m.counts.states_added += 1
            continue
        new = dict(ours)
        new["seconds_spent"] = max(ours["seconds_spent"], seconds)
        if ours["state"] != state:
            if ours["state"] == "open":
                new.update(state=state, note=note or ours["note"], updated_at=updated)
            elif state != "open":
                m.conflict(
                    who, "article state", _state(ours), _state({"state": state, "note": note})
                )
        if new["state"] == state and not new["note"] and note:
            new["note"] = note
        elif ours["state"] == state and note and ours["note"] and note != ours["note"]:
            m.conflict(who, "note", repr(ours["note"]), repr(note))
        if new != ours:  # on a server, logged as of the input's last change of the state
            m.clock.set(m.log_times.get(("article_state", who, "update")))
            store.update_state(m.out, m.out_article, who, new)
            m.counts.states_updated += 1


def _state(row: dict[str, Any]) -> str:
    return f"state {row['state']}" + (f" (note {row['note']!r})" if row.get("note") else "")
