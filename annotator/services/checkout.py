"""Taking work offline: a coder's share of a team server's project as an SQLite file, and back.

``checkout(SERVER, NAME, OUT)`` copies what the desk needs to code NAME's assigned articles
(texts, suggestions, NAME's own layer, states and log) into a new SQLite project OUT; an
existing OUT is never overwritten, and OUT is written as ``OUT.part`` and renamed when complete.

``checkin(OUT, SERVER)`` brings NAME's decisions back with the merge rules (``services.merge``):
articles are matched by their text (ids may differ), the same span decided differently on the
server meanwhile is a conflict (the server keeps its version; the conflict is reported), and
a second checkin changes nothing. Only NAME's spans, states and log rows travel; the server
enforces that the login checking in may write them (a coder's login: only its own layer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.services.merge import MergeReport, merge_databases, remove_database
from annotator.store import StoreError, open_store, write_transaction
from annotator.store.checkout import (
    CopiedRows,
    assigned_count,
    checkout_record,
    copy_layer,
    has_annotator,
)
from annotator.store.connection import now
from annotator.store.postgres.connect import describe, is_server_url
from annotator.store.postgres.handle import ServerRefusedError

__all__ = ["CheckinReport", "CheckoutReport", "checkin", "checkout"]


@dataclass
class CheckoutReport:
    """What a checkout copied, and where to."""

    out: str
    server: str
    annotator: str
    copied: CopiedRows

    def summary(self) -> str:
        c = self.copied
        return (
            f"{self.out}: {c.articles} article(s) of {self.annotator} from {self.server}"
            f" with {c.suggestions} suggestion(s); {c.spans} span(s), {c.states} state(s) and"
            f" {c.log_rows} log row(s) of {self.annotator}'s; bring the work back with"
            f" 'annotator checkin {self.out} --db …'"
        )


@dataclass
class CheckinReport:
    """What a checkin brought back: the merge's report for the coder's layer."""

    annotator: str
    merge: MergeReport

    @property
    def changed(self) -> bool:
        return self.merge.changed

    def summary(self) -> str:
        text = self.merge.summary()
        if not self.changed and not self.merge.conflicts:
            return (
                f"{text}\nnothing new to check in: {self.merge.out} has all of"
                f" {self.annotator}'s decisions from this file"
            )
        return text


def _server(target: str) -> str:
    if not is_server_url(target):
        raise StoreError(f"{target}: not a team server; give --db postgresql://USER@HOST/DATABASE")
    return str(target).strip()


def checkout(server: str, annotator: str, out: Path | str) -> CheckoutReport:
    """Copy ``annotator``'s assigned articles and layer from ``server`` into a new file."""
    server, out = _server(server), Path(out)
    if out.exists():
        raise StoreError(f"{out}: already exists; a checkout never overwrites a file")
    part = out.with_name(out.name + ".part")
    source = open_store(server)
    try:
        where = source.where
        if not has_annotator(source, annotator):
            raise StoreError(f"{where}: no annotator named {annotator!r}")
        if assigned_count(source, annotator) == 0:
            raise StoreError(
                f"{where}: no articles are assigned to {annotator!r}; assign some first"
                " ('annotator assign')"
            )
        remove_database(part)  # left by a checkout that was stopped: start again
        try:
            target = open_store(part)
            try:
                record = {"server": where, "annotator": annotator, "at": now()}
                with write_transaction(target):
                    copied = copy_layer(source, target, annotator, record)
            finally:
                target.close()
            part.replace(out)
        except BaseException:
            remove_database(part)
            raise
    finally:
        source.close()
    return CheckoutReport(str(out), where, annotator, copied)


def checkin(laptop: Path | str, server: str) -> CheckinReport:
    """Bring the decisions of a checkout ``laptop`` back into ``server`` (see the module)."""
    server, laptop = _server(server), Path(laptop)
    record = checkout_record(laptop)
    if record is None:
        raise StoreError(
            f"{laptop}: not made by 'annotator checkout' (it names no coder); bring a whole"
            " project in with 'annotator merge' instead"
        )
    annotator = record["annotator"]
    project = open_store(server)
    try:
        if not has_annotator(project, annotator):
            raise StoreError(f"{project.where}: no annotator named {annotator!r}")
    finally:
        project.close()
    try:
        report = merge_databases(server, [laptop], only=annotator)
    except ServerRefusedError as exc:
        where = describe(server)
        raise StoreError(
            f"{where}: this login may not write {annotator}'s decisions"
            f" ({str(exc).removeprefix(where + ': ')});"
            " check in with the login of the coder who checked the file out. Nothing was"
            " checked in"
        ) from exc
    return CheckinReport(annotator, report)
