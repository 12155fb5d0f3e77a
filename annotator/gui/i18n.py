"""The UI language: Qt translations from resources/i18n and the mirrored layout for Arabic."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    Qt,
    QTranslator,
)
from PySide6.QtWidgets import QApplication

from annotator.gui.review.review_rows import AttrWords
from annotator.paths import resource_path

I18N_DIR = resource_path("i18n")
SUPPORTED = ("en", "ar")
SESSION_CONTEXT = "CodingSession"
VALUES_CONTEXT = "Values"

_installed: list[QTranslator] = []

# The coding session's undo labels and field names (annotator.services.coding.LABELS and
# FIELDS), listed here so that pyside6-lupdate finds them.
SESSION_STRINGS = (
    QT_TRANSLATE_NOOP("CodingSession", "Accept ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Reject ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Remove ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Relabel ‘{surface}’ as {label}"),
    QT_TRANSLATE_NOOP("CodingSession", "Grow ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Shrink ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Add {label} ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Replace ‘{old}’ with ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Replace {n} spans with ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Edit {field} of ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Edit attributes of ‘{surface}’"),
    QT_TRANSLATE_NOOP("CodingSession", "Accept all ({n})"),
    QT_TRANSLATE_NOOP("CodingSession", "Mark done"),
    QT_TRANSLATE_NOOP("CodingSession", "Skip"),
    QT_TRANSLATE_NOOP("CodingSession", "Flag"),
    QT_TRANSLATE_NOOP("CodingSession", "Reopen"),
    QT_TRANSLATE_NOOP("CodingSession", "count"),
    QT_TRANSLATE_NOOP("CodingSession", "kind"),
    QT_TRANSLATE_NOOP("CodingSession", "qualifier"),
    QT_TRANSLATE_NOOP("CodingSession", "victim"),
    QT_TRANSLATE_NOOP("CodingSession", "actor"),
    QT_TRANSLATE_NOOP("CodingSession", "place"),
    QT_TRANSLATE_NOOP("CodingSession", "GeoNames id"),
)


# The casualty attributes' values as the UI shows them (stored in English: killed, at_least).
VALUE_STRINGS = (
    QT_TRANSLATE_NOOP("Values", "killed"),
    QT_TRANSLATE_NOOP("Values", "wounded"),
    QT_TRANSLATE_NOOP("Values", "captured"),
    QT_TRANSLATE_NOOP("Values", "missing"),
    QT_TRANSLATE_NOOP("Values", "killed_or_wounded"),
    QT_TRANSLATE_NOOP("Values", "exact"),
    QT_TRANSLATE_NOOP("Values", "at_least"),
    QT_TRANSLATE_NOOP("Values", "approx"),
    QT_TRANSLATE_NOOP("Values", "at_most"),
    QT_TRANSLATE_NOOP("Values", "vague"),
    QT_TRANSLATE_NOOP("Values", ", "),  # between attributes: count=45, kind=killed
)
_FIELD_NAMES = {"geonames_id": "GeoNames id"}  # as annotator.services.coding.FIELDS
_WORD_VALUED = ("kind", "qualifier")


def value_name(value: str) -> str:
    """A kind or qualifier value (``killed``, ``at_least``) in the UI language."""
    return QCoreApplication.translate(VALUES_CONTEXT, value)


def _attr_value(key: str, value: object) -> str:
    return value_name(str(value)) if key in _WORD_VALUED else str(value)


def attr_words() -> AttrWords:
    """Attribute names and values in the UI language, for review_rows.describe."""
    return AttrWords(
        key=lambda key: session_translate(_FIELD_NAMES.get(key, key)),
        value=_attr_value,
        comma=QCoreApplication.translate(VALUES_CONTEXT, ", "),
    )


def session_translate(text: str) -> str:
    """Translate one of the session's label templates into the UI language."""
    return QCoreApplication.translate(SESSION_CONTEXT, text)


def resolve_language(requested: str | None, saved: str = "") -> str:
    """``--lang`` first, then the saved choice, then the system locale; English otherwise."""
    for choice in (requested, saved):
        if choice:
            code = choice.strip().lower()[:2]
            if code in SUPPORTED:
                return code
    if QLocale.system().language() == QLocale.Language.Arabic:
        return "ar"
    return "en"


def install_language(app: QApplication, language: str) -> bool:
    """Load the app's and Qt's own translations and set the layout direction; False if the
    translation file is missing (the UI stays English)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    rtl = language == "ar"
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    if language == "en":
        return True
    ours = QTranslator(app)
    if not ours.load(f"annotator_{language}", str(I18N_DIR)):
        return False
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase",):
        qt = QTranslator(app)
        if qt.load(f"{name}_{language}", qt_dir):
            app.installTranslator(qt)
            _installed.append(qt)
    app.installTranslator(ours)
    _installed.append(ours)
    return True
