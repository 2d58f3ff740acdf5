"""The menus a lecturer drives: View > Show controls, Open and drop of data files, Edit > Undo / Redo / Reset to
defaults / Copy, and readouts that can be selected."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from gui.state import LAMBDA, default_settings
from tests.gui.conftest import wait_ready


def _write_table(path, delimiter=",", rows=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, 3))
    y = X @ [1.5, 0.0, -2.0] + rng.normal(scale=0.1, size=rows)
    lines = [delimiter.join(["u", "v", "w", "target"])]
    lines += [delimiter.join(f"{value:.6f}" for value in (*x, t)) for x, t in zip(X, y)]
    path.write_text("\n".join(lines) + "\n")


# View > Show controls ------------------------------------------------------------------------------------------

def test_show_controls_follows_a_dock_closed_with_its_button(make_window, qtbot):
    window = make_window(start=False)
    data_dock = window.docks[1]
    data_dock.close()  # what its x button does
    assert not window.controls_action.isChecked()
    window.controls_action.trigger()  # brings every dock back
    assert all(dock.isVisible() for dock in window.docks) and window.controls_action.isChecked()
    window.controls_action.trigger()
    assert not any(dock.isVisible() for dock in window.docks) and not window.controls_action.isChecked()
    data_dock.toggleViewAction().trigger()  # each dock has its own entry in the View menu too
    assert data_dock.isVisible() and not window.controls_action.isChecked()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert {d.toggleViewAction() for d in window.docks} <= set(view_menu.actions())


# Open and drop ------------------------------------------------------------------------------------------------

def test_the_open_dialog_shows_every_file_the_reader_reads(make_window, monkeypatch):
    window = make_window(start=False)
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (asked.append(args[3]), ("", ""))[1])
    window.open_csv()
    default_filter = asked[0].split(";;")[0]
    for pattern in ("*.csv", "*.tsv", "*.txt"):
        assert pattern in default_filter


@pytest.mark.parametrize("suffix, delimiter", [(".tsv", "\t"), (".txt", ";")])
def test_a_dropped_tsv_or_txt_file_is_loaded(window, qtbot, tmp_path, suffix, delimiter):
    dropped = tmp_path / f"table{suffix}"
    _write_table(dropped, delimiter)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert event.isAccepted()
    wait_ready(qtbot, window)
    assert window.state.results_dataset.feature_names == ("u", "v", "w")


# Undo, redo, reset -------------------------------------------------------------------------------------------

# One new value per user setting (names from gui.state.SETTINGS), set through the state as a control would.
CHANGES = {
    "source": lambda s: s.set_builtin("sparse", {}),
    "standardize": lambda s: s.set_standardize(False),
    "validation_fraction": lambda s: s.set_validation_fraction(0.4),
    "cv_folds": lambda s: s.set_cv_folds(7),
    "enet_enabled": lambda s: s.set_enet_enabled(True),
    "enet_alpha": lambda s: s.set_enet_alpha(0.3),
    "strength_mode": lambda s: s.set_strength_mode(LAMBDA, 0.5),
    "strength": lambda s: s.set_strength(0.2),
    "x_axis": lambda s: s.set_x_axis(LAMBDA),
    "constraint_features": lambda s: s.set_constraint_features((3, 4)),
    "lab_mode": lambda s: s.set_lab_mode(True),
    "lab_rho": lambda s: s.set_lab_rho(-0.3),
    "lab_ols": lambda s: s.set_lab_ols((1.0, -1.0)),
}


def test_every_user_setting_has_a_change_here():
    assert set(CHANGES) == set(default_settings())


@pytest.mark.parametrize("name", list(CHANGES))
def test_every_setting_change_undoes_and_redoes(make_window, name):
    window = make_window(start=False)
    state, stack = window.state, window.history.stack
    before = state.settings()
    CHANGES[name](state)
    after = state.settings()
    assert after[name] != before[name]
    assert stack.count() == 1
    window.undo_action.trigger()
    assert state.settings() == before
    assert stack.count() == 1 and stack.canRedo()  # an undo pushes nothing
    window.redo_action.trigger()
    assert state.settings() == after and stack.count() == 1


def _text(action):
    return action.text().replace("&", "")


def test_the_edit_menu_names_what_undo_and_redo_do(make_window):
    window = make_window(start=False)
    window.state.set_cv_folds(7)
    assert _text(window.undo_action) == "Undo CV folds"
    window.undo_action.trigger()
    assert _text(window.redo_action) == "Redo CV folds"
    window.state.set_builtin("sparse", {})
    assert _text(window.undo_action) == "Undo data: sparse"


def test_undo_redo_shortcuts(make_window):
    window = make_window(start=False)
    assert QKeySequence("Ctrl+Z") in window.undo_action.shortcuts()
    redo = window.redo_action.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in redo
    assert all(key in redo for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))


def _mouse(widget, kind):
    event = QMouseEvent(kind, QPointF(5, 5), widget.mapToGlobal(QPointF(5, 5)), Qt.MouseButton.LeftButton,
                        Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_a_slider_drag_is_one_undo_step(make_window):
    window = make_window(start=False)
    state, stack, slider = window.state, window.history.stack, window.penalty_panel.slider
    start = state.strength
    _mouse(slider, QEvent.Type.MouseButtonPress)
    for position in (400, 350, 300, 250, 200):  # what a drag does to the slider
        slider.setValue(position)
    _mouse(slider, QEvent.Type.MouseButtonRelease)
    assert stack.count() == 1 and state.strength == pytest.approx(0.2)
    _mouse(slider, QEvent.Type.MouseButtonPress)  # a second drag: a second step
    slider.setValue(800)
    _mouse(slider, QEvent.Type.MouseButtonRelease)
    assert stack.count() == 2
    window.undo_action.trigger()
    assert state.strength == pytest.approx(0.2)
    window.undo_action.trigger()
    assert state.strength == start and slider.value() == round(start * 1000)


def test_a_drag_back_to_where_it_started_leaves_no_step(make_window):
    window = make_window(start=False)
    state = window.state
    state.set_strength(0.3)
    state.set_strength(0.5)
    assert window.history.stack.count() == 0 and not window.undo_action.isEnabled()


def test_undo_of_a_dataset_change_brings_the_previous_data_back(window, qtbot):
    names = window.state.results_dataset.feature_names
    window.data_panel.dataset_box.setCurrentText("sparse")
    wait_ready(qtbot, window)
    assert window.state.results_dataset.feature_names != names
    window.undo_action.trigger()
    wait_ready(qtbot, window)
    assert window.state.results_dataset.feature_names == names
    assert window.data_panel.dataset_box.currentText() == "diabetes"


def test_panels_follow_an_undo(make_window):
    window = make_window(start=False)
    state, data, penalty = window.state, window.data_panel, window.penalty_panel
    data.folds_box.setValue(9)
    data.standardize_box.setChecked(False)
    data.fraction_box.setValue(0.4)
    assert (state.cv_folds, state.standardize, state.validation_fraction) == (9, False, 0.4)
    for _ in range(3):
        window.undo_action.trigger()
    assert (data.folds_box.value(), data.standardize_box.isChecked(), data.fraction_box.value()) == (5, True, 0.25)
    penalty.enet_box.setChecked(True)
    penalty.alpha_slider.setValue(20)
    penalty.enet_box.setChecked(False)
    window.history.reset()  # the mixing of a switched-off elastic net changes, with no signal of its own
    assert not state.enet_enabled and state.enet_alpha == 0.5
    assert penalty.alpha_label.text() == "0.50" and penalty.alpha_slider.value() == 50
    window.undo_action.trigger()
    assert penalty.alpha_label.text() == "0.20" and penalty.alpha_slider.value() == 20


def test_reset_to_defaults_is_one_step_that_undoes(window, qtbot):
    state = window.state
    state.set_builtin("correlated", {})
    state.set_cv_folds(3)
    state.set_enet_enabled(True)
    state.set_strength_mode(LAMBDA, -1.0)
    state.set_lab_mode(True)
    wait_ready(qtbot, window)
    changed = state.settings()
    steps = window.history.stack.count()
    reset = next(a for a in window.findChildren(type(window.undo_action)) if a.text() == "Reset to &defaults")
    reset.trigger()
    assert state.settings() == default_settings()
    assert window.history.stack.count() == steps + 1 and _text(window.undo_action) == "Undo reset to defaults"
    wait_ready(qtbot, window)
    assert state.results_dataset.feature_names[:3] == ("age", "sex", "bmi")
    assert window.penalty_panel.budget_button.isChecked() and window.data_panel.folds_box.value() == 5
    window.undo_action.trigger()
    assert state.settings() == changed


def test_a_refused_file_leaves_no_undo_step(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    state, stack = window.state, window.history.stack
    state.set_cv_folds(4)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\nx,y\n")
    with qtbot.waitSignal(window.controller.data_error, timeout=30_000):
        state.set_csv(str(bad))
    wait_ready(qtbot, window)
    assert state.source.builtin == "diabetes"
    assert stack.count() == 1 and _text(window.undo_action) == "Undo CV folds"


# Copy ---------------------------------------------------------------------------------------------------------

def _rows(text):
    return [line.split("\t") for line in text.splitlines()]


def _click(view):
    from pytestqt.qtbot import QtBot

    QtBot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, 20))


def test_a_clicked_view_takes_focus_and_copy_puts_its_numbers_on_the_clipboard(window, qtbot):
    view = window.bars_view
    _click(view)
    assert window._view_of(QApplication.focusWidget()) is view
    window.copy_action.trigger()
    rows = _rows(QApplication.clipboard().text())
    results = window.state.results()
    assert rows[0] == ["feature", *(r.penalty.short_name for r in results)]
    names = window.state.results_dataset.feature_names
    assert [row[0] for row in rows[1:]] == list(names)
    for k, result in enumerate(results, start=1):
        np.testing.assert_array_equal([float(row[k]) for row in rows[1:]], result.fit.coef)


def test_copy_of_the_paths_has_every_grid_point_of_every_model(window):
    _click(window.paths_view)
    window.copy_action.trigger()
    rows = _rows(QApplication.clipboard().text())
    dataset = window.state.results_dataset
    assert rows[0] == ["model", "lambda", "s", *dataset.feature_names]
    l1 = window.state.results()[0]
    l1_rows = np.array([[float(v) for v in row[1:]] for row in rows[1:] if row[0] == l1.penalty.short_name])
    np.testing.assert_array_equal(l1_rows[:, 0], l1.path.lambdas)
    np.testing.assert_array_equal(l1_rows[:, 1], l1.path.budget)
    np.testing.assert_array_equal(l1_rows[:, 2:], l1.path.coefs)
    assert len(rows) == 1 + sum(len(r.path.lambdas) for r in window.state.results())


def test_the_validation_and_constraint_views_copy_their_numbers(window):
    table = window.validation_view.table()
    assert table[0][:5] == ["model", "lambda", "s", "training MSE", "validation MSE"]
    l2 = window.state.results()[1]
    l2_rows = [row for row in table[1:] if row[0] == l2.penalty.short_name]
    np.testing.assert_array_equal([row[5] for row in l2_rows], l2.cv.mean)
    table = window.constraint_view.table()
    geometry = window.constraint_view.model_geometry(window.state.penalties[0])
    assert table[1][:3] == [window.state.penalties[0].short_name, geometry.w[0], geometry.w[1]]
    assert len(table) == 1 + len(window.state.penalties)


def test_the_stability_view_copies_its_selection_frequencies(window, qtbot):
    window.choose_tab("stability")
    wait_ready(qtbot, window)
    table = window.stability_view.table()
    assert table[0][0] == "feature" and "L1 selection frequency" in table[0][1]
    frequencies = np.array([row[1:] for row in table[1:]], float)
    assert frequencies.shape == (window.state.results_dataset.n_features, 2)
    assert np.all((frequencies >= 0) & (frequencies <= 1))
    assert np.all(frequencies[:, 1] == 1.0)  # ridge keeps every feature in every resample


def test_copy_with_no_view_chosen_says_what_to_do(window, monkeypatch):
    from gui.main_window import COPY_HINT

    window.penalty_panel.slider.setFocus()
    monkeypatch.setattr(QApplication, "widgetAt", staticmethod(lambda *args: None))
    QApplication.clipboard().setText("before")
    window.copy_action.trigger()
    assert QApplication.clipboard().text() == "before"
    assert window.message.text() == COPY_HINT


def test_readouts_can_be_selected(window):
    readouts = [*window.penalty_panel.readouts.values(), window.constraint_view.readout,
                window.constraint_view.zero_panel.result]
    for label in readouts:
        assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_the_keys_reach_the_edit_menu_from_a_focused_view(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    _click(window.bars_view)
    canvas = QApplication.focusWidget()
    QApplication.clipboard().setText("")
    qtbot.keyClick(canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().startswith("feature\t")
    window.state.set_cv_folds(7)
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.cv_folds == 5
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.state.cv_folds == 7
    wait_ready(qtbot, window)
