"""Dependent bounds of the built-in generators: one rule for the data panel and the loader (issue 13)."""

import pytest

from core.datasets import BUILTIN_DATASETS, MAX_SYNTHETIC_CELLS, DataError, builtin_parameters, load_builtin, \
    parameter_limits


def test_informative_features_are_bounded_by_the_features():
    limit = parameter_limits("sparse", {"n_features": 2})["n_informative"]
    assert (limit.minimum, limit.maximum) == (1, 2)
    assert limit.problem(5) == "At most 2 true non-zero coefficients with 2 features"
    assert limit.problem(2) is None


def test_groups_with_signal_are_bounded_by_the_groups():
    limit = parameter_limits("correlated", {"n_groups": 4})["n_informative_groups"]
    assert limit.maximum == 4
    assert limit.problem(6) == "At most 4 groups with signal with 4 groups"
    assert parameter_limits("correlated", {"n_groups": 1})["n_informative_groups"].problem(2) == \
        "At most 1 group with signal with 1 group"


@pytest.mark.parametrize(("name", "values", "key"), [
    ("sparse", {"n_samples": 100_000}, "n_features"),
    ("sparse", {"n_features": 2000}, "n_samples"),
    ("correlated", {"n_samples": 100_000, "group_size": 5}, "n_groups"),
    ("correlated", {"n_samples": 100_000, "n_groups": 20}, "group_size"),
    ("correlated", {"n_groups": 200, "group_size": 10}, "n_samples"),
])
def test_the_size_of_the_data_is_capped_whichever_factor_moves(name, values, key):
    limit = parameter_limits(name, values)[key]
    at_max = load_builtin(name, **values, **{key: limit.maximum})
    assert at_max.X.size <= MAX_SYNTHETIC_CELLS
    with pytest.raises(DataError, match=f"holds at most {MAX_SYNTHETIC_CELLS:,} numbers"):
        load_builtin(name, **values, **{key: limit.maximum + 1})


def test_the_cap_names_what_limits_it():
    limit = parameter_limits("sparse", {"n_samples": 100_000})["n_features"]
    assert limit.maximum == 100
    assert limit.problem(2000) == ("At most 100 features with 100,000 samples: a synthetic dataset holds at most "
                                   "10,000,000 numbers (samples x features)")


@pytest.mark.parametrize("name", BUILTIN_DATASETS)
def test_every_parameter_has_a_limit_and_a_help_text(name):
    limits = parameter_limits(name, {})
    for spec in builtin_parameters(name):
        limit = limits[spec.name]
        assert limit.minimum == spec.minimum and limit.maximum <= spec.maximum
        assert spec.help and limit.problem(spec.minimum - 1) and limit.problem(limit.maximum + 1)


@pytest.mark.parametrize("n", [5, 6, 7, 10, 13, 20, 442])
def test_the_validation_share_range_leaves_two_rows_on_each_side(n):
    import numpy as np

    from core.datasets import Dataset
    from core.validation import train_validation_split, validation_fraction_range

    low, high = validation_fraction_range(n, 0.1, 0.5, 0.01)
    data = Dataset(np.zeros((n, 2)), np.zeros(n), ("a", "b"), "y")
    for share in (low, high):
        train, val = train_validation_split(data, share, 0)
        assert train.n_samples >= 2 and val.n_samples >= 2
    if low > 0.1:
        with pytest.raises(ValueError):
            train_validation_split(data, round(low - 0.01, 2), 0)


def test_settings_without_a_noun_are_named_by_their_label():
    limits = parameter_limits("correlated", {})
    assert limits["seed"].problem(2**31) == "Seed can be at most 2,147,483,647"
    assert limits["rho"].problem(1.5) == "Correlation within a group can be at most 0.99"
    assert limits["noise"].problem(-1) == "Noise (std) must be at least 0"
