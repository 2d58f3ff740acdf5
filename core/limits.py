"""The unpenalized limit w_0 = lim lam -> 0 of each model's fit, where least squares has many solutions.

As lam -> 0 the minimiser of 1/(2n)||y - b - Xw||^2 + lam * P(w) tends to the least-squares solution
of smallest penalty::

    w_0 = argmin P(w)  subject to  X w = X w_ls,   P(w) = alpha * ||w||_1 + (1 - alpha)/2 * ||w||_2^2

(for the lasso, one of them where several share the least L1 norm). When X has full column rank that
is the least-squares fit itself; otherwise (p >= n, or dependent columns) X w = X w_ls is the affine set
{w : R w = R w_ls} for any orthonormal basis R (r, p) of X's row space, and the problems here are stated
on (R, t = R w_ls): ridge's limit is R't, the lasso's a linear program, the elastic net's a strongly
convex problem solved through its dual.
"""

from __future__ import annotations

import numpy as np

# The elastic net's dual iteration stops when R w misses t by less than this share of ||t||.
_DUAL_RTOL = 1e-12
_DUAL_MAX_ITER = 200
# Shift of the dual Newton system, relative to its scale: keeps it solvable while the support is too small.
_DUAL_SHIFT = 1e-12
_ARMIJO = 1e-4


def min_l1_on_affine(rows, target) -> np.ndarray:
    """argmin ||w||_1 subject to rows @ w = target, as a linear program (HiGHS).

    Parameters
    ----------
    rows : ndarray of shape (r, p)
        Orthonormal rows (a basis of X's row space).
    target : ndarray of shape (r,)

    Returns
    -------
    w : ndarray of shape (p,)
        A vertex of the solution set (at most r non-zero coefficients).
    """
    from scipy.optimize import linprog

    rows = np.asarray(rows, dtype=float)
    p = rows.shape[1]
    # w = u - v with u, v >= 0: at the optimum at most one of u_j, v_j is non-zero, and sum(u + v) = ||w||_1.
    result = linprog(np.ones(2 * p), A_eq=np.hstack([rows, -rows]), b_eq=target, bounds=(0.0, None), method="highs")
    if result.status != 0:
        raise RuntimeError(f"the minimum-L1-norm least-squares fit was not found: {result.message}")
    return result.x[:p] - result.x[p:]


def elastic_net_on_affine(rows, target, alpha: float) -> np.ndarray:
    """argmin alpha ||w||_1 + (1 - alpha)/2 ||w||_2^2 subject to rows @ w = target, for 0 <= alpha < 1.

    The dual, maximise D(mu) = t'mu - ||S(R'mu)||^2 / (2 beta) with beta = 1 - alpha and S the soft
    threshold at alpha, is concave and piecewise quadratic; its maximiser gives w = S(R'mu) / beta.
    Newton steps on the current support (with a backtracking line search) end exactly once the support
    is the solution's.

    Parameters
    ----------
    rows : ndarray of shape (r, p)
        Orthonormal rows (a basis of X's row space).
    target : ndarray of shape (r,)
    alpha : float in [0, 1)

    Returns
    -------
    w : ndarray of shape (p,)
    """
    rows = np.asarray(rows, dtype=float)
    target = np.asarray(target, dtype=float)
    beta = 1.0 - alpha
    tolerance = _DUAL_RTOL * max(float(np.linalg.norm(target)), np.finfo(float).tiny)

    def primal(mu):
        correlation = rows.T @ mu
        return np.sign(correlation) * np.maximum(np.abs(correlation) - alpha, 0.0) / beta

    def dual(mu, w):
        return float(target @ mu) - beta / 2.0 * float(w @ w)

    # Start where the dual would be exact if every coefficient kept the sign of the minimum-L2-norm fit.
    nearest = rows.T @ target
    mu = rows @ (beta * nearest + alpha * np.sign(nearest))
    w = primal(mu)
    for _ in range(_DUAL_MAX_ITER):
        gradient = target - rows @ w
        if np.linalg.norm(gradient) <= tolerance:
            break
        support = rows[:, w != 0.0]
        system = support @ support.T
        system[np.diag_indices_from(system)] += _DUAL_SHIFT * max(float(np.trace(system)), 1.0)
        step = beta * np.linalg.solve(system, gradient)
        value, slope, share = dual(mu, w), float(gradient @ step), 1.0
        while True:  # D is concave and the step ascends: a short enough one gains
            trial = mu + share * step
            trial_w = primal(trial)
            if dual(trial, trial_w) >= value + _ARMIJO * share * slope or share < 1e-12:
                break
            share /= 2.0
        mu, w = trial, trial_w
    return w
