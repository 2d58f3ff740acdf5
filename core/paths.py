"""Regularization paths: the lambda grid, whole paths, and the exact fit at one lambda.

Every fit minimises glmnet's objective on the fitted-scale design X (standardized by default)::

    1/(2n) * ||y - b - X w||^2 + lam * P(w),   P(w) = alpha * ||w||_1 + (1 - alpha)/2 * ||w||_2^2

with the intercept b unpenalized. A :class:`Problem` prepares the data once (centring, the Gram
matrix, the ridge decomposition) so that paths and single fits reuse it.

How each penalty is solved
--------------------------
- L2 (ridge): in closed form for every lambda at once from one eigen-decomposition of X'X
  (n > p) or of XX' (p >= n).
- L1 (lasso): a homotopy (LARS with the lasso modification, :mod:`core.homotopy`) gives the exact
  piecewise-linear path; the grid points are linear interpolations between its knots.
- Elastic net: coordinate descent (``enet_path``) with warm starts along the grid.
- Every L1 / elastic-net solution is then certified by the KKT conditions; where they fail, the
  point is made exact by solving the linear system on its support with its signs (see
  :meth:`Problem._exact_solution`), tightening coordinate descent until the support is right.
  At every lam >= lam_max the coefficients are exactly 0.0.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .datasets import Standardizer
from .homotopy import interpolate_knots, lasso_knots
from .limits import elastic_net_on_affine, min_l1_on_affine
from .penalties import Penalty

# An accepted L1 / elastic-net solution violates no KKT condition by more than this, relative to lam.
KKT_RTOL = 1e-8
# lam within this relative distance of lam_max counts as lam_max (its rounding must not make 1e-17 coefficients).
_LAM_MAX_RTOL = 1e-12
# Coordinate-descent tolerances tried in turn until the support (and so the exact solution) is right.
_CD_TOLS = (1e-8, 1e-12)
_CD_MAX_ITER = 100_000
# Active-set rounds (add violators, drop sign flips, solve) before falling back to coordinate descent.
_ACTIVE_SET_ROUNDS = 20
_MAX_ENTERING = 10
# The n x n (Woodbury) form of a wide elastic-net support system only while n lam (1 - alpha) is above this
# share of trace(X_A X_A'): its rounding error grows as the inverse of that ratio.
_WOODBURY_RTOL = 1e-6
# Directions of X'X whose eigenvalue is below this share of the largest count as null (rank deficiency).
_RANK_RTOL = 1e-12
# Every strength grid spans fits with budgets from at most BUDGET_STRONG to at least BUDGET_WEAK.
BUDGET_STRONG, BUDGET_WEAK = 0.01, 0.99
# Looking for them: at most this many fits, each step changing lam by at most this factor (or its inverse).
_REACH_STEPS, _REACH_MIN_FACTOR = 60, 1e-2
# Where the lasso's budget is read off its knots, the grid ends at this budget: a hair above BUDGET_WEAK,
# so that the rounding of the path's interpolation and certification cannot leave its end below.
_WEAK_AIM = BUDGET_WEAK * (1.0 + 1e-9)


@dataclass(frozen=True)
class Fit:
    """One fit: ``coef`` (p,) on the fitted scale, ``intercept`` in y's units, at strength ``lam``."""

    coef: np.ndarray
    intercept: float
    lam: float
    penalty: Penalty


@dataclass(frozen=True)
class Path:
    """Fits along a descending grid of lambdas.

    Attributes
    ----------
    penalty : Penalty
    lambdas : ndarray of shape (k,), strictly descending
    coefs : ndarray of shape (k, p), on the fitted scale
    intercepts : ndarray of shape (k,), in y's units
    ols_coef : ndarray of shape (p,)
        The least-squares fit on the same scale (minimum-L2-norm where it is not unique).
    unpenalized_coef : ndarray of shape (p,)
        w_0 = lim lam -> 0 of this model's fit (see :meth:`Problem.unpenalized_coef`): the budget's unit.
    """

    penalty: Penalty
    lambdas: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray
    ols_coef: np.ndarray
    unpenalized_coef: np.ndarray

    @property
    def lam_max(self) -> float:
        return float(self.lambdas[0])

    @property
    def reference_value(self) -> float:
        """P(w_0): the penalty of the model's unpenalized limit, the budget's unit."""
        return float(self.penalty.value(self.unpenalized_coef))

    def nearest_coef(self, lam: float) -> np.ndarray:
        """The coefs (p,) at the grid point nearest lam >= 0 in log(lam): a warm start for a fit at lam."""
        lam = min(max(lam, self.lambdas[-1]), self.lambdas[0])  # 0 and infinity are nearest the grid's ends
        return self.coefs[np.argmin(np.abs(np.log(self.lambdas) - np.log(lam)))]

    @property
    def n_nonzero(self) -> np.ndarray:
        """Number of coefficients that are not exactly 0.0, shape (k,)."""
        return np.count_nonzero(self.coefs, axis=1)

    @property
    def l1_norm(self) -> np.ndarray:
        return np.abs(self.coefs).sum(axis=1)

    @property
    def l2_norm(self) -> np.ndarray:
        return np.sqrt(np.square(self.coefs).sum(axis=1))

    @cached_property
    def budget(self) -> np.ndarray:
        """s = P(w_lam) / P(w_0) in [0, 1], shape (k,), non-increasing in lam.

        Clipping and the running maximum only remove rounding: P(w_lam) is monotone in lam and at most
        P(w_0) in exact arithmetic. When P(w_0) is 0 (nothing to fit) every fit is w_0: s = 1.
        """
        reference = self.reference_value
        if reference <= 0.0:
            return np.ones(len(self.lambdas))
        budget = np.clip(self.penalty.value(self.coefs) / reference, 0.0, 1.0)
        return np.maximum.accumulate(budget)  # lambdas descend, so the budget must not


@dataclass(frozen=True)
class _EigenBasis:
    """X'X = V diag(eigenvalues) V' (m = p) with ``projected`` = V'X'y, from eigh(X'X) (n > p)."""

    eigenvalues: np.ndarray
    projected: np.ndarray
    basis: np.ndarray  # V (p, m)

    def to_features(self, rotated) -> np.ndarray:
        """Coefficients w = V r for V-coordinates r: rows (k, m) -> (k, p), or (m,) -> (p,)."""
        return rotated @ self.basis.T


@dataclass(frozen=True)
class _DualBasis:
    """X'X's eigenvalues and V'X'y from XX' = U diag(eigenvalues) U' (m = n, p >= n).

    V = X'U diag(eigenvalues)^-1/2 (the right singular vectors of X) is never formed: w = V r is
    X'(U (r / sqrt(eigenvalues))), a third of the work at 160 x 1000 for a 100-point path.
    Directions with eigenvalue 0 (centring, repeated rows) have V'X'y = 0 and map to 0.
    """

    eigenvalues: np.ndarray
    projected: np.ndarray
    left: np.ndarray  # U (n, m)
    design: np.ndarray  # X (n, p), centred

    def to_features(self, rotated) -> np.ndarray:
        """Coefficients w = V r for V-coordinates r: rows (k, m) -> (k, p), or (m,) -> (p,)."""
        singular = np.sqrt(self.eigenvalues)
        scaled = np.divide(rotated, singular, out=np.zeros(np.shape(rotated)), where=singular > 0.0)
        return (scaled @ self.left.T) @ self.design


class _problem_cache:
    """A cached property of a :class:`Problem` that stores its value only until the problem is frozen.

    A frozen problem computes what it lacks on every call and stores nothing (see :meth:`Problem.prepare`).
    """

    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        cache = instance.__dict__
        if self.name in cache:  # only when not found: the stored value itself shadows this descriptor
            return cache[self.name]
        value = self.func(instance)
        if not instance.frozen:
            cache[self.name] = value
        return value


class Problem:
    """A regression problem prepared once for many fits.

    The fitted-scale design Z is ``standardizer.transform(X)`` (identity when not standardizing);
    it is centred internally for the unpenalized intercept. Caches (Gram matrix, X'y, ridge
    decomposition, least-squares fit, each model's unpenalized limit, the lasso's homotopy) are
    built on first use, until :meth:`prepare` fills those that some models need and freezes the
    problem: from then on nothing about it changes, so that threads can share it, and every call
    gives the same result whatever was called before.

    Parameters
    ----------
    X_centered : ndarray of shape (n, p)
        The fitted-scale design minus its column means ``x_mean``.
    y_centered : ndarray of shape (n,)
        y minus ``y_mean``.
    x_mean : ndarray of shape (p,)
        Column means of the fitted-scale design (about 0 when standardized).
    y_mean : float
    standardizer : Standardizer
        Maps raw features to the fitted scale.
    gram : ndarray of shape (p, p), optional
        X_centered' X_centered when the caller already has it (cross-validation downdates it).
    """

    def __init__(self, X_centered, y_centered, *, x_mean, y_mean, standardizer, gram=None):
        self.frozen = False
        self.X_centered = np.asfortranarray(X_centered, dtype=float)
        self.y_centered = np.ascontiguousarray(y_centered, dtype=float)
        self.x_mean = np.asarray(x_mean, dtype=float)
        self.y_mean = float(y_mean)
        self.standardizer = standardizer
        if gram is not None and self.uses_gram:
            self.__dict__["gram"] = np.ascontiguousarray(gram, dtype=float)  # seeds the cached property
        self._limits: dict[float, np.ndarray] = {}  # unpenalized_coef by alpha

    def __setattr__(self, name, value):
        if self.__dict__.get("frozen"):
            raise AttributeError(f"a prepared Problem is frozen: cannot set {name!r}")
        super().__setattr__(name, value)

    def prepare(self, penalties) -> Problem:
        """Fill the caches that paths, strength grids and fits of ``penalties`` use, then freeze; returns self.

        A frozen problem is never changed again: what it has not cached (another model's limit) is
        computed on every call. Prepare a problem before it is shared with another thread.
        """
        # Every grid and path reads X'y and the least-squares fit (its ridge decomposition, the Gram matrix where n > p).
        self.xty, self.ols_coef  # noqa: B018
        for penalty in penalties:
            self.unpenalized_coef(penalty)
            if penalty.is_l1:
                self._lasso_knots(0.0)  # to lam = 0: every lasso path and fit reads its knots from there
        self.frozen = True
        return self

    @classmethod
    def from_data(cls, X, y, *, standardize=True, gram=None) -> Problem:
        """Prepare X (n, p) and y (n,); standardize with the data's own mean and population std.

        ``gram`` (p, p), optional: X'X of the centred fitted-scale design, when the caller already has it.
        """
        X, y = check_xy(X, y)
        standardizer = Standardizer.fit(X) if standardize else Standardizer.identity(X.shape[1])
        design = standardizer.transform(X, order="F")  # the solvers' layout, made in one copy
        x_mean = design.mean(axis=0)
        design -= x_mean
        y_mean = y.mean()
        return cls(design, y - y_mean, x_mean=x_mean, y_mean=y_mean, standardizer=standardizer, gram=gram)

    @property
    def n_samples(self) -> int:
        return self.X_centered.shape[0]

    @property
    def n_features(self) -> int:
        return self.X_centered.shape[1]

    @property
    def uses_gram(self) -> bool:
        """Whether the p x p Gram matrix is worth holding (n > p)."""
        return self.n_samples > self.n_features

    # ---- caches -------------------------------------------------------------------------------
    @_problem_cache
    def gram(self) -> np.ndarray | None:
        """X'X (p, p) of the centred design when n > p, else None."""
        if not self.uses_gram:
            return None
        return self.X_centered.T @ self.X_centered

    @_problem_cache
    def xty(self) -> np.ndarray:
        """X'y (p,) of the centred design and target."""
        return self.X_centered.T @ self.y_centered

    @_problem_cache
    def _ridge_basis(self) -> _EigenBasis | _DualBasis:
        """The eigen-decomposition X'X = V diag(d) V' with V'X'y, from the smaller of X'X and XX'."""
        if self.uses_gram:
            eigenvalues, basis = np.linalg.eigh(self.gram)
            return _EigenBasis(np.maximum(eigenvalues, 0.0), basis.T @ self.xty, basis)
        # XX' (n x n) costs about a quarter of the SVD of X at 160 x 1000.
        eigenvalues, left = np.linalg.eigh(self.X_centered @ self.X_centered.T)
        eigenvalues = np.maximum(eigenvalues, 0.0)
        return _DualBasis(eigenvalues, np.sqrt(eigenvalues) * (left.T @ self.y_centered), left, self.X_centered)

    @_problem_cache
    def _kept_directions(self) -> np.ndarray:
        """Mask (m,) of the ridge basis' directions outside X's null space (eigenvalue above the rank cut)."""
        eigenvalues = self._ridge_basis.eigenvalues
        return eigenvalues > _RANK_RTOL * max(eigenvalues.max(initial=0.0), np.finfo(float).tiny)

    @_problem_cache
    def ols_coef(self) -> np.ndarray:
        """Least squares (p,), minimum-norm where not unique: argmin ||w|| over argmin ||y - Xw||."""
        ridge = self._ridge_basis
        eigenvalues = ridge.eigenvalues
        rotated = np.divide(ridge.projected, eigenvalues, out=np.zeros(len(eigenvalues)), where=self._kept_directions)
        return ridge.to_features(rotated)

    @property
    def has_full_rank(self) -> bool:
        """Whether X (centred) has rank p, so that least squares has one solution."""
        return self.uses_gram and bool(self._kept_directions.all())

    def unpenalized_coef(self, penalty: Penalty) -> np.ndarray:
        """w_0 = lim lam -> 0 of the fits: the least-squares solution of smallest penalty, shape (p,).

        argmin P(w) subject to X w = X w_ols: the least-squares fit when X has full rank; otherwise
        the minimum-L2-norm fit for ridge, a minimum-L1-norm fit for the lasso (the homotopy run to
        lam = 0, certified, else a linear program) and the elastic net's own limit (see
        :mod:`core.limits`). Stored per penalty until the problem is frozen.
        """
        key = penalty.alpha
        if key in self._limits:
            return self._limits[key]
        if self.has_full_rank or penalty.is_l2:
            limit = self.ols_coef
        elif penalty.is_l1:
            limit = self._min_l1_coef()
        else:
            rows = self._row_space
            limit = elastic_net_on_affine(rows, rows @ self.ols_coef, penalty.alpha)
        if not self.frozen:
            self._limits[key] = limit
        return limit

    @_problem_cache
    def _row_space(self) -> np.ndarray:
        """An orthonormal basis (r, p) of X's row space: the kept eigenvectors V of X'X, as rows."""
        ridge, kept = self._ridge_basis, self._kept_directions
        if isinstance(ridge, _EigenBasis):
            return ridge.basis[:, kept].T
        return (ridge.design.T @ ridge.left[:, kept] / np.sqrt(ridge.eigenvalues[kept])).T

    def _min_l1_coef(self) -> np.ndarray:
        """A least-squares solution of least L1 norm: the lasso homotopy's end at lam = 0 when certified, else an LP.

        The end w (support A, signs s) is one when X'(y - Xw) = 0 and nu = X_A (X_A'X_A)^-1 s_A has
        |X'nu| <= 1: then ||w||_1 = nu'Xw <= ||w'||_1 for every w' with the same fitted values. The
        homotopy certifies itself unless a dependent column it refused (exact collinearity) needed to enter.
        """
        knots, knot_coefs = self._lasso_knots(0.0)
        coef = knot_coefs[-1]
        active = np.flatnonzero(coef)
        columns = self.X_centered[:, active]
        residual_correlation = self.xty - self.X_centered.T @ (columns @ coef[active])
        scale = np.abs(self.xty).max(initial=0.0)
        try:
            dual = columns @ np.linalg.solve(columns.T @ columns, np.sign(coef[active]))
        except np.linalg.LinAlgError:
            dual = None
        certified = (
            knots[-1] == 0.0 and dual is not None
            and np.abs(residual_correlation).max(initial=0.0) <= KKT_RTOL * scale
            and np.abs(self.X_centered.T @ dual).max(initial=0.0) <= 1.0 + KKT_RTOL
        )  # fmt: skip
        if certified:
            return coef
        rows = self._row_space
        return min_l1_on_affine(rows, rows @ self.ols_coef)

    def _lasso_knots(self, c_stop) -> tuple[np.ndarray, np.ndarray]:
        """The lasso homotopy's knots down to c = n lam = c_stop, reused while a run already reached as low."""
        cached = self.__dict__.get("_lasso_knots_cache")
        if cached is None or cached[0][-1] > c_stop:
            rank_bound = min(self.n_samples, self.n_features)
            # Where p >= n the walk multiplies by X itself (no Gram matrix is held).
            gram_column, design = (self._gram_column, None) if self.uses_gram else (None, self.X_centered)
            cached = lasso_knots(self.xty, gram_column, c_stop=c_stop, max_knots=10 * rank_bound + 100,
                                 max_active=rank_bound, design=design)
            if not self.frozen:
                self.__dict__["_lasso_knots_cache"] = cached
        return cached

    # ---- public API ---------------------------------------------------------------------------
    def transform(self, X) -> np.ndarray:
        """Raw features (m, p) to the fitted scale (not centred: use with ``intercept_for``)."""
        return self.standardizer.transform(X)

    def intercept_for(self, coef):
        """The unpenalized intercept y_mean - x_mean' w for coef (p,) or coefs (k, p), in y's units."""
        return self.y_mean - np.asarray(coef, dtype=float) @ self.x_mean

    def lam_max(self, penalty: Penalty) -> float:
        """max_j |x_j'(y - ybar)| / (n * max(alpha, 0.001)): the smallest lam with all L1 / EN coefficients 0."""
        return float(np.abs(self.xty).max(initial=0.0) / (self.n_samples * penalty.lam_max_denominator()))

    def lambda_grid(self, penalty: Penalty, n_lambdas: int = 100, min_ratio: float | None = None) -> np.ndarray:
        """glmnet's grid: n_lambdas log-spaced values from lam_max down to lam_max * min_ratio.

        Parameters
        ----------
        penalty : Penalty
        n_lambdas : int, default 100
        min_ratio : float in (0, 1), optional
            Default 1e-4 when n > p, else 1e-2.

        Returns
        -------
        lambdas : ndarray of shape (n_lambdas,), strictly descending
        """
        if min_ratio is None:
            min_ratio = 1e-4 if self.n_samples > self.n_features else 1e-2
        if not 0.0 < min_ratio < 1.0:
            raise ValueError(f"min_ratio must lie in (0, 1), got {min_ratio!r}")
        if int(n_lambdas) < 1:
            raise ValueError(f"n_lambdas must be at least 1, got {n_lambdas!r}")
        lam_max = self.lam_max(penalty)
        if not lam_max > 0.0:
            raise ValueError("no feature varies together with the target (X'y = 0): there is nothing to regularize")
        return np.geomspace(lam_max, lam_max * min_ratio, int(n_lambdas))

    def strength_grid(self, penalty: Penalty, n_lambdas: int = 100) -> np.ndarray:
        """glmnet's grid, stretched where it would not span budgets ``BUDGET_STRONG`` to ``BUDGET_WEAK``.

        glmnet's grid can stop short of either end of the budget: its ridge grid starts at the floored
        lam_max (on pure noise the fit there keeps several percent of P(w_0)), and the elastic net at
        min_ratio 1e-4 keeps as little as a fifth of P(w_0) on diabetes. A shared budget control must
        reach both ends for every model, so the grid runs from the larger of glmnet's lam_max and a lam
        with budget <= BUDGET_STRONG down to the smaller of glmnet's last lam and one with budget >=
        BUDGET_WEAK, log-spaced as glmnet's. Where glmnet's grid spans both, it is returned unchanged.

        Returns
        -------
        lambdas : ndarray of shape (n_lambdas,), strictly descending
        """
        glmnet_grid = self.lambda_grid(penalty, n_lambdas)
        reference = float(penalty.value(self.unpenalized_coef(penalty)))
        if reference <= 0.0:
            return glmnet_grid
        lasso_low = self._lasso_lam_reaching_weak(reference) if penalty.is_l1 else None
        if lasso_low is not None:
            # The lasso is exactly 0 from lam_max on: glmnet's grid starts at budget 0.
            high, low = glmnet_grid[0], min(glmnet_grid[-1], lasso_low)
        else:
            high = self._lam_reaching(penalty, glmnet_grid[0], reference, weaker=False)
            low = self._lam_reaching(penalty, glmnet_grid[-1], reference, weaker=True)
        if high == glmnet_grid[0] and low == glmnet_grid[-1]:
            return glmnet_grid
        return np.geomspace(high, low, len(glmnet_grid))

    def _lasso_lam_reaching_weak(self, reference) -> float | None:
        """The lam where the lasso's budget reaches BUDGET_WEAK, read off the homotopy's knots; None if they stop short.

        Between two knots every coefficient is linear in c = n lam and keeps its sign, so ||w||_1 is
        linear too: the knot segment that crosses the target gives its c exactly, without a single fit.
        """
        knots, knot_coefs = self._lasso_knots(0.0)
        norms = np.abs(knot_coefs).sum(axis=1)
        target = _WEAK_AIM * reference
        reached = np.flatnonzero(norms >= target)
        if reached.size == 0 or reached[0] == 0:
            return None
        i = reached[0]
        c = knots[i] + (norms[i] - target) / (norms[i] - norms[i - 1]) * (knots[i - 1] - knots[i])
        return c / self.n_samples if c > 0.0 else None

    def _lam_reaching(self, penalty, lam, reference, *, weaker) -> float:
        """From ``lam``, the first lam in geometric steps whose exact fit has budget >= BUDGET_WEAK
        (``weaker``: steps down) or <= BUDGET_STRONG (steps up); ``lam`` itself when it already does.

        The steps follow the budget's tails, 1 - s ~ lam as lam -> 0 and s ~ 1/lam^2 for ridge as
        lam -> infinity (L1 and the elastic net are at s = 0 from lam_max on), and are bounded so
        that a tail that is not yet asymptotic costs a few more fits rather than an overshoot.
        """
        # Towards lam = 0 the fits approach w_0: the best start the first one has.
        coef = self.unpenalized_coef(penalty) if weaker else None
        for _ in range(_REACH_STEPS):
            # The lasso starts best from its homotopy (fit_at's default), the elastic net from the last fit.
            coef = self.fit_at(penalty, lam, warm_start=None if penalty.is_l1 else coef).coef
            budget = float(penalty.value(coef)) / reference
            if weaker and budget >= BUDGET_WEAK:
                return lam
            if not weaker and budget <= BUDGET_STRONG:
                return lam
            if weaker:
                lam *= min(max(0.5 * (1.0 - BUDGET_WEAK) / (1.0 - budget), _REACH_MIN_FACTOR), 0.5)
            else:
                lam *= min(max(2.0 * np.sqrt(budget / BUDGET_STRONG), 2.0), 1.0 / _REACH_MIN_FACTOR)
        return lam

    def path(self, penalty: Penalty, lambdas=None) -> Path:
        """Fits minimising 1/(2n)||y - b - Xw||^2 + lam * P(w) for every lam of a descending grid.

        Parameters
        ----------
        penalty : Penalty
        lambdas : array of shape (k,), optional
            Positive strengths; sorted descending. Default: ``self.lambda_grid(penalty)``.

        Returns
        -------
        Path
        """
        lambdas = self.lambda_grid(penalty) if lambdas is None else check_lambdas(lambdas)
        coefs = self.coefs(penalty, lambdas)
        return Path(penalty, lambdas, coefs, self.intercept_for(coefs), self.ols_coef, self.unpenalized_coef(penalty))

    def coefs(self, penalty: Penalty, lambdas) -> np.ndarray:
        """The coefficients of :meth:`path` alone, without the least-squares reference (cheaper where p >= n).

        Parameters
        ----------
        penalty : Penalty
        lambdas : ndarray of shape (k,)
            Positive, strictly descending (see :func:`check_lambdas`).

        Returns
        -------
        coefs : ndarray of shape (k, p)
        """
        if penalty.is_l2:
            return self._ridge_coefs(lambdas)
        candidates = self._lars_coefs(lambdas) if penalty.is_l1 else self._enet_sequence(penalty, lambdas)
        return self._certified(penalty, lambdas, candidates)

    def fit_at(self, penalty: Penalty, lam: float, warm_start=None) -> Fit:
        """The exact minimiser of 1/(2n)||y - b - Xw||^2 + lam * P(w) at one lam >= 0, infinity included.

        Parameters
        ----------
        penalty : Penalty
        lam : float
            0 gives the unpenalized limit w_0 (:meth:`unpenalized_coef`), infinity w = 0 (ridge's
            limit; L1 and the elastic net are exactly 0 from lam_max on).
        warm_start : array of shape (p,), optional
            Where L1 / elastic-net solving starts (a path's :meth:`Path.nearest_coef` is a good one for
            the elastic net); default: the lasso's homotopy point at lam (exact but for rounding), zeros
            for the elastic net. Ridge is in closed form and ignores it.

        Returns
        -------
        Fit
        """
        lam = float(lam)
        if lam == 0.0:
            coef = self.unpenalized_coef(penalty).copy()
        elif lam == np.inf:
            coef = np.zeros(self.n_features)
        elif not lam > 0.0 or not math.isfinite(lam):
            raise ValueError(f"lam must be 0 (no penalty), positive, or infinity, got {lam!r}")
        elif penalty.is_l2:
            coef = self._ridge_at(lam)
        else:
            start = self._default_start(penalty, lam) if warm_start is None else warm_start
            start = np.asarray(start, dtype=float)
            if start.shape != (self.n_features,):
                raise ValueError(f"warm_start must have shape ({self.n_features},), got {start.shape}")
            coef = self._certified(penalty, np.array([lam]), start[None, :])[0]
        return Fit(coef=coef, intercept=float(self.intercept_for(coef)), lam=lam, penalty=penalty)

    # ---- solvers ------------------------------------------------------------------------------
    def _ridge_coefs(self, lambdas) -> np.ndarray:
        """(X'X + n lam I)^-1 X'y for every lam, shape (k, p), from the cached decomposition."""
        return self._ridge_basis.to_features(self._ridge_rotated(lambdas))

    def _ridge_at(self, lam) -> np.ndarray:
        """(X'X + n lam I)^-1 X'y (p,) at one lam: from the decomposition when cached, else one linear solve.

        A single fit (a bootstrap resample) does not pay for the eigen-decomposition: a solve of the
        p x p system (n > p) or of the dual n x n system X X' + n lam I (p >= n) costs a fraction of it.
        """
        if "_ridge_basis" in self.__dict__:
            return self._ridge_coefs(np.array([lam]))[0]
        shift = self.n_samples * lam
        if self.uses_gram:
            return np.linalg.solve(self.gram + shift * np.eye(self.n_features), self.xty)
        dual = self.X_centered @ self.X_centered.T + shift * np.eye(self.n_samples)
        return self.X_centered.T @ np.linalg.solve(dual, self.y_centered)

    def _ridge_rotated(self, lambdas) -> np.ndarray:
        """The ridge coefficients in the eigenbasis V of X'X, V'w for every lam: shape (k, m)."""
        ridge = self._ridge_basis
        return ridge.projected / (ridge.eigenvalues + self.n_samples * lambdas[:, None])

    def _lars_coefs(self, lambdas) -> np.ndarray:
        """The exact lasso path at ``lambdas`` (k, p): homotopy knots, linearly interpolated in lam."""
        knots, knot_coefs = self._lasso_knots(self.n_samples * float(lambdas.min()))
        # Below the last knot (a cycling guard hit) the certification step finishes the job.
        return interpolate_knots(knots, knot_coefs, self.n_samples * lambdas)

    def _gram_column(self, j) -> np.ndarray:
        """Column j of the Gram matrix X'X (p,), for the homotopy where n > p."""
        return self.gram[:, j]

    def _enet_sequence(self, penalty, lambdas) -> np.ndarray:
        """Elastic-net coefficients (k, p) along descending ``lambdas``, each solved from the previous one."""
        coefs = np.zeros((len(lambdas), self.n_features))
        coef = coefs[0]
        for i in np.flatnonzero(~self._all_zero(penalty, lambdas)):
            coef = coefs[i] = self._exact_solution(penalty.alpha, lambdas[i], coef)
        return coefs

    def _all_zero(self, penalty, lambdas) -> np.ndarray:
        """Mask (k,) of the lambdas >= lam_max, where every L1 / elastic-net coefficient is exactly 0."""
        return lambdas >= self.lam_max(penalty) * (1.0 - _LAM_MAX_RTOL)

    def _coordinate_descent(self, alpha, lambdas, start, tol) -> np.ndarray:
        """scikit-learn's coordinate descent along descending ``lambdas`` from ``start``; (k, p)."""
        from sklearn.linear_model import enet_path

        gram_args = {"precompute": self.gram, "Xy": self.xty} if self.uses_gram else {"precompute": False}
        with _quiet_convergence():
            _, coefs, _ = enet_path(
                self.X_centered, self.y_centered, l1_ratio=alpha, alphas=np.asarray(lambdas, dtype=float),
                coef_init=np.array(start, dtype=float, order="F"), tol=tol, max_iter=_CD_MAX_ITER,
                check_input=False, **gram_args,
            )  # fmt: skip
        return coefs.T

    def _certified(self, penalty, lambdas, candidates) -> np.ndarray:
        """Candidates (k, p) made exact: zeros at lam >= lam_max, KKT-checked, re-solved where they fail."""
        coefs = np.array(candidates, dtype=float)
        coefs[self._all_zero(penalty, lambdas)] = 0.0
        for i in np.flatnonzero(self._kkt_violation(penalty.alpha, lambdas, coefs) > KKT_RTOL):
            coefs[i] = self._exact_solution(penalty.alpha, lambdas[i], coefs[i])
        return coefs

    def _exact_solution(self, alpha, lam, start) -> np.ndarray:
        """The optimum at lam by active-set steps from ``start``; coordinate descent repairs a bad start.

        On the right support A with signs s the optimum solves the linear system
        (X_A'X_A / n + lam (1 - alpha) I) w_A = X_A'y / n - lam alpha s exactly.
        """
        coef = np.asarray(start, dtype=float)
        for tol in (None, *_CD_TOLS):
            if tol is not None:
                coef = self._coordinate_descent(alpha, [lam], coef, tol)[0]
            solved = self._active_set(alpha, lam, coef)
            if solved is not None:
                return solved
        return coef  # best effort: coordinate descent at the tightest tolerance

    def _active_set(self, alpha, lam, coef) -> np.ndarray | None:
        """Active-set steps from coef to the optimum at lam, or None when they do not get there.

        Each round lets the worst KKT violators enter the support and moves towards the solution on
        that support; a coefficient that would change sign on the way stops at 0 and leaves.
        """
        lams = np.array([lam])
        for _ in range(_ACTIVE_SET_ROUNDS):
            gradient = self._gradient(alpha, lams, coef[None, :])[0]
            if _violation(alpha, lam, coef, gradient).max() <= KKT_RTOL * lam:
                return coef
            signs = np.sign(coef)
            excess = np.where(coef == 0.0, np.abs(gradient) - lam * alpha, 0.0)
            # A few violators per round keep the linear systems small where p > n.
            entering = np.argsort(excess)[::-1][:_MAX_ENTERING]
            entering = entering[excess[entering] > KKT_RTOL * lam]  # ties (duplicate columns) stay out
            signs[entering] = np.sign(gradient[entering])
            coef = self._descend_on_support(alpha, lam, coef, signs)
            if coef is None:
                return None
        return None

    def _descend_on_support(self, alpha, lam, coef, signs) -> np.ndarray | None:
        """Move from coef towards the solution with the support and signs of ``signs`` (p,).

        When the solution breaks a sign, step only until the first coefficient reaches 0, drop it
        and solve again (the objective decreases at every step).
        """
        for _ in range(np.count_nonzero(signs) + 1):
            target = self._solve_on_support(alpha, lam, signs)
            if target is None:
                return None
            wrong = (signs != 0.0) & (np.sign(target) != signs)
            if not wrong.any():
                return target
            steps = np.full(self.n_features, np.inf)
            steps[wrong] = coef[wrong] / (coef[wrong] - target[wrong])
            step = steps.min()
            coef = coef + step * (target - coef)
            leaving = steps <= step
            coef[leaving] = 0.0
            signs = np.where(leaving, 0.0, signs)
        return None

    def _solve_on_support(self, alpha, lam, signs) -> np.ndarray | None:
        """Solve (X_A'X_A / n + lam (1 - alpha) I) w_A = X_A'y / n - lam alpha s_A on A = support of signs (p,)."""
        active = np.flatnonzero(signs)
        solved = np.zeros(self.n_features)
        if active.size == 0:
            return solved
        rhs = self.xty[active] / self.n_samples - lam * alpha * signs[active]
        shift = lam * (1.0 - alpha)
        try:
            if self.uses_gram:
                system = self.gram[np.ix_(active, active)] / self.n_samples + shift * np.eye(active.size)
                solved[active] = np.linalg.solve(system, rhs)
            else:
                columns = self.X_centered[:, active]
                solved[active] = self._solve_wide(columns, shift, rhs)
        except np.linalg.LinAlgError:
            return None
        return solved

    def _solve_wide(self, columns, shift, rhs) -> np.ndarray:
        """(C'C/n + shift I)^-1 rhs for C = columns (n, k) of X: by the n x n system where k > n and shift is not tiny.

        (C'C/n + mu I)^-1 = (I - C'(n mu I + CC')^-1 C) / mu (Woodbury) costs n^2 k instead of k^3, but
        divides a difference by mu: used only while n mu is at least _WOODBURY_RTOL of trace(CC').
        """
        n, k = columns.shape
        if k > n and shift > 0.0:
            rows_gram = columns @ columns.T
            if n * shift >= _WOODBURY_RTOL * np.trace(rows_gram):
                rows_gram[np.diag_indices(n)] += n * shift
                return (rhs - columns.T @ np.linalg.solve(rows_gram, columns @ rhs)) / shift
        return np.linalg.solve(columns.T @ columns / n + shift * np.eye(k), rhs)

    def _gradient(self, alpha, lambdas, coefs) -> np.ndarray:
        """X'(y - Xw)/n - lam (1 - alpha) w for each row of coefs (k, p); shape (k, p).

        Without a Gram matrix (p >= n) the fits take only the columns where some row of coefs is
        nonzero: a lasso path's union support is a fraction of p there.
        """
        if self.uses_gram:
            correlation = (self.xty - coefs @ self.gram) / self.n_samples
        else:
            support = np.flatnonzero(coefs.any(axis=0))
            residuals = self.y_centered[:, None] - self.X_centered[:, support] @ coefs[:, support].T
            correlation = (self.X_centered.T @ residuals).T / self.n_samples
        return correlation - lambdas[:, None] * (1.0 - alpha) * coefs

    def _kkt_violation(self, alpha, lambdas, coefs) -> np.ndarray:
        """Largest KKT violation of each row of coefs (k, p), relative to its lam; shape (k,)."""
        gradient = self._gradient(alpha, lambdas, coefs)
        return _violation(alpha, lambdas[:, None], coefs, gradient).max(axis=1, initial=0.0) / lambdas

    def _default_start(self, penalty, lam) -> np.ndarray:
        """Where solving at lam starts without a warm start: the lasso's homotopy point there, else zeros."""
        if penalty.is_l1:
            return self._lars_coefs(np.array([lam]))[0]
        return np.zeros(self.n_features)


# ---- module-level API ---------------------------------------------------------------------------
def lambda_grid(X, y, penalty: Penalty, n_lambdas: int = 100, min_ratio: float | None = None) -> np.ndarray:
    """glmnet's descending lambda grid for X (n, p) exactly as given and y (n,).

    lam_max = max_j |x_j'(y - ybar)| / (n * max(alpha, 0.001)) (centred columns: the intercept is
    unpenalized), down to lam_max * min_ratio (default 1e-4 when n > p, else 1e-2).

    Returns
    -------
    lambdas : ndarray of shape (n_lambdas,)
    """
    return Problem.from_data(X, y, standardize=False).lambda_grid(penalty, n_lambdas, min_ratio)


def compute_path(X, y, penalty: Penalty, lambdas=None, *, standardize=True) -> Path:
    """Minimise 1/(2n)||y - b - Xw||^2 + lam * P(w) along a descending grid of lam.

    Parameters
    ----------
    X : array of shape (n, p)
    y : array of shape (n,)
    penalty : Penalty
    lambdas : array of shape (k,), optional
        Default: glmnet's grid on the fitted-scale X.
    standardize : bool, default True
        Fit on X standardized with its own mean and population std; False fits X as given.

    Returns
    -------
    Path
        coefs (k, p) on the fitted scale, intercepts (k,) in y's units.
    """
    return Problem.from_data(X, y, standardize=standardize).path(penalty, lambdas)


def fit_at(X, y, penalty: Penalty, lam: float, *, standardize=True, warm_start=None) -> Fit:
    """Minimise 1/(2n)||y - b - Xw||^2 + lam * P(w) at one lam > 0, exactly.

    Parameters
    ----------
    X : array of shape (n, p)
    y : array of shape (n,)
    penalty : Penalty
    lam : float
    standardize : bool, default True
    warm_start : array of shape (p,), optional
        Starting coefficients (fitted scale) for L1 / elastic net.

    Returns
    -------
    Fit
    """
    return Problem.from_data(X, y, standardize=standardize).fit_at(penalty, lam, warm_start)


def budget_for_lam(path: Path, lam):
    """Budget s in [0, 1] at lam >= 0 (float or array), from the path's grid, exact at its ends.

    Exact at grid points and linear in log(lam) between them. Beyond the grid the budget follows its
    tails to the limits: s = 1 at lam = 0 (the unpenalized fit) with 1 - s proportional to lam below
    the grid, and s = 0 at lam = infinity with s proportional to 1/lam above it (L1 and the elastic
    net start the grid at lam_max, where s is already 0).
    """
    lam = np.asarray(lam, dtype=float)
    lambdas, budget = path.lambdas, path.budget
    # np.interp needs ascending abscissae: -log(lam) ascends along the descending grid.
    inside = np.interp(-np.log(np.clip(lam, lambdas[-1], lambdas[0])), -np.log(lambdas), budget)
    with np.errstate(divide="ignore", invalid="ignore"):
        above = budget[0] * lambdas[0] / lam
        below = 1.0 - (1.0 - budget[-1]) * lam / lambdas[-1]
    s = np.where(lam > lambdas[0], above, np.where(lam < lambdas[-1], below, inside))
    return float(s) if s.ndim == 0 else s


def lam_for_budget(path: Path, s):
    """The lam (float or array, 0 to infinity) with budget s in [0, 1]: the inverse of :func:`budget_for_lam`.

    s = 1 is lam = 0 (the unpenalized fit w_0); s = 0 is lam_max where every coefficient is exactly 0
    (L1, elastic net) and infinity for ridge, which reaches w = 0 only in the limit. Between grid points
    lam is linear in log(lam); beyond the grid it follows :func:`budget_for_lam`'s tails; s outside [0, 1]
    is clamped. Where several grid points share one budget (a plateau, such as L1's all-zero start) the
    largest of their lambdas is returned.
    """
    budget, lambdas = path.budget, path.lambdas
    log_lams = np.log(lambdas)
    s = np.clip(np.asarray(s, dtype=float), 0.0, 1.0)
    inner = np.clip(s, budget[0], budget[-1])
    # First grid point with budget >= s: on a plateau that is its largest lam.
    upper = np.minimum(np.searchsorted(budget, inner, side="left"), len(budget) - 1)
    lower = np.maximum(upper - 1, 0)
    gap = budget[upper] - budget[lower]
    share = np.divide(inner - budget[lower], gap, out=np.ones_like(inner), where=gap > 0)
    between = np.exp(log_lams[lower] + share * (log_lams[upper] - log_lams[lower]))
    lam = np.where(budget[upper] == inner, lambdas[upper], between)
    with np.errstate(divide="ignore", invalid="ignore"):
        above = np.where(s > 0.0, lambdas[0] * budget[0] / s, np.inf)
        below = lambdas[-1] * (1.0 - s) / (1.0 - budget[-1])
    lam = np.where(s < budget[0], above, np.where(s > budget[-1], below, lam))
    lam = np.where(s >= 1.0, 0.0, lam)
    return float(lam) if lam.ndim == 0 else lam


# ---- helpers ------------------------------------------------------------------------------------
class _quiet_convergence(warnings.catch_warnings):
    """Silence scikit-learn's ConvergenceWarning: every solution is KKT-checked here instead."""

    def __enter__(self):
        from sklearn.exceptions import ConvergenceWarning

        super().__enter__()
        warnings.simplefilter("ignore", ConvergenceWarning)


def _violation(alpha, lam, coefs, gradient) -> np.ndarray:
    """Per-coefficient KKT violation (absolute), same shape as coefs.

    With g the gradient of the smooth part: g_j = lam alpha sign(w_j) where w_j != 0, and
    |g_j| <= lam alpha where w_j == 0.
    """
    return np.where(
        coefs != 0.0,
        np.abs(gradient - lam * alpha * np.sign(coefs)),
        np.maximum(np.abs(gradient) - lam * alpha, 0.0),
    )


def check_xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    """X as a finite float (n, p) array and y as a finite float (n,) array of the same length."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X must be (n, p) and y (n,) with the same n, got {X.shape} and {y.shape}")
    if X.shape[0] < 2 or X.shape[1] < 1:
        raise ValueError(f"need at least 2 samples and 1 feature, got X of shape {X.shape}")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must be finite (no NaN or infinity)")
    return X, y


def check_lambdas(lambdas) -> np.ndarray:
    """Positive finite distinct lambdas (k,), sorted descending."""
    lambdas = np.asarray(lambdas, dtype=float).ravel()
    if lambdas.size == 0 or not np.all(np.isfinite(lambdas)) or np.any(lambdas <= 0.0):
        raise ValueError("lambdas must be a non-empty set of positive finite numbers")
    lambdas = np.sort(lambdas)[::-1]
    if np.any(np.diff(lambdas) == 0.0):
        raise ValueError("lambdas must be distinct")
    return lambdas
