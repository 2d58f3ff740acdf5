"""Every feature findable and every knot shown: leaving rings, the feature legend, the highlight, labels that agree."""

import numpy as np
import pytest

from core.leaving import leaving_points
from gui.state import LAMBDA
from tests.gui.conftest import wait_ready


def test_l1_panel_rings_the_point_where_s3_leaves_the_model_again(window, qtbot):
    view = window.paths_view
    l1, l2 = (r.penalty for r in window.state.results())
    x, y, features = view.leaving_data(l1)
    s3 = window.state.results_dataset.feature_names.index("s3")
    assert features.tolist() == [s3] and y.tolist() == [0.0]
    assert x[0] == pytest.approx(0.81, abs=0.01)  # on the budget axis, where the path is exactly 0 again
    assert view.leaving_data(l2)[0].size == 0  # ridge never reaches 0
    window.state.set_x_axis(LAMBDA)
    qtbot.waitUntil(lambda: view.leaving_data(l1)[0].size == 1)
    path = window.state.results()[0].path
    assert view.leaving_data(l1)[0][0] == pytest.approx(np.log10(leaving_points(path.lambdas, path.coefs).lams[0]))


def test_the_elastic_net_panel_rings_its_own_leaving_points(window, qtbot):
    window.state.set_enet_enabled(True)
    wait_ready(qtbot, window)
    en = window.state.results()[2]
    expected = leaving_points(en.path.lambdas, en.path.coefs)
    _, _, features = window.paths_view.leaving_data(en.penalty)
    assert len(expected) > 0 and features.tolist() == expected.features.tolist()  # 4 on diabetes at alpha 0.5


@pytest.mark.parametrize("strength", [1.0, 0.9996, 0.5, 0.0])
def test_the_strength_box_the_readouts_and_the_constraint_view_say_the_same(window, qtbot, strength):
    from gui.strength import budget_text, model_readout

    window.state.set_strength(strength)
    wait_ready(qtbot, window)
    panel = window.penalty_panel
    box = panel.value_box.text()
    assert box == budget_text(strength)
    for result in window.state.results():
        readout = panel.readouts[result.penalty.short_name[:2]].text()
        assert readout == model_readout(result.penalty, result.path, result.fit.lam, result.fit.coef)
        assert f", {box}," in readout  # the very same "s = ..." as the box
        if strength == 0.0:
            assert f"0 of {result.fit.coef.size} non-zero" in readout
    if strength == 0.0:
        assert window.constraint_view.readout.text().count("both exactly 0") == 2


def test_each_models_dashed_outline_is_its_own_unpenalized_fit(make_window, qtbot):
    window = make_window(builtin="sparse", params={"n_samples": 50, "n_features": 100})  # p > n
    wait_ready(qtbot, window)
    bars = window.bars_view
    l1, l2 = window.state.results()
    assert not np.allclose(l1.path.unpenalized_coef, l2.path.unpenalized_coef)  # min-L1 vs min-L2 norm fits
    for result in (l1, l2):
        y, widths = bars.unpenalized_data(result.penalty)
        assert np.array_equal(widths, result.path.unpenalized_coef)
        assert np.array_equal(y, bars.bar_data(result.penalty)[0])  # behind the model's own bars


def _click_row(qtbot, legend, row):
    from PySide6.QtCore import Qt

    item = legend.list.item(row)
    qtbot.mouseClick(legend.list.viewport(), Qt.MouseButton.LeftButton, pos=legend.list.visualItemRect(item).center())


def test_the_legend_lists_every_feature_apart_and_finds_one_by_typing(make_window, qtbot):
    window = make_window(builtin="sparse", params={"n_features": 30, "n_informative": 5})
    wait_ready(qtbot, window)
    legend = window.paths_view.legend
    names = window.state.results_dataset.feature_names
    rows = legend.rows()
    assert [name for name, _ in rows] == list(names)
    looks = {(line.color().name(), line.style()) for _, line in rows}
    assert len(looks) == 30, "colours repeat after 11: each round has its own line style"
    panel = window.paths_view.panel(window.state.results()[0].penalty)
    assert [(c.pen.color().name(), c.pen.style()) for c in panel.curves] == [(p.color().name(), p.style())
                                                                            for _, p in rows]
    legend.filter.setText(names[17])
    assert [name for name, _ in legend.rows()] == [n for n in names if names[17].casefold() in n.casefold()]
    legend.filter.clear()
    assert len(legend.rows()) == 30


def test_a_click_in_the_legend_highlights_the_feature_in_every_view(window, qtbot):
    from gui.views.stability import feature_order

    window.slots["validation_tabs"].setCurrentWidget(window.stability_view)
    wait_ready(qtbot, window)
    state, view = window.state, window.paths_view
    j = window.state.results_dataset.feature_names.index("bmi")
    _click_row(qtbot, view.legend, j)
    assert state.highlighted_feature == j
    line_px = view.scale.line_px
    for result in state.results():
        curves = view.panel(result.penalty).curves
        assert curves[j].pen.widthF() == pytest.approx(line_px * 2.2) and curves[j].pen.color().alpha() == 255
        assert all(c.pen.color().alpha() < 255 and c.pen.widthF() == line_px for k, c in enumerate(curves) if k != j)
        pens = window.bars_view._models[result.penalty.short_name].bars.opts["pens"]
        assert [p.widthF() for p in pens].index(3.0) == j and sum(p.widthF() == 3.0 for p in pens) == 1
    dataset = state.results_dataset
    column = int(np.flatnonzero(feature_order(dataset.n_features, dataset.groups) == j)[0])
    for items in window.stability_view._models.values():
        widths = [p.widthF() for p in items.frequency.opts["pens"]]
        assert widths.index(3.0) == column and widths.count(3.0) == 1
    _click_row(qtbot, view.legend, j)  # again: cleared everywhere
    assert state.highlighted_feature is None
    assert window.bars_view._models["L1"].bars.opts["pens"] is None
    assert len({c.pen.widthF() for c in view.panel(state.results()[0].penalty).curves}) == 1


def test_help_and_readme_say_how_to_read_the_rings_the_legend_and_each_models_outline(qapp):
    from pathlib import Path

    from PySide6.QtGui import QTextDocument

    from resources import resource_path

    document = QTextDocument()
    document.setHtml(resource_path("help.html").read_text(encoding="utf-8"))
    help_text = " ".join(document.toPlainText().split())
    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8").split())
    for text in (help_text.casefold(), readme.casefold()):
        for words in ("leave the model again", "hollow ring", "type part of a name", "highlight it in every view",
                      "own unpenalized fit w₀", "stand upright"):
            assert words in text
