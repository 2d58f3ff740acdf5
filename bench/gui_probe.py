"""The GUI measurements, each in a fresh child process with the real window on the offscreen platform.

    python bench/gui_probe.py strength DATASET MOVES   -> JSON: the latency of each strength move
    python bench/gui_probe.py responsiveness DATASET   -> JSON: event-loop gaps while DATASET is loaded and recomputed

The window is built as main.py builds it (``main.build_window``). A strength move is timed from the strength
slider's change to the moment every view has painted a frame showing the new fits (``MainWindow.views_repainted``
with the new state token); a move whose frame never completes is counted as dropped, not timed.
Both print one JSON object on stdout, including the peak resident memory of the process.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from bench import data  # noqa: E402  (after the path set-up above)

MOVE_TIMEOUT_MS = 2000
LOAD_TIMEOUT_MS = 300_000
TICK_MS = 1


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB: VmHWM, whose count starts at this program's exec
    (``ru_maxrss`` would include the high-water mark inherited from the process that spawned it)."""
    status = Path("/proc/self/status")
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Session:
    """The real window, shown, with helpers to run the event loop until a condition holds."""

    def __init__(self):
        from PySide6.QtCore import QEventLoop, QTimer

        from main import build_window

        self.app, self.window = build_window([])
        self.state, self.controller = self.window.state, self.window.controller
        self.window.show()
        self._loop = QEventLoop()
        self._deadline = QTimer(singleShot=True)
        self._deadline.timeout.connect(self._loop.quit)

    def run_until(self, condition, timeout_ms: int) -> float | None:
        """Run the event loop until ``condition()`` holds, checked whenever a view has painted a frame.

        Returns the ``time.perf_counter()`` at which it was seen to hold, or None after ``timeout_ms``.
        """
        if condition():
            return time.perf_counter()
        seen = []

        def check(_token=None):
            if not seen and condition():
                seen.append(time.perf_counter())
                self._loop.quit()

        views = self.window.views()
        for view in views:
            view.repainted.connect(check)
        self._deadline.start(timeout_ms)
        self._loop.exec()
        self._deadline.stop()
        for view in views:
            view.repainted.disconnect(check)
        return seen[0] if seen else None

    def load(self, name: str) -> float:
        """Switch the window to benchmark dataset ``name``; return the seconds until every view shows it."""
        builtin, params = data.builtin_source(name)
        expected = data.load(name).X.shape
        started = time.perf_counter()
        self.state.set_builtin(builtin, params)

        def shown():
            shown_data = self.state.results_dataset
            return (shown_data is not None and shown_data.X.shape == expected and self.window.all_views_ready()
                    and all(r.cv is not None for r in self.state.results()))

        shown_at = self.run_until(shown, LOAD_TIMEOUT_MS)
        if shown_at is None:
            raise RuntimeError(f"the window did not show {data.label(name)} within {LOAD_TIMEOUT_MS / 1000} s")
        return shown_at - started

    def close(self) -> None:
        self.window.close()


def strength(name: str, moves: int) -> dict:
    """Move the strength slider through ``moves`` positions, one at a time, and time each until repainted.

    A move is complete when new fits have reached the state and every view has painted what it drew since.
    """
    import numpy as np
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.controller import FIT_THROTTLE_MS
    from gui.panels.penalty_panel import PenaltyPanel
    from gui.strength import SLIDER_STEPS

    session = Session()
    session.load(name)
    slider = session.window.findChild(PenaltyPanel).slider
    positions = [int(p) for p in np.linspace(SLIDER_STEPS, 0, moves).round() if int(p) != slider.value()]
    latencies, dropped, pause = [], 0, QEventLoop()
    for position in positions:
        fit_generation = session.state.fit_generation
        start = time.perf_counter()
        slider.setValue(position)
        done_at = session.run_until(lambda: session.state.fit_generation > fit_generation
                                    and session.window.all_views_ready(), MOVE_TIMEOUT_MS)
        if done_at is None:
            dropped += 1
        else:
            latencies.append(done_at - start)
        # Let the fit throttle's interval pass: each move is then a fresh one, as in a slow drag.
        QTimer.singleShot(2 * FIT_THROTTLE_MS, pause.quit)
        pause.exec()
    session.close()
    return {"dataset": data.label(name), "moves": len(positions), "dropped": dropped,
            "latencies": latencies, "peak_rss_mb": peak_rss_mb()}


def responsiveness(name: str) -> dict:
    """Longest gap between ticks of a 1 ms timer on the GUI thread while dataset ``name`` loads and recomputes."""
    from PySide6.QtCore import Qt, QTimer

    session = Session()
    session.load("diabetes")
    data.load(name)  # the probe's own copy (to recognise the data when shown), made before the clock starts
    ticks = []
    timer = QTimer(interval=TICK_MS)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    ticks.append(time.perf_counter())
    seconds = session.load(name)
    timer.stop()
    ticks.append(time.perf_counter())
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    session.close()
    return {"dataset": data.label(name), "recompute_s": seconds, "ticks": len(ticks), "max_gap_s": max(gaps),
            "gaps_over_50ms": sum(g > 0.05 for g in gaps), "p99_gap_s": sorted(gaps)[int(0.99 * (len(gaps) - 1))],
            "peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":
    kind, dataset, *rest = sys.argv[1:]
    result = strength(dataset, int(rest[0])) if kind == "strength" else responsiveness(dataset)
    print(json.dumps(result))
