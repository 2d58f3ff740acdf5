"""What a lecturer uses: presentation mode, hover tooltips, the x-axis switch (export: test_export.py)."""

import numpy as np
import pytest

from gui import pg_internals
from gui.state import LAMBDA
from tests.gui.conftest import curve_data, wait_ready


def test_presentation_mode_enlarges_fonts_and_lines_and_hides_controls(window, qtbot):
    panel = window.paths_view.panel(window.state.penalties[0])
    axis = panel.plot.getAxis("bottom")
    size, width = pg_internals.tick_font(axis).pointSize(), panel.curves[0].pen.widthF()
    window.presentation_action.trigger()
    assert window.state.presentation and window.isFullScreen()
    assert pg_internals.tick_font(axis).pointSize() > size and panel.curves[0].pen.widthF() > width
    window.controls_action.trigger()
    assert not any(dock.isVisible() for dock in window.docks)
    window.controls_action.trigger()
    window.presentation_action.trigger()
    assert not window.state.presentation and not window.isFullScreen()
    wait_ready(qtbot, window)


def test_hover_names_the_feature_under_the_cursor(window):
    panel = window.paths_view.panel(window.state.penalties[1])  # L2: every curve is away from zero
    x, y = curve_data(panel.curves[2])  # bmi
    k = int(np.argmin(np.abs(x - 0.8)))
    scene_pos = panel.plot.vb.mapViewToScene(panel.plot.vb.mapToView(panel.plot.vb.mapFromView(
        __import__("PySide6.QtCore", fromlist=["QPointF"]).QPointF(x[k], y[k]))))
    text = window.paths_view.hover_text(scene_pos)
    assert text is not None and text.startswith("bmi: ")
    assert float(text.split(": ")[1].split(" ")[0]) == pytest.approx(y[k], rel=1e-3)


def test_lambda_axis_plots_log10_lambda(window, qtbot):
    window.penalty_panel.axis_lambda.click()
    wait_ready(qtbot, window)
    assert window.state.x_axis == LAMBDA
    for result in window.state.results():
        x, _ = curve_data(window.paths_view.panel(result.penalty).curves[0])
        np.testing.assert_allclose(x, np.log10(result.path.lambdas))
        assert window.paths_view.panel(result.penalty).plot.vb.xInverted()
