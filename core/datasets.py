"""Datasets: the dataset type, the built-in ones, and the standardization every model shares.

CSV files are read by :mod:`core.csv_reader`.
"""

from __future__ import annotations

import importlib.util
import math
import numbers
import pathlib
import string
from dataclasses import dataclass, field

import numpy as np


class DataError(ValueError):
    """A file or a setting cannot give a usable dataset; the message is meant for the user."""


@dataclass(frozen=True)
class Dataset:
    """A regression problem: features ``X`` (n, p) float64 and target ``y`` (n,) float64.

    ``true_coef`` (p,) is known for synthetic data (on the scale of ``X`` as generated), else None.
    ``notes`` says what the loader did (rows dropped, columns skipped).
    ``groups`` gives each feature's group index (0, 1, ...) where features come in groups, else None.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    true_coef: np.ndarray | None = None
    description: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    groups: tuple[int, ...] | None = None

    @property
    def n_samples(self) -> int:
        return self.X.shape[0]

    @property
    def n_features(self) -> int:
        return self.X.shape[1]


@dataclass(frozen=True)
class Standardizer:
    """Centre by the mean and scale by the population standard deviation (ddof=0) of the fitted data.

    A constant column gets scale 1, so it becomes all zeros rather than a division by zero.
    """

    mean: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(cls, X, sample_weight=None) -> Standardizer:
        """Learn mean (p,) and scale (p,) from X (n, p), rows weighted by ``sample_weight`` (n,) if given.

        The weights are normalised to sum to 1 (bootstrap counts, for instance); the scale is the weighted
        population standard deviation. No temporary as large as X is made.
        """
        X = np.asarray(X, dtype=float)
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=float) / np.sum(sample_weight)
        mean = X.mean(axis=0) if weights is None else weights @ X
        scale = np.sqrt(_mean_square_deviation(X, mean, weights))
        scale = np.where(is_constant(scale, mean), 1.0, scale)
        return cls(mean=mean, scale=scale)

    @classmethod
    def identity(cls, n_features: int) -> Standardizer:
        """The standardizer that leaves X as it is (for ``standardize=False``)."""
        return cls(mean=np.zeros(n_features), scale=np.ones(n_features))

    def transform(self, X, order="K") -> np.ndarray:
        """(X - mean) / scale, X of shape (n, p), as one new array in memory ``order`` ("C", "F" or "K")."""
        scaled = np.subtract(np.asarray(X, dtype=float), self.mean, order=order)
        scaled /= self.scale
        return scaled


def _mean_square_deviation(X, mean, weights, block_elements=1 << 20):
    """Per column, the (weighted) mean of (x - mean)^2 over the rows of X (n, p), a block of rows at a time."""
    n, p = X.shape
    block = max(1, block_elements // max(p, 1))
    total = np.zeros(p)
    for start in range(0, n, block):
        deviation = X[start : start + block] - mean
        if weights is None:
            total += np.einsum("ij,ij->j", deviation, deviation)
        else:
            total += np.einsum("i,ij,ij->j", weights[start : start + block], deviation, deviation)
    return total / n if weights is None else total


def is_constant(std, mean):
    """True where a column's spread (std) is only rounding noise relative to its level (mean), or NaN.

    The one rule for a constant column: the standardization gives it scale 1, and the CSV reader skips it.
    """
    return np.logical_not(std > 1e-12 * np.maximum(1.0, np.abs(mean)))


def standardize(X) -> np.ndarray:
    """X (n, p) centred and scaled to unit population variance; constant columns become 0."""
    return Standardizer.fit(X).transform(X)


# --- Built-in datasets ---------------------------------------------------------------------------------

BUILTIN_DATASETS = ("diabetes", "sparse", "correlated")

# Keeps a synthetic X (n_samples * n_features float64) under 80 MB.
MAX_SYNTHETIC_CELLS = 10_000_000

_SEED_MAX = 2**31 - 1  # a Qt spin box holds a signed 32-bit int


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a built-in dataset: what the GUI shows and what ``load_builtin`` accepts.

    ``at_most`` names another parameter whose value bounds this one (e.g. ``n_informative <= n_features``);
    ``in_cells`` marks the factors of the data's size n_samples x n_features, whose product is capped at
    ``MAX_SYNTHETIC_CELLS``. ``noun`` (singular, plural) names a count in messages ("2 features").
    ``help`` says what the parameter does, for a tooltip.
    """

    name: str
    label: str
    default: float
    minimum: float
    maximum: float
    step: float
    is_int: bool
    at_most: str | None = None
    in_cells: bool = False
    noun: tuple[str, str] | None = None
    help: str = ""

    def shown(self, value) -> str:
        """``value`` as messages write it: "2,000" for a whole number, "0.99" else."""
        return f"{value:,.0f}" if self.is_int else f"{value:g}"

    def count(self, value) -> str:
        """``value`` with its noun: "1 feature", "2,000 features"."""
        return f"{self.shown(value)} {self.noun[0] if value == 1 else self.noun[1]}"


@dataclass(frozen=True)
class ParamLimit:
    """The range a setting can take given the other settings, and why, in plain words."""

    minimum: float
    maximum: float
    reason: str  # what sets the maximum: "At most 2 true non-zero coefficients with 2 features"
    below: str  # what sets the minimum: "At least 10 samples"

    def problem(self, value) -> str | None:
        """The plain-words reason ``value`` cannot be taken, or None when it can."""
        if value > self.maximum:
            return self.reason
        if value < self.minimum:
            return self.below
        return None

    def clamp(self, value):
        """``value`` moved into [minimum, maximum]."""
        return min(max(value, self.minimum), self.maximum)


_N_SAMPLES = ParamSpec("n_samples", "Samples (n)", 100, 10, 100_000, 10, True, in_cells=True,
                       noun=("sample", "samples"), help="Number of rows (observations) drawn")
_NOISE = ParamSpec("noise", "Noise (std)", 1.0, 0.0, 100.0, 0.1, False,
                   help="Standard deviation of the Gaussian noise added to the target")
_SEED = ParamSpec("seed", "Seed", 0, 0, _SEED_MAX, 1, True,
                  help="Random seed: the same seed gives the same data")


_BUILTIN_PARAMS: dict[str, tuple[ParamSpec, ...]] = {
    "diabetes": (),
    "sparse": (
        _N_SAMPLES,
        ParamSpec("n_features", "Features (p)", 20, 2, 2000, 1, True, in_cells=True, noun=("feature", "features"),
                  help="Number of independent Gaussian features (columns); more features than samples is allowed"),
        ParamSpec("n_informative", "Non-zero true coefficients", 5, 1, 2000, 1, True, at_most="n_features",
                  noun=("true non-zero coefficient", "true non-zero coefficients"),
                  help="How many features really influence the target; the others have a true coefficient of 0"),
        _NOISE,
        _SEED,
    ),
    "correlated": (
        _N_SAMPLES,
        ParamSpec("n_groups", "Groups", 4, 1, 200, 1, True, in_cells=True, noun=("group", "groups"),
                  help="Number of groups of correlated features"),
        ParamSpec("group_size", "Features per group", 3, 2, 10, 1, True, in_cells=True,
                  noun=("feature per group", "features per group"),
                  help="Number of features in each group"),
        ParamSpec("n_informative_groups", "Groups with signal", 2, 1, 200, 1, True, at_most="n_groups",
                  noun=("group with signal", "groups with signal"),
                  help="How many groups influence the target (shared equally by their members)"),
        ParamSpec("rho", "Correlation within a group", 0.9, 0.0, 0.99, 0.01, False,
                  help="Correlation between two features of the same group (0: independent)"),
        _NOISE,
        _SEED,
    ),
}


def parameter_limits(name: str, values: dict) -> dict[str, ParamLimit]:
    """The range each parameter of built-in dataset ``name`` can take, given the others' ``values``.

    Parameters missing from ``values`` count at their defaults. The rule behind both the data panel's spin
    boxes and ``load_builtin``: a spec's own range, at most the parameter named by ``at_most``, and the
    product of the ``in_cells`` parameters at most ``MAX_SYNTHETIC_CELLS``.
    """
    _check_builtin_name(name)
    specs = {spec.name: spec for spec in _BUILTIN_PARAMS[name]}
    current = {key: values.get(key, spec.default) for key, spec in specs.items()}
    limits = {}
    for spec in specs.values():
        maximum, reason = spec.maximum, f"At most {spec.count(spec.maximum)}" if spec.noun else \
            f"{spec.label} can be at most {spec.shown(spec.maximum)}"
        if spec.at_most is not None and current[spec.at_most] < maximum:
            bound = specs[spec.at_most]
            maximum = current[spec.at_most]
            reason = f"At most {spec.count(maximum)} with {bound.count(maximum)}"
        if spec.in_cells:
            others = [other for other in specs.values() if other.in_cells and other is not spec]
            product = math.prod(current[other.name] for other in others)
            if product and MAX_SYNTHETIC_CELLS // product < maximum:
                maximum = MAX_SYNTHETIC_CELLS // product
                given = " and ".join(other.count(current[other.name]) for other in others)
                reason = (f"At most {spec.count(maximum)} with {given}: a synthetic dataset holds at most "
                          f"{MAX_SYNTHETIC_CELLS:,} numbers (samples x features)")
        below = f"At least {spec.count(spec.minimum)}" if spec.noun else \
            f"{spec.label} must be at least {spec.shown(spec.minimum)}"
        limits[spec.name] = ParamLimit(spec.minimum, maximum, reason, below)
    return limits


def builtin_parameters(name: str) -> tuple[ParamSpec, ...]:
    """The parameters of built-in dataset ``name``, in display order (empty for diabetes)."""
    _check_builtin_name(name)
    return _BUILTIN_PARAMS[name]


def load_builtin(name: str, **params) -> Dataset:
    """Load a built-in dataset; the same parameters (seed included) give bitwise the same data.

    Parameters
    ----------
    name : {"diabetes", "sparse", "correlated"}
        "diabetes": scikit-learn's copy of Efron et al.'s data, 442 x 10, raw units, read offline.
        "sparse": Gaussian features, only ``n_informative`` true coefficients non-zero (p > n allowed).
        "correlated": ``n_groups`` groups of ``group_size`` features with correlation ``rho`` within a
        group; ``n_informative_groups`` groups carry the signal, shared by all their members.
    **params
        See ``builtin_parameters(name)`` for names, defaults and ranges. A default that exceeds the
        parameter bounding it (``at_most``) is lowered to that parameter's value.

    Returns
    -------
    Dataset
        X (n_samples, n_features), y (n_samples,); ``true_coef`` (n_features,) for synthetic data.

    Raises
    ------
    ValueError
        Unknown name, unknown parameter, or a value outside its range (the message names the allowed ones).
    DataError
        A value that the other parameters do not allow (``parameter_limits``), said in plain words.
    """
    _check_builtin_name(name)
    values = _validated_params(name, params)
    if name == "diabetes":
        return _load_diabetes()
    if name == "sparse":
        return _make_sparse(**values)
    return _make_correlated(**values)


def _check_builtin_name(name) -> None:
    if name not in BUILTIN_DATASETS:
        raise ValueError(f"unknown built-in dataset {name!r}; choose one of: {', '.join(BUILTIN_DATASETS)}")


def _validated_params(name: str, params: dict) -> dict:
    """Defaults merged with ``params``, each checked against its ParamSpec (ValueError) and against the others
    (``parameter_limits``: DataError, in plain words)."""
    specs = _BUILTIN_PARAMS[name]
    allowed = {spec.name for spec in specs}
    unknown = sorted(set(params) - allowed)
    if unknown:
        choices = ", ".join(spec.name for spec in specs) if specs else "none"
        raise ValueError(f"unknown parameter(s) for {name!r}: {', '.join(unknown)}; allowed: {choices}")
    values = {spec.name: _checked_value(spec, params[spec.name]) for spec in specs if spec.name in params}
    for spec in specs:
        if spec.name not in values:
            bound = values.get(spec.at_most, spec.maximum) if spec.at_most else spec.maximum
            values[spec.name] = min(spec.default, bound)
    for key, limit in parameter_limits(name, values).items():
        problem = limit.problem(values[key])
        if problem is not None:
            raise DataError(f"{problem}.")
    return values


def _checked_value(spec: ParamSpec, value):
    """``value`` as int or float if it is a number within [minimum, maximum] (and whole when is_int)."""
    kind = "a whole number" if spec.is_int else "a number"
    allowed = f"{spec.name} must be {kind} in [{spec.minimum}, {spec.maximum}], got {value!r}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(allowed)
    value = float(value)
    if not math.isfinite(value) or not spec.minimum <= value <= spec.maximum:
        raise ValueError(allowed)
    if spec.is_int:
        if not value.is_integer():
            raise ValueError(allowed)
        return int(value)
    return value


def _load_diabetes() -> Dataset:
    # Read scikit-learn's bundled files directly: importing sklearn would cost seconds at start-up.
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise DataError("The diabetes data comes with scikit-learn, which is not installed.")
    folder = pathlib.Path(spec.submodule_search_locations[0]) / "datasets" / "data"
    try:
        X = np.loadtxt(folder / "diabetes_data_raw.csv.gz")
        y = np.loadtxt(folder / "diabetes_target.csv.gz")
    except OSError as exc:
        raise DataError(f"Cannot read scikit-learn's copy of the diabetes data in {folder}: {exc}") from exc
    return Dataset(
        X=X,
        y=y,
        feature_names=_DIABETES_FEATURES,
        target_name="disease progression",
        description=_DIABETES_DESCRIPTION,
    )


_DIABETES_FEATURES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")

_DIABETES_DESCRIPTION = (
    "Diabetes (Efron, Hastie, Johnstone and Tibshirani 2004; scikit-learn's copy): 442 patients, "
    "10 baseline measurements in raw units. Target: a measure of disease progression one year later. "
    "age (years), sex, bmi (body mass index), bp (average blood pressure), s1 tc (total serum cholesterol), "
    "s2 ldl (low-density lipoproteins), s3 hdl (high-density lipoproteins), s4 tch (total cholesterol / HDL), "
    "s5 ltg (log of serum triglycerides), s6 glu (blood sugar level)."
)


def _rngs(seed: int) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """Independent streams for X, the true coefficients and the noise.

    Separate streams keep X and the truth fixed while the noise level changes (it only rescales the noise).
    """
    return tuple(np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(3))


def _sparse_effects(size: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """(size,) zeros except k effects at random places: sizes from 3 down to 0.5, alternating signs."""
    effects = np.zeros(size)
    support = np.sort(rng.choice(size, size=k, replace=False))
    signed = np.linspace(3.0, 0.5, k) * np.where(np.arange(k) % 2 == 0, 1.0, -1.0)
    effects[support] = signed[rng.permutation(k)]
    return effects


def _synthetic(X, true_coef, noise, rng_noise, feature_names, description, groups=None) -> Dataset:
    """The Dataset with y = X @ true_coef + noise * standard normal (n,)."""
    y = X @ true_coef + noise * rng_noise.standard_normal(X.shape[0])
    return Dataset(X, y, feature_names, "y", true_coef=true_coef, description=description, groups=groups)


def _make_sparse(n_samples, n_features, n_informative, noise, seed) -> Dataset:
    rng_x, rng_coef, rng_noise = _rngs(seed)
    X = rng_x.standard_normal((n_samples, n_features))
    width = len(str(n_features))
    return _synthetic(
        X,
        _sparse_effects(n_features, n_informative, rng_coef),
        noise,
        rng_noise,
        feature_names=tuple(f"x{j + 1:0{width}d}" for j in range(n_features)),
        description=(
            f"Sparse synthetic data: {n_samples} samples, {n_features} independent Gaussian features, "
            f"only {n_informative} with a non-zero true coefficient; noise std {noise:g}. "
            "The lasso's home ground."
        ),
    )


def _make_correlated(n_samples, n_groups, group_size, n_informative_groups, rho, noise, seed) -> Dataset:
    rng_x, rng_coef, rng_noise = _rngs(seed)
    groups = np.repeat(np.arange(n_groups), group_size)
    # x = sqrt(rho) z_group + sqrt(1 - rho) e: unit variance, correlation rho inside a group, 0 across groups.
    latent = rng_x.standard_normal((n_samples, n_groups))
    own = rng_x.standard_normal((n_samples, groups.size))
    X = np.sqrt(rho) * latent[:, groups] + np.sqrt(1.0 - rho) * own
    # Every member of a group carries an equal share of the group's effect.
    true_coef = _sparse_effects(n_groups, n_informative_groups, rng_coef)[groups] / group_size
    letters = string.ascii_lowercase[:group_size]
    return _synthetic(
        X,
        true_coef,
        noise,
        rng_noise,
        feature_names=tuple(f"g{g + 1}.{letter}" for g in range(n_groups) for letter in letters),
        description=(
            f"Correlated synthetic data: {n_samples} samples, {n_groups} groups of {group_size} features, "
            f"correlation {rho:g} within a group, none between groups; {n_informative_groups} groups carry "
            f"the signal, shared equally by their members; noise std {noise:g}. Ridge's home ground."
        ),
        groups=tuple(int(g) for g in groups),
    )
