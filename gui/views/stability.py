"""Stability under resampling: L1 and L2 refitted on bootstrap resamples at the current strength.

Per feature, side by side, the spread of each model's bootstrap coefficients (dots, a 25-75 % box and a
5-95 % whisker) and, below, how often each coefficient is selected (not exactly 0). On data with
correlated groups the members of a group stand together on a shaded band: L1 picks a different member
from resample to resample while L2 spreads the weight steadily. The bootstrap runs on a worker through
the controller (``start_job``), restarts when the data or the strength change, and draws as it goes.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontMetricsF

from gui import style
from gui.throttle import Throttler
from gui.views.base import View, pen, plain, style_axes
from gui.views.feature_axis import FeatureAxis

N_BOOT = 200
SEED = 0
JOB_KEY = "stability"
# Restarts while the strength control is dragged, and redraws while resamples arrive, at most this often.
RESTART_THROTTLE_MS = 150
DRAW_THROTTLE_MS = 100
OFFSET = 0.2  # L1 left of the feature's position, L2 right of it
BOX_WIDTH = 0.32
MAX_STRIP_POINTS = 40_000  # more dots than this (features x resamples x models) and only boxes are drawn
GROUP_BAND = (0, 0, 0, 18)
# The view at least this many times wider than high, and this wide (normal, presentation fonts): the two panels
# side by side, each wide enough for its names.
SIDE_BY_SIDE_ASPECT = 1.5
SIDE_BY_SIDE_MIN_WIDTH = {False: 700, True: 900}


def bootstrap_job(generation: int, X, y, models, standardize: bool, n_boot: int = N_BOOT, seed: int = SEED):
    """Worker job: yields ``(generation, BootstrapProgress)`` after every resample (so it stops between
    resamples when asked), or ``(generation, message)`` when the refits fail.

    BLAS is limited during each resample, never across a yield (as in ``gui.jobs``): an abandoned job is
    closed whenever it is collected.
    """
    from core.stability import iter_bootstrap_models
    from gui.jobs import one_blas_thread

    resamples = iter_bootstrap_models(X, y, models, n_boot=n_boot, seed=seed, standardize=standardize)
    try:
        while True:
            with one_blas_thread():
                progress = next(resamples, None)
            if progress is None:
                return
            yield generation, progress
    except GeneratorExit:
        raise  # closed after being abandoned: nothing to report
    except Exception:  # noqa: BLE001 - logged; the view's readout says so briefly, the last picture stays
        from gui.log import could_not_compute, logger

        logger.exception("bootstrap %d failed", generation)
        yield generation, could_not_compute("the bootstrap resamples")


def bootstrap_lam(lam: float, path) -> float:
    """The lambda the resamples are refitted at for a fit at ``lam``: at s = 1 (lam 0) the grid's smallest.

    Unpenalized, every resample of p > n data is an interpolation problem that coordinate descent takes
    minutes to solve; the grid's weakest point is as close to no penalty as the paths show anyway.
    """
    return float(path.lambdas.min()) if lam <= 0.0 else float(lam)


def feature_order(n_features: int, groups) -> np.ndarray:
    """Features in drawing order: members of a group next to each other (stable), else as given."""
    if groups is None:
        return np.arange(n_features)
    return np.argsort(np.asarray(groups), kind="stable")


def _same_job(a, b) -> bool:
    """Whether two job keys (dataset, standardize, models) or None describe the same bootstrap (the dataset by identity)."""
    if a is None or b is None:
        return a is b
    return a[0] is b[0] and a[1:] == b[1:]


def readout_lines(summaries: dict) -> list[str]:
    """The readout under the view, from the data: how often L1's support changes, how L2's spread compares.

    ``summaries`` maps "L1" and "L2" to a ``BootstrapSummary`` (of two resamples or more).
    """
    l1, l2 = summaries["L1"], summaries["L2"]
    lines = [f"L1 support changes in {l1.support_change_share:.0%} of resamples"]
    if np.all(l2.selection_frequency == 1.0):
        lines.append("L2 keeps every feature in every resample")
    else:
        lines.append(f"L2 support changes in {l2.support_change_share:.0%} of resamples")
    if l1.mean_std > 0.0 and l2.mean_std > 0.0:
        ratio = l1.mean_std / l2.mean_std
        lines.append(f"L2 coefficient spread is {ratio:.1f} times smaller" if ratio >= 1.0
                     else f"L2 coefficient spread is {1.0 / ratio:.1f} times larger")
    lines.append(f"stability index: L1 {l1.stability_index:.2f}, L2 {l2.stability_index:.2f}")
    return lines


class _ModelItems:
    """The items of one model, created once: dots, boxes, whiskers, medians, frequency bars."""

    def __init__(self, coef_plot: pg.PlotItem, freq_plot: pg.PlotItem, color):
        fill = pg.mkColor(color)
        fill.setAlpha(50)
        dots = pg.mkColor(color)
        dots.setAlpha(70)
        self.color = color
        self.strip = pg.ScatterPlotItem(size=4, pen=None, brush=pg.mkBrush(dots))
        self.boxes = pg.BarGraphItem(x=[], height=[], width=BOX_WIDTH, brush=pg.mkBrush(fill))
        self.whiskers = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), beam=0.0)
        self.medians = pg.ScatterPlotItem(symbol="_", pen=None, brush=pg.mkBrush(color))
        self.frequency = pg.BarGraphItem(x=[], height=[], width=BOX_WIDTH, brush=color)
        for item in (self.whiskers, self.boxes, self.strip, self.medians):
            coef_plot.addItem(item)
        freq_plot.addItem(self.frequency)
        self.medians.setZValue(6)

    def data_items(self) -> tuple:
        return self.strip, self.boxes, self.whiskers, self.medians, self.frequency

    def clear(self) -> None:
        self.strip.setData([], [])
        self.boxes.setOpts(x=[], height=[], y0=[])
        self.whiskers.setData(x=np.zeros(0), y=np.zeros(0), top=np.zeros(0), bottom=np.zeros(0))
        self.medians.setData([], [])
        self.frequency.setOpts(x=[], height=[])

    def draw(self, x, coefs, frequency, scale, highlighted=None) -> None:
        """Draw coefs (B, p) of the features at positions x (p,), and the selection frequency (p,); the
        feature in column ``highlighted`` (or None) outlined thick."""
        q05, q25, q50, q75, q95 = np.percentile(coefs, [5, 25, 50, 75, 95], axis=0)
        line = pen(self.color, max(1.0, scale.line_px - 0.5))
        outline = pg.mkPen(self.color.darker(130))
        box_pens = frequency_pens = None
        if highlighted is not None:
            box_pens = [style.highlight_pen() if k == highlighted else line for k in range(x.size)]
            frequency_pens = [style.highlight_pen() if k == highlighted else outline for k in range(x.size)]
        self.boxes.setOpts(x=x, y0=q25, height=q75 - q25, width=BOX_WIDTH, pen=line, pens=box_pens)
        self.whiskers.setData(x=x, y=q50, top=q95 - q50, bottom=q50 - q05, pen=line)
        self.medians.setData(x, q50, size=scale.marker_px + 8, pen=pg.mkPen(self.color, width=3))
        if coefs.size * 2 <= MAX_STRIP_POINTS:
            # A fixed jitter per resample: a dot keeps its place while more resamples arrive.
            jitter = (np.random.default_rng(0).random(coefs.shape[0]) - 0.5) * BOX_WIDTH * 0.8
            self.strip.setData((x[None, :] + jitter[:, None]).ravel(), coefs.ravel())
        else:
            self.strip.setData([], [])
        self.frequency.setOpts(x=x, height=frequency, width=BOX_WIDTH, pen=outline, pens=frequency_pens)


class StabilityView(View):
    """Bootstrap spread and selection frequency of L1 and L2, per feature, groups side by side."""

    title = "Stability (bootstrap)"
    fresh_parts = ("fit",)

    def __init__(self, state, controller, parent=None):
        super().__init__(state, parent)
        self.controller = controller
        # Every feature named under both panels (FeatureAxis): which member of a group L1 keeps must be readable.
        self.coef_plot = plain(self.canvas.addPlot(row=0, col=0, axisItems={"bottom": FeatureAxis()}))
        self.freq_plot = plain(self.canvas.addPlot(row=1, col=0, axisItems={"bottom": FeatureAxis()}))
        for plot in (self.coef_plot, self.freq_plot):
            plot.showGrid(y=True, alpha=0.15)
        self.freq_plot.setXLink(self.coef_plot)
        self.freq_plot.setYRange(0.0, 1.05, padding=0)
        self.coef_plot.addItem(pg.InfiniteLine(pos=0.0, angle=0, pen=pen("#555555", 1.0)))
        self.canvas.ci.layout.setRowStretchFactor(0, 3)
        self.canvas.ci.layout.setRowStretchFactor(1, 2)
        self._models = {key: _ModelItems(self.coef_plot, self.freq_plot, QColor(style.MODEL_COLORS[key]))
                        for key in ("L1", "L2")}
        self._bands: list[tuple[pg.PlotItem, pg.LinearRegionItem]] = []
        self.readout = pg.LabelItem(justify="left")
        self.canvas.addItem(self.readout, row=2, col=0)
        self._side_by_side = False
        self._generation = 0
        self._job_key = None  # what the running or finished bootstrap was started for
        self._progress = None  # the latest BootstrapProgress of the current job
        self._complete_drawn = False  # the drawing shows the finished bootstrap of the current job
        self._error = None
        self._drawn_layout = None
        self._tick_names: list[str] = []
        self._restart = Throttler(RESTART_THROTTLE_MS, self)
        self._restart.triggered.connect(self._start)
        self._draw_throttle = Throttler(DRAW_THROTTLE_MS, self)
        self._draw_throttle.triggered.connect(self.refresh)
        for signal in (state.fits_changed, state.models_changed, state.dataset_changed):
            signal.connect(self._on_state_changed)
        state.highlight_changed.connect(self.refresh)
        self._apply_scale()

    # -- what to compute ---------------------------------------------------------------------------------
    def wanted(self):
        """(dataset, standardize, ((L1, lam), (L2, lam))) the view should show, or None without both fits."""
        results = {style.model_key(r.penalty): r for r in self.state.results()
                   if r.fit is not None and r.path is not None}
        dataset = self.state.results_dataset
        if dataset is None or not {"L1", "L2"} <= results.keys():
            return None
        models = tuple((results[key].penalty, bootstrap_lam(results[key].fit.lam, results[key].path))
                       for key in ("L1", "L2"))
        return dataset, self.state.standardize, models

    def has_data(self) -> bool:
        """The bootstrap for the current data and strength is complete and drawn.

        A view on a tab behind another shows nothing to wait for: it computes once its tab is chosen.
        """
        if self.isHidden():
            return True
        finished = self._complete_drawn or self._error is not None  # nothing more will come
        return finished and self._job_key is not None and _same_job(self._job_key, self.wanted())

    def dimmable_items(self) -> list:
        return [item for items in self._models.values() for item in items.data_items()]

    def shows_current_results(self) -> bool:
        """The new fits have arrived, and the resamples drawn are those of the bootstrap at them."""
        return (super().shows_current_results() and self._progress is not None
                and _same_job(self._job_key, self.wanted()))

    @property
    def progress(self):
        """The latest ``BootstrapProgress`` shown (None before the first resample)."""
        return self._progress

    @property
    def bootstrap_models(self):
        """((L1, lam), (L2, lam)): the strengths the running or drawn bootstrap is at (None before one starts)."""
        return None if self._job_key is None else self._job_key[2]

    def _on_state_changed(self) -> None:
        # The picture changes only when resamples arrive; until then it stays, now standing for this state.
        self._mark_drawn()
        if not self.isHidden():
            self._restart.throttle()

    def _start(self) -> None:
        wanted = self.wanted()
        if _same_job(wanted, self._job_key) or self.isHidden():
            return  # computed already, or nobody looks: showEvent starts it
        self._job_key = wanted
        self._generation += 1
        self._progress = self._error = None
        self._complete_drawn = False
        if wanted is None:
            self.controller.stop_job(JOB_KEY)
            self.refresh()
            return
        # The last picture stays until the first resample of the new job arrives.
        dataset, standardize, models = wanted
        self.controller.start_job(JOB_KEY, bootstrap_job, self._generation, dataset.X, dataset.y, models,
                                  standardize, on_item=self._on_item)

    def _on_item(self, item) -> None:
        generation, payload = item
        if generation != self._generation:
            return  # a superseded bootstrap
        if isinstance(payload, str):
            self._error = payload
            self.refresh()
            return
        self._progress = payload
        if payload.n_done == payload.n_boot:
            self._draw_throttle.stop()
            self.refresh()
        else:
            self._draw_throttle.throttle()

    def showEvent(self, event):
        super().showEvent(event)
        self._restart.throttle()

    def stop(self) -> None:
        """Stop the throttles and drop whatever the running job still delivers (the controller stops the job)."""
        self._generation += 1
        self._restart.stop()
        self._draw_throttle.stop()

    # -- drawing -----------------------------------------------------------------------------------------
    def _draw(self) -> None:
        key, progress = self._job_key, self._progress
        if key is None:
            for items in self._models.values():
                items.clear()
            self._set_readout("waiting for the L1 and L2 fits…")
            return
        if progress is None:
            if self._error:
                self._set_readout(f"<span style='color:#B00020'>Error: {self._error}</span>")
            return  # the last picture stays until the new job's first resample
        self._complete_drawn = progress.n_done == progress.n_boot
        dataset = key[0]
        order = feature_order(dataset.n_features, dataset.groups)
        self._draw_layout(dataset, order)
        from core.stability import summarize_bootstrap

        summaries = {}
        positions = np.arange(dataset.n_features, dtype=float)
        column = np.flatnonzero(order == self.state.highlighted_feature)  # where the highlighted feature stands
        highlighted = int(column[0]) if column.size else None
        for (model_key, items), offset, coefs in zip(self._models.items(), (-OFFSET, OFFSET), progress.coefs):
            summaries[model_key] = summary = summarize_bootstrap(coefs)
            items.draw(positions + offset, coefs[:, order], summary.selection_frequency[order], self.scale,
                       highlighted)
        self.coef_plot.enableAutoRange(axis="y")
        self._set_readout(self._readout(progress, summaries))

    def _readout(self, progress, summaries) -> str:
        # Short lines: a label's width is its longest line, and it must fit a narrow pane.
        lines = readout_lines(summaries) if progress.n_done >= 2 else []
        if progress.n_done < progress.n_boot:
            lines.append(f"bootstrap: {progress.n_done} of {progress.n_boot} resamples…")
        grey = [f"{progress.n_done} resamples · dot: one refit", "box: middle 50 % · whisker: 5–95 %"]
        if self._error:
            grey.append(f"<span style='color:#B00020'>Error: {self._error}</span>")
        return "<br>".join(lines + [f"<span style='color:#555555'>{line}</span>" for line in grey])

    def _set_readout(self, text: str) -> None:
        if text != self.readout.text or self.readout.opts.get("size") != f"{self.scale.font_pt}pt":
            self.readout.setText(text, size=f"{self.scale.font_pt}pt")  # re-layout only when it changed

    def _draw_layout(self, dataset, order) -> None:
        """Ticks, group bands and axis labels: only when the dataset (or its scale) changes."""
        drawn = self._drawn_layout
        if drawn is not None and drawn[0] is dataset and drawn[1] == self.state.standardize:
            return
        self._drawn_layout = (dataset, self.state.standardize)
        p = dataset.n_features
        self._tick_names = [dataset.feature_names[j] for j in order]
        self._update_ticks()
        self.coef_plot.getAxis("bottom").setStyle(showValues=self._side_by_side)
        self.coef_plot.setXRange(-0.6, p - 0.4, padding=0)
        self.coef_plot.setLabel("left", "coefficient (standardized)" if self.state.standardize else "coefficient")
        self.freq_plot.setLabel("left", "selected")
        self._draw_group_bands(dataset, order)

    def _update_ticks(self) -> None:
        """Feature names under both panels, in drawing order (the axes fit them to their width)."""
        for plot in (self.coef_plot, self.freq_plot):
            plot.getAxis("bottom").set_names(self._tick_names, self.scale.font_pt)

    def feature_labels(self, panel: str) -> list[str]:
        """The names drawn under the "coef" or the "freq" panel, left to right."""
        plot = self.coef_plot if panel == "coef" else self.freq_plot
        return [text for _, text in plot.getAxis("bottom").label_layout[2]]

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._arrange_plots(self.width() >= max(SIDE_BY_SIDE_ASPECT * self.height(),
                                                SIDE_BY_SIDE_MIN_WIDTH[self.state.presentation]))
        self._update_ticks()

    def _arrange_plots(self, side_by_side: bool) -> None:
        """The frequency panel under the coefficients, or beside them in a wide, short view (a row under the
        paths at 1280 x 720 has no room for two plots stacked)."""
        if side_by_side == self._side_by_side:
            return
        self._side_by_side = side_by_side
        layout = self.canvas.ci
        for item in (self.freq_plot, self.readout):
            layout.removeItem(item)
        if side_by_side:
            layout.addItem(self.freq_plot, row=0, col=1)
            layout.addItem(self.readout, row=1, col=0, colspan=2)
        else:
            layout.addItem(self.freq_plot, row=1, col=0)
            layout.addItem(self.readout, row=2, col=0)
        grid = layout.layout
        grid.setRowStretchFactor(0, 3)
        grid.setRowStretchFactor(1, 0 if side_by_side else 2)
        grid.setRowStretchFactor(2, 0)
        # Equal halves, both panels naming every feature (at 3:2, 30 features at 1280 x 720 left the
        # frequency panel room for every second name only).
        grid.setColumnStretchFactor(0, 1)
        grid.setColumnStretchFactor(1, 1 if side_by_side else 0)
        # Beside each other, each panel names the features under its own plot.
        self.coef_plot.getAxis("bottom").setStyle(showValues=side_by_side)

    def _draw_group_bands(self, dataset, order) -> None:
        for plot, band in self._bands:
            plot.removeItem(band)
        self._bands = []
        if dataset.groups is None:
            return
        groups = np.asarray(dataset.groups)[order]
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        ends = np.r_[starts[1:], groups.size]
        # Every other group shaded: the members of a group stand together on one band.
        for start, end in list(zip(starts, ends))[::2]:
            for plot in (self.coef_plot, self.freq_plot):
                band = pg.LinearRegionItem(values=(start - 0.5, end - 0.5), movable=False,
                                           brush=pg.mkBrush(*GROUP_BAND), pen=pg.mkPen(None))
                band.setZValue(-20)
                plot.addItem(band, ignoreBounds=True)
                self._bands.append((plot, band))

    def _apply_scale(self) -> None:
        style_axes(self.coef_plot, self.scale)
        style_axes(self.freq_plot, self.scale)
        legend = " ".join(f"<span style='color:{style.MODEL_COLORS[key]}'>■ {key}</span>" for key in self._models)
        self.coef_plot.setTitle(f"Bootstrap coefficients {legend}", size=f"{self.scale.title_pt}pt")
        self.freq_plot.setTitle("selection frequency", size=f"{self.scale.font_pt}pt")
        # Both left axes one width: the linked x axes then line up, and the first name is not under an axis.
        metrics = QFontMetricsF(self.coef_plot.getAxis("left").style["tickFont"])
        width = int(metrics.horizontalAdvance("−0.00") + 1.3 * metrics.height() + 8)
        for plot in (self.coef_plot, self.freq_plot):
            plot.getAxis("left").setWidth(width)
        self._update_ticks()

    def table(self) -> list[list]:
        """Each feature's selection frequency (share of resamples with a non-zero coefficient), L1 and L2."""
        key, progress = self._job_key, self._progress
        if key is None or progress is None or progress.n_done == 0:
            return []
        from core.stability import summarize_bootstrap

        frequencies = [summarize_bootstrap(coefs).selection_frequency for coefs in progress.coefs]
        return [["feature", *(f"{model} selection frequency ({progress.n_done} resamples)" for model in self._models)],
                *([name, *(f[j] for f in frequencies)] for j, name in enumerate(key[0].feature_names))]
