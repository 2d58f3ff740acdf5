"""Bursts of changes draw only the last state; closing during a long computation stops cleanly."""

import pytest
from numpy.testing import assert_allclose
from PySide6.QtCore import QThreadPool

from core.datasets import load_builtin
from core.paths import Problem, lam_for_budget
from tests.gui.conftest import wait_ready


def test_fifty_rapid_changes_draw_only_the_last_state(window, qtbot):
    state, controller = window.state, window.controller
    stale = []

    def check_generation():
        if state.generation != controller.generation:
            stale.append((state.generation, controller.generation))

    state.paths_changed.connect(check_generation)
    state.validation_changed.connect(check_generation)
    state.fits_changed.connect(check_generation)
    for i in range(50):
        state.set_strength((i * 37 % 50) / 50)
        if i % 5 == 0:
            state.set_builtin("sparse", {"seed": i, "n_features": 12})
        qtbot.wait(1)  # let the event loop deliver whatever the workers produce meanwhile
    last_strength = 0.42
    state.set_strength(last_strength)
    wait_ready(qtbot, window)
    assert not stale, f"results of superseded generations were drawn: {stale[:3]}"
    expected = load_builtin("sparse", seed=45, n_features=12)
    assert_allclose(state.results_dataset.X, expected.X)
    problem = Problem.from_data(expected.X, expected.y)
    for result in state.results():
        path = problem.path(result.penalty, problem.strength_grid(result.penalty))
        reference = problem.fit_at(result.penalty, lam_for_budget(path, last_strength))
        assert_allclose(window.bars_view.bar_data(result.penalty)[1], reference.coef, rtol=1e-6, atol=1e-8)
    assert all(v.drawn_token[0] == controller.generation for v in window.views())


@pytest.mark.slow  # 100000 rows
def test_closing_during_a_long_computation_stops_every_worker(make_window, qtbot):
    window = make_window(builtin="sparse", params={"n_samples": 100_000, "n_features": 50})
    qtbot.waitUntil(lambda: window.controller.busy and window.state.dataset is not None, timeout=60_000)
    state = window.state
    token = state.token
    results = (state.paths_changed, state.validation_changed, state.fits_changed)
    # A worker inside one long step stops at its end: wait for it; its last items must not reach the state.
    with qtbot.assertNotEmitted(results[0], wait=100), qtbot.assertNotEmitted(results[1], wait=100), \
            qtbot.assertNotEmitted(results[2], wait=100):
        window.close()
        qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=60_000)
    assert state.token == token, "a result arrived after the window had closed"
