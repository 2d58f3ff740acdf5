"""The benchmark datasets: diabetes and correlated synthetic data with a sparse truth, fixed seeds."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from core.datasets import Dataset, load_builtin

# name -> (label, built-in generator, its parameters). Correlated groups of 5 features, one group in ten (at
# least two) carrying the signal; the GUI's default correlation (0.9) and noise.
DATASETS = {
    "diabetes": ("diabetes 442 x 10", "diabetes", {}),
    "tiny": ("correlated 100 x 20", "correlated",
             {"n_samples": 100, "n_groups": 4, "group_size": 5, "n_informative_groups": 2, "seed": 0}),
    "corr_1000x100": ("correlated 1000 x 100", "correlated",
                      {"n_samples": 1000, "n_groups": 20, "group_size": 5, "n_informative_groups": 2, "seed": 1}),
    "corr_10000x200": ("correlated 10000 x 200", "correlated",
                       {"n_samples": 10000, "n_groups": 40, "group_size": 5, "n_informative_groups": 4, "seed": 2}),
    "corr_100000x50": ("correlated 100000 x 50", "correlated",
                       {"n_samples": 100000, "n_groups": 10, "group_size": 5, "n_informative_groups": 2, "seed": 3}),
    "corr_200x1000": ("correlated 200 x 1000", "correlated",
                      {"n_samples": 200, "n_groups": 200, "group_size": 5, "n_informative_groups": 20, "seed": 4}),
}

VALIDATION_FRACTION = 0.25  # the GUI's default


def label(name: str) -> str:
    return DATASETS[name][0]


def builtin_source(name: str) -> tuple[str, dict]:
    """(built-in name, parameters) of benchmark dataset ``name``: what the window is asked to load."""
    return DATASETS[name][1], DATASETS[name][2]


@lru_cache(maxsize=None)
def load(name: str) -> Dataset:
    """The benchmark dataset ``name`` (a key of DATASETS), generated once per process."""
    builtin, params = builtin_source(name)
    return load_builtin(builtin, **params)


def holdout_indices(n_samples: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Training and validation rows (0-based) of a seeded split with the GUI's validation fraction, for the peers."""
    order = np.random.default_rng(seed).permutation(n_samples)
    n_val = int(round(VALIDATION_FRACTION * n_samples))
    return np.sort(order[n_val:]), np.sort(order[:n_val])
