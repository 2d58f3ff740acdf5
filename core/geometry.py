"""The two-feature problem behind the constraint view: loss ellipses, norm balls, exact solutions.

With two features the loss of a model is a quadratic form in w = (w1, w2)::

    loss(w) = 1/2 (w - w_ols)' H (w - w_ols) + loss_min,

and every question the constraint view asks has an exact answer. The penalized solution
(min loss + lam * P(w)) and the constrained one (min loss subject to P(w) <= level) come from
enumerating which coordinates are zero and with which signs, each case in closed form (or, for
the circles below, a scalar secular equation solved by Newton's method to rounding error), never
from a descent method stopped at a tolerance: a solution on a corner of the ball has a coefficient
that is exactly 0.0.

Inside the quadrant of signs s (both coordinates non-zero) the boundary {P(w) = level} of the ball is

- for L1 (alpha = 1): the segment s.w = level;
- otherwise: an arc of the circle ||w + (alpha/beta) s||^2 = 2 (level + alpha^2/beta) / beta, beta = 1 - alpha
  (one circle for L2, four shifted ones, one per quadrant, for the elastic net).

The solvers work on batches of problems and levels with the two coordinates held apart (x and y
arrays of shape (m, candidates)): with length-2 vectors numpy's per-call overhead, not arithmetic,
sets the cost, and the constraint view redraws on every mouse move.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np

from core.penalties import Penalty

# The four corners of a ball as directions (x, y): one coordinate exactly 0, the other +-1.
_CORNER_X = np.array([1.0, -1.0, 0.0, 0.0])
_CORNER_Y = np.array([0.0, 0.0, 1.0, -1.0])
# The signs (x, y) of the four quadrants (both coordinates non-zero).
_QUADRANT_X = np.array([1.0, 1.0, -1.0, -1.0])
_QUADRANT_Y = np.array([1.0, -1.0, 1.0, -1.0])
# The signs (x, y) of the penalized solver's nine candidates: the origin, the corners, the quadrants.
_CANDIDATE_X = np.concatenate([[0.0], _CORNER_X, _QUADRANT_X])
_CANDIDATE_Y = np.concatenate([[0.0], _CORNER_Y, _QUADRANT_Y])
# H whose smallest eigenvalue is below this fraction of the largest has no unique minimum in practice.
_SINGULAR_RTOL = 1e-10
_NEWTON_MAX_ITER = 100
_NEWTON_RTOL = 4.0 * np.finfo(float).eps
_TINY = np.finfo(float).tiny
# The range of the random correlation in the zero-frequency Monte Carlo (the lab's slider range).
ZERO_FREQUENCY_RHO_MAX = 0.95


@dataclass(frozen=True)
class ConstrainedSolution:
    """The minimiser of the loss subject to P(w) <= level, with its Lagrange multiplier.

    Attributes
    ----------
    w : ndarray of shape (2,)
        The solution; a coefficient on a corner of the ball is exactly 0.0.
    lam : float
        The multiplier: ``w`` is also the penalized solution at ``lam``. 0 when the constraint is
        inactive; at level 0 the smallest lam that gives w = 0 (inf for L2, which never reaches 0).
    active : bool
        False when the least-squares point lies inside the ball (then ``w`` is that point).
    zero_coords : tuple of int
        The indices of the coefficients that are exactly 0.0.
    """

    w: np.ndarray
    lam: float
    active: bool
    zero_coords: tuple[int, ...]


@dataclass(frozen=True)
class ConstrainedPath:
    """Constrained solutions of one problem and penalty at m levels (``ConstrainedSolution`` in bulk).

    Attributes
    ----------
    levels : ndarray of shape (m,)
    w : ndarray of shape (m, 2)
    lam : ndarray of shape (m,)
    active : ndarray of bool, shape (m,)
    """

    levels: np.ndarray
    w: np.ndarray
    lam: np.ndarray
    active: np.ndarray

    def solution(self, i: int) -> ConstrainedSolution:
        """The solution at ``levels[i]``."""
        w = self.w[i].copy()
        return ConstrainedSolution(
            w=w,
            lam=float(self.lam[i]),
            active=bool(self.active[i]),
            zero_coords=tuple(j for j, value in enumerate(w.tolist()) if value == 0.0),
        )


@dataclass(frozen=True)
class _Problems:
    """Losses 1/2 (w - w_ols)' H (w - w_ols), one per row of a batch.

    Every field is a float (one problem) or a column of shape (m, 1), so that it broadcasts against
    candidate arrays of shape (m, k). H = [[h00, h01], [h01, h11]] has eigenvalues d0 and d1 with
    eigenvectors (c, s) and (-s, c); w_ols = (x0, y0).
    """

    h00: np.ndarray | float
    h01: np.ndarray | float
    h11: np.ndarray | float
    d0: np.ndarray | float
    d1: np.ndarray | float
    c: np.ndarray | float
    s: np.ndarray | float
    x0: np.ndarray | float
    y0: np.ndarray | float

    @classmethod
    def correlation(cls, rho, w_ols) -> _Problems:
        """Unit-variance features: H = [[1, rho], [rho, 1]] for rho (m,), w_ols (m, 2)."""
        rho = rho[:, None]
        half = np.sqrt(0.5)
        return cls(1.0, rho, 1.0, 1.0 - rho, 1.0 + rho, half, -half, w_ols[:, :1], w_ols[:, 1:])

    def half_quadratic(self, x, y):
        """1/2 (w - w_ols)' H (w - w_ols) at the points (x, y)."""
        dx, dy = x - self.x0, y - self.y0
        return 0.5 * (self.h00 * dx * dx + self.h11 * dy * dy) + self.h01 * dx * dy

    def gradient(self, x, y):
        """H (w - w_ols) at the points (x, y), as its two components."""
        dx, dy = x - self.x0, y - self.y0
        return self.h00 * dx + self.h01 * dy, self.h01 * dx + self.h11 * dy

    def penalty_at_ols(self, alpha):
        return _penalty_value(alpha, self.x0, self.y0)


@dataclass(frozen=True)
class Quadratic2D:
    """The loss of a two-feature model: 1/2 (w - w_ols)' H (w - w_ols) + loss_min.

    Parameters
    ----------
    H : ndarray of shape (2, 2)
        Symmetric positive definite (for data: X2'X2 / n of the centred columns).
    w_ols : ndarray of shape (2,)
        The least-squares point, the centre of the loss ellipses.
    loss_min : float, default 0.0
        The loss at ``w_ols`` (>= 0).

    Raises
    ------
    ValueError
        If H is not symmetric positive definite: then the loss has no unique minimum and its
        contours are not ellipses.
    """

    H: np.ndarray
    w_ols: np.ndarray
    loss_min: float = 0.0
    _eigvals: np.ndarray = field(init=False, repr=False, compare=False)
    _eigvecs: np.ndarray = field(init=False, repr=False, compare=False)
    _problem: _Problems = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Scalar math on the 2x2 matrix: numpy's per-call overhead (allclose, eigh) costs more than the
        # arithmetic, and the lab builds a new problem on every mouse move.
        H = np.array(self.H, dtype=float)
        w_ols = np.array(self.w_ols, dtype=float)
        loss_min = float(self.loss_min)
        if H.shape != (2, 2) or w_ols.shape != (2,):
            raise ValueError(f"H must have shape (2, 2) and w_ols shape (2,), got {H.shape} and {w_ols.shape}")
        (h00, h01), (h10, h11) = H.tolist()
        x0, y0 = w_ols.tolist()
        if not (all(map(math.isfinite, (h00, h01, h10, h11, x0, y0, loss_min))) and loss_min >= 0):
            raise ValueError("H, w_ols and loss_min must be finite, and loss_min >= 0")
        if abs(h01 - h10) > 1e-12 * abs(h10):
            raise ValueError(f"H must be symmetric, got {H.tolist()}")
        h01 = (h01 + h10) / 2.0
        H = np.array([[h00, h01], [h01, h11]])
        eigvals, (c, s) = _symmetric_eigen(h00, h01, h11)
        _require_definite(eigvals)
        eigvals = np.array(eigvals)
        eigvecs = np.array([[c, -s], [s, c]])
        for name, value in (("H", H), ("w_ols", w_ols), ("_eigvals", eigvals), ("_eigvecs", eigvecs)):
            value.setflags(write=False)
            object.__setattr__(self, name, value)
        object.__setattr__(self, "loss_min", loss_min)
        object.__setattr__(self, "_problem", _Problems(h00, h01, h11, *eigvals.tolist(), c, s, x0, y0))

    @classmethod
    def from_data(cls, X2, y) -> Quadratic2D:
        """The loss 1/(2n) ||y - mean(y) - Xc w||^2 of two columns as a quadratic form.

        The intercept is unpenalized and minimised out: Xc is X2 centred by its column means.
        Pass standardized columns to match the rest of the program (it is not redone here).

        Parameters
        ----------
        X2 : array of shape (n, 2)
        y : array of shape (n,)

        Raises
        ------
        ValueError
            If the shapes are wrong, or the two columns are collinear or one is constant
            (no unique least-squares point: choose other features).
        """
        X2 = np.asarray(X2, dtype=float)
        y = np.asarray(y, dtype=float)
        if X2.ndim != 2 or X2.shape[1] != 2 or y.shape != (X2.shape[0],) or X2.shape[0] < 2:
            raise ValueError(f"need X2 of shape (n, 2) and y of shape (n,) with n >= 2, got {X2.shape} and {y.shape}")
        n = X2.shape[0]
        Xc = X2 - X2.mean(axis=0)
        yc = y - y.mean()
        H = Xc.T @ Xc / n
        _require_definite(np.linalg.eigvalsh(H))  # before the solve divides by a zero pivot
        w_ols = np.linalg.solve(H, Xc.T @ yc / n)
        residual = yc - Xc @ w_ols
        return cls(H, w_ols, residual @ residual / (2 * n))

    @classmethod
    def synthetic(cls, rho: float, ols_point, loss_min: float = 0.0) -> Quadratic2D:
        """Two unit-variance features with correlation ``rho`` (|rho| < 1): H = [[1, rho], [rho, 1]].

        Parameters
        ----------
        rho : float in (-1, 1)
        ols_point : array of shape (2,)
            The least-squares point.
        loss_min : float, default 0.0
        """
        rho = float(rho)
        if not -1.0 < rho < 1.0:
            raise ValueError(f"the correlation rho must lie strictly between -1 and 1, got {rho!r}")
        return cls(np.array([[1.0, rho], [rho, 1.0]]), ols_point, loss_min)

    def ols(self) -> np.ndarray:
        """The least-squares point, shape (2,)."""
        return self.w_ols.copy()

    def loss(self, w) -> np.ndarray | float:
        """The loss at w of shape (2,) (a float) or (m, 2) (shape (m,))."""
        w = np.asarray(w, dtype=float)
        return self._problem.half_quadratic(w[..., 0], w[..., 1]) + self.loss_min

    def gradient(self, w) -> np.ndarray:
        """The gradient H (w - w_ols) of the loss at w of shape (2,) or (m, 2), same shape."""
        return (np.asarray(w, dtype=float) - self.w_ols) @ self.H

    def contour(self, level: float, n_points: int = 200) -> np.ndarray:
        """Points of the exact ellipse {w : loss(w) = level}, shape (n_points, 2).

        A closed polygon: the last point repeats the first. A level equal to ``loss_min`` gives the
        single point ``w_ols`` (shape (1, 2)); a level below it gives an empty array (shape (0, 2)).
        """
        excess = float(level) - self.loss_min
        if excess < 0:
            return np.empty((0, 2))
        if excess == 0:
            return self.w_ols[None, :].copy()
        return self.contours(level, n_points)[0]

    def contours(self, levels, n_points: int = 200) -> np.ndarray:
        """The ellipses {w : loss(w) = level} of ``contour`` for levels (k,) above ``loss_min``, shape (k, n_points, 2).

        One vectorised call for a family of contours.
        """
        excess = np.atleast_1d(np.asarray(levels, dtype=float)) - self.loss_min
        if not excess.min() > 0:
            raise ValueError(f"contour levels must exceed loss_min = {self.loss_min}, got {levels!r}")
        # In the eigenbasis the ellipse is axis-aligned with semi-axes sqrt(2 * excess / eigval): scale the
        # circle once by 1/sqrt(eigval), then each contour by sqrt(2 * excess).
        ellipse = (_unit_circle(max(int(n_points), 3)) / np.sqrt(self._eigvals)) @ self._eigvecs.T
        return self.w_ols + np.sqrt(2.0 * excess)[:, None, None] * ellipse

    def level_for_budget(self, penalty: Penalty, budget) -> np.ndarray | float:
        """The ball level budget * P(w_ols) of the relative budget s in [0, 1] (float or shape (m,))."""
        return np.asarray(budget, dtype=float) * penalty.value(self.w_ols)

    def penalized_solution(self, penalty: Penalty, lam: float) -> np.ndarray:
        """Exact argmin of loss(w) + lam * P(w), shape (2,).

        P(w) = alpha ||w||_1 + (1 - alpha)/2 ||w||_2^2 (``penalty``), lam >= 0. The minimiser is found
        among the nine candidates of which coordinates are zero and with which signs (each a
        closed-form 2x2 or 1x1 solve), so zeros are exact.
        """
        return self.penalized_path(penalty, _check_nonnegative(lam, "lam"))[0]

    def penalized_path(self, penalty: Penalty, lams) -> np.ndarray:
        """Exact argmin of loss(w) + lam * P(w) for each lam (see ``penalized_solution``), shape (m, 2).

        One vectorised closed-form call, no iteration: the cheap way to draw a whole solution trace.

        Parameters
        ----------
        lams : array of shape (m,)
            lam >= 0.
        """
        lams = np.atleast_1d(_check_nonnegative(lams, "lams"))
        return np.column_stack(_penalized(self._problem, penalty.alpha, lams))

    def constrained_solution(self, penalty: Penalty, level: float) -> ConstrainedSolution:
        """Exact argmin of loss(w) subject to P(w) <= level, with its Lagrange multiplier.

        P(w) = alpha ||w||_1 + (1 - alpha)/2 ||w||_2^2 (``penalty``), level >= 0. When the
        least-squares point is inside the ball it is the solution (inactive, lam = 0); otherwise the
        solution is the best of the four corners of the ball and the minima of the loss on the
        quadrants' boundary pieces (see the module docstring): closed form for L1, a trust-region
        secular equation solved by Newton's method to rounding error for the circles.
        """
        level = _check_nonnegative(level, "level")
        return self._path(penalty, np.atleast_1d(level)).solution(0)

    def constrained_path(self, penalty: Penalty, budgets) -> ConstrainedPath:
        """Constrained solutions (see ``constrained_solution``) at levels s * P(w_ols) for each budget s.

        One vectorised call: a trace plus the current point (append the current budget) costs about
        what a single solution does.

        Parameters
        ----------
        budgets : array of shape (m,)
            Relative budgets s >= 0 (0: the origin, >= 1: the least-squares point).
        """
        budgets = np.atleast_1d(_check_nonnegative(budgets, "budgets"))
        return self._path(penalty, self.level_for_budget(penalty, budgets))

    def solution_trace(self, penalty: Penalty, budgets) -> np.ndarray:
        """The constrained solutions ``constrained_path(penalty, budgets).w``, shape (m, 2)."""
        return self.constrained_path(penalty, budgets).w

    def _path(self, penalty, levels):
        x, y, lam = _constrained(self._problem, penalty.alpha, levels)
        return ConstrainedPath(levels, np.column_stack([x, y]), lam, self._problem.penalty_at_ols(penalty.alpha) > levels)


def norm_ball(penalty: Penalty, level: float, n_points: int = 256) -> np.ndarray:
    """Boundary of the ball {w : P(w) <= level} as a closed polygon, shape (4 k + 1, 2).

    P(w) = alpha ||w||_1 + (1 - alpha)/2 ||w||_2^2. A diamond for L1, the circle of radius
    sqrt(2 level) for L2, a rounded diamond in between. The four points on the axes (the diamond's
    corners) are polygon vertices with the other coordinate exactly 0.0. Each quadrant holds
    k = max(1, (n_points - 1) // 4) segments; the last point repeats the first. Level 0 gives the
    origin, shape (1, 2).
    """
    level = float(_check_nonnegative(level, "level"))
    if level == 0.0:
        return np.zeros((1, 2))
    directions, l1_of_directions = _ball_directions(max(1, (int(n_points) - 1) // 4))
    # Each point lies on its ray at the exact distance where P = level.
    return _radius_on_ray(penalty.alpha, level, l1_of_directions)[:, None] * directions


@dataclass(frozen=True)
class ZeroCounts:
    """Cumulative counts of the zero-frequency Monte Carlo.

    Attributes
    ----------
    penalties : tuple of Penalty
    n_samples : int
        Random problems solved so far.
    n_zero : ndarray of shape (len(penalties),)
        How many of their constrained solutions have a coefficient exactly 0.0, per penalty.
    """

    penalties: tuple[Penalty, ...]
    n_samples: int
    n_zero: np.ndarray

    @property
    def share(self) -> np.ndarray:
        """n_zero / n_samples per penalty, shape (len(penalties),) (NaN before the first sample)."""
        return self.n_zero / self.n_samples if self.n_samples else np.full(len(self.penalties), np.nan)


class ZeroFrequency:
    """Live Monte Carlo: how often does a constrained solution have an exact zero?

    Each random problem has two unit-variance features with correlation rho uniform in
    (-0.95, 0.95), so H = [[1, rho], [rho, 1]], and a least-squares point drawn from the standard
    normal distribution of the plane (uniform direction). Every penalty is solved on the same problems,
    at level ``budget * P(w_ols)``. The draws are one stream of three uniforms per problem, so the
    counts depend on the seed and the total number of samples only, not on how ``step`` chunks them.

    Parameters
    ----------
    penalties : sequence of Penalty
    budget : float >= 0
        The relative budget s (0: the origin, 1: unconstrained).
    seed : int, default 0
    """

    def __init__(self, penalties, budget: float, seed: int = 0):
        self.penalties = tuple(penalties)
        self.budget = float(_check_nonnegative(budget, "budget"))
        self._rng = np.random.default_rng(seed)
        self._counts = ZeroCounts(self.penalties, 0, np.zeros(len(self.penalties), dtype=int))

    @property
    def counts(self) -> ZeroCounts:
        return self._counts

    def step(self, n: int) -> ZeroCounts:
        """Solve ``n`` more random problems; return the cumulative counts."""
        uniforms = self._rng.random((int(n), 3))
        rho = ZERO_FREQUENCY_RHO_MAX * (2.0 * uniforms[:, 0] - 1.0)
        # Box-Muller: a standard normal point from its uniform angle and Rayleigh radius.
        angle = 2.0 * np.pi * uniforms[:, 1]
        radius = np.sqrt(-2.0 * np.log1p(-uniforms[:, 2]))
        problems = _Problems.correlation(rho, radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]))
        new_zeros = []
        for penalty in self.penalties:
            x, y, _ = _constrained(problems, penalty.alpha, self.budget * problems.penalty_at_ols(penalty.alpha)[:, 0])
            new_zeros.append(np.count_nonzero((x == 0.0) | (y == 0.0)))
        previous = self._counts
        self._counts = ZeroCounts(self.penalties, previous.n_samples + len(rho), previous.n_zero + new_zeros)
        return self._counts


def zero_frequency(penalty: Penalty, budget: float, n_samples: int, seed: int = 0) -> int:
    """How many of ``n_samples`` random constrained problems have a solution with an exact zero.

    The random problems are those of :class:`ZeroFrequency` (same seed, same problems).
    """
    return int(ZeroFrequency((penalty,), budget, seed).step(n_samples).n_zero[0])


def _require_definite(eigvals):
    if eigvals[0] <= _SINGULAR_RTOL * max(eigvals[1], 0.0):
        raise ValueError(
            "the two features are (almost) perfectly correlated or one is constant: the loss has no "
            "unique minimum and its contours are not ellipses; choose two different features"
        )


def _symmetric_eigen(h00, h01, h11):
    """Eigenvalues (ascending) of [[h00, h01], [h01, h11]] and the unit eigenvector (c, s) of the smaller.

    The larger eigenvalue from the sum and the rotation's hypot, the smaller from det / larger (no
    cancellation when they differ by orders of magnitude), as LAPACK's 2x2 kernel (dlaev2) does; the
    eigenvector from the rotation angle (1/2) atan2(2 h01, h00 - h11) of the larger one.
    """
    spread = math.hypot(h00 - h11, 2.0 * h01)
    trace = h00 + h11
    larger = 0.5 * (trace + spread) if trace >= 0.0 else 0.5 * (trace - spread)
    if larger == 0.0:
        smaller = 0.0
    else:
        big, small = (h00, h11) if abs(h00) >= abs(h11) else (h11, h00)
        smaller = (big / larger) * small - (h01 / larger) * h01
    if trace < 0.0:
        larger, smaller = smaller, larger
    if h01 == 0.0:  # diagonal: the axes themselves, exactly (cos(pi/2) would leave 6e-17)
        return (smaller, larger), ((1.0, 0.0) if h00 <= h11 else (0.0, 1.0))
    angle = 0.5 * math.atan2(2.0 * h01, h00 - h11)
    return (smaller, larger), (-math.sin(angle), math.cos(angle))


def _check_nonnegative(value, name):
    if isinstance(value, (float, int)) and 0 <= value < math.inf:  # the common single value, without reductions
        return np.float64(value)
    value = np.asarray(value, dtype=float)
    # min is NaN when a NaN is present, so it fails the test too.
    if value.size and not (value.min() >= 0 and value.max() < np.inf):
        raise ValueError(f"{name} must be finite and >= 0, got {value!r}")
    return value


@functools.lru_cache(maxsize=8)
def _unit_circle(n_points):
    """n_points of the unit circle, the last repeating the first exactly; shape (n_points, 2), read-only."""
    theta = np.linspace(0.0, 2.0 * np.pi, n_points)
    circle = np.column_stack([np.cos(theta), np.sin(theta)])
    circle[-1] = circle[0]
    circle.setflags(write=False)
    return circle


@functools.lru_cache(maxsize=8)
def _ball_directions(n_segments):
    """Unit directions around the four quadrants, the axes exact, and their L1 norms; read-only."""
    phi = np.linspace(0.0, np.pi / 2.0, n_segments + 1)
    arc = np.column_stack([np.cos(phi), np.sin(phi)])
    arc[0], arc[-1] = (1.0, 0.0), (0.0, 1.0)  # cos(pi/2) is 6e-17, not 0
    quadrants = (arc, arc[::-1] * (-1.0, 1.0), arc * (-1.0, -1.0), arc[::-1] * (1.0, -1.0))
    directions = np.concatenate([quadrants[0]] + [q[1:] for q in quadrants[1:]])
    l1_of_directions = np.abs(directions).sum(axis=1)
    directions.setflags(write=False)
    l1_of_directions.setflags(write=False)
    return directions, l1_of_directions


def _penalty_value(alpha, x, y):
    return alpha * (np.abs(x) + np.abs(y)) + (1.0 - alpha) / 2.0 * (x * x + y * y)


def _radius_on_ray(alpha, level, l1_of_direction):
    """Distance r along a unit direction u with ||u||_1 = a at which P(r u) = alpha a r + beta/2 r^2 = level.

    The root of the quadratic written so that it neither cancels nor divides by beta = 0 (L1).
    """
    a = alpha * l1_of_direction
    return 2.0 * level / (a + np.sqrt(a * a + 2.0 * (1.0 - alpha) * level))


def _best(objective, feasible, *values):
    """Per row, the entries of ``values`` (each (m, k)) at the feasible column of least objective.

    The first of equal candidates wins: callers list the ones with exact zeros first.
    """
    index = np.argmin(np.where(feasible, objective, np.inf), axis=1)
    rows = np.arange(len(index))
    return tuple(value[rows, index] for value in values)


def _penalized(problem, alpha, lam):
    """Exact argmin of 1/2 (w - w_ols)' H (w - w_ols) + lam P(w) for each lam (m,): x, y of shape (m,).

    Candidates: w = 0; one coordinate j non-zero with sign sigma,
    (H_jj + lam beta) w_j = b_j - lam alpha sigma; both non-zero with signs s,
    (H + lam beta I) w = b - lam alpha s; b = H w_ols. The feasible one (signs as assumed) of least
    objective is the minimiser: each is the minimum over its closed orthant face.
    """
    p, beta = problem, 1.0 - alpha
    lam = lam[:, None]
    lam_l1, lam_l2 = lam * alpha, lam * beta
    b0, b1 = p.gradient(0.0, 0.0)
    b0, b1 = -b0, -b1
    a00, a11 = p.h00 + lam_l2, p.h11 + lam_l2
    if alpha == 0.0:  # ridge: smooth and strictly convex, its one stationary point is the minimiser
        x, y = _shifted_solve(p, a00, a11, b0, b1)
        return np.ravel(x), np.ravel(y)
    zero = np.zeros((len(lam), 1))
    zeros2 = np.zeros((len(lam), 2))
    quadrant_x, quadrant_y = _shifted_solve(p, a00, a11, b0 - lam_l1 * _QUADRANT_X, b1 - lam_l1 * _QUADRANT_Y)
    x = np.concatenate([zero, (b0 - lam_l1 * _CORNER_X[:2]) / a00, zeros2, quadrant_x], axis=1)
    y = np.concatenate([zero, zeros2, (b1 - lam_l1 * _CORNER_Y[2:]) / a11, quadrant_y], axis=1)
    feasible = (x * _CANDIDATE_X >= 0) & (y * _CANDIDATE_Y >= 0)
    objective = p.half_quadratic(x, y) + lam * _penalty_value(alpha, x, y)
    return _best(objective, feasible, x, y)


def _shifted_solve(p, a00, a11, r0, r1):
    """The solution (x, y) of [[a00, h01], [h01, a11]] w = r by Cramer's rule (H with a shifted diagonal)."""
    det = a00 * a11 - p.h01 * p.h01
    return (a11 * r0 - p.h01 * r1) / det, (a00 * r1 - p.h01 * r0) / det


def _constrained(problem, alpha, levels):
    """Exact argmin of 1/2 (w - w_ols)' H (w - w_ols) s.t. P(w) <= level for each level (m,).

    Returns x, y and the multiplier lam, each of shape (m,). Inside the ball: w_ols, lam = 0.
    At level 0: w = 0 and lam = max|b_j| / alpha (glmnet's lam_max; inf for ridge).
    """
    levels = np.asarray(levels, dtype=float)
    # np.ravel turns a single problem's floats into shape (1,) and a batch's columns into (m,).
    outside = np.ravel(problem.penalty_at_ols(alpha) > levels[:, None])
    on_boundary = outside & (levels > 0.0)
    at_origin = outside & (levels == 0.0)
    # Rows not on the boundary get a harmless positive level and are replaced below.
    x, y, lam = _on_boundary(problem, alpha, np.where(on_boundary, levels, 1.0)[:, None])
    if not on_boundary.all():  # skipped in the common case: np.where is slow on small arrays
        x = np.where(on_boundary, x, np.where(at_origin, 0.0, np.ravel(problem.x0)))
        y = np.where(on_boundary, y, np.where(at_origin, 0.0, np.ravel(problem.y0)))
        b0, b1 = problem.gradient(0.0, 0.0)
        lam_max = np.ravel(np.maximum(np.abs(b0), np.abs(b1)) / alpha) if alpha > 0 else np.inf
        lam = np.where(on_boundary, lam, np.where(at_origin, lam_max, 0.0))
    return x, y, lam


def _on_boundary(problem, alpha, levels):
    """Minimum of the loss on the boundary {P(w) = level} for levels (m, 1) > 0: x, y, lam of shape (m,).

    Candidates: the four corners (one coordinate exactly 0) and, per quadrant, the minimum of the
    loss on the whole line or circle that carries the quadrant's piece of boundary, kept when it lies
    in that quadrant. All are on the boundary and the minimiser is among them.
    """
    p, beta = problem, 1.0 - alpha
    if alpha == 0.0:
        # Ridge: one circle (the four quadrants' coincide), and the minimum on the whole circle is the
        # solution; it has no corners to compare with.
        x, y, lam, _ = _on_circles(p, alpha, levels)
        return x[:, 0], y[:, 0], lam[:, 0]
    # Corners at distance t on the axes; their multiplier from the non-zero coordinate j:
    # -grad_j = lam (alpha sigma + beta w_j).
    t = _radius_on_ray(alpha, levels, 1.0)
    corner_x, corner_y = t * _CORNER_X, t * _CORNER_Y
    grad_x, grad_y = p.gradient(corner_x, corner_y)
    corner_lam = -(grad_x * _CORNER_X + grad_y * _CORNER_Y) / (alpha + beta * t)
    if beta == 0.0:
        side_x, side_y, side_lam = _on_lines(p, levels)
        exists = True
    else:
        side_x, side_y, side_lam, exists = _on_circles(p, alpha, levels)
    x = np.concatenate([corner_x, side_x], axis=1)
    y = np.concatenate([corner_y, side_y], axis=1)
    lam = np.concatenate([corner_lam, side_lam], axis=1)
    on_side = exists & (side_x * _QUADRANT_X >= 0) & (side_y * _QUADRANT_Y >= 0)
    feasible = np.concatenate([np.ones(on_side.shape, dtype=bool), on_side], axis=1)
    return _best(p.half_quadratic(x, y), feasible, x, y, lam)


def _on_lines(p, levels):
    """L1: the minimum of the loss on each line s.w = level, w = w_ols - nu H^-1 s, with lam = nu; (m, 4) each."""
    det = p.d0 * p.d1
    inv_x = (p.h11 * _QUADRANT_X - p.h01 * _QUADRANT_Y) / det
    inv_y = (p.h00 * _QUADRANT_Y - p.h01 * _QUADRANT_X) / det
    nu = (p.x0 * _QUADRANT_X + p.y0 * _QUADRANT_Y - levels) / (inv_x * _QUADRANT_X + inv_y * _QUADRANT_Y)
    return p.x0 - nu * inv_x, p.y0 - nu * inv_y, nu


def _on_circles(p, alpha, levels):
    """Minimum of the loss on each quadrant's circle ||w + (alpha/beta) s|| = radius, with lam >= 0.

    On the quadrant of signs s the KKT conditions read (H + lam beta I) w = b - lam alpha s with
    P_s(w) = alpha s.w + beta/2 ||w||^2 = level, b = H w_ols. Shifted by the circle's centre this is
    the trust-region problem (H + mu I) w' = H e, ||w'|| = radius, e = w_ols + (alpha/beta) s,
    mu = lam beta, with a root mu >= 0 only when e lies outside the circle, i.e. P_s(w_ols) > level.
    The shift is large as alpha nears 1, so w and P_s - level are computed unshifted, in the
    eigenbasis. Returns x, y, lam and that existence mask, (m, 4) each.
    """
    beta = 1.0 - alpha
    b0, b1 = p.gradient(0.0, 0.0)
    # Eigenbasis coordinates of b and of alpha s.
    u0, u1 = -(p.c * b0 + p.s * b1), p.s * b0 - p.c * b1
    v0 = alpha * (p.c * _QUADRANT_X + p.s * _QUADRANT_Y)
    v1 = alpha * (p.c * _QUADRANT_Y - p.s * _QUADRANT_X)
    exists = alpha * (p.x0 * _QUADRANT_X + p.y0 * _QUADRANT_Y) + beta / 2.0 * (p.x0 * p.x0 + p.y0 * p.y0) > levels
    mu = _secular_root(u0, u1, v0, v1, p.d0, p.d1, beta, levels)
    lam = mu / beta
    e0, e1 = (u0 - lam * v0) / (p.d0 + mu), (u1 - lam * v1) / (p.d1 + mu)
    return p.c * e0 - p.s * e1, p.s * e0 + p.c * e1, lam, exists


def _secular_root(u0, u1, v0, v1, d0, d1, beta, levels):
    """mu >= 0 at which w(mu) = (u - (mu/beta) v) / (d + mu) (eigenbasis) has v.w + beta/2 ||w||^2 = level.

    Newton's method on 1/||w'(mu)|| - 1/radius, w' = w + v/beta the point relative to the circle's
    centre, radius^2 = 2 (level + ||v||^2 / (2 beta)) / beta. It is concave in mu, so the iterates
    approach the root monotonically from below (More and Sorensen 1983);
    ||w'|| - radius is computed as (2/beta) (P_s - level) / (||w'|| + radius), free of the shift's
    cancellation. Where the centre is inside the circle there is no root and mu stays 0.
    """
    # The centre's image H e in the eigenbasis: w'(mu) = h / (d + mu).
    h0, h1 = u0 + d0 * v0 / beta, u1 + d1 * v1 / beta
    radius = np.sqrt(2.0 * levels / beta + (v0 * v0 + v1 * v1) / (beta * beta))
    # Below the root: there each term alone, and the sum over the larger d, is at most radius^2.
    mu = np.maximum(np.abs(h0) / radius - d0, np.abs(h1) / radius - d1)
    mu = np.maximum(np.maximum(mu, np.hypot(h0, h1) / radius - np.maximum(d0, d1)), 0.0)
    running = np.ones(mu.shape, dtype=bool)
    for iteration in range(_NEWTON_MAX_ITER):
        a0, a1 = d0 + mu, d1 + mu
        lam = mu / beta
        w0, w1 = (u0 - lam * v0) / a0, (u1 - lam * v1) / a1
        q0, q1 = h0 / a0, h1 / a1
        norm = np.hypot(q0, q1)
        excess = w0 * (v0 + 0.5 * beta * w0) + w1 * (v1 + 0.5 * beta * w1) - levels
        derivative = radius * (q0 * q0 / a0 + q1 * q1 / a1 + _TINY)  # _TINY: h = 0 gives a zero step, not 0/0
        step = (2.0 / beta) * excess * norm * norm / ((norm + radius) * derivative)
        if iteration == 0:
            # The start can exceed the root by rounding (mu may be far below d); from above the root one
            # Newton step lands below it. Where there is no root the step is down and clipped to 0.
            mu = np.maximum(mu + step, 0.0)
            continue
        # From below, real progress is upward: a step down is rounding noise, and a step within rounding
        # of mu is convergence. Either way that entry is done; entries stop one by one so that the
        # noise of some cannot keep the others going.
        running = running & (step > _NEWTON_RTOL * mu)
        if not running.any():
            break
        mu = mu + step * running
    return mu
