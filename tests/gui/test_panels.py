"""The control panels as a lecturer meets them: the readouts whole and apart at a projector's size and after
presentation mode, the data panel unclipped, a typed entry that is not a number answered in words."""

import pytest
from PySide6.QtWidgets import QGroupBox, QLabel

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
