"""A bottom axis that names every feature: level when the names fit, else turned upright, smaller and abbreviated."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from gui import pg_internals

MIN_FONT_PT = 7  # smaller is not read from the back of a lecture hall
MAX_UPRIGHT_EM = 7  # an upright name longer than this many "n"s is abbreviated in its middle: the plot keeps its height
GAP_PX = 4  # between two level names
TICK_PX = 5
LEVEL_SHRINK_PT = 2  # level names may be this much smaller than the tick font before they stand upright


class FeatureAxis(pg.AxisItem):
    """Feature names at positions 0, 1, ..., p - 1 of a bottom axis, every one of them.

    They lie level when the widest fits between two neighbours (in a font up to ``LEVEL_SHRINK_PT`` smaller); else they stand upright, the font shrinks
    (down to ``MIN_FONT_PT``) until one line fits between neighbours, and long names are abbreviated in the
    middle ("total_c…sterol"). Only where not even that fits is every k-th name shown.
    """

    # Class defaults: pyqtgraph's __init__ resizes the axis (hence ``_arrange``) before ours could set them.
    _names: tuple = ()
    _font_pt = 11
    label_layout = (False, 11, ())  # (upright, font size, ((position, text), ...)) as drawn

    def __init__(self):
        super().__init__("bottom")
        self.setStyle(showValues=True, tickLength=TICK_PX)

    def set_names(self, names, font_pt: int | None = None) -> None:
        """Name positions 0 .. len(names) - 1 by ``names``, in the tick font of ``font_pt`` points."""
        self._names = tuple(names)
        if font_pt is not None:
            self._font_pt = font_pt
        self.setTicks([[(k, name) for k, name in enumerate(self._names)], []])
        self._arrange()

    def resizeEvent(self, ev=None):
        super().resizeEvent(ev)
        self._arrange()

    def setRange(self, mn, mx):
        super().setRange(mn, mx)
        self._arrange()

    def _spacing_px(self) -> float:
        low, high = self.range
        return self.width() / max(abs(high - low), 1e-12)

    def _arrange(self) -> None:
        """Choose level or upright, the font and the texts for the axis' width; the height follows."""
        names, spacing = self._names, self._spacing_px()
        # Level names cost the plot one line of height, upright ones the longest name: level, a little smaller, first.
        for size in range(self._font_pt, max(self._font_pt - LEVEL_SHRINK_PT, MIN_FONT_PT) - 1, -1):
            font, metrics = label_font(size), QFontMetricsF(label_font(size))
            upright = bool(names) and max(metrics.horizontalAdvance(n) for n in names) + GAP_PX > spacing
            if not upright:
                break
        texts, step = names, 1
        if upright:
            size, step = lines_fitting(len(names), spacing, self._font_pt, MIN_FONT_PT)
            font, metrics = label_font(size), QFontMetricsF(label_font(size))
            longest = metrics.horizontalAdvance("n" * MAX_UPRIGHT_EM)
            texts = [metrics.elidedText(n, Qt.TextElideMode.ElideMiddle, longest) for n in names]
        labels = tuple(enumerate(texts))[::step]
        self.label_layout = (upright, font.pointSize(), labels)
        extent = max((metrics.horizontalAdvance(t) for _, t in labels), default=0.0) if upright else metrics.height()
        height = int(extent + TICK_PX + 8)
        self.setStyle(tickFont=font)
        if height != self.fixedHeight:
            self.setHeight(height)
        pg_internals.forget_drawing(self)
        self.update()

    def generateDrawSpecs(self, p):
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis_spec, tick_specs, _ = specs
        return axis_spec, tick_specs, self.label_layout[2]

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):
        super().drawPicture(p, axisSpec, tickSpecs, [])
        p.setClipping(False)  # a first or last name may reach a little past the axis' ends
        upright, size, _ = self.label_layout
        font = label_font(size)
        metrics = QFontMetricsF(font)
        p.setFont(font)
        p.setPen(self.textPen())
        low, high = self.range
        scale = self.width() / (high - low) if high != low else 0.0
        top = TICK_PX + 2
        for position, text in textSpecs:
            x = (position - low) * scale
            if upright:
                # Turned a quarter left, reading upwards, its end at the axis.
                p.save()
                p.translate(x, top)
                p.rotate(-90)
                p.drawText(QRectF(-self.height(), -metrics.height() / 2, self.height() - 2, metrics.height()),
                           int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
                p.restore()
            else:
                width = metrics.horizontalAdvance(text) + 2
                p.drawText(QRectF(x - width / 2, top, width, metrics.height()),
                           int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)


def label_font(size_pt: int) -> QFont:
    """The application's font at ``size_pt`` points: the names' font."""
    font = QFont()
    font.setPointSize(size_pt)
    return font


@lru_cache(maxsize=32)
def _line_px(size_pt: int) -> float:
    return QFontMetricsF(label_font(size_pt)).height()


def lines_fitting(n_lines: int, room_px: float, font_pt: int, smallest_pt: int) -> tuple[int, int]:
    """(font size, step) for ``n_lines`` lines of text each ``room_px`` pixels apart: the largest size from
    ``font_pt`` down to ``smallest_pt`` whose line fits the room, and, where not even that fits, every step-th line
    only, so that no two lines drawn overlap."""
    size = font_pt
    while size > smallest_pt and _line_px(size) > room_px:
        size -= 1
    step = 1 if _line_px(size) <= room_px else int(np.ceil(_line_px(size) / max(room_px, 1e-6)))
    return size, min(step, max(n_lines, 1))
