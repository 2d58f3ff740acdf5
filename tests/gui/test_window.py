"""The window opens on diabetes and every view shows exactly what core/ computes for the same settings."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from PySide6.QtCore import QTimer

from core.datasets import load_builtin
from core.paths import Problem, compute_path, fit_at, lam_for_budget
from core.validation import cv_curve
from gui.jobs import CV_SEED
from gui.main_window import MainWindow
from tests.gui.conftest import RESULTS_TIMEOUT_MS, curve_data, wait_ready


def test_opens_on_diabetes_and_every_view_has_data(window):
    state = window.state
    assert state.source.builtin == "diabetes"
    assert state.results_dataset.n_samples == 442 and state.results_dataset.n_features == 10
    assert [r.penalty.short_name for r in state.results()] == ["L1", "L2"]
    for view in window.views():
        assert view.has_data(), type(view).__name__
    assert "442" in window.data_panel.summary.text()


def test_paths_and_bars_equal_core(window):
    assert_paths_and_bars_equal_core(window)


def test_the_problem_the_fit_worker_shares_is_frozen(window):
    # The recompute job prepares it before the fit worker can use it: neither thread changes it after.
    problem = window.state.results_problem
    assert problem.frozen
    with pytest.raises(AttributeError, match="frozen"):
        problem.y_mean = 0.0


def assert_paths_and_bars_equal_core(window):
    data = load_builtin("diabetes")
    s = window.state.strength
    for result in window.state.results():
        # The GUI fits on the grid that lets the budget reach ~1 for every model (glmnet's, extended for ridge).
        grid = Problem.from_data(data.X, data.y, standardize=True).strength_grid(result.penalty)
        path = compute_path(data.X, data.y, result.penalty, grid, standardize=True)
        panel = window.paths_view.panel(result.penalty)
        assert len(panel.curves) == 10
        for j, curve in enumerate(panel.curves):
            x, y = curve_data(curve)
            assert_allclose(x, path.budget, atol=1e-12)
            assert_allclose(y, path.coefs[:, j], rtol=1e-9, atol=1e-9)
        # The top axis counts the exact non-zeros of the path at each tick.
        ticks = panel.top.tickStrings([path.budget[0], path.budget[-1]], 1.0, 0.1)
        assert ticks == [str(path.n_nonzero[0]), str(path.n_nonzero[-1])]
        reference = fit_at(data.X, data.y, result.penalty, lam_for_budget(path, s), standardize=True)
        _, widths = window.bars_view.bar_data(result.penalty)
        assert_allclose(widths, reference.coef, rtol=1e-6, atol=1e-8)


def test_exact_zeros_are_marked_and_counted(window):
    l1 = window.state.results()[0]
    zeros = np.flatnonzero(l1.fit.coef == 0.0)
    assert zeros.size > 0, "at the middle budget the lasso drops some diabetes features"
    marks = window.bars_view._models["L1"].zeros
    x, _ = marks.getData()
    assert len(x) == zeros.size and np.all(np.asarray(x) == 0.0)
    kept = 10 - zeros.size
    assert f"L1 keeps {kept} of 10 features" in window.bars_view.summary.text
    assert "L2 keeps 10 of 10 features" in window.bars_view.summary.text


def test_validation_view_draws_core_cv_curves(window):
    data = load_builtin("diabetes")
    for result in window.state.results():
        expected = cv_curve(data.X, data.y, result.penalty, result.path.lambdas, n_folds=5, seed=CV_SEED)
        items = window.validation_view.curve_items(result.penalty)
        _, mean = curve_data(items.cv)
        assert_allclose(mean, expected.mean, rtol=1e-9)
        mark_x, _ = items.marks.getData()
        assert_allclose(mark_x[0], np.interp(-np.log(expected.lambda_min), -np.log(result.path.lambdas),
                                             result.path.budget), atol=1e-12)
    assert "Lower CV error" in window.validation_view.readout.text


@pytest.fixture
def bare_window(qtbot):
    """A shown window whose views are not built yet (main.py's first step)."""
    window = MainWindow(views=False)
    qtbot.addWidget(window)
    window.resize(1600, 1000)  # as make_window's (the default would fit the 800 x 800 offscreen screen)
    window.show()
    assert window.views() == [] and not window.all_views_ready()
    yield window
    window.close()
    assert not [t for t in window.findChildren(QTimer) if t.isActive()]


def test_views_built_after_the_results_draw_them(bare_window, qtbot):
    bare_window.start()
    qtbot.waitUntil(lambda: bare_window.controller.idle and bare_window.state.results()[0].cv is not None,
                    timeout=RESULTS_TIMEOUT_MS)
    with qtbot.waitSignal(bare_window.views_built):
        bare_window.build_views()
    wait_ready(qtbot, bare_window)
    assert_paths_and_bars_equal_core(bare_window)


def test_start_then_build_views_ends_with_every_view_drawn(bare_window, make_window, qtbot):
    with qtbot.waitSignal(bare_window.views_built, timeout=RESULTS_TIMEOUT_MS):
        bare_window.start_then_build_views()
    assert {type(v).__name__ for v in bare_window.views()} == {
        "PathsView", "BarsView", "ValidationView", "ConstraintView", "StabilityView"}
    # The bottom row is shared as when the views are there from the start (the constraint cell was hidden).
    sizes = np.array(bare_window.bottom.sizes(), float)
    complete = np.array(make_window(start=False).bottom.sizes(), float)
    assert_allclose(sizes / sizes.sum(), complete / complete.sum(), atol=0.02)
    wait_ready(qtbot, bare_window)
    assert_paths_and_bars_equal_core(bare_window)


def test_closing_before_the_views_are_built(bare_window):
    bare_window.start_then_build_views()
    bare_window.close()
    assert bare_window.views() == [] and bare_window.workers_stopped
