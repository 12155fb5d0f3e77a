"""The Qt binding itself must keep Python's reference counts sound."""

from __future__ import annotations

import PySide6


def test_void_qt_calls_do_not_leak_none(refs_lost_per_call) -> None:
    lost = refs_lost_per_call()
    assert lost < 0.01, (
        f"PySide6 {PySide6.__version__} loses {lost:.2f} reference(s) to None per void call: "
        "on Python < 3.12 the app aborts ('deallocating None') after a few thousand calls. "
        "Use PySide6-Essentials < 6.12 (6.11.3 is sound) or Python >= 3.12."
    )
