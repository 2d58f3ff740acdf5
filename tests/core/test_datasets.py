"""Built-in datasets: diabetes read offline, the synthetic sets, and parameter validation."""

import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from core.datasets import BUILTIN_DATASETS, MAX_SYNTHETIC_CELLS, ParamSpec, builtin_parameters, load_builtin


def test_builtin_names():
    assert BUILTIN_DATASETS == ("diabetes", "sparse", "correlated")


def test_diabetes_equals_sklearns_raw_copy():
    from sklearn.datasets import load_diabetes

    reference = load_diabetes(scaled=False)
    data = load_builtin("diabetes")
    assert data.X.shape == (442, 10) and data.X.dtype == np.float64
    assert_array_equal(data.X, reference.data)
    assert_array_equal(data.y, reference.target)
    assert data.feature_names == tuple(reference.feature_names)
    assert data.target_name == "disease progression"
    assert data.true_coef is None and data.groups is None
    assert "blood pressure" in data.description


@pytest.mark.slow  # a subprocess
def test_diabetes_does_not_import_sklearn():
    # Start-up time: loading the default dataset must not pay for importing scikit-learn.
    code = (
        "import sys; from core.datasets import load_builtin; d = load_builtin('diabetes'); "
        "print(d.X.shape, 'sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "(442, 10) False"


def test_sparse_shapes_names_and_truth():
    data = load_builtin("sparse", n_samples=60, n_features=30, n_informative=6, noise=0.0, seed=3)
    assert data.X.shape == (60, 30) and data.y.shape == (60,) and data.true_coef.shape == (30,)
    assert data.feature_names[:2] == ("x01", "x02") and len(set(data.feature_names)) == 30
    nonzero = data.true_coef[data.true_coef != 0]
    assert nonzero.size == 6
    assert (nonzero > 0).any() and (nonzero < 0).any()
    assert np.ptp(np.abs(nonzero)) >= 2.0  # sizes visibly different (3 down to 0.5)
    assert_allclose(data.y, data.X @ data.true_coef, rtol=0, atol=1e-12)  # noise 0: y is exactly linear


def test_sparse_allows_more_features_than_samples():
    data = load_builtin("sparse", n_samples=50, n_features=2000, n_informative=10)
    assert data.X.shape == (50, 2000)
    assert np.count_nonzero(data.true_coef) == 10


def test_noise_only_rescales_the_noise():
    # X and the truth come from their own random streams: the noise slider leaves them alone.
    one = load_builtin("sparse", noise=1.0, seed=5)
    three = load_builtin("sparse", noise=3.0, seed=5)
    assert_array_equal(one.X, three.X)
    assert_array_equal(one.true_coef, three.true_coef)
    assert_allclose(three.y - three.X @ three.true_coef, 3.0 * (one.y - one.X @ one.true_coef), atol=1e-12)


def test_correlated_groups_names_and_truth():
    data = load_builtin("correlated", n_samples=80, n_groups=5, group_size=4, n_informative_groups=3, noise=0.0)
    assert data.X.shape == (80, 20)
    assert data.groups == tuple(np.repeat(np.arange(5), 4))
    assert data.feature_names[:5] == ("g1.a", "g1.b", "g1.c", "g1.d", "g2.a")
    coef = data.true_coef.reshape(5, 4)
    assert_array_equal(coef, coef[:, :1].repeat(4, axis=1))  # members of a group share the signal equally
    informative = coef[:, 0] != 0
    assert informative.sum() == 3
    assert (coef[informative, 0] > 0).any() and (coef[informative, 0] < 0).any()
    assert_allclose(data.y, data.X @ data.true_coef, rtol=0, atol=1e-12)


def test_correlated_correlation_structure():
    data = load_builtin("correlated", n_samples=20000, n_groups=3, group_size=3, rho=0.8, seed=1)
    corr = np.corrcoef(data.X, rowvar=False)
    groups = np.array(data.groups)
    same = (groups[:, None] == groups[None, :]) & ~np.eye(9, dtype=bool)
    assert_allclose(corr[same], 0.8, atol=0.02)
    assert_allclose(corr[groups[:, None] != groups[None, :]], 0.0, atol=0.03)
    assert_allclose(data.X.var(axis=0), 1.0, atol=0.05)


@pytest.mark.parametrize("name", ["sparse", "correlated"])
def test_same_seed_same_data_bitwise(name):
    first, again, other = load_builtin(name, seed=11), load_builtin(name, seed=11), load_builtin(name, seed=12)
    for field in ("X", "y", "true_coef"):
        assert np.array_equal(getattr(first, field), getattr(again, field))
    assert not np.array_equal(first.X, other.X)


@pytest.mark.parametrize("name", BUILTIN_DATASETS)
def test_spec_defaults_are_the_loader_defaults(name):
    specs = builtin_parameters(name)
    assert all(isinstance(spec, ParamSpec) and spec.minimum <= spec.default <= spec.maximum for spec in specs)
    by_default, by_spec = load_builtin(name), load_builtin(name, **{spec.name: spec.default for spec in specs})
    assert_array_equal(by_default.X, by_spec.X)
    assert_array_equal(by_default.y, by_spec.y)


def test_a_default_is_lowered_to_the_parameter_bounding_it():
    assert np.count_nonzero(load_builtin("sparse", n_features=3).true_coef) == 3
    assert np.count_nonzero(load_builtin("correlated", n_groups=1).true_coef) == 3  # 1 group of 3 features


def _all_specs():
    return [(name, spec) for name in BUILTIN_DATASETS for spec in builtin_parameters(name)]


@pytest.mark.parametrize(("name", "spec"), _all_specs(), ids=lambda v: getattr(v, "name", v))
def test_values_outside_a_spec_are_refused_with_the_range(name, spec):
    for bad in (spec.minimum - spec.step, spec.maximum + spec.step):
        with pytest.raises(ValueError, match=rf"{spec.name} must be .* in \[{spec.minimum}, {spec.maximum}\]"):
            load_builtin(name, **{spec.name: bad})


@pytest.mark.parametrize(("name", "spec"), _all_specs(), ids=lambda v: getattr(v, "name", v))
def test_the_minimum_of_each_spec_loads(name, spec):
    data = load_builtin(name, **{spec.name: spec.minimum})
    assert np.isfinite(data.X).all() and np.isfinite(data.y).all()


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("iris", {}, "unknown built-in dataset 'iris'; choose one of: diabetes, sparse, correlated"),
        ("diabetes", {"seed": 1}, "unknown parameter.*seed; allowed: none"),
        ("sparse", {"n_sample": 10}, "unknown parameter.*n_sample; allowed: n_samples, n_features"),
        ("sparse", {"n_samples": 10.5}, r"n_samples must be a whole number in \[10, 100000\], got 10.5"),
        ("sparse", {"n_samples": "100"}, "n_samples must be a whole number"),
        ("sparse", {"n_samples": True}, "n_samples must be a whole number"),
        ("sparse", {"noise": float("nan")}, "noise must be a number"),
        ("correlated", {"rho": 1.0}, r"rho must be a number in \[0.0, 0.99\], got 1.0"),
        ("sparse", {"n_features": 4, "n_informative": 5}, "At most 4 true non-zero coefficients with 4 features"),
        ("correlated", {"n_groups": 2, "n_informative_groups": 3}, "At most 2 groups with signal with 2 groups"),
        ("sparse", {"n_samples": 10_000, "n_features": 2000},
         f"At most 5,000 samples with 2,000 features: .* at most {MAX_SYNTHETIC_CELLS:,} numbers"),
    ],
)
def test_invalid_requests_name_what_is_allowed(name, params, message):
    with pytest.raises(ValueError, match=message):
        load_builtin(name, **params)


def test_builtin_parameters_of_an_unknown_name():
    with pytest.raises(ValueError, match="choose one of"):
        builtin_parameters("nope")


def test_integral_floats_are_accepted_as_ints():
    data = load_builtin("sparse", n_samples=30.0, n_features=np.int64(5))
    assert data.X.shape == (30, 5)
