"""Shared fixtures of the suggester tests: one suggester per session, its cache in a tmp dir."""

from __future__ import annotations

import os

import pytest

from annotator.suggest import Suggester, load_suggester


@pytest.fixture(scope="session")
def suggester(tmp_path_factory: pytest.TempPathFactory) -> Suggester:
    os.environ.setdefault("ANNOTATOR_CACHE_DIR", str(tmp_path_factory.mktemp("annotator-cache")))
    return load_suggester()
