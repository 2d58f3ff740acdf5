"""Views that do not lie and plots that stay put: a model switched off leaves nothing behind, the validation
plot is fitted to its curves with glmnet's labelled λmin and λ1se, no wheel or drag changes a plot's range,
and the old results are dimmed while a recompute replaces them."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsPathItem

from gui import style
from gui.state import BUDGET, LAMBDA
from gui.views.axes import NonzeroAxis
from gui.views.base import DIMMED_OPACITY
from tests.gui.conftest import OFFSCREEN_NOTICE, curve_data, wait_ready
from tests.gui.invariants import assert_views_match_state

CORRELATED = {"n_samples": 100, "n_groups": 4, "group_size": 3, "rho": 0.9, "seed": 0}
# A recompute that takes a while (paths and 5-fold CV on 3000 x 300), so that it is seen under way.
SLOW_SPARSE = {"n_samples": 3000, "n_features": 300, "n_informative": 20, "seed": 3}
EN_COLOR = style.MODEL_COLORS["EN"].lower()
# The mouse passing over a paths panel shows a feature's tooltip, and the offscreen platform cannot raise it.
TOOLTIP_NOTICE = "This plugin does not support raise"


def _has_content(item) -> bool:
    """Whether ``item`` draws anything (visible, with data)."""
    if not item.isVisible():
        return False
    if isinstance(item, pg.TextItem):
        return bool(item.toPlainText())
    if isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem)):
        x, _ = item.getData()
        return x is not None and len(x) > 0
    if isinstance(item, pg.ScatterPlotItem):
        return len(item.data) > 0
    if isinstance(item, pg.BarGraphItem):
        width = item.opts.get("width")
        height = item.opts.get("height")
        sizes = [np.size(v) for v in (item.opts.get("x"), item.opts.get("y"), width) if v is not None]
        return max(sizes, default=0) > 0 and np.size(height) > 0
    if isinstance(item, QGraphicsPathItem):
        return not item.path().isEmpty()
    return isinstance(item, pg.InfiniteLine)


def _colors(item) -> set[str]:
    """The colours ``item`` draws with (pens, brushes, text)."""
    found = set()
    if isinstance(item, pg.TextItem):
        found.add(item.color.name())
    if isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem, pg.ScatterPlotItem, pg.BarGraphItem)):
        for key, make in (("pen", pg.mkPen), ("symbolPen", pg.mkPen), ("brush", pg.mkBrush),
                          ("symbolBrush", pg.mkBrush)):
            value = item.opts.get(key)
            if value is not None and not isinstance(value, (list, tuple, np.ndarray)):
                found.add(make(value).color().name())
    if isinstance(item, pg.ScatterPlotItem) and len(item.data):
        found |= {point.pen().color().name() for point in item.points()}
        found |= {point.brush().color().name() for point in item.points()}
    if isinstance(item, (QGraphicsPathItem, pg.InfiniteLine)):
        found.add(item.pen.color().name() if isinstance(item, pg.InfiniteLine) else item.pen().color().name())
        if isinstance(item, QGraphicsPathItem):
            found.add(item.brush().color().name())
    return found


def _drawn_in(view, color: str) -> list[str]:
    return [type(item).__name__ for item in view.canvas.scene().items()
            if item.isVisible() and _has_content(item) and color in _colors(item)]


def _show_every_view(window):
    """Constraint and stability views drawn too (at 1600 x 1000 the stability view is a tab)."""
    window.choose_tab("stability")


def test_switching_elastic_net_off_removes_everything_it_drew_in_every_view(make_window, qtbot):
    window = make_window(builtin="correlated", params=CORRELATED)
    wait_ready(qtbot, window)
    window.state.set_enet_enabled(True)
    wait_ready(qtbot, window)
    validation = window.validation_view
    assert _drawn_in(validation, EN_COLOR), "the elastic net's curves are drawn while it is on"
    assert _drawn_in(window.bars_view, EN_COLOR) and _drawn_in(window.constraint_view, EN_COLOR)

    window.state.set_enet_enabled(False)
    wait_ready(qtbot, window)
    _show_every_view(window)
    wait_ready(qtbot, window)
    for view in window.views():
        assert _drawn_in(view, EN_COLOR) == [], f"{type(view).__name__} still draws the elastic net"
    en = validation._models["EN"]
    assert en.band.path().isEmpty() and not en.current.isVisible()
    assert not any(line.isVisible() for line in en.choices) and not any(l.toPlainText() for l in en.labels)
    en_panel = window.paths_view._panels["EN"]
    assert en_panel.plot.scene() is None, "the elastic net's paths panel is still laid out"
    # The y range is that of L1 and L2 alone (the stale band stretched it from 0 to the old data's errors).
    _assert_range_fits_curves(validation, window.state.results())
    assert_views_match_state(window)
    # A new dataset does not bring the band back either.
    window.state.set_builtin("diabetes", {})
    wait_ready(qtbot, window)
    assert _drawn_in(validation, EN_COLOR) == []
    _assert_range_fits_curves(validation, window.state.results())


def _curve_extents(view, results):
    ys, xs = [], []
    for result in results:
        items = view.curve_items(result.penalty)
        for curve in (items.upper, items.lower, items.holdout, items.train, items.cv):
            x, y = curve_data(curve)
            ys.append(y)
            xs.append(x)
    return np.concatenate(xs), np.concatenate(ys)


def _assert_range_fits_curves(view, results):
    x, y = _curve_extents(view, results)
    (x0, x1), (y0, y1) = view.plot.getViewBox().viewRange()
    span = y.max() - y.min()
    assert x0 <= x.min() and x.max() <= x1, "every curve's whole x range in view"
    assert y0 <= y.min() and y.max() <= y1, "every curve's whole y range in view"
    assert y.min() - y0 <= 0.1 * span, f"the y range starts at {y0:.4g}, the curves at {y.min():.4g}"
    assert y1 - y.max() <= span, f"the y range ends at {y1:.4g}, the curves at {y.max():.4g}"


@pytest.mark.parametrize("enet", [False, True], ids=["L1 and L2", "with elastic net"])
def test_the_validation_y_range_is_fitted_to_the_curves_not_to_zero(window, qtbot, enet):
    if enet:
        window.state.set_enet_enabled(True)
        wait_ready(qtbot, window)
    view = window.validation_view
    _assert_range_fits_curves(view, window.state.results())
    assert view.plot.getViewBox().viewRange()[1][0] > 1000.0  # diabetes' errors are about 2900 to 6000


def _scene_rect(item):
    return item.mapRectToScene(item.boundingRect())


def _label_rects(view, labels):
    """The labels' rectangles on screen: a text item follows the view's transform when it is painted."""
    view.canvas.grab()
    return [_scene_rect(label) for label in labels]


def _marker_rects(view, results):
    rects = []
    view_box = view.plot.getViewBox()
    for result in results:
        marks = view.curve_items(result.penalty).marks
        for point in marks.points():
            center = view_box.mapViewToScene(point.pos())
            half = point.size() / 2
            rects.append(pg.QtCore.QRectF(center.x() - half, center.y() - half, 2 * half, 2 * half))
    return rects


@pytest.mark.parametrize("axis", [LAMBDA, BUDGET])
@pytest.mark.parametrize("enet", [False, True], ids=["L1 and L2", "with elastic net"])
def test_lambda_min_and_1se_are_labelled_dashed_lines_apart_from_the_solid_strength_line(window, qtbot, axis,
                                                                                         enet):
    state = window.state
    state.set_enet_enabled(enet)
    state.set_x_axis(axis)
    wait_ready(qtbot, window)
    view = window.validation_view
    labels, lines = [], []
    for result in state.results():
        items = view.curve_items(result.penalty)
        cv = result.cv
        for line, label, name, lam in zip(items.choices, items.labels, ("λmin", "λ1se"),
                                          (cv.lambda_min, cv.lambda_1se)):
            assert line.isVisible() and label.toPlainText() == name
            assert line.pen.style() == Qt.PenStyle.DashLine
            expected = np.log10(lam) if axis == LAMBDA else np.interp(
                -np.log(lam), -np.log(result.path.lambdas), result.path.budget)
            assert line.value() == pytest.approx(expected, abs=1e-9)
            labels.append(label)
            lines.append(line)
        current = items.current
        assert current.pen.style() == Qt.PenStyle.SolidLine
        assert current.pen.widthF() > max(line.pen.widthF() for line in items.choices) + 1.0
    rects = [rect.adjusted(0.5, 0.5, -0.5, -0.5) for rect in _label_rects(view, labels)]  # touching is apart
    plot_rect = view.plot.getViewBox().sceneBoundingRect().adjusted(-0.5, -0.5, 0.5, 0.5)
    for i, rect in enumerate(rects):
        assert plot_rect.contains(rect), f"{labels[i].toPlainText()} outside the plot"
        for other in rects[i + 1:]:
            assert not rect.intersects(other), "two labels overlap"
        for marker in _marker_rects(view, state.results()):
            assert not rect.intersects(marker), f"{labels[i].toPlainText()} covers a marker"
    assert view.plot.getViewBox().state["xInverted"] == (axis == LAMBDA)  # strong penalty on the left


def test_labels_stay_apart_when_every_choice_falls_on_one_place(window):
    view = window.validation_view
    for items in view._models.values():
        if items.labels[0].toPlainText():
            for line in items.choices:
                line.setValue(0.5)  # every line at one x: the labels need rows of their own
    view._place_labels()
    labels = [label for items in view._models.values() for label in items.labels if label.toPlainText()]
    rects = [rect.adjusted(0.5, 0.5, -0.5, -0.5) for rect in _label_rects(view, labels)]
    assert len(rects) == 4
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    _assert_labels_clear_the_curves(view, labels, rects)


def _assert_labels_clear_the_curves(view, labels, rects) -> None:
    """No label covers a curve (or the band's upper edge) in its own columns of the plot."""
    view_box = view.plot.getViewBox()
    for label, rect in zip(labels, rects):
        x_a, x_b = sorted(view_box.mapSceneToView(QPointF(px, rect.bottom())).x()
                          for px in (rect.left(), rect.right()))
        tops = []
        for items in view._models.values():
            for item in (items.upper, items.holdout, items.train, items.cv):
                x, y = item.getData()
                if x is not None and len(x):
                    x, y = np.asarray(x, float), np.asarray(y, float)
                    order = np.argsort(x)
                    x, y = x[order], y[order]
                    tops += [*y[(x >= x_a) & (x <= x_b)], *np.interp([x_a, x_b], x, y)]
        if tops:
            curve_top = view_box.mapViewToScene(QPointF(x_a, max(tops))).y()
            assert rect.bottom() <= curve_top + 1.0, f"{label.toPlainText()} covers a curve"


def test_the_validation_top_axis_counts_l1_nonzero_coefficients(window, qtbot):
    view = window.validation_view
    assert isinstance(view.top, NonzeroAxis) and view.plot.getAxis("top").isVisible()
    l1 = window.state.results()[0]
    x = np.asarray(l1.path.budget)
    k = len(x) // 2
    assert view.top.tickStrings([x[k]], 1.0, 0.1) == [str(int(l1.path.n_nonzero[k]))]
    assert view.top.tickStrings([x[0]], 1.0, 0.1) == [str(int(l1.path.n_nonzero[0]))]
    assert isinstance(window.paths_view.panel(l1.penalty).top, NonzeroAxis)  # the same axis as the paths'


@pytest.mark.parametrize("axis", [BUDGET, LAMBDA])
def test_every_strength_axis_says_strong_penalty_is_on_the_left(window, qtbot, axis):
    window.state.set_x_axis(axis)
    wait_ready(qtbot, window)
    plots = [window.paths_view.panel(r.penalty).plot for r in window.state.results()]
    plots.append(window.validation_view.plot)
    for plot in plots:
        label = plot.getAxis("bottom").labelText
        assert label.startswith("← stronger penalty · ")
        assert ("budget s" in label) if axis == BUDGET else ("log10 λ" in label)


def test_a_narrow_axis_gets_the_short_budget_label():
    from gui.strength import strength_axis_label

    assert strength_axis_label(BUDGET) == "← stronger penalty · budget s = P(w) / P(w₀)"
    assert strength_axis_label(BUDGET, 30, len) == "← stronger penalty · budget s"
    assert strength_axis_label(LAMBDA, 5, len) == "← stronger penalty · log10 λ"


def _plots(window):
    """(name, PlotItem) of every plot on screen."""
    plots = [(f"paths {r.penalty.short_name}", window.paths_view.panel(r.penalty).plot)
             for r in window.state.results()]
    plots += [("bars", window.bars_view.plot), ("validation", window.validation_view.plot),
              ("constraint", window.constraint_view.plot)]
    return plots


def _wheel(widget, pos: QPoint) -> None:
    global_pos = widget.mapToGlobal(pos)
    event = QWheelEvent(QPointF(pos), QPointF(global_pos), QPoint(0, 0), QPoint(0, 480),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def _drag(widget, start: QPoint, end: QPoint, button=Qt.MouseButton.LeftButton) -> None:
    QTest.mousePress(widget, button, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, 9):
        QTest.mouseMove(widget, start + (end - start) * (k / 8))
    QTest.mouseRelease(widget, button, Qt.KeyboardModifier.NoModifier, end)


def _point_in(canvas, plot, fx: float, fy: float) -> QPoint:
    """The canvas viewport's pixel at (fx, fy) of ``plot``'s view box."""
    rect = plot.getViewBox().sceneBoundingRect()
    scene_point = QPointF(rect.left() + fx * rect.width(), rect.top() + fy * rect.height())
    return canvas.mapFromScene(scene_point)


def _check_plots_stay_put(qtbot, plots_with_canvas):
    for name, canvas, plot in plots_with_canvas:
        canvas.grab()  # a pending auto-range (the stability plot's) is done when painted: before, not during
        before = plot.getViewBox().viewRange()
        viewport = canvas.viewport()
        _wheel(viewport, _point_in(canvas, plot, 0.3, 0.5))
        _drag(viewport, _point_in(canvas, plot, 0.2, 0.3), _point_in(canvas, plot, 0.6, 0.7))
        _drag(viewport, _point_in(canvas, plot, 0.3, 0.3), _point_in(canvas, plot, 0.5, 0.8),
              Qt.MouseButton.RightButton)
        qtbot.wait(10)  # let any range change be handled
        after = plot.getViewBox().viewRange()
        assert np.allclose(after, before, rtol=1e-12, atol=0.0), f"{name}: the view range moved to {after}"


@pytest.mark.qt_log_ignore(OFFSCREEN_NOTICE, TOOLTIP_NOTICE)
def test_no_wheel_or_drag_zooms_or_pans_a_plot(window, qtbot):
    # The strength line lies under the middle of the paths panels; the drag starts left of it.
    window.state.set_strength(0.9)
    wait_ready(qtbot, window)
    canvases = {id(window.paths_view.panel(r.penalty).plot): window.paths_view.canvas for r in window.state.results()}
    plots = [(name, canvases.get(id(plot)) or _canvas_of(window, plot), plot) for name, plot in _plots(window)]
    _check_plots_stay_put(qtbot, plots)
    window.choose_tab("stability")
    wait_ready(qtbot, window)
    stability = window.stability_view
    _check_plots_stay_put(qtbot, [("stability coefficients", stability.canvas, stability.coef_plot),
                                  ("stability frequency", stability.canvas, stability.freq_plot)])
    assert window.state.strength == 0.9


def _canvas_of(window, plot):
    return next(view.canvas for view in window.views() if plot.scene() is view.canvas.scene())


@pytest.mark.qt_log_ignore(OFFSCREEN_NOTICE, TOOLTIP_NOTICE)
def test_dragging_the_strength_line_with_the_mouse_still_moves_the_strength(window, qtbot):
    panel = window.paths_view.panel(window.state.results()[0].penalty)
    canvas = window.paths_view.canvas
    view_box = panel.plot.getViewBox()
    (x0, x1), (y0, y1) = view_box.viewRange()
    start = canvas.mapFromScene(view_box.mapViewToScene(QPointF(panel.line.value(), (y0 + y1) / 2)))
    end = canvas.mapFromScene(view_box.mapViewToScene(QPointF(0.8, (y0 + y1) / 2)))
    before = view_box.viewRange()
    _drag(canvas.viewport(), start, end)
    assert window.state.strength == pytest.approx(0.8, abs=0.02)
    assert np.allclose(view_box.viewRange(), before)


def _opacities(window) -> dict:
    return {type(view).__name__: {item.opacity() for item in view.dimmable_items()} for view in window.views()}


def test_old_results_are_dimmed_while_a_recompute_replaces_them(make_window, qtbot):
    window = make_window(builtin="sparse", params=SLOW_SPARSE)
    wait_ready(qtbot, window, timeout=120_000)
    state = window.state
    assert all(view.dimmable_items() for view in window.views())
    assert all(values == {1.0} for values in _opacities(window).values()), _opacities(window)
    seen = {}

    def record():
        if state.computing and "start" not in seen:
            seen["start"] = _opacities(window)

    def record_paths():
        # The paths of the new recompute have arrived, its CV not yet: the validation curves are still old.
        if state.computing and not all(state.is_fresh(r.penalty, "cv") for r in state.results()):
            seen.setdefault("paths", window.validation_view.dimmed)

    state.computing_changed.connect(record)
    state.paths_changed.connect(record_paths)
    state.set_cv_folds(4)  # a full recompute on the same data: the old curves stay until the new ones come
    qtbot.waitUntil(lambda: "start" in seen, timeout=5000)
    assert all(values == {DIMMED_OPACITY} for values in seen["start"].values()), seen["start"]
    wait_ready(qtbot, window, timeout=120_000)
    assert not state.computing
    assert seen.get("paths") is True
    assert all(values == {1.0} for values in _opacities(window).values()), _opacities(window)
    assert not any(view.dimmed for view in window.views())
    assert_views_match_state(window)


def test_a_strength_move_is_not_a_recompute(window, qtbot):
    changes = []
    window.state.computing_changed.connect(lambda: changes.append(window.state.computing))
    window.state.set_strength(0.3)
    wait_ready(qtbot, window)
    assert changes == [] and not any(view.dimmed for view in window.views())


def test_a_low_validation_plot_gets_the_short_error_label(window, qtbot):
    view = window.validation_view
    left = view.plot.getAxis("left")
    assert left.labelText == "mean squared error"
    view.canvas.setFixedHeight(220)  # lower than "mean squared error" is long
    qtbot.waitUntil(lambda: left.labelText == "MSE")
    view.canvas.setMinimumHeight(0)
    view.canvas.setMaximumHeight(16_777_215)
    qtbot.waitUntil(lambda: left.labelText == "mean squared error")


def test_results_are_fresh_from_a_recompute_start_on(qapp):
    from core.penalties import L1, L2
    from gui.state import AppState

    state = AppState()
    starts = []
    state.computing_changed.connect(lambda: starts.append(state.computing))
    assert state.is_fresh(L1, "path")  # no recompute runs: what the state holds is current
    state.set_computing(True)
    assert not state.is_fresh(L1, "path")
    state.set_path(L1, object())
    assert state.is_fresh(L1, "path") and not state.is_fresh(L1, "cv") and not state.is_fresh(L2, "path")
    state.set_computing(True)  # a newer recompute supersedes it: the first one's path is old again
    assert not state.is_fresh(L1, "path")
    state.set_computing(False)
    state.set_computing(False)
    assert starts == [True, True, False] and state.is_fresh(L2, "cv")


def _first_paint(make_window, qtbot, size, presentation=False):
    """A window whose first results are painted at ``size`` (nothing laid out or painted again since)."""
    window = make_window(start=False)
    if presentation:
        window.presentation_action.setChecked(True)
        window.showNormal()
        window.controls_action.setChecked(False)
    window.resize(*size)
    window.start()
    wait_ready(qtbot, window)
    return window


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_the_error_axis_label_clears_its_numbers_from_the_first_paint(make_window, qtbot, size):
    view = _first_paint(make_window, qtbot, size).validation_view
    left = view.plot.getAxis("left")
    (_, _), (y0, y1) = view.plot.getViewBox().viewRange()
    metrics = QFontMetrics(left.style["tickFont"])
    texts = [text for spacing, values in left.tickValues(y0, y1, view.plot.getViewBox().height())
             for text in left.tickStrings(values, 1.0, spacing)]
    axis_rect = left.mapRectToScene(left.rect())
    texts_left = (axis_rect.right() - max(0, left.style["tickLength"]) - left.style["tickTextOffset"][0]
                  - max(metrics.horizontalAdvance(text) for text in texts))
    label_right = left.label.mapRectToScene(left.label.boundingRect()).right()
    assert label_right + 2.0 <= texts_left, \
        f"the label ends at {label_right:.1f}, the numbers start at {texts_left:.1f}"


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_in_presentation_the_error_curves_keep_the_height_and_the_labels_stay_off_them(make_window, qtbot, size):
    window = _first_paint(make_window, qtbot, size, presentation=True)
    view = window.validation_view
    (_, _), (y0, y1) = view.plot.getViewBox().viewRange()
    low, high = view._curves_y
    assert (high - low) / (y1 - y0) >= 0.85, f"curves {low:.0f}..{high:.0f} in a range {y0:.0f}..{y1:.0f}"
    labels = [label for items in view._models.values() for label in items.labels if label.toPlainText()]
    rects = _label_rects(view, labels)
    plot_rect = view.plot.getViewBox().sceneBoundingRect().adjusted(-0.5, -0.5, 0.5, 0.5)
    assert all(plot_rect.contains(rect) for rect in rects)
    _assert_labels_clear_the_curves(view, labels, rects)
    bottom = view.plot.getAxis("bottom")
    assert bottom.label.boundingRect().width() <= bottom.width(), f"{bottom.labelText!r} is cut"


@pytest.mark.parametrize("width", [None, 450])
def test_each_choice_label_stays_nearest_its_own_line(window, qtbot, width):
    """good30's case: L2's λmin at the right edge, its λ1se a little left; a label flips at the plot's edge."""
    view = window.validation_view
    if width is not None:
        view.canvas.setFixedWidth(width)
        qtbot.waitUntil(lambda: view.plot.getViewBox().width() < width)
    values = {"L1": (0.62, 0.55), "L2": (0.99, 0.87)}
    for key, (at_min, at_1se) in values.items():
        for line, at in zip(view._models[key].choices, (at_min, at_1se)):
            line.setValue(at)
    view._place_labels()
    pairs = [(label, line) for key in values
             for line, label in zip(view._models[key].choices, view._models[key].labels)]
    rects = _label_rects(view, [label for label, _ in pairs])
    view_box = view.plot.getViewBox()
    lines_px = [view_box.mapViewToScene(QPointF(line.value(), 0.0)).x() for _, line in pairs]
    for (label, _), rect, own in zip(pairs, rects, lines_px):
        distance = abs(rect.center().x() - own)
        for other in lines_px:
            if other != own:
                assert distance < abs(rect.center().x() - other), \
                    f"{label.toPlainText()} nearer another line than its own"
    assert all(view_box.sceneBoundingRect().adjusted(-0.5, -0.5, 0.5, 0.5).contains(rect) for rect in rects)


def _count_texts(axis, low, high, size):
    """The counts an axis shows between ``low`` and ``high`` on ``size`` pixels, and their pixel spans."""
    metrics = QFontMetrics(axis.style["tickFont"] or QFont())
    values = [v for _, level in axis.tickValues(low, high, size) for v in level]
    texts = axis.tickStrings(values, 1.0, 1.0)
    centers = [(v - low) / (high - low) * size for v in values]
    spans = sorted((c - metrics.horizontalAdvance(t) / 2, c + metrics.horizontalAdvance(t) / 2, t)
                   for c, t in zip(centers, texts))
    return [t for _, _, t in spans], spans


def test_the_nonzero_axis_shows_a_count_once_per_run_and_never_crowded():
    axis = NonzeroAxis()
    x = np.linspace(0.0, 1.0, 100)
    counts = np.r_[np.zeros(10), np.full(5, 4), np.full(60, 6), [7, 11], np.full(23, 20)].astype(int)
    axis.set_counts(x, counts)
    texts, spans = _count_texts(axis, 0.0, 1.0, 400)
    assert texts[0] == "0" and texts[-1] == "20" and "6" in texts
    assert all(a != b for a, b in zip(texts, texts[1:])), texts
    assert all(left_b - right_a >= 2 for (_, right_a, _), (left_b, _, _) in zip(spans, spans[1:])), spans
    axis.set_counts(x, np.full(100, 10))
    assert _count_texts(axis, 0.0, 1.0, 400)[0] == ["10"]


@pytest.mark.parametrize("axis", [BUDGET, LAMBDA])
def test_every_top_axis_repeats_no_count_and_crowds_none(window, qtbot, axis):
    window.state.set_x_axis(axis)
    wait_ready(qtbot, window)
    plots = [window.paths_view.panel(r.penalty).plot for r in window.state.results()]
    for plot in [*plots, window.validation_view.plot]:
        (x0, x1), _ = plot.getViewBox().viewRange()
        texts, spans = _count_texts(plot.getAxis("top"), x0, x1, plot.getViewBox().width())
        assert texts and all(a != b for a, b in zip(texts, texts[1:])), texts
        assert all(left_b > right_a for (_, right_a, _), (left_b, _, _) in zip(spans, spans[1:])), spans


@pytest.mark.qt_log_ignore(OFFSCREEN_NOTICE, TOOLTIP_NOTICE)
def test_the_strength_line_is_grabbed_a_few_pixels_beside_it_and_drawn_as_thin(window, qtbot):
    panel = window.paths_view.panel(window.state.results()[0].penalty)
    line, canvas, view_box = panel.line, window.paths_view.canvas, panel.plot.getViewBox()
    scale = window.paths_view.scale
    assert line.pen.widthF() == pytest.approx(scale.line_px + 1)
    assert line.hoverPen.color() == line.pen.color() and line.hoverPen.widthF() <= line.pen.widthF() + 2.0
    (_, _), (y0, y1) = view_box.viewRange()
    at = view_box.mapViewToScene(QPointF(line.value(), (y0 + y1) / 2))
    beside = at + QPointF(8.0, 0.0)
    assert line in canvas.scene().items(beside) and line.shape().contains(line.mapFromScene(beside))
    assert line not in canvas.scene().items(at + QPointF(20.0, 0.0))
    end = view_box.mapViewToScene(QPointF(0.8, (y0 + y1) / 2)) + QPointF(8.0, 0.0)
    _drag(canvas.viewport(), canvas.mapFromScene(beside), canvas.mapFromScene(end))
    assert window.state.strength == pytest.approx(0.8, abs=0.03)
