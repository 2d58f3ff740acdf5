"""What every view shares: a pyqtgraph canvas that reports its repaints, export, and presentation scaling."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui import style

pg.setConfigOptions(antialias=True, background=style.BACKGROUND, foreground=style.FOREGROUND)


def plain(plot: pg.PlotItem) -> pg.PlotItem:
    """``plot`` without pyqtgraph's context menu and auto-range button: in a lecture, a stray click must not
    change the picture."""
    plot.setMenuEnabled(False)
    plot.hideButtons()
    return plot


class Canvas(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget that says when it has finished painting a frame."""

    painted = Signal()

    def paintEvent(self, event):
        super().paintEvent(event)
        self.painted.emit()


class _RedrawQueue:
    """Full redraws run one view per event-loop turn, in the order they were asked for.

    New results (a path, error curves) make several views redraw everything; in one turn, those redraws and
    the repaint of all of them add up to one long stall of the event loop (100-300 ms on 100000 x 50 with the
    workers busy). A turn apart, each view's redraw and repaint lets the event loop run in between.
    """

    def __init__(self):
        self._views: list = []
        self._timer = None

    def add(self, view) -> None:
        if view in self._views:
            return
        self._views.append(view)
        if self._timer is None:
            # A 1 ms timer, not a queued call: timers run after the posted events (the repaint) of a turn.
            self._timer = QTimer(singleShot=True, interval=1)
            self._timer.timeout.connect(self._next)
        self._timer.start()

    def waiting(self, view) -> bool:
        return view in self._views

    def take(self, view) -> bool:
        """Remove ``view``; True when it was waiting."""
        if view not in self._views:
            return False
        self._views.remove(view)
        return True

    def _next(self) -> None:
        from shiboken6 import isValid

        # A view closed since it asked (its window gone) is skipped.
        self._views = [view for view in self._views if isValid(view)]
        if self._views:
            self._views.pop(0).refresh()
        if self._views:
            self._timer.start()


_redraws = _RedrawQueue()
_WAITING = ("waiting for a redraw",)  # a drawn token no painted frame ever carries


class View(QWidget):
    """Base class: subclasses build their items once in ``__init__`` and update them in ``_draw``.

    ``drawn_token`` is the state token (``AppState.token``) of the last update and ``repainted`` is
    emitted with it once a frame showing that update has been painted: a benchmark or a test can
    tell exactly when the screen shows a given state.
    """

    title = "view"
    repainted = Signal(object)

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.canvas = Canvas()
        self.canvas.setMinimumSize(200, 160)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.scale = style.Scale.for_mode(state.presentation)
        self.drawn_token = None
        self._painted_token = None
        self.canvas.painted.connect(self._on_painted)
        state.presentation_changed.connect(self._on_presentation)

    def refresh(self) -> None:
        """Redraw everything from the state now."""
        _redraws.take(self)
        self._draw()
        # Lay out now what the redraw resized (axes, legend, titles): a posted layout request would be handled
        # after the paint, and the whole canvas painted twice.
        self.canvas.ci.layout.activate()
        self._mark_drawn()

    def refresh_later(self) -> None:
        """Redraw everything at the view's turn of the event loop (see ``_RedrawQueue``): for new results."""
        self.drawn_token = _WAITING  # until then it does not show the state: not ready, nothing to report
        _redraws.add(self)

    def refresh_strength(self) -> None:
        """Redraw what depends on the strength only (markers, fits); now, as a strength move must be fast."""
        if _redraws.waiting(self):
            return  # the full redraw it is waiting for will draw the strength too, at its turn
        self._draw_strength()
        self._mark_drawn()

    def _mark_drawn(self) -> None:
        if _redraws.waiting(self):
            return  # what it shows is not the state yet: its redraw will mark it
        self.drawn_token = self.state.token
        self._painted_token = None  # a redraw of the same state (e.g. more resamples) is reported once painted too
        # A one-pixel request guarantees a paint (hence ``repainted``) even when nothing visible changed;
        # the items updated have asked for their own regions, so the frame stays as small as possible.
        self.canvas.viewport().update(0, 0, 1, 1)

    def _draw(self) -> None:
        raise NotImplementedError

    def _draw_strength(self) -> None:
        self._draw()

    def has_data(self) -> bool:
        """True when every model's results this view shows have arrived and are drawn."""
        raise NotImplementedError

    def _on_painted(self) -> None:
        if self.drawn_token not in (None, _WAITING) and self.drawn_token != self._painted_token:
            self._painted_token = self.drawn_token
            self.repainted.emit(self.drawn_token)

    def _on_presentation(self) -> None:
        self.scale = style.Scale.for_mode(self.state.presentation)
        self._apply_scale()
        self.refresh()

    def _apply_scale(self) -> None:
        """Resize fonts of axes and titles; subclasses also widen their pens in ``_draw``."""
        for item in self.canvas.ci.items:
            if isinstance(item, pg.PlotItem):
                style_axes(item, self.scale)

    def export(self, filename: str) -> None:
        """Write the view to ``filename``: SVG when it ends in .svg, else a PNG (or other raster) image."""
        if filename.lower().endswith(".svg"):
            self._export_svg(filename)
            return
        from pyqtgraph.exporters import ImageExporter  # only needed on demand

        ImageExporter(self.canvas.ci).export(filename)

    def _export_svg(self, filename: str) -> None:
        # Qt's own SVG painter: pyqtgraph 0.14's SVGExporter cannot parse the paths Qt 6.12 writes.
        from PySide6.QtGui import QPainter
        from PySide6.QtSvg import QSvgGenerator

        generator = QSvgGenerator()
        generator.setFileName(filename)
        generator.setSize(self.canvas.size())
        generator.setViewBox(self.canvas.rect())
        generator.setTitle(self.title)
        painter = QPainter(generator)
        try:
            self.canvas.render(painter)
        finally:
            painter.end()


def style_axes(plot: pg.PlotItem, scale: style.Scale) -> None:
    """Projector-legible axes: tick and label fonts at ``scale.font_pt``."""
    font = QFont()
    font.setPointSize(scale.font_pt)
    for name in ("left", "bottom", "top", "right"):
        axis = plot.getAxis(name)
        axis.enableAutoSIPrefix(False)  # "(x0.001)" beside a label confuses more than it saves
        # Axes are costly to draw and rarely change: keep them as pixmaps between frames.
        axis.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # Major and minor ticks only: pyqtgraph's third level is 4-5x as many lines, at a grid alpha of 2 %
        # (invisible) and most of an axis's drawing time.
        axis.setStyle(tickFont=font, maxTickLevel=1)
        axis.label.setFont(font)


def fit_range_once(plot: pg.PlotItem) -> None:
    """Fit the view range to the items now, then hold it.

    Left on, auto-range would be recomputed over every item at each frame in which the strength line
    moved (pyqtgraph treats a moved item as changed bounds): ~1 ms per panel per strength move.
    """
    view_box = plot.getViewBox()
    view_box.enableAutoRange()
    view_box.updateAutoRange()
    view_box.disableAutoRange()
    settle_axes(plot)


def settle_axes(plot: pg.PlotItem) -> None:
    """Size the axes for the tick labels of the current range now, rather than while painting.

    pyqtgraph measures its tick labels while painting an axis and resizes the axis when they need more or
    less room; the layout then changes and the whole canvas is painted a second time. Measuring them here,
    when the range is set, makes the resize happen before the one paint.
    """
    from PySide6.QtGui import QPainter, QPicture

    for name in ("left", "bottom", "top", "right"):
        axis = plot.getAxis(name)
        if not axis.isVisible() or not axis.style["showValues"]:
            continue
        picture = QPicture()
        painter = QPainter(picture)
        try:
            painter.setFont(axis.style["tickFont"] or painter.font())
            axis.generateDrawSpecs(painter)  # measures the labels and resizes the axis if they need it
        finally:
            painter.end()


def pen(color, width: float, dashed: bool = False):
    return pg.mkPen(color=color, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
