"""Label colours: Paul Tol's 'light' scheme, chosen to stay apart under colour-blind vision."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain import Label


@dataclass(frozen=True)
class LabelColors:
    """Hex colours (#RRGGBB) of one label, all readable behind black text on white."""

    confirmed: str  # solid background of an accepted or added span
    suggested: str  # paler background of a suggestion
    strong: str  # underline of a suggestion, swatch border, legend text


ACTOR = LabelColors(confirmed="#EE8866", suggested="#F9D5C9", strong="#A0300A")
PLACE = LabelColors(confirmed="#77AADD", suggested="#CFE1F3", strong="#1D558D")
CASUALTY = LabelColors(confirmed="#BBCC33", suggested="#E7EDB8", strong="#606A16")

LABEL_COLORS: dict[Label, LabelColors] = {
    Label.ACTOR: ACTOR,
    Label.PLACE: PLACE,
    Label.CASUALTY: CASUALTY,
}

TEXT = "#111111"  # article text
BACKGROUND = "#FFFFFF"  # article page
CURRENT_OUTLINE = "#111111"  # frame around the current span
SELECTION = "#3D6FB6"  # keyboard/mouse selection background (white text on it)


def for_label(label: Label | str) -> LabelColors:
    """The colours of ``label``."""
    return LABEL_COLORS[Label(label)]


def relative_luminance(hex_color: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
