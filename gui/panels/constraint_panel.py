"""The constraint view's controls: data or lab, the two features, the lab's correlation, the lecture sweep
(Play), and the "how often is it exactly zero?" Monte Carlo."""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from gui import style
from gui.panels.spin import DoubleSpinBox, SpinBox
from gui.strength import SLIDER_STEPS, lambda_range, slider_to_strength, strength_to_slider

DATA_MODE, LAB_MODE = "From the data", "Lab: drag the point"
RHO_STEPS = 100
RHO_MAX = 0.95
# At s = 0.25 about 70 % of random L1 solutions have an exact zero (and no L2 solution does).
DEFAULT_ZERO_BUDGET = 0.25


class StrengthPlayer(QObject):
    """Sweeps the shared strength from weak to strong and back (budget 1 -> 0 -> 1), for a lecture.

    The strength follows 1/2 + 1/2 cos(phase) of the slider's range, starting where it stands and
    moving towards the strong end first; PERIOD_S seconds a cycle at FPS frames a second. Any user input
    stops it: a key, a mouse press on any widget (the strength control, a view) other than the Play button,
    or a strength set by anyone else.
    """

    playing_changed = Signal(bool)
    FPS = 30
    PERIOD_S = 8.0

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.exempt = None  # the widget that toggles playing (its own clicks are not "other input")
        self._timer = QTimer(self)
        self._timer.setInterval(round(1000 / self.FPS))
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._start_phase = 0.0
        self._setting = False
        state.strength_changed.connect(self._on_strength_changed)

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self.playing:
            return
        state = self.state
        fraction = strength_to_slider(state.strength, state.strength_mode, self._log_range()) / SLIDER_STEPS
        self._start_phase = math.acos(min(max(2.0 * fraction - 1.0, -1.0), 1.0))
        self._clock.start()
        QApplication.instance().installEventFilter(self)
        self._timer.start()
        self.playing_changed.emit(True)

    def stop(self) -> None:
        if not self.playing:
            return
        self._timer.stop()
        QApplication.instance().removeEventFilter(self)
        self.playing_changed.emit(False)

    def _log_range(self):
        return lambda_range([r.path for r in self.state.results() if r.path is not None])

    def _tick(self) -> None:
        phase = self._start_phase + 2.0 * math.pi * self._clock.elapsed() / 1000.0 / self.PERIOD_S
        position = (0.5 + 0.5 * math.cos(phase)) * SLIDER_STEPS
        self._setting = True
        try:
            self.state.set_strength(slider_to_strength(position, self.state.strength_mode, self._log_range()))
        finally:
            self._setting = False

    def _on_strength_changed(self) -> None:
        if not self._setting:
            self.stop()

    def eventFilter(self, watched, event) -> bool:
        # Only widgets: an input event also passes through the window's QWindow first.
        if (event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)
                and isinstance(watched, QWidget) and watched is not self.exempt):
            self.stop()
        return False


class ConstraintControls(QWidget):
    """Writes the constraint view's settings to the state (data or lab, features, rho) and drives Play."""

    zero_toggled = Signal(bool)

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.player = StrengthPlayer(state, self)
        self.mode_box = QComboBox()
        self.mode_box.addItems([DATA_MODE, LAB_MODE])
        self.mode_box.setToolTip("Draw two features of the data, or a lab problem whose least-squares point you drag")
        self.feature_boxes = (QComboBox(), QComboBox())
        for axis, box in zip(("horizontal", "vertical"), self.feature_boxes):
            box.setToolTip(f"The feature on the {axis} axis: the picture is the model on these two features alone")
        self.feature_labels = (QLabel("w1"), QLabel("w2"))
        self.rho_slider = QSlider(Qt.Orientation.Horizontal)
        self.rho_slider.setRange(-round(RHO_MAX * RHO_STEPS), round(RHO_MAX * RHO_STEPS))
        self.rho_slider.setToolTip("The lab's correlation between its two features: it tilts the loss ellipses")
        self.rho_label = QLabel()
        self.play_button = QPushButton("▶ Play")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Sweep the strength from weak to strong and back; any input stops it")
        self.player.exempt = self.play_button
        self.zero_button = QPushButton("How often exactly 0?")
        self.zero_button.setCheckable(True)
        self.zero_button.setToolTip("Count, over many random problems, how often each model's solution has an "
                                    "exact zero")
        self._names = None
        self._build_layout()
        self._sync()
        self.mode_box.currentTextChanged.connect(lambda text: state.set_lab_mode(text == LAB_MODE))
        for box in self.feature_boxes:
            box.activated.connect(self._on_feature)
        self.rho_slider.valueChanged.connect(lambda value: state.set_lab_rho(value / RHO_STEPS))
        self.play_button.toggled.connect(self._on_play)
        self.player.playing_changed.connect(self._on_playing_changed)
        self.zero_button.toggled.connect(self.zero_toggled)
        state.constraint_changed.connect(self._sync)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.mode_box)
        top.addStretch(1)
        top.addWidget(self.play_button)
        top.addWidget(self.zero_button)
        layout.addLayout(top)
        self.features_row = QWidget()
        row = QHBoxLayout(self.features_row)
        row.setContentsMargins(0, 0, 0, 0)
        for label, box in zip(self.feature_labels, self.feature_boxes):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            row.addWidget(label)
            row.addWidget(box, 1)
        layout.addWidget(self.features_row)
        self.lab_row = QWidget()
        row = QHBoxLayout(self.lab_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("correlation"))
        row.addWidget(self.rho_slider, 1)
        row.addWidget(self.rho_label)
        layout.addWidget(self.lab_row)

    def _sync(self) -> None:
        state = self.state
        for widget in (self.mode_box, self.rho_slider):
            widget.blockSignals(True)
        self.mode_box.setCurrentText(LAB_MODE if state.lab_mode else DATA_MODE)
        self.rho_slider.setValue(round(state.lab_rho * RHO_STEPS))
        for widget in (self.mode_box, self.rho_slider):
            widget.blockSignals(False)
        self.rho_label.setText(f"ρ = {state.lab_rho:+.2f}")
        self.features_row.setVisible(not state.lab_mode)
        self.lab_row.setVisible(state.lab_mode)

    def show_problem(self, features) -> None:
        """Offer the data's features, with the pair drawn ``features`` (None: no data pair) selected."""
        all_names = None if features is None else tuple(self.state.results_dataset.feature_names)
        if all_names != self._names:
            self._names = all_names
            for box in self.feature_boxes:
                box.blockSignals(True)
                box.clear()
                box.addItems(list(all_names or ()))
                box.blockSignals(False)
        if features is not None:
            for box, j in zip(self.feature_boxes, features):
                box.setCurrentIndex(j)

    def _on_feature(self, _index: int) -> None:
        first, second = (box.currentIndex() for box in self.feature_boxes)
        current = self.state.constraint_features
        if first == second and current is not None:  # picking the other axis's feature swaps the two
            first, second = current[1], current[0]
        if first != second:
            self.state.set_constraint_features((first, second))

    def _on_play(self, on: bool) -> None:
        self.player.start() if on else self.player.stop()

    def _on_playing_changed(self, playing: bool) -> None:
        self.play_button.blockSignals(True)
        self.play_button.setChecked(playing)
        self.play_button.blockSignals(False)
        self.play_button.setText("■ Stop" if playing else "▶ Play")


class ZeroFrequencyPanel(QWidget):
    """How often is it exactly zero? Random loss ellipses (``core.geometry.ZeroFrequency``), each model
    solved at one fixed budget; the share with an exact zero is counted live, CHUNK problems a tick,
    while the panel is shown. The same seed gives the same counts."""

    counted = Signal(object)  # the cumulative ZeroCounts after each tick
    message = Signal(str)  # a plain-words note for the status bar: why a typed value was refused
    CHUNK = 200
    INTERVAL_MS = 50
    MAX_SAMPLES = 20_000

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.budget_box = DoubleSpinBox(decimals=2, singleStep=0.05)
        self.budget_box.describe("The budget s at which every random problem is solved")
        self.budget_box.set_limits(0.05, 0.95)
        self.budget_box.setValue(DEFAULT_ZERO_BUDGET)
        self.seed_box = SpinBox()
        self.seed_box.describe("Random seed of the problems: the same seed gives the same counts")
        self.seed_box.set_limits(0, 999_999)
        for box in (self.budget_box, self.seed_box):
            box.setKeyboardTracking(False)
            box.valueChanged.connect(self.restart)
        for box, name in ((self.budget_box, "The random problems' budget s"), (self.seed_box, "The seed")):
            box.refused.connect(
                lambda _value, box=box, name=name: self.message.emit(f"{name} runs {box.range_text()}."))
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._monte_carlo = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        row = QHBoxLayout()
        row.addWidget(QLabel("Random ellipses at budget s ="))
        row.addWidget(self.budget_box)
        row.addWidget(QLabel("seed"))
        row.addWidget(self.seed_box)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.result)
        state.models_changed.connect(self.restart)

    @property
    def counts(self):
        return None if self._monte_carlo is None else self._monte_carlo.counts

    def restart(self) -> None:
        """Start counting again from zero (new budget, seed or models)."""
        from core.geometry import ZeroFrequency

        self._monte_carlo = ZeroFrequency(self.state.penalties, self.budget_box.value(), self.seed_box.value())
        self._show(self._monte_carlo.counts)
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event):
        super().showEvent(event)
        self.restart()

    def hideEvent(self, event):
        self._timer.stop()
        super().hideEvent(event)

    def _tick(self) -> None:
        counts = self._monte_carlo.step(self.CHUNK)
        if counts.n_samples >= self.MAX_SAMPLES:
            self._timer.stop()
        self._show(counts)
        self.counted.emit(counts)

    def _show(self, counts) -> None:
        shares = counts.share
        parts = [f"<b style='color:{style.model_color(p).name()}'>{p.short_name}</b>: "
                 f"{'–' if math.isnan(share) else f'{100 * share:.1f} %'}"
                 for p, share in zip(counts.penalties, shares)]
        self.result.setText(f"Solutions with an exact zero: {' · '.join(parts)} "
                            f"<span style='color:#555555'>({counts.n_samples} random problems)</span>")
