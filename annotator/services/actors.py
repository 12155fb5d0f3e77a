"""What a coder types in an actor or victim field, resolved to an actor id of the catalogue.

Arabic names, English names and ids all map to the id (``داعش`` → ISIS, ``civ`` and ``مدنيين``
→ CIVILIANS): an exact id, then an exact name, then the one id whose id or names start with
what was typed; case-insensitive, Arabic normalised (annotator.arabic). Several ids: ambiguous;
none: a new id only if the coder confirms it (the GUI asks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from annotator.arabic.normalize import normalize_key
from annotator.domain import CIVILIANS, CODEBOOK_ACTOR_IDS

ACTOR_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
CANDIDATES_SHOWN = 8
_CIVILIAN_NAMES = ("civilians", "civilian", "مدنيين", "مدنيون", "مدني", "المدنيين")
_SPACES = re.compile(r"[\s_\-]+")


class Found(Enum):
    """How a typed text resolved."""

    EMPTY = "empty"  # nothing typed: no actor (unknown victim)
    ACTOR = "actor"  # one id of the catalogue
    NEW = "new"  # written like an id, but not in the catalogue: confirm before storing
    AMBIGUOUS = "ambiguous"  # several ids fit
    INVALID = "invalid"  # neither a name of the catalogue nor an id


@dataclass(frozen=True)
class Resolution:
    found: Found
    actor_id: str | None = None
    candidates: tuple[str, ...] = field(default_factory=tuple)


def as_id(text: str) -> str | None:
    """``text`` written as an actor id (upper case, ``_`` for spaces), or None if it cannot be."""
    candidate = _SPACES.sub("_", text.strip()).upper()
    return candidate if ACTOR_ID.match(candidate) else None


def _key(text: str) -> str:
    flat = _SPACES.sub(" ", text.strip())
    return flat.casefold() if flat.isascii() else normalize_key(flat)


class ActorCatalogue:
    """Actor ids with their names, for resolving what a coder types."""

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]]) -> None:
        self._ids: dict[str, str] = {}  # key of the id -> id
        self._names: dict[str, set[str]] = {}  # key of a name -> ids
        self._order: list[str] = []
        for actor_id, names in entries:
            if actor_id not in self._order:
                self._order.append(actor_id)
            self._ids[_key(actor_id)] = actor_id
            for name in names:
                if name.strip():
                    self._names.setdefault(_key(name), set()).add(actor_id)

    @classmethod
    def from_choices(
        cls, choices: Sequence[tuple[str, str]], names: dict[str, str]
    ) -> ActorCatalogue:
        """From ``actor_catalogue()`` (annotator.services.coding): ids with display text, and
        each name's id; the display text "Arabic، names / English name" names it too."""
        by_id: dict[str, list[str]] = {actor_id: [] for actor_id, _ in choices}
        for actor_id, display in choices:
            arabic, _, english = display.rpartition(" / ") if " / " in display else ("", "", "")
            by_id[actor_id] += [english, *arabic.split("، ")]
        for name, actor_id in names.items():
            by_id.setdefault(actor_id, []).append(name)
        by_id.setdefault(CIVILIANS, []).extend(_CIVILIAN_NAMES)
        for actor_id in CODEBOOK_ACTOR_IDS:
            by_id.setdefault(actor_id, [])
        return cls(by_id.items())

    def __contains__(self, actor_id: object) -> bool:
        return isinstance(actor_id, str) and self._ids.get(_key(actor_id)) == actor_id

    def named(self, text: str) -> str | None:
        """The one id ``text`` is exactly (an id or a name, normalised), else None."""
        key = _key(text)
        if key in self._ids:
            return self._ids[key]
        ids = self._names.get(key, set())
        return next(iter(ids)) if len(ids) == 1 else None

    def resolve(self, text: str) -> Resolution:
        """The id ``text`` names (see the module's docstring)."""
        if " — " in text:  # a completion's display text: "ISIS — داعش / Islamic State"
            text = text.split(" — ", 1)[0]
        key = _key(text)
        if not key:
            return Resolution(Found.EMPTY)
        if key in self._ids:
            return Resolution(Found.ACTOR, self._ids[key])
        exact = self._names.get(key)
        if exact:
            return self._one_of(exact)
        starting = {i for k, i in self._ids.items() if k.startswith(key)}
        if not starting:
            starting = {i for k, ids in self._names.items() if k.startswith(key) for i in ids}
        if starting:
            return self._one_of(starting)
        new = as_id(text)
        return Resolution(Found.NEW, new) if new else Resolution(Found.INVALID)

    def _one_of(self, ids: set[str]) -> Resolution:
        if len(ids) == 1:
            return Resolution(Found.ACTOR, next(iter(ids)))
        ordered = sorted(ids, key=lambda i: (self._order.index(i), i))
        return Resolution(Found.AMBIGUOUS, candidates=tuple(ordered))
