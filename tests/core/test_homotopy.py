import numpy as np
import pytest
from numpy.testing import assert_allclose

from core.homotopy import interpolate_knots, lasso_knots


def centred(X, y):
    Xc = (X - X.mean(0)) / X.std(0)
    return Xc, y - y.mean()


@pytest.mark.parametrize("name", ["diabetes", "wide"])
def test_knots_match_sklearn_lars(name, request):
    from sklearn.linear_model import lars_path

    X, y = centred(*request.getfixturevalue(name))
    c_stop = 1e-3 * np.abs(X.T @ y).max()
    knots, coefs = lasso_knots(X.T @ y, lambda j: X.T @ X[:, j], c_stop, max_knots=1000)
    ref_alphas, _, ref_coefs = lars_path(X, y, method="lasso", alpha_min=c_stop / len(y))
    # scikit-learn's alphas are c / n; both paths end at c_stop.
    assert_allclose(knots, ref_alphas * len(y), rtol=1e-8, atol=1e-10 * knots[0])
    assert_allclose(coefs, ref_coefs.T, rtol=1e-7, atol=1e-9 * np.abs(ref_coefs).max())


def test_a_variable_leaves_exactly_and_returns(diabetes):
    # On diabetes one coefficient reaches 0 mid-path, leaves and enters again (the lasso modification).
    X, y = centred(*diabetes)
    knots, coefs = lasso_knots(X.T @ y, lambda j: X.T @ X[:, j], 0.0, max_knots=100)
    support = coefs != 0.0
    left = support[:-1] & ~support[1:]
    assert left.any() and (~support[:-1] & support[1:])[np.flatnonzero(left.any(axis=1))[0] + 1 :].any()
    assert np.all(np.sign(coefs[1:]) * np.sign(coefs[:-1]) >= 0.0)  # it stops at 0.0 instead of flipping
    assert_allclose(X.T @ (y - X @ coefs[-1]), 0.0, atol=1e-8 * np.abs(X.T @ y).max())


def test_dependent_columns_are_refused_and_the_end_is_exact():
    rng = np.random.default_rng(1)
    base = rng.normal(size=(50, 3))
    X, y = centred(np.column_stack([base, base[:, 0]]), base @ [1.0, -2.0, 0.5] + 0.1 * rng.normal(size=50))
    c_stop = 1e-6 * np.abs(X.T @ y).max()
    knots, coefs = lasso_knots(X.T @ y, lambda j: X.T @ X[:, j], c_stop, max_knots=100)
    assert knots[-1] == c_stop
    assert np.count_nonzero(coefs[-1, [0, 3]]) == 1  # the duplicate never enters beside its twin
    gradient = X.T @ (y - X @ coefs[-1])
    assert np.abs(gradient).max() <= c_stop * (1 + 1e-8)


def test_interpolation_is_linear_between_knots_and_flat_outside():
    knots = np.array([4.0, 2.0, 1.0])
    knot_coefs = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, -1.0]])
    at = interpolate_knots(knots, knot_coefs, np.array([5.0, 4.0, 3.0, 1.5, 1.0, 0.5]))
    assert_allclose(at, [[0, 0], [0, 0], [0.5, 0], [2.0, -0.5], [3, -1], [3, -1]])
    assert_allclose(interpolate_knots(knots[:1], knot_coefs[:1], np.array([1.0, 9.0])), 0.0)


def test_many_leavings_on_wide_grouped_data_match_sklearn_lars():
    # Groups of 4 correlated columns, p > n: variables leave and re-enter often (13 times here), so the
    # factor's reflection on leaving is exercised again and again.
    from sklearn.linear_model import lars_path

    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 120)) + 0.8 * np.repeat(rng.normal(size=(40, 30)), 4, axis=1)
    X, y = centred(X, X[:, :6] @ rng.normal(size=6) + rng.normal(size=40))
    c_stop = 1e-3 * np.abs(X.T @ y).max()
    knots, coefs = lasso_knots(X.T @ y, lambda j: X.T @ X[:, j], c_stop, max_knots=2000)
    support = coefs != 0.0
    assert np.count_nonzero(support[:-1] & ~support[1:]) >= 10
    ref_alphas, _, ref_coefs = lars_path(X, y, method="lasso", alpha_min=c_stop / len(y))
    assert_allclose(knots, ref_alphas * len(y), rtol=1e-8, atol=1e-10 * knots[0])
    assert_allclose(coefs, ref_coefs.T, rtol=1e-7, atol=1e-9 * np.abs(ref_coefs).max())


def test_storage_grows_past_a_too_small_max_active(diabetes):
    # max_active only sizes the storage: underestimated, the active set and the knot rows grow.
    X, y = centred(*diabetes)
    args = (X.T @ y, lambda j: X.T @ X[:, j], 0.0, 100)
    knots, coefs = lasso_knots(*args)
    small_knots, small_coefs = lasso_knots(*args, max_active=1)
    assert len(knots) > 3 and np.count_nonzero(coefs[-1]) == X.shape[1]
    assert_allclose(small_knots, knots, rtol=1e-12)
    assert_allclose(small_coefs, coefs, rtol=1e-10, atol=1e-12 * np.abs(coefs).max())


def test_a_wide_path_to_zero_has_no_rounding_knots_and_ends_at_least_squares():
    # Once the support spans X's columns every inactive gap closes at c = 0 exactly; rounding used to
    # scatter those closings into ~80 spurious knots below 1e-12 c_max here (about 800 at 200 x 1000).
    rng = np.random.default_rng(0)
    X, y = centred(rng.standard_normal((40, 120)), rng.standard_normal(40))
    xty = X.T @ y
    knots, coefs = lasso_knots(xty, lambda j: X.T @ X[:, j], 0.0, max_knots=1000, max_active=40)
    assert knots[-1] == 0.0
    assert not np.any((knots > 0.0) & (knots < 1e-12 * knots[0]))
    assert np.abs(X.T @ (y - X @ coefs[-1])).max() <= 1e-8 * np.abs(xty).max()


def test_walking_on_the_design_gives_the_gram_walks_knots(wide):
    X, y = centred(*wide)
    c_stop = 1e-3 * np.abs(X.T @ y).max()
    knots, coefs = lasso_knots(X.T @ y, lambda j: X.T @ X[:, j], c_stop, max_knots=1000)
    design_knots, design_coefs = lasso_knots(X.T @ y, None, c_stop, max_knots=1000, design=X)
    assert_allclose(design_knots, knots, rtol=1e-9)
    assert_allclose(design_coefs, coefs, rtol=1e-8, atol=1e-10 * np.abs(coefs).max())
