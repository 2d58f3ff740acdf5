"""What every view draws must equal what the state says: one check that tests and the soak test share.

Call ``assert_views_match_state(window)`` once the window has settled (``window.controller.idle`` and
``window.all_views_ready()``: see ``wait_ready`` in conftest). It raises AssertionError naming the view and
what disagrees.
"""

from __future__ import annotations

import re

import numpy as np

from core.penalties import L1, L2, elastic_net
from gui import style
from gui.state import BUDGET
from gui.strength import budget_at, lam_for_strength, lam_readout, x_of_lam

RTOL = 1e-9


def _close(a, b) -> bool:
    return bool(np.allclose(a, b, rtol=RTOL, atol=1e-12))


def assert_views_match_state(window) -> None:
    """Every view's strength marker, bars and readouts show the state's strength and results."""
    state = window.state
    problems = []
    if state.loaded_source != state.source:
        problems.append(f"the loaded data {state.loaded_source} is not the chosen source {state.source}")
    if state.generation != window.controller.generation:
        problems.append(f"results of recompute {state.generation} shown, current is {window.controller.generation}")
    results = state.results()
    for result in results:
        name = result.penalty.short_name
        if result.path is None or result.fit is None:
            problems.append(f"{name}: no path or no fit")
            continue
        lam = lam_for_strength(state.strength_mode, state.strength, result.path)
        if not _close(result.fit.lam, lam):
            problems.append(f"{name}: the state's fit is at lambda {result.fit.lam:.6g}, the strength says {lam:.6g}")
    # (recompute, fit) generations: a view need not follow results it does not draw (the paths view, new CV).
    for view in window.views():
        drawn = view.drawn_token
        if view.isVisible() and (not isinstance(drawn, tuple) or drawn[:2] != state.token[:2]):
            problems.append(f"{view.title}: drawn from results {drawn}, the state holds {state.token}")
    complete = [r for r in results if r.path is not None and r.fit is not None]
    problems += _paths_problems(window.paths_view, state, complete)
    problems += _bars_problems(window.bars_view, state, complete)
    problems += _validation_problems(window.validation_view, state, complete)
    problems += _constraint_problems(window.constraint_view, state)
    problems += _readout_problems(window.penalty_panel, state, complete)
    assert not problems, "views disagree with the state:\n  " + "\n  ".join(problems)


def _strength_x(state, path) -> float:
    return x_of_lam(state.x_axis, path, lam_for_strength(state.strength_mode, state.strength, path))


def _paths_problems(view, state, results) -> list[str]:
    problems = []
    for result in results:
        panel = view.panel(result.penalty)
        name = f"paths {result.penalty.short_name}"
        if panel.path is not result.path:
            problems.append(f"{name}: drawn from another path than the state's")
            continue
        if not panel.line.isVisible():
            problems.append(f"{name}: strength line hidden")
        if not _close(panel.line.value(), _strength_x(state, result.path)):
            problems.append(f"{name}: strength line at x = {panel.line.value():.6g}, "
                            f"the state puts it at {_strength_x(state, result.path):.6g}")
    return problems


def _bars_problems(view, state, results) -> list[str]:
    problems = []
    for result in results:
        drawn = view.bar_data(result.penalty)[1]
        coef = np.asarray(result.fit.coef, float)
        if drawn.shape != coef.shape or not _close(drawn, coef):
            problems.append(f"bars {result.penalty.short_name}: drawn {drawn[:4]}..., the fit is {coef[:4]}...")
    for penalty in _not_compared(state):
        if view.bar_data(penalty)[1].size:
            problems.append(f"bars: {style.model_key(penalty)} drawn but not compared")
    return problems


def _not_compared(state) -> list:
    """A penalty standing for each model slot (L1, L2, EN) that the state does not compare."""
    compared = {style.model_key(p) for p in state.penalties}
    return [p for p in (L1, L2, elastic_net(0.5)) if style.model_key(p) not in compared]


def _validation_problems(view, state, results) -> list[str]:
    problems = []
    for result in results:
        line = view.curve_items(result.penalty).current
        name = f"validation {result.penalty.short_name}"
        if not line.isVisible():
            problems.append(f"{name}: strength line hidden")
        elif not _close(line.value(), _strength_x(state, result.path)):
            problems.append(f"{name}: strength line at x = {line.value():.6g}, "
                            f"the state puts it at {_strength_x(state, result.path):.6g}")
    return problems


def _constraint_problems(view, state) -> list[str]:
    if state.lab_mode or view.quad is None:
        return []
    problems = []
    dataset = state.results_dataset
    if state.constraint_features is not None and view.features != state.constraint_features:
        problems.append(f"constraint: features {view.features} drawn, the state chose {state.constraint_features}")
    if view.features is not None and max(view.features) >= dataset.n_features:
        problems.append(f"constraint: features {view.features} drawn on data with {dataset.n_features} features")
    for penalty in _not_compared(state):
        if view.model_geometry(penalty) is not None:
            problems.append(f"constraint: {style.model_key(penalty)} drawn but not compared")
    for penalty in state.penalties:
        geometry = view.model_geometry(penalty)
        if geometry is None:
            problems.append(f"constraint {penalty.short_name}: not drawn")
        elif state.strength_mode == BUDGET and not _close(geometry.budget, min(max(state.strength, 0.0), 1.0)):
            problems.append(f"constraint {penalty.short_name}: drawn at s = {geometry.budget:.6g}, "
                            f"the state says {state.strength:.6g}")
        elif state.strength_mode != BUDGET and not _close(geometry.lam, 10.0**state.strength):
            problems.append(f"constraint {penalty.short_name}: drawn at lambda = {geometry.lam:.6g}, "
                            f"the state says {10.0**state.strength:.6g}")
    return problems


def _readout_problems(panel, state, results) -> list[str]:
    """Each readout names its model's λ and budget as the fit has them, to the digits it shows."""
    problems = []
    for result in results:
        text = panel.readouts[style.model_key(result.penalty)].text()
        lam, budget = result.fit.lam, budget_at(result.path, result.fit.lam)
        shown = re.search(r"s = (\d+\.(\d+))", text)
        if lam_readout(lam, result.path) not in text:
            problems.append(f"readout {result.penalty.short_name}: {text!r} lacks {lam_readout(lam, result.path)!r}")
        if shown is None or abs(float(shown.group(1)) - budget) > 0.51 * 10.0 ** -len(shown.group(2)):
            problems.append(f"readout {result.penalty.short_name}: {text!r} does not say s = {budget:.4f}")
    return problems
