"""The control panels as a lecturer meets them: the readouts whole and apart at a projector's size and after
presentation mode, the data panel unclipped, a typed entry that is not a number answered in words."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QWidget

from tests.gui.conftest import wait_ready


def _strength_form(panel):
    box = next(b for b in panel.findChildren(QGroupBox) if b.title().startswith("Strength"))
    return box.layout()


def _form_problems(panel) -> list[str]:
    """The strength box's rows that overlap, are squeezed below their minimum, or a readout lower than its lines."""
    form = _strength_form(panel)
    rows = [form.itemAt(i) for i in range(form.count())]
    rows = [item for item in rows if not item.isEmpty() and (item.widget() is None or item.widget().isVisible())]
    problems = []
    for index, item in enumerate(rows):
        rect, name = item.geometry(), item.widget().text() if isinstance(item.widget(), QLabel) else f"row {index}"
        if rect.height() < item.minimumSize().height():
            problems.append(f"{name!r}: {rect.height()} px high, needs {item.minimumSize().height()}")
        problems += [f"{name!r} overlaps row {other}" for other, below in enumerate(rows[index + 1:], index + 1)
                     if rect.intersects(below.geometry())]
    for key, label in panel.readouts.items():
        lines = QLabel.heightForWidth(label, label.width())  # its text's own lines, nothing held
        if label.isVisible() and label.height() < lines:
            problems.append(f"{key} readout {label.height()} px high, its lines need {lines}")
    return problems


def _readouts_shown(panel) -> bool:
    return all("non-zero" in label.text() for label in panel.readouts.values() if label.isVisible())


@pytest.mark.parametrize("enet", [False, True], ids=["two models", "elastic net"])
def test_at_1024x768_the_readouts_have_their_lines_from_the_first_start(qtbot, enet):
    from gui.main_window import MainWindow

    window = MainWindow(views=False)  # as main.py starts it: the window at its size first, then the views
    qtbot.addWidget(window)
    window.state.set_enet_enabled(enet)
    window.resize(1024, 768)
    window.show()
    window.start_then_build_views()
    qtbot.waitUntil(lambda: window.views_are_built, timeout=60_000)
    wait_ready(qtbot, window)
    panel, l1 = window.penalty_panel, window.penalty_panel.readouts["L1"]
    if not enet:  # three models: the docks stand beside the bottom row, wider, and each readout takes one line
        assert QLabel.heightForWidth(l1, l1.width()) >= 2 * l1.fontMetrics().height(), "two lines at 1024 px"
    qtbot.waitUntil(lambda: _readouts_shown(panel) and not _form_problems(panel), timeout=5000)
    window.close()
    qtbot.waitUntil(lambda: window.controller.alive_workers() == 0, timeout=5000)


def test_after_presentation_mode_the_readouts_take_their_lines_again(window, qtbot):
    panel = window.penalty_panel
    window.presentation_action.setChecked(True)
    window.showNormal()  # offscreen, full screen is the 800 x 800 test screen
    window.resize(1600, 1000)
    wait_ready(qtbot, window)
    qtbot.waitUntil(lambda: panel.readouts["L1"].height() >= 2 * panel.readouts["L1"].fontMetrics().height())
    window.presentation_action.setChecked(False)
    window.resize(1600, 1000)
    wait_ready(qtbot, window)
    # One line each at 1600 px: no room kept for the presentation fonts' lines.
    one_line = panel.readouts["L1"].fontMetrics().height()
    for key in ("L1", "L2"):
        label = panel.readouts[key]
        qtbot.waitUntil(lambda: label.height() == QLabel.heightForWidth(label, label.width()) == one_line)
    assert not _form_problems(panel)


# -- typed entries: the data panel on its own (no computation), the strength box in the window ----------------
@pytest.fixture
def data_panel(qtbot):
    from gui.panels.data_panel import DataPanel
    from gui.state import AppState

    panel = DataPanel(AppState())
    qtbot.addWidget(panel)
    panel.show()
    panel.messages = []
    panel.message.connect(panel.messages.append)
    return panel


def _type(qtbot, box, text):
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_a_typed_entry_that_is_not_a_number_says_so_and_a_new_value_clears_the_message(data_panel, qtbot):
    data_panel.dataset_box.setCurrentText("sparse")
    noise, state = data_panel.param_widgets["noise"], data_panel.state
    source = state.source
    _type(qtbot, noise, "abc")
    assert data_panel.messages == ["'abc' is not a number: Noise (std) stays at 1.00."]
    assert noise.value() == 1.0 and noise.text() == "1.00" and state.source == source
    _type(qtbot, noise, "-1")
    assert data_panel.messages[-1] == "Noise (std) must be at least 0."
    _type(qtbot, noise, "0.3")
    assert data_panel.messages[-1] == "" and dict(state.source.params)["noise"] == 0.3  # the refusal is stale
    _type(qtbot, data_panel.folds_box, "five")
    _type(qtbot, data_panel.fraction_box, "")
    assert data_panel.messages[-2:] == ["'five' is not a number: CV folds stays at 5.",
                                        "No number was typed: Validation fraction stays at 0.25."]
    data_panel.folds_box.stepUp()
    assert data_panel.messages[-1] == "" and state.cv_folds == 6


def test_a_strength_typed_as_text_says_so_and_the_next_strength_clears_it(window, qtbot):
    box = window.penalty_panel.value_box
    _type(qtbot, box, "abc")
    assert window.message.text() == "'abc' is not a number: the strength stays at s = 0.500."
    assert window.state.strength == 0.5 and box.text() == "s = 0.500"
    _type(qtbot, box, "0.3")
    assert window.state.strength == pytest.approx(0.3) and window.message.text() == ""
    wait_ready(qtbot, window)


# -- the data panel in its scroll area -------------------------------------------------------------------------
def _clipped(panel) -> list[str]:
    """The data panel's widgets that reach past its scroll area's viewport on the right, or are squeezed below
    their minimum width; the panel wider than the viewport."""
    area = panel.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    viewport = area.viewport()
    problems = [f"panel {panel.width()} px wide, viewport {viewport.width()}"] if panel.width() > viewport.width() else []
    for widget in panel.findChildren(QWidget):
        if not widget.isVisible() or widget.parentWidget() not in (panel, panel.params_box) and \
                not isinstance(widget.parentWidget(), QGroupBox):
            continue
        right = widget.mapTo(viewport, widget.rect().topRight()).x()
        name = getattr(widget, "text", lambda: type(widget).__name__)()[:30] or type(widget).__name__
        if right >= viewport.width():
            problems.append(f"{name!r} reaches x = {right}, the viewport is {viewport.width()} px wide")
        if widget.width() < widget.minimumSizeHint().width():
            problems.append(f"{name!r} {widget.width()} px wide, needs {widget.minimumSizeHint().width()}")
    return problems


def test_the_data_panel_fits_its_scroll_area_at_1024x768(window, qtbot, tmp_path):
    long_names = tmp_path / "long.csv"
    long_names.write_text("a_feature_with_a_very_long_name,another_long_feature_name,the_target_column_named_at_length\n"
                          + "".join(f"{i},{i * i % 7},{i % 5}\n" for i in range(30)))
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    panel = window.data_panel
    for choose in (lambda: window.state.set_builtin("sparse", {}), lambda: window.state.set_builtin("correlated", {}),
                   lambda: window.state.set_csv(str(long_names))):
        choose()
        wait_ready(qtbot, window)
        qtbot.waitUntil(lambda: not _clipped(panel), timeout=5000)
