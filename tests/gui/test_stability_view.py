"""The stability tab: bootstrap refits on a worker, drawn as they arrive, restarted and cancelled like the others."""

from types import SimpleNamespace

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from core.stability import bootstrap_coefs, summarize_bootstrap
from gui.views.stability import N_BOOT, SEED, feature_order, readout_lines
from tests.gui.conftest import wait_ready

CORRELATED = {"n_samples": 100, "n_groups": 4, "group_size": 3, "rho": 0.9, "seed": 0}
# Large enough that 200 resamples take seconds: the job is caught half-way.
LARGE = {"n_samples": 20_000, "n_groups": 12, "group_size": 5, "rho": 0.9, "seed": 1}


def show_stability(window):
    window.slots["validation_tabs"].setCurrentWidget(window.stability_view)


def fit_lams(window) -> dict:
    return {r.penalty.short_name: r.fit.lam for r in window.state.results()}


def core_coefs(window) -> dict:
    """The bootstrap coefs (N_BOOT, p) core computes for the window's data and current fits, per model."""
    data = window.state.results_dataset
    return {r.penalty.short_name: bootstrap_coefs(data.X, data.y, r.penalty, r.fit.lam, n_boot=N_BOOT, seed=SEED,
                                                  standardize=window.state.standardize)
            for r in window.state.results()}


def drawn_frequencies(view, key):
    return np.asarray(view._models[key].frequency.opts["height"], dtype=float)


@pytest.fixture
def correlated(make_window, qtbot):
    window = make_window(builtin="correlated", params=CORRELATED)
    show_stability(window)
    wait_ready(qtbot, window)
    return window


def test_stability_tab_shows_what_core_computes(correlated):
    window, view = correlated, correlated.stability_view
    assert view.isVisible() and view.has_data()
    data = window.state.results_dataset
    order = feature_order(data.n_features, data.groups)
    coefs = core_coefs(window)
    summaries = {key: summarize_bootstrap(c) for key, c in coefs.items()}
    for key in ("L1", "L2"):
        assert_allclose(drawn_frequencies(view, key), summaries[key].selection_frequency[order])
        _, medians = view._models[key].medians.getData()
        assert_allclose(medians, np.median(coefs[key], axis=0)[order], rtol=1e-12, atol=1e-15)
    assert_array_equal(drawn_frequencies(view, "L2"), 1.0)
    text = view.readout.text
    assert f"L1 support changes in {summaries['L1'].support_change_share:.0%} of resamples" in text
    assert "L2 keeps every feature in every resample" in text
    assert f"stability index: L1 {summaries['L1'].stability_index:.2f}, L2 1.00" in text


def test_groups_stand_together_on_shaded_bands(correlated):
    view = correlated.stability_view
    # 4 groups of 3: groups 1 and 3 shaded, in both plots.
    spans = sorted(tuple(band.getRegion()) for _, band in view._bands)
    assert spans == [(-0.5, 2.5), (-0.5, 2.5), (5.5, 8.5), (5.5, 8.5)]
    names = correlated.state.results_dataset.feature_names
    labels = view.freq_plot.getAxis("bottom").label_layout[2]  # (position, text) of each name drawn
    positions = [k for k, _ in labels]
    assert [text for _, text in labels] == [names[k] for k in positions]
    assert positions[0] == 0 and len(set(np.diff(positions))) == 1


def test_a_hidden_tab_computes_nothing(window):
    # The default window shows the validation tab: no bootstrap runs behind it.
    assert window.stability_view.isHidden()
    assert window.stability_view.progress is None
    assert window.all_views_ready()


def test_a_strength_change_restarts_the_bootstrap(correlated, qtbot):
    window, view = correlated, correlated.stability_view
    before = drawn_frequencies(view, "L1")
    window.state.set_strength(0.2)
    qtbot.waitUntil(lambda: not view.has_data(), timeout=5000)
    wait_ready(qtbot, window)
    order = feature_order(12, window.state.results_dataset.groups)
    expected = summarize_bootstrap(core_coefs(window)["L1"]).selection_frequency[order]
    assert_allclose(drawn_frequencies(view, "L1"), expected)
    assert not np.array_equal(before, drawn_frequencies(view, "L1"))


def test_partial_results_are_drawn_and_a_change_cancels_the_running_job(make_window, qtbot):
    window = make_window(builtin="correlated", params=LARGE)
    show_stability(window)
    view = window.stability_view
    qtbot.waitUntil(lambda: view.progress is not None and 2 <= view.progress.n_done < N_BOOT // 2, timeout=60_000)
    qtbot.waitUntil(lambda: "bootstrap:" in view.readout.text, timeout=5000)
    assert len(drawn_frequencies(view, "L1")) == 60
    first_models = view.bootstrap_models
    window.state.set_strength(0.3)  # new fits: the running bootstrap is abandoned and a new one starts
    qtbot.waitUntil(lambda: view.bootstrap_models != first_models and view.progress is not None, timeout=30_000)
    assert view.progress.n_done < N_BOOT
    lams = fit_lams(window)
    assert [lam for _, lam in view.bootstrap_models] == [lams["L1"], lams["L2"]]
    # Closing mid-run: the make_window fixture fails the test if a worker or a timer outlives the window.


def test_readout_comes_from_the_numbers():
    def summary(change, frequency, std, index):
        return SimpleNamespace(support_change_share=change, selection_frequency=np.asarray(frequency),
                               mean_std=std, stability_index=index)

    lines = readout_lines({"L1": summary(0.37, [1.0, 0.5], 0.3, 0.7), "L2": summary(0.0, [1.0, 1.0], 0.1, 1.0)})
    assert lines == ["L1 support changes in 37% of resamples", "L2 keeps every feature in every resample",
                     "L2 coefficient spread is 3.0 times smaller", "stability index: L1 0.70, L2 1.00"]
    lines = readout_lines({"L1": summary(0.0, [1.0, 1.0], 0.1, 1.0), "L2": summary(0.05, [1.0, 0.95], 0.4, 0.97)})
    assert lines[1:3] == ["L2 support changes in 5% of resamples", "L2 coefficient spread is 4.0 times larger"]


def test_feature_order_puts_group_members_side_by_side():
    assert_array_equal(feature_order(5, (1, 0, 1, 0, 2)), [1, 3, 0, 2, 4])
    assert_array_equal(feature_order(3, None), [0, 1, 2])


@pytest.mark.parametrize("size", [(1280, 720), (1600, 1000)])
@pytest.mark.parametrize("groups", [(5, 2), (10, 3)])  # 10 and 30 features
def test_every_feature_is_named_under_both_panels_without_overlap(make_window, qtbot, size, groups):
    from PySide6.QtGui import QFontMetricsF

    from gui.views.feature_axis import GAP_PX, label_font

    params = dict(CORRELATED, n_groups=groups[0], group_size=groups[1])
    window = make_window(builtin="correlated", params=params)
    window.resize(*size)
    show_stability(window)
    wait_ready(qtbot, window)
    view = window.stability_view
    dataset = window.state.results_dataset
    names = [dataset.feature_names[j] for j in feature_order(dataset.n_features, dataset.groups)]
    for panel, plot in (("coef", view.coef_plot), ("freq", view.freq_plot)):
        assert view.feature_labels(panel) == names, panel
        axis = plot.getAxis("bottom")
        upright, font_pt, labels = axis.label_layout
        metrics = QFontMetricsF(label_font(font_pt))
        spacing = axis._spacing_px()
        needed = metrics.height() if upright else max(metrics.horizontalAdvance(t) for _, t in labels) + GAP_PX
        assert needed <= spacing, (panel, upright, font_pt, needed, spacing)
        assert font_pt >= 7
        assert axis.height() >= (max(metrics.horizontalAdvance(t) for _, t in labels) if upright
                                 else metrics.height())


def test_long_names_stand_upright_abbreviated_in_the_middle(qtbot):
    import pyqtgraph as pg

    from gui.views.feature_axis import FeatureAxis

    plot = pg.PlotWidget(axisItems={"bottom": FeatureAxis()})
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    names = [f"total_serum_cholesterol_{k}" for k in range(12)]
    axis = plot.getPlotItem().getAxis("bottom")
    plot.setXRange(-0.6, 11.4, padding=0)
    axis.set_names(names)
    qtbot.waitUntil(lambda: axis.label_layout[0])
    texts = [t for _, t in axis.label_layout[2]]
    assert len(texts) == 12 and all("…" in t and t.startswith("tot") and t.endswith(str(k)) for k, t in enumerate(texts))


def test_at_no_penalty_on_wide_data_the_resamples_use_the_grids_weakest_lambda(make_window, qtbot):
    # s = 1 is lam = 0: unpenalized, each resample of p > n data is an interpolation coordinate descent takes
    # minutes over; the grid's smallest lambda is what the paths show as "no penalty".
    window = make_window(builtin="sparse", params={"n_samples": 40, "n_features": 80, "n_informative": 5})
    window.state.set_strength(1.0)
    wait_ready(qtbot, window)
    assert all(r.fit.lam == 0.0 for r in window.state.results())
    view = window.stability_view
    show_stability(window)
    qtbot.waitUntil(lambda: view._job_key is not None and view.progress is not None, timeout=30_000)
    _, _, models = view._job_key
    assert [lam for _, lam in models] == [float(r.path.lambdas.min()) for r in window.state.results()]
