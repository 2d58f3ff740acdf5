"""Axis items shared by the views."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from gui import pg_internals


class NonzeroAxis(pg.AxisItem):
    """Top axis labelled with the number of non-zero coefficients at each tick's position."""

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

    def tickStrings(self, values, scale, spacing):
        if self._x.size == 0:
            return ["" for _ in values]
        index = np.clip(np.searchsorted(self._x, values), 0, self._x.size - 1)
        return [str(int(self._counts[i])) for i in index]
