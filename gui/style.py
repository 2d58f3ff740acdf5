"""Colours, fonts and line widths shared by every view: colour-blind-safe and legible on a projector."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

# Okabe-Ito, chosen so the three models stay apart for every common colour-vision deficiency.
MODEL_COLORS = {"L1": "#D55E00", "L2": "#0072B2", "EN": "#009E73"}
# Paul Tol's "muted" scheme plus two greys: one colour per feature, the same in every view.
FEATURE_COLORS = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
                  "#AA4499", "#555555", "#AAAAAA")
# Where the colours repeat, each round of them has its own line style.
FEATURE_DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine,
                  Qt.PenStyle.DashDotDotLine)
BACKGROUND = "#FFFFFF"
FOREGROUND = "#222222"
OLS_COLOR = "#777777"
TRUE_COLOR = "#000000"


def model_key(penalty) -> str:
    """"L1", "L2" or "EN": the slot of a model (``Penalty``) in views and palettes."""
    return "L1" if penalty.is_l1 else "L2" if penalty.is_l2 else "EN"


def model_color(penalty) -> QColor:
    """The colour of a model (``Penalty``) in every view."""
    return QColor(MODEL_COLORS[model_key(penalty)])


def feature_color(index: int) -> QColor:
    """The colour of feature ``index``; the palette repeats beyond its length (``feature_dash`` tells them apart)."""
    return QColor(FEATURE_COLORS[index % len(FEATURE_COLORS)])


def feature_dash(index: int) -> Qt.PenStyle:
    """The line style of feature ``index``: solid for the first round of colours, then dashed, dotted, ..."""
    return FEATURE_DASHES[(index // len(FEATURE_COLORS)) % len(FEATURE_DASHES)]


def highlight_pen() -> QPen:
    """The outline of the highlighted feature's bars and boxes (AppState.highlighted_feature)."""
    line = QPen(QColor(FOREGROUND))
    line.setWidthF(3.0)
    line.setCosmetic(True)
    return line


@dataclass(frozen=True)
class Scale:
    """Point sizes and pixel widths; presentation mode enlarges them."""

    font_pt: int = 11
    title_pt: int = 12
    line_px: float = 2.0
    marker_px: int = 9

    @classmethod
    def for_mode(cls, presentation: bool) -> Scale:
        return cls(font_pt=15, title_pt=16, line_px=3.2, marker_px=12) if presentation else cls()
