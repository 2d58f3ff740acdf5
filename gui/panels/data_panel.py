"""The data dock: built-in datasets with live parameters, CSV files with a target chooser, preprocessing."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from core.datasets import BUILTIN_DATASETS, builtin_parameters

CSV_ITEM = "CSV file"


def _spin_box(spec):
    """A spin box for one ``ParamSpec``; it reports only finished edits (no regeneration per keystroke)."""
    box = QSpinBox() if spec.is_int else QDoubleSpinBox()
    if not spec.is_int:
        box.setDecimals(2 if spec.step >= 0.01 else 3)
    box.setRange(spec.minimum, spec.maximum)
    box.setSingleStep(spec.step)
    box.setValue(spec.default)
    box.setKeyboardTracking(False)
    return box


class DataPanel(QWidget):
    """Writes the data source and preprocessing settings to the state; shows the loaded dataset."""

    open_csv_requested = Signal()

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.dataset_box = QComboBox()
        self.dataset_box.addItems(list(BUILTIN_DATASETS))
        self.params_box = QGroupBox("Parameters")
        self.params_form = QFormLayout(self.params_box)
        self.param_widgets = {}
        self._params_for = None
        self.open_button = QPushButton("Open CSV…")
        self.target_box = QComboBox()
        self.target_label = QLabel("Target column")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.standardize_box = QCheckBox("Standardize features")
        self.fraction_box = QDoubleSpinBox(decimals=2, minimum=0.1, maximum=0.5, singleStep=0.05)
        self.folds_box = QSpinBox(minimum=2, maximum=20)
        for box in (self.fraction_box, self.folds_box):
            box.setKeyboardTracking(False)
        self._build_layout()
        self._sync_from_state()
        self.dataset_box.currentTextChanged.connect(self._on_dataset_chosen)
        self.open_button.clicked.connect(self.open_csv_requested)
        self.target_box.activated.connect(self._on_target_chosen)
        self.standardize_box.toggled.connect(state.set_standardize)
        self.fraction_box.valueChanged.connect(state.set_validation_fraction)
        self.folds_box.valueChanged.connect(state.set_cv_folds)
        for signal in (state.source_changed, state.settings_changed):  # settings: preprocessing, an undo of it
            signal.connect(self._sync_from_state)
        state.dataset_changed.connect(self._show_dataset)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Dataset", self.dataset_box)
        layout.addLayout(form)
        layout.addWidget(self.params_box)
        layout.addWidget(self.open_button)
        target = QFormLayout()
        target.addRow(self.target_label, self.target_box)
        layout.addLayout(target)
        layout.addWidget(self.summary)
        settings = QGroupBox("Fitting")
        settings_form = QFormLayout(settings)
        settings_form.addRow(self.standardize_box)
        settings_form.addRow("Validation fraction", self.fraction_box)
        settings_form.addRow("CV folds", self.folds_box)
        layout.addWidget(settings)
        layout.addStretch(1)

    # -- state -> widgets -----------------------------------------------------------------------------
    def _sync_from_state(self) -> None:
        state, source = self.state, self.state.source
        is_csv = source.csv_path is not None
        self.dataset_box.blockSignals(True)
        if is_csv and self.dataset_box.findText(CSV_ITEM) < 0:
            self.dataset_box.addItem(CSV_ITEM)
        self.dataset_box.setCurrentText(CSV_ITEM if is_csv else source.builtin)
        self.dataset_box.blockSignals(False)
        if not is_csv:
            self._build_params(source.builtin, dict(source.params))
        self.params_box.setVisible(not is_csv and bool(self.param_widgets))
        self.target_box.setVisible(is_csv)
        self.target_label.setVisible(is_csv)
        for box, value in ((self.standardize_box, state.standardize), (self.fraction_box, state.validation_fraction),
                           (self.folds_box, state.cv_folds)):
            box.blockSignals(True)
            box.setChecked(value) if box is self.standardize_box else box.setValue(value)
            box.blockSignals(False)

    def _build_params(self, name: str, values: dict) -> None:
        if self._params_for == name:
            for key, widget in self.param_widgets.items():
                if key in values and widget.value() != values[key]:
                    widget.blockSignals(True)
                    widget.setValue(values[key])
                    widget.blockSignals(False)
            return
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self.param_widgets = {}
        for spec in builtin_parameters(name):
            box = _spin_box(spec)
            if spec.name in values:
                box.setValue(values[spec.name])
            box.valueChanged.connect(self._on_param_changed)
            self.params_form.addRow(spec.label, box)
            self.param_widgets[spec.name] = box
        self._params_for = name
        self.params_box.setVisible(bool(self.param_widgets))

    def _show_dataset(self) -> None:
        dataset, source = self.state.dataset, self.state.loaded_source
        if source is not None and source.csv_path is not None:
            self.target_box.blockSignals(True)
            self.target_box.clear()
            self.target_box.addItems([dataset.target_name, *dataset.feature_names])
            self.target_box.blockSignals(False)
        # Names, notes and the description quote the user's file: shown as text, never as markup.
        notes = "".join(f"<li>{escape(note)}</li>" for note in dataset.notes)
        self.summary.setText(
            f"<b>{escape(source.label) if source else ''}</b>: n = {dataset.n_samples}, p = {dataset.n_features}, "
            f"target <i>{escape(dataset.target_name)}</i><br>{escape(dataset.description)}"
            + (f"<ul style='margin:0'>{notes}</ul>" if notes else ""))

    # -- widgets -> state -----------------------------------------------------------------------------
    def _on_dataset_chosen(self, name: str) -> None:
        if name == CSV_ITEM:
            self.open_csv_requested.emit()
            self._sync_from_state()  # stays on the current dataset until a file is chosen
            return
        self._params_for = None
        self._build_params(name, {})
        self.state.set_builtin(name, self.param_values())

    def _on_param_changed(self) -> None:
        self.state.set_builtin(self.dataset_box.currentText(), self.param_values())

    def _on_target_chosen(self) -> None:
        source = self.state.source
        if source.csv_path is not None:
            self.state.set_csv(source.csv_path, self.target_box.currentText())

    def param_values(self) -> dict:
        return {name: box.value() for name, box in self.param_widgets.items()}
