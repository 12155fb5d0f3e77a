"""Helpers of the suggester tests (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

from annotator.suggest import Suggester


def found(suggester: Suggester, text: str) -> list[tuple[str, str]]:
    """(label, surface) of every suggestion, in text order."""
    return [(s.span.label.value, text[s.span.start : s.span.end]) for s in suggester.suggest(text)]


def surfaces(suggester: Suggester, text: str, label: str) -> list[str]:
    return [surface for lab, surface in found(suggester, text) if lab == label]


def casualties(suggester: Suggester, text: str) -> list[tuple[str, object, str, str, object]]:
    """(surface, count, kind, qualifier, victim) of every CASUALTY suggestion."""
    out = []
    for s in suggester.suggest(text):
        if s.span.label.value == "CASUALTY":
            a = s.span.attrs
            surface = text[s.span.start : s.span.end]
            out.append((surface, a["count"], a["kind"], a["qualifier"], a["victim"]))
    return out


def actors(suggester: Suggester, text: str) -> list[tuple[str, str]]:
    return [
        (text[s.span.start : s.span.end], str(s.span.attrs["actor"]))
        for s in suggester.suggest(text)
        if s.span.label.value == "ACTOR"
    ]
