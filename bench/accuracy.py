"""Accuracy of a path, measured independently of the code that computed it.

Both measures work on the standardized problem (population std, centred y) that every model in RegLab
minimises, and both are scale-free, so a fit computed on rescaled data is judged the same way.
"""

from __future__ import annotations

import numpy as np


def centred_problem(X, y) -> tuple[np.ndarray, np.ndarray]:
    """X (n, p) standardized with its mean and population std (constant columns -> 0), y (n,) centred."""
    X = np.asarray(X, dtype=float)
    scale = X.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    return (X - X.mean(axis=0)) / scale, np.asarray(y, dtype=float) - np.mean(y)


def lasso_kkt_violation(Xs, yc, lambdas, coefs) -> float:
    """Largest violation of the lasso's optimality conditions, relative to lam, over a path.

    For 1/(2n) ||yc - Xs w||^2 + lam ||w||_1 the gradient g = Xs'(yc - Xs w)/n must satisfy
    g_j = lam sign(w_j) where w_j != 0 and |g_j| <= lam where w_j == 0.

    Parameters
    ----------
    Xs : ndarray (n, p), standardized; yc : ndarray (n,), centred
    lambdas : ndarray (k,); coefs : ndarray (k, p)

    Returns
    -------
    float: max over the path of max_j violation_j / lam.
    """
    lambdas = np.asarray(lambdas, dtype=float)
    coefs = np.atleast_2d(np.asarray(coefs, dtype=float))
    n = Xs.shape[0]
    grads = (yc @ Xs)[None, :] / n - (coefs @ (Xs.T @ Xs)) / n
    lam = lambdas[:, None]
    active = coefs != 0.0
    violation = np.where(active, np.abs(grads - lam * np.sign(coefs)), np.maximum(np.abs(grads) - lam, 0.0))
    return float(np.max(violation / lam))


def ridge_reference(Xs, yc, lambdas) -> np.ndarray:
    """Tight ridge coefficients (k, p): argmin 1/(2n) ||yc - Xs w||^2 + lam/2 ||w||^2, one linear solve per lam.

    Uses the primal system (Xs'Xs + n lam I) w = Xs'yc when n >= p and the dual form
    w = Xs' (Xs Xs' + n lam I)^{-1} yc when p > n: a different route from an SVD or eigen-decomposition path.
    """
    n, p = Xs.shape
    lambdas = np.asarray(lambdas, dtype=float)
    if n >= p:
        gram, rhs = Xs.T @ Xs, Xs.T @ yc
        return np.array([np.linalg.solve(gram + n * lam * np.eye(p), rhs) for lam in lambdas])
    kernel = Xs @ Xs.T
    return np.array([Xs.T @ np.linalg.solve(kernel + n * lam * np.eye(n), yc) for lam in lambdas])


def ridge_coef_error(Xs, yc, lambdas, coefs) -> float:
    """Largest coefficient difference from :func:`ridge_reference` over a path, relative to the largest
    reference coefficient.

    Parameters
    ----------
    Xs : ndarray (n, p); yc : ndarray (n,); lambdas : ndarray (k,); coefs : ndarray (k, p)

    Returns
    -------
    float: max |coefs - reference| / max |reference|.
    """
    reference = ridge_reference(Xs, yc, lambdas)
    return float(np.max(np.abs(np.asarray(coefs, dtype=float) - reference)) / np.max(np.abs(reference)))
