"""Label colours: readable behind black text and apart under colour-blind vision (no Qt)."""

from __future__ import annotations

import itertools
import math

import pytest

from annotator.domain import Label
from annotator.gui import colors

# Machado et al. (2009) simulation matrices, severity 1.0, on linear RGB.
CVD = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protan": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deutan": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritan": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _lab(hex_color: str, vision: str) -> tuple[float, float, float]:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [lin(int(hex_color[i : i + 2], 16) / 255) for i in (1, 3, 5)]
    r, g, b = (
        min(max(sum(m * v for m, v in zip(row, rgb, strict=True)), 0), 1) for row in CVD[vision]
    )
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("label", list(Label))
def test_text_stays_readable_on_every_background(label: Label) -> None:
    tone = colors.for_label(label)
    for background in (tone.confirmed, tone.suggested):
        assert colors.contrast_ratio(colors.TEXT, background) >= 7.0  # WCAG AAA
    assert colors.contrast_ratio(tone.strong, colors.BACKGROUND) >= 4.5  # legend text
    assert colors.contrast_ratio(tone.strong, tone.suggested) >= 3.0  # dashed underline


@pytest.mark.parametrize("vision", list(CVD))
def test_labels_stay_apart_under_colour_blindness(vision: str) -> None:
    for kind in ("confirmed", "suggested"):
        shades = [getattr(colors.for_label(label), kind) for label in Label]
        for a, b in itertools.combinations(shades, 2):
            assert math.dist(_lab(a, vision), _lab(b, vision)) > 10, (vision, kind, a, b)


def test_suggestion_is_paler_than_confirmed() -> None:
    for label in Label:
        tone = colors.for_label(label)
        assert colors.relative_luminance(tone.suggested) > colors.relative_luminance(tone.confirmed)
