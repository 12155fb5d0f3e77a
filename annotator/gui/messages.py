"""The services' messages in the UI language, translated at the GUI boundary.

Services never import Qt and write their messages in English (the CLI shows them as they are).
Each message a coder may meet in the GUI is listed here as a template whose ``{name}`` parts
stand for values (ids, names, paths); ``translate_message`` matches a message against the
templates, translates the template and puts the values back. A message that matches none is
shown as it is.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Messages"

TEMPLATES = (
    # annotator.services.coding
    QT_TRANSLATE_NOOP("Messages", "A coder needs a name."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "‘{name}’ is reserved for the adjudicated gold layer; choose another name.",
    ),
    QT_TRANSLATE_NOOP("Messages", "No span with id {id}."),
    QT_TRANSLATE_NOOP("Messages", "Select some text of the article first."),
    QT_TRANSLATE_NOOP("Messages", "The database is busy: {error}"),
    QT_TRANSLATE_NOOP("Messages", "Database error: {error}"),
    # annotator.services.review
    QT_TRANSLATE_NOOP("Messages", "{coder} has no span here; reject all versions instead."),
    QT_TRANSLATE_NOOP("Messages", "Span {id} is not a gold span."),
    QT_TRANSLATE_NOOP("Messages", "The lead needs a name of their own, not the gold layer's."),
    QT_TRANSLATE_NOOP("Messages", "The gold layer is not a coder to compare."),
    QT_TRANSLATE_NOOP(
        "Messages", "The coders' spans here changed since the list was shown; look again."
    ),
    QT_TRANSLATE_NOOP("Messages", "Choose at least one coder to review."),
    # annotator.store
    QT_TRANSLATE_NOOP("Messages", "no article with id {id}"),
    QT_TRANSLATE_NOOP("Messages", "no span with id {id}"),
    QT_TRANSLATE_NOOP("Messages", "span {id} belongs to {owner}, not {coder}"),
    QT_TRANSLATE_NOOP("Messages", "span {id} is a rejection; accept its suggestion instead"),
    QT_TRANSLATE_NOOP("Messages", "span {id} is a shared suggestion; reject it instead"),
    QT_TRANSLATE_NOOP("Messages", "span {id} is not a gold span"),
    QT_TRANSLATE_NOOP("Messages", "{coder} already has this {label} span"),
    QT_TRANSLATE_NOOP("Messages", "{coder} has no span here; reject all versions instead"),
    QT_TRANSLATE_NOOP(
        "Messages", "the coders' spans here changed since the list was shown; look again"
    ),
    QT_TRANSLATE_NOOP("Messages", "the gold layer is not a coder to compare"),
    QT_TRANSLATE_NOOP("Messages", "an annotator needs a non-empty name"),
    QT_TRANSLATE_NOOP("Messages", "{path}: cannot open the database: {error}"),
    QT_TRANSLATE_NOOP("Messages", "{path}: the database is damaged or unreadable: {error}"),
    QT_TRANSLATE_NOOP("Messages", "{path}: not an annotator database (not an SQLite file)"),
    QT_TRANSLATE_NOOP("Messages", "{path}: an SQLite database, but not an annotator project"),
    QT_TRANSLATE_NOOP("Messages", "{path}: not a file"),
    QT_TRANSLATE_NOOP("Messages", "{path}: the folder {folder} does not exist"),
    # annotator.domain (a span the store refuses)
    QT_TRANSLATE_NOOP("Messages", "spans {first} and {second} overlap"),
    QT_TRANSLATE_NOOP("Messages", "span [{start}, {end}) lies outside the text of length {n}"),
    # annotator.services.export
    QT_TRANSLATE_NOOP(
        "Messages",
        "the spacy format needs spaCy: pip install 'annotator[spacy]' (or pip install spacy);"
        " no language model is needed",
    ),
    QT_TRANSLATE_NOOP("Messages", "{path}: cannot write the export: {error}"),
    QT_TRANSLATE_NOOP("Messages", "{path}: cannot create the folder: {error}"),
    QT_TRANSLATE_NOOP("Messages", "{path} is a folder; give a file name for this format"),
    QT_TRANSLATE_NOOP("Messages", "{path} is a file; this format writes a folder"),
)
_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a regular expression (its values as named groups), longest first."""
    out = []
    for template in sorted(TEMPLATES, key=len, reverse=True):
        parts = _FIELD.split(template)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        out.append((re.compile(regex, re.DOTALL), template))
    return tuple(out)


def _fill(template: str, values: dict[str, str]) -> str:
    """The template in the UI language with its ``{name}`` parts replaced by ``values``."""
    translated = QCoreApplication.translate(CONTEXT, template)
    return _FIELD.sub(lambda field: values.get(field.group(1), field.group(0)), translated)


def translate_message(text: str) -> str:
    """``text`` (a service's message) in the UI language; as it is if no template fits."""
    for pattern, template in _patterns():
        match = pattern.fullmatch(text)
        if match is not None:
            return _fill(template, match.groupdict())
    return text
