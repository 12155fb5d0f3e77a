"""The report's content figures (actors, places, casualties), one version of each article.

Which spans count (``layer``):

- ``auto`` (the default): per article the gold layer when the lead has adjudicated it (gold
  marked done), else the coder who finished it first, so double coding never changes the
  figures. "First" is when the coder's state last became done (the audit log, which ``merge``
  carries over; the state row's time where the log has nothing), ties by name. Articles nobody
  finished are not counted.
- ``gold`` or an annotator's name: that layer's confirmed spans on every article it touched.
- ``all``: every coder's confirmed spans pooled (an article coded twice counts twice).

Places are grouped by their normalised surface (``normalize_key``; surfaces that share a
GeoNames id are one place), shown in their commonest written form with the commonest canonical
name (``place``) beside it; actors by actor id, or by normalised surface when they have none.
Casualty "people" does not add up repeats: per article and version the largest count for each
kind and victim, summed over articles.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from annotator.arabic.normalize import normalize_key
from annotator.domain import GOLD, Label
from annotator.store import Project, StoreError
from annotator.store import reports as store
from annotator.store import repository as repo

AUTO = "auto"
ALL = "all"
TOP = 15
NO_ID = "(no id)"
UNKNOWN = "(not said)"


@dataclass
class Versions:
    """Which annotator's spans count on each article (``per_article``: article id → names)."""

    layer: str
    described: str
    per_article: dict[int, tuple[str, ...]] = field(default_factory=dict)
    uncounted: int = 0  # articles no version was taken from (auto: nobody finished them)

    def summary(self) -> list[tuple[str, int]]:
        """Articles per source, most first (``a + b`` where versions are pooled)."""
        counts = Counter(" + ".join(names) for names in self.per_article.values())
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass
class Content:
    """The content figures of one set of versions."""

    versions: Versions
    actors: list[tuple[str, str, int]] = field(default_factory=list)  # id, form, mentions
    places: list[tuple[str, str, int]] = field(default_factory=list)  # form, name, mentions
    casualties: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # [mentions, people]


def choose_versions(db: Project, layer: str = AUTO) -> Versions:
    """The versions the content figures use, per article."""
    names = repo.annotator_names(db)
    articles = repo.article_count(db)
    if layer == AUTO:
        per_article = _first_finished(db)
        described = (
            "one version per article: the gold layer where the lead adjudicated it, else the"
            " coder who finished it first; articles nobody finished are not counted"
        )
        return Versions(AUTO, described, per_article, articles - len(per_article))
    if layer == ALL:
        coders = [n for n in names if n != GOLD]
        described = "every coder's confirmed spans, pooled (an article coded twice counts twice)"
    elif layer == GOLD or layer in names:
        coders = [layer]
        described = f"the {layer!r} layer"
    else:
        raise StoreError(f"no annotator named {layer!r}")
    per_article: dict[int, list[str]] = defaultdict(list)
    for article_id, name in store.touched(db, coders):
        per_article[article_id].append(name)
    chosen = {a: tuple(sorted(n)) for a, n in sorted(per_article.items())}
    return Versions(layer, described, chosen, articles - len(chosen))


def _first_finished(db: Project) -> dict[int, tuple[str, ...]]:
    done: dict[int, dict[str, str]] = defaultdict(dict)
    for article_id, name, updated in store.done_states(db):
        done[article_id][name] = updated
    finished = store.finished_at(db, GOLD)
    out = {}
    for article_id in sorted(done):
        coders = done[article_id]
        if GOLD in coders:
            out[article_id] = (GOLD,)
        elif len(coders) == 1:
            out[article_id] = (next(iter(coders)),)
        else:
            when = {n: finished.get((article_id, n), (t, 0)) for n, t in coders.items()}
            out[article_id] = (min(coders, key=lambda n: (*when[n], n)),)
    return out


def collect_content(db: Project, layer: str = AUTO) -> Content:
    """The actors, places and casualties of the chosen versions."""
    versions = choose_versions(db, layer)
    content = Content(versions)
    pairs = [(a, n) for a, names in versions.per_article.items() for n in names]
    names = store.version_names(db, pairs)
    casualties = store.version_casualties(db, pairs)
    content.actors = _actors([r for r in names if r[0] == Label.ACTOR.value])
    content.places = _places([r for r in names if r[0] == Label.PLACE.value])
    for kind, victim, mentions, people in casualties:
        key = (_text(kind) or UNKNOWN, _text(victim) or UNKNOWN)
        totals = content.casualties.setdefault(key, [0, 0])
        totals[0] += mentions
        totals[1] += people or 0
    return content


def _text(value: object) -> str | None:
    """A JSON string attribute as text (anything else stored there, as its JSON)."""
    if value is None or isinstance(value, str):
        return value or None
    return json.dumps(value, ensure_ascii=False)


def place_key(surface: str) -> str:
    """What places are grouped by: the surface normalised, spaces collapsed."""
    return normalize_key(" ".join(surface.split()))


def _places(rows: list[tuple[str, object, object, str, int]]) -> list[tuple[str, str, int]]:
    """Places by normalised surface; surfaces that share a GeoNames id are one place."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for _label, _name, gid, surface, _n in rows:
        root = find(place_key(surface))
        if gid is not None:
            parent[find(f"\0{gid}")] = root
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for _label, name, _gid, surface, n in rows:
        key = place_key(surface)
        group = find(key)
        forms[group][surface] += n
        place = _text(name)
        if place and place_key(place) != key:
            names[group][place] += n
    return _top(forms, names)


def _actors(rows: list[tuple[str, object, object, str, int]]) -> list[tuple[str, str, int]]:
    """Actors by id; those without one by normalised surface."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    ids: dict[str, Counter[str]] = defaultdict(Counter)
    for _label, actor, _gid, surface, n in rows:
        actor_id = _text(actor)
        key = actor_id or f"\0{place_key(surface)}"
        forms[key][surface] += n
        ids[key][actor_id or NO_ID] += n
    return [(name, form, n) for form, name, n in _top(forms, ids)]


def _top(
    forms: dict[str, Counter[str]], names: dict[str, Counter[str]]
) -> list[tuple[str, str, int]]:
    """(commonest form, commonest name or "", mentions) of the most mentioned groups."""
    totals = {key: sum(c.values()) for key, c in forms.items()}
    ranked = sorted(totals, key=lambda k: (-totals[k], k))[:TOP]
    out = []
    for key in ranked:
        form = _commonest(forms[key])
        name = _commonest(names[key]) if names.get(key) else ""
        out.append((form, name, totals[key]))
    return out


def _commonest(counter: Counter[str]) -> str:
    return min(counter, key=lambda s: (-counter[s], s))
