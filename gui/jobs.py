"""What the worker threads run: plain functions over core/, no Qt.

Every item a job yields or returns is tagged with the generation it was started with, so the
controller can drop stale results. Errors are turned into ``("error", message)`` items: a job never
raises into the worker machinery (superqt turns a ``RuntimeError`` into a warning). An unexpected
error's traceback goes to the log (``gui.log``), on the worker; the message says so in a few words.
"""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from core.datasets import DataError
from gui.log import could_not_compute, logger

SPLIT_SEED = 0
CV_SEED = 0

_blas_lock = threading.Lock()
_blas_users = 0
_blas_limiter = None
_blas_controller = None
_blas_controller_modules = 0


def _threadpool_controller():
    """threadpoolctl's view of the loaded BLAS/OpenMP libraries, rebuilt only after new imports.

    Building it walks every loaded shared library while holding the GIL (2-15 ms, 120 ms under load: a
    dropped GUI frame per job step); a native library only arrives with an import, so ``sys.modules``
    growing is the cue to look again.
    """
    global _blas_controller, _blas_controller_modules
    if _blas_controller is None or len(sys.modules) != _blas_controller_modules:
        from threadpoolctl import ThreadpoolController

        _blas_controller_modules = len(sys.modules)
        _blas_controller = ThreadpoolController()
    return _blas_controller


@contextmanager
def one_blas_thread():
    """Limit BLAS/OpenMP to one thread while any worker runs (see DESIGN.md, performance notes).

    threadpoolctl's limits are process-wide, so overlapping workers share one limit through a count
    instead of each restoring the others' setting when it leaves.
    """
    global _blas_users, _blas_limiter
    with _blas_lock:
        if _blas_users == 0:
            _blas_limiter = _threadpool_controller().limit(limits=1)
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0:
                _blas_limiter.restore_original_limits()
                _blas_limiter = None


@dataclass(frozen=True)
class RecomputeSettings:
    """Everything a full recompute depends on besides the data."""

    penalties: tuple
    standardize: bool
    validation_fraction: float
    cv_folds: int
    strength_mode: str
    strength: float


def load_dataset(source):
    """The ``Dataset`` a ``DataSource`` describes (raises ``DataError`` for a bad file or setting)."""
    from core.csv_reader import load_csv
    from core.datasets import load_builtin

    if source.csv_path is not None:
        return load_csv(source.csv_path, target=source.target)
    return load_builtin(source.builtin, **dict(source.params))


def _display_order(penalties):
    # Ridge needs only numpy: its results can be drawn while scikit-learn is still importing.
    return sorted(penalties, key=lambda p: not p.is_l2)


def fit_models(problem, paths: dict, mode: str, strength: float) -> dict:
    """Exact fits ``{Penalty: Fit}`` at the shared strength for every model with a path.

    The elastic net starts from its path's nearest grid point; the lasso from its own default, the
    homotopy's point at lam, which is exact but for rounding and so cheaper than any start from the path.
    """
    from gui.strength import lam_for_strength

    fits = {}
    for penalty, path in paths.items():
        lam = lam_for_strength(mode, strength, path)
        start = None if penalty.is_l1 else path.nearest_coef(lam)
        fits[penalty] = problem.fit_at(penalty, lam, warm_start=start)
    return fits


def recompute(generation: int, source, dataset, settings: RecomputeSettings):
    """Load the data if needed, then paths and fits, hold-out curves and CV curves, model by model.

    Yields ``(generation, kind, *payload)`` with kind one of "status", "dataset", "problem", "path",
    "holdout", "cv", "data_error", "error". BLAS is limited during each step, never across a yield: an
    abandoned job is closed whenever it is collected, and then must not run any clean-up of its own.
    """
    try:
        yield from _recompute(generation, source, dataset, settings)
    except GeneratorExit:
        raise  # closed after being abandoned: nothing to report
    except DataError as exc:
        yield generation, "data_error", str(exc)
    except Exception:  # noqa: BLE001 - logged; the status bar says so briefly, the views keep the last results
        logger.exception("recompute %d failed on %s", generation, source)
        yield generation, "error", could_not_compute("the paths and error curves for these settings")


def _step(func, *args, **kwargs):
    """One step of a job, with BLAS on one thread."""
    with one_blas_thread():
        return func(*args, **kwargs)


def _recompute(generation, source, dataset, settings):
    if dataset is None:
        yield generation, "status", "Loading data…"
        dataset = _step(load_dataset, source)
        yield generation, "dataset", dataset, source
    from core.paths import Problem

    problem = _step(Problem.from_data, dataset.X, dataset.y, standardize=settings.standardize)
    # Frozen before the fit worker shares it: this job's paths then add nothing to it either.
    _step(problem.prepare, settings.penalties)
    yield generation, "problem", problem
    paths = {}
    for penalty in _display_order(settings.penalties):
        yield generation, "status", f"Path: {penalty.short_name}"
        paths[penalty] = path = _step(_path, problem, penalty)
        fit = _step(fit_models, problem, {penalty: path}, settings.strength_mode, settings.strength)[penalty]
        yield generation, "path", penalty, path, fit, (settings.strength_mode, settings.strength)
    yield from _validation(generation, dataset, settings, paths)


def _path(problem, penalty):
    # The strength grid: glmnet's, stretched where needed so that every model's budget spans 0.01 to 0.99 (see core.paths).
    return problem.path(penalty, problem.strength_grid(penalty))


def _validation(generation, dataset, settings, paths):
    """Hold-out curves for every model (fast), then the K-fold curves, a fold at a time; each training part and
    fold is prepared once for every model (a third to a half of the recompute on big data)."""
    from core.validation import (cv_folds_limit, holdout_curves, iter_cv_curves, train_validation_split,
                                 validation_fraction_limit)

    # The data panel bounds both by the data's size once it knows it (and says so); a file's first recompute
    # starts before, and takes the same bounds here.
    fraction = validation_fraction_limit(dataset.n_samples).clamp(settings.validation_fraction)
    n_folds = cv_folds_limit(dataset.n_samples).clamp(settings.cv_folds)
    lambdas = {penalty: path.lambdas for penalty, path in paths.items()}
    train, val = _step(train_validation_split, dataset, fraction, SPLIT_SEED)
    yield generation, "status", "Hold-out curves"
    curves = _step(holdout_curves, train.X, train.y, val.X, val.y, lambdas, standardize=settings.standardize)
    for penalty, curve in curves.items():
        yield generation, "holdout", penalty, curve
    folds = iter_cv_curves(dataset.X, dataset.y, lambdas, n_folds=n_folds, seed=CV_SEED,
                           standardize=settings.standardize)
    for fold in range(n_folds + 1):
        yield generation, "status", f"Cross-validation: fold {min(fold + 1, n_folds)}/{n_folds}"
        try:
            _step(next, folds)
        except StopIteration as done:
            for penalty, curve in done.value.items():
                yield generation, "cv", penalty, curve
            break


def fit_job(generation: int, fit_generation: int, problem, paths: dict, mode: str, strength: float):
    """Fits at one strength for the strength control: returns ``(generation, fit_generation, fits, error)``."""
    try:
        return generation, fit_generation, _step(fit_models, problem, paths, mode, strength), None
    except Exception:  # noqa: BLE001 - logged; the status bar says so briefly
        logger.exception("fits at %s = %r failed", mode, strength)
        return generation, fit_generation, {}, could_not_compute("the fits at this strength")
