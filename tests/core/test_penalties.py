import numpy as np
import pytest
from numpy.testing import assert_allclose

from core.penalties import L1, L2, Penalty, elastic_net, l1_norm, l2_norm


def test_constants_and_names():
    assert L1.alpha == 1.0 and L1.is_l1 and L1.name == "L1 (lasso)"
    assert L2.alpha == 0.0 and L2.is_l2 and L2.name == "L2 (ridge)"
    assert elastic_net(0.5).short_name == "EN 0.50"


@pytest.mark.parametrize("alpha", [1.5, -0.1, float("nan"), float("inf")])
def test_out_of_range_alpha_raises(alpha):
    with pytest.raises(ValueError, match="alpha"):
        Penalty(alpha)


@pytest.mark.parametrize("alpha", [0.0, 1.0])
def test_elastic_net_excludes_the_pure_penalties(alpha):
    with pytest.raises(ValueError):
        elastic_net(alpha)


def test_value_matches_the_formula_row_by_row():
    w = np.array([[1.0, -2.0, 0.0], [0.5, 0.5, -3.0]])
    for alpha in (0.0, 0.3, 1.0):
        expected = [alpha * np.abs(r).sum() + (1 - alpha) / 2 * (r @ r) for r in w]
        assert_allclose(Penalty(alpha).value(w), expected)
    assert_allclose(l1_norm(w), [3.0, 4.0])
    assert_allclose(l2_norm(w[0]), np.sqrt(5.0))


def test_sklearn_objectives_equal_ours():
    # Evaluate each scikit-learn objective at a random w: it must be ours (ElasticNet) or 2n times ours (Ridge).
    rng = np.random.default_rng(0)
    X, y, w = rng.normal(size=(30, 4)), rng.normal(size=30), rng.normal(size=4)
    n, lam = len(y), 0.37
    ours = lambda pen: ((y - X @ w) @ (y - X @ w)) / (2 * n) + lam * pen.value(w)  # noqa: E731
    enet = elastic_net(0.4).sklearn_params(lam, n)
    a, r = enet["alpha"], enet["l1_ratio"]
    sk_enet = ((y - X @ w) @ (y - X @ w)) / (2 * n) + a * r * np.abs(w).sum() + a * (1 - r) / 2 * (w @ w)
    assert_allclose(sk_enet, ours(elastic_net(0.4)))
    sk_ridge = (y - X @ w) @ (y - X @ w) + L2.sklearn_params(lam, n)["alpha"] * (w @ w)
    assert_allclose(sk_ridge, 2 * n * ours(L2))
