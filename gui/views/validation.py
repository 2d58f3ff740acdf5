"""Validation error against strength: training and hold-out error, K-fold CV mean ± 1 SE, lambda_min and
lambda_1se, and which model reaches the lower CV error."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from gui import style
from gui.state import BUDGET
from gui.strength import BUDGET_AXIS_LABEL, budget_at, lam_for_strength, x_of_lam, x_of_lams
from gui.views.base import View, fit_range_once, pen, plain, style_axes


LABEL_ROW_ANCHORS = (1.3, -0.3)  # the "min" labels' first line above their markers, the "1se" labels' below


class _ModelCurves:
    """The items of one model, created once."""

    def __init__(self, plot: pg.PlotItem, color):
        band = pg.mkColor(color)
        band.setAlpha(45)
        self.upper, self.lower = pg.PlotDataItem(), pg.PlotDataItem()
        self.band = pg.FillBetweenItem(self.upper, self.lower, brush=pg.mkBrush(band))
        self.cv = pg.PlotDataItem()
        self.holdout = pg.PlotDataItem()
        self.train = pg.PlotDataItem()
        self.marks = pg.ScatterPlotItem()
        # "min" above its marker, "1se" below: the two sit close together on a flat curve.
        self.labels = (pg.TextItem(anchor=(0.5, LABEL_ROW_ANCHORS[0]), color=color),
                       pg.TextItem(anchor=(0.5, LABEL_ROW_ANCHORS[1]), color=color))
        self.current = pg.InfiniteLine(angle=90, movable=False)
        for item in (self.band, self.cv, self.holdout, self.train, self.marks, self.current):
            plot.addItem(item)
        # These change only with the data; the strength line moves over them at every frame.
        for item in (self.cv.curve, self.holdout.curve, self.train.curve, self.band, self.marks):
            item.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for label in self.labels:
            # A text item's size is in pixels: counted in the auto-range it would re-range the view at every
            # frame, forever (a repaint loop that starves the workers).
            plot.addItem(label, ignoreBounds=True)
        self.marks.setZValue(8)

    def clear(self) -> None:
        for curve in (self.upper, self.lower, self.cv, self.holdout, self.train):
            curve.setData([], [])
        self.marks.setData([], [])
        for label in self.labels:
            label.setText("")
        self.current.hide()


class ValidationView(View):
    """Error curves of every model on one plot; on the budget axis the models overlay directly."""

    title = "Validation error"

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.plot = plain(self.canvas.addPlot(row=0, col=0))
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setLabel("left", "mean squared error")
        self._models = {key: _ModelCurves(self.plot, color) for key, color in style.MODEL_COLORS.items()}
        self.readout = pg.LabelItem(justify="left")
        self.canvas.addItem(self.readout, row=1, col=0)
        for signal in (state.validation_changed, state.paths_changed):
            signal.connect(self.refresh_later)
        for signal in (state.models_changed, state.x_axis_changed):
            signal.connect(self.refresh)
        # The strength line needs no fits: it moves at once, painted while the worker fits.
        state.strength_changed.connect(self.refresh_strength)
        state.strength_mode_changed.connect(self.refresh_strength)
        state.fits_changed.connect(self._mark_unchanged)
        self._apply_scale()

    def has_data(self) -> bool:
        return all(r.holdout is not None and r.cv is not None and r.path is not None for r in self.state.results())

    def curve_items(self, penalty) -> _ModelCurves:
        return self._models[style.model_key(penalty)]

    def _draw(self) -> None:
        results = self.state.results()
        keys = {style.model_key(r.penalty) for r in results}
        for key, items in self._models.items():
            if key not in keys:
                items.clear()
        axis = self.state.x_axis
        for result in results:
            if result.path is not None:
                self._draw_model(result, axis)
        self.plot.invertX(axis != BUDGET)
        self.plot.setLabel("bottom", BUDGET_AXIS_LABEL if axis == BUDGET else "log10 λ")
        fit_range_once(self.plot)
        self._separate_labels()
        self._draw_readout(results)
        self._draw_strength()

    def _draw_model(self, result, axis: str) -> None:
        items = self.curve_items(result.penalty)
        color = style.model_color(result.penalty)
        width = self.scale.line_px
        if result.holdout is not None:
            x = x_of_lams(axis, result.path, result.holdout.lambdas)
            items.holdout.setData(x, result.holdout.val_mse, pen=pen(color, width, dashed=True))
            items.train.setData(x, result.holdout.train_mse,
                                pen=pg.mkPen(color, width=width, style=Qt.PenStyle.DotLine))
        if result.cv is None:
            return
        cv = result.cv
        x = x_of_lams(axis, result.path, cv.lambdas)
        mean, se = np.asarray(cv.mean), np.asarray(cv.se)
        items.cv.setData(x, mean, pen=pen(color, width + 1.0))
        items.upper.setData(x, mean + se)
        items.lower.setData(x, mean - se)
        marks_x = [x[cv.index_min], x[cv.index_1se]]
        marks_y = [mean[cv.index_min], mean[cv.index_1se]]
        items.marks.setData(marks_x, marks_y, symbol=["o", "s"], size=self.scale.marker_px + 3,
                            pen=pg.mkPen(color, width=2), brush=pg.mkBrush(style.BACKGROUND))
        for label, text, xv, yv in zip(items.labels, (f"{result.penalty.short_name} min", "1se"), marks_x, marks_y):
            label.setText(text)
            label.setPos(xv, yv)

    def _separate_labels(self) -> None:
        """Models whose "min" (or "1se") labels would overlap get them on separate lines, further out."""
        view_box = self.plot.getViewBox()
        (x0, x1), _ = view_box.viewRange()
        pixels_per_x = view_box.width() / max(x1 - x0, 1e-300)
        for which, first_row in enumerate(LABEL_ROW_ANCHORS):
            away = 1.0 if first_row > 0 else -1.0  # anchors above the marker grow upwards, below downwards
            placed = []  # (x in pixels, half width in pixels, line) of the labels placed so far
            for items in self._models.values():
                label = items.labels[which]
                if not label.toPlainText():
                    continue
                x, half = label.pos().x() * pixels_per_x, label.boundingRect().width() / 2
                line = 0
                while any(row == line and abs(x - other) < half + other_half for other, other_half, row in placed):
                    line += 1
                placed.append((x, half, line))
                label.setAnchor((0.5, first_row + away * line))

    def _draw_readout(self, results) -> None:
        key = "<span style='color:#555555'>━ CV mean ± 1 SE &nbsp; ╍ hold-out &nbsp; ┈ training</span>"
        done = sorted((r for r in results if r.cv is not None and r.path is not None),
                      key=lambda r: r.cv.mean[r.cv.index_min])
        lines = ["cross-validation running…"]
        if done:
            best = done[0].penalty
            lines = [f"Lower CV error: <b style='color:{style.model_color(best).name()}'>{best.short_name}</b>"]
        lines += [f"<span style='color:{style.model_color(r.penalty).name()}'>{r.penalty.short_name}</span>: "
                  f"{r.cv.mean[r.cv.index_min]:.4g} at s = {budget_at(r.path, r.cv.lambda_min):.2f}, "
                  f"λ = {r.cv.lambda_min:.3g}" for r in done]
        # A line per model even before its CV arrives: the readout keeps its height, so the plot above it is
        # neither resized nor repainted whole when it does.
        lines += ["&nbsp;"] * (len(results) - len(done))
        self.readout.setText("<br>".join([*lines, key]), size=f"{self.scale.font_pt}pt")

    def _draw_strength(self) -> None:
        state = self.state
        for result in state.results():
            line = self.curve_items(result.penalty).current
            if result.path is None:
                line.hide()
                continue
            lam = lam_for_strength(state.strength_mode, state.strength, result.path)
            line.setPen(pen(style.model_color(result.penalty), self.scale.line_px, dashed=True))
            line.setValue(x_of_lam(state.x_axis, result.path, lam))
            line.show()

    def _apply_scale(self) -> None:
        style_axes(self.plot, self.scale)
        font = QFont()
        font.setPointSize(self.scale.font_pt)
        for items in self._models.values():
            for label in items.labels:  # "min" and "1se": the room reads them too
                label.setFont(font)
        self.plot.setTitle(self.title, size=f"{self.scale.title_pt}pt")

    def table(self) -> list[list]:
        """Every model's error curves: training and validation error of the hold-out split, CV mean and standard
        error, at each lambda of its grid (and its budget s)."""
        results = [r for r in self.state.results() if r.path is not None and r.holdout is not None
                   and r.cv is not None]
        rows = [["model", "lambda", "s", "training MSE", "validation MSE", "CV mean MSE", "CV standard error"]]
        for result in results:
            holdout, cv = result.holdout, result.cv
            budgets = x_of_lams(BUDGET, result.path, cv.lambdas)
            rows += [[result.penalty.short_name, *values]
                     for values in zip(cv.lambdas, budgets, holdout.train_mse, holdout.val_mse, cv.mean, cv.se)]
        return rows if results else []
