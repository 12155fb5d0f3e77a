"""suggest layer: gazetteers, casualty detection and the pipeline that suggests spans."""

from __future__ import annotations

from annotator.suggest.pipeline import Suggester, load_suggester

__all__ = ["Suggester", "load_suggester"]
