"""Costs of the desk's key and selection work (deskkeys): the popup key gate on every event,
snapping a selection to the codebook's span, and a find-as-you-type match, on the longest seed.

    QT_QPA_PLATFORM=offscreen python bench/selection.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from annotator.domain import to_stored_text  # noqa: E402
from annotator.gui.key_gate import install_popup_key_gate  # noqa: E402
from annotator.services.words import Words, name_starts  # noqa: E402


def per_call(run, n: int) -> float:
    """Best of three: microseconds per call of ``run``."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            run()
        best = min(best, (time.perf_counter() - start) / n * 1e6)
    return best


def main() -> None:
    app = QApplication([])
    widget = QWidget()
    widget.show()

    def event() -> None:
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.User))

    bare = per_call(event, 100_000)
    owner = QWidget()
    install_popup_key_gate(owner)
    gated = per_call(event, 100_000)
    text = max(
        (to_stored_text(p.read_text(encoding="utf-8")) for p in (ROOT / "seeds").glob("*.txt")),
        key=len,
    )
    start = time.perf_counter()
    name_starts()
    first_names = time.perf_counter() - start
    words = Words(text)
    build = per_call(lambda: Words(text), 20)
    middle = len(text) // 2
    snap = per_call(lambda: words.snapped(middle, middle + 25), 2000)
    start = time.perf_counter()
    Words(text).find("قلمون", middle)
    first_find = (time.perf_counter() - start) * 1e6
    find = per_call(lambda: words.find("قلمون", middle), 200)
    print(f"key gate: {gated - bare:.1f} µs more per event ({bare:.1f} → {gated:.1f} µs)")
    print(f"article of {len(text)} characters: Words() {build / 1000:.2f} ms")
    print(f"snap a selection: {snap:.0f} µs; find a word: {first_find:.0f} µs the first time")
    print(f"(with the text's normalisation), {find:.0f} µs after")
    print(f"names of the gazetteer, first use in the process: {first_names:.2f} s")
    app.quit()


if __name__ == "__main__":
    main()
