"""Axis items shared by the views."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics

COUNT_GAP_PX = 6  # at least this between two counts' texts on the axis

from gui import pg_internals


class NonzeroAxis(pg.AxisItem):
    """Top axis labelled with the number of non-zero coefficients: a tick where the count changes, each
    count once, thinned so that no two texts touch."""

    def __init__(self):
        super().__init__("top")
        self._x = np.empty(0)
        self._counts = np.empty(0, dtype=int)

    def set_counts(self, x, counts) -> None:
        """Label ticks with ``counts`` (k,), the non-zero counts at positions ``x`` (k,); empty: no labels."""
        order = np.argsort(x)
        self._x, self._counts = np.asarray(x, float)[order], np.asarray(counts)[order]
        pg_internals.forget_drawing(self)  # new labels
        self.update()

    def tickValues(self, minVal, maxVal, size):
        if self._x.size == 0:
            return super().tickValues(minVal, maxVal, size)
        low, high = min(minVal, maxVal), max(minVal, maxVal)
        # One tick per run of equal counts, in the run's middle (a run of one point: on it).
        starts = np.flatnonzero(np.r_[True, self._counts[1:] != self._counts[:-1]])
        ends = np.r_[starts[1:], self._x.size] - 1
        centers = (self._x[starts] + self._x[ends]) / 2.0
        inside = (centers >= low) & (centers <= high)
        centers, counts = centers[inside], self._counts[starts][inside]
        metrics = QFontMetrics(self.style["tickFont"] or QFont())
        px_per_unit = size / max(high - low, 1e-300)
        kept, last_right = [], -np.inf
        for center, count in zip(centers, counts):  # left to right in data; the gaps are the same inverted
            half = metrics.horizontalAdvance(str(int(count))) / 2.0
            at = (center - low) * px_per_unit
            if at - half >= last_right + COUNT_GAP_PX:
                kept.append(float(center))
                last_right = at + half
        return [(max(high - low, 1e-300), kept)]

    def tickStrings(self, values, scale, spacing):
        if self._x.size == 0:
            return ["" for _ in values]
        index = np.clip(np.searchsorted(self._x, values), 0, self._x.size - 1)
        return [str(int(self._counts[i])) for i in index]
