"""Shared test setup: Qt runs on the offscreen platform; no test touches the user's data."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
