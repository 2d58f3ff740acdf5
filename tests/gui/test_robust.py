"""Nothing a user does reaches a raw exception, and what the views draw follows the state (issue 13)."""

import time

from tests.gui.conftest import wait_ready
from tests.gui.invariants import assert_views_match_state


def test_views_match_the_state_once_ready(window, qtbot):
    assert_views_match_state(window)
    window.state.set_strength(0.2)
    wait_ready(qtbot, window)
    assert_views_match_state(window)


def test_a_strength_move_during_the_step_by_step_redraw_is_drawn_on_every_panel(window, qtbot, monkeypatch):
    # The paths view redraws a panel a step; a strength move after the L1 panel's step must still reach L1.
    state, view = window.state, window.paths_view
    draw_steps = view._draw_steps

    def steps_with_a_strength_move():
        steps = draw_steps()
        next(steps)  # the L1 panel drawn
        yield
        state.set_strength(0.9)
        yield from steps

    monkeypatch.setattr(view, "_draw_steps", steps_with_a_strength_move)
    state.set_standardize(False)  # new paths: the views redraw step by step
    wait_ready(qtbot, window)
    assert state.strength == 0.9
    assert_views_match_state(window)


def test_the_controller_becomes_idle_when_a_recompute_overtakes_a_pending_fit(window, qtbot, monkeypatch):
    from gui import jobs

    fit_job = jobs.fit_job

    def slow_fit_job(*args):
        time.sleep(0.1)
        return fit_job(*args)

    monkeypatch.setattr(jobs, "fit_job", slow_fit_job)
    state = window.state
    state.set_strength(0.3)  # a fit starts
    qtbot.wait(30)
    state.set_strength(0.6)  # a fit waits for the running one
    state.set_builtin("sparse", {"n_samples": 20_000, "n_features": 200})  # a recompute starts before it ends
    wait_ready(qtbot, window)
    assert_views_match_state(window)


def test_a_strength_move_before_the_first_path_on_fewer_features_keeps_the_constraint_view_drawn(
        make_window, qtbot, monkeypatch):
    from gui import jobs

    window = make_window(builtin="sparse", params={"n_features": 20})
    wait_ready(qtbot, window)
    state = window.state
    state.set_constraint_features((8, 11))  # x09 and x12
    wait_ready(qtbot, window)
    path = jobs._path

    def slow_path(*args):
        time.sleep(0.3)
        return path(*args)

    monkeypatch.setattr(jobs, "_path", slow_path)
    state.set_builtin("sparse", {"n_features": 2, "n_informative": 2})
    qtbot.waitUntil(lambda: state.results_dataset is not None and state.results_dataset.n_features == 2)
    state.set_strength(0.3)  # the old pair is still drawn: its names must come from its own data
    wait_ready(qtbot, window)
    assert_views_match_state(window)
