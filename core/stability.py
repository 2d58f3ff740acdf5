"""Stability under resampling: bootstrap refits and how steady their coefficients and supports are.

Each bootstrap resample draws n rows of (X, y) with replacement and refits the model at the same
lam, minimising glmnet's objective on the resample::

    1/(2n) * sum_i c_i (y_i - b - z_i' w)^2 + lam * P(w)

where c_i counts how often row i was drawn (sum c_i = n) and z_i is row i on the resample's own
fitted scale: standardization (on by default) uses the mean and population std of the resample,
as everywhere in RegLab the data being fitted. Only the distinct rows enter the computation,
weighted by their counts, so the Gram matrix X' diag(c) X costs m p^2 for m ~ 0.63 n distinct rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datasets import Standardizer
from .paths import Problem, check_xy
from .penalties import Penalty


@dataclass(frozen=True)
class BootstrapProgress:
    """Yielded after each resample: ``n_done`` of ``n_boot`` are done.

    ``coefs`` holds one array (n_done, p) per model, in the order the models were given; its rows
    are final (later resamples only fill rows after them).
    """

    n_done: int
    n_boot: int
    coefs: tuple[np.ndarray, ...]


@dataclass(frozen=True)
class BootstrapSummary:
    """How one model's coefficients vary over resamples.

    Attributes
    ----------
    n_resamples : int
    mean : ndarray of shape (p,)
    std : ndarray of shape (p,)
        Standard deviation across resamples (ddof=1: the bootstrap standard error); 0 for one resample.
    selection_frequency : ndarray of shape (p,)
        Share of resamples in which each coefficient is not exactly 0.0.
    stability_index : float
        Average Jaccard similarity |A & B| / |A | B| of the supports over all pairs of resamples
        (two empty supports count as identical: 1); 1 when every resample selects the same set.
        NaN for a single resample (no pair).
    modal_support : ndarray of shape (p,), bool
        The support found in the most resamples (on a tie, the first in lexicographic order).
    support_change_share : float
        Share of resamples whose support differs from ``modal_support``.
    """

    n_resamples: int
    mean: np.ndarray
    std: np.ndarray
    selection_frequency: np.ndarray
    stability_index: float
    modal_support: np.ndarray
    support_change_share: float

    @property
    def mean_std(self) -> float:
        """The average over features of ``std``: one number for a model's coefficient spread."""
        return float(self.std.mean())


def resample_counts(n_samples: int, index: int, seed=0) -> np.ndarray:
    """How often each row is drawn in bootstrap resample number ``index``: counts (n_samples,), summing to n_samples.

    Resample ``index`` draws from its own stream, ``SeedSequence(seed, spawn_key=(index,))`` (the
    ``index``-th child of ``SeedSequence(seed).spawn``), so it does not depend on how many resamples
    are drawn, and every model refitted with the same seed sees the same resamples.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(int(index),)))
    return np.bincount(rng.integers(0, n_samples, size=n_samples), minlength=n_samples)


def bootstrap_coefs(X, y, penalty: Penalty, lam: float, *, n_boot=200, seed=0, standardize=True) -> np.ndarray:
    """Minimise 1/(2n) sum_i c_i (y_i - b - z_i'w)^2 + lam * P(w) on each of n_boot bootstrap resamples.

    Parameters
    ----------
    X : array of shape (n, p)
    y : array of shape (n,)
    penalty : Penalty
    lam : float
        The strength, the same for every resample.
    n_boot : int, default 200
    seed : int, default 0
        Resample ``b`` has the row counts :func:`resample_counts` ``(n, b, seed)``.
    standardize : bool, default True
        Standardize each resample with its own mean and population std.

    Returns
    -------
    coefs : ndarray of shape (n_boot, p)
        On each resample's fitted scale; L1 / elastic-net zeros are exactly 0.0.
    """
    return _drain(iter_bootstrap_coefs(X, y, penalty, lam, n_boot=n_boot, seed=seed, standardize=standardize))


def iter_bootstrap_coefs(X, y, penalty: Penalty, lam: float, *, n_boot=200, seed=0, standardize=True):
    """:func:`bootstrap_coefs` as a generator: yields a :class:`BootstrapProgress` after each resample.

    Returns the coefs (n_boot, p). A caller stops between resamples by not asking for the next one.
    """
    (coefs,) = yield from iter_bootstrap_models(X, y, [(penalty, lam)], n_boot=n_boot, seed=seed,
                                                standardize=standardize)
    return coefs


def iter_bootstrap_models(X, y, models, *, n_boot=200, seed=0, standardize=True):
    """Refit several models on the same resamples, each minimising 1/(2n) sum_i c_i (y_i - b - z_i'w)^2 + lam * P(w).

    Each resample is prepared once (its Gram matrix, its decomposition) for all the models.
    L1 / elastic-net fits start from the model's solution on all the data and are solved exactly
    (KKT-certified, see :class:`core.paths.Problem`), so their zeros are exact.

    Parameters
    ----------
    X : array of shape (n, p)
    y : array of shape (n,)
    models : sequence of (Penalty, lam) pairs
    n_boot : int, default 200
    seed : int, default 0
        Resample ``b`` has the row counts :func:`resample_counts` ``(n, b, seed)``.
    standardize : bool, default True
        Standardize each resample with its own mean and population std.

    Yields
    ------
    BootstrapProgress
        After each resample.

    Returns
    -------
    tuple of ndarray of shape (n_boot, p)
        One per model, in the order given.
    """
    X, y = check_xy(X, y)
    models = [(penalty, float(lam)) for penalty, lam in models]
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, got {n_boot!r}")
    full = Problem.from_data(X, y, standardize=standardize)
    starts = [full.fit_at(penalty, lam).coef for penalty, lam in models]
    coefs = tuple(np.empty((n_boot, X.shape[1])) for _ in models)
    for b in range(n_boot):
        problem = _resample_problem(X, y, resample_counts(len(y), b, seed), standardize)
        for (penalty, lam), start, out in zip(models, starts, coefs):
            out[b] = problem.fit_at(penalty, lam, warm_start=start).coef
        yield BootstrapProgress(n_done=b + 1, n_boot=n_boot, coefs=tuple(out[: b + 1] for out in coefs))
    return coefs


def selection_frequency(coefs) -> np.ndarray:
    """Share of resamples in which each coefficient is not exactly 0.0: coefs (B, p) -> (p,) in [0, 1]."""
    coefs = _check_coefs(coefs)
    return np.count_nonzero(coefs, axis=0) / coefs.shape[0]


def summarize_bootstrap(coefs) -> BootstrapSummary:
    """Mean, spread, selection frequency and support stability of bootstrap coefs (B, p).

    Returns
    -------
    BootstrapSummary
    """
    coefs = _check_coefs(coefs)
    n_resamples = coefs.shape[0]
    supports, counts = np.unique(coefs != 0.0, axis=0, return_counts=True)
    modal = int(np.argmax(counts))
    return BootstrapSummary(
        n_resamples=n_resamples,
        mean=coefs.mean(axis=0),
        std=coefs.std(axis=0, ddof=1) if n_resamples > 1 else np.zeros(coefs.shape[1]),
        selection_frequency=selection_frequency(coefs),
        stability_index=_mean_pairwise_jaccard(supports, counts),
        modal_support=supports[modal],
        support_change_share=float(1.0 - counts[modal] / n_resamples),
    )


# ---- helpers ------------------------------------------------------------------------------------
def _resample_problem(X, y, counts, standardize) -> Problem:
    """The Problem of the bootstrap resample that holds row i counts[i] times, built from its distinct rows.

    Each of the m distinct rows enters once, centred and scaled by sqrt(c_i m / n): Problem's
    1/(2m) * sum over these rows then equals the resample's 1/(2n) * sum over its n draws, so the
    same lam gives the same minimiser.
    """
    rows = np.flatnonzero(counts)
    weights = counts[rows] / counts.sum()  # c_i / n: sums to 1
    X_rows, y_rows = X[rows], y[rows]
    y_mean = float(weights @ y_rows)
    root = np.sqrt(weights * rows.size)
    if standardize:
        standardizer = Standardizer.fit(X_rows, sample_weight=weights)  # mean and std of the resample
        design, fitted_mean = standardizer.transform(X_rows, order="F"), np.zeros(X.shape[1])
    else:
        standardizer, fitted_mean = Standardizer.identity(X.shape[1]), weights @ X_rows
        design = np.subtract(X_rows, fitted_mean, order="F")
    design *= root[:, None]
    return Problem(design, root * (y_rows - y_mean), x_mean=fitted_mean, y_mean=y_mean, standardizer=standardizer)


def _mean_pairwise_jaccard(supports, counts) -> float:
    """Average Jaccard similarity over all pairs of resamples, from the distinct supports (k, p) and counts (k,)."""
    n_resamples = counts.sum()
    if n_resamples < 2:
        return float("nan")
    members = supports.astype(float)
    shared = members @ members.T
    sizes = members.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    similarity = np.divide(shared, union, out=np.ones_like(shared), where=union > 0)
    # Every ordered pair of distinct resamples once: all pairs of support classes, minus each resample with itself.
    ordered_pairs = counts @ similarity @ counts - n_resamples
    return float(ordered_pairs / (n_resamples * (n_resamples - 1)))


def _check_coefs(coefs) -> np.ndarray:
    coefs = np.asarray(coefs, dtype=float)
    if coefs.ndim != 2 or coefs.shape[0] < 1:
        raise ValueError(f"coefs must have shape (n_resamples, n_features), n_resamples >= 1; got {coefs.shape}")
    return coefs


def _drain(generator):
    """Run a generator to its end and return its return value."""
    while True:
        try:
            next(generator)
        except StopIteration as done:
            return done.value
