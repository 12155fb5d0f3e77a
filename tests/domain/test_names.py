"""The one rule for annotator names (domain.names)."""

from __future__ import annotations

import pytest

from annotator.domain import MAX_NAME_LENGTH, AnnotatorNameError, clean_name, looks_like_gold

GOLD_LOOKALIKES = [
    "gold",
    "GOLD",
    "Gold",
    "gold ",
    " gold",
    "g\u043eld",  # Cyrillic o
    "g\u03bfld",  # Greek omicron
    "\u0261old",  # Latin script g
    "gol\u0501",  # Cyrillic komi de
    "go\u04cfd",  # Cyrillic palochka
    "G0LD",  # digit zero
    "goId",  # capital I for l
    "go1d",  # digit one for l
    "\uff47\uff4f\uff4c\uff44",  # full-width
    "\U0001d420\U0001d428\U0001d425\U0001d41d",  # mathematical bold
    "\u1d33\u1d3c\u1d38\u1d30",  # modifier capitals (NFKC)
]


@pytest.mark.parametrize("name", GOLD_LOOKALIKES)
def test_gold_and_its_lookalikes_are_refused(name: str) -> None:
    assert looks_like_gold(name)
    with pytest.raises(AnnotatorNameError, match="reserved name of the adjudicated gold layer"):
        clean_name(name)


@pytest.mark.parametrize(
    "name",
    ["go\u200dld", "gol\u200bd", "\u202egold", "go\u00adld", "gold\ufe0f", "go\u2066ld\u2069"],
)
def test_gold_with_invisible_characters_is_refused_and_looks_like_gold(name: str) -> None:
    assert looks_like_gold(name)
    with pytest.raises(AnnotatorNameError) as err:
        clean_name(name)
    assert err.value.kind == "hidden" and "U+" in str(err.value)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("", "empty"),
        ("  \t ", "empty"),
        ("ali\x1b[2J", "hidden"),
        ("ali\nomar", "hidden"),
        ("ali\u00a0omar", "hidden"),
        ("\u0645\u0646\u0649\u200f", "hidden"),
        ("x" * (MAX_NAME_LENGTH + 1), "long"),
        (None, "type"),
    ],
)
def test_other_bad_names_say_why(name, kind: str) -> None:
    with pytest.raises(AnnotatorNameError) as err:
        clean_name(name)
    assert err.value.kind == kind


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("  mona ", "mona"),
        ("Rene\u0301", "Ren\u00e9"),  # NFC
        ("\u0645\u0646\u0649 \u0639\u0644\u064a", "\u0645\u0646\u0649 \u0639\u0644\u064a"),
        ("golden", "golden"),
        ("goldx", "goldx"),
        ("go ld", "go ld"),
        ("x" * MAX_NAME_LENGTH, "x" * MAX_NAME_LENGTH),
    ],
)
def test_good_names_are_kept_in_one_form(name: str, stored: str) -> None:
    assert clean_name(name) == stored


def test_gold_itself_only_where_asked_for() -> None:
    assert clean_name("gold", gold_ok=True) == "gold"
    for name in ("GOLD", " gold", "gold "):
        with pytest.raises(AnnotatorNameError, match="gold"):
            clean_name(name, gold_ok=True)
