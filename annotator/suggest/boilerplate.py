"""Where the article body ends: page furniture and reader comments after it are not coded."""

from __future__ import annotations

import re
from typing import Any


class BodyEnd:
    """Finds the end of the body from the markers in resources/boilerplate.json."""

    def __init__(self, rules: dict[str, Any]) -> None:
        self.line_starts = tuple(rules["line_starts"])
        self.patterns = [re.compile(p) for p in rules["line_patterns"]]
        self.late_patterns = [re.compile(p) for p in rules.get("late_line_patterns", [])]
        self.inline = tuple(rules["inline"])
        self.tail_starts = tuple(rules["tail_line_starts"])
        self.tail_lines = int(rules["tail_lines"])
        self.head_lines = int(rules["head_lines"])

    def __call__(self, text: str) -> int:
        """The offset (code points) where boilerplate starts, or ``len(text)``."""
        end = len(text)
        for marker in self.inline:
            pos = text.find(marker)
            if 0 <= pos < end:
                end = pos
        lines: list[tuple[int, str]] = []
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                lines.append((pos, line.strip()))
            pos += len(line) + 1
        tail_from = len(lines) - self.tail_lines
        for n, (offset, line) in enumerate(lines):
            if offset >= end:
                break
            if n < self.head_lines:
                continue
            if (
                line.startswith(self.line_starts)
                or any(p.search(line) for p in self.patterns)
                or (n >= tail_from and line.startswith(self.tail_starts))
                or (offset * 2 > len(text) and any(p.search(line) for p in self.late_patterns))
            ):
                return offset
        return end
