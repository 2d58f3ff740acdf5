"""GUI test fixtures: a real main window on the offscreen platform, and guards that fail a test when it
leaves a worker thread or a running timer behind."""

import numpy as np
import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QMessageBox

# The offscreen platform says once per resize that it ignores size hints: not a defect of RegLab.
OFFSCREEN_NOTICE = "does not support propagateSizeHints"
RESULTS_TIMEOUT_MS = 60_000


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOTICE))


@pytest.fixture(autouse=True)
def no_leftover_workers(qapp):
    """Fail the test when a worker thread is still running after it (its window must stop them)."""
    yield
    pool = QThreadPool.globalInstance()
    active = pool.activeThreadCount()
    pool.waitForDone(5000)  # do not let one failure poison the next test
    assert active == 0, f"{active} worker thread(s) outlived the test"


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch):
    """Record the static message boxes (warning, critical, ...) a test opens instead of showing them: a
    modal box would wait for a click that never comes and hang the run. Yields the (kind, title, text)
    tuples so that a test can check what the user would have read."""
    shown = []

    def recorder(kind, answer):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer
        return box

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind, QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", recorder("question", QMessageBox.StandardButton.Yes))
    return shown


def _running_timers(window):
    return [t for t in window.findChildren(QTimer) if t.isActive()]


@pytest.fixture
def make_window(qtbot):
    """Build (and show) main windows; at teardown close them and check that nothing keeps running."""
    from gui.main_window import MainWindow

    windows = []

    def make(start=True, **sources):
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1600, 1000)
        if "builtin" in sources:
            window.state.set_builtin(sources["builtin"], sources.get("params", {}))
        window.show()
        if start:
            window.start()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        # Both: the controller forgot its workers and their threads ended (a long step ends within seconds).
        qtbot.waitUntil(lambda: window.controller.alive_workers() == 0
                        and QThreadPool.globalInstance().activeThreadCount() == 0, timeout=5000)
        assert not _running_timers(window), f"timers still running: {_running_timers(window)}"


def wait_ready(qtbot, window, timeout=RESULTS_TIMEOUT_MS):
    """Wait until every view has painted complete results of the current state."""
    qtbot.waitUntil(lambda: window.controller.idle and window.all_views_ready(), timeout=timeout)


@pytest.fixture
def window(make_window, qtbot):
    """A window on diabetes (the default) with its first results drawn."""
    window = make_window()
    wait_ready(qtbot, window)
    return window


def curve_data(item):
    """(x, y) of a pyqtgraph data item, or of a paths panel's ``Curve``."""
    from gui.views.paths import Curve

    x, y = (item.x, item.y) if isinstance(item, Curve) else item.getData()
    return np.asarray(x), np.asarray(y)
