"""Validation curves: training and validation error against lam, hold-out and K-fold.

The standardization is always fitted on the training part only (in K-fold: on each training
fold), so the validation rows never leak into the model they judge.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .datasets import Dataset, ParamLimit
from .paths import Problem, check_lambdas, check_xy
from .penalties import Penalty


@dataclass(frozen=True)
class Curve:
    """Mean squared errors on the training and the validation part, per lam (descending), shapes (k,)."""

    penalty: Penalty
    lambdas: np.ndarray
    train_mse: np.ndarray
    val_mse: np.ndarray


@dataclass(frozen=True)
class CVCurve:
    """K-fold cross-validation error per lam, glmnet's way.

    Attributes
    ----------
    penalty : Penalty
    lambdas : ndarray of shape (k,), descending
    mean : ndarray of shape (k,)
        Mean squared error over all held-out rows (fold errors weighted by fold size).
    se : ndarray of shape (k,)
        Its standard error across folds.
    fold_errors : ndarray of shape (n_folds, k)
        Mean squared error on each held-out fold.
    lambda_min, index_min
        The lam with the smallest mean (the largest such lam on ties).
    lambda_1se, index_1se
        The largest lam whose mean is at most mean[index_min] + se[index_min].
    """

    penalty: Penalty
    lambdas: np.ndarray
    mean: np.ndarray
    se: np.ndarray
    fold_errors: np.ndarray
    lambda_min: float
    lambda_1se: float
    index_min: int
    index_1se: int


@dataclass(frozen=True)
class CVProgress:
    """Yielded by :func:`iter_cv_curve` after each fold: ``fold`` folds of ``n_folds`` are done."""

    fold: int
    n_folds: int


def holdout_curve(X_train, y_train, X_val, y_val, penalty: Penalty, lambdas, *, standardize=True) -> Curve:
    """Training and validation error of the fits minimising 1/(2n)||y - b - Xw||^2 + lam * P(w) on the training part.

    Parameters
    ----------
    X_train : array of shape (n, p)
    y_train : array of shape (n,)
    X_val : array of shape (m, p)
    y_val : array of shape (m,)
    penalty : Penalty
    lambdas : array of shape (k,)
        Sorted descending in the result.
    standardize : bool, default True
        Standardize with the training part's mean and std only.

    Returns
    -------
    Curve
    """
    return holdout_curves(X_train, y_train, X_val, y_val, {penalty: lambdas}, standardize=standardize)[penalty]


def holdout_curves(X_train, y_train, X_val, y_val, lambdas: dict, *, standardize=True) -> dict:
    """:func:`holdout_curve` for several penalties, sharing the prepared training problem.

    Parameters
    ----------
    X_train, y_train, X_val, y_val, standardize
        As in :func:`holdout_curve`.
    lambdas : dict
        ``{Penalty: array of shape (k,)}``, each sorted descending in its result.

    Returns
    -------
    dict
        ``{Penalty: Curve}`` in the order of ``lambdas``.
    """
    X_val, y_val = check_xy(X_val, y_val)
    problem = Problem.from_data(X_train, y_train, standardize=standardize)
    lambdas = {penalty: check_lambdas(grid) for penalty, grid in lambdas.items()}
    coefs = {penalty: problem.coefs(penalty, grid) for penalty, grid in lambdas.items()}
    train_mse = _mse(problem, coefs, X_train, y_train)
    val_mse = _mse(problem, coefs, X_val, y_val)
    return {penalty: Curve(penalty=penalty, lambdas=grid, train_mse=train_mse[penalty], val_mse=val_mse[penalty])
            for penalty, grid in lambdas.items()}


def cv_curve(X, y, penalty: Penalty, lambdas=None, *, n_folds=5, seed=0, standardize=True) -> CVCurve:
    """K-fold cross-validated error of the fits minimising 1/(2n)||y - b - Xw||^2 + lam * P(w).

    Parameters
    ----------
    X : array of shape (n, p)
    y : array of shape (n,)
    penalty : Penalty
    lambdas : array of shape (k,), optional
        Sorted descending in the result. Default: glmnet's grid on all the data.
    n_folds : int, 2 <= n_folds <= n
    seed : int
        Seeds the random split into folds (:func:`cv_folds`).
    standardize : bool, default True
        Standardize inside each training fold with that fold's mean and std.

    Returns
    -------
    CVCurve
    """
    progress = iter_cv_curve(X, y, penalty, lambdas, n_folds=n_folds, seed=seed, standardize=standardize)
    while True:
        try:
            next(progress)
        except StopIteration as done:
            return done.value


def iter_cv_curve(X, y, penalty: Penalty, lambdas=None, *, n_folds=5, seed=0, standardize=True):
    """:func:`cv_curve` as a generator: yields a :class:`CVProgress` after each fold, returns the CVCurve.

    A caller can stop between folds by not asking for the next one (e.g. superqt's generator worker).
    """
    if lambdas is None:
        lambdas = Problem.from_data(X, y, standardize=standardize).lambda_grid(penalty)
    curves = yield from iter_cv_curves(X, y, {penalty: lambdas}, n_folds=n_folds, seed=seed, standardize=standardize)
    return curves[penalty]


def iter_cv_curves(X, y, lambdas: dict, *, n_folds=5, seed=0, standardize=True):
    """:func:`iter_cv_curve` for several penalties, each fold's problem prepared once for all of them.

    Parameters
    ----------
    X : array of shape (n, p)
    y : array of shape (n,)
    lambdas : dict
        ``{Penalty: array of shape (k,)}``, each sorted descending in its result.
    n_folds, seed, standardize
        As in :func:`cv_curve`.

    Yields
    ------
    CVProgress
        After each fold.

    Returns
    -------
    dict
        ``{Penalty: CVCurve}`` in the order of ``lambdas``.
    """
    X, y = check_xy(X, y)
    folds = cv_folds(len(y), n_folds, seed)
    lambdas = {penalty: check_lambdas(grid) for penalty, grid in lambdas.items()}
    cross_products = _CrossProducts(X)
    fold_errors = {penalty: np.empty((n_folds, len(grid))) for penalty, grid in lambdas.items()}
    for f, held_out in enumerate(folds):
        train = np.ones(len(y), dtype=bool)
        train[held_out] = False
        problem = cross_products.fold_problem(X, y, train, standardize)
        coefs = {penalty: problem.coefs(penalty, grid) for penalty, grid in lambdas.items()}
        for penalty, errors in _mse(problem, coefs, X[held_out], y[held_out]).items():
            fold_errors[penalty][f] = errors
        yield CVProgress(fold=f + 1, n_folds=n_folds)
    fold_sizes = np.array([len(fold) for fold in folds])
    return {penalty: _summarise(penalty, grid, fold_errors[penalty], fold_sizes) for penalty, grid in lambdas.items()}


def cv_folds(n_samples: int, n_folds: int, seed) -> list[np.ndarray]:
    """A seeded random permutation of range(n_samples) cut into n_folds nearly equal index arrays."""
    if not isinstance(n_folds, (int, np.integer)) or not 2 <= n_folds <= n_samples:
        raise ValueError(f"n_folds must be an integer from 2 to the number of samples ({n_samples}), got {n_folds!r}")
    return np.array_split(np.random.default_rng(seed).permutation(n_samples), n_folds)


MIN_PART_ROWS = 2
MAX_CV_FOLDS = 20  # the most folds offered
VALIDATION_SHARES = (0.1, 0.5)  # the validation shares offered, in steps of SHARE_STEP
SHARE_STEP = 0.01


def _validation_rows(n_samples: int, fraction: float) -> int:
    return int(round(fraction * n_samples))


def validation_fraction_range(n_samples: int, low: float, high: float, step: float) -> tuple[float, float] | None:
    """The validation shares on the grid low, low + step, ..., high that leave both parts of
    ``n_samples`` rows at least MIN_PART_ROWS rows in :func:`train_validation_split`: (first, last), or None."""
    count = int(round((high - low) / step))
    shares = [round(low + k * step, 10) for k in range(count + 1)]
    fitting = [f for f in shares if MIN_PART_ROWS <= _validation_rows(n_samples, f) <= n_samples - MIN_PART_ROWS]
    return (fitting[0], fitting[-1]) if fitting else None


def cv_folds_limit(n_samples: int | None) -> ParamLimit:
    """The CV folds ``n_samples`` rows allow (None: not known yet), with the reasons in plain words."""
    most, reason = MAX_CV_FOLDS, f"At most {MAX_CV_FOLDS} CV folds"
    if n_samples is not None and n_samples < MAX_CV_FOLDS:
        most, reason = n_samples, f"At most {n_samples} CV folds with {n_samples} samples: each fold needs a sample"
    return ParamLimit(2, most, reason, "At least 2 CV folds")


def validation_fraction_limit(n_samples: int | None) -> ParamLimit:
    """The validation shares offered that leave both parts of ``n_samples`` rows (None: not known yet) at least
    MIN_PART_ROWS rows, with the reasons in plain words."""
    low, high = VALIDATION_SHARES
    fitting = None if n_samples is None else validation_fraction_range(n_samples, low, high, SHARE_STEP)
    below, above = (f"The validation fraction must be at least {low:.2f}",
                    f"The validation fraction can be at most {high:.2f}")
    if fitting is None:
        return ParamLimit(low, high, above, below)
    why = f"with {n_samples} samples, so that the training and the validation part keep {MIN_PART_ROWS} rows each"
    return ParamLimit(fitting[0], fitting[1], f"At most {fitting[1]:.2f} {why}" if fitting[1] < high else above,
                      f"At least {fitting[0]:.2f} {why}" if fitting[0] > low else below)


def train_validation_split(dataset: Dataset, fraction: float, seed) -> tuple[Dataset, Dataset]:
    """Split rows at random into (train, validation); ``fraction`` in (0, 1) is the validation share.

    Reproducible from ``seed``; rows keep their order within each part; names, true_coef and
    notes carry over. Each part needs at least 2 rows.
    """
    fraction = float(fraction)
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"the validation share must lie strictly between 0 and 1, got {fraction!r}")
    n = dataset.n_samples
    n_val = _validation_rows(n, fraction)
    if n_val < MIN_PART_ROWS or n - n_val < MIN_PART_ROWS:
        raise ValueError(
            f"a validation share of {fraction:.0%} of {n} rows gives {n - n_val} training and {n_val} "
            f"validation rows; each part needs at least {MIN_PART_ROWS}"
        )
    order = np.random.default_rng(seed).permutation(n)
    val, train = np.sort(order[:n_val]), np.sort(order[n_val:])
    return replace(dataset, X=dataset.X[train], y=dataset.y[train]), replace(dataset, X=dataset.X[val], y=dataset.y[val])


class _CrossProducts:
    """The full data's Gram matrix, downdated to each training fold instead of recomputed.

    X is shifted by its overall column means first, so the fold's own centring subtracts small numbers.
    Only the shift and the p x p Gram matrix are kept, not a shifted copy of X.
    """

    def __init__(self, X):
        self.shift = X.mean(axis=0)
        self.gram = _shifted_gram(X, self.shift) if X.shape[0] > X.shape[1] else None

    def fold_problem(self, X, y, train, standardize) -> Problem:
        """The Problem of the rows ``train`` (boolean mask), its Gram matrix downdated when it has one."""
        problem = Problem.from_data(X[train], y[train], standardize=standardize)
        if self.gram is None or not problem.uses_gram:
            return problem
        scale = problem.standardizer.scale
        # The training mean in shifted coordinates, recovered from the fitted-scale mean.
        offset = problem.standardizer.mean + problem.x_mean * scale - self.shift
        held_out = X[~train] - self.shift
        centred = self.gram - held_out.T @ held_out - problem.n_samples * np.outer(offset, offset)
        return Problem(
            problem.X_centered,
            problem.y_centered,
            x_mean=problem.x_mean,
            y_mean=problem.y_mean,
            standardizer=problem.standardizer,
            gram=centred / np.outer(scale, scale),
        )


def _shifted_gram(X, shift, block_elements=1 << 20) -> np.ndarray:
    """(X - shift)'(X - shift) (p, p) for X (n, p), a block of rows at a time (no shifted copy of X)."""
    block = max(1, block_elements // X.shape[1])
    gram = np.zeros((X.shape[1], X.shape[1]))
    for start in range(0, X.shape[0], block):
        rows = X[start : start + block] - shift
        gram += rows.T @ rows
    return gram


def _mse(problem: Problem, coefs: dict, X, y, block_elements=1 << 20) -> dict:
    """Mean squared errors ``{key: (k,)}`` of the fits ``{key: coefs (k, p)}`` of problem on rows X (m, p), y (m,).

    A block of rows at a time, transformed once for every set of fits: the predictions of all k fits
    on all m rows would be an m x k array.
    """
    intercepts = {key: problem.intercept_for(rows) for key, rows in coefs.items()}
    y = np.asarray(y, dtype=float)
    block = max(1, block_elements // max([X.shape[1], *(len(rows) for rows in coefs.values())]))
    totals = {key: np.zeros(len(rows)) for key, rows in coefs.items()}
    for start in range(0, len(y), block):
        design = problem.transform(X[start : start + block])
        for key, rows in coefs.items():
            residuals = design @ -rows.T
            residuals += y[start : start + block, None] - intercepts[key]
            totals[key] += np.einsum("ij,ij->j", residuals, residuals)
    return {key: total / len(y) for key, total in totals.items()}


def _summarise(penalty, lambdas, fold_errors, fold_sizes) -> CVCurve:
    """glmnet's summary: size-weighted mean, its standard error, lambda_min and lambda_1se."""
    weights = fold_sizes / fold_sizes.sum()
    mean = weights @ fold_errors
    se = np.sqrt(weights @ np.square(fold_errors - mean) / (len(fold_sizes) - 1))
    index_min = int(np.argmin(mean))
    # lambdas descend, so the first index within one standard error is the largest such lam.
    index_1se = int(np.flatnonzero(mean <= mean[index_min] + se[index_min])[0])
    return CVCurve(
        penalty=penalty,
        lambdas=lambdas,
        mean=mean,
        se=se,
        fold_errors=fold_errors,
        lambda_min=float(lambdas[index_min]),
        lambda_1se=float(lambdas[index_1se]),
        index_min=index_min,
        index_1se=index_1se,
    )
