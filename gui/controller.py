"""The compute controller: runs core/ on worker threads, throttled, and never lets a stale result through.

Data, preprocessing or model changes start a full recompute (a generator job that yields between
stages and CV folds, so a superseded job stops at its next step). A strength move starts only a small
fit job. Every job carries its generation; the previous job is asked to quit and disconnected, and
any item whose generation is not the current one is dropped.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from gui import jobs
from gui.log import could_not_compute, logger
from gui.throttle import Throttler

RECOMPUTE_THROTTLE_MS = 60
# One frame: strength moves are cheap, so they are only coalesced, never held back long.
FIT_THROTTLE_MS = 16


def _throttler(interval_ms: int, slot, parent) -> Throttler:
    throttler = Throttler(interval_ms, parent)
    throttler.triggered.connect(slot)
    return throttler


def _worker(func, *args, generator: bool):
    """An unstarted superqt worker; superqt is imported here, off the path to the first window."""
    from superqt.utils import FunctionWorker, GeneratorWorker, create_worker

    return create_worker(func, *args, _start_thread=False,
                         _worker_class=GeneratorWorker if generator else FunctionWorker)


class ComputeController(QObject):
    """Keeps ``AppState`` results up to date with its settings."""

    status_message = Signal(str)
    busy_changed = Signal(bool)
    recompute_finished = Signal(float)  # seconds the full recompute took
    error = Signal(str)  # a computation failed: the views keep their last results
    data_error = Signal(str)  # the data could not be loaded: the user must be told

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self._state = state
        self._generation = 0
        self._fit_generation = 0
        self._shown_fit_generation = 0
        self._job = None
        self._fit_worker = None
        self._fit_pending = False
        self._problem = None
        self._started_at = 0.0
        self._closing = False
        self._workers = set()
        self._view_jobs = {}  # key -> worker of a view's generator job (start_job)
        self._recompute_throttle = _throttler(RECOMPUTE_THROTTLE_MS, self._start_recompute, self)
        self._fit_throttle = _throttler(FIT_THROTTLE_MS, self._start_fits, self)
        state.source_changed.connect(self.request_recompute)
        state.settings_changed.connect(self.request_recompute)
        state.strength_changed.connect(self._fit_throttle.throttle)

    # -- public ---------------------------------------------------------------------------------
    @property
    def generation(self) -> int:
        return self._generation

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def idle(self) -> bool:
        """No job running and no request waiting: the state holds the results of the current settings."""
        return (self._job is None and self._fit_worker is None and not self._fit_pending
                and not self._recompute_throttle.has_pending() and not self._fit_throttle.has_pending())

    def alive_workers(self) -> int:
        """Workers started by this controller that have not finished yet."""
        return len(self._workers)

    @Slot()
    def request_recompute(self) -> None:
        if not self._closing:
            self._recompute_throttle.throttle()

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop throttles, ask every worker to quit and wait for them; True when all stopped in time.

        A worker stops at its next step (a path, a fold); one inside a long single step (a ridge path on
        100000 rows, the first scikit-learn import) may need longer, and its result is dropped when it ends.
        """
        self._closing = True
        for throttler in (self._recompute_throttle, self._fit_throttle):
            throttler.stop()
        self._abandon(self._job)
        self._abandon(self._fit_worker)
        self._job = self._fit_worker = None
        for key in list(self._view_jobs):
            self.stop_job(key)
        return QThreadPool.globalInstance().waitForDone(timeout_ms)

    def start_job(self, key: str, func, *args, on_item) -> None:
        """Run a view's generator job ``func(*args)`` on a worker, replacing its previous job ``key``.

        The previous job is asked to quit and disconnected first; ``on_item`` receives every item the new
        one yields (tag items with a generation to drop any already queued). ``shutdown`` stops it too.
        """
        if self._closing:
            return
        self.stop_job(key)
        worker = _worker(func, *args, generator=True)
        worker.yielded.connect(on_item)
        worker.errored.connect(self._on_worker_error)
        self._view_jobs[key] = worker
        self._launch(worker)

    def stop_job(self, key: str) -> None:
        """Ask the job ``key`` of :meth:`start_job` to quit; nothing more of it is delivered."""
        self._abandon(self._view_jobs.pop(key, None))

    # -- full recompute ------------------------------------------------------------------------------
    def _settings(self) -> jobs.RecomputeSettings:
        s = self._state
        return jobs.RecomputeSettings(penalties=s.penalties, standardize=s.standardize,
                                      validation_fraction=s.validation_fraction, cv_folds=s.cv_folds,
                                      strength_mode=s.strength_mode, strength=s.strength)

    @Slot()
    def _start_recompute(self) -> None:
        if self._closing:
            return
        self._abandon(self._job)
        self._generation += 1
        state = self._state
        state.drop_models_not_compared()
        dataset = state.dataset if state.source == state.loaded_source else None
        worker = _worker(jobs.recompute, self._generation, state.source, dataset, self._settings(), generator=True)
        worker.yielded.connect(self._on_item)
        worker.errored.connect(self._on_worker_error)
        self._job = worker
        self._problem = None
        self._started_at = time.perf_counter()
        state.set_computing(True)
        self.busy_changed.emit(True)
        self._launch(worker)

    def _abandon(self, worker) -> None:
        # Disconnected first: whatever the old job still yields is never delivered.
        if worker is None:
            return
        results = worker.returned if worker is self._fit_worker else worker.yielded
        for signal in (results, worker.errored):
            signal.disconnect()
        worker.quit()

    def _launch(self, worker) -> None:
        self._workers.add(worker)
        worker.signals._finished.connect(self._on_worker_finished)
        worker.start()

    @Slot(object)
    def _on_worker_finished(self, worker) -> None:
        self._workers.discard(worker)
        for key in [key for key, job in self._view_jobs.items() if job is worker]:
            del self._view_jobs[key]
        if worker is self._job:
            self._job = None
            self._state.set_computing(False)
            self.busy_changed.emit(False)
        elif worker is self._fit_worker:
            self._fit_worker = None
            if self._fit_pending:
                self._start_fits()

    @Slot(object)
    def _on_item(self, item) -> None:
        generation, kind, *payload = item
        if generation != self._generation or self._closing:
            return  # stale: a newer recompute has started
        getattr(self, f"_on_{kind}")(*payload)

    def _on_status(self, message: str) -> None:
        self.status_message.emit(message)

    def _on_dataset(self, dataset, source) -> None:
        self._state.set_dataset(dataset, source)

    def _on_problem(self, problem) -> None:
        self._problem = problem
        self._state.begin_results(self._generation, self._state.dataset, problem)

    def _on_path(self, penalty, path, fit, strength) -> None:
        state = self._state
        state.set_path(penalty, path)
        if strength == (state.strength_mode, state.strength):
            state.set_fits({penalty: fit}, state.fit_generation)
        else:
            self._fit_throttle.throttle()

    def _on_holdout(self, penalty, curve) -> None:
        self._state.set_holdout(penalty, curve)

    def _on_cv(self, penalty, curve) -> None:
        self._state.set_cv(penalty, curve)
        if all(r.cv is not None for r in self._state.results()):
            elapsed = time.perf_counter() - self._started_at
            self.status_message.emit(f"Ready: full recompute took {elapsed * 1000:.0f} ms")
            self.recompute_finished.emit(elapsed)

    def _on_error(self, message: str) -> None:
        self._keep_shown_problem()
        self.error.emit(message)

    def _on_data_error(self, message: str) -> None:
        # Put back the source of the dataset still loaded (the default one at start-up): nothing the user had
        # is lost, and the window is never left empty.
        self._keep_shown_problem()
        self._state.refuse_source()
        self.data_error.emit(message)

    def _keep_shown_problem(self) -> None:
        """After a recompute failed, strength moves fit the results still shown (their problem), and one made
        while it ran is fitted now: the views keep working on the last good results."""
        self._problem = self._state.results_problem
        self._fit_throttle.throttle()

    @Slot(object)
    def _on_worker_error(self, exc) -> None:
        logger.error("a worker failed", exc_info=(type(exc), exc, exc.__traceback__))
        if self._problem is None:  # a recompute's: strength moves fit the results still shown
            self._problem = self._state.results_problem
        self.error.emit(could_not_compute("the results for these settings"))

    # -- strength moves --------------------------------------------------------------------------------
    @Slot()
    def _start_fits(self) -> None:
        if self._problem is None:
            # A recompute is under way: it fits at its own strength and asks again if the strength moved since.
            self._fit_pending = False
        if self._closing or self._problem is None:
            return
        if self._fit_worker is not None:
            self._fit_pending = True  # latest wins: started when the running one finishes
            return
        self._fit_pending = False
        state = self._state
        paths = {r.penalty: r.path for r in state.results() if r.path is not None}
        if not paths:
            return
        self._fit_generation += 1
        worker = _worker(jobs.fit_job, self._generation, self._fit_generation, self._problem, paths,
                         state.strength_mode, state.strength, generator=False)
        worker.returned.connect(self._on_fits)
        worker.errored.connect(self._on_worker_error)
        self._fit_worker = worker
        self._launch(worker)

    @Slot(object)
    def _on_fits(self, result) -> None:
        generation, fit_generation, fits, error = result
        if generation != self._generation or fit_generation <= self._shown_fit_generation or self._closing:
            return
        if error is not None:
            self.error.emit(error)
            return
        self._shown_fit_generation = fit_generation
        self._state.set_fits(fits, fit_generation)
