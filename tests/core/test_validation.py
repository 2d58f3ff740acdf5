import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from core.datasets import Dataset
from core.paths import lambda_grid
from core.penalties import L1, L2, elastic_net
from core.validation import (
    CVProgress,
    cv_curve,
    cv_folds,
    holdout_curve,
    holdout_curves,
    iter_cv_curve,
    iter_cv_curves,
    train_validation_split,
)

PENALTIES = [L1, L2, elastic_net(0.5)]
IDS = ["L1", "L2", "EN"]


@pytest.fixture(scope="module")
def drifting():
    """Data whose feature scales and means differ strongly between rows: leaky standardization shows."""
    rng = np.random.default_rng(11)
    n = 120
    X = rng.normal(size=(n, 6))
    X[: n // 3] = X[: n // 3] * 25.0 + 40.0  # a third of the rows live on another scale
    coef = np.array([1.0, -0.5, 0.25, 0.0, 0.0, 0.1])
    return X, X @ coef + rng.normal(size=n)


def reference_mse(X_train, y_train, X_eval, y_eval, penalty, lam, reference_fit, standardized):
    """MSE on (X_eval, y_eval) of scikit-learn's fit on the training part, scaled with its statistics only."""
    coef, intercept = reference_fit(standardized(X_train), y_train, penalty, lam)
    return np.mean((y_eval - standardized(X_train, X_eval) @ coef - intercept) ** 2)


def grid(X, y, penalty, n=100):
    return lambda_grid((X - X.mean(0)) / X.std(0), y, penalty, n_lambdas=n)


# ---- K-fold --------------------------------------------------------------------------------------
@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_cv_shapes_and_the_two_choices(diabetes, penalty):
    X, y = diabetes
    lambdas = grid(X, y, penalty)
    cv = cv_curve(X, y, penalty, lambdas, n_folds=5, seed=0)
    assert cv.fold_errors.shape == (5, 100) and cv.mean.shape == cv.se.shape == (100,)
    assert_array_equal(cv.lambdas, lambdas)
    assert cv.lambda_min == lambdas[cv.index_min] and cv.lambda_1se == lambdas[cv.index_1se]
    assert cv.lambda_1se >= cv.lambda_min
    # Independent: glmnet's rule written out.
    assert cv.index_min == np.argmin(cv.mean)
    assert cv.lambda_1se == lambdas[cv.mean <= cv.mean.min() + cv.se[np.argmin(cv.mean)]].max()


def test_cv_mean_and_se_follow_glmnet(diabetes):
    X, y = diabetes
    lambdas = grid(X, y, L1, 20)
    cv = cv_curve(X, y, L1, lambdas, n_folds=4, seed=3)
    sizes = np.array([len(f) for f in cv_folds(len(y), 4, 3)])
    w = sizes / sizes.sum()
    mean = (cv.fold_errors * w[:, None]).sum(0)
    assert_allclose(cv.mean, mean)
    assert_allclose(cv.se, np.sqrt((w[:, None] * (cv.fold_errors - mean) ** 2).sum(0) / 3))


@pytest.mark.parametrize("standardize", [True, False])
@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_no_leakage_each_fold_matches_an_independent_fit(drifting, penalty, standardize, reference_fit, standardized):
    X, y = drifting
    lambdas = grid(X, y, penalty, 12)
    cv = cv_curve(X, y, penalty, lambdas, n_folds=4, seed=5, standardize=standardize)
    scale = standardized if standardize else (lambda X_fit, X_eval=None: X_fit if X_eval is None else X_eval)
    leaky_gap = 0.0
    for f, held_out in enumerate(cv_folds(len(y), 4, 5)):
        train = np.setdiff1d(np.arange(len(y)), held_out)
        for i in (3, 8):
            args = (X[train], y[train], X[held_out], y[held_out], penalty, lambdas[i], reference_fit, scale)
            assert cv.fold_errors[f, i] == pytest.approx(reference_mse(*args), rel=1e-6)
            if standardize:  # the same fit with the scaler fitted on all rows (the leak) would differ
                leaky = scale(X, X[train]), y[train], scale(X, X[held_out]), y[held_out], penalty, lambdas[i]
                leaky_mse = reference_mse(*leaky, reference_fit, lambda A, B=None: A if B is None else B)
                leaky_gap = max(leaky_gap, abs(leaky_mse / cv.fold_errors[f, i] - 1))
    assert not standardize or leaky_gap > 0.01  # this data can tell the two apart


def test_cv_is_reproducible_from_the_seed(diabetes):
    X, y = diabetes
    lambdas = grid(X, y, L1, 10)
    a, b = cv_curve(X, y, L1, lambdas, seed=1), cv_curve(X, y, L1, lambdas, seed=1)
    assert_array_equal(a.fold_errors, b.fold_errors)
    assert not np.array_equal(a.fold_errors, cv_curve(X, y, L1, lambdas, seed=2).fold_errors)


def test_folds_partition_the_rows():
    folds = cv_folds(23, 5, seed=0)
    assert sorted(len(f) for f in folds) == [4, 4, 5, 5, 5]
    assert_array_equal(np.sort(np.concatenate(folds)), np.arange(23))
    assert not all(np.array_equal(a, b) for a, b in zip(folds, cv_folds(23, 5, seed=1)))


@pytest.mark.parametrize("n_folds", [1, 0, 443, 2.5])
def test_bad_fold_counts_raise(diabetes, n_folds):
    with pytest.raises(ValueError, match="n_folds"):
        cv_curve(*diabetes, L1, [1.0], n_folds=n_folds)


@pytest.mark.parametrize("penalty", [L1, L2], ids=["L1", "L2"])
def test_iter_cv_curve_reports_each_fold_and_returns_the_curve(diabetes, penalty):
    X, y = diabetes
    lambdas = grid(X, y, penalty, 15)
    generator = iter_cv_curve(X, y, penalty, lambdas, n_folds=3, seed=4)
    records = []
    with pytest.raises(StopIteration) as done:
        while True:
            records.append(next(generator))
    assert records == [CVProgress(1, 3), CVProgress(2, 3), CVProgress(3, 3)]
    assert_array_equal(done.value.value.fold_errors, cv_curve(X, y, penalty, lambdas, n_folds=3, seed=4).fold_errors)


def test_cv_on_wide_data_and_default_grid(wide):
    X, y = wide
    cv = cv_curve(X, y, L1, n_folds=3)
    assert_allclose(cv.lambdas, grid(X, y, L1))
    assert np.all(np.isfinite(cv.mean)) and cv.lambda_1se >= cv.lambda_min


@pytest.mark.parametrize("name", ["diabetes", "wide"])
def test_several_penalties_share_each_fold_and_match_one_at_a_time(name, request):
    # One prepared problem per fold serves every penalty: its caches must not leak from one to another.
    X, y = request.getfixturevalue(name)
    lambdas = {penalty: grid(X, y, penalty, 12) for penalty in (L2, L1, elastic_net(0.5))}
    generator = iter_cv_curves(X, y, lambdas, n_folds=3, seed=2)
    records = []
    with pytest.raises(StopIteration) as done:
        while True:
            records.append(next(generator))
    assert records == [CVProgress(1, 3), CVProgress(2, 3), CVProgress(3, 3)]
    curves = done.value.value
    assert list(curves) == list(lambdas)
    for penalty, grid_ in lambdas.items():
        alone = cv_curve(X, y, penalty, grid_, n_folds=3, seed=2)
        assert curves[penalty].penalty == penalty
        assert_allclose(curves[penalty].fold_errors, alone.fold_errors, rtol=1e-10)
        assert curves[penalty].lambda_min == alone.lambda_min


# ---- hold-out ------------------------------------------------------------------------------------
@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_holdout_matches_sklearn(drifting, penalty, reference_fit, standardized):
    X, y = drifting
    train, val = np.arange(0, 120, 3), np.setdiff1d(np.arange(120), np.arange(0, 120, 3))
    lambdas = grid(X[train], y[train], penalty, 10)
    curve = holdout_curve(X[train], y[train], X[val], y[val], penalty, lambdas[::-1])
    assert_array_equal(curve.lambdas, lambdas)
    for i in (2, 7):
        fit_args = (penalty, lambdas[i], reference_fit, standardized)
        on_val = reference_mse(X[train], y[train], X[val], y[val], *fit_args)
        on_train = reference_mse(X[train], y[train], X[train], y[train], *fit_args)
        assert curve.val_mse[i] == pytest.approx(on_val, rel=1e-6)
        assert curve.train_mse[i] == pytest.approx(on_train, rel=1e-6)
    assert np.all(np.diff(curve.train_mse) <= 1e-9 * curve.train_mse[0])  # less penalty fits training better


def test_holdout_curves_for_several_penalties_match_one_at_a_time(drifting):
    X, y = drifting
    train, val = np.arange(0, 120, 3), np.setdiff1d(np.arange(120), np.arange(0, 120, 3))
    lambdas = {penalty: grid(X[train], y[train], penalty, 10) for penalty in PENALTIES}
    curves = holdout_curves(X[train], y[train], X[val], y[val], lambdas)
    assert list(curves) == PENALTIES
    for penalty, grid_ in lambdas.items():
        alone = holdout_curve(X[train], y[train], X[val], y[val], penalty, grid_)
        assert_allclose(curves[penalty].val_mse, alone.val_mse, rtol=1e-10)
        assert_allclose(curves[penalty].train_mse, alone.train_mse, rtol=1e-10)


# ---- split ---------------------------------------------------------------------------------------
@pytest.fixture
def dataset():
    X = np.arange(40.0).reshape(20, 2)
    return Dataset(X, X[:, 0] * 2, ("a", "b"), "t", true_coef=np.array([2.0, 0.0]), notes=("n",))


def test_split_is_reproducible_disjoint_and_keeps_metadata(dataset):
    train, val = train_validation_split(dataset, 0.25, seed=3)
    assert (train.n_samples, val.n_samples) == (15, 5)
    assert_array_equal(np.sort(np.r_[train.X[:, 0], val.X[:, 0]]), dataset.X[:, 0])
    assert_array_equal(train.y, train.X[:, 0] * 2)
    assert train.feature_names == ("a", "b") and val.notes == ("n",) and val.true_coef is dataset.true_coef
    again = train_validation_split(dataset, 0.25, seed=3)[1]
    assert_array_equal(again.X, val.X)
    assert not np.array_equal(train_validation_split(dataset, 0.25, seed=4)[1].X, val.X)


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.2, 0.05, 0.95])
def test_split_rejects_empty_or_tiny_parts(dataset, fraction):
    with pytest.raises(ValueError, match="validation"):
        train_validation_split(dataset, fraction, seed=0)
