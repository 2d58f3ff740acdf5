"""core.leaving: where a coefficient leaves the model again, checked against scikit-learn's lars_path."""

import numpy as np
import pytest

from core.datasets import load_builtin, standardize
from core.leaving import leaving_points
from core.paths import Problem
from core.penalties import L1


@pytest.fixture(scope="module")
def diabetes():
    return load_builtin("diabetes")


def _lars_knots(dataset):
    from sklearn.linear_model import lars_path

    X = standardize(dataset.X)
    alphas, _, coefs = lars_path(X, dataset.y - dataset.y.mean(), method="lasso")
    return alphas, coefs.T  # sklearn's alpha is glmnet's lam: 1/(2n) ||.||^2 + alpha ||w||_1


def test_on_lars_knots_of_diabetes_s3_leaves_at_its_knot(diabetes):
    alphas, coefs = _lars_knots(diabetes)
    points = leaving_points(alphas, coefs)
    s3 = diabetes.feature_names.index("s3")
    assert points.features.tolist() == [s3]
    knot = int(np.flatnonzero((coefs[:-1, s3] != 0) & (coefs[1:, s3] == 0))[0]) + 1
    assert points.lams[0] == alphas[knot]


def test_on_reglabs_lasso_path_of_diabetes_the_same_feature_leaves_between_lars_knots(diabetes):
    path = Problem.from_data(diabetes.X, diabetes.y).path(L1)
    points = leaving_points(path.lambdas, path.coefs)
    s3 = diabetes.feature_names.index("s3")
    assert points.features.tolist() == [s3]
    alphas, coefs = _lars_knots(diabetes)
    leave = int(np.flatnonzero((coefs[:-1, s3] != 0) & (coefs[1:, s3] == 0))[0]) + 1
    back = leave + int(np.flatnonzero(coefs[leave:, s3] != 0)[0])  # where it re-enters
    assert alphas[back] < points.lams[0] <= alphas[leave]
    step = int(np.flatnonzero(path.lambdas == points.lams[0])[0])
    assert path.coefs[step, s3] == 0.0 and path.coefs[step - 1, s3] != 0.0
    assert path.budget[step] == pytest.approx(0.81, abs=0.01)  # as issue 11 reports


def test_a_sign_change_between_grid_points_is_a_leaving_point_at_the_interpolated_zero():
    lams = np.array([3.0, 2.0, 1.0, 0.5])
    coefs = np.array([[0.0, 0.0], [1.0, 0.0], [-3.0, 0.0], [-4.0, 2.0]])
    points = leaving_points(lams, coefs)
    assert points.features.tolist() == [0]
    assert points.lams[0] == pytest.approx(2.0 - 0.25)


def test_entering_only_paths_have_no_leaving_point_and_shapes_are_checked():
    lams = np.array([2.0, 1.0, 0.5])
    coefs = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, -1.0]])
    assert len(leaving_points(lams, coefs)) == 0
    with pytest.raises(ValueError):
        leaving_points(lams, coefs[:2])
