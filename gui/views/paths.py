"""Coefficient paths, glmnet style: one panel per model, one curve per feature, the current strength marked."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QHBoxLayout, QToolTip

from core.leaving import leaving_points
from gui import style
from gui.state import BUDGET
from gui.strength import lam_for_strength, path_x, strength_from_x, x_of_lam
from gui.views.axes import NonzeroAxis
from gui.views.base import View, label_strength_axis, pen, plain, style_axes
from gui.views.feature_legend import FeatureLegend

HOVER_PIXELS = 10
FADED_ALPHA = 60  # the other curves, while one feature is highlighted
HIGHLIGHT_WIDTH = 2.2  # times the line width, the highlighted feature's curve
GRAB_PX = 9  # either side of the strength line: where the mouse takes it (a projector's touchpad is coarse)
HOVER_WIDTH = 1.5  # pixels added to the strength line's width under the mouse: it shows it can be dragged


class _StrengthLine(pg.InfiniteLine):
    """The draggable strength line: drawn as thin as it is, grabbed within ``GRAB_PX`` pixels of it."""

    def boundingRect(self):
        rect = super().boundingRect()  # along the line in x, across it in y (its local coordinates)
        _, across = self.pixelVectors(direction=pg.Point(1, 0))
        if across is None or rect.isNull():
            return rect
        half = GRAB_PX * abs(across.y())
        return pg.QtCore.QRectF(rect.left(), min(rect.top(), -half), rect.width(),
                                max(rect.bottom(), half) - min(rect.top(), -half))


@dataclass(frozen=True)
class Curve:
    """One feature's coefficient path as drawn: x (k,), y (k,) and its pen."""

    x: np.ndarray
    y: np.ndarray
    pen: object


@lru_cache(maxsize=8)
def _feature_pens(n_features: int, width: float, highlighted: int | None = None) -> tuple:
    """Each feature's pen: its colour and line style; with a feature ``highlighted``, it thicker, the rest faded."""
    pens = []
    for j in range(n_features):
        color = style.feature_color(j)
        if highlighted is not None and j != highlighted:
            color.setAlpha(FADED_ALPHA)
        line = pg.mkPen(color=color, width=width * HIGHLIGHT_WIDTH if j == highlighted else width,
                        style=style.feature_dash(j))
        pens.append(line)
    return tuple(pens)


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
        self.line = _StrengthLine(angle=90, movable=True)
        self.line.setZValue(10)
        self.line.setCursor(pg.QtCore.Qt.CursorShape.SizeHorCursor)
        self.plot.addItem(self.line)
        self.bundle = _CurveBundle()
        self.plot.addItem(self.bundle)
        # Rings where a coefficient leaves the model again (core.leaving): the lasso's exact zeros are not for ever.
        self.leaving = pg.ScatterPlotItem(symbol="o", brush=pg.mkBrush(style.BACKGROUND))
        self.leaving.setZValue(5)
        self.plot.addItem(self.leaving)
        # Plain data, not plot items: a PlotDataItem per feature cost ~5 ms each to create on a loaded machine.
        self.curves: list[Curve] = []
        self.penalty = None
        self.path = None
        self.feature_names: list[str] = []  # of the dataset ``path`` was computed on

    def set_curves(self, curves: list[Curve], on_top: int | None = None) -> None:
        """Draw ``curves`` (one per feature, in feature order), curve ``on_top`` over the others."""
        self.curves = curves
        self.bundle.set_curves(curves if on_top is None else curves[:on_top] + curves[on_top + 1:] + [curves[on_top]])


class PathsView(View):
    """Coefficient paths of every model compared; dragging a panel's vertical line moves the strength."""

    title = "Coefficient paths"
    fresh_parts = ("path",)

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self._panels = {key: _Panel(key) for key in style.MODEL_COLORS}
        for panel in self._panels.values():
            panel.line.sigDragged.connect(partial(self._on_line_dragged, panel))
            panel.plot.getViewBox().sigResized.connect(partial(self._label_axis, panel))
            # Dragged past the path's end, the strength stops at the end (and so may not change): the line
            # goes back to where the state's strength puts it.
            panel.line.sigPositionChangeFinished.connect(partial(self._on_line_released, panel))
        # Beside the panels, a widget of its own: it scrolls and filters, so every feature can be found.
        self.legend = FeatureLegend(state)
        layout = self.layout()
        layout.removeWidget(self.canvas)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.canvas, 1)
        row.addWidget(self.legend)
        layout.addLayout(row)
        self._shown: list[_Panel] = []
        self.canvas.scene().sigMouseMoved.connect(self._on_mouse_moved)
        state.models_changed.connect(self.refresh)
        state.paths_changed.connect(self.refresh_later)
        state.x_axis_changed.connect(self.refresh)
        # The strength line needs no fits: it moves at once, painted while the worker fits.
        state.strength_changed.connect(self.refresh_strength)
        state.strength_mode_changed.connect(self.refresh_strength)
        state.fits_changed.connect(self._mark_unchanged)
        state.highlight_changed.connect(self.refresh)
        self._layout_panels()
        self._apply_scale()

    def dimmable_items(self) -> list:
        return [item for panel in self._panels.values() for item in (panel.bundle, panel.leaving)]

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
        for col, panel in enumerate(wanted):
            layout.addItem(panel.plot, row=0, col=col)
            # Equal shares: unstretched, the grid gave the last panel a third more than the others.
            layout.layout.setColumnStretchFactor(col, 1)
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
        dataset = self.state.results_dataset
        panel.feature_names = list(dataset.feature_names) if dataset is not None else []
        # The elastic net's full name would widen its panel past the others' (three panels at 1024 px).
        title = result.penalty.name if result.penalty.is_l1 or result.penalty.is_l2 else \
            f"EN (α = {result.penalty.alpha:.2f})"
        panel.plot.setTitle(title, color=style.model_color(result.penalty).name(),
                            size=f"{self.scale.title_pt}pt")
        if result.path is not None:
            self._draw_curves(panel, result.path)
        else:
            panel.set_curves([])
            panel.leaving.setData([], [])
        self._draw_line(panel)

    def _draw_curves(self, panel: _Panel, path) -> None:
        axis = self.state.x_axis
        x, coefs = np.asarray(path_x(axis, path), float), np.asarray(path.coefs, float)
        highlighted = self.state.highlighted_feature
        highlighted = highlighted if highlighted is not None and highlighted < coefs.shape[1] else None
        pens = _feature_pens(coefs.shape[1], self.scale.line_px, highlighted)
        panel.set_curves([Curve(x, coefs[:, j], pens[j]) for j in range(coefs.shape[1])], on_top=highlighted)
        self._draw_leaving(panel, path, x)
        panel.top.set_counts(x, path.n_nonzero)
        panel.plot.invertX(axis != BUDGET)  # strong penalty on the left in both modes
        label_strength_axis(panel.plot, axis)
        panel.plot.setLabel("top", "non-zero coefficients")
        panel.plot.setLabel("left", "coefficient (standardized)" if self.state.standardize else "coefficient")
        # The range from the data: auto-range would redo it over every item at each frame.
        panel.plot.disableAutoRange()
        panel.plot.setRange(xRange=(x.min(), x.max()), yRange=(coefs.min(), coefs.max()))

    def _draw_leaving(self, panel: _Panel, path, x) -> None:
        """A ring on the axis where a coefficient returns to exactly 0 (L1 and the elastic net; ridge has none)."""
        points = leaving_points(path.lambdas, path.coefs) if not path.penalty.is_l2 else None
        if not points:
            panel.leaving.setData([], [])
            return
        # x is monotone in lam along the grid: positions between grid points are interpolated in log lam.
        log_lams = np.log10(path.lambdas)[::-1]
        at = np.interp(np.log10(points.lams), log_lams, x[::-1])
        panel.leaving.setData(at, np.zeros(len(points)), size=self.scale.marker_px + 3,
                              pen=[pen(style.feature_color(j), 2.0) for j in points.features],
                              data=points.features)

    def leaving_data(self, penalty) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, y, feature) of the rings drawn in the panel of ``penalty``."""
        item = self.panel(penalty).leaving
        x, y = item.getData()
        return np.asarray(x), np.asarray(y), np.asarray(item.data["data"], dtype=int)

    def _draw_legend(self, dataset) -> None:
        has_paths = any(result.path is not None for result in self.state.results())
        if dataset is None or not has_paths:
            self.legend.set_features([], [])
            return
        self.legend.set_features(dataset.feature_names, _feature_pens(dataset.n_features, self.scale.line_px))

    def _draw_strength(self) -> None:
        for panel in self._shown:
            self._draw_line(panel)

    def _draw_line(self, panel: _Panel) -> None:
        """The strength's vertical line in ``panel``."""
        if panel.path is None:
            panel.line.hide()
            return
        color = style.model_color(panel.penalty)
        panel.line.setPen(pen(color, self.scale.line_px + 1))
        panel.line.setHoverPen(pen(color, self.scale.line_px + 1 + HOVER_WIDTH))  # not pyqtgraph's red
        panel.line.show()
        if not panel.line.moving:
            state = self.state
            lam = lam_for_strength(state.strength_mode, state.strength, panel.path)
            panel.line.setValue(x_of_lam(state.x_axis, panel.path, lam))

    def _label_axis(self, panel: _Panel, *_) -> None:
        if panel.path is not None:
            label_strength_axis(panel.plot, self.state.x_axis)

    # -- interaction -----------------------------------------------------------------------------------
    def _on_line_dragged(self, panel: _Panel, line) -> None:
        if panel.path is not None:
            state = self.state
            state.set_strength(strength_from_x(line.value(), state.x_axis, state.strength_mode, panel.path))

    def _on_line_released(self, panel: _Panel, _line) -> None:
        self._draw_line(panel)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        text = self.hover_text(scene_pos)
        if text:
            QToolTip.showText(QCursor.pos(), text, self.canvas)
        else:
            QToolTip.hideText()

    def hover_text(self, scene_pos: QPointF) -> str | None:
        """"feature: value" for the curve nearest the point, within a few pixels; else None."""
        for panel in self._shown:
            vb = panel.plot.getViewBox()
            # The names of the panel's own path: a new dataset's results may have arrived before its redraw.
            names = panel.feature_names
            if panel.path is None or len(names) != panel.path.coefs.shape[1] \
                    or not vb.sceneBoundingRect().contains(scene_pos):
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
            return f"{names[nearest]}: {values[nearest]:.4g} ({panel.penalty.short_name})"
        return None

    def _apply_scale(self) -> None:
        for panel in self._panels.values():
            style_axes(panel.plot, self.scale)
        self.legend.set_font_pt(self.scale.font_pt)

    def export_parts(self) -> list:
        return [self.canvas, self.legend]

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
