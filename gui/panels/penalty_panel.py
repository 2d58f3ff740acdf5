"""Penalty controls: the models compared, the elastic-net mixing, and the shared strength control."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (QAbstractSlider, QAbstractSpinBox, QApplication, QButtonGroup, QCheckBox, QComboBox,
                               QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QRadioButton,
                               QSizePolicy, QSlider, QTextEdit, QVBoxLayout, QWidget)

from gui import style
from gui.panels.spin import DoubleSpinBox, unreadable_text
from gui.panels.wrapped_label import WrappedLabel
from gui.state import BUDGET, LAMBDA
from gui.strength import (BUDGET_DECIMALS, SLIDER_STEPS, lam_for_strength, lambda_range, model_readout,
                          slider_to_strength, strength_to_slider, x_of_lam)

ALPHA_STEPS = 100
STRENGTH_KEYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                           Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End})
# Focused, these take the strength keys for their own text or value (a slider: the strength slider itself too).
OWN_KEYS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSlider)


def _radio_pair(first: str, second: str, parent, tips: tuple[str, str]) -> tuple[QButtonGroup, QRadioButton,
                                                                                QRadioButton]:
    group = QButtonGroup(parent)
    a, b = QRadioButton(first), QRadioButton(second)
    a.setToolTip(tips[0])
    b.setToolTip(tips[1])
    group.addButton(a)
    group.addButton(b)
    return group, a, b


class PenaltyPanel(QWidget):
    """Writes models, strength mode, strength and path axis to the state; reads back each model's position.

    The strength slider is a plain QSlider, so it has focus and the arrow keys, PageUp/PageDown and
    Home/End move it (superqt's labeled sliders swallow those keys).
    """

    message = Signal(str)  # a plain-words note for the status bar: why a typed strength was refused

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.enet_box = QCheckBox("Elastic net (third model)")
        self.enet_box.setToolTip("Compare a third model that blends L1 and L2 (mixing α below)")
        self.alpha_slider = QSlider(Qt.Orientation.Horizontal)
        self.alpha_slider.setRange(1, ALPHA_STEPS - 1)
        self.alpha_slider.setToolTip("The elastic net's mixing α: towards 0 it behaves like L2 (ridge), "
                                     "towards 1 like L1 (lasso)")
        self.alpha_label = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setSingleStep(SLIDER_STEPS // 100)
        self.slider.setPageStep(SLIDER_STEPS // 10)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slider.setToolTip("The penalty strength shared by every model: left = strong penalty, "
                               "right = weak (arrow keys, PageUp/PageDown, Home/End)")
        self.value_box = DoubleSpinBox(decimals=BUDGET_DECIMALS)
        self.value_box.setKeyboardTracking(False)
        self.value_box.refused.connect(self._on_refused)
        self.value_box.unreadable.connect(
            lambda typed: self._say_refusal(unreadable_text(self.value_box, "the strength", typed)))
        self._refusal_shown = False  # the status bar says why a typed strength was refused: stale at the next one
        self._mode_group, self.budget_button, self.lambda_button = _radio_pair(
            "budget s", "λ (log)", self,
            ("Models stand at the same budget s: their penalty relative to their unpenalized fit",
             "Models stand at the same λ (compared on a log scale): their scales differ by orders of magnitude"))
        self._axis_group, self.axis_budget, self.axis_lambda = _radio_pair(
            "budget s", "log10 λ", self,
            ("Plot paths and errors against the budget s (0 = everything zero, 1 = no penalty)",
             "Plot paths and errors against log10 λ, glmnet's axis"))
        self.readouts = {key: WrappedLabel() for key in style.MODEL_COLORS}
        self._build_layout()
        self._sync()
        self.enet_box.toggled.connect(state.set_enet_enabled)
        self.alpha_slider.valueChanged.connect(self._on_alpha)
        self.slider.valueChanged.connect(self._on_slider)
        self.value_box.valueChanged.connect(self._on_value_box)
        self.budget_button.toggled.connect(self._on_mode)
        self.axis_budget.toggled.connect(self._on_axis)
        for signal in (state.strength_changed, state.strength_mode_changed, state.models_changed,
                       state.paths_changed, state.x_axis_changed):
            signal.connect(self._sync)
        for signal in (state.fits_changed, state.paths_changed, state.models_changed):
            signal.connect(self._show_readouts)
        state.strength_changed.connect(self._clear_refusal)
        # The mixing alpha of a switched-off elastic net changes silently (an undo, a reset): shown all the same.
        state.setting_changed.connect(lambda _old, new: "enet_alpha" in new and self._sync())
        state.presentation_changed.connect(self._apply_scale)

    def minimumSizeHint(self) -> QSize:
        """At least the height its rows take at its width: a dock asks only for this hint, never for the height
        for a width, and the form's own minimum counts a label beside its field where a narrow dock (1024 px)
        wraps it above (40 px short: the rows were squeezed and the readouts overlapped)."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.layout().totalHeightForWidth(self.width())))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the minimum height follows the width

    def _apply_scale(self) -> None:
        """Presentation fonts for what the room reads: the strength box and each model's readout."""
        font = QFont()
        if self.state.presentation:
            font.setPointSize(style.Scale.for_mode(True).font_pt)
        for widget in (self.value_box, *self.readouts.values()):
            widget.setFont(font)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        models = QGroupBox("Models")
        models_layout = QVBoxLayout(models)
        for text, key in (("L1 (lasso)", "L1"), ("L2 (ridge)", "L2")):
            label = QLabel(f"<b style='color:{style.MODEL_COLORS[key]}'>■ {text}</b>")
            models_layout.addWidget(label)
        models_layout.addWidget(self.enet_box)
        alpha_row = QHBoxLayout()
        alpha_row.addWidget(QLabel("mixing α"))
        alpha_row.addWidget(self.alpha_slider, 1)
        alpha_row.addWidget(self.alpha_label)
        models_layout.addLayout(alpha_row)
        layout.addWidget(models)
        strength = QGroupBox("Strength (left = strong penalty)")
        form = QFormLayout(strength)
        # In a narrow dock the radio buttons go under their label rather than past the dock's edge.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.value_box)
        form.addRow(row)
        modes = QHBoxLayout()
        modes.addWidget(self.budget_button)
        modes.addWidget(self.lambda_button)
        form.addRow("Link models by", modes)
        axes = QHBoxLayout()
        axes.addWidget(self.axis_budget)
        axes.addWidget(self.axis_lambda)
        form.addRow("Plot against", axes)
        for key in style.MODEL_COLORS:
            # Plain text in the model's colour: rich text is laid out anew at every strength move.
            self.readouts[key].setTextFormat(Qt.TextFormat.PlainText)
            self.readouts[key].setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            palette = self.readouts[key].palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(style.MODEL_COLORS[key]))
            self.readouts[key].setPalette(palette)
            self.readouts[key].setWordWrap(True)
            # Its text changes at every strength move: a width hint that followed it would lay out and repaint
            # the whole panel each time.
            self.readouts[key].setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            form.addRow(self.readouts[key])
        layout.addWidget(strength)
        layout.addStretch(1)

    # -- state -> widgets -----------------------------------------------------------------------------
    def _log_range(self) -> tuple[float, float]:
        return lambda_range([r.path for r in self.state.results() if r.path is not None])

    def _sync(self) -> None:
        state = self.state
        widgets = (self.enet_box, self.alpha_slider, self.slider, self.value_box, self.budget_button,
                   self.lambda_button, self.axis_budget, self.axis_lambda)
        for widget in widgets:
            widget.blockSignals(True)
        self.enet_box.setChecked(state.enet_enabled)
        self.alpha_slider.setValue(round(state.enet_alpha * ALPHA_STEPS))
        self.alpha_slider.setEnabled(state.enet_enabled)
        self.alpha_label.setText(f"{state.enet_alpha:.2f}")
        budget = state.strength_mode == BUDGET
        self.budget_button.setChecked(budget)
        self.lambda_button.setChecked(not budget)
        self.axis_budget.setChecked(state.x_axis == BUDGET)
        self.axis_lambda.setChecked(state.x_axis != BUDGET)
        low, high = (0.0, 1.0) if budget else self._log_range()
        self.value_box.describe("The shared strength as a budget s: 0 = strongest penalty, 1 = no penalty" if budget
                                else "The shared strength as log10 λ: larger = stronger penalty")
        self.value_box.set_limits(low, high)
        self.value_box.setSingleStep(0.01 if budget else 0.05)
        self.value_box.setPrefix("s = " if budget else "log10 λ = ")
        self.value_box.setValue(state.strength)
        self.slider.setValue(strength_to_slider(state.strength, state.strength_mode, self._log_range()))
        for widget in widgets:
            widget.blockSignals(False)

    def _show_readouts(self) -> None:
        state = self.state
        compared = {style.model_key(r.penalty): r for r in state.results()}
        for key, label in self.readouts.items():
            result = compared.get(key)
            label.setVisible(result is not None)
            if result is None or result.path is None:
                label.setText("")
                continue
            lam = result.fit.lam if result.fit is not None else \
                lam_for_strength(state.strength_mode, state.strength, result.path)
            label.setText(model_readout(result.penalty, result.path, lam,
                                        None if result.fit is None else result.fit.coef))

    # -- widgets -> state -----------------------------------------------------------------------------
    def _on_alpha(self, value: int) -> None:
        self.state.set_enet_alpha(value / ALPHA_STEPS)

    def _on_slider(self, position: int) -> None:
        self.state.set_strength(slider_to_strength(position, self.state.strength_mode, self._log_range()))

    def _on_value_box(self, value: float) -> None:
        self.state.set_strength(value)

    def _on_refused(self, value: float) -> None:
        box = self.value_box
        if self.state.strength_mode == BUDGET:
            self._say_refusal("The budget s runs from 0 (strongest penalty) to 1 (no penalty).")
        else:
            self._say_refusal(f"log10 λ runs from {box.textFromValue(box.minimum())} to "
                              f"{box.textFromValue(box.maximum())} on this data: the models' λ grids end there.")

    def _say_refusal(self, text: str) -> None:
        self.message.emit(text)
        self._refusal_shown = True

    def _clear_refusal(self) -> None:
        if self._refusal_shown:
            self._refusal_shown = False
            self.message.emit("")

    def _on_mode(self, budget_checked: bool) -> None:
        state = self.state
        mode = BUDGET if budget_checked else LAMBDA
        reference = next((r.path for r in state.results() if r.path is not None), None)
        if reference is None:
            strength = 0.5 if mode == BUDGET else sum(self._log_range()) / 2
        else:
            # The same position in the new mode, judged by the first model (L1).
            lam = lam_for_strength(state.strength_mode, state.strength, reference)
            strength = x_of_lam(mode, reference, lam)
        state.set_strength_mode(mode, strength)

    def _on_axis(self, budget_checked: bool) -> None:
        self.state.set_x_axis(BUDGET if budget_checked else LAMBDA)


class StrengthKeys(QObject):
    """Sends the strength keys (arrows, PageUp/PageDown, Home/End) pressed anywhere in ``window`` to the strength
    ``slider``, which takes its own steps, shown or hidden: a lecturer's clicker sends them whatever has the
    focus, and with the controls hidden nothing else would move the strength. A focused text or spin box,
    combo box or other slider keeps them, and so does the strength slider itself."""

    def __init__(self, window: QWidget, slider: QSlider):
        super().__init__(window)
        self.window, self.slider = window, slider
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        # Only widgets: an input event also passes through the window's QWindow first.
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget) or watched is self.slider \
                or event.key() not in STRENGTH_KEYS or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        # The focus widget, not the receiver: a key a line edit ignores (Up) goes on to its parent.
        focused = QApplication.focusWidget() or watched
        if watched.window() is not self.window or isinstance(focused, OWN_KEYS):
            return False
        QApplication.sendEvent(self.slider, QKeyEvent(event.type(), event.key(), event.modifiers(), event.text(),
                                                      event.isAutoRepeat(), event.count()))
        return True
