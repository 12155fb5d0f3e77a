"""Errors raised by the store."""

from __future__ import annotations


class StoreError(Exception):
    """A database that cannot be used, or a write the store refuses, with a clear message."""
