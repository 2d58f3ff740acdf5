"""Nothing a user does reaches a raw exception, and what the views draw follows the state (issue 13)."""

import logging
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt

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


# -- dependent bounds and refused values: the data panel on its own (no computation) ----------------------
@pytest.fixture
def data_panel(qtbot):
    from gui.panels.data_panel import DataPanel
    from gui.state import AppState

    state = AppState()
    panel = DataPanel(state)
    qtbot.addWidget(panel)
    panel.show()
    messages = []
    panel.message.connect(messages.append)
    panel.messages = messages
    return panel


def _type(qtbot, box, text):
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_lowering_the_features_lowers_the_true_non_zero_coefficients_and_says_why(data_panel, qtbot):
    data_panel.dataset_box.setCurrentText("sparse")
    features, informative = (data_panel.param_widgets[k] for k in ("n_features", "n_informative"))
    assert informative.value() == 5
    features.setFocus()
    for _ in range(2):
        qtbot.keyClick(features, Qt.Key.Key_PageDown)  # 20 -> 10 -> 2 (its minimum)
    assert features.value() == 2
    assert informative.value() == 2 and informative.maximum() == 2
    assert dict(data_panel.state.source.params)["n_informative"] == 2
    assert informative.toolTip().endswith("From 1 to 2")
    assert "Non-zero true coefficients lowered to 2: at most 2 true non-zero coefficients with 2 features." \
        in data_panel.messages, data_panel.messages


@pytest.mark.parametrize(("dataset", "setup", "key", "typed", "reason"), [
    ("sparse", {"n_features": 2}, "n_informative", "5", "At most 2 true non-zero coefficients with 2 features"),
    ("correlated", {}, "n_informative_groups", "6", "At most 4 groups with signal with 4 groups"),
    ("sparse", {"n_features": 2000}, "n_samples", "100000",
     "At most 5,000 samples with 2,000 features: a synthetic dataset holds at most 10,000,000 numbers"),
    ("sparse", {}, "n_samples", "1", "At least 10 samples"),
    ("sparse", {}, "n_features", "5000", "At most 2,000 features"),
])
def test_a_typed_parameter_it_cannot_take_is_refused_with_what_limits_it(data_panel, qtbot, dataset, setup, key,
                                                                         typed, reason):
    data_panel.dataset_box.setCurrentText(dataset)
    for name, value in setup.items():
        data_panel.param_widgets[name].setValue(value)
    box = data_panel.param_widgets[key]
    before, source = box.value(), data_panel.state.source
    _type(qtbot, box, typed)
    assert box.value() == before and data_panel.state.source == source
    assert data_panel.messages and data_panel.messages[-1].startswith(reason), data_panel.messages


@pytest.mark.parametrize(("box_name", "typed", "reason"), [
    ("folds_box", "0", "At least 2 CV folds"),
    ("folds_box", "1", "At least 2 CV folds"),
    ("folds_box", "100", "At most 20 CV folds"),
    ("fraction_box", "0", "The validation fraction must be at least 0.10"),
])
def test_typed_fitting_settings_out_of_range_are_refused_with_the_reason(data_panel, qtbot, box_name, typed, reason):
    box = getattr(data_panel, box_name)
    before = box.value()
    _type(qtbot, box, typed)
    assert box.value() == before
    assert data_panel.messages == [f"{reason}."]
    assert "From " in box.toolTip()


def test_the_folds_follow_the_samples(data_panel, qtbot):
    state = data_panel.state
    data_panel.dataset_box.setCurrentText("sparse")
    data_panel.folds_box.setValue(19)
    assert state.cv_folds == 19
    data_panel.param_widgets["n_samples"].setValue(10)
    assert data_panel.folds_box.maximum() == 10 and state.cv_folds == 10
    assert dict(state.source.params)["n_samples"] == 10
    assert "CV folds lowered to 10: at most 10 CV folds with 10 samples" in data_panel.messages[-1]
    _type(qtbot, data_panel.folds_box, "19")
    assert data_panel.messages[-1].startswith("At most 10 CV folds with 10 samples")


def test_every_control_of_the_panels_says_what_it_does(window):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QSlider

    view = window.constraint_view
    window.data_panel.dataset_box.setCurrentText("correlated")
    panels = (window.data_panel, window.penalty_panel, view.controls, view.zero_panel)
    controls = [w for panel in panels for kind in (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider)
                for w in panel.findChildren(kind)]
    assert len(controls) > 20
    silent = [type(w).__name__ + ":" + (getattr(w, "text", lambda: "")() or w.objectName()) for w in controls
              if not w.toolTip()]
    assert not silent
    ranged = [w for w in controls if isinstance(w, QAbstractSpinBox)]
    assert all("From " in w.toolTip() for w in ranged), [w.toolTip() for w in ranged]


def _csv(path, columns, rows=40, seed=0):
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(rows, len(columns)))
    path.write_text("\n".join([",".join(columns)] + [",".join(f"{v:.5f}" for v in row) for row in values]) + "\n")
    return str(path)


def test_the_target_list_follows_the_file_being_loaded(window, qtbot, tmp_path):
    state, box = window.state, window.data_panel.target_box
    errors = []
    window.controller.data_error.connect(errors.append)
    first = _csv(tmp_path / "first.csv", ["a1", "a2", "a3", "old_target"])
    second = _csv(tmp_path / "second.csv", ["b1", "b2", "b3", "b4", "new_target"], seed=1)
    state.set_csv(first)
    wait_ready(qtbot, window)
    state.set_csv(second)
    offered = [box.itemText(i) for i in range(box.count())]
    assert not set(offered) & {"a1", "a2", "a3", "old_target"}, offered
    box.activated.emit(0)  # a choice in the list before the new file has loaded sends nothing stale
    assert state.source.csv_path == second and state.source.target is None
    wait_ready(qtbot, window)
    assert [box.itemText(i) for i in range(box.count())] == ["new_target", "b1", "b2", "b3", "b4"]
    assert box.isEnabled() and not errors


def test_a_small_file_bounds_the_validation_share_and_the_folds_in_words(window, qtbot, tmp_path):
    shown = []
    window.controller.error.connect(shown.append)
    window.data_panel.message.connect(shown.append)
    window.data_panel.folds_box.setValue(8)
    window.state.set_csv(_csv(tmp_path / "five.csv", ["u", "v", "w"], rows=5))
    wait_ready(qtbot, window)
    assert window.state.validation_fraction == 0.3 and window.state.cv_folds == 5
    assert window.data_panel.fraction_box.minimum() == 0.3 and window.data_panel.folds_box.maximum() == 5
    assert not any("Error" in text for text in shown), shown
    assert any("Validation fraction raised to 0.30: at least 0.30 with 5 samples" in text for text in shown), shown
    assert any("CV folds lowered to 5: at most 5 CV folds with 5 samples" in text for text in shown), shown
    assert "Error" not in window.message.text()
    assert_views_match_state(window)


# -- unexpected failures: a short message for the lecturer, the traceback in the log ---------------------
def test_an_unexpected_failure_of_a_recompute_is_said_in_words_and_logged(window, qtbot, monkeypatch, caplog):
    from gui import jobs

    def broken_path(*args):
        raise RuntimeError("boom in the path")

    monkeypatch.setattr(jobs, "_path", broken_path)
    with qtbot.waitSignal(window.controller.error, timeout=30_000) as blocker:
        window.state.set_standardize(False)
    assert blocker.args == ["RegLab could not compute the paths and error curves for these settings "
                            "(details in the log)."]
    assert "could not compute" in window.message.text() and "RuntimeError" not in window.message.text()
    record = next(r for r in caplog.records if r.name == "reglab" and r.exc_info)
    assert record.exc_info[0] is RuntimeError and "boom in the path" in str(record.exc_info[1])
    assert record.threadName != "MainThread"  # logged in the worker, where the traceback is


def test_an_unexpected_failure_of_a_fit_is_said_in_words_and_logged(window, qtbot, monkeypatch, caplog):
    from gui import jobs

    def broken_fits(*args):
        raise FloatingPointError("boom in a fit")

    monkeypatch.setattr(jobs, "fit_models", broken_fits)
    with qtbot.waitSignal(window.controller.error, timeout=30_000) as blocker:
        window.state.set_strength(0.3)
    assert blocker.args == ["RegLab could not compute the fits at this strength (details in the log)."]
    assert any(r.exc_info and r.exc_info[0] is FloatingPointError for r in caplog.records if r.name == "reglab")


def test_the_log_goes_to_stderr_and_to_a_rotating_file(tmp_path, monkeypatch, capsys):
    import logging

    from gui import log

    monkeypatch.setenv(log.LOG_DIR_ENV, str(tmp_path / "state"))
    monkeypatch.setattr(log.logger, "handlers", [])
    monkeypatch.setattr(log.logger, "propagate", True)
    path = log.setup_logging()
    assert path == tmp_path / "state" / "reglab.log"
    assert log.setup_logging() == path and len(log.logger.handlers) == 2  # once only
    try:
        raise ValueError("a failure")
    except ValueError:
        log.logger.exception("while testing")
    for handler in log.logger.handlers:
        handler.flush()
    text = path.read_text()
    assert "while testing" in text and "Traceback" in text and "ValueError: a failure" in text
    assert "ValueError: a failure" in capsys.readouterr().err
    handler = next(h for h in log.logger.handlers if isinstance(h, logging.handlers.RotatingFileHandler))
    assert handler.maxBytes > 0 and handler.backupCount > 0
    for handler in log.logger.handlers:
        handler.close()


# -- closing the window while each kind of job runs ---------------------------------------------------------
def _slowed(monkeypatch, name):
    from gui import jobs

    original = getattr(jobs, name)

    def slow(*args, **kwargs):
        time.sleep(0.2)
        return original(*args, **kwargs)

    monkeypatch.setattr(jobs, name, slow)


def _recompute_running(window, qtbot, monkeypatch):
    _slowed(monkeypatch, "_path")
    window.state.set_standardize(False)
    qtbot.waitUntil(lambda: window.controller.busy and window.controller.alive_workers() > 0)


def _fits_running(window, qtbot, monkeypatch):
    _slowed(monkeypatch, "fit_job")
    window.state.set_strength(0.2)
    qtbot.waitUntil(lambda: not window.controller.busy and window.controller.alive_workers() > 0)


def _bootstrap_running(window, qtbot, monkeypatch):
    window.choose_tab("stability")
    view = window.stability_view
    qtbot.waitUntil(lambda: view.progress is not None and window.controller.alive_workers() > 0)
    assert view.progress.n_done < view.progress.n_boot


def _monte_carlo_running(window, qtbot, monkeypatch):
    view = window.constraint_view
    view.controls.zero_button.click()
    qtbot.waitUntil(lambda: view.zero_panel.counts is not None and view.zero_panel.counts.n_samples > 0)


@pytest.mark.parametrize("start_job", [_recompute_running, _fits_running, _bootstrap_running, _monte_carlo_running],
                         ids=["recompute", "fits", "bootstrap", "monte_carlo"])
def test_closing_the_window_during_a_job_stops_it_quietly(window, qtbot, monkeypatch, capfd, caplog, start_job):
    start_job(window, qtbot, monkeypatch)
    capfd.readouterr()
    token = window.state.token
    window.close()
    assert window.workers_stopped is True  # every worker stopped within the shutdown's second
    with qtbot.assertNotEmitted(window.state.paths_changed, wait=100):
        pass
    assert window.state.token == token
    assert capfd.readouterr().err == ""
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


_CLOSE_DURING = r"""
import sys, time
from PySide6.QtCore import QTimer
import main
from gui import jobs

kind = sys.argv[1]
fit_job = jobs.fit_job
jobs.fit_job = lambda *args: (time.sleep(0.2), fit_job(*args))[1]  # a fit long enough to close during
app, window = main.build_window(["--dataset", "sparse"])
window.resize(1600, 1000)  # the offscreen screen is 800 x 800: wide enough for the bottom row side by side
window.show()
view = window.constraint_view
started = []


def running():
    if kind == "recompute":
        return window.controller.busy and window.state.dataset is not None
    if kind == "fits":
        return not window.controller.busy and window.controller.alive_workers() > 0
    if kind == "bootstrap":
        return window.stability_view.progress is not None
    return view.zero_panel.counts is not None and view.zero_panel.counts.n_samples > 0


def poll():
    if not window.all_views_ready() and not started:
        return
    if not started:
        started.append(True)
        if kind == "recompute":
            window.state.set_builtin("sparse", {"n_samples": 100_000, "n_features": 50})
        elif kind == "fits":
            window.state.set_strength(0.2)
        elif kind == "bootstrap":
            window.choose_tab("stability")
        else:
            view.controls.zero_button.click()
        return
    if running():
        timer.stop()
        window.close()
        print("stopped" if window.workers_stopped else "still running", flush=True)
        app.quit()


timer = QTimer(interval=5, timeout=poll)
timer.start()
app.exec()
"""


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["recompute", "fits", "bootstrap", "monte_carlo"])
def test_the_program_exits_quietly_when_closed_during_a_job(kind, tmp_path):
    import os
    import pathlib
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _CLOSE_DURING, kind], capture_output=True, text=True, timeout=120,
                          env=env, cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "stopped\n"  # every worker stopped within the shutdown's second
    assert done.stderr == ""


def test_the_boxes_show_settings_written_to_the_state_whatever_they_were_bounded_by(data_panel):
    # An undo, or a file that failed to load, puts earlier settings back: the boxes must show them all.
    state = data_panel.state
    data_panel.dataset_box.setCurrentText("sparse")
    data_panel.param_widgets["n_features"].setValue(2)
    state.set_builtin("sparse", {**data_panel.param_values(), "n_features": 30, "n_informative": 12})
    assert data_panel.param_values()["n_features"] == 30 and data_panel.param_values()["n_informative"] == 12
    assert data_panel.param_widgets["n_informative"].maximum() == 30


def test_lowering_the_features_with_page_down_says_why_in_the_status_bar(make_window, qtbot):
    window = make_window(builtin="sparse", params={"n_features": 20})
    wait_ready(qtbot, window)
    errors = []
    window.controller.error.connect(errors.append)
    window.controller.data_error.connect(errors.append)
    features = window.data_panel.param_widgets["n_features"]
    features.setFocus()
    for _ in range(3):
        qtbot.keyClick(features, Qt.Key.Key_PageDown)
    assert "at most 2 true non-zero coefficients with 2 features" in window.message.text()
    wait_ready(qtbot, window)
    assert not errors and window.state.results_dataset.n_features == 2
    assert_views_match_state(window)


def test_a_strength_typed_out_of_range_is_refused_with_the_range(window, qtbot):
    box = window.penalty_panel.value_box
    _type(qtbot, box, "-0.5")
    assert window.state.strength == 0.5
    assert window.message.text() == "The budget s runs from 0 (strongest penalty) to 1 (no penalty)."
    assert box.toolTip().endswith("From 0.000 to 1.000")


def test_the_invariants_hold_in_every_mode(window, qtbot):
    # The soak test's checkpoints use assert_views_match_state in whatever mode the actions left.
    state, panel = window.state, window.penalty_panel
    state.set_enet_enabled(True)
    panel.lambda_button.click()
    panel.axis_lambda.click()
    wait_ready(qtbot, window)
    assert_views_match_state(window)
    panel.slider.setValue(300)
    wait_ready(qtbot, window)
    assert_views_match_state(window)
    state.set_enet_enabled(False)
    state.set_lab_mode(True)
    wait_ready(qtbot, window)
    assert_views_match_state(window)


def test_the_invariants_catch_a_stale_drawing(window):
    from core.penalties import L1

    line = window.paths_view.panel(L1).line
    line.setValue(line.value() + 0.1)
    with pytest.raises(AssertionError, match="paths L1: strength line"):
        assert_views_match_state(window)
    window.paths_view.refresh()
    assert_views_match_state(window)
    window.penalty_panel.readouts["L2"].setText("L2: λ = 1, s = 0.10")
    with pytest.raises(AssertionError, match="readout L2"):
        assert_views_match_state(window)
