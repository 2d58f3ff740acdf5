"""Undo and redo of the user's settings: every ``AppState.setting_changed`` becomes a step on a QUndoStack.

The steps hold state values, never widgets: undoing sets the state back, and the panels and views follow its
signals as they follow any change. Changes of the same settings within one gesture (a slider drag, a key
held down, a Play sweep) are one step: a mouse button or key pressed ends the open step before its widget
sees it, one released ends it once its widget has taken it (a paths line takes the release's position too).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication

# What "Undo ..." says for each setting (names from gui.state.SETTINGS).
LABELS = {"source": "data", "standardize": "standardize", "validation_fraction": "validation fraction",
          "cv_folds": "CV folds", "enet_enabled": "elastic net", "enet_alpha": "mixing α",
          "strength_mode": "strength mode", "strength": "strength", "x_axis": "plot axis",
          "constraint_features": "constraint features", "lab_mode": "lab mode", "lab_rho": "lab correlation",
          "lab_ols": "lab point"}
RESET_TEXT = "reset to defaults"
MERGE_ID = 1  # every step may merge with the open one; SettingsCommand.mergeWith decides
_GESTURE_STARTS = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress)
_GESTURE_ENDS = (QEvent.Type.MouseButtonRelease, QEvent.Type.KeyRelease)


def describe(before: dict, after: dict) -> str:
    """The step's name in the Edit menu: the setting changed (the data's name for a new dataset)."""
    if "strength_mode" in after:
        return LABELS["strength_mode"]
    if list(after) == ["source"]:
        return f"data: {after['source'].label}"
    return ", ".join(LABELS[name] for name in after)


class SettingsCommand(QUndoCommand):
    """One step: the settings' values before and after (``{name: value}``), already applied when pushed."""

    def __init__(self, history: SettingsHistory, before: dict, after: dict, text: str | None = None):
        super().__init__(text or describe(before, after))
        self.history, self.before, self.after = history, dict(before), dict(after)
        self._pushed = False

    def id(self) -> int:
        return MERGE_ID

    def mergeWith(self, other) -> bool:
        if self is not self.history.open_step or other.after.keys() != self.after.keys():
            return False
        self.after = dict(other.after)
        self.setObsolete(self.after == self.before)  # back where it started: the step goes
        return True

    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push redoes; the change is already made
            self._pushed = True
            return
        self.history.apply(self.after)

    def undo(self) -> None:
        self.history.apply(self.before)


class SettingsHistory(QObject):
    """The undo stack of ``state``'s user settings (``stack``; ``reset`` is one step too)."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.stack = QUndoStack(self)
        self.open_step = None  # the step that further changes of the same settings join
        self._applying = False
        self._text = None
        state.setting_changed.connect(self._on_setting_changed)
        state.source_refused.connect(self._on_source_refused)
        QApplication.instance().installEventFilter(self)

    def reset(self) -> None:
        """Every setting back to a new window's, as one step."""
        self._text = RESET_TEXT
        try:
            self.state.reset_settings()
        finally:
            self._text = None
        self.open_step = None  # a reset never grows

    def apply(self, values: dict) -> None:
        """Set ``values`` on the state without recording it (an undo or redo)."""
        self.open_step = None
        self._applying = True
        try:
            self.state.apply_settings(values)
        finally:
            self._applying = False

    def _on_setting_changed(self, before: dict, after: dict) -> None:
        if self._applying:
            return
        command = SettingsCommand(self, before, after, self._text)
        steps = self.stack.index()
        self.stack.push(command)  # merged into the open step (and gone), or a new step
        if self.stack.index() > steps:
            self.open_step = command
        elif self.stack.index() < steps:
            self.open_step = None  # the open step went back where it started and was dropped
        else:
            self.open_step.setText(describe(self.open_step.before, self.open_step.after))

    def _on_source_refused(self, refused) -> None:
        # The step that chose a file the loader refused ends where the state went back to.
        step = self.stack.command(self.stack.index() - 1) if self.stack.index() else None
        if step is None or step.after.get("source") != refused:
            return
        step.after["source"] = self.state.source
        if step.after == step.before:
            step.setObsolete(True)
            self.stack.undo()  # applies ``before``, the state already: only drops the step
        self.open_step = None

    def _end_step(self) -> None:
        self.open_step = None

    def eventFilter(self, watched, event) -> bool:
        if isinstance(event, QKeyEvent) and event.isAutoRepeat():
            return False
        if event.type() in _GESTURE_STARTS:
            self.open_step = None
        elif event.type() in _GESTURE_ENDS:
            # After the release is delivered: a paths line's drag ends with a last move to the release's
            # position, which belongs to the drag's step (else a first undo only undid that last move).
            QTimer.singleShot(0, self, self._end_step)
        return False
