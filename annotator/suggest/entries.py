"""Gazetteer entries and the table that merges them by name key.

An entry is a plain tuple so the compiled gazetteer can be cached with marshal:
``(label, attrs, context, flags, score, priority)``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

ACTOR = "ACTOR"
PLACE = "PLACE"
BLOCK = "BLOCK"  # a name that is neither (a monitor, a facility): suppresses what it overlaps

# What must come before a name for it to be suggested.
FREE = 0
LOC = 1  # place: a preposition, direction, type word or clitic ب/ل/ك before it
TYPE = 2  # place: a type word (بلدة، قرية، منطقة ...) before it
HEAD = 3  # actor: a head word (تنظيم، عناصر ...) before it, or quotation marks around it

POLITY = 1  # flag: a country or capital, which may stand for its government

# Source priorities: the lower wins when two sources give the same name.
P_LEARNED, P_ACTOR, P_CURATED, P_GEONAMES, P_ADMIN, P_ABROAD = 0, 1, 2, 3, 4, 5


class Entry(NamedTuple):
    label: str
    attrs: dict[str, Any]
    context: int
    flags: int
    score: float
    priority: int


class EntryTable:
    """Name key → the strongest entry seen for it."""

    def __init__(self) -> None:
        self.table: dict[tuple[str, ...], Entry] = {}

    def add(self, key: tuple[str, ...], entry: Entry) -> None:
        if not key:
            return
        old = self.table.get(key)
        if old is None or entry.priority < old.priority:
            self.table[key] = entry
        elif (
            entry.priority == old.priority
            and entry.label == old.label == PLACE
            and old.attrs.get("geonames_id") != entry.attrs.get("geonames_id")
        ):
            # the same name in two places of one source: keep it, but no longer pin an id
            attrs = {k: v for k, v in old.attrs.items() if k != "geonames_id"}
            self.table[key] = old._replace(attrs=attrs)

    def set_context(self, key: tuple[str, ...], context: int) -> None:
        old = self.table.get(key)
        if old is not None and old.label == PLACE and context > old.context:
            self.table[key] = old._replace(context=context)

    def set_flags(self, key: tuple[str, ...], flags: int) -> None:
        old = self.table.get(key)
        if old is not None and old.label == PLACE:
            self.table[key] = old._replace(flags=old.flags | flags)

    def __len__(self) -> int:
        return len(self.table)
