"""The current strength and each model's readout in one line, for when the controls are hidden."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from gui import style


class StrengthStrip(QWidget):
    """Mirrors the penalty panel's strength box and readouts (their text, colours and visibility), so the room
    still reads the strength and each model's lambda, s and non-zero count with the docks hidden."""

    def __init__(self, panel, parent=None):
        super().__init__(parent)
        self.panel = panel
        self.strength = QLabel()
        self.labels = {key: QLabel() for key in panel.readouts}
        self._row = row = QHBoxLayout(self)
        row.setContentsMargins(8, 0, 8, 0)
        for label in (self.strength, *self.labels.values()):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # text changes: no re-layout
            row.addWidget(label, 1)
        for key, label in self.labels.items():
            label.setPalette(panel.readouts[key].palette())
        state = panel.state
        # Connected after the panel's own slots: the panel has written its text when these run.
        for signal in (state.fits_changed, state.paths_changed, state.models_changed, state.strength_changed,
                       state.strength_mode_changed):
            signal.connect(self.sync)
        state.presentation_changed.connect(self._apply_scale)
        self._apply_scale()

    def sync(self) -> None:
        if not self.isVisible():
            return
        # The strength box's own words ("s = 0.500", "log10 λ = -1.00"), bold: with presentation fonts at
        # 1024 px a "strength" before them would push the last readout out of the row.
        self.strength.setText(self.panel.value_box.text())
        for key, label in self.labels.items():
            source = self.panel.readouts[key]
            label.setText(source.text())
            label.setVisible(not source.isHidden())
        # Each label's share of the row follows its text: equal shares clipped the last readout at 1280 px
        # with presentation fonts while the strength's share stood half empty.
        for index, label in enumerate((self.strength, *self.labels.values())):
            share = max(1, label.fontMetrics().horizontalAdvance(label.text()))
            if self._row.stretch(index) != share:
                self._row.setStretch(index, share)

    def showEvent(self, event):
        super().showEvent(event)
        self.sync()

    def _apply_scale(self) -> None:
        font = QFont()
        font.setPointSize(style.Scale.for_mode(self.panel.state.presentation).font_pt)
        for label in self.labels.values():
            label.setFont(font)
        font.setBold(True)
        self.strength.setFont(font)
        # Tight: at 1280 x 720 with the controls hidden, the validation plot below needs every pixel.
        self.setFixedHeight(self.strength.fontMetrics().height() + 2)
