"""The data dock: built-in datasets with live parameters, CSV files with a target chooser, preprocessing.

Settings that depend on each other bound each other (``core.datasets.parameter_limits`` for the generators'
parameters, the data's size for the CV folds and the validation share): a spin box's range follows what
limits it, a value lowered by that says so, and a typed value out of range or not a number is refused with the
reason (``message``, for the status bar), which the next value a box takes clears.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from core.datasets import BUILTIN_DATASETS, builtin_parameters, parameter_limits
from core.validation import cv_folds_limit, validation_fraction_limit
from gui.panels.spin import DoubleSpinBox, SpinBox, unreadable_text

CSV_ITEM = "CSV file"
FRACTION_STEP = 0.05
BREAK_RUN = 16  # the longest run of characters without a place to break in the dataset's summary
COMBO_MIN_CHARS = 10  # a combo box's narrowest width, in characters: wider items are shortened to fit the panel


def _breakable(text: str) -> str:
    """``text`` with zero-width spaces where a long word may break across lines: after an underscore and within
    a run of BREAK_RUN characters. A file's and its columns' names are often one long word, which a word-wrapped
    label cannot break: it would widen the panel past its scroll area."""
    text = re.sub(r"_(?=[^\s\u200b])", "_\u200b", text)
    return re.sub(rf"([^\s\u200b]{{{BREAK_RUN}}})(?=[^\s\u200b])", "\\1\u200b", text)


def _spin_box(spec):
    """A spin box for one ``ParamSpec``; it reports only finished edits (no regeneration per keystroke)."""
    box = SpinBox() if spec.is_int else DoubleSpinBox()
    if not spec.is_int:
        box.setDecimals(2 if spec.step >= 0.01 else 3)
    box.describe(spec.help)
    box.set_limits(spec.minimum, spec.maximum)
    box.setSingleStep(spec.step)
    box.setValue(spec.default)
    box.setKeyboardTracking(False)
    return box


def _bound(box, limit, label: str) -> str | None:
    """Give ``box`` the range of ``limit`` (a ``ParamLimit``) without a signal; a note when its value moved."""
    before = box.value()
    box.blockSignals(True)
    box.set_limits(limit.minimum, max(limit.maximum, limit.minimum))
    box.blockSignals(False)
    if box.value() == before:
        return None
    reason = limit.problem(before) or limit.reason
    moved = "raised" if box.value() > before else "lowered"
    return f"{label} {moved} to {box.textFromValue(box.value())}: {reason[0].lower()}{reason[1:]}"


class DataPanel(QWidget):
    """Writes the data source and preprocessing settings to the state; shows the loaded dataset."""

    open_csv_requested = Signal()
    message = Signal(str)  # a plain-words note for the status bar: why a value was refused or lowered

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.dataset_box = QComboBox()
        self.dataset_box.addItems(list(BUILTIN_DATASETS))
        self.dataset_box.setToolTip("The data the models are fitted to: a built-in dataset or your own CSV file")
        self.params_box = QGroupBox("Parameters")
        self.params_form = QFormLayout(self.params_box)
        self.param_widgets = {}
        self._params_for = None
        self.open_button = QPushButton("Open CSV…")
        self.open_button.setToolTip("Load your own data from a CSV file (one column is the target)")
        self.target_box = QComboBox()
        self.target_box.setToolTip("The CSV column to predict; every other numeric column is a feature")
        self.target_label = QLabel("Target column")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.standardize_box = QCheckBox("Standardize features")
        self.standardize_box.setToolTip("Scale every feature to mean 0 and standard deviation 1 before fitting, "
                                        "so that the penalty treats them alike")
        self.fraction_box = DoubleSpinBox(decimals=2, singleStep=FRACTION_STEP)
        self.fraction_box.describe("Share of the rows held out to draw the validation error curve")
        self.folds_box = SpinBox()
        self.folds_box.describe("Number of folds of the K-fold cross-validation curve")
        for box in (self.fraction_box, self.folds_box):
            box.setKeyboardTracking(False)
        self._refusal_shown = False  # the status bar says why a typed value was refused: stale at the next value
        self._build_layout()
        self._sync_from_state()
        self.dataset_box.currentTextChanged.connect(self._on_dataset_chosen)
        self.open_button.clicked.connect(self.open_csv_requested)
        self.target_box.activated.connect(self._on_target_chosen)
        self.standardize_box.toggled.connect(state.set_standardize)
        for box, name, setter in ((self.fraction_box, "Validation fraction", state.set_validation_fraction),
                                  (self.folds_box, "CV folds", state.set_cv_folds)):
            self._report_refusals(box, name)
            box.valueChanged.connect(setter)
        self.folds_box.refused.connect(lambda value: self._refused(value, cv_folds_limit(self._n_samples())))
        self.fraction_box.refused.connect(
            lambda value: self._refused(value, validation_fraction_limit(self._n_samples())))
        state.source_changed.connect(self._sync_from_state)
        state.settings_changed.connect(self._sync_fitting)  # preprocessing changed elsewhere: an undo, a reset
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
        # The panel takes the scroll area's width (no horizontal bar), which at 1024 px is narrower than a long
        # label beside its box ("Non-zero true coefficients", 155 px, and a seed box, 104 px): such a row puts its
        # label above its box, and a combo box shortens its longest item (a CSV file's column names), the
        # target's under its label.
        for each in (form, self.params_form, settings_form):
            each.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        target.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for box in (self.dataset_box, self.target_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(COMBO_MIN_CHARS)

    # -- state -> widgets -----------------------------------------------------------------------------
    def _sync_from_state(self) -> None:
        source = self.state.source
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
        self._show_targets()
        self._sync_fitting()

    def _sync_fitting(self) -> None:
        state = self.state
        for box, value in ((self.standardize_box, state.standardize), (self.fraction_box, state.validation_fraction),
                           (self.folds_box, state.cv_folds)):
            box.blockSignals(True)
            box.setChecked(value) if box is self.standardize_box else box.setValue(value)
            box.blockSignals(False)
        self._bound_fitting()

    def _build_params(self, name: str, values: dict) -> None:
        if self._params_for == name:
            # Each value within its spec's own range first: the bounds from the old values would clip the new ones.
            for spec in builtin_parameters(name):
                widget = self.param_widgets[spec.name]
                widget.blockSignals(True)
                widget.set_limits(spec.minimum, spec.maximum)
                widget.setValue(values.get(spec.name, widget.value()))
                widget.blockSignals(False)
            self._bound_params()
            return
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self.param_widgets = {}
        for spec in builtin_parameters(name):
            box = _spin_box(spec)
            if spec.name in values:
                box.setValue(values[spec.name])
            self._report_refusals(box, spec.label)
            box.valueChanged.connect(self._on_param_changed)
            box.refused.connect(lambda value, key=spec.name: self._refused(value, self._param_limits()[key]))
            label = QLabel(spec.label)
            label.setToolTip(spec.help)
            self.params_form.addRow(label, box)
            self.param_widgets[spec.name] = box
        self._params_for = name
        self._bound_params()
        self.params_box.setVisible(bool(self.param_widgets))

    def _param_limits(self) -> dict:
        return parameter_limits(self._params_for, self.param_values())

    def _bound_params(self) -> list[str]:
        """Bound every parameter box by the others' values; the notes for the values this lowered."""
        if not self.param_widgets:
            return []
        labels = {spec.name: spec.label for spec in builtin_parameters(self._params_for)}
        return [note for key, limit in self._param_limits().items()
                if (note := _bound(self.param_widgets[key], limit, labels[key])) is not None]

    def _n_samples(self) -> int | None:
        """The number of rows of the data chosen (None while a file's is not known yet)."""
        state = self.state
        if state.source.csv_path is None and "n_samples" in self.param_widgets:
            return int(self.param_widgets["n_samples"].value())
        if state.dataset is not None and state.loaded_source == state.source:
            return state.dataset.n_samples
        return None

    def _bound_fitting(self) -> list[str]:
        """Bound the folds and the validation share by the data's size, writing a value this moved to the state;
        the notes for the values moved."""
        n = self._n_samples()
        notes, moved = [], []
        for box, limit, label, setter in (
                (self.folds_box, cv_folds_limit(n), "CV folds", self.state.set_cv_folds),
                (self.fraction_box, validation_fraction_limit(n), "Validation fraction",
                 self.state.set_validation_fraction)):
            note = _bound(box, limit, label)
            if note is not None:
                notes.append(note)
                moved.append((setter, box.value()))
        # Both boxes bounded before the state hears of either: its signal syncs the boxes back from the state.
        for setter, value in moved:
            setter(value)
        return notes

    def _show_targets(self) -> None:
        """The target box offers the columns of the file chosen once it is loaded, and nothing before: a column
        of another file must never be sent with this one."""
        state, source = self.state, self.state.source
        loaded = state.loaded_source
        columns = []
        if source.csv_path is not None and loaded is not None and loaded.csv_path == source.csv_path \
                and state.dataset is not None:
            columns = [state.dataset.target_name, *state.dataset.feature_names]
        if [self.target_box.itemText(i) for i in range(self.target_box.count())] != columns:
            self.target_box.blockSignals(True)
            self.target_box.clear()
            self.target_box.addItems(columns)
            self.target_box.blockSignals(False)
        self.target_box.setEnabled(bool(columns))

    def _show_dataset(self) -> None:
        dataset, source = self.state.dataset, self.state.loaded_source
        self._show_targets()
        self._say(self._bound_fitting())
        # Names, notes and the description quote the user's file: shown as text, never as markup.
        def shown(words: str) -> str:
            return escape(_breakable(words))

        notes = "".join(f"<li>{shown(note)}</li>" for note in dataset.notes)
        self.summary.setText(
            f"<b>{shown(source.label) if source else ''}</b>: n = {dataset.n_samples}, p = {dataset.n_features}, "
            f"target <i>{shown(dataset.target_name)}</i><br>{shown(dataset.description)}"
            + (f"<ul style='margin:0'>{notes}</ul>" if notes else ""))

    # -- messages -------------------------------------------------------------------------------------
    def _say(self, notes: list[str]) -> None:
        if notes:
            self.message.emit(". ".join(notes) + ".")

    def _refused(self, value: float, limit) -> None:
        self._say([limit.problem(value) or limit.reason])
        self._refusal_shown = True

    def _report_refusals(self, box, name: str) -> None:
        """Say why a text typed into ``box`` (``name`` in the sentence) that is not a number was refused, and
        clear a refusal's message once a box takes a value (connected before the box's other slots)."""
        box.unreadable.connect(lambda typed: self._unreadable(box, name, typed))
        box.valueChanged.connect(self._clear_refusal)

    def _unreadable(self, box, name: str, typed: str) -> None:
        self.message.emit(unreadable_text(box, name, typed))
        self._refusal_shown = True

    def _clear_refusal(self) -> None:
        if self._refusal_shown:
            self._refusal_shown = False
            self.message.emit("")

    # -- widgets -> state -----------------------------------------------------------------------------
    def _on_dataset_chosen(self, name: str) -> None:
        if name == CSV_ITEM:
            self.open_csv_requested.emit()
            self._sync_from_state()  # stays on the current dataset until a file is chosen
            return
        self._params_for = None
        self._build_params(name, {})
        notes = self._bound_fitting()
        self.state.set_builtin(name, self.param_values())
        self._say(notes)

    def _on_param_changed(self) -> None:
        notes = self._bound_params() + self._bound_fitting()
        self.state.set_builtin(self.dataset_box.currentText(), self.param_values())
        self._say(notes)

    def _on_target_chosen(self) -> None:
        source = self.state.source
        if source.csv_path is not None and self.target_box.isEnabled():
            self.state.set_csv(source.csv_path, self.target_box.currentText())

    def param_values(self) -> dict:
        return {name: box.value() for name, box in self.param_widgets.items()}
