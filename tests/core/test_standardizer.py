import numpy as np
from numpy.testing import assert_allclose

from core.datasets import Standardizer, standardize


def test_population_std_and_constant_columns():
    X = np.array([[1.0, 5.0, 2.0], [3.0, 5.0, 4.0], [5.0, 5.0, 9.0]])
    Z = standardize(X)
    assert_allclose(Z.mean(axis=0), 0.0, atol=1e-15)
    assert_allclose(Z[:, [0, 2]].std(axis=0, ddof=0), 1.0)
    assert_allclose(Z[:, 1], 0.0)
    assert np.all(np.isfinite(Z))


def test_fit_on_train_apply_to_other():
    rng = np.random.default_rng(1)
    train, other = rng.normal(3.0, 2.0, size=(50, 2)), rng.normal(size=(5, 2))
    s = Standardizer.fit(train)
    assert_allclose(s.transform(other), (other - train.mean(0)) / train.std(0))
