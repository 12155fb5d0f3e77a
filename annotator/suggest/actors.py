"""Actor names from resources/actors.json as gazetteer entries."""

from __future__ import annotations

from typing import Any

from annotator.suggest.entries import ACTOR, BLOCK, FREE, HEAD, P_ACTOR, Entry, EntryTable
from annotator.suggest.keys import name_key, split_variants

SCORE_NAME = 0.9
SCORE_CONTEXT = 0.7
SCORE_FORCE = 0.85


def force_names(data: dict[str, Any], adjectives: list[str]) -> list[str]:
    """State-force designations from nationality adjectives: الجيش التركي، القوات التركية ..."""
    masc = [a for a in adjectives if not a.endswith(("ة", "ية"))]
    fem = [a for a in adjectives if a.endswith(("ة", "ية"))]
    out = [f"{noun} {adj}" for noun in data.get("force_nouns_m", []) for adj in masc]
    out += [f"{noun} {adj}" for noun in data.get("force_nouns_f", []) for adj in fem]
    return out


def state_names(data: dict[str, Any], adjectives: list[str]) -> list[str]:
    """Designations of a state, not of its forces: دولة الاحتلال التركي (never suggested)."""
    masc = [a for a in adjectives if not a.endswith(("ة", "ية"))]
    return [f"{noun} {adj}" for noun in data.get("state_nouns_m", []) for adj in masc]


def add_actors(table: EntryTable, data: dict[str, Any]) -> None:
    """Every actor name, context name, force designation and non-actor blocker."""
    for actor in data["actors"]:
        attrs = {"actor": actor["id"]}
        for name in force_names(data, actor.get("force_adjectives", [])):
            table.add(name_key(name), Entry(ACTOR, attrs, FREE, 0, SCORE_FORCE, P_ACTOR))
        for name in state_names(data, actor.get("force_adjectives", [])):
            table.add(name_key(name), Entry(BLOCK, {}, FREE, 0, 0.0, P_ACTOR))
        for name in actor.get("names", []):
            table.add(name_key(name), Entry(ACTOR, attrs, FREE, 0, SCORE_NAME, P_ACTOR))
        for name in actor.get("context_names", []):
            table.add(name_key(name), Entry(ACTOR, attrs, HEAD, 0, SCORE_CONTEXT, P_ACTOR))
    for actor_id, _kind, _en, names in data.get("small_actors", []):
        attrs = {"actor": actor_id}
        for name in split_variants(names):
            table.add(name_key(name), Entry(ACTOR, attrs, FREE, 0, SCORE_NAME, P_ACTOR))
    for name in data.get("not_actors", []):
        table.add(name_key(name), Entry(BLOCK, {}, FREE, 0, 0.0, P_ACTOR))


def actor_types(data: dict[str, Any]) -> dict[str, str]:
    """Actor id → ACLED-style actor type."""
    out = {a["id"]: a["type"] for a in data["actors"]}
    out.update({row[0]: row[1] for row in data.get("small_actors", [])})
    return out
