"""An export reads one snapshot: coding stored by another desk while it runs does not reach it
(SQLite: one read transaction; a team server: REPEATABLE READ, READ ONLY)."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from annotator.domain import Label
from annotator.services.coding import CodingSession
from annotator.services.export import ExportOptions, export
from annotator.store import open_store
from tests.builders import pending


def _export(db: Database, out: Path, progress=None) -> bytes:
    export(db, ExportOptions("jsonl", out, layer="all"), progress=progress)
    return out.read_bytes()


def test_coding_stored_during_an_export_does_not_reach_it(
    coded: tuple[Database, int, int], project_target: str, tmp_path: Path
) -> None:
    db, first, _second = coded
    before = _export(db, tmp_path / "before.jsonl")
    other = open_store(project_target)  # another desk on the same project
    stored = []

    def progress(done: int, total: int) -> None:
        if done == 0:  # the export has counted its records and reads the first
            bea = CodingSession(other, "bea")
            bea.reject(pending(bea, first, "داعش"))
            cem = CodingSession(other, "cem")
            cem.add_span(first, 0, 4, Label.PLACE)
            cem.mark_done(first)
            stored.append(total)

    try:
        during = _export(db, tmp_path / "during.jsonl", progress)
        after = _export(db, tmp_path / "after.jsonl")
    finally:
        other.close()
    assert stored  # the other desk wrote while the export ran
    assert during == before
    assert after != before and b'"annotator": "cem"' in after
    assert not db.conn.in_transaction  # the snapshot ended with the export
