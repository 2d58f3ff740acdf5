"""The constraint view draws the exact two-feature solutions, keeps circles round, follows the lab's mouse,
counts exact zeros reproducibly, and its lecture sweep stops on any input.

References are independent of core/geometry's solvers: brute force over densely sampled ball boundaries,
the KKT conditions, and core.paths.fit_at on the two standardized columns."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from PySide6.QtCore import QPoint, QPointF, Qt

from core.datasets import load_builtin
from core.geometry import Quadratic2D, zero_frequency
from core.paths import compute_path, fit_at
from core.penalties import L1, L2, elastic_net
from gui.state import LAMBDA, AppState
from gui.style import model_key
from gui.views import constraint_scene as scene
from gui.views.base import settle
from gui.views.constraint import LAB_POINT_LIMIT, PLOT_MIN_PX, ConstraintView
from tests.gui.conftest import wait_ready

PENALTIES = [L1, L2, elastic_net(0.5)]
IDS = [p.short_name for p in PENALTIES]


def _boundary(penalty, level, n=200_001):
    """Dense points of {P(w) = level}, computed per direction from the quadratic alpha r a + beta/2 r^2 = level."""
    theta = np.linspace(0.0, 2.0 * np.pi, n)
    u = np.column_stack([np.cos(theta), np.sin(theta)])
    a, beta = penalty.alpha * np.abs(u).sum(axis=1), 1.0 - penalty.alpha
    r = level / a if beta == 0 else (-a + np.sqrt(a * a + 2.0 * beta * level)) / beta
    return r[:, None] * u


def _loss(quad, w):
    d = np.asarray(w) - quad.w_ols
    return 0.5 * np.einsum("...i,ij,...j->...", d, quad.H, d)


def _check_exact_minimizer(quad, geometry):
    """The drawn solution minimises the loss on the ball (brute force) and is tangent to it (KKT)."""
    penalty, w = geometry.penalty, geometry.w
    assert penalty.value(w) == pytest.approx(geometry.level, rel=1e-9, abs=1e-12)
    boundary = _boundary(penalty, geometry.level)
    losses = _loss(quad, boundary)
    best = boundary[np.argmin(losses)]
    assert _loss(quad, w) <= losses.min() * (1 + 1e-9) + 1e-12
    assert_allclose(w, best, atol=1e-3 * np.abs(boundary).max())
    # KKT: -grad = lam * (alpha * subgradient of |w| + beta * w), |grad_j| <= lam * alpha where w_j = 0.
    grad = (w - quad.w_ols) @ quad.H
    lam, beta = geometry.lam, 1.0 - penalty.alpha
    nonzero = w != 0.0
    scale = np.abs(grad).max()
    assert_allclose(-grad[nonzero], lam * (penalty.alpha * np.sign(w[nonzero]) + beta * w[nonzero]),
                    atol=1e-9 * scale)
    assert np.all(np.abs(grad[~nonzero]) <= lam * penalty.alpha + 1e-9 * scale)


@pytest.fixture
def diabetes():
    return load_builtin("diabetes")


@pytest.fixture
def make_view(qtbot):
    """A constraint view on its own state (no compute controller): on diabetes paths, or in lab mode."""

    def make(data=None, penalties=(L1, L2), enet_alpha=None):
        state = AppState()
        if enet_alpha is not None:
            state.set_enet_alpha(enet_alpha)
            state.set_enet_enabled(True)
        view = ConstraintView(state)
        qtbot.addWidget(view)
        view.resize(520, 640)
        view.show()
        if data is None:
            state.set_lab_mode(True)
        else:
            state.set_dataset(data, state.source)
            state.begin_results(1, data)
            for penalty in state.penalties:
                state.set_path(penalty, compute_path(data.X, data.y, penalty))
        view.refresh()  # now, not at its turn of the event loop
        return view

    return make


def _drawn(view, penalty):
    """The centre of the dot drawn at ``penalty``'s solution, and the geometry it was drawn from."""
    items = view._models[model_key(penalty)]
    center = items.solution.path().boundingRect().center()
    return np.array([center.x(), center.y()]), items.geometry


def _marked(item) -> bool:
    return not item.path().isEmpty()


@pytest.mark.parametrize("budget", [0.05, 0.3, 0.5, 0.8])
def test_drawn_solution_is_the_exact_constrained_minimizer_on_data(make_view, diabetes, budget):
    view = make_view(diabetes, enet_alpha=0.5)
    view.state.set_strength(budget)
    for penalty in view.state.penalties:
        point, geometry = _drawn(view, penalty)
        assert_allclose(point, geometry.w, rtol=1e-12, atol=1e-12 * np.abs(geometry.w).max())
        assert geometry.active and geometry.budget == pytest.approx(budget)
        _check_exact_minimizer(view.quad, geometry)


@pytest.mark.parametrize("rho, ols", [(0.5, (2.0, 0.5)), (-0.8, (1.0, 1.3)), (0.0, (-1.5, 0.7)), (0.9, (0.3, -2.5))])
def test_drawn_solution_is_the_exact_constrained_minimizer_in_the_lab(make_view, rho, ols):
    view = make_view(enet_alpha=0.5)
    view.state.set_lab_rho(rho)
    view.state.set_lab_ols(ols)
    for budget in (0.2, 0.6):
        view.state.set_strength(budget)
        for penalty in view.state.penalties:
            _check_exact_minimizer(view.quad, _drawn(view, penalty)[1])


def test_drawn_solution_equals_the_two_feature_fit_at_the_matching_lambda(make_view, diabetes):
    view = make_view(diabetes, enet_alpha=0.5)
    j, k = view.features
    X2 = diabetes.X[:, [j, k]]
    corner_seen = False
    for budget in (0.2, 0.5, 0.7):
        view.state.set_strength(budget)
        for penalty in view.state.penalties:
            _, geometry = _drawn(view, penalty)
            reference = fit_at(X2, diabetes.y, penalty, geometry.lam, standardize=True).coef
            assert_allclose(geometry.w, reference, rtol=1e-6, atol=1e-9 * np.abs(reference).max())
            assert np.array_equal(geometry.w == 0.0, reference == 0.0), (penalty, budget)
            corner_seen |= geometry.corner is not None
    assert corner_seen, "on diabetes' default pair the lasso sits on a corner at some budget"
    # Lambda mode: the penalized solution at the shared lam, on the ball of its own level.
    lam = 0.9 * view.model_geometry(L1).lam
    view.state.set_strength_mode(LAMBDA, math.log10(lam))
    for penalty in view.state.penalties:
        _, geometry = _drawn(view, penalty)
        reference = fit_at(X2, diabetes.y, penalty, lam, standardize=True).coef
        assert_allclose(geometry.w, reference, rtol=1e-6, atol=1e-9 * np.abs(reference).max())
        assert geometry.level == pytest.approx(penalty.value(reference), rel=1e-6)


def test_default_features_are_the_largest_unpenalized_or_a_correlated_pair(make_view, diabetes):
    view = make_view(diabetes)
    ols = np.abs(view.state.results()[0].path.ols_coef)
    assert set(view.features) == set(np.argsort(-ols)[:2])
    assert [view.controls.feature_boxes[i].currentText() for i in (0, 1)] == \
        [diabetes.feature_names[j] for j in view.features]
    correlated = load_builtin("correlated")
    first, second = scene.default_features(correlated, np.arange(correlated.n_features, dtype=float))
    assert first == correlated.n_features - 1 and correlated.groups[first] == correlated.groups[second]


def test_choosing_features_redraws_that_pair(make_view, diabetes):
    view = make_view(diabetes)
    box = view.controls.feature_boxes[1]
    box.setCurrentIndex(0)
    box.activated.emit(0)
    first = view.features[0]
    assert view.features == (first, 0) and view.state.constraint_features == (first, 0)
    expected = Quadratic2D.from_data(_standardized(diabetes.X[:, [first, 0]]), diabetes.y)
    assert_allclose(view.quad.w_ols, expected.w_ols, rtol=1e-12)
    assert "age" in view.plot.getAxis("left").labelText


def _standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def test_diamond_corners_are_polygon_vertices_exactly_on_the_axes(make_view):
    view = make_view()
    view.state.set_strength(0.4)
    geometry = view.model_geometry(L1)
    path = view._models["L1"].ball.path()
    vertices = np.array([[path.elementAt(i).x, path.elementAt(i).y] for i in range(path.elementCount())])
    t = geometry.level  # the diamond |w1| + |w2| = level has its corners at distance level
    for corner in ([t, 0.0], [-t, 0.0], [0.0, t], [0.0, -t]):
        assert np.any(np.all(vertices == corner, axis=1)), corner
    assert_allclose(np.abs(vertices).sum(axis=1), t, rtol=1e-12)


@pytest.mark.parametrize("size", [(900, 420), (380, 900)])
def test_circle_is_a_circle_in_screen_space_after_a_resize(make_view, qtbot, size):
    view = make_view()
    view.state.set_strength(0.5)
    view.resize(*size)
    qtbot.waitUntil(lambda: view.canvas.width() > 0 and abs(_pixel_radii(view).std()) < 0.02 * _pixel_radii(view).mean())
    radii = _pixel_radii(view)
    assert radii.mean() > 20
    assert_allclose(radii, radii.mean(), rtol=0.01)


def _pixel_radii(view):
    """Distances in screen pixels from the origin to the points of the drawn L2 ball."""
    ball = view.model_geometry(L2).ball
    vb = view.viewbox
    origin = vb.mapViewToScene(QPointF(0.0, 0.0))
    points = [vb.mapViewToScene(QPointF(*p)) for p in ball]
    return np.array([math.hypot(p.x() - origin.x(), p.y() - origin.y()) for p in points])


def _to_pixel(view, x, y) -> QPoint:
    scene_point = view.viewbox.mapViewToScene(QPointF(x, y))
    return view.canvas.mapFromScene(scene_point)


def test_lab_drag_moves_the_least_squares_point_and_updates_the_solutions(make_view, qtbot):
    view = make_view()
    view.state.set_strength(0.5)
    before = {p: _drawn(view, p)[0] for p in view.state.penalties}
    start, target = _to_pixel(view, *view.state.lab_ols), _to_pixel(view, -1.0, 2.0)
    viewport = view.canvas.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        qtbot.mouseMove(viewport, start + (target - start) * (step / 10))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    pixel = view.viewbox.viewPixelSize()
    assert_allclose(view.state.lab_ols, (-1.0, 2.0), atol=2 * max(pixel))
    assert_allclose(view.quad.w_ols, view.state.lab_ols)
    center = view.ols.path().boundingRect().center()
    assert_allclose([center.x(), center.y()], view.state.lab_ols, rtol=1e-12)
    for penalty in view.state.penalties:
        point, geometry = _drawn(view, penalty)
        assert not np.allclose(point, before[penalty])
        expected = view.quad.constrained_solution(penalty, 0.5 * penalty.value(view.quad.w_ols)).w
        assert_allclose(point, expected, rtol=1e-12, atol=1e-12)
        _check_exact_minimizer(view.quad, geometry)


def test_readout_says_corner_and_inactive(make_view):
    view = make_view()
    view.state.set_lab_rho(0.5)
    view.state.set_lab_ols((2.0, 0.5))
    view.state.set_strength(0.5)
    assert view.model_geometry(L1).corner == 1 and view.model_geometry(L1).w[1] == 0.0
    assert view.model_geometry(L2).corner is None
    assert "w2 is exactly 0" in view.readout.text()
    assert _marked(view._models["L1"].corner) and not _marked(view._models["L2"].corner)
    view.state.set_strength(1.0)
    assert view.readout.text().count("constraint not active") == 2
    assert not _marked(view._models["L1"].corner)


def test_zero_frequency_counts_are_reproducible_with_the_seed(make_view, qtbot):
    view = make_view()
    panel = view.zero_panel
    panel.seed_box.setValue(7)
    panel.budget_box.setValue(0.4)
    view.controls.zero_button.click()
    assert panel.isVisible()
    qtbot.waitUntil(lambda: panel.counts.n_samples >= 3 * panel.CHUNK, timeout=10_000)
    counts = panel.counts
    expected = [zero_frequency(p, 0.4, counts.n_samples, seed=7) for p in counts.penalties]
    assert list(counts.n_zero) == expected
    assert counts.n_zero[0] > 0.5 * counts.n_samples > counts.n_zero[1]
    view.controls.zero_button.click()
    assert not panel.isVisible() and not panel._timer.isActive()


def test_play_sweeps_the_strength_and_stops_on_any_input(make_view, qtbot):
    view = make_view()
    state, controls = view.state, view.controls
    state.set_strength(0.8)
    seen = []
    state.strength_changed.connect(lambda: seen.append(state.strength))
    for stop in ("key", "click", "strength"):
        seen.clear()
        controls.play_button.click()
        assert controls.player.playing
        qtbot.waitUntil(lambda: len(seen) >= 3, timeout=10_000)
        assert seen[-1] < 0.8  # from weak towards strong first
        if stop == "key":
            qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
        elif stop == "click":
            qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton)
        else:
            state.set_strength(0.8)
        assert not controls.player.playing and not controls.player._timer.isActive()
        assert not controls.play_button.isChecked()
        state.set_strength(0.8)
    controls.play_button.click()
    controls.play_button.click()  # its own button stops it too
    assert not controls.player.playing


def test_in_the_main_window(window, qtbot):
    """The view is in the window, drawn for the window's data and strength, and stops its timers on close."""
    view = window.constraint_view
    assert view in window.views() and view.has_data()
    dataset = window.state.results_dataset
    j, k = view.features
    for result in window.state.results():
        geometry = view.model_geometry(result.penalty)
        assert geometry.budget == pytest.approx(window.state.strength)
        reference = fit_at(dataset.X[:, [j, k]], dataset.y, result.penalty, geometry.lam).coef
        assert_allclose(geometry.w, reference, rtol=1e-6)
    view.controls.play_button.click()
    assert view.controls.player.playing
    qtbot.waitUntil(lambda: window.state.strength != 0.5, timeout=10_000)
    view.controls.zero_button.click()
    assert view.zero_panel._timer.isActive()
    # Left running: closing the window must stop the sweep and the count (the fixture fails on a running timer).


def _inside_view(view, points) -> bool:
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    points = np.atleast_2d(points)
    return bool(np.all((points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)))


def _framed(view) -> list[str]:
    """What of the picture at the current budget and at s = 1 lies outside the view's frame."""
    quad, outside = view.quad, []
    if not _inside_view(view, quad.w_ols):
        outside.append("least-squares point")
    for penalty in view.state.penalties:
        geometry = view.model_geometry(penalty)
        largest = scene.model_geometry(quad, penalty, budget=1.0)
        for name, points in (("ball", geometry.ball), ("touching contour", geometry.touching),
                             ("ball at s = 1", largest.ball)):
            if points.size and not _inside_view(view, points):
                outside.append(f"{penalty.short_name} {name}")
    return outside


@pytest.mark.parametrize("budget", [0.3, 0.5, 0.93])
def test_frame_holds_the_balls_the_point_and_the_touching_contours_on_data(make_view, diabetes, budget):
    view = make_view(diabetes, enet_alpha=0.5)
    frame = view.viewbox.viewRange()
    view.state.set_strength(budget)
    assert _framed(view) == []
    assert np.allclose(view.viewbox.viewRange(), frame)  # a strength move keeps the frame still
    width, height = view.viewbox.viewPixelSize()
    assert width == pytest.approx(height, rel=1e-6)  # equal aspect


def test_lab_frame_holds_the_picture_after_a_drag_and_stays_still_during_it(make_view, qtbot):
    view = make_view()
    view.state.set_strength(0.93)
    assert _framed(view) == []
    frame = view.viewbox.viewRange()
    start, target = _to_pixel(view, *view.state.lab_ols), _to_pixel(view, -3.0, 3.0)
    viewport = view.canvas.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        qtbot.mouseMove(viewport, start + (target - start) * (step / 10))
    assert np.allclose(view.viewbox.viewRange(), frame)  # the point follows the mouse in a still frame
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    assert_allclose(view.state.lab_ols, (-3.0, 3.0), atol=0.05)
    assert _framed(view) == []  # the diamond's corners at s = 0.93 reach 5.6, past the old frame of 3.2
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    assert min(-x0, x1, -y0, y1) >= LAB_POINT_LIMIT  # the point's whole range can still be reached


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_zero_panel_leaves_the_plot_its_height(make_window, qtbot, size):
    window = make_window()
    window.resize(*size)
    wait_ready(qtbot, window)
    view = window.constraint_view
    tabs = window.bottom.tabs
    if tabs.indexOf(window.slots["constraint"]) >= 0:
        tabs.setCurrentWidget(window.slots["constraint"])
    qtbot.waitUntil(lambda: view.isVisible() and view.viewbox.height() > 0)
    view.controls.zero_button.click()
    # Laid out: the panel under the readout, inside the view (scrolling if need be).
    panel = view.zero_panel
    qtbot.waitUntil(lambda: panel.isVisible() and panel.visibleRegion().boundingRect().height() > 0
                    and panel.mapTo(view, QPoint(0, 0)).y() >= view.readout.geometry().bottom())
    settle(view.canvas)  # the plot's own layout follows the canvas' new height
    assert view.viewbox.height() >= PLOT_MIN_PX
    view.controls.zero_button.click()
    assert not view.zero_panel.isVisible()
