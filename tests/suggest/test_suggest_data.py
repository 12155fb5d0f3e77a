"""The curated data follows the codebook: ids, head words, type words, no clashes."""

from __future__ import annotations

import json
import re

from annotator.domain.labels import CODEBOOK_ACTOR_IDS
from annotator.suggest.keys import name_key, split_variants
from annotator.suggest.resources import load_json, load_lines, resource_path

ACTOR_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _actor_names() -> dict[tuple[str, ...], str]:
    data = load_json("actors.json")
    out: dict[tuple[str, ...], str] = {}
    for actor in data["actors"]:
        for name in actor["names"] + actor.get("context_names", []):
            out[name_key(name)] = actor["id"]
    for actor_id, _kind, _en, names in data["small_actors"]:
        for name in split_variants(names):
            out[name_key(name)] = actor_id
    return out


def test_every_codebook_id_is_there_with_a_valid_type() -> None:
    data = load_json("actors.json")
    ids = [a["id"] for a in data["actors"]] + [row[0] for row in data["small_actors"]]
    assert len(ids) == len(set(ids))
    assert set(CODEBOOK_ACTOR_IDS) <= set(ids)
    assert all(ACTOR_ID.match(i) for i in ids)
    kinds = {a["type"] for a in data["actors"]} | {row[1] for row in data["small_actors"]}
    assert kinds <= {
        "State Forces",
        "Rebel Groups",
        "Political Militias",
        "Identity Militias",
        "External/Other Forces",
    }


def test_no_name_belongs_to_two_actors() -> None:
    data = load_json("actors.json")
    seen: dict[tuple[str, ...], str] = {}
    for actor in data["actors"]:
        for name in actor["names"] + actor.get("context_names", []):
            key = name_key(name)
            assert seen.setdefault(key, actor["id"]) == actor["id"], name
    for actor_id, _kind, _en, names in data["small_actors"]:
        for name in split_variants(names):
            assert seen.setdefault(name_key(name), actor_id) == actor_id, name


# Names the codebook itself keeps whole although the rest is also listed.
CODEBOOK_WHOLE = {
    name_key(n)
    for n in (
        "تنظيم الدولة الإسلامية",
        "تنظيم الدولة الإسلامية في العراق والشام",
        "تنظيم القاعدة",
        "تنظيم القاعدة في العراق",
    )
}


def test_a_head_word_is_never_kept_before_a_name_that_stands_alone() -> None:
    """Codebook: تنظيم ”داعش“ → داعش, so 'تنظيم داعش' must not be listed."""
    data = load_json("actors.json")
    heads = {name_key(w)[0] for w in data["codebook_head_words"]}
    names = _actor_names()
    for key, actor_id in names.items():
        if len(key) > 1 and key[0] in heads and key not in CODEBOOK_WHOLE:
            assert names.get(key[1:]) != actor_id, (" ".join(key), actor_id)


def test_generic_nouns_and_non_actors_are_not_actor_names() -> None:
    data = load_json("actors.json")
    names = _actor_names()
    for word in data["generic"] + data["not_actors"]:
        assert name_key(word) not in names, word


def test_curated_places_have_no_type_word_in_front() -> None:
    places = load_json("places.json")
    words = load_json("place_words.json")
    types = {name_key(w)[0] for w in words["type_words"]}
    specs = places["regions"] + places["rivers"]
    specs += list(places["localities"].values()) + list(places["cities_abroad"].values())
    for spec in specs:
        for name in split_variants(spec):
            assert name_key(name)[0] not in types, name


def test_context_lists_name_curated_places_and_common_words_parse() -> None:
    places = load_json("places.json")
    assert not set(places["context"]["loc"]) & set(places["context"]["type"])
    assert all(len(w) > 1 for w in load_lines("common_words.txt"))
    for name in ("boilerplate.json", "place_words.json", "places.json", "actors.json"):
        json.loads(resource_path(name).read_text(encoding="utf-8"))
