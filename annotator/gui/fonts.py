"""The bundled Arabic font (Noto Naskh Arabic, SIL OFL 1.1) in resources/fonts."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from annotator.paths import resource_path

FONT_DIR = resource_path("fonts")
FONT_FILES = ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")
FALLBACK_FAMILY = "Noto Naskh Arabic"
DEFAULT_POINT_SIZE = 17.0

_family: str | None = None


def load_arabic_font() -> str:
    """Register the bundled font with Qt once (needs a QGuiApplication); return its family."""
    global _family  # noqa: PLW0603 - one registration per process
    if _family is not None:
        return _family
    family = FALLBACK_FAMILY
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families and name.endswith("Regular.ttf"):
            family = families[0]
    _family = family
    return family
