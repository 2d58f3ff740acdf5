"""What the constraint view draws, as plain arrays: the two-feature problem, each model's ball and solution.

No Qt here: the view turns these into plot items, the tests check them against brute force and
``core.paths.fit_at``. Everything is exact 2-D math from ``core.geometry`` and cheap enough to redo
on every mouse move (see the view's per-update timing).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from core.datasets import Standardizer
from core.geometry import Quadratic2D, norm_ball
from core.penalties import Penalty

# The drawn solution traces: penalized solutions at these multiples (log-spaced) of glmnet's
# lam_max (which for ridge, lam_max / 0.001, already nearly reaches the origin), closed by their two ends.
TRACE_LAM_RATIOS = np.logspace(0.0, -6.0, 121)
BALL_POINTS = 129
CONTOUR_POINTS = 121
# Loss contours at these multiples of the loss excess at the origin: the fourth passes through it.
CONTOUR_SHARES = (np.arange(1, 8) / 4.0) ** 2
# The view's frame (``view_box``): room around the least-squares point, in units of its norm, and how far
# beyond the balls and the point (in units of their frame's size) a long touching contour is followed.
POINT_MARGIN = 0.15
TOUCHING_REACH = 0.25


@dataclass(frozen=True)
class ModelGeometry:
    """One model's picture at the current strength.

    Attributes
    ----------
    penalty : Penalty
    budget : float
        s = P(w) / P(w_ols) of the 2-feature problem.
    level : float
        The ball's level s * P(w_ols).
    w : ndarray of shape (2,)
        The constrained solution; a coefficient on a corner is exactly 0.0.
    lam : float
        Its multiplier: ``w`` is the penalized solution of the 2-feature problem at ``lam``.
    active : bool
        False when the least-squares point lies inside the ball (then ``w`` is that point).
    ball : ndarray of shape (m, 2)
        The ball's boundary, a closed polygon (corners exact vertices).
    touching : ndarray of shape (k, 2)
        The loss contour through ``w`` (none when inactive).
    trace : ndarray of shape (len(TRACE_LAM_RATIOS) + 2, 2) or None
        The solutions for s from 0 to 1 (``solution_trace``), when asked for.
    """

    penalty: Penalty
    budget: float
    level: float
    w: np.ndarray
    lam: float
    active: bool
    ball: np.ndarray
    touching: np.ndarray
    trace: np.ndarray | None = None

    @cached_property
    def zero_coords(self) -> tuple[int, ...]:
        """Indices of the coefficients that are exactly 0.0."""
        return tuple(int(j) for j in np.flatnonzero(self.w == 0.0))

    @cached_property
    def corner(self) -> int | None:
        """The coefficient set exactly to 0 by a corner of the ball (one zero, the other not), else None."""
        zeros = self.zero_coords
        return zeros[0] if self.active and len(zeros) == 1 and self.penalty.alpha > 0 else None


def default_features(dataset, ols_coef) -> tuple[int, int]:
    """The two features the view starts with.

    The two largest |unpenalized coefficients| ``ols_coef`` (p,); on data made of correlated groups
    (``dataset.groups``), the strongest feature and the one most correlated with it, so that the
    ellipses are tilted the way that makes L1 pick one of the pair.
    """
    ols_coef = np.abs(np.asarray(ols_coef, dtype=float))
    first = int(np.argmax(ols_coef))
    if getattr(dataset, "groups", None) is None:
        second = int(np.argsort(-ols_coef, kind="stable")[1])
    else:
        # Centred cross-products from one matrix-vector product: no centred copy of X (the GUI thread runs this,
        # and a copy of a 100000 x 50 X takes longer than a frame).
        X = np.asarray(dataset.X, dtype=float)
        mean = X.mean(axis=0)
        cross = X.T @ X[:, first] - X.shape[0] * mean * mean[first]
        scale = np.sqrt(np.maximum(np.einsum("ij,ij->j", X, X) - X.shape[0] * mean * mean, 0.0))
        correlation = np.abs(cross) / np.maximum(scale * scale[first], np.finfo(float).tiny)
        correlation[first] = -1.0
        second = int(np.argmax(correlation))
    return first, second


def problem_from_data(X, y, features: tuple[int, int], standardize: bool) -> Quadratic2D:
    """The loss of the model on the two ``features`` of X (n, p) alone, on the program's scale.

    The columns are standardized with their own mean and population std when ``standardize``
    (as every fit of the program is), then ``Quadratic2D.from_data`` (intercept unpenalized).
    """
    X2 = np.asarray(X, dtype=float)[:, list(features)]
    if standardize:
        X2 = Standardizer.fit(X2).transform(X2)
    return Quadratic2D.from_data(X2, y)


def contour_family(quad: Quadratic2D) -> np.ndarray:
    """Loss contours around the least-squares point as one polyline, ellipses separated by NaN rows, (m, 2)."""
    excess = float(quad.loss(np.zeros(2))) - quad.loss_min
    if excess <= 0.0:  # the least-squares point is the origin: nothing to encircle
        return np.empty((0, 2))
    ellipses = quad.contours(quad.loss_min + CONTOUR_SHARES * excess, CONTOUR_POINTS)
    gaps = np.full((len(CONTOUR_SHARES), 1, 2), np.nan)
    return np.concatenate([ellipses, gaps], axis=1).reshape(-1, 2)


def solution_trace(quad: Quadratic2D, penalty: Penalty) -> np.ndarray:
    """The solutions from the origin (s = 0) to the least-squares point (s = 1), shape (len(TRACE_LAM_RATIOS) + 2, 2).

    The penalized form min loss + lam * P(w) traces the same curve as the constrained one (each
    lam is a budget's multiplier) and is closed-form at every lam, with no iteration: cheap enough
    to redo on every mouse move. lam runs down from glmnet's lam_max = max|H w_ols| / max(alpha, 0.001).
    """
    lam_max = float(np.abs(quad.H @ quad.w_ols).max()) / penalty.lam_max_denominator()
    trace = quad.penalized_path(penalty, lam_max * TRACE_LAM_RATIOS)
    return np.concatenate([np.zeros((1, 2)), trace, quad.w_ols[None, :]])


def model_geometry(quad: Quadratic2D, penalty: Penalty, *, budget: float | None = None,
                   lam: float | None = None, with_trace: bool = False) -> ModelGeometry:
    """The ball, solution and touching contour of ``penalty`` at a budget s or at a lam.

    Exactly one of ``budget`` (the constrained form: min loss s.t. P(w) <= s * P(w_ols), s clipped
    to [0, 1]) or ``lam`` (the penalized form: min loss + lam * P(w), whose solution lies on the ball
    of level P(w)) is given. ``with_trace`` adds the ``solution_trace``.
    """
    if (budget is None) == (lam is None):
        raise ValueError("give exactly one of budget and lam")
    reference = float(penalty.value(quad.w_ols))
    if budget is not None:
        level = min(max(float(budget), 0.0), 1.0) * reference
        solution = quad.constrained_solution(penalty, level)
        w, lam, active = solution.w, solution.lam, solution.active
    else:
        w = quad.penalized_solution(penalty, lam)
        level = float(penalty.value(w))
        active = lam > 0.0 and level < reference
    trace = solution_trace(quad, penalty) if with_trace else None
    touching = quad.contour(float(quad.loss(w)), CONTOUR_POINTS) if active else np.empty((0, 2))
    return ModelGeometry(penalty=penalty, budget=level / reference if reference > 0 else 1.0, level=level, w=w,
                         lam=float(lam), active=bool(active), ball=norm_ball(penalty, level, BALL_POINTS),
                         touching=touching, trace=trace)


def view_box(quad: Quadratic2D, penalties) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (x, y) ranges that frame the whole picture at every budget: the origin, the least-squares point with
    a margin of ``POINT_MARGIN`` times its norm, each of ``penalties``' balls at s = 1 (which holds the ball at
    every smaller budget) and the touching contours of every budget (all inside the contour through the
    origin, the one touching at s = 0). That contour may be long and thin (strongly correlated features): it is
    framed only up to ``TOUCHING_REACH`` times the size of the rest beyond it, so the balls never become specks."""
    w = quad.w_ols
    norm = float(np.hypot(*w))
    shapes = [np.zeros((1, 2)), w - POINT_MARGIN * norm, w + POINT_MARGIN * norm]
    shapes += [norm_ball(penalty, float(penalty.value(w)), BALL_POINTS) for penalty in penalties]
    shapes = [np.atleast_2d(shape) for shape in shapes]
    low = np.min([shape.min(axis=0) for shape in shapes], axis=0)
    high = np.max([shape.max(axis=0) for shape in shapes], axis=0)
    if float(quad.loss(np.zeros(2))) > quad.loss_min:
        through_origin = quad.contour(float(quad.loss(np.zeros(2))), CONTOUR_POINTS)
        reach = TOUCHING_REACH * (high - low)
        low, high = (np.maximum(np.minimum(low, through_origin.min(axis=0)), low - reach),
                     np.minimum(np.maximum(high, through_origin.max(axis=0)), high + reach))
    if not np.all(high - low > 0.0):  # the least-squares point is the origin: nothing to frame but it
        low, high = np.minimum(low, -1.0), np.maximum(high, 1.0)
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))
