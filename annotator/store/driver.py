"""sqlite-utils, loaded without numpy and pandas.

sqlite-utils imports numpy and pandas whenever they are installed (spaCy and krippendorff bring
numpy) only to map their scalar types to column types; the project never stores a numpy or pandas
value, and numpy alone costs every command about 0.2 s of start-up (issue 14). While sqlite-utils
is first imported, both are marked unavailable (a ``None`` entry in ``sys.modules`` makes their
import raise ImportError, which sqlite-utils handles); the marks are removed at once, so any
later ``import numpy`` (agreement, the spaCy export) works as usual. If numpy is already loaded,
nothing is blocked.
"""

from __future__ import annotations

import sys

_SKIPPED = ("numpy", "pandas")


def _load_sqlite_utils() -> None:
    blocked = [name for name in _SKIPPED if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401, PLC0415
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_load_sqlite_utils()
