"""The coefficient bars with many features: names that never overlap, no true-value ticks at 0, hover names."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF

from tests.gui.conftest import wait_ready


def _bars_window(make_window, qtbot, n_features):
    window = make_window(builtin="sparse", params={"n_features": n_features})
    window.resize(1024, 768)
    wait_ready(qtbot, window)
    qtbot.waitUntil(lambda: window.bars_view.plot.getViewBox().height() > 0)
    return window


@pytest.mark.parametrize("n_features", [20, 29, 300])
def test_feature_names_drawn_never_overlap_and_the_caption_says_where_the_rest_are(make_window, qtbot, n_features):
    window = _bars_window(make_window, qtbot, n_features)
    view = window.bars_view
    if not view.isVisible():  # a tab of the bottom row at this size
        window.bottom.tabs.setCurrentWidget(window.slots["bars"])
        qtbot.waitUntil(lambda: view.isVisible() and view.plot.getViewBox().height() > 0)
    box, axis = view.plot.getViewBox(), view.plot.getAxis("left")
    low, high = box.viewRange()[1]
    row_px = box.height() / (high - low)
    drawn = axis._tickLevels[0]
    positions = [position for position, _ in drawn]
    line_px = QFontMetricsF(axis.style["tickFont"]).height()
    assert axis.style["tickFont"].pointSize() >= 7
    assert min(np.diff(positions)) * row_px >= line_px  # the drawn names' lines do not overlap
    names = window.state.results_dataset.feature_names
    assert [name for _, name in drawn] == [names[int(k)] for k in positions]
    if len(drawn) < n_features:
        assert "hover a bar" in view.summary.text
    else:
        assert "hover a bar" not in view.summary.text


def test_no_true_ticks_at_zero_and_hover_names_the_bar(make_window, qtbot):
    window = _bars_window(make_window, qtbot, 20)
    view = window.bars_view
    if not view.isVisible():
        window.bottom.tabs.setCurrentWidget(window.slots["bars"])
        qtbot.waitUntil(lambda: view.isVisible() and view.plot.getViewBox().height() > 0)
    truth_x, truth_y = view.truth.getData()
    true = view._true
    assert np.all(truth_x != 0.0)
    assert np.array_equal(truth_y, np.flatnonzero(true != 0.0))
    # The exact-zero rings stay visible: in front of everything else.
    l1 = window.state.results()[0]
    assert np.any(l1.fit.coef == 0.0)
    rings = view._models["L1"].zeros
    assert len(rings.getData()[0]) == int(np.sum(l1.fit.coef == 0.0))
    row = int(np.flatnonzero(l1.fit.coef == 0.0)[0])
    box = view.plot.getViewBox()
    scene_pos = box.mapViewToScene(QPointF(0.0, float(row) + 0.2))
    text = view.hover_text(scene_pos)
    name = window.state.results_dataset.feature_names[row]
    assert text.startswith(f"{name}: ") and "L1 exactly 0" in text and "L2 " in text
    view._on_mouse_moved(scene_pos)
    assert box.toolTip() == text
    assert view.hover_text(box.mapViewToScene(QPointF(0.0, -5.0))) == ""
