"""The bundled Arabic font is small, licensed, and what the article view really uses."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontInfo

from annotator.gui.article_view import ArticleView
from annotator.gui.fonts import FONT_DIR, FONT_FILES, load_arabic_font


def test_font_files_and_licence_are_bundled() -> None:
    total = sum((FONT_DIR / name).stat().st_size for name in FONT_FILES)
    assert total < 1_000_000
    licence = (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Google" in licence  # the copyright notice travels with the font


def test_load_arabic_font_registers_the_family(qtbot) -> None:
    family = load_arabic_font()
    assert family == "Noto Naskh Arabic"
    assert family in QFontDatabase.families()
    assert load_arabic_font() == family  # registered once


def test_article_view_uses_the_bundled_font_at_reading_size(qtbot) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    info = QFontInfo(view.font())
    assert info.family() == load_arabic_font()
    assert 16 <= view.font_point_size() <= 18
