"""Helpers of the suggester tests (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

from annotator.suggest import Suggester


def found(suggester: Suggester, text: str) -> list[tuple[str, str]]:
    """(label, surface) of every suggestion, in text order."""
    return [(s.span.label.value, text[s.span.start : s.span.end]) for s in suggester.suggest(text)]


def surfaces(suggester: Suggester, text: str, label: str) -> list[str]:
    return [surface for lab, surface in found(suggester, text) if lab == label]
