"""The command line's list of interface languages is the GUI's."""

from __future__ import annotations

from annotator.gui.i18n import SUPPORTED, resolve_language
from annotator.services.doctor import available_languages


def test_the_cli_offers_exactly_the_languages_the_gui_installs() -> None:
    assert available_languages() == list(SUPPORTED)
    assert [resolve_language(code) for code in available_languages()] == list(SUPPORTED)
