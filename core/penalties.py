"""The penalty of RegLab's one objective, its norms, and the conversion to scikit-learn.

Every model in RegLab minimises glmnet's objective::

    1/(2n) * ||y - b - X w||^2 + lam * P(w),
    P(w) = alpha * ||w||_1 + (1 - alpha)/2 * ||w||_2^2

with alpha = 1 the lasso (L1), alpha = 0 ridge (L2) and the elastic net in between.
The translation of (lam, alpha) to scikit-learn's parameters lives here and nowhere else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# glmnet's floor for alpha in lam_max = max|X'y| / (n * max(alpha, ALPHA_FLOOR)): ridge has no finite lam_max.
ALPHA_FLOOR = 1e-3


@dataclass(frozen=True)
class Penalty:
    """The elastic-net penalty P(w) = alpha * ||w||_1 + (1 - alpha)/2 * ||w||_2^2.

    Parameters
    ----------
    alpha : float in [0, 1]
        Mixing parameter: 1 is the lasso (L1), 0 is ridge (L2).
    """

    alpha: float

    def __post_init__(self):
        alpha = float(self.alpha)
        if not math.isfinite(alpha) or not 0.0 <= alpha <= 1.0:
            raise ValueError(f"alpha must be a number in [0, 1] (1 = L1, 0 = L2), got {self.alpha!r}")
        object.__setattr__(self, "alpha", alpha)

    @property
    def is_l1(self) -> bool:
        return self.alpha == 1.0

    @property
    def is_l2(self) -> bool:
        return self.alpha == 0.0

    @property
    def short_name(self) -> str:
        """A label for legends: "L1", "L2" or "EN 0.50"."""
        if self.is_l1:
            return "L1"
        if self.is_l2:
            return "L2"
        return f"EN {self.alpha:.2f}"

    @property
    def name(self) -> str:
        """A readable name: "L1 (lasso)", "L2 (ridge)" or "Elastic net (alpha = 0.50)"."""
        if self.is_l1:
            return "L1 (lasso)"
        if self.is_l2:
            return "L2 (ridge)"
        return f"Elastic net (alpha = {self.alpha:.2f})"

    def value(self, w) -> np.ndarray | float:
        """Penalty value P(w) along the last axis.

        Parameters
        ----------
        w : array of shape (p,) or (k, p)

        Returns
        -------
        float, or ndarray of shape (k,)
        """
        w = np.asarray(w, dtype=float)
        return self.alpha * l1_norm(w) + (1.0 - self.alpha) / 2.0 * np.sum(w * w, axis=-1)

    def lam_max_denominator(self) -> float:
        """max(alpha, 0.001): glmnet's divisor in lam_max, finite even for ridge."""
        return max(self.alpha, ALPHA_FLOOR)

    def sklearn_params(self, lam: float, n_samples: int) -> dict:
        """scikit-learn parameters that minimise the same objective at strength ``lam``.

        Ridge (alpha = 0) maps to ``Ridge(alpha=n * lam)``, which minimises
        ||y - Xw||^2 + n*lam*||w||^2 = 2n * (our objective). Every other penalty maps to
        ``ElasticNet(alpha=lam, l1_ratio=alpha)``, whose objective is ours exactly.
        """
        if self.is_l2:
            return {"alpha": n_samples * lam}
        return {"alpha": lam, "l1_ratio": self.alpha}

    def sklearn_estimator(self, lam: float, n_samples: int, **kwargs):
        """An unfitted scikit-learn estimator for this penalty at ``lam`` (``Ridge`` or ``ElasticNet``)."""
        from sklearn.linear_model import ElasticNet, Ridge  # heavy import: keep it off start-up

        cls = Ridge if self.is_l2 else ElasticNet
        return cls(**self.sklearn_params(lam, n_samples), **kwargs)


def l1_norm(w) -> np.ndarray | float:
    """||w||_1 along the last axis; w of shape (p,) or (k, p)."""
    return np.sum(np.abs(np.asarray(w, dtype=float)), axis=-1)


def l2_norm(w) -> np.ndarray | float:
    """||w||_2 along the last axis; w of shape (p,) or (k, p)."""
    return np.sqrt(np.sum(np.square(np.asarray(w, dtype=float)), axis=-1))


def elastic_net(alpha: float) -> Penalty:
    """The elastic-net penalty with mixing ``alpha`` strictly between 0 (L2) and 1 (L1)."""
    if not 0.0 < float(alpha) < 1.0:
        raise ValueError(f"the elastic net mixes L1 and L2: alpha must lie strictly in (0, 1), got {alpha!r}")
    return Penalty(alpha)


L1 = Penalty(1.0)
L2 = Penalty(0.0)
