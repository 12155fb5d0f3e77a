"""The closed vocabularies' value lists."""

from __future__ import annotations

from annotator.domain import Label, Status


def test_values_are_listed_once_per_vocabulary() -> None:
    assert Label.values() == ("ACTOR", "PLACE", "CASUALTY")
    assert Label.values() is Label.values()  # built once: exports ask per span
    assert Status.values() == ("suggested", "accepted", "corrected", "rejected", "added")
