"""The exact lasso path by homotopy (LARS with the lasso modification), lean enough for many small problems.

It minimises, for every c >= c_stop,

    1/2 * ||y - X w||^2 + c * ||w||_1

(glmnet's lam is c / n) on a centred design given only through its cross-products: X'y and the columns
of X'X, so that n > p problems run on the Gram matrix and p >= n problems on X itself. The solution is
piecewise linear in c; the path is returned at its knots, where a variable enters or leaves.

scikit-learn's ``lars_path`` computes the same path but spends ~0.2 ms of Python per knot; here a knot
costs a few small numpy calls: the inverse of X_A'X_A is updated by bordering when a variable enters
and by a Schur complement when one leaves, instead of being re-factorised. Accuracy is the caller's
business: ``core.paths`` certifies every point it uses by the KKT conditions.
"""

from __future__ import annotations

import numpy as np

# A variable whose column is (numerically) in the span of the active ones cannot enter: its pivot
# X_j'(I - P_A) X_j falls below this share of X_j'X_j.
_PIVOT_RTOL = 1e-10


def lasso_knots(xty, gram_column, c_stop, max_knots) -> tuple[np.ndarray, np.ndarray]:
    """Knots of the path minimising 1/2 ||y - X w||^2 + c ||w||_1, from c_max = max |X'y| down to c_stop.

    Parameters
    ----------
    xty : ndarray of shape (p,)
        X'y of the centred design and target.
    gram_column : callable
        ``gram_column(j)`` returns column j of X'X, shape (p,).
    c_stop : float
        Where the path stops (>= 0): its last knot, unless the path ends above it.
    max_knots : int
        At most this many steps (a guard against cycling on degenerate data).

    Returns
    -------
    knots : ndarray of shape (m,)
        Non-increasing values of c, the first c_max.
    knot_coefs : ndarray of shape (m, p)
        The solution at each knot; variables off the support are exactly 0.0.
    """
    correlation = np.array(xty, dtype=float)  # X'(y - X w): |.| <= c, with equality on the support
    coef = np.zeros(len(correlation))
    entering, leaving = int(np.argmax(np.abs(correlation))), -1
    c = float(abs(correlation[entering]))
    knots, knot_coefs = [c], [coef.copy()]
    active = _ActiveSet(len(correlation), gram_column)
    may_enter = np.ones(len(correlation), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):  # x/0 in event times: the event never comes
        for _ in range(max_knots):
            if c <= c_stop:
                break
            if entering >= 0:
                may_enter[entering] = False  # a dependent column is refused here and stays out
                active.add(entering, np.sign(correlation[entering]))
            direction = active.direction()  # d w_A / d(-c): X_A'X_A d = signs_A
            along = active.columns() @ direction  # d correlation / d(-c); equals signs_A on A
            step, entering, leaving = _next_event(correlation, along, coef, active.indices, direction, may_enter, c, leaving)
            ends = step >= c - c_stop  # the path stops before the event
            if ends:
                step, entering, leaving = c - c_stop, -1, -1
            coef[active.indices] += step * direction
            correlation -= step * along
            c = c_stop if ends else c - step
            if leaving >= 0:
                coef[leaving] = 0.0
                active.remove(leaving)
                may_enter[leaving] = True
            knots.append(c)
            knot_coefs.append(coef.copy())
    return np.array(knots), np.array(knot_coefs)


def interpolate_knots(knots, knot_coefs, cs) -> np.ndarray:
    """The piecewise-linear path at cs (k,), from its knots (m,) non-increasing and knot_coefs (m, p); (k, p).

    Above the first knot the first solution holds, below the last knot the last one.
    """
    if len(knots) == 1:
        return np.repeat(knot_coefs, len(cs), axis=0)
    ascending, rows = knots[::-1], knot_coefs[::-1]
    upper = np.clip(np.searchsorted(ascending, cs, side="left"), 1, len(ascending) - 1)
    lower = upper - 1
    gap = ascending[upper] - ascending[lower]
    share = np.clip(np.divide(cs - ascending[lower], gap, out=np.zeros(len(cs)), where=gap > 0), 0.0, 1.0)
    return rows[lower] + share[:, None] * (rows[upper] - rows[lower])


def _next_event(correlation, along, coef, indices, direction, may_enter, c, just_left) -> tuple[float, int, int]:
    """The step to the next knot and what happens there: (step, entering or -1, leaving or -1).

    An inactive j enters when |correlation_j - t along_j| reaches c - t; an active coefficient
    (``indices``, moving along ``direction``) leaves when it reaches 0. The step is inf when neither
    ever happens.
    """
    up = (c - correlation) / (1.0 - along)
    down = (c + correlation) / (1.0 + along)
    to_zero = -coef[indices] / direction
    if just_left >= 0:
        # It left at the bound on the side of its sign and moves inside: only the other side can come next.
        (up if correlation[just_left] > 0.0 else down)[just_left] = np.inf
    times = np.fmin(np.where(up > 0.0, up, np.inf), np.where(down > 0.0, down, np.inf))
    times[~may_enter] = np.inf
    entering = int(np.argmin(times))
    to_zero[~(to_zero > 0.0)] = np.inf
    if to_zero.size and to_zero.min() < times[entering]:
        k = int(np.argmin(to_zero))
        return float(to_zero[k]), -1, int(indices[k])
    if not np.isfinite(times[entering]):
        return np.inf, -1, -1
    return float(times[entering]), entering, -1


class _ActiveSet:
    """The support A with its signs, the columns X'X_A (p, |A|) and the inverse of X_A'X_A.

    Storage is allocated for ``capacity`` members and doubled when full, so a knot allocates little.
    """

    def __init__(self, n_features, gram_column, capacity=32):
        self._gram_column = gram_column
        self.size = 0
        self._columns = np.empty((n_features, capacity), order="F")
        self._indices = np.empty(capacity, dtype=np.intp)
        self._signs = np.empty(capacity)
        self._inverse = np.empty((capacity, capacity))

    @property
    def indices(self) -> np.ndarray:
        return self._indices[: self.size]

    def columns(self) -> np.ndarray:
        return self._columns[:, : self.size]

    def direction(self) -> np.ndarray:
        size = self.size
        return self._inverse[:size, :size] @ self._signs[:size]

    def add(self, j, sign) -> bool:
        """Let j enter with ``sign``; False (and nothing changes) when its column depends on the active ones."""
        column = self._gram_column(j)
        size = self.size
        cross = column[self._indices[:size]]
        projected = self._inverse[:size, :size] @ cross
        pivot = column[j] - cross @ projected
        if not pivot > _PIVOT_RTOL * column[j]:
            return False
        if size == len(self._indices):
            self._grow()
        # Bordering: the inverse of [[G, b], [b', g]] from G^-1, with pivot g - b'G^-1 b.
        inverse = self._inverse
        inverse[:size, :size] += np.outer(projected / pivot, projected)
        inverse[:size, size] = inverse[size, :size] = -projected / pivot
        inverse[size, size] = 1.0 / pivot
        self._columns[:, size] = column
        self._indices[size], self._signs[size] = j, sign
        self.size = size + 1
        return True

    def remove(self, j) -> None:
        """Let j leave: the inverse of the remaining block is a Schur complement of the current inverse."""
        size = self.size
        k = int(np.flatnonzero(self._indices[:size] == j)[0])
        inverse = self._inverse
        inverse[:size, :size] -= np.outer(inverse[:size, k] / inverse[k, k], inverse[k, :size])
        # Close the gap at position k in every array.
        inverse[k : size - 1, :size] = inverse[k + 1 : size, :size]
        inverse[:size, k : size - 1] = inverse[:size, k + 1 : size]
        self._columns[:, k : size - 1] = self._columns[:, k + 1 : size]
        self._indices[k : size - 1] = self._indices[k + 1 : size]
        self._signs[k : size - 1] = self._signs[k + 1 : size]
        self.size = size - 1

    def _grow(self) -> None:
        size = self.size
        inverse = np.empty((2 * size, 2 * size))
        inverse[:size, :size] = self._inverse
        self._inverse = inverse
        self._columns = np.concatenate([self._columns, np.empty_like(self._columns)], axis=1)
        self._indices = np.concatenate([self._indices, np.empty_like(self._indices)])
        self._signs = np.concatenate([self._signs, np.empty_like(self._signs)])
