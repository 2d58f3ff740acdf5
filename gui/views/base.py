"""What every view shares: a pyqtgraph canvas that reports its repaints, plots that no stray wheel or drag
changes, results dimmed while a recompute replaces them, export, and presentation scaling."""

from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui import pg_internals, style
from gui.export import DEFAULT_SCALE, write_view
from gui.strength import strength_axis_label

pg.setConfigOptions(antialias=True, background=style.BACKGROUND, foreground=style.FOREGROUND)


DIMMED_OPACITY = 0.3  # a view's data items while a recompute replaces them: still there, visibly not current


def plain(plot: pg.PlotItem) -> pg.PlotItem:
    """``plot`` without pyqtgraph's context menu, auto-range button, mouse zoom and pan: in a lecture, a stray
    click, wheel or drag must not change the picture (with nothing to restore it). Items that take the mouse
    themselves (the paths' strength line, the lab's point) still do: the view box ignores only its own moves."""
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.setMouseEnabled(x=False, y=False)  # a wheel event is then ignored, a drag moves nothing
    return plot


class Canvas(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget that says when it has finished painting a frame."""

    painted = Signal()

    def paintEvent(self, event):
        super().paintEvent(event)
        self.painted.emit()


class _RedrawQueue:
    """Full redraws run one step at a time, view after view, in the order they were asked for.

    New results (a path, error curves) make several views redraw everything; in one turn, those redraws and
    the repaint of all of them add up to one long stall of the event loop (100-300 ms on 100000 x 50 with the
    workers busy). Here a view's redraw is cut into the steps of its ``_draw_steps`` generator, and after each
    step's paint the event loop has a quiet moment (``QUIET_S``) before the next step.

    How: a 1 ms timer polls until the last step's paint has come and the quiet moment has passed, then posts
    the next step (a zero timeout: it runs with the posted events of the next turn).
    """

    def __init__(self):
        self._steps: dict = {}  # view -> its redraw's steps (None until its turn), in the order asked
        self._timer = None
        self._step_posted = False
        self._unpainted = None  # the view whose last step is not painted yet
        self._paint_deadline = 0.0
        self._quiet_until = 0.0

    def add(self, view) -> None:
        self._steps[view] = None  # (re)started at its turn: whatever it had drawn of older results is stale
        if self._timer is None:
            self._timer = QTimer(singleShot=True, interval=1)
            self._timer.timeout.connect(self._poll)
        self._timer.start()

    def waiting(self, view) -> bool:
        return view in self._steps

    def take(self, view) -> None:
        """Forget ``view``'s redraw (it redraws everything at once instead)."""
        self._steps.pop(view, None)

    def painted(self, view) -> None:
        if view is self._unpainted:
            self._unpainted, self._quiet_until = None, time.perf_counter() + QUIET_S

    def _poll(self) -> None:
        now = time.perf_counter()
        if (self._unpainted is not None and now < self._paint_deadline) or now < self._quiet_until:
            self._timer.start()  # the last step's paint first, then a quiet moment for everything else
        elif not self._step_posted:
            self._unpainted = None  # not painted by the deadline (hidden meanwhile, say): not waited for longer
            self._step_posted = True
            QTimer.singleShot(0, self._step)

    def _step(self) -> None:
        from shiboken6 import isValid

        self._step_posted = False
        # A view closed since it asked (its window gone) is skipped.
        self._steps = {view: steps for view, steps in self._steps.items() if isValid(view)}
        if not self._steps:
            return
        view, steps = next(iter(self._steps.items()))
        if steps is None:
            steps = self._steps[view] = view._draw_steps()
        finished = next(steps, _FINISHED) is _FINISHED
        settle(view.canvas)
        if finished:
            del self._steps[view]
            view._redraw_finished()  # which asks for a paint
        elif view.canvas.isVisible():
            view.request_paint()  # even when the step changed nothing visible
        if view.canvas.isVisible():
            self._unpainted, self._paint_deadline = view, time.perf_counter() + PAINT_WAIT_S
        if self._steps:
            self._timer.start()


_redraws = _RedrawQueue()
_WAITING = ("waiting for a redraw",)  # a drawn token no painted frame ever carries
_FINISHED = object()
PAINT_WAIT_S = 0.1  # a step's paint that has not come by then is not waited for
QUIET_S = 0.002  # after a step's paint, before the next step: turns of the event loop for everything else


class View(QWidget):
    """Base class: subclasses build their items once in ``__init__`` and update them in ``_draw`` (or, in
    several steps, ``_draw_steps``).

    ``drawn_token`` is the state token (``AppState.token``) of the last update and ``repainted`` is
    emitted with it once a frame showing that update has been painted: a benchmark or a test can
    tell exactly when the screen shows a given state.

    While a full recompute runs (``AppState.computing``), the items of ``dimmable_items`` are dimmed until the
    view has drawn the new results of every part of ``fresh_parts`` (see ``shows_current_results``).
    """

    title = "view"
    fresh_parts: tuple[str, ...] = ()  # the parts of each model's results drawn ("path", "fit", "holdout", "cv")
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
        self._strength_moved = False  # the strength changed while a step-by-step redraw was under way
        self.dimmed = False
        self.canvas.painted.connect(self._on_painted)
        state.presentation_changed.connect(self._on_presentation)
        state.computing_changed.connect(self._on_computing)

    def showEvent(self, event):
        super().showEvent(event)
        # A view put into a window that is already shown appears through a queued show; Qt does not always
        # paint it then (its place was laid out before), and what it drew would stay unpainted and unreported.
        self.canvas.viewport().update()

    def refresh(self) -> None:
        """Redraw everything from the state now."""
        _redraws.take(self)
        self._strength_moved = False
        for _ in self._draw_steps():
            pass
        settle(self.canvas)
        self._mark_drawn()

    def refresh_later(self) -> None:
        """Redraw everything at the view's turn of the event loop (see ``_RedrawQueue``): for new results."""
        self.drawn_token = _WAITING  # until then it does not show the state: not ready, nothing to report
        _redraws.add(self)

    def refresh_strength(self) -> None:
        """Redraw what depends on the strength only (markers, fits); now, as a strength move must be fast."""
        if _redraws.waiting(self):
            # Steps already done drew the old strength: the redraw draws the strength again when it ends.
            self._strength_moved = True
            return
        self._draw_strength()
        self._mark_drawn()

    def _redraw_finished(self) -> None:
        """The last step of a step-by-step redraw has run."""
        if self._strength_moved:
            self._strength_moved = False
            self._draw_strength()
        self._mark_drawn()

    def _mark_drawn(self) -> None:
        if _redraws.waiting(self):
            return  # what it shows is not the state yet: its redraw will mark it
        self._update_dimmed()
        self.drawn_token = self.state.token
        self._painted_token = None  # a redraw of the same state (e.g. more resamples) is reported once painted too
        self.request_paint()  # hence ``repainted``, even when nothing visible changed

    def _mark_unchanged(self) -> None:
        """The state's token changed in nothing this view draws (e.g. new fits, for a view of the paths): what
        is on screen shows the new token too, once the paint of the last drawing (if still due) is done."""
        if _redraws.waiting(self) or self.drawn_token is None:
            return
        on_screen = self._painted_token == self.drawn_token
        self.drawn_token = self.state.token
        if on_screen:
            self._painted_token = self.drawn_token
            self.repainted.emit(self.drawn_token)

    def request_paint(self) -> None:
        """Ask for a paint of the canvas, in the same frame as the items' own updates.

        One pixel of the scene: the items updated have asked for their own regions, so the frame stays as small
        as possible; and the scene hands all of them to the view at once (a request on the viewport itself
        came as a frame of its own, before theirs).
        """
        self.canvas.scene().update(QRectF(0.0, 0.0, 1.0, 1.0))

    # -- dimmed while a recompute replaces what is drawn ------------------------------------------------
    def dimmable_items(self) -> list:
        """The items that show results (curves, bars, markers): dimmed while they are not current."""
        return []

    def shows_current_results(self) -> bool:
        """Whether every part the view draws (``fresh_parts``) comes from the current settings' results."""
        return all(self.state.is_fresh(result.penalty, part)
                   for result in self.state.results() for part in self.fresh_parts)

    def _on_computing(self) -> None:
        if self.state.computing or not _redraws.waiting(self):
            self._update_dimmed()
        # else the redraw under way draws the new results, and undims them then (``_mark_drawn``)

    def _update_dimmed(self) -> None:
        dimmed = self.state.computing and not self.shows_current_results()
        if dimmed != self.dimmed:
            self.dimmed = dimmed
            for item in self.dimmable_items():
                item.setOpacity(DIMMED_OPACITY if dimmed else 1.0)

    def _draw(self) -> None:
        raise NotImplementedError

    def _draw_steps(self):
        """The full redraw as a generator that yields between steps: the redraw queue runs a step, waits for
        its paint and lets the event loop run, then runs the next. By default, one step."""
        self._draw()
        yield from ()

    def _draw_strength(self) -> None:
        self._draw()

    def has_data(self) -> bool:
        """True when every model's results this view shows have arrived and are drawn."""
        raise NotImplementedError

    def _on_painted(self) -> None:
        _redraws.painted(self)
        if self.drawn_token not in (None, _WAITING) and self.drawn_token != self._painted_token:
            self._painted_token = self.drawn_token
            self.repainted.emit(self.drawn_token)

    def _on_presentation(self) -> None:
        self.scale = style.Scale.for_mode(self.state.presentation)
        self._apply_scale()
        self.refresh()

    def _apply_scale(self) -> None:
        """Resize fonts of axes and titles; subclasses also widen their pens in ``_draw``."""
        for item in pg_internals.plot_items(self.canvas):
            if isinstance(item, pg.PlotItem):
                style_axes(item, self.scale)

    def export_parts(self) -> list[QWidget]:
        """The widgets an exported picture of the view shows (the canvas; a view adds its readouts)."""
        return [self.canvas]

    def export(self, filename: str, scale: int = DEFAULT_SCALE) -> None:
        """Write what the view shows to ``filename``: SVG (vector) when it ends in .svg, else a PNG at ``scale``
        times its size on screen. Raises ``gui.export.ExportError`` with a message for the user."""
        write_view(self, filename, scale)



    def table(self) -> list[list]:
        """The numbers the view shows, as rows of cells (str or number), the first row the header; empty when
        it shows none (Edit > Copy puts it on the clipboard as tab-separated text)."""
        return []


def style_axes(plot: pg.PlotItem, scale: style.Scale) -> None:
    """Projector-legible axes: tick and label fonts at ``scale.font_pt``."""
    font = QFont()
    font.setPointSize(scale.font_pt)
    for name in ("left", "bottom", "top", "right"):
        axis = plot.getAxis(name)
        axis.enableAutoSIPrefix(False)  # "(x0.001)" beside a label confuses more than it saves
        # Axes are costly to draw and rarely change: keep them as pixmaps between frames.
        cached = pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
        if axis.cacheMode() != cached:
            axis.setCacheMode(cached)
            # pyqtgraph's resize drops the axis' drawing but asks for no repaint: the pixmap of its old width
            # stayed (the validation plot's ticks drawn over its left label at start-up, 1280 x 720).
            axis.geometryChanged.connect(axis.update)
        # Major and minor ticks only: pyqtgraph's third level is 4-5x as many lines, at a grid alpha of 2 %
        # (invisible) and most of an axis's drawing time.
        axis.setStyle(tickFont=font, maxTickLevel=1)
        axis.label.setFont(font)
        axis.resizeEvent()  # centre the label in its new font


def set_axis_label(plot: pg.PlotItem, name: str, text: str) -> None:
    """Label ``plot``'s axis ``name`` with ``text``, centred along the axis.

    pyqtgraph centres a label only when its axis resizes: a longer wording on an axis of the same size kept the
    shorter one's place and ran past the plot (into the next panel's axis at 1280 x 720)."""
    plot.setLabel(name, text)
    plot.getAxis(name).resizeEvent()


def label_strength_axis(plot: pg.PlotItem, axis: str) -> None:
    """Label ``plot``'s bottom axis, a strength ``axis`` (budget or lambda), in the longest wording that fits
    its width (at 1024 pixels two panels side by side have room for the short one only)."""
    bottom = plot.getAxis("bottom")
    metrics = QFontMetrics(bottom.label.font())
    text = strength_axis_label(axis, plot.getViewBox().width(), metrics.horizontalAdvance)
    if pg_internals.label_text(bottom) != text:  # a new label costs a re-layout of the plot
        set_axis_label(plot, "bottom", text)


def settle(canvas: pg.GraphicsLayoutWidget) -> None:
    """Lay out ``canvas`` and draw its axes now, so that the next paint only has to show them.

    pyqtgraph draws an axis (ticks, labels, grid: 1-2 ms of Python each) while painting, and resizes it there
    when its labels need more or less room; the layout request that follows is handled after the paint, so
    the whole canvas was painted twice. Done here, at the end of a redraw, the paint stays short and single.
    """
    axes = [item.getAxis(name) for item in pg_internals.plot_items(canvas) if isinstance(item, pg.PlotItem)
            for name in ("left", "bottom", "top", "right")]
    for _ in range(2):  # drawing an axis may resize it, and a resize discards its drawing: once more then
        pg_internals.layout_of(canvas).activate()  # now, not at a posted layout request after the paint
        stale = [axis for axis in axes if axis.isVisible() and not pg_internals.has_drawing(axis)]
        if not stale:
            return
        for axis in stale:
            pg_internals.draw_now(axis)
    pg_internals.layout_of(canvas).activate()


def pen(color, width: float, dashed: bool = False):
    return pg.mkPen(color=color, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
