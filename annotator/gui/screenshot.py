"""Render a widget offscreen to a PNG, to look at what a coder would see."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget


def grab_to_png(widget: QWidget, path: str | Path, size: tuple[int, int] = (900, 700)) -> Path:
    """Resize and show ``widget``, let Qt lay it out, and save ``widget.grab()`` to ``path``."""
    path = Path(path)
    widget.resize(*size)
    widget.show()
    app = QApplication.instance()
    if app is not None:
        for _ in range(3):
            app.processEvents()
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path
