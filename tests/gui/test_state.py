"""The state object and the throttle, without a window."""

import pytest

from gui.state import BUDGET, LAMBDA, AppState
from gui.throttle import Throttler


def test_setters_emit_only_on_change(qtbot):
    state = AppState()
    seen = []
    state.settings_changed.connect(lambda: seen.append("settings"))
    state.strength_changed.connect(lambda: seen.append("strength"))
    state.source_changed.connect(lambda: seen.append("source"))
    state.set_standardize(True)
    state.set_cv_folds(5)
    state.set_strength(0.5)
    state.set_builtin("diabetes", {})
    assert seen == []
    state.set_standardize(False)
    state.set_strength(0.7)
    state.set_strength(1.5)  # a budget is clamped to [0, 1]
    state.set_builtin("sparse", {"seed": 1})
    assert seen == ["settings", "strength", "strength", "source"]
    assert state.strength == 1.0


def test_mode_switch_changes_mode_and_strength_before_either_signal(qtbot):
    state = AppState()
    seen = []
    state.strength_mode_changed.connect(lambda: seen.append((state.strength_mode, state.strength)))
    state.strength_changed.connect(lambda: seen.append((state.strength_mode, state.strength)))
    state.set_strength_mode(LAMBDA, -1.25)
    assert seen == [(LAMBDA, -1.25), (LAMBDA, -1.25)]
    state.set_strength_mode(LAMBDA, 3.0)
    assert len(seen) == 2
    with pytest.raises(ValueError):
        state.set_strength_mode("log", 0.0)
    state.set_strength_mode(BUDGET, 0.3)
    assert state.strength == 0.3


def test_elastic_net_alpha_only_matters_when_it_is_compared(qtbot):
    state = AppState()
    recomputes = []
    state.settings_changed.connect(lambda: recomputes.append(1))
    state.set_enet_alpha(0.3)
    assert recomputes == [] and [p.short_name for p in state.penalties] == ["L1", "L2"]
    state.set_enet_enabled(True)
    state.set_enet_alpha(0.6)
    assert len(recomputes) == 2 and state.penalties[-1].short_name == "EN 0.60"


def test_throttle_fires_on_the_leading_and_the_trailing_edge(qtbot):
    throttler = Throttler(30)
    fired = []
    throttler.triggered.connect(lambda: fired.append(1))
    throttler.throttle()
    assert fired == [1]  # leading edge: at once
    for _ in range(10):
        throttler.throttle()
    assert fired == [1] and throttler.has_pending()
    qtbot.waitUntil(lambda: len(fired) == 2, timeout=2000)  # trailing edge: one more, not ten
    qtbot.waitUntil(lambda: not throttler._timer.isActive(), timeout=2000)
    assert fired == [1, 1]
    throttler.throttle()
    throttler.throttle()
    throttler.stop()
    assert fired == [1, 1, 1] and not throttler.has_pending() and not throttler._timer.isActive()
