"""The report's charts: matplotlib (Agg, no Qt, no pyplot state) with readable Arabic labels.

Labels are drawn with the bundled Noto Naskh Arabic font (DejaVu Sans covers Latin text).
matplotlib before 3.11 draws characters one by one, left to right, so Arabic is first shaped
(arabic_reshaper: joined letter forms) and put in visual order (python-bidi). matplotlib built
with libraqm (3.11 and later) shapes and orders text itself; shaping it again would reverse
it, so there labels are passed as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import arabic_reshaper
import matplotlib as mpl
from bidi import get_display
from matplotlib import font_manager, ft2font
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from annotator.domain.safe_text import visible
from annotator.paths import resource_path

FONT_FILE = resource_path("fonts", "NotoNaskhArabic-Regular.ttf")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
COLORS = ["#1f77b4", "#2ca02c", "#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#7f7f7f", "#bcbd22"]
LABEL_COLORS = {"ACTOR": "#d62728", "PLACE": "#1f77b4", "CASUALTY": "#2ca02c"}


# True when matplotlib lays text out with libraqm (HarfBuzz shaping and FriBiDi reordering).
NATIVE_LAYOUT = hasattr(ft2font, "__libraqm_version__")


def shape(text: str, native: bool | None = None) -> str:
    """Text ready for matplotlib: control and bidi characters shown as escapes (``visible``),
    Arabic shaped and in visual order unless matplotlib does it."""
    text = visible(text)
    native = NATIVE_LAYOUT if native is None else native
    if native or not _ARABIC.search(text):
        return text
    return get_display(arabic_reshaper.reshape(text))


@cache
def font_families() -> tuple[str, ...]:
    """Register the bundled Arabic font once; families to use, Arabic first."""
    if FONT_FILE.is_file():
        font_manager.fontManager.addfont(str(FONT_FILE))
        name = font_manager.FontProperties(fname=str(FONT_FILE)).get_name()
        return (name, "DejaVu Sans")
    return ("DejaVu Sans",)


def _draw(path: Path, height: float, paint: Callable[[Figure], None]) -> Path:
    """A 9-inch-wide PNG painted by ``paint`` with the report's fonts."""
    # Names are data, not TeX: "$x$" in a coder or place name must not be parsed as mathtext.
    style = {"font.family": list(font_families()), "font.size": 11, "text.parse_math": False}
    with mpl.rc_context(style):
        fig = Figure(figsize=(9, max(height, 2.5)), dpi=110, layout="constrained")
        paint(fig)
        fig.savefig(path, format="png")
    return path


def _legend(ax: Axes) -> None:
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)


def _empty(fig: Figure, title: str, message: str) -> None:
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555")
    ax.set_axis_off()


def stacked_barh(
    path: Path,
    title: str,
    rows: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    xlabel: str,
    empty: str = "nothing yet",
) -> Path:
    """Horizontal bars, one per row (first row on top), stacked by series."""

    def paint(fig: Figure) -> None:
        if not rows or not any(sum(values) for _, values in series):
            _empty(fig, title, empty)
            return
        ax = fig.add_subplot()
        left = [0.0] * len(rows)
        y = list(range(len(rows)))[::-1]
        for i, (name, values) in enumerate(series):
            if not sum(values):
                continue
            color = LABEL_COLORS.get(name, COLORS[i % len(COLORS)])
            ax.barh(y, values, left=left, label=shape(name), color=color)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(y, [shape(r) for r in rows])
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        _legend(ax)
        ax.grid(axis="x", alpha=0.3)

    return _draw(path, 1.2 + 0.38 * len(rows), paint)


def grouped_bars(
    path: Path,
    title: str,
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    ylabel: str,
    ylim: tuple[float, float] | None = None,
    empty: str = "nothing yet",
) -> Path:
    """Vertical bars: one group per x position, one bar per series inside it."""

    def paint(fig: Figure) -> None:
        if not groups or not series:
            _empty(fig, title, empty)
            return
        ax = fig.add_subplot()
        width = 0.8 / len(series)
        for i, (name, values) in enumerate(series):
            xs = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
            heights = [v or 0.0 for v in values]
            color = LABEL_COLORS.get(name, COLORS[i % len(COLORS)])
            ax.bar(xs, heights, width=width, label=shape(name), color=color)
        ax.set_xticks(range(len(groups)), [shape(g) for g in groups])
        ax.set_ylabel(ylabel)
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.set_title(title)
        _legend(ax)
        ax.grid(axis="y", alpha=0.3)

    return _draw(path, 4.0, paint)
