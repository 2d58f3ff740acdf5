"""The strength control: markers and bars follow it, the two modes agree, and the keyboard moves it."""

import math

import numpy as np
import pyqtgraph as pg
import pytest
from numpy.testing import assert_allclose
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from core.paths import budget_for_lam
from gui import style
from gui.state import BUDGET, LAMBDA
from gui.strength import SLIDER_STEPS, lambda_range, strength_from_x
from tests.gui.conftest import OFFSCREEN_NOTICE, curve_data, wait_ready


def _markers(window):
    paths = [window.paths_view.panel(r.penalty).line.value() for r in window.state.results()]
    validation = [window.validation_view.curve_items(r.penalty).current.value() for r in window.state.results()]
    return np.array(paths), np.array(validation)


def _bars(window):
    return np.concatenate([window.bars_view.bar_data(r.penalty)[1] for r in window.state.results()])


def test_moving_the_strength_moves_every_marker_and_the_bars(window, qtbot):
    before_paths, before_validation = _markers(window)
    before_bars = _bars(window)
    with qtbot.waitSignal(window.views_repainted, timeout=10_000):
        window.penalty_panel.slider.setValue(200)
    wait_ready(qtbot, window)
    after_paths, after_validation = _markers(window)
    assert window.state.strength == pytest.approx(0.2)
    assert np.all(after_paths != before_paths) and np.all(after_validation != before_validation)
    assert not np.allclose(_bars(window), before_bars)
    # Each marker sits at the budget of its model's fit.
    for result, x in zip(window.state.results(), after_paths):
        assert x == pytest.approx(budget_for_lam(result.path, result.fit.lam), abs=1e-9)


def test_budget_and_lambda_modes_give_the_same_positions(window, qtbot):
    l1 = window.state.results()[0]
    lam_before = l1.fit.lam
    markers_before, _ = _markers(window)
    window.penalty_panel.lambda_button.click()
    wait_ready(qtbot, window)
    state = window.state
    assert state.strength_mode == LAMBDA
    assert state.strength == pytest.approx(math.log10(lam_before))
    l1_after = state.results()[0]
    assert l1_after.fit.lam == pytest.approx(lam_before, rel=1e-9)
    assert _markers(window)[0][0] == pytest.approx(markers_before[0], abs=1e-9)
    # Lambda mode links the models by lambda itself: every model is fitted at the same lambda.
    assert all(r.fit.lam == pytest.approx(lam_before, rel=1e-9) for r in state.results())
    window.penalty_panel.budget_button.click()
    wait_ready(qtbot, window)
    assert state.strength_mode == BUDGET
    assert state.results()[0].fit.lam == pytest.approx(lam_before, rel=1e-6)


def test_keys_move_the_strength(window, qtbot):
    slider = window.penalty_panel.slider
    slider.setFocus()
    steps = [(Qt.Key.Key_Right, 510), (Qt.Key.Key_Left, 490), (Qt.Key.Key_PageUp, 600),
             (Qt.Key.Key_PageDown, 400), (Qt.Key.Key_Home, 0), (Qt.Key.Key_End, SLIDER_STEPS)]
    for key, expected in steps:
        slider.setValue(500)
        qtbot.keyClick(slider, key)
        assert slider.value() == expected, key
        assert window.state.strength == pytest.approx(expected / SLIDER_STEPS)
    wait_ready(qtbot, window)
    # s = 1 is no penalty at all: lam = 0, the model's own unpenalized fit.
    l1 = window.state.results()[0]
    assert l1.fit.lam == 0.0
    assert_allclose(l1.fit.coef, l1.path.unpenalized_coef)


def test_dragging_the_path_line_moves_the_shared_strength(window, qtbot):
    panel = window.paths_view.panel(window.state.results()[1].penalty)  # the L2 panel
    panel.line.setValue(float(np.median(curve_data(panel.curves[0])[0])))
    panel.line.sigDragged.emit(panel.line)
    target = window.state.strength
    wait_ready(qtbot, window)
    assert window.penalty_panel.slider.value() == round(target * SLIDER_STEPS)
    l2 = window.state.results()[1]
    assert budget_for_lam(l2.path, l2.fit.lam) == pytest.approx(panel.line.value(), abs=1e-6)


def test_the_strength_lines_move_before_the_fits_and_new_fits_need_no_new_frame(window, qtbot):
    before_paths, before_validation = _markers(window)
    fit_generation = window.state.fit_generation
    window.state.set_strength(0.3)
    assert window.state.fit_generation == fit_generation  # the fits are on their way, the lines moved already
    after_paths, after_validation = _markers(window)
    assert np.all(after_paths != before_paths) and np.all(after_validation != before_validation)
    qtbot.waitUntil(lambda: window.state.fit_generation > fit_generation, timeout=5000)
    wait_ready(qtbot, window)
    # New fits change nothing the paths view draws: it reports them shown at once, without painting again.
    painted = []
    window.paths_view.canvas.painted.connect(lambda: painted.append(True))
    fits = {r.penalty: r.fit for r in window.state.results()}
    with qtbot.waitSignal(window.paths_view.repainted, timeout=1000) as shown:
        window.state.set_fits(fits, window.state.fit_generation + 1)
    assert shown.args == [window.state.token] and not painted


def test_readouts_tell_the_truth_at_both_ends_of_the_budget(window, qtbot):
    readouts = window.penalty_panel.readouts
    p = window.state.results()[0].path.coefs.shape[1]
    window.penalty_panel.value_box.setValue(0.0)
    wait_ready(qtbot, window)
    assert readouts["L2"].text() == f"L2: λ → ∞, s = 0.000, 0 of {p} non-zero"
    assert readouts["L1"].text().startswith("L1: λ = λmax = ") and f"s = 0.000, 0 of {p} non-zero" in readouts["L1"].text()
    window.penalty_panel.value_box.setValue(1.0)
    wait_ready(qtbot, window)
    for key in ("L1", "L2"):
        assert "λ → 0" in readouts[key].text() and "s = 1.000" in readouts[key].text(), readouts[key].text()
    # Switching to lambda mode at s = 1 (lam = 0) puts the strength at the grid's weak end.
    window.penalty_panel.lambda_button.click()
    wait_ready(qtbot, window)
    assert window.state.strength == pytest.approx(math.log10(min(r.path.lambdas[-1] for r in window.state.results()[:1])))


def _mouse(widget, kind, pos: QPointF) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    QApplication.sendEvent(widget, QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, held,
                                               Qt.KeyboardModifier.NoModifier))


def _drag_line(window, panel, to_x_px: float, monkeypatch) -> None:
    """Press on ``panel``'s strength line, move in steps towards ``to_x_px`` (canvas pixels) and release there:
    a user's drag, whose last pixels come with the release (pyqtgraph drops moves that come too soon)."""
    monkeypatch.setitem(pg.CONFIG_OPTIONS, "mouseRateLimit", 0)  # the moves sent all count
    canvas, vb = window.paths_view.canvas, panel.plot.vb
    start = canvas.mapFromScene(vb.mapViewToScene(QPointF(panel.line.value(), 0)).x(),
                                vb.sceneBoundingRect().center().y()).toPointF()
    _mouse(canvas.viewport(), QEvent.Type.MouseButtonPress, start)
    for x in np.linspace(start.x() + 10, to_x_px - 4, 12):
        _mouse(canvas.viewport(), QEvent.Type.MouseMove, QPointF(x, start.y()))
    _mouse(canvas.viewport(), QEvent.Type.MouseButtonRelease, QPointF(to_x_px, start.y()))


# The mouse over a paths panel shows a feature's tooltip, which the offscreen platform cannot raise.
@pytest.mark.qt_log_ignore(OFFSCREEN_NOTICE, "This plugin does not support raise")
def test_a_line_dragged_past_the_plots_end_stops_there_and_one_undo_takes_it_back(window, qtbot, monkeypatch):
    panel = window.paths_view.panel(window.state.results()[0].penalty)  # L1
    readouts, stack, state = window.penalty_panel.readouts, window.history.stack, window.state
    window.penalty_panel.lambda_button.click()
    window.penalty_panel.axis_lambda.click()
    wait_ready(qtbot, window)
    start, start_text, steps = state.strength, readouts["L1"].text(), stack.count()
    canvas, vb = window.paths_view.canvas, panel.plot.vb
    # Within the plot: one drag, one step, undone by the first undo (the release's own move is part of it).
    _drag_line(window, panel, canvas.mapFromScene(vb.sceneBoundingRect().center()).x() + 50, monkeypatch)
    wait_ready(qtbot, window)
    assert state.strength != start and stack.count() == steps + 1
    assert state.strength == pytest.approx(panel.line.value())
    window.undo_action.trigger()
    wait_ready(qtbot, window)
    assert state.strength == start and readouts["L1"].text() == start_text
    # Past the plot's end.
    _drag_line(window, panel, canvas.mapFromScene(vb.sceneBoundingRect().topRight()).x() + 200, monkeypatch)
    wait_ready(qtbot, window)
    # The strength stops at the end of L1's grid, where its line stands, and every readout says that lambda.
    end = math.log10(state.results()[0].path.lambdas[-1])
    assert state.strength == pytest.approx(end) and panel.line.value() == pytest.approx(end)
    assert window.penalty_panel.value_box.value() == pytest.approx(end, abs=1e-3)
    for result in state.results():
        assert result.fit.lam == pytest.approx(10.0**end)
        assert f"λ = {10.0**end:.3g}" in readouts[style.model_key(result.penalty)].text()
    # One drag, one step: the first undo brings the start back.
    assert stack.count() == steps + 1
    window.undo_action.trigger()
    wait_ready(qtbot, window)
    assert state.strength == start and readouts["L1"].text() == start_text


def test_a_lambda_strength_is_held_to_the_paths_grids(window, qtbot):
    state = window.state
    window.penalty_panel.lambda_button.click()
    wait_ready(qtbot, window)
    paths = [r.path for r in state.results()]
    low, high = lambda_range(paths)
    state.set_strength(low - 5.0)
    assert state.strength == low
    state.set_strength(high + 5.0)
    assert state.strength == high
    # A position past a plot's end is the end of that model's grid, on either kind of axis.
    l1 = paths[0]
    assert strength_from_x(-20.0, LAMBDA, LAMBDA, l1) == pytest.approx(math.log10(l1.lambdas[-1]))
    assert strength_from_x(20.0, LAMBDA, LAMBDA, l1) == pytest.approx(math.log10(l1.lambdas[0]))
    assert strength_from_x(1.5, BUDGET, BUDGET, l1) == 1.0
    assert strength_from_x(1.5, BUDGET, LAMBDA, l1) == pytest.approx(math.log10(l1.lambdas[-1]))


STRENGTH_STEPS = [(Qt.Key.Key_Right, 510), (Qt.Key.Key_Left, 490), (Qt.Key.Key_Up, 510), (Qt.Key.Key_Down, 490),
                  (Qt.Key.Key_PageUp, 600), (Qt.Key.Key_PageDown, 400), (Qt.Key.Key_Home, 0),
                  (Qt.Key.Key_End, SLIDER_STEPS)]


def _focus(qtbot, widget):
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5000)


@pytest.mark.parametrize("controls", [True, False], ids=["controls shown", "controls hidden"])
def test_the_strength_keys_move_the_strength_wherever_the_focus_is(window, qtbot, controls):
    """A lecturer's clicker sends arrows or PageUp/PageDown to whatever has the focus."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.controls_action.setChecked(controls)
    panel, slider = window.penalty_panel, window.penalty_panel.slider
    focused = [window.bars_view.canvas, window.paths_view.legend.list] + ([panel.lambda_button] if controls else [])
    for widget in focused:
        _focus(qtbot, widget)
        for key, expected in STRENGTH_STEPS:
            slider.setValue(500)
            qtbot.keyClick(widget, key)
            assert slider.value() == expected, (widget, key)
            assert window.state.strength == pytest.approx(expected / SLIDER_STEPS)
    assert window.state.strength_mode == BUDGET and window.state.x_axis == BUDGET  # no radio button moved
    wait_ready(qtbot, window)


def test_a_focused_text_box_spin_box_or_other_slider_keeps_the_strength_keys(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    state, data = window.state, window.data_panel
    window.state.set_enet_enabled(True)  # the mixing slider takes keys when the elastic net is compared
    wait_ready(qtbot, window)
    start = state.strength
    _focus(qtbot, data.folds_box)
    qtbot.keyClick(data.folds_box, Qt.Key.Key_Up)
    assert data.folds_box.value() == 6
    _focus(qtbot, window.paths_view.legend.filter)
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_End):  # Up goes on to the line edit's parent
        qtbot.keyClick(window.paths_view.legend.filter, key)
    alpha = window.penalty_panel.alpha_slider
    _focus(qtbot, alpha)
    qtbot.keyClick(alpha, Qt.Key.Key_Right)
    assert state.enet_alpha == pytest.approx(0.51)
    assert state.strength == start
    wait_ready(qtbot, window)
