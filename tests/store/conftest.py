"""Fixtures the store tests share."""

from __future__ import annotations

from tests.backends import backend, db, project_target  # noqa: F401  (both backends)
