"""Coefficients at the current strength: grouped horizontal bars per feature, exact zeros marked and counted."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from core.datasets import Standardizer
from gui import style
from gui.views.base import View, pen, plain, style_axes
from gui.views.feature_axis import MIN_FONT_PT, label_font, lines_fitting

GROUP_HEIGHT = 0.8
NAME_SHRINK_PT = 2  # names may be this much smaller than the tick font (not below MIN_FONT_PT) before some are left out
FADED_ALPHA = 70  # the other bars, while a feature is highlighted


def zero_count_text(penalty, coef) -> str:
    """"L1 keeps 4 of 10 features": exact zeros are what L1 drops and L2 never does."""
    coef = np.asarray(coef)
    return f"{penalty.short_name} keeps {int(np.count_nonzero(coef))} of {coef.size} features"


def support_text(true_coef, coef) -> str:
    """The L1 support scored against the true one: true features kept, false ones kept."""
    true = np.asarray(true_coef) != 0
    kept = np.asarray(coef) != 0
    return f"L1 found {int((true & kept).sum())} of {int(true.sum())} true features, {int((~true & kept).sum())} false"


def name_layout(n_names: int, rows_px: float, font_pt: int) -> tuple[int, int]:
    """(font size, step) of the feature names on ``n_names`` rows ``rows_px`` pixels apart: the largest font
    from ``font_pt`` down to ``NAME_SHRINK_PT`` smaller (not below ``MIN_FONT_PT``) whose line fits a row, and,
    where not even that fits, every step-th name only, so that no two names drawn overlap."""
    return lines_fitting(n_names, rows_px, font_pt, max(font_pt - NAME_SHRINK_PT, MIN_FONT_PT))


class _ModelBars:
    """The items of one model: its bars, the hollow markers of its exact zeros, and the dashed outline of its
    own unpenalized fit w_0 (lim lam -> 0; where p > n each model has its own, see DESIGN.md)."""

    def __init__(self, plot: pg.PlotItem):
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.1)
        self.unpenalized = pg.BarGraphItem(x0=[], y=[], width=[], height=0.1)
        self.unpenalized.setZValue(-5)
        # It changes with the paths only; the bars in front of it change at every strength move.
        self.unpenalized.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        plot.addItem(self.unpenalized)
        self.zeros = pg.ScatterPlotItem(symbol="o")
        self.zeros.setZValue(5)
        self._zeros_drawn = None  # (y, marker size, color) of the markers drawn
        plot.addItem(self.bars)
        plot.addItem(self.zeros)

    def draw(self, coef, y, height, color, marker_px, highlighted=None) -> None:
        """Bars of ``coef`` (p,) at rows ``y`` (p,), hollow markers at its exact zeros; feature ``highlighted``
        (an index, or None) outlined thick, the others faded."""
        pens = brushes = None
        if highlighted is not None:
            faded = QColor(color)
            faded.setAlpha(FADED_ALPHA)
            pens = [style.highlight_pen() if j == highlighted else _outline(color.name()) for j in range(coef.size)]
            brushes = [color if j == highlighted else faded for j in range(coef.size)]
        self.bars.setOpts(x0=np.zeros_like(coef), y=y, width=coef, height=height, brush=color,
                          pen=_outline(color.name()), pens=pens, brushes=brushes)
        zeros_y = y[coef == 0.0]
        drawn = (zeros_y.tobytes(), marker_px, color.name())
        if drawn != self._zeros_drawn:  # most strength moves change no zero: a new scatter costs ~1 ms
            self._zeros_drawn = drawn
            self.zeros.setData(np.zeros(zeros_y.size), zeros_y, size=marker_px, pen=_marker_pen(color.name()),
                               brush=pg.mkBrush(style.BACKGROUND))

    def draw_unpenalized(self, coef, y, height) -> None:
        """The dashed outline of w_0 ``coef`` (p,) at rows ``y`` (p,)."""
        self.unpenalized.setOpts(x0=np.zeros_like(coef), y=y, width=coef, height=height,
                                 brush=pg.mkBrush(0, 0, 0, 0),
                                 pen=pg.mkPen(style.OLS_COLOR, width=1.5, style=Qt.PenStyle.DashLine))

    def clear(self) -> None:
        for bars in (self.bars, self.unpenalized):
            bars.setOpts(x0=[], y=[], width=[])
        self.zeros.setData([], [])
        self._zeros_drawn = None


@lru_cache(maxsize=8)
def _outline(color_name: str):
    return pg.mkPen(pg.mkColor(color_name).darker(130), width=1)


@lru_cache(maxsize=8)
def _marker_pen(color_name: str):
    return pg.mkPen(color_name, width=2)


class BarsView(View):
    """One group per feature (top to bottom): each model's coefficient, behind each bar the model's own
    unpenalized fit w_0 as a dashed outline, the true coefficient (synthetic data) as a black tick where it is not 0
    (ticks at 0 would hide L2's small bars and L1's exact-zero rings there). Feature names the rows have no room
    for are left out (every step-th is named); hovering a bar tells its feature and coefficients."""

    title = "Coefficients at the current strength"
    fresh_parts = ("path", "fit")

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.plot = plain(self.canvas.addPlot(row=0, col=0))
        self.plot.invertY(True)
        self.plot.showGrid(x=True, alpha=0.15)
        self.plot.addItem(pg.InfiniteLine(pos=0.0, angle=90, pen=pen("#555555", 1.0)))
        self.truth = pg.ScatterPlotItem(symbol="|")
        self.truth.setZValue(6)
        self.plot.addItem(self.truth)
        # It changes with the data only; the bars in front of it change at every strength move.
        self.truth.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._models = {key: _ModelBars(self.plot) for key in style.MODEL_COLORS}
        self._true = None
        self.names_shown = (None, 1)  # (font size, step) of the feature names drawn: every step-th is named
        self.plot.getViewBox().sigResized.connect(self._arrange_names)
        self.canvas.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.summary = pg.LabelItem(justify="left")
        self.canvas.addItem(self.summary, row=1, col=0)
        state.fits_changed.connect(self.refresh_strength)
        state.paths_changed.connect(self.refresh_later)
        state.models_changed.connect(self.refresh)
        state.highlight_changed.connect(self.refresh_strength)
        self._apply_scale()

    def has_data(self) -> bool:
        return all(r.fit is not None for r in self.state.results())

    def dimmable_items(self) -> list:
        return [self.truth, *(item for bars in self._models.values() for item in (bars.bars, bars.zeros, bars.unpenalized))]

    def bar_data(self, penalty) -> tuple[np.ndarray, np.ndarray]:
        """(y, width) of the bars of ``penalty``: feature positions and coefficients drawn."""
        opts = self._models[style.model_key(penalty)].bars.opts
        return np.asarray(opts["y"], float), np.asarray(opts["width"], float)

    def unpenalized_data(self, penalty) -> tuple[np.ndarray, np.ndarray]:
        """(y, width) of the dashed outlines of ``penalty``'s unpenalized fit w_0."""
        opts = self._models[style.model_key(penalty)].unpenalized.opts
        return np.asarray(opts["y"], float), np.asarray(opts["width"], float)

    def _draw(self) -> None:
        dataset = self.state.results_dataset
        self._true = None if dataset is None else self._true_coef(dataset)
        self._draw_strength()
        if dataset is None:
            return
        p = dataset.n_features
        # The references change with the paths only: a strength move redraws the models' bars alone.
        self._draw_references(np.arange(p, dtype=float))
        self.plot.setYRange(-0.6, p - 0.4, padding=0)
        self.names_shown = (None, 1)
        self._arrange_names()
        self.plot.setLabel("bottom", "coefficient (standardized)" if self.state.standardize else "coefficient")
        self._set_x_range()

    def _set_x_range(self) -> None:
        # The frame holds every coefficient of every path (and the unpenalized fit, the truth): the bars move
        # inside a still frame, and no strength move pays for an auto-range over the items (~3 ms a move).
        extents = [np.asarray(r.path.coefs, float) for r in self.state.results() if r.path is not None]
        extents += [np.asarray(r.path.unpenalized_coef, float) for r in self.state.results() if r.path is not None]
        if self._true is not None:
            extents.append(self._true)
        if not extents:
            self.plot.enableAutoRange(axis="x")
            return
        low = min(0.0, *(float(np.min(e, initial=0.0)) for e in extents))
        high = max(0.0, *(float(np.max(e, initial=0.0)) for e in extents))
        self.plot.setXRange(low, high if high > low else low + 1.0, padding=0.05)

    def _arrange_names(self) -> None:
        """Name the rows in a font that fits them, every step-th only where even the smallest does not."""
        dataset = self.state.results_dataset
        if dataset is None:
            return
        names = dataset.feature_names
        box = self.plot.getViewBox()
        low, high = box.viewRange()[1]
        layout = name_layout(len(names), box.height() / max(high - low, 1e-12), self.scale.font_pt)
        if layout == self.names_shown:
            return
        self.names_shown = layout
        size, step = layout
        axis = self.plot.getAxis("left")
        axis.setStyle(tickFont=label_font(size))
        axis.setTicks([list(enumerate(names))[::step], []])
        results = [r for r in self.state.results() if r.fit is not None]
        if results:
            self._draw_summary(results, dataset)  # which says how to find the names left out

    def hover_text(self, scene_pos) -> str:
        """The feature under ``scene_pos`` (a scene point) and its coefficients, or "" off the rows."""
        dataset, box = self.state.results_dataset, self.plot.getViewBox()
        results = [r for r in self.state.results() if r.fit is not None]
        if dataset is None or not results or not box.sceneBoundingRect().contains(scene_pos):
            return ""
        row = int(np.floor(box.mapSceneToView(scene_pos).y() + 0.5))
        if not 0 <= row < dataset.n_features or any(np.size(r.fit.coef) != dataset.n_features for r in results):
            return ""
        values = [f"{r.penalty.short_name} {_value_text(r.fit.coef[row])}" for r in results]
        if self._true is not None and self._true.size == dataset.n_features:
            values.append(f"true {_value_text(self._true[row])}")
        return f"{dataset.feature_names[row]}: " + ", ".join(values)

    def _on_mouse_moved(self, scene_pos) -> None:
        # On the view box, not the canvas: the scene shows its items' tooltips, never the view's own.
        text = self.hover_text(scene_pos)
        box = self.plot.getViewBox()
        if text != box.toolTip():
            box.setToolTip(text)

    def _draw_strength(self) -> None:
        results = [r for r in self.state.results() if r.fit is not None]
        for key, items in self._models.items():
            if key not in {style.model_key(r.penalty) for r in results}:
                items.clear()
        dataset = self.state.results_dataset
        if dataset is None or not results:
            self.summary.setText("")
            return
        positions = np.arange(dataset.n_features, dtype=float)
        for result, y, height in self._rows(results, positions):
            self._draw_model(result, y, height)
        self._draw_summary(results, dataset)

    def _draw_model(self, result, y, height) -> None:
        coef = np.asarray(result.fit.coef, dtype=float)
        highlighted = self.state.highlighted_feature
        self._models[style.model_key(result.penalty)].draw(
            coef, y, height, style.model_color(result.penalty), self.scale.marker_px,
            highlighted if highlighted is not None and highlighted < coef.size else None)

    @staticmethod
    def _rows(results, positions):
        """(result, y (p,), bar height) of each model: its row in every feature's group."""
        height = GROUP_HEIGHT / max(len(results), 1)
        return [(result, positions - GROUP_HEIGHT / 2 + (i + 0.5) * height, height * 0.9)
                for i, result in enumerate(results)]

    def _draw_references(self, positions) -> None:
        with_path = [r for r in self.state.results() if r.path is not None]
        drawn = {style.model_key(r.penalty) for r in with_path}
        for key, items in self._models.items():
            if key not in drawn:  # a model switched off: its outline goes with it
                items.unpenalized.setOpts(x0=[], y=[], width=[])
        for result, y, height in self._rows(with_path, positions):
            self._models[style.model_key(result.penalty)].draw_unpenalized(
                np.asarray(result.path.unpenalized_coef, dtype=float), y, height)
        true = self._true
        if true is None:
            self.truth.setData([], [])
        else:
            drawn = true != 0.0
            self.truth.setData(true[drawn], positions[drawn], size=int(self.scale.marker_px * 2.2), pen=None,
                               brush=pg.mkBrush(style.TRUE_COLOR))

    def _true_coef(self, dataset):
        # true_coef is on the scale of X as generated; the bars are on the fitted (standardized) scale.
        if dataset.true_coef is None:
            return None
        true_coef = np.asarray(dataset.true_coef, float)
        problem = self.state.results_problem
        if problem is not None:  # its scale is already known: no pass over X on the GUI thread
            return true_coef * problem.standardizer.scale
        return true_coef * Standardizer.fit(dataset.X).scale if self.state.standardize else true_coef

    def _draw_summary(self, results, dataset) -> None:
        # One short line each: the canvas is narrow when all views share a 1600-pixel window.
        lines = [f"<span style='color:{style.model_color(r.penalty).name()}'>"
                 f"{zero_count_text(r.penalty, r.fit.coef)}</span>" for r in results]
        l1 = next((r for r in results if r.penalty.is_l1), None)
        if dataset.true_coef is not None and l1 is not None:
            lines.append(support_text(dataset.true_coef, l1.fit.coef))
        key = "○ exactly 0 &nbsp; ┆ unpenalized fit" + (" &nbsp; | true, if not 0"
                                                         if dataset.true_coef is not None else "")
        step = self.names_shown[1]
        if step > 1:
            key += f"<br>every {_ordinal(step)} name shown: hover a bar for any"
        text = "<br>".join(lines) + f"<br><span style='color:#555555'>{key}</span>"
        if text != self.summary.text or self.summary.opts.get("size") != f"{self.scale.font_pt}pt":
            self.summary.setText(text, size=f"{self.scale.font_pt}pt")  # re-layout only when it changed

    def _apply_scale(self) -> None:
        style_axes(self.plot, self.scale)
        self.plot.setTitle(self.title, size=f"{self.scale.title_pt}pt")
        self.names_shown = (None, 1)
        self._arrange_names()

    def table(self) -> list[list]:
        """Each feature's coefficient in every model at the current strength."""
        dataset = self.state.results_dataset
        results = [r for r in self.state.results() if r.fit is not None]
        if dataset is None or not results:
            return []
        coefs = [np.asarray(r.fit.coef) for r in results]
        return [["feature", *(r.penalty.short_name for r in results)],
                *([name, *(coef[j] for coef in coefs)] for j, name in enumerate(dataset.feature_names))]


def _value_text(value: float) -> str:
    return "exactly 0" if value == 0.0 else f"{value:.3g}"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
