"""Where a coefficient leaves the model again: the lasso's (and the elastic net's) knots back to exactly 0.

Along a lasso path, as lam decreases, a coefficient usually enters once and stays. But it can also
return to exactly 0 (it leaves the active set) and later re-enter, often with the other sign: on the
diabetes data s3 does so at s = 0.81, and scikit-learn's ``lars_path`` agrees. This module finds those
points, so that a view can mark them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LeavingPoints:
    """The points where a coefficient leaves the model again.

    Attributes
    ----------
    lams : ndarray of shape (m,)
        The lambda of each point, descending.
    features : ndarray of shape (m,)
        The index of the feature that leaves there.
    """

    lams: np.ndarray
    features: np.ndarray

    def __len__(self) -> int:
        return int(self.features.size)


def leaving_points(lams, coefs) -> LeavingPoints:
    """The points of a path where a coefficient that was non-zero becomes exactly 0 again as lam decreases.

    Two cases, in grid order:

    - ``coefs[i - 1, j] != 0`` and ``coefs[i, j] == 0``: the point is ``lams[i]``, the first grid point at
      which the coefficient is exactly 0 again (on a path given at its knots, e.g. ``lars_path``'s, this is
      the knot where it leaves);
    - ``coefs[i - 1, j]`` and ``coefs[i, j]`` non-zero with opposite signs: the coefficient left and
      re-entered between two grid points (an active lasso coefficient keeps its sign, so a sign change
      passes through the model's exact zero); the point is where the straight line between them crosses 0,
      interpolated in lam.

    A coefficient that is 0 from the start (before it first enters) never counts.

    Parameters
    ----------
    lams : array_like of shape (k,)
        Descending lambdas of the path.
    coefs : array_like of shape (k, p)
        The coefficients at ``lams``.

    Returns
    -------
    LeavingPoints
        ``lams`` (m,) and ``features`` (m,) of every point, by grid step then feature index.
    """
    lams = np.asarray(lams, dtype=float)
    coefs = np.asarray(coefs, dtype=float)
    if coefs.ndim != 2 or lams.shape != coefs.shape[:1]:
        raise ValueError(f"lams (k,) and coefs (k, p) must agree, got {lams.shape} and {coefs.shape}")
    before, after = coefs[:-1], coefs[1:]
    returns = (before != 0.0) & (after == 0.0)
    crosses = (before * after) < 0.0
    steps, features = np.nonzero(returns | crosses)
    at = lams[steps + 1].copy()
    crossing = crosses[steps, features]
    if crossing.any():
        i, j = steps[crossing], features[crossing]
        share = before[i, j] / (before[i, j] - after[i, j])  # of the way from lams[i] to lams[i + 1]
        at[crossing] = lams[i] + share * (lams[i + 1] - lams[i])
    return LeavingPoints(lams=at, features=features.astype(int))
