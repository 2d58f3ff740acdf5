"""Shared data and an independent scikit-learn reference for the path and validation tests."""

import numpy as np
import pytest


@pytest.fixture(scope="session")
def diabetes():
    from sklearn.datasets import load_diabetes

    return load_diabetes(return_X_y=True, scaled=False)


@pytest.fixture(scope="session")
def wide():
    """p > n: 30 samples, 60 correlated features, 5 of them carry the signal."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(30, 60)) + 0.5 * rng.normal(size=(30, 1))
    X = X * rng.uniform(0.5, 20.0, size=60) + rng.uniform(-50, 50, size=60)
    coef = np.zeros(60)
    coef[:5] = [3.0, -2.0, 1.5, 1.0, -0.5]
    return X, X @ coef + rng.normal(size=30)


@pytest.fixture(scope="session")
def reference_fit():
    """(coef, intercept) of scikit-learn's own fit at lam on X as given, converged tightly."""

    def fit(X, y, penalty, lam):
        model = penalty.sklearn_estimator(lam, len(y), tol=1e-13, max_iter=1_000_000).fit(X, y)
        return model.coef_, model.intercept_

    return fit


@pytest.fixture(scope="session")
def standardized():
    """f(X_fit, X=None): X (default X_fit) scaled with X_fit's mean and population std (StandardScaler)."""
    from sklearn.preprocessing import StandardScaler

    def scale(X_fit, X=None):
        return StandardScaler().fit(X_fit).transform(X_fit if X is None else X)

    return scale
