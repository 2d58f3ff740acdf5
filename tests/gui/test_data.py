"""Changing the data and the settings: built-in datasets, standardization, the elastic net, CSV files."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.datasets import load_builtin
from core.paths import Problem
from tests.gui.conftest import curve_data, wait_ready


def _reference_path(data, penalty, standardize):
    problem = Problem.from_data(data.X, data.y, standardize=standardize)
    return problem.path(penalty, problem.strength_grid(penalty))


def test_switching_to_sparse_shows_the_truth_and_scores_the_support(window, qtbot):
    window.data_panel.dataset_box.setCurrentText("sparse")
    wait_ready(qtbot, window)
    data = window.state.results_dataset
    expected = load_builtin("sparse")
    assert_allclose(data.X, expected.X)
    assert set(window.data_panel.param_widgets) >= {"n_samples", "n_features", "seed"}
    truth_x, truth_y = window.bars_view.truth.getData()
    assert len(truth_x) == np.count_nonzero(expected.true_coef)  # no tick where the truth is 0
    true = expected.true_coef != 0
    kept = window.state.results()[0].fit.coef != 0
    found, false = int(np.sum(true & kept)), int(np.sum(~true & kept))
    assert f"L1 found {found} of {int(true.sum())} true features, {false} false" in window.bars_view.summary.text
    # A parameter edit regenerates the data.
    window.data_panel.param_widgets["seed"].setValue(7)
    wait_ready(qtbot, window)
    assert_allclose(window.state.results_dataset.X, load_builtin("sparse", seed=7).X)


def test_toggling_standardize_refits_on_raw_features(window, qtbot):
    window.data_panel.standardize_box.setChecked(False)
    wait_ready(qtbot, window)
    data = load_builtin("diabetes")
    for result in window.state.results():
        path = _reference_path(data, result.penalty, standardize=False)
        _, y = curve_data(window.paths_view.panel(result.penalty).curves[2])
        assert_allclose(y, path.coefs[:, 2], rtol=1e-7, atol=1e-7)


def test_adding_and_removing_the_elastic_net(window, qtbot):
    window.penalty_panel.enet_box.setChecked(True)
    wait_ready(qtbot, window)
    names = [r.penalty.short_name for r in window.state.results()]
    assert names == ["L1", "L2", "EN 0.50"]
    en = window.state.results()[2]
    path = _reference_path(load_builtin("diabetes"), en.penalty, standardize=True)
    _, y = curve_data(window.paths_view.panel(en.penalty).curves[0])
    assert_allclose(y, path.coefs[:, 0], rtol=1e-6, atol=1e-6)
    assert window.paths_view.panel(en.penalty).plot.scene() is not None
    window.penalty_panel.enet_box.setChecked(False)
    wait_ready(qtbot, window)
    assert [r.penalty.short_name for r in window.state.results()] == ["L1", "L2"]
    assert window.paths_view.panel(en.penalty).plot.scene() is None
    assert len(window.bars_view.bar_data(en.penalty)[1]) == 0


def _write_csv(path, rows=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, 3))
    y = X @ [2.0, 0.0, -1.0] + rng.normal(scale=0.1, size=rows)
    lines = ["height,weight,age,score"] + [",".join(f"{v:.6f}" for v in (*x, t)) for x, t in zip(X, y)]
    path.write_text("\n".join(lines) + "\n")
    return X, y


def test_loading_a_good_csv_then_a_bad_one_keeps_the_good_one(window, qtbot, tmp_path, monkeypatch):
    good = tmp_path / "good.csv"
    X, y = _write_csv(good)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    window.open_csv()
    wait_ready(qtbot, window)
    data = window.state.results_dataset
    assert data.feature_names == ("height", "weight", "age") and data.target_name == "score"
    assert_allclose(data.X, X, atol=1e-6)
    targets = [window.data_panel.target_box.itemText(i) for i in range(window.data_panel.target_box.count())]
    assert set(targets) == {"height", "weight", "age", "score"}

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\nx,y\n")
    with qtbot.waitSignal(window.controller.data_error, timeout=30_000):
        window.state.set_csv(str(bad))
    wait_ready(qtbot, window)
    assert len(shown) == 1 and shown[0]
    assert window.state.dataset is data and window.state.results_dataset is data
    assert window.state.source.csv_path == str(good)


def test_dropping_a_csv_file_loads_it(window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    dropped = tmp_path / "dropped.csv"
    _write_csv(dropped, seed=3)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_ready(qtbot, window)
    assert window.state.results_dataset.target_name == "score"
    assert window.state.source.csv_path == str(dropped)


@pytest.mark.parametrize("name", ["correlated"])
def test_every_builtin_dataset_draws(window, qtbot, name):
    window.data_panel.dataset_box.setCurrentText(name)
    wait_ready(qtbot, window)
    assert window.state.results_dataset.n_features == load_builtin(name).n_features


def test_names_and_notes_from_a_file_are_shown_as_text_not_markup(window, qtbot, tmp_path):
    rng = np.random.default_rng(3)
    path = tmp_path / "markup.csv"
    rows = ["<b>bold</b>,w,label,<i>y</i>"]
    rows += [f"{a:.3f},{b:.3f},<u>row{i}</u>,{a + b + rng.normal():.3f}"
             for i, (a, b) in enumerate(rng.normal(size=(30, 2)))]
    path.write_text("\n".join(rows) + "\n")
    window.state.set_csv(str(path))
    wait_ready(qtbot, window)
    text = window.data_panel.summary.text()
    assert "&lt;i&gt;y&lt;/i&gt;" in text and "&lt;u&gt;row0&lt;/u&gt;" in text
    assert "<u>" not in text and "<b>bold" not in text
