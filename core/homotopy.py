"""The exact lasso path by homotopy (LARS with the lasso modification), lean enough for many small problems.

It minimises, for every c >= c_stop,

    1/2 * ||y - X w||^2 + c * ||w||_1

(glmnet's lam is c / n) on a centred design given only through its cross-products: X'y and the columns
of X'X, so that n > p problems run on the Gram matrix and p >= n problems on X itself. The solution is
piecewise linear in c; the path is returned at its knots, where a variable enters or leaves.

scikit-learn's ``lars_path`` computes the same path but spends ~0.2 ms of Python per knot; here a knot
costs a few small numpy calls on preallocated buffers: a factor of the inverse of X_A'X_A gains a
column when a variable enters and is reflected when one leaves, instead of being re-factorised.
Accuracy is the caller's business: ``core.paths`` certifies every point it uses by the KKT conditions.
"""

from __future__ import annotations

import math

import numpy as np

# A variable whose column is (numerically) in the span of the active ones cannot enter: its pivot
# X_j'(I - P_A) X_j falls below this share of X_j'X_j.
_PIVOT_RTOL = 1e-10
# An event this close to the path's end (as a share of c_max) is rounding, not a knot: once the support
# spans X's columns every inactive gap closes at c = 0 exactly, and rounding scatters those closings
# over c ~ 1e-14 c_max as hundreds of spurious knots (800 at 200 x 1000) on the way to c = 0.
_END_RTOL = 1e-12


def lasso_knots(xty, gram_column, c_stop, max_knots, max_active=None, design=None) -> tuple[np.ndarray, np.ndarray]:
    """Knots of the path minimising 1/2 ||y - X w||^2 + c ||w||_1, from c_max = max |X'y| down to c_stop.

    Parameters
    ----------
    xty : ndarray of shape (p,)
        X'y of the centred design and target.
    gram_column : callable or None
        ``gram_column(j)`` returns column j of X'X, shape (p,). Not used when ``design`` is given.
    c_stop : float
        Where the path stops (>= 0): its last knot, unless the path ends above it.
    max_knots : int
        At most this many steps (a guard against cycling on degenerate data).
    max_active : int, optional
        The most variables active at once, at most the rank of X (min(n, p)); sizes the storage so
        that it need not grow. Default p.
    design : ndarray of shape (n, p), optional
        The centred X itself. Where p > n its products are cheaper than Gram columns: X'(X_A d) reads
        X once per knot, where X'X_A d reads the stored p x |A| columns and every entering variable's
        X'x_j reads X again.

    Returns
    -------
    knots : ndarray of shape (m,)
        Non-increasing values of c, the first c_max.
    knot_coefs : ndarray of shape (m, p)
        The solution at each knot; variables off the support are exactly 0.0.
    """
    xty = np.asarray(xty, dtype=float)
    max_active = len(xty) if max_active is None else max_active
    walk = _Walk(xty, gram_column, max_active, max_knots, design)
    with np.errstate(divide="ignore", invalid="ignore"):  # x/0 in event times: the event never comes
        for _ in range(max_knots):
            if walk.c <= c_stop:
                break
            walk.advance(c_stop)
    return walk.knots()


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


class _Walk:
    """The homotopy between knots: c, the gaps to the bound c, the active set, the knots so far.

    The correlations r = X'(y - X w) are held as gaps g = c - [r, -r] (2p,) with their rates of
    closing [1 - a, 1 + a] as c falls (a = d r / d(-c)): an inactive j enters when either half's gap
    closes, at the time gap / rate. Members' gaps are -inf, so their entry times are never positive
    (as are those of refused, dependent columns). The entry times and the members' times to reach 0
    share one buffer, so one masked argmin finds the next event. Preallocated buffers keep a step to
    a few numpy calls (Python's overhead per call, not arithmetic, dominates here).
    """

    def __init__(self, xty, gram_column, max_active, max_knots, design):
        p = self._p = len(xty)
        signed = np.concatenate([xty, -xty])
        entering = int(np.argmax(signed))  # the larger |X'y|, on its sign's side
        self.c = float(signed[entering])
        self._rounding = _END_RTOL * self.c
        self._gaps = self.c - signed
        self._rates = np.empty(2 * p)
        self._along = np.empty(p)
        # Event times: 2p entries, then one per member (at most p) reaching 0.
        self._times = np.empty(3 * p)
        self._usable = np.empty(3 * p, dtype=bool)
        self._active = _ActiveSet(p, gram_column, capacity=max(1, min(max_active, p)), design=design)
        self._entering = entering
        self._knots = [self.c]
        # Rows for about two knots per variable, doubled when full; row 0 is the all-zero start.
        self._coefs = np.zeros((min(max_knots, 2 * max_active) + 1, p))

    def advance(self, c_stop) -> None:
        """Walk to the next knot, or to c_stop when it comes first."""
        p, active = self._p, self._active
        if self._entering >= 0:
            j = self._entering % p
            self._gaps[j] = self._gaps[j + p] = -np.inf  # a dependent column is refused and stays out
            active.add(j, 1.0 if self._entering < p else -1.0)
        direction = active.direction()  # d w_A / d(-c): X_A'X_A d = signs_A
        active.along(direction, out=self._along)
        np.subtract(1.0, self._along, out=self._rates[:p])
        np.add(1.0, self._along, out=self._rates[p:])
        step, entering, leaving = self._next_event(direction)
        ends = step >= self.c - c_stop - self._rounding  # the path stops before the event
        if ends:
            step, entering, leaving = self.c - c_stop, -1, -1
        active.move(step, direction)
        self._gaps -= step * self._rates
        self.c = c_stop if ends else self.c - step
        if leaving >= 0:
            j, sign = active.remove_at(leaving)
            # It leaves at the bound of its sign, r_j = c sign: gap 0 on that side (so it cannot
            # re-enter there at once: a time 0 does not count) and 2c on the other.
            self._gaps[j], self._gaps[j + p] = (0.0, 2.0 * self.c) if sign > 0.0 else (2.0 * self.c, 0.0)
        self._entering = entering
        self._record()

    def knots(self) -> tuple[np.ndarray, np.ndarray]:
        """(knots (m,), knot_coefs (m, p)) so far."""
        return np.array(self._knots), self._coefs[: len(self._knots)]

    def _next_event(self, direction) -> tuple[float, int, int]:
        """The step to the next knot and what happens there: (step, entering entry or -1, leaving member or -1).

        Entry e of the gaps (e < p: j = e enters with sign +1, else j = e - p with sign -1) closes at
        t = gap_e / rate_e; a member leaves when its coefficient reaches 0. Only positive times count;
        an entry wins a tie. The step is inf when nothing ever happens.
        """
        p2, size = 2 * self._p, self._active.size
        times, usable = self._times[: p2 + size], self._usable[: p2 + size]
        np.divide(self._gaps, self._rates, out=times[:p2])
        np.divide(self._active.values, direction, out=times[p2:])
        np.negative(times[p2:], out=times[p2:])
        np.greater(times, 0.0, out=usable)  # NaN and non-positive times never come
        np.copyto(times, np.inf, where=~usable)
        event = int(times.argmin())
        step = float(times[event])
        if step == np.inf:
            return np.inf, -1, -1
        return (step, event, -1) if event < p2 else (step, -1, event - p2)

    def _record(self) -> None:
        """Append the knot at the current c and the active coefficients as a row of zeros elsewhere."""
        m = len(self._knots)
        if m == len(self._coefs):
            self._coefs = np.concatenate([self._coefs, np.zeros_like(self._coefs)])
        self._knots.append(self.c)
        self._coefs[m, self._active.indices] = self._active.values


class _ActiveSet:
    """The support A: indices, signs and coefficients, its columns, a factor of (X_A'X_A)^-1.

    The columns are X'X_A (p, |A|), or X_A (n, |A|) itself when the design X is given.

    The factor F (|A| x |A|) is any square matrix with F F' = (X_A'X_A)^-1; the direction is
    F (F' signs), with F' signs kept up to date. F gains a column and a row when a variable enters
    (bordering: two matrix-vector products) and loses them when one leaves (a Householder reflection
    folds the leaving row into the last column, which is dropped). Neither step updates an explicit
    inverse by a rank-one matrix, which is slow in numpy at this size. Members have no order: a
    leaving one first swaps places with the last. Storage is allocated for ``capacity`` members and
    doubled when full.
    """

    def __init__(self, n_features, gram_column, capacity, design=None):
        self._gram_column = gram_column
        self._design = design
        self.size = 0
        self._columns = np.empty((n_features if design is None else design.shape[0], capacity), order="F")
        self._indices = np.empty(capacity, dtype=np.intp)
        self._signs = np.empty(capacity)
        self._values = np.empty(capacity)
        self._factor = np.empty((capacity, capacity), order="F")
        self._projected_signs = np.empty(capacity)  # F' signs

    @property
    def indices(self) -> np.ndarray:
        return self._indices[: self.size]

    @property
    def values(self) -> np.ndarray:
        """The coefficients of the members, in the order of ``indices``."""
        return self._values[: self.size]

    def columns(self) -> np.ndarray:
        return self._columns[:, : self.size]

    def along(self, direction, out) -> np.ndarray:
        """X'X_A direction (p,), into ``out``."""
        if self._design is None:
            return np.matmul(self.columns(), direction, out=out)
        return np.matmul(self._design.T, self.columns() @ direction, out=out)

    def direction(self) -> np.ndarray:
        """(X_A'X_A)^-1 signs_A, shape (|A|,)."""
        size = self.size
        return self._factor[:size, :size] @ self._projected_signs[:size]

    def move(self, step, direction) -> None:
        """Coefficients += step * direction."""
        self._values[: self.size] += step * direction

    def add(self, j, sign) -> bool:
        """Let j enter with ``sign`` at 0.0; False (and nothing changes) when its column depends on the active ones.

        With G = R'R and F = R^-1, the bordered [[G, b], [b', g]] = [[R, r], [0, rho]]' [[R, r], [0, rho]]
        for r = F'b and rho^2 = g - r'r (the pivot), so its F gains the column [-F r / rho; 1 / rho].
        """
        size = self.size
        if self._design is None:
            column = self._gram_column(j)
            cross, diagonal = column[self._indices[:size]], float(column[j])  # X_A'x_j and x_j'x_j
        else:
            column = self._design[:, j]
            cross, diagonal = self.columns().T @ column, float(column @ column)
        factor = self._factor[:size, :size]
        projected = factor.T @ cross
        # Scalars as Python floats: numpy scalar arithmetic costs several times more here.
        pivot = diagonal - float(projected @ projected)
        if not pivot > _PIVOT_RTOL * diagonal:
            return False
        bordered = factor @ projected
        if size == len(self._indices):
            self._grow()
        rho = math.sqrt(pivot)
        np.divide(bordered, -rho, out=self._factor[:size, size])
        self._factor[size, :size] = 0.0
        self._factor[size, size] = 1.0 / rho
        self._projected_signs[size] = (sign - float(projected @ self._projected_signs[:size])) / rho
        self._columns[:, size] = column
        self._indices[size], self._signs[size], self._values[size] = j, sign, 0.0
        self.size = size + 1
        return True

    def remove_at(self, k) -> tuple[int, float]:
        """Let member k leave; return its index j and sign.

        With f_j' the row of F for j, the others' inverse block is F_(-j) (I - f_j f_j' / f_j'f_j) F_(-j)'
        and I - f_j f_j' / f_j'f_j = H (I - e_last e_last') H for the reflection H with
        H f_j = -+||f_j|| e_last: the new F is F_(-j) H without its last column.
        """
        size, last = self.size, self.size - 1
        j, sign = int(self._indices[k]), float(self._signs[k])
        swap = [k, last]
        for members in (self._indices, self._signs, self._values):
            members[swap] = members[swap[::-1]]
        self._columns[:, swap] = self._columns[:, swap[::-1]]
        self._factor[swap, :size] = self._factor[swap[::-1], :size]
        reflector = self._factor[last, :size].copy()
        reflector[last] += np.copysign(np.sqrt(reflector @ reflector), reflector[last])
        kept = self._factor[:last, :size]
        kept -= np.outer(kept @ reflector, reflector * (2.0 / (reflector @ reflector)))
        self.size = last
        self._projected_signs[:last] = self._factor[:last, :last].T @ self._signs[:last]
        return j, sign

    def _grow(self) -> None:
        size = self.size
        factor = np.empty((2 * size, 2 * size), order="F")
        factor[:size, :size] = self._factor
        self._factor = factor
        self._columns = np.concatenate([self._columns, np.empty_like(self._columns)], axis=1)
        for name in ("_indices", "_signs", "_values", "_projected_signs"):
            members = getattr(self, name)
            setattr(self, name, np.concatenate([members, np.empty_like(members)]))
