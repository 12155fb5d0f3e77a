"""Annotator: keyboard-first coding of actors, places and casualties in Arabic conflict news."""

from __future__ import annotations

__version__ = "0.1.0"
