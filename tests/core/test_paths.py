import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from core.paths import (
    Path,
    Problem,
    budget_for_lam,
    compute_path,
    fit_at,
    lam_for_budget,
    lambda_grid,
)
from core.penalties import L1, L2, elastic_net

PENALTIES = [L1, L2, elastic_net(0.5)]
IDS = ["L1", "L2", "EN"]


@pytest.fixture(params=["diabetes", "wide"])
def data(request):
    return request.getfixturevalue(request.param)


def assert_close_fit(coef, intercept, ref_coef, ref_intercept, rtol=1e-6):
    scale = max(np.abs(ref_coef).max(), 1e-12)
    assert_allclose(coef, ref_coef, rtol=rtol, atol=rtol * scale)
    assert_allclose(intercept, ref_intercept, rtol=rtol, atol=rtol * max(abs(ref_intercept), scale))


def kkt_violation(X, y, coef, intercept, lam, alpha):
    """Largest KKT violation relative to lam, computed from scratch on X as given."""
    gradient = X.T @ (y - intercept - X @ coef) / len(y) - lam * (1 - alpha) * coef
    active = coef != 0.0
    return max(
        np.abs(gradient[active] - lam * alpha * np.sign(coef[active])).max(initial=0.0),
        (np.abs(gradient[~active]) - lam * alpha).max(initial=0.0),
    ) / lam


# ---- lambda grid --------------------------------------------------------------------------------
@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_lambda_grid_follows_glmnet(data, penalty):
    X, y = data
    n, p = X.shape
    lam_max = np.abs((X - X.mean(0)).T @ (y - y.mean())).max() / (n * max(penalty.alpha, 1e-3))
    expected = np.geomspace(lam_max, lam_max * (1e-4 if n > p else 1e-2), 100)
    assert_allclose(lambda_grid(X, y, penalty), expected, rtol=1e-12)
    assert_allclose(lambda_grid(X, y, penalty, n_lambdas=7, min_ratio=0.1)[[0, -1]], [lam_max, lam_max / 10])


def test_lambda_grid_rejects_a_target_unrelated_to_every_feature():
    with pytest.raises(ValueError, match="nothing to regularize"):
        lambda_grid(np.ones((5, 2)), np.arange(5.0), L1)


# ---- whole paths against scikit-learn -----------------------------------------------------------
@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_every_path_point_matches_sklearn(data, penalty, reference_fit, standardized):
    X, y = data
    path = compute_path(X, y, penalty)
    Z = standardized(X)
    for i in range(0, 100, 9):
        assert_close_fit(path.coefs[i], path.intercepts[i], *reference_fit(Z, y, penalty, path.lambdas[i]))


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_standardize_false_fits_x_as_given(data, penalty, reference_fit):
    X, y = data
    path = compute_path(X, y, penalty, standardize=False)
    assert_allclose(path.lambdas, lambda_grid(X, y, penalty))
    for i in (5, 40, 99):
        assert_close_fit(path.coefs[i], path.intercepts[i], *reference_fit(X, y, penalty, path.lambdas[i]))


@pytest.mark.parametrize("penalty", [L1, elastic_net(0.3)], ids=["L1", "EN"])
def test_kkt_conditions_hold_along_the_path(data, penalty, standardized):
    X, y = data
    path = compute_path(X, y, penalty)
    Z = standardized(X)
    worst = max(
        kkt_violation(Z, y, c, b, lam, penalty.alpha) for c, b, lam in zip(path.coefs, path.intercepts, path.lambdas)
    )
    assert worst < 1e-6


@pytest.mark.parametrize("penalty", [L1, elastic_net(0.5)], ids=["L1", "EN"])
def test_exact_zeros_at_and_above_lam_max(data, penalty):
    X, y = data
    lam_max = compute_path(X, y, penalty).lam_max
    path = compute_path(X, y, penalty, lambdas=[3 * lam_max, lam_max, 0.999 * lam_max, 0.5 * lam_max])
    assert np.all(path.coefs[:2] == 0.0)
    assert path.n_nonzero[0] == 0 and path.n_nonzero[3] > 0
    assert np.all(compute_path(X, y, penalty).coefs[0] == 0.0)


def test_ridge_norms_strictly_decrease_and_never_reach_zero(data):
    path = compute_path(*data, L2)
    assert np.all(np.diff(path.l2_norm) > 0)  # lambdas descend
    assert np.all(path.coefs != 0.0)


def test_lasso_has_exact_zeros_on_sparse_data(wide):
    path = compute_path(*wide, L1)
    assert 0 < path.n_nonzero[50] < wide[0].shape[1]
    assert path.n_nonzero[-1] <= wide[0].shape[0]


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_budget_is_monotone_in_lam_and_in_unit_interval(data, penalty):
    path = compute_path(*data, penalty)
    budget = path.budget
    assert np.all(np.diff(budget) >= 0) and budget[0] >= 0 and budget[-1] <= 1
    assert_allclose(budget, np.clip(penalty.value(path.coefs) / penalty.value(path.unpenalized_coef), 0, 1), rtol=1e-9)
    if not penalty.is_l2:
        assert budget[0] == 0.0


def test_ols_coef_is_minimum_norm_least_squares(data, standardized):
    X, y = data
    Z = standardized(X)
    expected = np.linalg.lstsq(Z - Z.mean(0), y - y.mean(), rcond=None)[0]
    path = compute_path(X, y, L2)
    assert_allclose(path.ols_coef, expected, rtol=1e-7, atol=1e-7 * np.abs(expected).max())
    assert path.reference_value == pytest.approx(np.square(expected).sum() / 2, rel=1e-7)


def test_path_properties(diabetes):
    path = compute_path(*diabetes, elastic_net(0.5), lambdas=[0.1, 10.0, 1.0])
    assert_array_equal(path.lambdas, [10.0, 1.0, 0.1])
    assert path.lam_max == 10.0
    assert_allclose(path.l1_norm, np.abs(path.coefs).sum(1))
    assert_allclose(path.l2_norm, np.linalg.norm(path.coefs, axis=1))
    assert_array_equal(path.n_nonzero, [np.count_nonzero(c) for c in path.coefs])


# ---- single fits --------------------------------------------------------------------------------
@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_fit_at_equals_the_path_at_grid_points_and_sklearn_between(data, penalty, reference_fit, standardized):
    X, y = data
    problem = Problem.from_data(X, y)
    path = problem.path(penalty)
    for i in (0, 30, 77):
        fit = problem.fit_at(penalty, path.lambdas[i])
        assert_close_fit(fit.coef, fit.intercept, path.coefs[i], path.intercepts[i], rtol=1e-9)
    lam = np.sqrt(path.lambdas[60] * path.lambdas[61])
    fit = problem.fit_at(penalty, lam)
    assert fit.lam == lam and fit.penalty == penalty
    assert_close_fit(fit.coef, fit.intercept, *reference_fit(standardized(X), y, penalty, lam))


@pytest.mark.parametrize("penalty", [L1, elastic_net(0.5)], ids=["L1", "EN"])
def test_fit_at_is_exact_from_any_warm_start(data, penalty, reference_fit, standardized):
    X, y = data
    lam = lambda_grid(standardized(X), y, penalty)[70]
    expected = reference_fit(standardized(X), y, penalty, lam)
    far = np.random.default_rng(0).normal(size=X.shape[1]) * 50
    for start in (None, np.zeros(X.shape[1]), far):
        fit = fit_at(X, y, penalty, lam, warm_start=start)
        assert_close_fit(fit.coef, fit.intercept, *expected)


def test_lars_degenerate_data_stays_exact_and_silent():
    # Duplicated, constant and almost collinear columns: LARS warns and loses accuracy; the result must not.
    rng = np.random.default_rng(3)
    base = rng.normal(size=(60, 4))
    X = np.column_stack([base, base[:, 0], np.ones(60), base[:, 1] + 1e-9 * rng.normal(size=60)])
    y = base @ [2.0, -1.0, 0.5, 0.0] + 0.1 * rng.normal(size=60)
    Z = (X - X.mean(0))[:, :4] / X[:, :4].std(0)
    path = compute_path(X, y, L1)
    assert np.all(path.coefs[:, 5] == 0.0)  # the constant column
    problem = Problem.from_data(X, y)
    assert max(problem._kkt_violation(1.0, path.lambdas, path.coefs)) < 1e-6
    # Duplicated columns share a non-unique split; their sum is unique.
    assert_allclose(path.coefs[-1, 0] + path.coefs[-1, 4], compute_path(Z[:, :4], y, L1).coefs[-1, 0], rtol=1e-6)


def test_problem_caches_and_intercepts(diabetes):
    X, y = diabetes
    problem = Problem.from_data(X, y, standardize=False)
    Xc = X - X.mean(0)
    assert problem.n_samples == 442 and problem.n_features == 10
    assert_allclose(problem.gram, Xc.T @ Xc)
    assert_allclose(problem.xty, Xc.T @ (y - y.mean()))
    coef = np.arange(10.0)
    assert problem.intercept_for(coef) == pytest.approx(y.mean() - X.mean(0) @ coef)
    assert_allclose(problem.intercept_for(np.stack([coef, -coef])), y.mean() - np.stack([coef, -coef]) @ X.mean(0))


def _lam_between_grid_points(problem, penalty):
    grid = problem.strength_grid(penalty)
    return float(np.sqrt(grid[40] * grid[41]))


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_fit_at_does_not_depend_on_an_earlier_path(data, penalty):
    lam = _lam_between_grid_points(Problem.from_data(*data), penalty)
    fresh = Problem.from_data(*data).fit_at(penalty, lam)
    problem = Problem.from_data(*data)
    problem.path(penalty, problem.strength_grid(penalty))
    after_path = problem.fit_at(penalty, lam)
    assert_allclose(after_path.coef, fresh.coef, rtol=1e-12, atol=0.0)
    assert after_path.intercept == pytest.approx(fresh.intercept, rel=1e-12)


def _contents(problem):
    """Every attribute of problem, with the entries of those that are dicts: what a write would change."""
    return {name: (value, dict(value) if isinstance(value, dict) else None) for name, value in vars(problem).items()}


@pytest.mark.parametrize("penalties", [(L1, L2), (elastic_net(0.5),)], ids=["L1+L2", "EN"])
def test_a_prepared_problem_is_never_written_to(data, penalties):
    problem = Problem.from_data(*data).prepare(penalties)
    assert problem.frozen
    before = _contents(problem)
    paths = {penalty: problem.path(penalty, problem.strength_grid(penalty)) for penalty in penalties}
    for penalty, path in paths.items():
        lam = _lam_between_grid_points(problem, penalty)
        problem.fit_at(penalty, lam, warm_start=path.nearest_coef(lam))
        problem.fit_at(penalty, lam)
        problem.fit_at(penalty, 0.0)
    unprepared = elastic_net(0.3)  # computed on every call, stored nowhere
    problem.fit_at(unprepared, _lam_between_grid_points(problem, unprepared))
    problem.coefs(L1, problem.lambda_grid(L1)[:5])
    after = _contents(problem)
    assert after.keys() == before.keys()
    for name, (value, entries) in before.items():
        assert after[name][0] is value, name
        if entries is not None:
            assert after[name][1].keys() == entries.keys() and all(after[name][1][k] is v for k, v in entries.items()), name
    with pytest.raises(AttributeError, match="frozen"):
        problem.standardizer = None


def test_a_prepared_problem_fits_as_a_fresh_one(data):
    penalties = (L1, L2, elastic_net(0.5))
    prepared = Problem.from_data(*data).prepare(penalties)
    for penalty in (*penalties, elastic_net(0.3)):
        lam = _lam_between_grid_points(prepared, penalty)
        assert_allclose(prepared.fit_at(penalty, lam).coef, Problem.from_data(*data).fit_at(penalty, lam).coef,
                        rtol=1e-12, atol=0.0)


def test_path_nearest_coef_is_the_grid_point_nearest_in_log(diabetes):
    path = compute_path(*diabetes, elastic_net(0.5))
    lambdas = path.lambdas
    assert_array_equal(path.nearest_coef(np.sqrt(lambdas[3] * lambdas[4]) * 1.01), path.coefs[3])
    assert_array_equal(path.nearest_coef(0.0), path.coefs[-1])
    assert_array_equal(path.nearest_coef(np.inf), path.coefs[0])


@pytest.mark.parametrize("bad", [np.ones(5), np.ones((5, 2, 1))])
def test_bad_shapes_raise(bad):
    with pytest.raises(ValueError, match="X must be"):
        compute_path(bad, np.ones(5), L1)


@pytest.mark.parametrize("lambdas", [[1.0, -1.0], [0.0], [], [1.0, 1.0], [np.nan]])
def test_bad_lambdas_raise(diabetes, lambdas):
    with pytest.raises(ValueError, match="lambdas"):
        compute_path(*diabetes, L1, lambdas=lambdas)


# ---- the budget map ------------------------------------------------------------------------------
@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_budget_and_lam_are_inverse_monotone_and_clamped(data, penalty):
    path = compute_path(*data, penalty)
    budget = path.budget
    first_of_plateau = np.r_[True, np.diff(budget) > 0]
    assert_allclose(lam_for_budget(path, budget[first_of_plateau]), path.lambdas[first_of_plateau], rtol=1e-12)
    assert_allclose(budget_for_lam(path, path.lambdas), budget, rtol=1e-12)
    s = np.linspace(-0.5, 1.5, 401)
    lams = lam_for_budget(path, s)
    assert np.all(lams[:-1] >= lams[1:])  # ridge's infinity at s <= 0 included
    # The ends are exact: s = 1 is lam = 0 (w_0); s = 0 is lam_max for L1 / EN, infinity for ridge.
    strong_end = np.inf if penalty.is_l2 else path.lam_max
    assert lam_for_budget(path, 1.0) == 0.0 and lam_for_budget(path, 2.0) == 0.0
    assert lam_for_budget(path, 0.0) == strong_end and lam_for_budget(path, -1.0) == strong_end
    assert budget_for_lam(path, 0.0) == 1.0 and budget_for_lam(path, np.inf) == 0.0
    # Beyond the grid the tails are monotone and the two maps stay inverse.
    assert budget_for_lam(path, 10 * path.lam_max) == pytest.approx(budget[0] / 10, rel=1e-12)
    assert budget_for_lam(path, path.lambdas[-1] / 10) == pytest.approx(1 - (1 - budget[-1]) / 10)
    assert_allclose(budget_for_lam(path, lams), np.clip(s, 0.0, 1.0), atol=1e-12)
    assert_allclose(lams[::40], [lam_for_budget(path, v) for v in s[::40]])


def test_budget_map_on_plateaus_takes_the_largest_lam():
    # Budgets (lambdas 8, 4, 2, 1): 0, 0, 0.5, 0.5.
    path = Path(L1, np.array([8.0, 4.0, 2.0, 1.0]), np.array([[0.0], [0.0], [1.0], [1.0]]), np.zeros(4), np.array([2.0]),
                np.array([2.0]))
    assert_array_equal(path.budget, [0.0, 0.0, 0.5, 0.5])
    assert lam_for_budget(path, 0.0) == 8.0
    assert lam_for_budget(path, 0.5) == 2.0
    assert lam_for_budget(path, 0.25) == pytest.approx(np.sqrt(8.0))  # halfway in log between 4 and 2
    assert lam_for_budget(path, 0.9) == pytest.approx(0.2)  # below the grid: 1 - s proportional to lam
    assert budget_for_lam(path, np.sqrt(8.0)) == pytest.approx(0.25)


def test_strength_grid_keeps_glmnets_grid_where_it_spans_the_budget(diabetes):
    # glmnet's ridge grid stops at a budget of a few percent on diabetes; the strength grid must not.
    from core.paths import BUDGET_STRONG, BUDGET_WEAK

    problem = Problem.from_data(*diabetes)
    glmnet_budget = problem.path(L2, problem.lambda_grid(L2)).budget
    assert glmnet_budget[-1] < 0.5
    grid = problem.strength_grid(L2)
    assert len(grid) == 100 and np.all(np.diff(grid) < 0)
    assert grid[0] == problem.lambda_grid(L2)[0]
    budget = problem.path(L2, grid).budget
    assert BUDGET_WEAK <= budget[-1] < 0.999
    assert budget[0] < BUDGET_STRONG
    # Where glmnet's grid already spans both ends it is kept.
    from core.datasets import load_builtin

    data = load_builtin("sparse", n_samples=50, n_features=20)
    small = Problem.from_data(data.X, data.y)
    assert small.path(L1, small.lambda_grid(L1)).budget[-1] >= BUDGET_WEAK
    assert_array_equal(small.strength_grid(L1), small.lambda_grid(L1))


@pytest.mark.parametrize("lam", [1e-3, 0.3])
def test_ridge_fit_at_without_a_cached_decomposition_matches_sklearn(data, lam, reference_fit, standardized):
    X, y = data
    problem = Problem.from_data(X, y)
    fit = problem.fit_at(L2, lam)
    assert "_ridge_basis" not in problem.__dict__  # the single-lam solve, not the decomposition
    assert_close_fit(fit.coef, fit.intercept, *reference_fit(standardized(X), y, L2, lam))


def test_path_budget_is_computed_once(diabetes):
    path = compute_path(*diabetes, L1)
    assert path.budget is path.budget


def test_wide_ridge_with_repeated_rows_matches_the_dual_solve_and_lstsq(wide):
    # Repeated rows give XX' (n x n) null directions beyond the centring one: they must add nothing.
    X, y = wide
    X, y = np.vstack([X, X[:6]]), np.concatenate([y, y[:6]])
    problem = Problem.from_data(X, y)
    Z, yc, n = problem.X_centered, problem.y_centered, len(y)
    lambdas = problem.strength_grid(L2)
    dual = np.array([Z.T @ np.linalg.solve(Z @ Z.T + n * lam * np.eye(n), yc) for lam in lambdas])
    path = problem.path(L2, lambdas)
    assert_allclose(path.coefs, dual, rtol=1e-9, atol=1e-9 * np.abs(dual).max())
    expected = np.linalg.lstsq(Z, yc, rcond=None)[0]
    assert_allclose(path.ols_coef, expected, rtol=1e-9, atol=1e-9 * np.abs(expected).max())
