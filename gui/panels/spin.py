"""Spin boxes that say what they do and what range they take, and that report a typed value they cannot take.

Qt's spin boxes drop such a value without a word: a keystroke that would leave the range, or that is not
part of a number, is swallowed, and a number below the minimum is put back when editing ends. Here typing
goes on, and when editing ends the box emits ``refused(value)`` for a number out of range, ``unreadable(text)``
for text that is not a number, before putting its last value back, so that the panel can say why
(``unreadable_text`` words the second).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox


class _Reporting:
    """What both spin boxes share; ``describe`` gives the tooltip's first line (what the box does)."""

    _description = ""

    def describe(self, text: str) -> None:
        """What the box does, the tooltip's first line."""
        if text != self._description:  # the strength box is described anew at every strength move
            self._description = text
            self._update_tooltip()

    def set_limits(self, low: float, high: float) -> None:
        """The range, in the tooltip too; a value outside is moved inside (and ``valueChanged`` says so)."""
        if (low, high) != (self.minimum(), self.maximum()):
            self.setRange(low, high)
            self._update_tooltip()

    def range_text(self) -> str:
        """"from 2 to 20": the range as the box writes its numbers."""
        return f"from {self.textFromValue(self.minimum())} to {self.textFromValue(self.maximum())}"

    def _update_tooltip(self) -> None:
        range_text = self.range_text()
        self.setToolTip(f"{self._description}\n{range_text[0].upper()}{range_text[1:]}" if self._description else "")

    def _typed(self, text: str) -> str:
        return text.strip().removeprefix(self.prefix().strip()).removesuffix(self.suffix().strip()).strip()

    def typed_number(self, text: str) -> float | None:
        """The number in ``text`` (prefix and suffix removed), or None when it is not one."""
        try:
            return float(self._typed(text).replace(self.locale().groupSeparator(), ""))
        except ValueError:
            return None

    def value_text(self) -> str:
        """The value as the box shows it, with its prefix and suffix ("s = 0.500")."""
        return f"{self.prefix()}{self.textFromValue(self.value())}{self.suffix()}"

    def validate(self, text, pos):
        state, text, pos = super().validate(text, pos)
        if state == QValidator.State.Invalid:
            return QValidator.State.Intermediate, text, pos  # refused, with a word, when editing ends
        return state, text, pos

    def fixup(self, text):
        typed, number = self._typed(text), self.typed_number(text)
        if number is None:
            self.unreadable.emit(typed)
        elif not self.minimum() <= number <= self.maximum():
            self.refused.emit(number)
        return super().fixup(text)


def unreadable_text(box, name: str, typed: str) -> str:
    """Why ``typed`` left ``box`` (named ``name`` in the sentence) where it was: "'abc' is not a number: Noise
    (std) stays at 0.50."."""
    what = f"'{typed}' is not a number" if typed else "No number was typed"
    return f"{what}: {name} stays at {box.value_text()}."


class SpinBox(_Reporting, QSpinBox):
    """A whole-number spin box that reports a typed value outside its range (``refused``) or not a number
    (``unreadable``)."""

    refused = Signal(float)
    unreadable = Signal(str)


class DoubleSpinBox(_Reporting, QDoubleSpinBox):
    """A decimal spin box that reports a typed value outside its range (``refused``) or not a number
    (``unreadable``)."""

    refused = Signal(float)
    unreadable = Signal(str)
