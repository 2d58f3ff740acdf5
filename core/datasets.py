"""Datasets: the built-in ones, CSV files, and the standardization every model shares."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


class DataError(ValueError):
    """A file or a setting cannot give a usable dataset; the message is meant for the user."""


@dataclass(frozen=True)
class Dataset:
    """A regression problem: features ``X`` (n, p) float64 and target ``y`` (n,) float64.

    ``true_coef`` (p,) is known for synthetic data (on the scale of ``X`` as generated), else None.
    ``notes`` says what the loader did (rows dropped, columns skipped).
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    true_coef: np.ndarray | None = None
    description: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

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
    def fit(cls, X) -> Standardizer:
        """Learn mean (p,) and scale (p,) from X (n, p)."""
        X = np.asarray(X, dtype=float)
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale = np.where(scale > 1e-12 * np.maximum(1.0, np.abs(mean)), scale, 1.0)
        return cls(mean=mean, scale=scale)

    @classmethod
    def identity(cls, n_features: int) -> Standardizer:
        """The standardizer that leaves X as it is (for ``standardize=False``)."""
        return cls(mean=np.zeros(n_features), scale=np.ones(n_features))

    def transform(self, X) -> np.ndarray:
        """(X - mean) / scale, X of shape (n, p)."""
        return (np.asarray(X, dtype=float) - self.mean) / self.scale


def standardize(X) -> np.ndarray:
    """X (n, p) centred and scaled to unit population variance; constant columns become 0."""
    return Standardizer.fit(X).transform(X)
