"""The budget's unit: each model's own unpenalized limit w_0, checked against independent references."""

import itertools
from unittest import mock

import numpy as np
import pytest
from numpy.testing import assert_allclose

from core.datasets import load_builtin
from core.limits import elastic_net_on_affine, min_l1_on_affine
from core.paths import BUDGET_STRONG, BUDGET_WEAK, Problem, budget_for_lam, lam_for_budget
from core.penalties import L1, L2, elastic_net

PENALTIES = [L1, L2, elastic_net(0.5), elastic_net(0.05)]
IDS = ["L1", "L2", "EN0.5", "EN0.05"]


def _rank_deficient():
    """n > p with x3 = x1 + x2 and a duplicated column: least squares has a line of solutions."""
    rng = np.random.default_rng(5)
    base = rng.normal(size=(40, 4))
    X = np.column_stack([base, base[:, 0] + base[:, 1], base[:, 2]])
    return X, base @ [1.5, -1.0, 0.7, 0.3] + 0.2 * rng.normal(size=40)


def _wide_sparse():
    data = load_builtin("sparse", n_samples=30, n_features=80, n_informative=5, seed=3)
    return data.X, data.y


@pytest.fixture(params=["wide", "rank_deficient"])
def problem(request):
    X, y = _wide_sparse() if request.param == "wide" else _rank_deficient()
    return Problem.from_data(X, y)


def _fitted(problem):
    """X w_ls by numpy's lstsq: the fitted values every least-squares solution shares."""
    Z = problem.X_centered
    return Z @ np.linalg.lstsq(Z, problem.y_centered, rcond=None)[0]


def _min_l1_reference(problem):
    """min ||w||_1 s.t. X w = X w_ls on X itself (not on a row basis), by interior point."""
    from scipy.optimize import linprog

    Z = problem.X_centered
    p = Z.shape[1]
    result = linprog(np.ones(2 * p), A_eq=np.hstack([Z, -Z]), b_eq=_fitted(problem), bounds=(0, None),
                     method="highs-ipm")
    assert result.status == 0
    return result.x[:p] - result.x[p:]


def _elastic_net_reference(X, fitted, alpha):
    """min alpha ||w||_1 + beta/2 ||w||^2 s.t. X w = fitted, by trying every support and sign pattern.

    On each face (signs s fixed) the problem is an equality-constrained quadratic solved from its
    KKT system; the answer is the least penalty among the faces whose solution keeps its signs.
    """
    beta, p = 1.0 - alpha, X.shape[1]
    best, best_value = None, np.inf
    for signs in itertools.product((-1.0, 0.0, 1.0), repeat=p):
        signs = np.array(signs)
        support = np.flatnonzero(signs)
        columns = X[:, support]
        k = support.size
        kkt = np.block([[beta * np.eye(k), columns.T], [columns, np.zeros((len(fitted), len(fitted)))]])
        solution = np.linalg.lstsq(kkt, np.concatenate([-alpha * signs[support], fitted]), rcond=None)[0]
        w = np.zeros(p)
        w[support] = solution[:k]
        if np.abs(X @ w - fitted).max() > 1e-9 * np.abs(fitted).max() or np.any(np.sign(w[support]) != signs[support]):
            continue
        value = alpha * np.abs(w).sum() + beta / 2 * w @ w
        if value < best_value:
            best, best_value = w, value
    return best


def test_ridge_limit_is_the_pseudo_inverse_fit(problem):
    expected = np.linalg.pinv(problem.X_centered) @ problem.y_centered
    assert_allclose(problem.unpenalized_coef(L2), expected, rtol=1e-8, atol=1e-8 * np.abs(expected).max())


def test_lasso_limit_is_the_minimum_l1_norm_least_squares_fit(problem):
    expected = _min_l1_reference(problem)
    coef = problem.unpenalized_coef(L1)
    assert_allclose(problem.X_centered @ coef, _fitted(problem), atol=1e-8 * np.abs(_fitted(problem)).max())
    assert np.abs(coef).sum() == pytest.approx(np.abs(expected).sum(), rel=1e-7)
    # Strictly below the minimum-L2-norm fit's L1 norm on these data: the old unit was the wrong one.
    assert np.abs(coef).sum() < np.abs(problem.ols_coef).sum() * 0.999


def test_lasso_limit_without_the_homotopys_certificate_is_the_linear_programs(monkeypatch, problem):
    # Exact collinearity can keep a column out of the homotopy: the LP must then give the same limit.
    import core.paths

    calls = []
    monkeypatch.setattr(core.paths, "min_l1_on_affine", lambda *a: calls.append(1) or min_l1_on_affine(*a))
    monkeypatch.setattr(problem, "_lasso_knots", lambda c: (np.array([1.0]), np.zeros((1, problem.n_features))))
    coef = problem.unpenalized_coef(L1)
    assert calls
    assert np.abs(coef).sum() == pytest.approx(np.abs(_min_l1_reference(problem)).sum(), rel=1e-7)


@pytest.mark.parametrize("alpha", [0.05, 0.5, 0.95])
def test_elastic_net_limit_matches_a_search_over_every_face(alpha):
    rng = np.random.default_rng(11)
    X = rng.normal(size=(5, 7))
    problem = Problem.from_data(X, X @ [1.0, -2.0, 0, 0, 0.5, 0, 0] + 0.1 * rng.normal(size=5), standardize=False)
    expected = _elastic_net_reference(problem.X_centered, _fitted(problem), alpha)
    assert_allclose(problem.unpenalized_coef(elastic_net(alpha)), expected, rtol=1e-8, atol=1e-10)


def test_elastic_net_limit_on_rank_deficient_data():
    X, y = _rank_deficient()
    problem = Problem.from_data(X, y)
    rows = problem._row_space
    for alpha in (0.3, 0.8):
        expected = _elastic_net_reference(problem.X_centered, _fitted(problem), alpha)
        assert_allclose(elastic_net_on_affine(rows, rows @ problem.ols_coef, alpha), expected, rtol=1e-8, atol=1e-10)


def test_full_rank_limit_is_least_squares_for_every_model(diabetes):
    problem = Problem.from_data(*diabetes)
    expected = np.linalg.lstsq(problem.X_centered, problem.y_centered, rcond=None)[0]
    for penalty in PENALTIES:
        assert_allclose(problem.unpenalized_coef(penalty), expected, rtol=1e-8)


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_the_path_ends_at_its_own_limit(problem, penalty):
    grid = problem.strength_grid(penalty)
    path = problem.path(penalty, grid)
    assert path.budget[0] <= BUDGET_STRONG and path.budget[-1] >= BUDGET_WEAK
    # Further down the fits approach w_0 itself, so s -> 1 (never above: w_0 has the least penalty).
    w0 = problem.unpenalized_coef(penalty)
    # From the path's end: coordinate descent from zeros does not get this close to a rank-deficient w_0.
    tiny = problem.fit_at(penalty, grid[-1] * 1e-4, warm_start=path.nearest_coef(grid[-1] * 1e-4)).coef
    s = penalty.value(tiny) / penalty.value(w0)
    assert 1 - 1e-3 < s <= 1 + 1e-9
    assert_allclose(tiny, w0, atol=1e-2 * np.abs(w0).max())


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_fit_at_the_budgets_ends_is_exact(problem, penalty):
    path = problem.path(penalty, problem.strength_grid(penalty))
    unpenalized = problem.fit_at(penalty, lam_for_budget(path, 1.0))
    assert unpenalized.lam == 0.0 and budget_for_lam(path, unpenalized.lam) == 1.0
    assert_allclose(unpenalized.coef, problem.unpenalized_coef(penalty))
    strongest = problem.fit_at(penalty, lam_for_budget(path, 0.0))
    assert np.all(strongest.coef == 0.0) and budget_for_lam(path, strongest.lam) == 0.0
    assert strongest.lam == (np.inf if penalty.is_l2 else path.lam_max)


def test_pure_noise_ridge_grid_reaches_the_strong_end():
    # glmnet's ridge lam_max is 1000 max|X'y| / n: with a target unrelated to X (and in small units) it is
    # small next to X'X / n, and the fit there keeps much of P(w_0).
    rng = np.random.default_rng(0)
    problem = Problem.from_data(rng.normal(size=(200, 10)), 1e-3 * rng.normal(size=200))
    assert problem.path(L2, problem.lambda_grid(L2)).budget[0] > 0.05
    for penalty in PENALTIES:
        budget = problem.path(penalty, problem.strength_grid(penalty)).budget
        assert budget[0] <= BUDGET_STRONG and budget[-1] >= BUDGET_WEAK


@pytest.mark.parametrize("alpha", [0.5, 0.1, 0.01])
def test_elastic_net_reaches_the_whole_budget_on_diabetes(diabetes, alpha):
    problem = Problem.from_data(*diabetes)
    penalty = elastic_net(alpha)
    assert problem.path(penalty, problem.lambda_grid(penalty)).budget[-1] < 0.7  # glmnet's grid stops short
    path = problem.path(penalty, problem.strength_grid(penalty))
    assert path.budget[-1] >= BUDGET_WEAK
    assert np.max(problem._kkt_violation(alpha, path.lambdas, path.coefs)) < 1e-8  # every point still certified


@pytest.mark.parametrize("lam", [-1.0, np.nan, -np.inf])
def test_fit_at_rejects_a_lambda_that_is_no_strength(diabetes, lam):
    with pytest.raises(ValueError, match="lam must be 0"):
        Problem.from_data(*diabetes).fit_at(L1, lam)


@pytest.mark.parametrize("wide", [False, True], ids=["diabetes", "wide"])
def test_lasso_grid_end_is_read_off_one_homotopy_run(diabetes, wide):
    # ||w||_1 is linear between knots: the weak end sits at BUDGET_WEAK itself, from the run that also
    # gives the path (and w_0 where p > n), instead of a homotopy rerun for every trial lam.
    import core.paths as paths

    X, y = diabetes
    if wide:
        rng = np.random.default_rng(3)
        X = rng.standard_normal((40, 120))
        y = X[:, :4] @ [3.0, -2.0, 1.0, 0.5] + rng.standard_normal(40)
    problem = Problem.from_data(X, y)
    with mock.patch.object(paths, "lasso_knots", wraps=paths.lasso_knots) as runs:
        path = problem.path(L1, problem.strength_grid(L1))
        problem.fit_at(L1, path.lambdas[-1])
    assert runs.call_count == 1
    assert BUDGET_WEAK <= path.budget[-1] <= BUDGET_WEAK + 1e-8
    assert path.budget[0] == 0.0
