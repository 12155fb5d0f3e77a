"""Word lists under resources/, loaded once and keyed by their normalised forms."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from annotator.arabic.normalize import normalize_key
from annotator.paths import resource_path

__all__ = ["PersonNoun", "load_resource", "person_nouns"]


@cache
def load_resource(name: str) -> Any:
    """The parsed JSON file ``resources/<name>`` (found through annotator.paths)."""
    return json.loads(resource_path(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class PersonNoun:
    """A noun that counts people, with who it says they are and the harm it names, if any."""

    singular: str
    group: str  # armed | civilian | neutral
    kind: str | None = None
    side: str | None = None  # state | insurgent: whose fighters the noun names, if it says


@dataclass(frozen=True)
class PersonNouns:
    """Normalised surface forms of the person nouns: counted forms, plurals and duals."""

    singular: dict[str, PersonNoun]  # singular and its accusative (عنصرا، مدنيا)
    plural: dict[str, PersonNoun]
    dual: dict[str, PersonNoun]
    # -ين forms that are also sound plurals (مدنيين): a dual only when written with a fatha
    # before the ي (مدنيَّين، مواطنَين)
    dual_or_plural: dict[str, PersonNoun]

    def counted(self, word: str) -> PersonNoun | None:
        """The noun a normalised word is a singular or plural form of."""
        return self.singular.get(word) or self.plural.get(word)


@cache
def person_nouns() -> PersonNouns:
    """The person nouns of resources/numbers_person_nouns.json with their derived forms."""
    singular: dict[str, PersonNoun] = {}
    plural: dict[str, PersonNoun] = {}
    dual: dict[str, PersonNoun] = {}
    ambiguous: dict[str, PersonNoun] = {}
    for entry in load_resource("numbers_person_nouns.json")["person_nouns"]:
        sg = entry["sg"]
        noun = PersonNoun(sg, entry["group"], entry.get("kind"), entry.get("side"))
        key = normalize_key(sg)
        plurals = {normalize_key(p) for p in entry["pl"]}
        singular[key] = noun
        if not key.endswith(("ه", "ا", "ي")) or sg.endswith("ي"):
            singular.setdefault(key + "ا", noun)
        for p in plurals:
            plural.setdefault(p, noun)
        if entry.get("no_dual") or sg.endswith("ى"):
            continue
        stem = normalize_key(sg[:-1] + "ت") if sg.endswith("ة") else key
        dual.setdefault(stem + "ان", noun)
        if stem + "ين" not in plurals:
            dual.setdefault(stem + "ين", noun)
        else:
            ambiguous.setdefault(stem + "ين", noun)
    return PersonNouns(singular, plural, dual, ambiguous)
