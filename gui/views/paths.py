"""Coefficient paths, glmnet style: one panel per model, one curve per feature, the current strength marked."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QCursor, QFont, QFontMetrics
from PySide6.QtWidgets import QToolTip

from gui import style
from gui.state import BUDGET
from gui.strength import BUDGET_AXIS_LABEL, lam_for_strength, path_x, strength_from_x, x_of_lam
from gui.views.base import View, pen, plain, style_axes

MAX_LEGEND_ENTRIES = 10  # more would push the panels' axes out of a 1000-pixel window
LEGEND_CHARS = 14  # the legend's width for names, in "n"s: longer names are elided (hovering shows them)
LEGEND_SAMPLE_PX = 50  # the line sample, the spacing and the margins
HOVER_PIXELS = 10


class NonzeroAxis(pg.AxisItem):
    """Top axis labelled with the number of non-zero coefficients at each tick's position."""

    def __init__(self):
        super().__init__("top")
        self._x = np.empty(0)
        self._counts = np.empty(0, dtype=int)

    def set_counts(self, x, counts) -> None:
        order = np.argsort(x)
        self._x, self._counts = np.asarray(x, float)[order], np.asarray(counts)[order]
        self.picture = None  # pyqtgraph caches the drawn axis: force new labels
        self.update()

    def tickStrings(self, values, scale, spacing):
        if self._x.size == 0:
            return ["" for _ in values]
        index = np.clip(np.searchsorted(self._x, values), 0, self._x.size - 1)
        return [str(int(self._counts[i])) for i in index]


@dataclass(frozen=True)
class Curve:
    """One feature's coefficient path as drawn: x (k,), y (k,) and its pen."""

    x: np.ndarray
    y: np.ndarray
    pen: object

    def getData(self):
        return self.x, self.y


@lru_cache(maxsize=8)
def _feature_pens(n_features: int, width: float) -> tuple:
    return tuple(pen(style.feature_color(j), width) for j in range(n_features))


class _CurveBundle(pg.GraphicsObject):
    """Every coefficient curve of a panel drawn by one item, cached as one pixmap.

    The strength line moves over the curves at every frame. One cached item per curve would need one
    panel-sized pixmap each: a few features overflow Qt's pixmap cache, which then repaints every curve
    and axis at every frame; one pixmap per panel stays cached whatever the number of features.
    """

    def __init__(self):
        super().__init__()
        self._paths: list[tuple] = []  # (QPainterPath, QPen)
        self._bounds = None  # ((x_min, x_max), (y_min, y_max)) of the data
        self._pad_px = 0.0
        self.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_curves(self, curves) -> None:
        """Draw ``curves`` (``Curve``)."""
        self.prepareGeometryChange()
        drawn = [curve for curve in curves if len(curve.x)]
        self._paths = [(pg.arrayToQPath(curve.x, curve.y), curve.pen) for curve in drawn]
        self._bounds = None
        if drawn:
            x, y = (np.concatenate([getattr(curve, name) for curve in drawn]) for name in ("x", "y"))
            self._bounds = ((x.min(), x.max()), (y.min(), y.max()))
        self._pad_px = max((pen.widthF() for _, pen in self._paths), default=0.0)
        self.informViewBoundsChanged()
        self.update()

    def dataBounds(self, ax, frac=1.0, orthoRange=None):
        return (None, None) if self._bounds is None else self._bounds[ax]

    def pixelPadding(self) -> float:
        return self._pad_px

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()  # the padding is in pixels

    def boundingRect(self):
        if self._bounds is None:
            return pg.QtCore.QRectF()
        (x0, x1), (y0, y1) = self._bounds
        px, py = self.pixelVectors()
        pad_x = 0.0 if px is None else px.length() * self._pad_px
        pad_y = 0.0 if py is None else py.length() * self._pad_px
        return pg.QtCore.QRectF(x0 - pad_x, y0 - pad_y, x1 - x0 + 2 * pad_x, y1 - y0 + 2 * pad_y)

    def paint(self, painter, *args):
        painter.setRenderHint(painter.RenderHint.Antialiasing, bool(pg.getConfigOption("antialias")))
        for path, curve_pen in self._paths:
            painter.setPen(curve_pen)
            painter.drawPath(path)


class _Panel:
    """The plot items of one model's panel, created once."""

    def __init__(self, key: str):
        self.key = key
        self.top = NonzeroAxis()
        self.plot = plain(pg.PlotItem(axisItems={"top": self.top}))
        self.plot.showAxis("top")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.zero = pg.InfiniteLine(pos=0.0, angle=0, pen=pen("#999999", 1.0))
        self.plot.addItem(self.zero)
        self.line = pg.InfiniteLine(angle=90, movable=True)
        self.line.setZValue(10)
        self.line.setCursor(pg.QtCore.Qt.CursorShape.SizeHorCursor)
        self.plot.addItem(self.line)
        self.bundle = _CurveBundle()
        self.plot.addItem(self.bundle)
        # Plain data, not plot items: a PlotDataItem per feature cost ~5 ms each to create on a loaded machine.
        self.curves: list[Curve] = []
        self.penalty = None
        self.path = None

    def set_curves(self, curves: list[Curve]) -> None:
        self.curves = curves
        self.bundle.set_curves(curves)


class PathsView(View):
    """Coefficient paths of every model compared; dragging a panel's vertical line moves the strength."""

    title = "Coefficient paths"

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self._panels = {key: _Panel(key) for key in style.MODEL_COLORS}
        for panel in self._panels.values():
            panel.line.sigDragged.connect(partial(self._on_line_dragged, panel))
        self.legend = pg.LegendItem(colCount=1, labelTextSize=f"{self.scale.font_pt}pt")
        self._shown: list[_Panel] = []
        self._legend_for = None  # (dataset, number of features, line width) the legend shows
        self.canvas.scene().sigMouseMoved.connect(self._on_mouse_moved)
        state.models_changed.connect(self.refresh)
        state.paths_changed.connect(self.refresh_later)
        state.x_axis_changed.connect(self.refresh)
        # The strength line needs no fits: it moves at once, painted while the worker fits.
        state.strength_changed.connect(self.refresh_strength)
        state.strength_mode_changed.connect(self.refresh_strength)
        state.fits_changed.connect(self._mark_unchanged)
        self._layout_panels()
        self._apply_scale()

    def panel(self, penalty) -> _Panel:
        return self._panels[style.model_key(penalty)]

    def has_data(self) -> bool:
        return all(r.path is not None for r in self.state.results()) and all(
            self.panel(r.penalty).path is r.path for r in self.state.results())

    # -- layout -------------------------------------------------------------------------------------
    def _layout_panels(self) -> None:
        wanted = [self.panel(p) for p in self.state.penalties]
        if wanted == self._shown:
            return
        layout = self.canvas.ci
        for panel in self._shown:
            layout.removeItem(panel.plot)
        if self._shown:
            layout.removeItem(self.legend)
        for col, panel in enumerate(wanted):
            layout.addItem(panel.plot, row=0, col=col)
            # Equal shares: unstretched, the grid gave the last panel a third more than the others.
            layout.layout.setColumnStretchFactor(col, 1)
        layout.addItem(self.legend, row=0, col=len(wanted))
        layout.layout.setColumnStretchFactor(len(wanted), 0)
        self._shown = wanted

    # -- drawing ------------------------------------------------------------------------------------
    def _draw_steps(self):
        # A panel per step: on 100000 x 50, drawing and painting both at once held the event loop for 50-100 ms.
        self._layout_panels()
        self._draw_legend(self.state.results_dataset)
        for index, result in enumerate(self.state.results()):
            if index:
                yield  # the previous panel is painted meanwhile
            self._draw_panel(result)

    def _draw_panel(self, result) -> None:
        panel = self.panel(result.penalty)
        panel.penalty, panel.path = result.penalty, result.path
        # The elastic net's full name would widen its panel past the others' (three panels at 1024 px).
        title = result.penalty.name if result.penalty.is_l1 or result.penalty.is_l2 else \
            f"EN (α = {result.penalty.alpha:.2f})"
        panel.plot.setTitle(title, color=style.model_color(result.penalty).name(),
                            size=f"{self.scale.title_pt}pt")
        if result.path is not None:
            self._draw_curves(panel, result.path)
        else:
            panel.set_curves([])
        self._draw_line(panel)

    def _draw_curves(self, panel: _Panel, path) -> None:
        axis = self.state.x_axis
        x, coefs = np.asarray(path_x(axis, path), float), np.asarray(path.coefs, float)
        pens = _feature_pens(coefs.shape[1], self.scale.line_px)
        panel.set_curves([Curve(x, coefs[:, j], pens[j]) for j in range(coefs.shape[1])])
        panel.top.set_counts(x, path.n_nonzero)
        panel.plot.invertX(axis != BUDGET)  # strong penalty on the left in both modes
        label = BUDGET_AXIS_LABEL if axis == BUDGET else "log10 λ"
        panel.plot.setLabel("bottom", label)
        panel.plot.setLabel("top", "non-zero coefficients")
        panel.plot.setLabel("left", "coefficient (standardized)" if self.state.standardize else "coefficient")
        # The range from the data: auto-range would redo it over every item at each frame.
        panel.plot.disableAutoRange()
        panel.plot.setRange(xRange=(x.min(), x.max()), yRange=(coefs.min(), coefs.max()))

    def _draw_legend(self, dataset) -> None:
        has_paths = any(result.path is not None for result in self.state.results())
        n_features = dataset.n_features if dataset is not None and has_paths else 0
        key = (dataset, n_features, self.scale.line_px)
        if self._legend_for is not None and self._legend_for[0] is dataset and self._legend_for[1:] == key[1:]:
            return
        self._legend_for = key
        shown = min(n_features, MAX_LEGEND_ENTRIES)
        pens = _feature_pens(n_features, self.scale.line_px)
        entries = [(pens[j], name) for j, name in enumerate(dataset.feature_names[:shown])] if shown else []
        if n_features > shown:
            entries.append((None, f"… {n_features - shown} more (hover)"))
        # Rows are created once and relabelled: creating one costs ~2 ms, and the legend's width is fixed, so a
        # new dataset does not resize (and so redraw) the panels.
        while len(self.legend.items) < len(entries):
            self.legend.addItem(pg.PlotDataItem(), "")
        metrics, text_px = self._legend_metrics()
        for row, (sample, label) in enumerate(self.legend.items):
            line_pen, name = entries[row] if row < len(entries) else (None, "")
            sample.item.setPen(line_pen)
            sample.update()
            text = html.escape(metrics.elidedText(name, Qt.TextElideMode.ElideRight, text_px))
            if label.text != text:
                label.setText(text)

    def _legend_metrics(self) -> tuple[QFontMetrics, int]:
        """The legend's font metrics and the width its names get, in pixels."""
        font = QFont()
        font.setPointSize(self.scale.font_pt)
        metrics = QFontMetrics(font)
        return metrics, metrics.horizontalAdvance("n" * LEGEND_CHARS)

    def _draw_strength(self) -> None:
        for panel in self._shown:
            self._draw_line(panel)

    def _draw_line(self, panel: _Panel) -> None:
        """The strength's vertical line in ``panel``."""
        if panel.path is None:
            panel.line.hide()
            return
        panel.line.setPen(pen(style.model_color(panel.penalty), self.scale.line_px + 1))
        panel.line.show()
        if not panel.line.moving:
            state = self.state
            lam = lam_for_strength(state.strength_mode, state.strength, panel.path)
            panel.line.setValue(x_of_lam(state.x_axis, panel.path, lam))

    # -- interaction -----------------------------------------------------------------------------------
    def _on_line_dragged(self, panel: _Panel, line) -> None:
        if panel.path is not None:
            state = self.state
            state.set_strength(strength_from_x(line.value(), state.x_axis, state.strength_mode, panel.path))

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        text = self.hover_text(scene_pos)
        if text:
            QToolTip.showText(QCursor.pos(), text, self.canvas)
        else:
            QToolTip.hideText()

    def hover_text(self, scene_pos: QPointF) -> str | None:
        """"feature: value" for the curve nearest the point, within a few pixels; else None."""
        dataset = self.state.results_dataset
        for panel in self._shown:
            vb = panel.plot.vb
            if panel.path is None or dataset is None or not vb.sceneBoundingRect().contains(scene_pos):
                continue
            point = vb.mapSceneToView(scene_pos)
            x = path_x(self.state.x_axis, panel.path)
            order = np.argsort(x)
            coefs = np.asarray(panel.path.coefs)[order]
            values = np.array([np.interp(point.x(), x[order], coefs[:, j]) for j in range(coefs.shape[1])])
            pixels_per_unit = vb.height() / max(vb.viewRange()[1][1] - vb.viewRange()[1][0], 1e-300)
            nearest = int(np.argmin(np.abs(values - point.y())))
            if abs(values[nearest] - point.y()) * pixels_per_unit > HOVER_PIXELS:
                return None
            return f"{dataset.feature_names[nearest]}: {values[nearest]:.4g} ({panel.penalty.short_name})"
        return None

    def _apply_scale(self) -> None:
        for panel in self._panels.values():
            style_axes(panel.plot, self.scale)
        self.legend.setLabelTextSize(f"{self.scale.font_pt}pt")
        self.legend.setFixedWidth(self._legend_metrics()[1] + LEGEND_SAMPLE_PX)
        self._legend_for = None  # names are elided to the new width at the next redraw

    def table(self) -> list[list]:
        """Every model's path: lambda, budget s and each feature's coefficient at each grid point."""
        dataset = self.state.results_dataset
        results = [r for r in self.state.results() if r.path is not None]
        if dataset is None or not results:
            return []
        rows = [["model", "lambda", "s", *dataset.feature_names]]
        for result in results:
            path = result.path
            rows += [[result.penalty.short_name, lam, s, *coef]
                     for lam, s, coef in zip(path.lambdas, path.budget, np.asarray(path.coefs))]
        return rows
