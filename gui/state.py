"""The one state object: what the user chose and what the compute controller found.

Controls write to it, the controller fills in results, views read from it. Every setter emits its
signal only when the value really changes, so a control echoing a value back causes no work.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, Signal

from core.penalties import L1, L2, Penalty, elastic_net

BUDGET = "budget"
LAMBDA = "lambda"


@dataclass(frozen=True)
class DataSource:
    """Where the dataset comes from: a built-in generator with its parameters, or a CSV file."""

    builtin: str | None = "diabetes"
    params: tuple[tuple[str, float], ...] = ()
    csv_path: str | None = None
    target: str | None = None

    @property
    def label(self) -> str:
        if self.csv_path is not None:
            return self.csv_path.replace("\\", "/").rsplit("/", 1)[-1]
        return self.builtin


def default_settings() -> dict:
    """A new window's user settings, ``{name: value}`` for every name in ``SETTINGS``."""
    return {"source": DataSource(), "standardize": True, "validation_fraction": 0.25, "cv_folds": 5,
            "enet_enabled": False, "enet_alpha": 0.5, "strength_mode": BUDGET, "strength": 0.5, "x_axis": BUDGET,
            # The constraint view: its two features (None: the view's default pair) and its lab's problem.
            "constraint_features": None, "lab_mode": False, "lab_rho": 0.5, "lab_ols": (2.0, 0.5)}


# What the user sets, in the order ``apply_settings`` sets it (the strength mode before the strength it reads).
SETTINGS = tuple(default_settings())


@dataclass(frozen=True)
class ModelResult:
    """What is known about one model: its path, its fit at the current strength, its error curves."""

    penalty: Penalty
    path: object = None
    fit: object = None
    holdout: object = None
    cv: object = None


@dataclass
class _Results:
    generation: int = 0
    fit_generation: int = 0
    revision: int = 0  # counts every change of the results
    dataset: object = None
    problem: object = None  # core.paths.Problem of the shown results (its standardizer, Gram matrix)
    models: dict = field(default_factory=dict)
    fresh: set = field(default_factory=set)  # (penalty, part name) delivered since the recompute began


class AppState(QObject):
    """Settings (data source, preprocessing, models, strength, axes) and the latest results."""

    source_changed = Signal()
    dataset_changed = Signal()
    settings_changed = Signal()  # anything that invalidates paths and curves
    models_changed = Signal()
    strength_changed = Signal()
    strength_mode_changed = Signal()
    x_axis_changed = Signal()
    presentation_changed = Signal()
    constraint_changed = Signal()  # the constraint view's features, lab mode, lab correlation or lab point
    # A change of user settings (names from SETTINGS): {name: old value}, {name: new value}; after their own signals.
    setting_changed = Signal(object, object)
    source_refused = Signal(object)  # the source that could not be loaded; ``source`` went back (refuse_source)
    paths_changed = Signal()
    fits_changed = Signal()
    validation_changed = Signal()
    computing_changed = Signal()  # a full recompute started or ended (``computing``)
    highlight_changed = Signal()  # the feature picked in the paths' legend, emphasised in every view

    def __init__(self, parent=None):
        super().__init__(parent)
        for name, value in default_settings().items():
            setattr(self, name, value)
        self.dataset = None
        self.loaded_source = None
        self.presentation = False
        self.computing = False  # a full recompute is under way: what the views show may be the old results
        self.highlighted_feature = None  # index of the feature emphasised in every view, or None
        self._batch = None  # ({name: old}, {name: new}) while apply_settings collects its changes
        self._results = _Results()

    # -- settings -------------------------------------------------------------------------------
    def _set(self, name: str, value, *signals) -> bool:
        old = getattr(self, name)
        if old == value:
            return False
        setattr(self, name, value)
        for signal in signals:
            signal.emit()
        if name in SETTINGS:
            self._changed({name: old}, {name: value})
        return True

    def _changed(self, old: dict, new: dict) -> None:
        if self._batch is None:
            self.setting_changed.emit(old, new)
            return
        for name in new:
            self._batch[0].setdefault(name, old[name])
            self._batch[1][name] = new[name]

    def settings(self) -> dict:
        """The user settings now, ``{name: value}`` for every name in ``SETTINGS``."""
        return {name: getattr(self, name) for name in SETTINGS}

    def apply_settings(self, values: dict) -> None:
        """Set ``values`` (``{name: value}``, names from ``SETTINGS``) through their setters, each emitting its
        own signals; one ``setting_changed`` says what changed."""
        self._batch = ({}, {})
        try:
            for name in SETTINGS:
                if name not in values:
                    continue
                if name == "strength_mode":
                    self.set_strength_mode(values[name], values.get("strength", self.strength))
                else:
                    getattr(self, f"set_{name}")(values[name])
        finally:
            old, new = self._batch
            self._batch = None
        changed = [name for name in new if old[name] != new[name]]
        if changed:
            self.setting_changed.emit({n: old[n] for n in changed}, {n: new[n] for n in changed})

    def reset_settings(self) -> None:
        """Every user setting back to a new window's (the data back to diabetes); presentation mode stays."""
        self.apply_settings(default_settings())

    def set_source(self, source: DataSource) -> None:
        self._set("source", source, self.source_changed)

    def set_builtin(self, name: str, params: dict) -> None:
        self.set_source(DataSource(builtin=name, params=tuple(sorted(params.items()))))

    def set_csv(self, path: str, target: str | None = None) -> None:
        self.set_source(DataSource(builtin=None, csv_path=path, target=target))

    def refuse_source(self) -> None:
        """The controller could not load ``source``: go back to the dataset still loaded, or to the default
        one when none is (the start-up's file was bad). Not a change the user made: ``source_refused``, not
        ``setting_changed``."""
        refused, fallback = self.source, self.loaded_source or DataSource()
        if fallback != refused:
            self.source = fallback
            self.source_changed.emit()
        self.source_refused.emit(refused)

    def set_dataset(self, dataset, source: DataSource) -> None:
        """The controller's loaded dataset for ``source`` (always emits: it is a new object)."""
        self.dataset, self.loaded_source = dataset, source
        self.constraint_features = None  # the old pair may not exist in the new data
        self.dataset_changed.emit()
        self.set_highlighted_feature(None)  # nor the highlighted feature

    def set_highlighted_feature(self, index) -> None:
        """Emphasise feature ``index`` in every view (None: none). Not a setting: undo and sessions skip it."""
        self._set("highlighted_feature", None if index is None else int(index), self.highlight_changed)

    def set_standardize(self, on: bool) -> None:
        self._set("standardize", bool(on), self.settings_changed)

    def set_validation_fraction(self, fraction: float) -> None:
        self._set("validation_fraction", float(fraction), self.settings_changed)

    def set_cv_folds(self, folds: int) -> None:
        self._set("cv_folds", int(folds), self.settings_changed)

    def set_enet_enabled(self, on: bool) -> None:
        self._set("enet_enabled", bool(on), self.models_changed, self.settings_changed)

    def set_enet_alpha(self, alpha: float) -> None:
        changed = self._set("enet_alpha", float(alpha))
        if changed and self.enet_enabled:
            self.models_changed.emit()
            self.settings_changed.emit()

    @property
    def penalties(self) -> tuple[Penalty, ...]:
        """The models compared, in display order."""
        return (L1, L2, elastic_net(self.enet_alpha)) if self.enet_enabled else (L1, L2)

    def _clamped(self, value: float) -> float:
        """``value`` held to the strength's range: [0, 1] for a budget; for log10 lambda, once paths are known,
        the span of their grids (the slider's and the strength box's range), so that no readout says a lambda
        the controls cannot show."""
        if self.strength_mode == BUDGET:
            low, high = 0.0, 1.0
        else:
            from gui.strength import lambda_range  # gui.strength reads this module's names

            paths = [result.path for result in self.results() if result.path is not None]
            if not paths:
                return float(value)
            low, high = lambda_range(paths)
        return min(max(float(value), low), high)

    def set_strength(self, value: float) -> None:
        self._set("strength", self._clamped(value), self.strength_changed)

    def set_strength_mode(self, mode: str, strength: float) -> None:
        """Switch between budget and lambda; ``strength`` is the same position in the new mode."""
        if mode not in (BUDGET, LAMBDA):
            raise ValueError(f"unknown strength mode {mode!r}")
        if mode == self.strength_mode:
            return
        # Both change before either signal, so no one sees a budget read as a lambda.
        old = {"strength_mode": self.strength_mode, "strength": self.strength}
        self.strength_mode = mode
        self.strength = self._clamped(strength)
        self.strength_mode_changed.emit()
        self.strength_changed.emit()
        self._changed(old, {"strength_mode": mode, "strength": self.strength})

    def set_x_axis(self, axis: str) -> None:
        if axis not in (BUDGET, LAMBDA):
            raise ValueError(f"unknown axis {axis!r}")
        self._set("x_axis", axis, self.x_axis_changed)

    def set_presentation(self, on: bool) -> None:
        self._set("presentation", bool(on), self.presentation_changed)

    def set_constraint_features(self, features) -> None:
        """The constraint view's two feature indices (i, j), i != j; None for its default pair."""
        if features is not None:
            features = (int(features[0]), int(features[1]))
            if features[0] == features[1]:
                raise ValueError(f"the constraint view needs two different features, got {features}")
        self._set("constraint_features", features, self.constraint_changed)

    def set_lab_mode(self, on: bool) -> None:
        self._set("lab_mode", bool(on), self.constraint_changed)

    def set_lab_rho(self, rho: float) -> None:
        """The lab's correlation of its two unit-variance features, |rho| < 1."""
        rho = float(rho)
        if not -1.0 < rho < 1.0:
            raise ValueError(f"the lab's correlation must lie strictly between -1 and 1, got {rho!r}")
        self._set("lab_rho", rho, self.constraint_changed)

    def set_lab_ols(self, point) -> None:
        """The lab's least-squares point (w1, w2)."""
        self._set("lab_ols", (float(point[0]), float(point[1])), self.constraint_changed)

    # -- results (written by the controller only) -----------------------------------------------
    def set_computing(self, on: bool) -> None:
        """A full recompute starts (True) or ends (False). Each start is signalled, one superseding another
        too: it forgets which results are fresh, and a view that showed the older one's is stale again."""
        if on:
            self._results.fresh = set()
        elif not self.computing:
            return
        self.computing = bool(on)
        self.computing_changed.emit()

    def is_fresh(self, penalty: Penalty, part: str) -> bool:
        """Whether ``part`` ("path", "fit", "holdout" or "cv") of ``penalty`` belongs to the results of the
        current settings: delivered since the running recompute began, or no recompute is running."""
        return not self.computing or (penalty, part) in self._results.fresh

    @property
    def generation(self) -> int:
        """Number of the full recompute whose results are shown."""
        return self._results.generation

    @property
    def fit_generation(self) -> int:
        return self._results.fit_generation

    @property
    def token(self) -> tuple[int, int, int]:
        """Identifies the results shown: (recompute generation, fit generation, revision)."""
        results = self._results
        return results.generation, results.fit_generation, results.revision

    def results(self) -> list[ModelResult]:
        """One ``ModelResult`` per model compared, in display order (empty ones until results arrive)."""
        models = self._results.models
        return [models.get(p, ModelResult(p)) for p in self.penalties]

    def result(self, penalty: Penalty) -> ModelResult:
        return self._results.models.get(penalty, ModelResult(penalty))

    @property
    def results_dataset(self):
        """The dataset the shown results were computed on (None before the first results)."""
        return self._results.dataset

    @property
    def results_problem(self):
        """The ``core.paths.Problem`` the shown results were computed on (None when not known)."""
        return self._results.problem

    def begin_results(self, generation: int, dataset, problem=None) -> None:
        """Results of ``generation`` on ``dataset`` (prepared as ``problem``) start arriving.

        The old results stay shown until replaced (no flicker), unless they belong to another dataset.
        """
        if dataset is not self._results.dataset:
            self._results.models = {}
        self._results.generation = generation
        self._results.dataset = dataset
        self._results.problem = problem
        self._results.revision += 1

    def _update(self, penalty: Penalty, **changes) -> None:
        self._results.revision += 1
        self._results.fresh.update((penalty, part) for part in changes)
        models = self._results.models
        models[penalty] = replace(models.get(penalty, ModelResult(penalty)), **changes)

    def set_path(self, penalty: Penalty, path) -> None:
        self._update(penalty, path=path)
        self.paths_changed.emit()

    def set_fits(self, fits: dict, fit_generation: int) -> None:
        """Fits at the current strength, one per model (``{Penalty: Fit}``)."""
        for penalty, fit in fits.items():
            self._update(penalty, fit=fit)
        self._results.fit_generation = fit_generation
        self.fits_changed.emit()

    def set_holdout(self, penalty: Penalty, curve) -> None:
        self._update(penalty, holdout=curve)
        self.validation_changed.emit()

    def set_cv(self, penalty: Penalty, curve) -> None:
        self._update(penalty, cv=curve)
        self.validation_changed.emit()

    def drop_models_not_compared(self) -> None:
        """Forget results of models no longer compared (the elastic net switched off or its alpha moved)."""
        keep = set(self.penalties)
        self._results.models = {p: r for p, r in self._results.models.items() if p in keep}
