"""Where each model stands: the shared strength (budget s or log10 lambda) mapped to lambdas and plot positions."""

from __future__ import annotations

import math

import numpy as np

from gui.state import BUDGET

SLIDER_STEPS = 1000


def strength_axis_label(axis: str, room_px: float = math.inf, text_px=len) -> str:
    """The label of a plot's strength axis (``axis``: budget or log10 lambda): the longest wording whose width
    ``text_px(label)`` fits ``room_px`` (the shortest when none does).

    Both kinds put strong penalty on the left (the lambda axis runs from large to small), and the label says
    so: a lambda axis read the usual way would be backwards. w₀ is the model's own unpenalized fit (the limit
    lam -> 0 of its fits).
    """
    wordings = ("budget s = P(w) / P(w₀)", "budget s") if axis == BUDGET else ("log10 λ",)
    labels = [f"← stronger penalty · {quantity}" for quantity in wordings]
    return next((label for label in labels if text_px(label) <= room_px), labels[-1])


def lam_for_strength(mode: str, strength: float, path) -> float:
    """The lambda of a model with ``path`` at the shared strength (budget s in [0, 1], or log10 lambda)."""
    if mode == BUDGET:
        from core.paths import lam_for_budget

        return float(lam_for_budget(path, strength))
    return float(10.0**strength)


def budget_at(path, lam: float) -> float:
    from core.paths import budget_for_lam

    return float(budget_for_lam(path, lam))


def lam_readout(lam: float, path) -> str:
    """λ as a readout says it, true at the ends: λ → 0 is the unpenalized fit w₀, λ → ∞ ridge's w = 0, and
    λ_max the first grid point of L1 and the elastic net, where every coefficient is exactly 0 (budget 0)."""
    if lam == 0.0:
        return "λ → 0 (no penalty)"
    if lam == math.inf:
        return "λ → ∞"
    if lam >= path.lambdas[0] and path.budget[0] == 0.0:
        return f"λ = λmax = {path.lambdas[0]:.3g}"
    return f"λ = {lam:.3g}"


BUDGET_DECIMALS = 3  # the strength box's too: the readouts and the box say the same number


def budget_text(budget: float) -> str:
    """"s = 0.500": a budget as every readout and the strength box write it."""
    return f"s = {budget:.{BUDGET_DECIMALS}f}"


def model_readout(penalty, path, lam: float, coef=None) -> str:
    """One model's readout, "L1: λ = 2.09, s = 0.500, 7 of 10 non-zero", from its ``path`` at ``lam`` and its
    fit's ``coef`` (p,) (the count left out until the fit arrives). At s = 0 it says 0 non-zero for every model,
    as the constraint view does: ridge's w is 0 only in the limit λ → ∞, which is what s = 0 stands for."""
    nonzero = "" if coef is None else f", {int(np.count_nonzero(coef))} of {np.size(coef)} non-zero"
    return f"{penalty.short_name}: {lam_readout(lam, path)}, {budget_text(budget_at(path, lam))}{nonzero}"


def log10_on_grid(path, lam: float) -> float:
    """log10 of ``lam`` held to the path's grid: lam = 0 (s = 1) and lam = infinity (ridge at s = 0) sit at its ends."""
    return math.log10(min(max(float(lam), float(path.lambdas[-1])), float(path.lambdas[0])))


def x_of_lam(axis: str, path, lam: float) -> float:
    """Horizontal position of ``lam`` on a plot whose x axis is the budget or log10 lambda (held to the grid);
    with a strength mode for ``axis``, the shared strength that puts the model of ``path`` at ``lam``."""
    return budget_at(path, lam) if axis == BUDGET else log10_on_grid(path, lam)


def path_x(axis: str, path) -> np.ndarray:
    """Horizontal positions (k,) of the path's grid points."""
    return np.asarray(path.budget, dtype=float) if axis == BUDGET else np.log10(path.lambdas)


def strength_from_x(x: float, axis: str, mode: str, path) -> float:
    """The shared strength that puts the model of ``path`` at position ``x`` of an ``axis`` plot, held to the
    path's end (a line dragged past the plot's end stops there)."""
    if axis == mode:
        low, high = (0.0, 1.0) if mode == BUDGET else lambda_range([path])
        return min(max(float(x), low), high)
    if mode == BUDGET:  # x is log10 lambda
        return budget_at(path, 10.0**x)
    from core.paths import lam_for_budget

    return log10_on_grid(path, lam_for_budget(path, min(max(x, 0.0), 1.0)))


def lambda_range(paths) -> tuple[float, float]:
    """(low, high) log10 lambda spanned by the models' grids, for the slider in lambda mode."""
    lows = [math.log10(p.lambdas[-1]) for p in paths]
    highs = [math.log10(p.lambdas[0]) for p in paths]
    return (min(lows), max(highs)) if lows else (-3.0, 3.0)


def slider_to_strength(position: int, mode: str, log_range: tuple[float, float]) -> float:
    fraction = position / SLIDER_STEPS
    if mode == BUDGET:
        return fraction
    low, high = log_range
    # Left = strong penalty in both modes: the slider runs from high lambda to low lambda.
    return high - fraction * (high - low)


def strength_to_slider(strength: float, mode: str, log_range: tuple[float, float]) -> int:
    if mode == BUDGET:
        fraction = strength
    else:
        low, high = log_range
        fraction = (high - strength) / (high - low) if high > low else 0.5
    return int(round(min(max(fraction, 0.0), 1.0) * SLIDER_STEPS))


def x_of_lams(axis: str, path, lams) -> np.ndarray:
    """Horizontal positions (k,) of the lambdas ``lams`` (k,) of a curve computed on the model of ``path``."""
    lams = np.asarray(lams, dtype=float)
    if lams.shape == np.shape(path.lambdas) and np.array_equal(lams, path.lambdas):
        return path_x(axis, path)
    return np.array([x_of_lam(axis, path, lam) for lam in lams])
