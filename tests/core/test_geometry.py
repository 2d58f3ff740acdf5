"""core/geometry.py against independent references: least squares, scikit-learn, brute force, KKT."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from core.datasets import standardize
from core.geometry import Quadratic2D, ZeroFrequency, norm_ball, zero_frequency
from core.penalties import L1, L2, elastic_net

PENALTIES = [L1, L2, elastic_net(0.3), elastic_net(0.8)]
IDS = [p.short_name for p in PENALTIES]


def _random_problems(seed, count):
    """Synthetic problems with varied correlation and least-squares point, and a budget in (0.05, 0.95)."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        yield Quadratic2D.synthetic(rng.uniform(-0.95, 0.95), rng.normal(scale=2.0, size=2)), rng.uniform(0.05, 0.95)


def _shoelace_area(points):
    x, y = points[:, 0], points[:, 1]
    return 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])


def _subgradient_residual(penalty, w, grad, lam):
    """KKT of min loss + lam P at w: returns (residual of the non-zero coordinates, slack of the zero ones).

    Non-zero w_j: grad_j + lam (alpha sign(w_j) + beta w_j) = 0. Zero w_k: |grad_k| <= lam alpha.
    """
    nonzero = w != 0.0
    residual = (grad + lam * (penalty.alpha * np.sign(w) + (1 - penalty.alpha) * w))[nonzero]
    slack = (lam * penalty.alpha - np.abs(grad))[~nonzero]
    return residual, slack


# --- the quadratic itself -------------------------------------------------------------------------------


def _two_column_data(seed=0, n=60, rho=0.7):
    rng = np.random.default_rng(seed)
    X = rng.multivariate_normal([0.0, 0.0], [[1.0, rho], [rho, 1.0]], size=n)
    X2 = standardize(X)
    y = 3.0 + X2 @ np.array([1.5, -0.4]) + rng.normal(scale=0.5, size=n)
    return X2, y


def test_from_data_matches_least_squares_with_an_intercept():
    X2, y = _two_column_data()
    n = len(y)
    design = np.column_stack([np.ones(n), X2])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    quad = Quadratic2D.from_data(X2, y)
    assert_allclose(quad.ols(), coef[1:], rtol=1e-12)
    assert_allclose(quad.loss_min, residual @ residual / (2 * n), rtol=1e-12)
    # The quadratic form equals the loss with the intercept minimised out, at arbitrary points.
    w = np.random.default_rng(1).normal(size=(5, 2))
    yc, Xc = y - y.mean(), X2 - X2.mean(axis=0)
    direct = np.sum((yc[:, None] - Xc @ w.T) ** 2, axis=0) / (2 * n)
    assert_allclose(quad.loss(w), direct, rtol=1e-12)
    assert_allclose(quad.loss(w[0]), direct[0], rtol=1e-12)
    assert_allclose(quad.gradient(w), -(yc[:, None] - Xc @ w.T).T @ Xc / n, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize(
    "make_X2",
    [lambda x: np.column_stack([x, x]), lambda x: np.column_stack([x, -2 * x]), lambda x: np.column_stack([x, np.ones_like(x)])],
    ids=["identical", "proportional", "constant"],
)
def test_from_data_rejects_columns_without_a_unique_minimum(make_X2):
    x = np.random.default_rng(0).normal(size=30)
    with pytest.raises(ValueError, match="perfectly correlated or one is constant"):
        Quadratic2D.from_data(make_X2(x), x + 1.0)


@pytest.mark.parametrize("rho", [1.0, -1.0, 1.5])
def test_synthetic_needs_a_correlation_inside_minus_one_one(rho):
    with pytest.raises(ValueError, match="rho"):
        Quadratic2D.synthetic(rho, [1.0, 1.0])


def test_synthetic_problem_has_its_least_squares_point_and_unit_variances():
    quad = Quadratic2D.synthetic(-0.4, [1.0, -2.0], loss_min=0.25)
    assert_array_equal(quad.H, [[1.0, -0.4], [-0.4, 1.0]])
    assert_array_equal(quad.ols(), [1.0, -2.0])
    assert quad.loss([1.0, -2.0]) == 0.25


def test_contour_is_the_exact_closed_ellipse():
    quad = Quadratic2D.synthetic(0.8, [1.0, -0.5], loss_min=0.3)
    level = 1.7
    points = quad.contour(level, n_points=4001)
    assert points.shape == (4001, 2)
    assert_allclose(quad.loss(points), level, rtol=1e-13)
    assert_array_equal(points[0], points[-1])
    # Its area is that of the ellipse 1/2 d' H d = excess: pi * 2 excess / sqrt(det H).
    expected_area = np.pi * 2.0 * (level - 0.3) / np.sqrt(np.linalg.det(quad.H))
    assert_allclose(abs(_shoelace_area(points)), expected_area, rtol=1e-5)


def test_contour_at_and_below_the_minimum():
    quad = Quadratic2D.synthetic(0.2, [1.0, 2.0], loss_min=0.5)
    assert_array_equal(quad.contour(0.5), [[1.0, 2.0]])
    assert quad.contour(0.4).shape == (0, 2)


def test_contours_are_the_exact_ellipses_at_each_level():
    quad = Quadratic2D.synthetic(-0.6, [0.5, 2.0], loss_min=0.2)
    levels = np.array([0.25, 1.0, 7.5])
    family = quad.contours(levels, n_points=301)
    assert family.shape == (3, 301, 2)
    assert_allclose(quad.loss(family), np.repeat(levels[:, None], 301, axis=1), rtol=1e-13)
    for level, points in zip(levels, family):
        assert_allclose(points, quad.contour(level, n_points=301), rtol=1e-15, atol=1e-15)
    with pytest.raises(ValueError, match="loss_min"):
        quad.contours([1.0, 0.2])


@pytest.mark.parametrize("seed", range(6))
def test_contour_is_exact_for_any_symmetric_positive_definite_hessian(seed):
    # H of any orientation, scale and conditioning (up to 1e6), including diagonal ones of either order.
    rng = np.random.default_rng(seed)
    angle = 0.0 if seed < 2 else rng.uniform(-np.pi, np.pi)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    eigvals = 10.0 ** rng.uniform(-3, 3, size=2) if seed != 1 else np.array([4.0, 0.5])
    H = rotation @ np.diag(eigvals) @ rotation.T
    H = (H + H.T) / 2
    quad = Quadratic2D(H, rng.normal(size=2), loss_min=0.1)
    points = quad.contour(2.1, n_points=20001)
    assert_allclose(quad.loss(points), 2.1, rtol=1e-11)
    expected_area = np.pi * 2.0 * 2.0 / np.sqrt(np.linalg.det(H))
    assert_allclose(abs(_shoelace_area(points)), expected_area, rtol=1e-7)


@pytest.mark.parametrize("H", [[[1.0, 0.0], [0.0, 4.0]], [[4.0, 0.0], [0.0, 1.0]]])
def test_diagonal_hessian_with_the_least_squares_point_on_an_axis_keeps_exact_zeros(H):
    # The ellipses' axes are the coordinate axes exactly: every solution stays on the w1 axis.
    quad = Quadratic2D(np.array(H), [2.0, 0.0])
    for penalty in PENALTIES:
        w = quad.constrained_solution(penalty, 0.5 * penalty.value(quad.ols())).w
        assert w[1] == 0.0 and w[0] > 0.0
        assert quad.penalized_solution(penalty, 0.3)[1] == 0.0


# --- the ball -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_norm_ball_lies_on_the_level_with_exact_corners(penalty):
    level = 0.7
    ball = norm_ball(penalty, level, n_points=257)
    assert ball.shape == (257, 2)
    assert_array_equal(ball[0], ball[-1])
    assert_allclose(penalty.value(ball), level, rtol=1e-12)
    # The points on the axes are vertices whose other coordinate is exactly 0.
    t = ball[0, 0]
    assert_allclose(penalty.value([t, 0.0]), level, rtol=1e-15)
    on_x_axis = ball[ball[:, 1] == 0.0]
    on_y_axis = ball[ball[:, 0] == 0.0]
    assert_array_equal(np.sort(on_x_axis[:, 0]), [-t, t, t])  # the start point is repeated at the end
    assert_array_equal(np.sort(on_y_axis[:, 1]), [-t, t])
    assert _shoelace_area(ball) > 0  # counter-clockwise, no self-overlap of the quadrants


def test_l1_ball_is_the_diamond_and_l2_ball_the_circle():
    level = 1.3
    diamond = norm_ball(L1, level, n_points=101)
    assert_allclose(np.abs(diamond).sum(axis=1), level, rtol=1e-15)
    assert_allclose(_shoelace_area(diamond), 2 * level**2, rtol=1e-13)  # exact: every vertex is on an edge
    circle = norm_ball(L2, level, n_points=101)
    assert_allclose(np.hypot(circle[:, 0], circle[:, 1]), np.sqrt(2 * level), rtol=1e-15)


def test_norm_ball_at_level_zero_is_the_origin_and_negative_levels_fail():
    assert_array_equal(norm_ball(L1, 0.0), [[0.0, 0.0]])
    with pytest.raises(ValueError, match="level"):
        norm_ball(L2, -1.0)


# --- the constrained solution ---------------------------------------------------------------------------


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_constrained_solution_is_the_brute_force_minimum_over_the_ball(penalty):
    rng = np.random.default_rng(7)
    for quad, budget in _random_problems(seed=11, count=15):
        level = budget * penalty.value(quad.ols())
        solution = quad.constrained_solution(penalty, level)
        assert solution.active
        assert penalty.value(solution.w) <= level * (1 + 1e-12)
        boundary = norm_ball(penalty, level, n_points=40001)
        losses = quad.loss(boundary)
        best = np.argmin(losses)
        scale = losses.max() - quad.loss_min
        # Never beaten by a point of the boundary polygon, and as good as the best of them up to its resolution.
        assert quad.loss(solution.w) <= losses[best] + 1e-12 * scale
        assert losses[best] - quad.loss(solution.w) <= 1e-7 * scale
        assert_allclose(solution.w, boundary[best], atol=1e-3 * np.abs(boundary).max())
        # No point inside the ball does better either.
        interior = boundary[rng.integers(len(boundary), size=2000)] * rng.uniform(size=(2000, 1))
        assert quad.loss(interior).min() >= quad.loss(solution.w) - 1e-12 * scale


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_constrained_solution_is_tangent_to_the_ball(penalty):
    # The loss gradient is a negative multiple lam of the ball's normal; at a corner lam times a subgradient.
    n_corners = 0
    for quad, budget in _random_problems(seed=3, count=60):
        solution = quad.constrained_solution(penalty, budget * penalty.value(quad.ols()))
        grad = quad.gradient(solution.w)
        assert solution.lam > 0
        residual, slack = _subgradient_residual(penalty, solution.w, grad, solution.lam)
        assert_allclose(residual, 0.0, atol=1e-9 * np.abs(grad).max())
        assert np.all(slack >= -1e-9 * np.abs(grad).max())
        assert solution.zero_coords == tuple(np.flatnonzero(solution.w == 0.0))
        n_corners += len(solution.zero_coords)
    if penalty.alpha > 0:
        assert n_corners > 0  # the corner case was exercised
    else:
        assert n_corners == 0


@pytest.mark.parametrize("alpha", [1e-6, 0.999, 0.99999, 1 - 1e-9])
def test_constrained_solution_stays_exact_near_pure_l1_and_l2_at_any_scale(alpha):
    # Near alpha = 1 the circles' centres lie far out at -(alpha/beta) s: no cancellation may leak into w.
    penalty = elastic_net(alpha)
    rng = np.random.default_rng(17)
    for _ in range(40):
        quad = Quadratic2D.synthetic(rng.uniform(-0.95, 0.95), rng.normal(scale=10 ** rng.uniform(-4, 3), size=2))
        level = rng.uniform(0.05, 0.95) * penalty.value(quad.ols())
        solution = quad.constrained_solution(penalty, level)
        assert_allclose(penalty.value(solution.w), level, rtol=1e-12)
        grad = quad.gradient(solution.w)
        residual, slack = _subgradient_residual(penalty, solution.w, grad, solution.lam)
        assert_allclose(residual, 0.0, atol=1e-9 * np.abs(grad).max())
        assert np.all(slack >= -1e-9 * np.abs(grad).max())


def _l1_corner_by_theory(H, w_ols, level):
    """The corner (j, sign) of the L1 ball of radius ``level`` that KKT makes optimal, and its margin.

    At the corner c = sign * level * e_j the gradient g = H (c - w_ols) must satisfy
    lam = -sign * g_j >= 0 and |g_k| <= lam (k the other coordinate).
    """
    best = None
    for j in (0, 1):
        for sign in (1.0, -1.0):
            corner = np.zeros(2)
            corner[j] = sign * level
            g = H @ (corner - w_ols)
            margin = min(-sign * g[j], -sign * g[j] - abs(g[1 - j]))
            if best is None or margin > best[2]:
                best = (j, sign, margin)
    return best


def test_l1_solution_is_on_a_vertex_exactly_when_kkt_says_so():
    counts = {True: 0, False: 0}
    for quad, budget in _random_problems(seed=5, count=400):
        level = budget * L1.value(quad.ols())
        j, sign, margin = _l1_corner_by_theory(quad.H, quad.ols(), level)
        if abs(margin) < 1e-9:
            continue  # on the knot itself both answers are right
        w = quad.constrained_solution(L1, level).w
        on_vertex = margin > 0
        counts[on_vertex] += 1
        if on_vertex:
            expected = np.zeros(2)
            expected[j] = sign * level
            assert_array_equal(w, expected)
        else:
            assert np.all(w != 0.0)
    assert min(counts.values()) > 50


def test_l1_penalized_solution_is_the_soft_threshold_on_a_corner():
    # One coordinate j: w_j = S(b_j, lam) / H_jj with b = H w_ols; w_k = 0 exactly when |b_k - H_kj w_j| <= lam.
    n_zero = 0
    for quad, _ in _random_problems(seed=8, count=200):
        b = quad.H @ quad.ols()
        lam = np.random.default_rng(n_zero).uniform(0.05, 1.0) * np.abs(b).max()
        w = quad.penalized_solution(L1, lam)
        for j in (0, 1):
            k = 1 - j
            w_j = np.sign(b[j]) * max(abs(b[j]) - lam, 0.0) / quad.H[j, j]
            margin = lam - abs(b[k] - quad.H[k, j] * w_j)
            if margin > 1e-9 and (w_j != 0.0 or abs(b[j]) < lam - 1e-9):
                assert w[k] == 0.0
                assert_allclose(w[j], w_j, rtol=1e-13, atol=1e-15)
                n_zero += 1
        assert np.all((w == 0.0) <= (np.abs(quad.gradient(w)) <= lam * (1 + 1e-12)))
    assert n_zero > 20


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_penalized_and_constrained_forms_agree_and_the_multiplier_is_lam(penalty):
    for quad, budget in _random_problems(seed=21, count=30):
        b = quad.H @ quad.ols()
        lam = budget * np.abs(b).max() / max(penalty.alpha, 0.2)  # from weak to beyond lam_max for L1
        w = quad.penalized_solution(penalty, lam)
        solution = quad.constrained_solution(penalty, penalty.value(w))
        assert_allclose(solution.w, w, rtol=1e-9, atol=1e-12)
        assert_array_equal(solution.w == 0.0, w == 0.0)
        if np.any(w != 0.0):
            assert_allclose(solution.lam, lam, rtol=1e-9)
        # And back: the penalized fit at the multiplier is the constrained solution.
        again = quad.constrained_solution(penalty, 0.5 * budget * penalty.value(quad.ols()))
        assert_allclose(quad.penalized_solution(penalty, again.lam), again.w, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_penalized_solution_beats_a_brute_force_grid(penalty):
    for quad, budget in _random_problems(seed=13, count=6):
        lam = budget * np.abs(quad.H @ quad.ols()).max()
        w = quad.penalized_solution(penalty, lam)
        objective = lambda v: quad.loss(v) + lam * penalty.value(v)  # noqa: E731
        # A grid that holds both axes exactly, around the solution.
        half = 0.3 * (np.abs(quad.ols()).max() + 0.1)
        axis0 = np.union1d(w[0] + np.linspace(-half, half, 301), [0.0])
        axis1 = np.union1d(w[1] + np.linspace(-half, half, 301), [0.0])
        grid = np.stack(np.meshgrid(axis0, axis1), axis=-1).reshape(-1, 2)
        values = objective(grid)
        assert objective(w) <= values.min() + 1e-12 * abs(values.min())
        assert_allclose(grid[np.argmin(values)], w, atol=4 * half / 300)


@pytest.mark.parametrize("columns", [(2, 8), (4, 5)], ids=["bmi-s5", "s1-s2 (correlated)"])
@pytest.mark.parametrize("penalty", [L1, L2, elastic_net(0.5)], ids=["L1", "L2", "EN 0.50"])
def test_penalized_solution_matches_scikit_learn_on_two_diabetes_columns(columns, penalty):
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    X2 = standardize(X[:, list(columns)])
    n = len(y)
    quad = Quadratic2D.from_data(X2, y)
    lam_max = np.abs(X2.T @ (y - y.mean())).max() / (n * penalty.lam_max_denominator())
    for fraction in (0.5, 0.1, 0.01):
        lam = fraction * lam_max
        model = penalty.sklearn_estimator(lam, n, tol=1e-14, max_iter=1_000_000).fit(X2, y)
        assert_allclose(quad.penalized_solution(penalty, lam), model.coef_, rtol=1e-8, atol=1e-8)


def test_inactive_constraint_and_level_zero():
    quad = Quadratic2D.synthetic(0.6, [2.0, 0.5])
    for penalty in PENALTIES:
        inside = quad.constrained_solution(penalty, 1.01 * penalty.value(quad.ols()))
        assert not inside.active and inside.lam == 0.0
        assert_array_equal(inside.w, quad.ols())
        origin = quad.constrained_solution(penalty, 0.0)
        assert origin.active and origin.zero_coords == (0, 1)
        assert_array_equal(origin.w, [0.0, 0.0])
    # At level 0 the multiplier is glmnet's lam_max = max|b_j| / alpha: the smallest lam with w = 0.
    lam_max = quad.constrained_solution(L1, 0.0).lam
    assert_allclose(lam_max, np.abs(quad.H @ quad.ols()).max(), rtol=1e-15)
    assert_array_equal(quad.penalized_solution(L1, lam_max), [0.0, 0.0])
    assert np.any(quad.penalized_solution(L1, 0.999 * lam_max) != 0.0)
    assert quad.constrained_solution(L2, 0.0).lam == np.inf


@pytest.mark.parametrize("bad", [-0.1, np.nan, np.inf])
def test_invalid_levels_and_lams_fail(bad):
    quad = Quadratic2D.synthetic(0.0, [1.0, 1.0])
    with pytest.raises(ValueError, match="level"):
        quad.constrained_solution(L1, bad)
    with pytest.raises(ValueError, match="lam"):
        quad.penalized_solution(L1, bad)
    with pytest.raises(ValueError, match="budgets"):
        quad.solution_trace(L1, [0.5, bad])


# --- traces ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_solution_trace_is_the_constrained_solution_at_each_budget(penalty):
    quad = Quadratic2D.synthetic(0.6, [2.0, 0.5])
    budgets = np.linspace(0.0, 1.0, 101)
    trace = quad.solution_trace(penalty, budgets)
    assert trace.shape == (101, 2)
    solutions = [quad.constrained_solution(penalty, s * penalty.value(quad.ols())) for s in budgets]
    expected = np.array([solution.w for solution in solutions])
    assert_allclose(trace, expected, rtol=1e-14, atol=1e-15)
    path = quad.constrained_path(penalty, budgets)
    assert_array_equal(path.w, trace)
    assert_allclose(path.lam, [solution.lam for solution in solutions], rtol=1e-13)
    assert_array_equal(path.active, budgets < 1.0)
    one = path.solution(37)
    assert (one.active, one.zero_coords) == (solutions[37].active, solutions[37].zero_coords)
    assert_allclose(one.w, solutions[37].w, rtol=1e-14)
    assert path.solution(0).zero_coords == (0, 1) and path.solution(100).zero_coords == ()
    assert_array_equal(trace == 0.0, expected == 0.0)
    assert_allclose(penalty.value(trace), budgets * penalty.value(quad.ols()), rtol=1e-12, atol=1e-15)
    assert_array_equal(trace[0], [0.0, 0.0])
    assert_array_equal(trace[-1], quad.ols())


@pytest.mark.parametrize("penalty", PENALTIES, ids=IDS)
def test_penalized_path_is_the_penalized_solution_at_each_lam(penalty):
    quad = Quadratic2D.synthetic(0.6, [1.5, -0.4])
    lam_max = np.abs(quad.H @ quad.w_ols).max() / penalty.lam_max_denominator()
    lams = lam_max * np.logspace(1, -5, 61)
    path = quad.penalized_path(penalty, lams)
    assert path.shape == (61, 2)
    expected = np.array([quad.penalized_solution(penalty, lam) for lam in lams])
    assert_array_equal(path == 0.0, expected == 0.0)
    assert_allclose(path, expected, rtol=1e-14, atol=1e-15)
    # Independent reference: the stationarity conditions of the objective at each lam (KKT).
    for lam, w in zip(lams, path):
        residual, slack = _subgradient_residual(penalty, w, quad.gradient(w), lam)
        assert_allclose(residual, 0.0, atol=1e-12 * max(1.0, lam))
        assert np.all(slack >= -1e-12 * max(1.0, lam))
    if penalty.alpha > 0:
        assert_array_equal(path[lams >= lam_max], 0.0)
    with pytest.raises(ValueError):
        quad.penalized_path(penalty, [1.0, -1.0])


def test_l1_trace_runs_along_an_axis_and_l2_trace_never_touches_one():
    quad = Quadratic2D.synthetic(0.6, [2.0, 0.5])
    budgets = np.linspace(0.0, 1.0, 101)
    l1 = quad.solution_trace(L1, budgets)
    l2 = quad.solution_trace(L2, budgets)
    # Lasso: w2 is exactly 0 for every budget up to the knot, then both are non-zero.
    on_axis = l1[1:, 1] == 0.0
    assert on_axis[:10].all() and not on_axis[-10:].any()
    assert np.all(np.diff(on_axis.astype(int)) <= 0)  # leaves the axis once and for all
    assert np.all(l2[1:] != 0.0)


# --- how often is it exactly zero -----------------------------------------------------------------------


def test_zero_frequency_is_reproducible_and_independent_of_chunking():
    penalties = (L1, L2, elastic_net(0.5))
    once = ZeroFrequency(penalties, budget=0.3, seed=4).step(1000)
    chunked = ZeroFrequency(penalties, budget=0.3, seed=4)
    for n in (1, 299, 700):
        counts = chunked.step(n)
    assert counts.n_samples == once.n_samples == 1000
    assert_array_equal(counts.n_zero, once.n_zero)
    assert zero_frequency(L1, 0.3, 1000, seed=4) == once.n_zero[0]
    assert zero_frequency(L1, 0.3, 1000, seed=5) != once.n_zero[0]


def test_zero_frequency_counts_the_documented_random_problems_one_by_one():
    # Rebuild each random problem from the documented draws and solve it through Quadratic2D.
    n, seed, budget = 150, 9, 0.3
    uniforms = np.random.default_rng(seed).random((n, 3))
    rho = 0.95 * (2 * uniforms[:, 0] - 1)
    radius = np.sqrt(-2 * np.log1p(-uniforms[:, 2]))
    points = radius[:, None] * np.column_stack([np.cos(2 * np.pi * uniforms[:, 1]), np.sin(2 * np.pi * uniforms[:, 1])])
    for penalty in (L1, elastic_net(0.5)):
        expected = sum(
            bool(Quadratic2D.synthetic(r, w).constrained_solution(penalty, budget * penalty.value(w)).zero_coords)
            for r, w in zip(rho, points)
        )
        assert zero_frequency(penalty, budget, n, seed=seed) == expected


def test_l1_has_a_zero_in_most_random_problems_and_l2_almost_never():
    counts = ZeroFrequency((L1, L2), budget=0.25, seed=0).step(2000)
    l1_share, l2_share = counts.share
    assert l1_share > 0.5
    assert l2_share < 0.05
    assert np.isnan(ZeroFrequency((L1,), budget=0.25).counts.share[0])
