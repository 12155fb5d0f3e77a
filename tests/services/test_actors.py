"""Typed actor and victim text resolved through the actor catalogue (resources/actors.json)."""

from __future__ import annotations

import pytest

from annotator.services.actors import ActorCatalogue, Found, as_id
from annotator.services.coding import actor_catalogue


@pytest.fixture(scope="module")
def catalogue() -> ActorCatalogue:
    return ActorCatalogue.from_choices(*actor_catalogue())


@pytest.mark.parametrize(
    ("typed", "actor_id"),
    [
        ("داعش", "ISIS"),  # an Arabic name
        ("الدوله الاسلاميه", "ISIS"),  # normalised: ة/ه and أ/ا fold
        ("Islamic State", "ISIS"),  # the English name
        ("isis", "ISIS"),  # the id, any case
        ("civ", "CIVILIANS"),  # the one id starting so
        ("مدنيين", "CIVILIANS"),
        ("المدنيين", "CIVILIANS"),
        ("syrian government", "SYRIAN_GOVERNMENT"),
        ("قوات النظام", "SYRIAN_GOVERNMENT"),
        ("ISIS — داعش، تنظيم الدولة / Islamic State", "ISIS"),  # a completion's text
    ],
)
def test_names_and_ids_resolve_to_the_id(catalogue, typed: str, actor_id: str) -> None:
    found = catalogue.resolve(typed)
    assert (found.found, found.actor_id) == (Found.ACTOR, actor_id)


def test_ambiguous_unknown_and_invalid(catalogue) -> None:
    found = catalogue.resolve("is")
    assert found.found is Found.AMBIGUOUS
    assert {"ISIS", "ISRAELI_FORCES"} <= set(found.candidates)
    assert catalogue.resolve("CIV_X").found is Found.NEW  # not "CIV": a new id needs a yes
    assert catalogue.resolve("new group").actor_id == "NEW_GROUP"
    assert catalogue.resolve("foo!").found is Found.INVALID
    assert catalogue.resolve("  ").found is Found.EMPTY
    assert as_id("مدنيين") is None


def test_without_the_suggesters_catalogue_the_codebook_ids_resolve() -> None:
    catalogue = ActorCatalogue.from_choices([], {})
    assert catalogue.resolve("civilians").actor_id == "CIVILIANS"
    assert catalogue.resolve("sdf").actor_id == "SDF"
