"""The constraint view: loss ellipses against the L1 diamond and the L2 circle, from the data or in a lab.

The view draws the two-feature problem (``gui.views.constraint_scene``): exact loss contours around
the least-squares point, each model's ball at the shared strength, the solution where the lowest
contour touches the ball (with that contour), and each model's solution trace for s from 0 to 1.
In lab mode the problem is synthetic (correlation rho, least-squares point under the mouse).
"""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainterPath
from PySide6.QtWidgets import QFrame, QGraphicsPathItem, QLabel, QScrollArea, QSizePolicy

from core.geometry import Quadratic2D
from gui import style
from gui.panels.constraint_panel import ConstraintControls, ZeroFrequencyPanel
from gui.state import BUDGET
from gui.views import constraint_scene as scene
from gui.views.base import View, pen, plain, set_axis_label, style_axes

# The lab's frame reaches at least this far from the origin, and its least-squares point stays within
# LAB_POINT_LIMIT of it: inside the plot, so it can always be grabbed again.
LAB_HALF_WIDTH = 3.2
LAB_POINT_LIMIT = 3.0
VIEW_PADDING = 0.03
BALL_FILL_ALPHA = 38
CONTOUR_COLOR = "#9A9A9A"
AXIS_COLOR = "#444444"
# How to read the picture (a legend in words: labels on the plot would cover the solutions).
# Below this height (normal, presentation fonts) the key leaves room to the plot, and is the readout's tooltip.
KEY_MIN_VIEW_HEIGHT = {False: 400, True: 520}
# The plot area keeps this height while the "How often exactly 0?" panel is shown: in a short view that panel
# scrolls instead (it took the plot down to 90 px at 1024 x 768).
PLOT_MIN_PX = 150
KEY = ("<span style='color:#555555'>+ least squares · dashed: the loss contour touching the ball · "
       "ring: a coefficient exactly 0 · thin lines: solutions for s from 0 to 1</span>")


class _LabViewBox(pg.ViewBox):
    """A view box that, when ``follow_mouse`` is on, reports the point under a left click or drag
    (the lab's least-squares point follows it) instead of panning; ``on_release`` when the click or drag ends."""

    def __init__(self, on_point, on_release):
        super().__init__(lockAspect=True, enableMenu=False)
        self.setMouseEnabled(x=False, y=False)
        self.follow_mouse = False
        self.dragging = False
        self._on_point, self._on_release = on_point, on_release

    def _follow(self, ev) -> bool:
        if not self.follow_mouse or ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return False
        ev.accept()
        point = self.mapSceneToView(ev.scenePos())
        self._on_point(point.x(), point.y())
        return True

    def mouseDragEvent(self, ev, axis=None):
        self.dragging = not ev.isFinish()
        if self._follow(ev) and ev.isFinish():
            self._on_release()

    def mouseClickEvent(self, ev):
        if self._follow(ev):
            self._on_release()


class _ModelItems:
    """The items of one model, created once: ball, trace, touching contour, solution dot, corner ring."""

    def __init__(self, plot: pg.PlotItem, color: QColor):
        self.color = color
        self.ball = QGraphicsPathItem()
        self.ball.setBrush(pg.mkBrush(_faded(color, BALL_FILL_ALPHA)))
        self.trace = pg.PlotCurveItem()
        self.touching = pg.PlotCurveItem()
        self.corner = QGraphicsPathItem()
        self.solution = QGraphicsPathItem()
        self.solution.setBrush(pg.mkBrush(color))
        for z, item in enumerate((self.ball, self.trace, self.touching, self.corner, self.solution)):
            item.setZValue(2 + z)
            plot.addItem(item)
        self.geometry = None

    def data_items(self) -> tuple:
        return self.ball, self.trace, self.touching, self.corner, self.solution

    def apply_scale(self, scale: style.Scale) -> None:
        self.ball.setPen(pen(self.color, scale.line_px))
        self.trace.setPen(pen(_faded(self.color, 160), scale.line_px * 0.75))
        self.touching.setPen(pen(self.color, scale.line_px * 0.75, dashed=True))
        self.corner.setPen(pen(self.color, scale.line_px + 1))
        self.solution.setPen(pen(style.BACKGROUND, 2.0))

    def clear(self) -> None:
        if self.geometry is None:
            return
        self.geometry = None
        for item in (self.ball, self.corner, self.solution):
            item.setPath(QPainterPath())
        for curve in (self.trace, self.touching):
            curve.setData([], [])

    def draw(self, geometry) -> None:
        self.geometry = geometry
        self.ball.setPath(pg.arrayToQPath(geometry.ball[:, 0], geometry.ball[:, 1]))
        self.touching.setData(geometry.touching[:, 0], geometry.touching[:, 1])
        if geometry.trace is not None:
            self.trace.setData(geometry.trace[:, 0], geometry.trace[:, 1])

    def draw_markers(self, pixel: float, scale: style.Scale) -> None:
        """The dot at the solution and, on a corner, a ring around it; sizes in screen pixels."""
        geometry = self.geometry
        if geometry is None:
            return
        self.solution.setPath(_dot(geometry.w, 0.75 * scale.marker_px * pixel))
        self.corner.setPath(QPainterPath() if geometry.corner is None else
                            _dot(geometry.w, 1.6 * scale.marker_px * pixel))


class ConstraintView(View):
    """The two-feature picture of every model compared, at the shared strength."""

    title = "Constraint view"
    fresh_parts = ("path",)  # the data's problem and default pair come with the paths' dataset

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.controls = ConstraintControls(state, self)
        self.zero_panel = ZeroFrequencyPanel(state, self)
        self.zero_panel.hide()
        self.zero_scroll = QScrollArea()
        self.zero_scroll.setWidget(self.zero_panel)
        self.zero_scroll.setWidgetResizable(True)
        self.zero_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.zero_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.zero_scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.zero_scroll.hide()
        self.controls.zero_toggled.connect(self._show_zero_panel)
        # A QLabel, not a pyqtgraph label: its text changes on every mouse move, and QLabel defers the layout.
        self.readout = QLabel()
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setWordWrap(True)
        self.readout.setContentsMargins(6, 0, 6, 0)
        self._readout_shape = None  # (text without its numbers, width) when the readout's height was measured
        self.readout.installEventFilter(self)
        # The key never changes: its own label, so that a strength move lays out only the solutions' lines.
        self.key = QLabel(KEY)
        self.key.setTextFormat(Qt.TextFormat.RichText)
        self.key.setWordWrap(True)
        self.key.setContentsMargins(6, 0, 6, 2)
        self.readout.setToolTip(KEY)
        layout = self.layout()
        layout.insertWidget(0, self.controls)
        layout.addWidget(self.readout)
        layout.addWidget(self.key)
        layout.addWidget(self.zero_scroll)
        self.viewbox = _LabViewBox(self._on_lab_point, self._frame_lab)
        self.plot = plain(self.canvas.addPlot(row=0, col=0, viewBox=self.viewbox))
        self.plot.showGrid(x=True, y=True, alpha=0.12)
        for angle in (0, 90):
            self.plot.addItem(pg.InfiniteLine(pos=0.0, angle=angle, pen=pen(AXIS_COLOR, 1.2)))
        self.contours = pg.PlotCurveItem(connect="finite")
        # The contours change with the problem only; the balls drawn over them change at every strength move.
        self.contours.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.plot.addItem(self.contours)
        self._models = {key: _ModelItems(self.plot, QColor(color)) for key, color in style.MODEL_COLORS.items()}
        self.ols = QGraphicsPathItem()
        self.ols.setZValue(8)
        self.plot.addItem(self.ols)
        self.quad: Quadratic2D | None = None
        self.features: tuple[int, int] | None = None
        self.error = None
        self._problem_key = None
        self._names = None  # the names of the features drawn, from the data they were drawn from
        self._defaults = ((None, None), None)  # ((dataset, least-squares fit), their default pair)
        self._labels = None
        self._traced = {}  # model key -> penalty whose trace is drawn for the current problem
        self._pixel = 1.0  # data units per screen pixel (equal on both axes: the aspect is locked)
        self._box = None
        self.viewbox.sigTransformChanged.connect(self._on_transform_changed)
        self.viewbox.sigResized.connect(self._keep_plot_height)  # the title's and axes' height measured anew
        self._canvas_minimum_height = self.canvas.minimumHeight()
        state.strength_changed.connect(self.refresh_strength)
        state.strength_mode_changed.connect(self.refresh_strength)
        state.paths_changed.connect(self.refresh_later)
        for signal in (state.constraint_changed, state.models_changed, state.settings_changed):
            signal.connect(self.refresh)
        # These change the results' token but nothing drawn here.
        state.fits_changed.connect(self._mark_unchanged)
        state.validation_changed.connect(self._mark_unchanged)
        self._apply_scale()

    # -- View ---------------------------------------------------------------------------------------
    def has_data(self) -> bool:
        return self.state.lab_mode or self.quad is not None or self.error is not None

    def dimmable_items(self) -> list:
        return [self.contours, self.ols, *(item for items in self._models.values() for item in items.data_items())]

    def shows_current_results(self) -> bool:
        return self.state.lab_mode or super().shows_current_results()  # the lab's problem is the state's own

    def export_parts(self) -> list:
        return [self.canvas, self.readout, self.key]  # not its controls

    def model_geometry(self, penalty):
        """The drawn ``ModelGeometry`` of ``penalty`` (None when it is not drawn)."""
        return self._models[style.model_key(penalty)].geometry

    def hideEvent(self, event):
        # A hidden view animates nothing: the lecture sweep stops with the window (the Monte Carlo too).
        self.controls.player.stop()
        super().hideEvent(event)

    # -- the problem --------------------------------------------------------------------------------
    def _current_problem_key(self):
        state = self.state
        if state.lab_mode:
            return "lab", state.lab_rho, state.lab_ols
        dataset = state.results_dataset
        paths = [r.path for r in state.results() if r.path is not None]
        if dataset is None or (state.constraint_features is None and not paths):
            return None
        features = state.constraint_features
        if features is None or max(features) >= dataset.n_features:
            features = self._default_features(dataset, paths[0].ols_coef)
        return "data", id(dataset), features, state.standardize

    def _default_features(self, dataset, ols_coef) -> tuple[int, int]:
        # Asked at every redraw; a pass over X each time would cost frames on big data.
        (known_dataset, known_ols), pair = self._defaults
        if known_dataset is not dataset or known_ols is not ols_coef:
            self._defaults = (dataset, ols_coef), scene.default_features(dataset, ols_coef)
        return self._defaults[1]

    def _update_problem(self) -> bool:
        """Rebuild the two-feature problem when its inputs changed; True when it did."""
        key = self._current_problem_key()
        if key == self._problem_key:
            return False
        self._problem_key, self._traced, self.error = key, {}, None
        self._names = None
        state = self.state
        if key is None:
            self.quad = self.features = None
        elif state.lab_mode:
            self.quad, self.features = Quadratic2D.synthetic(state.lab_rho, state.lab_ols), None
        else:
            dataset, self.features = state.results_dataset, key[2]
            # Kept with the problem: new data may arrive (with fewer features) before the problem is rebuilt.
            self._names = tuple(dataset.feature_names[j] for j in self.features)
            try:
                self.quad = scene.problem_from_data(dataset.X, dataset.y, self.features, state.standardize)
            except ValueError as exc:  # collinear or constant columns: say so, draw nothing
                self.quad, self.error = None, str(exc)
        return True

    # -- drawing ------------------------------------------------------------------------------------
    def _draw_steps(self):
        # On new data, choosing the default pair takes a pass over X (10-30 ms at 100000 x 50): a step of its own.
        self._current_problem_key()
        yield
        self._draw()

    def _draw(self) -> None:
        changed = self._update_problem()
        state = self.state
        self.viewbox.follow_mouse = state.lab_mode
        self.controls.show_problem(self.features)
        quad = self.quad
        if quad is None:
            self.contours.setData([], [])
            self.ols.setPath(QPainterPath())
            for items in self._models.values():
                items.clear()
            self._draw_readout([])
            return
        if changed:
            contours = scene.contour_family(quad)
            self.contours.setData(contours[:, 0], contours[:, 1])
        self._set_range(quad)  # also for new models: each one's ball at s = 1 is framed
        self._draw_strength()

    def _draw_strength(self) -> None:
        quad = self.quad
        if quad is None:
            return
        state = self.state
        compared = {style.model_key(p): p for p in state.penalties}
        strength = {"budget": state.strength} if state.strength_mode == BUDGET else {"lam": 10.0**state.strength}
        geometries = []
        for key, items in self._models.items():
            penalty = compared.get(key)
            if penalty is None:
                items.clear()
                continue
            needs_trace = self._traced.get(key) != penalty
            geometry = scene.model_geometry(quad, penalty, with_trace=needs_trace, **strength)
            items.draw(geometry)
            self._traced[key] = penalty
            geometries.append(geometry)
        self._draw_markers()
        self._draw_readout(geometries)

    def _on_transform_changed(self) -> None:
        self._pixel = self.viewbox.viewPixelSize()[0]
        self._draw_markers()

    def _draw_markers(self) -> None:
        if self.quad is None:
            return
        pixel = self._pixel
        size = self.scale.marker_px * pixel
        x, y = self.quad.w_ols
        cross = QPainterPath()
        cross.moveTo(x - size, y)
        cross.lineTo(x + size, y)
        cross.moveTo(x, y - size)
        cross.lineTo(x, y + size)
        self.ols.setPath(cross)
        for items in self._models.values():
            items.draw_markers(pixel, self.scale)

    def _set_range(self, quad) -> None:
        # The frame holds the picture at every budget, so a strength move (or the lecture sweep) never needs a
        # new one; the lab's frame stays still while the point is dragged (it would slide under the mouse), and
        # takes in the new point's picture when the drag ends, never narrower than the point's whole range.
        if not (self.state.lab_mode and self.viewbox.dragging):
            box = scene.view_box(quad, self.state.penalties)
            if self.state.lab_mode:
                box = tuple((min(low, -LAB_HALF_WIDTH), max(high, LAB_HALF_WIDTH)) for low, high in box)
            if box != self._box:
                self._box = box
                self.plot.setRange(xRange=box[0], yRange=box[1], padding=VIEW_PADDING)
        names = self._feature_names()
        labels = (f"w1: {names[0]}", f"w2: {names[1]}") if names else ("w1", "w2")
        if labels != self._labels:  # an axis label costs a re-layout: only when it changes
            self._labels = labels
            set_axis_label(self.plot, "bottom", labels[0])
            set_axis_label(self.plot, "left", labels[1])

    def _feature_names(self) -> tuple[str, str] | None:
        """The names of the two features drawn (None in the lab)."""
        return self._names

    def _draw_readout(self, geometries) -> None:
        if self.error is not None:
            lines = [f"<span style='color:#B00020'>Cannot draw these two features: {self.error}</span>"]
        elif self.quad is None:
            lines = ["Waiting for the data…"]
        else:
            names = self._feature_names() or ("w1", "w2")
            lines = [_model_line(g, names) for g in geometries]
        text = "<br>".join(lines)
        self.readout.setText(text)
        self._fit_readout_height()

    def _fit_readout_height(self, width_changed: bool = False) -> None:
        # Grow only: a readout that shrank and grew back as the solutions moved would resize the plot above it,
        # which is then repainted whole (40 ms on a loaded machine) and jumps under the pointer. Measured
        # (1 ms) only when its words or width change, not at every new number; at a new width it may shrink
        # too (else lines wrapped in a narrow cell would keep the plot a strip in a wide one).
        shape = (re.sub(r"[-+.\d]+", "", self.readout.text()), self.readout.width())
        if shape != self._readout_shape:
            self._readout_shape = shape
            needed = max(self.readout.heightForWidth(self.readout.width()), 0)  # -1: no text
            if needed > self.readout.minimumHeight() or width_changed:
                self.readout.setMinimumHeight(needed)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._show_key_if_room()
        self._keep_plot_height()

    def _show_zero_panel(self, on: bool) -> None:
        self.zero_scroll.setVisible(on)
        self.zero_panel.setVisible(on)
        self._keep_plot_height()

    def _keep_plot_height(self) -> None:
        """While the zero panel is shown, the canvas keeps room for a plot area of PLOT_MIN_PX (the panel
        scrolls in what is left); else the canvas' own minimum."""
        minimum = self._canvas_minimum_height
        if self.zero_scroll.isVisibleTo(self):
            # Title and axes: what the canvas holds besides the plot area (measured: fonts and labels vary).
            chrome = self.canvas.height() - self.viewbox.height() if self.viewbox.height() > 0 else 0
            minimum = max(minimum, int(PLOT_MIN_PX + chrome + 1))
            self.zero_scroll.setMinimumHeight(self.zero_panel.budget_box.sizeHint().height() + 4)  # a row
        if self.canvas.minimumHeight() != minimum:
            self.canvas.setMinimumHeight(minimum)

    def _show_key_if_room(self) -> None:
        self.key.setVisible(self.height() >= KEY_MIN_VIEW_HEIGHT[self.state.presentation])

    def eventFilter(self, watched, event):
        if watched is self.readout and event.type() == QEvent.Type.Resize \
                and event.size().width() != event.oldSize().width():
            self._fit_readout_height(width_changed=True)
        return False

    # -- interaction --------------------------------------------------------------------------------
    def _frame_lab(self) -> None:
        """The lab's drag or click has ended: frame the picture of the point where it was let go."""
        if self.state.lab_mode and self.quad is not None:
            self._set_range(self.quad)

    def _on_lab_point(self, x: float, y: float) -> None:
        limit = LAB_POINT_LIMIT
        self.state.set_lab_ols((min(max(x, -limit), limit), min(max(y, -limit), limit)))

    def _apply_scale(self) -> None:
        scale = self.scale
        style_axes(self.plot, scale)
        font = QFont()
        font.setPointSize(scale.font_pt)
        self.readout.setFont(font)
        self.key.setFont(font)
        self.readout.setMinimumHeight(0)  # grows again to the new font's lines
        self._show_key_if_room()
        self._readout_shape = None
        self.plot.setTitle(self.title, size=f"{scale.title_pt}pt")
        self.contours.setPen(pen(CONTOUR_COLOR, 1.0))
        self.ols.setPen(pen(style.FOREGROUND, scale.line_px + 0.5))
        for items in self._models.values():
            items.apply_scale(scale)
        self._draw_markers()



    def table(self) -> list[list]:
        """Each model's solution of the two-feature problem at the current strength."""
        drawn = [g for g in (self.model_geometry(p) for p in self.state.penalties) if g is not None]
        if self.quad is None or not drawn:
            return []
        names = self._feature_names() or ("w1", "w2")
        return [["model", names[0], names[1], "s", "lambda", "constraint active"],
                *([g.penalty.short_name, g.w[0], g.w[1], g.budget, g.lam, "yes" if g.active else "no"]
                  for g in drawn)]


def _faded(color: QColor, alpha: int) -> QColor:
    faded = QColor(color)
    faded.setAlpha(alpha)
    return faded


def _dot(center, radius: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QPointF(float(center[0]), float(center[1])), radius, radius)
    return path


def _model_line(geometry, names) -> str:
    """One coloured readout line: the solution's coordinates and what it says about exact zeros."""
    penalty, w = geometry.penalty, geometry.w
    head = (f"<b style='color:{style.model_color(penalty).name()}'>● {penalty.short_name}</b> "
            f"({_coordinate(w[0])}, {_coordinate(w[1])})")
    if not geometry.active:
        return f"{head}: least squares inside the ball, constraint not active"
    zeros = geometry.zero_coords
    if len(zeros) == 2:
        return f"{head}: at the origin, both exactly 0"
    if geometry.corner is not None:
        return f"{head}: on a corner, <b>{names[geometry.corner]} is exactly 0</b>"
    if zeros:
        return f"{head}: on the axis, {names[zeros[0]]} is exactly 0"
    return f"{head}: both non-zero"


def _coordinate(value: float) -> str:
    # An exact zero is written "0", so it reads differently from a small 0.000.
    return "0" if value == 0.0 else f"{value:.3f}"
