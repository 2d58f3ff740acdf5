"""The full recompute as a scikit-learn user writes it: a loop of fits per lambda, LassoCV and RidgeCV(cv=5).

Same work as RegLab's recompute, per penalty: the path on all the data, the hold-out curve on the training
part (a loop of fits, errors on both parts) and 5-fold CV over the same grid. Default tolerances and threads,
as a user would leave them. The (lam -> scikit-learn alpha) conversion is core.penalties' own.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from core.penalties import L1, L2


@dataclass(frozen=True)
class SklearnRecompute:
    """The loop-of-fits paths (k, p) on the standardized scale (StandardScaler: population std), the hold-out
    errors (k, 2) (training and validation MSE), and how many warnings (non-convergence, ill-conditioning)
    scikit-learn raised."""

    coefs_l1: np.ndarray
    coefs_l2: np.ndarray
    holdout_l1: np.ndarray
    holdout_l2: np.ndarray
    n_warnings: int


def sklearn_recompute(X, y, train_index, val_index, lambdas_l1, lambdas_l2) -> SklearnRecompute:
    """Both penalties' paths, hold-out curves and 5-fold CV, written the way the scikit-learn docs show.

    Parameters
    ----------
    X : ndarray (n, p); y : ndarray (n,)
    train_index, val_index : ndarray of int, the hold-out split
    lambdas_l1, lambdas_l2 : ndarray (k,), RegLab's grids (glmnet's lambda)
    """
    from sklearn.linear_model import LassoCV, RidgeCV
    from sklearn.preprocessing import StandardScaler

    n = len(y)
    Xs = StandardScaler().fit_transform(X)
    scaler = StandardScaler().fit(X[train_index])
    split = (scaler.transform(X[train_index]), y[train_index], scaler.transform(X[val_index]), y[val_index])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coefs = {penalty: np.array([penalty.sklearn_estimator(lam, n).fit(Xs, y).coef_ for lam in lambdas])
                 for penalty, lambdas in ((L1, lambdas_l1), (L2, lambdas_l2))}
        holdout_l1 = _holdout_errors(L1, lambdas_l1, *split)
        holdout_l2 = _holdout_errors(L2, lambdas_l2, *split)
        LassoCV(alphas=[L1.sklearn_params(lam, n)["alpha"] for lam in lambdas_l1], cv=5).fit(Xs, y)
        RidgeCV(alphas=[L2.sklearn_params(lam, n)["alpha"] for lam in lambdas_l2], cv=5).fit(Xs, y)
    return SklearnRecompute(coefs_l1=coefs[L1], coefs_l2=coefs[L2], holdout_l1=holdout_l1, holdout_l2=holdout_l2,
                            n_warnings=len(caught))


def _holdout_errors(penalty, lambdas, X_train, y_train, X_val, y_val) -> np.ndarray:
    """Training and validation MSE (k, 2) of one fit per lambda on the training part."""
    errors = []
    for lam in lambdas:
        model = penalty.sklearn_estimator(lam, len(y_train)).fit(X_train, y_train)
        errors.append([np.mean((model.predict(X) - target) ** 2) for X, target in ((X_train, y_train), (X_val, y_val))])
    return np.array(errors)
