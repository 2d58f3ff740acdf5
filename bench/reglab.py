"""RegLab's full recompute: the GUI's own worker job (gui/jobs.py), drained on this thread.

That is exactly the sequence of core calls the window makes when the data or a penalty setting changes
(paths, the fits at the current strength, hold-out and K-fold curves for every model), with the window's
default settings and its one-BLAS-thread limit.
"""

from __future__ import annotations


def default_settings():
    """The window's settings at start-up (L1 and L2, standardized, 25 % validation, 5 folds)."""
    from gui import jobs
    from gui.state import AppState

    state = AppState()
    return jobs.RecomputeSettings(penalties=state.penalties, standardize=state.standardize,
                                  validation_fraction=state.validation_fraction, cv_folds=state.cv_folds,
                                  strength_mode=state.strength_mode, strength=state.strength)


def reglab_recompute(dataset, settings) -> dict:
    """Run the GUI's recompute job on ``dataset`` to the end; return its paths ``{Penalty: Path}``.

    Raises RuntimeError with the job's message if the job reports an error.
    """
    from gui import jobs

    paths, n_cv = {}, 0
    for _generation, kind, *payload in jobs.recompute(1, None, dataset, settings):
        if kind in ("error", "data_error"):
            raise RuntimeError(f"RegLab's recompute failed: {payload[0]}")
        if kind == "path":
            paths[payload[0]] = payload[1]
        n_cv += kind == "cv"
    if n_cv != len(settings.penalties):
        raise RuntimeError(f"RegLab's recompute delivered {n_cv} CV curves for {len(settings.penalties)} models")
    return paths
