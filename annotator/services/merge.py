"""Merging coders' databases: articles, spans, states, gold, assignments and logs, no duplicates.

``merge_databases(OUT, [IN, ...])`` brings everything of the inputs into OUT (created if
missing) in one transaction. Inputs are opened read-only and never changed. Articles are
matched by content hash; spans by what they are (see ``merge_spans``); a merge is a union, so
merging the same input again changes nothing, and a deletion on one machine does not delete
on another. The same coder with different decisions on the same span or article is a
conflict: OUT keeps its version and the conflict is reported (``strict``: nothing is written:
an OUT that did not exist is not left behind, an existing one keeps every byte).

Article states of one coder: a state only one side has is copied; ``open`` gives way to any
other state (the coder finished on the other machine); two different other states (done vs
skipped or flagged) are a conflict. Time spent is the larger of the two (not the sum: both
copies may hold the same earlier time); a note only one side has is kept.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.domain.names import stored_name_problem
from annotator.domain.safe_text import visible
from annotator.services.merge_spans import (
    ArticleMerge,
    Conflict,
    Counts,
    merge_audit,
    merge_gold_links,
    merge_spans,
)
from annotator.store import StoreError, open_store, write_transaction
from annotator.store.connection import SQLITE_HEADER
from annotator.store.schema import MIGRATION_SET, known_migration_names

__all__ = ["Conflict", "Counts", "MergeConflictError", "MergeReport", "merge_databases"]


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

    @property
    def changed(self) -> bool:
        return any(c.changed() for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            "inputs": {name: asdict(c) for name, c in self.counts.items()},
            "conflicts": [asdict(c) for c in self.conflicts],
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
        if self.conflicts:
            lines.append(f"CONFLICTS ({len(self.conflicts)}): OUT kept its own version of each")
            lines += [f"  {c}" for c in self.conflicts]
        else:
            lines.append("no conflicts")
        return "\n".join(lines)


def _read_only_mode(path: Path) -> str:
    """URI parameters that read ``path`` without writing anything, side files included.

    Without a ``-wal`` file everything is in the main file, which is read as immutable (no
    ``-shm``/``-wal`` created next to the coder's database); with one, a read-only connection
    also reads what the WAL holds.
    """
    wal = path.with_name(path.name + "-wal")
    return "?mode=ro" if wal.exists() else "?mode=ro&immutable=1"


def open_input(path: Path) -> sqlite3.Connection:
    """Open an input database read-only after checking it is an annotator project we can read."""
    if not path.is_file():
        raise StoreError(f"{path}: no such database")
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise StoreError(f"{path}: not an annotator database (not an SQLite file)")
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + _read_only_mode(path), uri=True)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "_sqlite_migrations" not in tables:
            raise StoreError(f"{path}: an SQLite database, but not an annotator project")
        applied = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )
        ]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: the database is damaged or unreadable: {exc}") from exc
    unknown = [n for n in applied if n not in known_migration_names()]
    if unknown or not applied:
        conn.close()
        raise StoreError(
            f"{path}: not an annotator project, or made by a newer version (update the app)"
        )
    return conn


def merge_databases(
    out_path: Path | str, in_paths: Sequence[Path | str], *, strict: bool = False
) -> MergeReport:
    """Merge every input into OUT; see the module docstring for the rules."""
    out_path = Path(out_path)
    inputs = [Path(p) for p in in_paths]
    if not inputs:
        raise StoreError("name at least one input database")
    for p in inputs:
        if out_path.exists() and p.exists() and p.resolve() == out_path.resolve():
            raise StoreError(f"{p}: an input cannot be the output database")
    sources = [(p, open_input(p)) for p in inputs]
    try:
        if strict and out_path.exists() and _pending_migrations(out_path):
            _strict_check_on_copy(out_path, sources)  # migrating OUT would change it already
        return _merge_into(out_path, sources, strict=strict)
    finally:
        for _p, src in sources:
            src.close()


def _merge_into(
    out_path: Path, sources: Sequence[tuple[Path, sqlite3.Connection]], *, strict: bool
) -> MergeReport:
    """Merge into OUT in one transaction; an OUT this call created is removed if it fails."""
    report = MergeReport(str(out_path))
    created = not out_path.exists()
    emptied = not created and out_path.stat().st_size == 0
    try:
        out = open_store(out_path)
        try:
            with write_transaction(out):
                for path, src in sources:
                    report.counts[str(path)] = _merge_one(out, src, str(path), report)
                if strict and report.conflicts:
                    raise MergeConflictError(report)
        finally:
            out.close()
    except BaseException:
        if created or emptied:
            _remove_database(out_path)
            if emptied:
                out_path.write_bytes(b"")
        raise
    return report


def _remove_database(path: Path) -> None:
    """Delete a database file this merge created, with its side files."""
    for victim in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        victim.unlink(missing_ok=True)


def _pending_migrations(path: Path) -> bool:
    """True if opening ``path`` for writing would first migrate it (read-only check)."""
    if path.stat().st_size == 0:
        return False
    conn = open_input(path)
    try:
        applied = {
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )
        }
    finally:
        conn.close()
    return bool(set(known_migration_names()) - applied)


def _strict_check_on_copy(
    out_path: Path, sources: Sequence[tuple[Path, sqlite3.Connection]]
) -> None:
    """MergeConflictError if merging into a scratch copy of OUT finds conflicts."""
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as scratch:
        copy = Path(scratch) / out_path.name
        reader = sqlite3.connect(out_path.resolve().as_uri() + _read_only_mode(out_path), uri=True)
        writer = sqlite3.connect(copy)
        try:
            reader.backup(writer)
        finally:
            writer.close()
            reader.close()
        try:
            _merge_into(copy, sources, strict=True)
        except MergeConflictError as exc:
            exc.report.out = str(out_path)
            raise


def _tables(src: sqlite3.Connection) -> set[str]:
    return {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}


# While rows are copied from an input that keeps its own audit log, the insert triggers are
# paused: the input's log (copied, ids mapped) says when and by whom each row was made, and
# OUT's log gets one "merge" row per input that changed something instead of a second,
# merge-time copy of every insert.
_PAUSED = (
    "spans_audit_insert",
    "gold_rejections_audit_insert",
    "gold_sources_audit_insert",
    "article_state_audit_insert",
    "assignments_audit_insert",
)


@contextmanager
def _paused_triggers(out: Database, names: Sequence[str]) -> Iterator[None]:
    marks = ", ".join("?" for _ in names)
    saved = out.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        list(names),
    ).fetchall()
    for trigger, _sql in saved:
        out.execute(f'DROP TRIGGER "{trigger}"')
    try:
        yield
    finally:
        for _trigger, sql in saved:
            out.execute(sql)


def _merge_one(out: Database, src: sqlite3.Connection, name: str, report: MergeReport) -> Counts:
    tables = _tables(src)
    if "audit" in tables:
        with _paused_triggers(out, _PAUSED):
            counts = _merge_input(out, src, name, report, tables)
    else:
        counts = _merge_input(out, src, name, report, tables)
    if counts.changed():
        out.execute(
            "INSERT INTO audit (who, action, tbl, after) VALUES ('merge', 'insert', 'merge', ?)",
            [json.dumps({"input": name, **asdict(counts)}, ensure_ascii=False)],
        )
    return counts


def _merge_input(
    out: Database, src: sqlite3.Connection, name: str, report: MergeReport, tables: set[str]
) -> Counts:
    counts = Counts()
    for who, role, created in src.execute("SELECT name, role, created_at FROM annotators"):
        if (problem := stored_name_problem(who)) is not None:  # the one rule of domain.names
            raise StoreError(f"{name}: coder '{visible(who)}' cannot be merged: {problem}")
        cur = out.execute(
            "INSERT OR IGNORE INTO annotators (name, role, created_at) VALUES (?, ?, ?)",
            [who, role, created],
        )
        counts.annotators += cur.rowcount
    articles = src.execute(
        "SELECT id, hash, source, title, text, text_length, meta, imported_at FROM articles"
        " ORDER BY id"
    ).fetchall()
    for in_id, digest, source, title, text, length, meta, imported in articles:
        row = out.execute("SELECT id FROM articles WHERE hash = ?", [digest]).fetchone()
        if row is None:
            cur = out.execute(
                "INSERT INTO articles (hash, source, title, text, text_length, meta, imported_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [digest, source, title, text, length, meta, imported],
            )
            out_id = cur.lastrowid
            counts.articles_added += 1
        else:
            out_id = row[0]
            counts.articles_matched += 1
        assert out_id is not None

        where = (name, source, digest)
        m = ArticleMerge(out, src, out_id, text, counts, report.conflicts, where)
        merge_spans(m, in_id)
        merge_gold_links(m, in_id, tables)
        _merge_states(m, in_id)
        if "assignments" in tables:
            for who, at in src.execute(
                "SELECT annotator, assigned_at FROM assignments WHERE article_id = ?", [in_id]
            ).fetchall():
                cur = out.execute(
                    "INSERT OR IGNORE INTO assignments (article_id, annotator, assigned_at)"
                    " VALUES (?, ?, ?)",
                    [out_id, who, at],
                )
                counts.assignments += cur.rowcount
        if "audit" in tables:
            merge_audit(m, in_id)
    return counts


_STATE_COLS = ("state", "note", "seconds_spent", "updated_at")


def _merge_states(m: ArticleMerge, in_id: int) -> None:
    for who, state, note, seconds, updated in m.src.execute(
        "SELECT annotator, state, note, seconds_spent, updated_at FROM article_state"
        " WHERE article_id = ?",
        [in_id],
    ).fetchall():
        row = m.out.execute(
            "SELECT state, note, seconds_spent, updated_at FROM article_state"
            " WHERE article_id = ? AND annotator = ?",
            [m.out_article, who],
        ).fetchone()
        if row is None:
            m.out.execute(
                "INSERT INTO article_state (article_id, annotator, state, note, seconds_spent,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [m.out_article, who, state, note, seconds, updated],
            )
            m.counts.states_added += 1
            continue
        ours = dict(zip(_STATE_COLS, row, strict=True))
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
        if new != ours:
            sets = ", ".join(f"{c} = ?" for c in _STATE_COLS)
            m.out.execute(
                f"UPDATE article_state SET {sets} WHERE article_id = ? AND annotator = ?",
                [new[c] for c in _STATE_COLS] + [m.out_article, who],
            )
            m.counts.states_updated += 1


def _state(row: dict[str, Any]) -> str:
    return f"state {row['state']}" + (f" (note {row['note']!r})" if row.get("note") else "")
