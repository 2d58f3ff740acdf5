"""Validation error against strength: training and hold-out error, K-fold CV mean ± 1 SE, lambda_min and
lambda_1se, and which model reaches the lower CV error."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainterPath

from gui import pg_internals, style
from gui.state import BUDGET
from gui.strength import budget_at, lam_for_strength, path_x, x_of_lam, x_of_lams
from gui.views.axes import NonzeroAxis
from gui.views.base import View, label_strength_axis, pen, plain, set_axis_label, style_axes

CHOICE_NAMES = ("λmin", "λ1se")  # glmnet's names of the CV minimum and the one-standard-error choice
Y_PADDING = 0.04  # of the curves' span, below and above them
LABEL_GAP_PX = 4  # between a label and its line, and between labels in one row
MAX_LABEL_SHARE = 0.2  # at most this share of the plot's height is added above the curves for the labels
ERROR_AXIS_LABELS = ("mean squared error", "MSE")  # the short one where the plot is lower than the long one


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
        # glmnet's look: the CV minimum and the 1se choice as dashed verticals, labelled above the curves.
        self.choices = (pg.InfiniteLine(angle=90, movable=False), pg.InfiniteLine(angle=90, movable=False))
        # On a light backing, above every line: readable where the current strength's line passes behind one.
        self.labels = tuple(pg.TextItem(color=color, fill=pg.mkBrush(255, 255, 255, 210)) for _ in CHOICE_NAMES)
        self.current = pg.InfiniteLine(angle=90, movable=False)
        for item in (self.band, self.cv, self.holdout, self.train, self.marks, *self.choices, self.current):
            plot.addItem(item)
        # These change only with the data; the strength line moves over them at every frame.
        for item in (*map(pg_internals.curve_of, (self.cv, self.holdout, self.train)), self.band, self.marks):
            item.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for label in self.labels:
            # A text item's size is in pixels: counted in the auto-range it would re-range the view at every
            # frame, forever (a repaint loop that starves the workers).
            plot.addItem(label, ignoreBounds=True)
        self.marks.setZValue(8)
        self.current.setZValue(9)
        for label in self.labels:
            label.setZValue(10)
        self.clear()

    def data_items(self) -> tuple:
        """Everything drawn from the model's results (not the current strength's line)."""
        return self.band, self.cv, self.holdout, self.train, self.marks, *self.choices, *self.labels

    def clear(self) -> None:
        self.clear_cv()
        for curve in (self.holdout, self.train):
            curve.setData([], [])
        self.current.hide()

    def clear_cv(self) -> None:
        for curve in (self.upper, self.lower, self.cv):
            curve.setData([], [])
        # The band follows its curves' paths, and an emptied PlotDataItem keeps its curve's old path.
        self.band.setPath(QPainterPath())
        self.marks.setData([], [])
        for line, label in zip(self.choices, self.labels):
            line.hide()
            label.setText("")

    def extents(self) -> list[np.ndarray]:
        """The y values (any shape) of the curves drawn, the band's edges included."""
        return [np.asarray(item.getData()[1], float) for item in (self.upper, self.lower, self.holdout, self.train)
                if item.getData()[1] is not None and len(item.getData()[1])]


class ValidationView(View):
    """Error curves of every model on one plot; on the budget axis the models overlay directly."""

    title = "Validation error"
    fresh_parts = ("path", "holdout", "cv")

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.top = NonzeroAxis()
        self.plot = plain(self.canvas.addPlot(row=0, col=0, axisItems={"top": self.top}))
        self.plot.showAxis("top")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setLabel("left", ERROR_AXIS_LABELS[0])
        # The top axis' name in the corner left of its numbers: a label row above them would cost the curves'
        # height, which a 1024 x 768 projector cannot spare.
        self.top_name = pg.LabelItem("L1 non-zero", justify="right", color=style.MODEL_COLORS["L1"])
        pg_internals.plot_layout(self.plot).addItem(self.top_name, 1, 0)
        self._models = {key: _ModelCurves(self.plot, color) for key, color in style.MODEL_COLORS.items()}
        self._curves_y = None  # (low, high) of every curve drawn; None before any
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
        # The labels' rows above the curves are so many pixels high: a new height asks for a new range.
        self.plot.getViewBox().sigResized.connect(self._on_resized)
        self._apply_scale()

    def has_data(self) -> bool:
        return all(r.holdout is not None and r.cv is not None and r.path is not None for r in self.state.results())

    def curve_items(self, penalty) -> _ModelCurves:
        return self._models[style.model_key(penalty)]

    def dimmable_items(self) -> list:
        return [item for items in self._models.values() for item in items.data_items()]

    def _draw(self) -> None:
        results = self.state.results()
        keys = {style.model_key(r.penalty) for r in results}
        for key, items in self._models.items():
            if key not in keys:
                items.clear()  # a model no longer compared leaves nothing behind
        axis = self.state.x_axis
        for result in results:
            if result.path is not None:
                self._draw_model(result, axis)
            else:
                self.curve_items(result.penalty).clear()
        self.plot.invertX(axis != BUDGET)  # strong penalty on the left in both modes
        label_strength_axis(self.plot, axis)
        l1 = next((r for r in results if r.penalty.is_l1 and r.path is not None), None)
        if l1 is None:
            self.top.set_counts([], [])
        else:
            self.top.set_counts(path_x(axis, l1.path), l1.path.n_nonzero)
        self._set_x_range(results, axis)
        extents = [e for key in keys for e in self._models[key].extents()]
        self._curves_y = (min(float(e.min()) for e in extents), max(float(e.max()) for e in extents)) \
            if extents else None
        self._place_labels()
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
        cv = result.cv
        if cv is None:
            items.clear_cv()
            return
        x = x_of_lams(axis, result.path, cv.lambdas)
        mean, se = np.asarray(cv.mean), np.asarray(cv.se)
        items.cv.setData(x, mean, pen=pen(color, width + 1.0))
        items.upper.setData(x, mean + se)
        items.lower.setData(x, mean - se)
        chosen = (cv.index_min, cv.index_1se)
        items.marks.setData([x[i] for i in chosen], [mean[i] for i in chosen], symbol=["o", "s"],
                            size=self.scale.marker_px + 3, pen=pg.mkPen(color, width=2),
                            brush=pg.mkBrush(style.BACKGROUND))
        for line, label, name, index in zip(items.choices, items.labels, CHOICE_NAMES, chosen):
            line.setPen(pen(color, max(1.0, width * 0.6), dashed=True))
            line.setValue(x[index])
            line.show()
            label.setText(name)

    def _set_x_range(self, results, axis: str) -> None:
        xs = [path_x(axis, r.path) for r in results if r.path is not None]
        if not xs:
            return
        low, high = min(float(np.min(x)) for x in xs), max(float(np.max(x)) for x in xs)
        # The range from the data: auto-range would redo it over every item at each frame.
        self.plot.disableAutoRange()
        self.plot.setXRange(low, high if high > low else low + 1.0, padding=0.02)

    def _on_resized(self, *_) -> None:
        label_strength_axis(self.plot, self.state.x_axis)
        self._label_error_axis()
        self._place_labels()

    def _label_error_axis(self) -> None:
        # Longer than the plot is high, the rotated label would run into the corner's "L1 non-zero".
        left = self.plot.getAxis("left")
        long_px = QFontMetrics(left.label.font()).horizontalAdvance(ERROR_AXIS_LABELS[0])
        text = ERROR_AXIS_LABELS[0] if long_px <= self.plot.getViewBox().height() else ERROR_AXIS_LABELS[1]
        if pg_internals.label_text(left) != text:
            set_axis_label(self.plot, "left", text)

    def _place_labels(self) -> None:
        """The λmin and λ1se labels in rows at the top of the plot, each beside its own line; and the y range:
        the curves' span, raised only as far as keeps every label off the curves and markers below it."""
        view_box = self.plot.getViewBox()
        width_px, height_px = view_box.width(), view_box.height()
        (x0, x1), _ = view_box.viewRange()
        if self._curves_y is None or width_px <= 0 or height_px <= 0 or x1 <= x0:
            return
        inverted = view_box.state["xInverted"]

        def pixel(x: float) -> float:
            fraction = (x - x0) / (x1 - x0)
            return width_px * (1.0 - fraction if inverted else fraction)

        def value(px: float) -> float:
            fraction = px / width_px
            return x0 + (x1 - x0) * (1.0 - fraction if inverted else fraction)

        labels = sorted(((line.value(), label) for items in self._models.values()
                         for line, label in zip(items.choices, items.labels) if label.toPlainText()),
                        key=lambda entry: pixel(entry[0]))  # left to right on screen
        lines_px = [pixel(x) for x, _ in labels]
        rows: list[list[tuple[float, float]]] = []  # per row, the (left, right) pixels taken
        placed = []  # (label, its span's left and right pixels, row)
        line_px = max((label.boundingRect().height() for _, label in labels), default=0.0)
        for index, (x, label) in enumerate(labels):
            span = self._label_span(lines_px, index, label.boundingRect().width(), width_px)
            row = next((r for r, taken in enumerate(rows)
                        if all(span[1] + LABEL_GAP_PX <= a or b + LABEL_GAP_PX <= span[0] for a, b in taken)), None)
            if row is None:
                rows.append([])
                row = len(rows) - 1
            rows[row].append(span)
            placed.append((label, span, row))
        low, high = self._curves_y
        span_y = max(high - low, abs(high) * 1e-6, 1e-12)
        low, high = low - Y_PADDING * span_y, high + Y_PADDING * span_y
        # A label's bottom, ``depth`` pixels below the top, must clear the highest curve under it:
        # top - depth * (top - low) / height >= that curve's top.
        top = high
        marker_px = (self.scale.marker_px + 3) / 2.0 + 1.0  # a marker's reach above its point
        for label, (left, right), row in placed:
            for markers, reach in ((False, 0.0), (True, marker_px)):
                depth = min((row + 1) * line_px + LABEL_GAP_PX + reach, 0.9 * height_px)
                under = self._highest_between(value(left), value(right), markers)
                if under is not None:
                    top = max(top, (under - depth * low / height_px) / (1.0 - depth / height_px))
        top = min(top, low + (high - low) / (1.0 - MAX_LABEL_SHARE))  # the curves keep most of the height
        units_per_px = (top - low) / height_px
        self.plot.setYRange(low, top, padding=0)
        for label, (left, right), row in placed:
            label.setAnchor((0.0, 0.0))  # its top left corner on screen, whichever way the axis runs
            label.setPos(value(left), top - row * line_px * units_per_px)
        self._fit_error_axis(low, top, height_px)

    @staticmethod
    def _label_span(lines_px: list[float], index: int, label_px: float, width_px: float) -> tuple[float, float]:
        """The (left, right) pixels of the label of line ``index`` (of ``lines_px``): right of its line, else left
        of it, where no other line passes under it; with no such side (lines closer than a label is wide, at
        the plot's edge), where its middle is nearest its own line compared with the others."""
        own = lines_px[index]
        others = [px for i, px in enumerate(lines_px) if i != index and abs(px - own) > 0.5]
        centred = min(max(own - label_px / 2.0, 0.0), max(width_px - label_px, 0.0))
        candidates = [(own + LABEL_GAP_PX, own + LABEL_GAP_PX + label_px),
                      (own - LABEL_GAP_PX - label_px, own - LABEL_GAP_PX), (centred, centred + label_px)]
        inside = [(left, right) for left, right in candidates if left >= -0.5 and right <= width_px + 0.5]
        for left, right in candidates[:2]:
            if (left, right) in inside and not any(left - LABEL_GAP_PX <= px <= right + LABEL_GAP_PX
                                                   for px in others):
                return left, right

        def lead(span) -> float:  # how much nearer its middle is to its own line than to the nearest other
            middle = (span[0] + span[1]) / 2.0
            return min((abs(middle - px) for px in others), default=np.inf) - abs(middle - own)

        return max(inside or candidates[2:], key=lead)

    def _highest_between(self, x_a: float, x_b: float, markers: bool) -> float | None:
        """The highest y of the curves (or, ``markers``, of the markers) drawn between ``x_a`` and ``x_b``."""
        low, high = min(x_a, x_b), max(x_a, x_b)
        tops = []
        for items in self._models.values():
            if markers:
                tops += [point.pos().y() for point in (items.marks.points() if len(items.marks.data) else ())
                         if low <= point.pos().x() <= high]
                continue
            for item in (items.upper, items.holdout, items.train, items.cv):
                x, y = item.getData()
                if x is None or not len(x):
                    continue
                x, y = np.asarray(x, float), np.asarray(y, float)
                order = np.argsort(x)
                x, y = x[order], y[order]
                inside = y[(x >= low) & (x <= high)]
                ends = np.interp([low, high], x, y) if x[0] <= high and x[-1] >= low else []
                tops.extend([*inside, *ends])
        return max(tops) if tops else None

    def _fit_error_axis(self, low: float, top: float, height_px: float) -> None:
        """Give the left axis the width its tick texts and its rotated label need now, before it is painted:
        pyqtgraph widens it only after painting too narrow an axis once (its label then covers the numbers)."""
        left = self.plot.getAxis("left")
        metrics = QFontMetrics(left.style["tickFont"] or QFont())
        texts = [text for spacing, values in left.tickValues(low, top, height_px)
                 for text in left.tickStrings(values, left.autoSIPrefixScale * left.scale, spacing)]
        text_px = max((metrics.horizontalAdvance(text) for text in texts), default=0)
        width = (text_px + left.style["tickTextOffset"][0] + max(0, left.style["tickLength"])
                 + left.label.boundingRect().height() + LABEL_GAP_PX)
        if left.fixedWidth is None or abs(left.fixedWidth - width) > 0.5:
            left.setWidth(width)

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
            # Solid and wider: glmnet's readers take a dashed vertical for λmin or λ1se.
            line.setPen(pen(style.model_color(result.penalty), self.scale.line_px + 1.5))
            line.setValue(x_of_lam(state.x_axis, result.path, lam))
            line.show()

    def _apply_scale(self) -> None:
        style_axes(self.plot, self.scale)
        font = QFont()
        font.setPointSize(self.scale.font_pt)
        for items in self._models.values():
            for label in items.labels:  # λmin and λ1se: the room reads them too
                label.setFont(font)
        # No title: the view's tab names it, and its line's height went to the top axis' non-zero counts.
        self.top_name.setText(self.top_name.text, size=f"{self.scale.font_pt}pt")

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
