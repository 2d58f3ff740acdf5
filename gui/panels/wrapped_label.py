"""A word-wrapped label that keeps room for all its lines."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel


class WrappedLabel(QLabel):
    """A word-wrapped label whose minimum height is that of its text's lines at its width: layouts that do not
    ask for height-for-width (a dock's, a form's with an Ignored width policy) would clip the second line.

    It grows only while its width stays, so that a text changing at every strength move does not resize
    (and so repaint) the panel each time; a new width measures it again.
    """

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit(shrink=False)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit(shrink=True)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation fonts: more lines
            self._fit(shrink=True)

    def _fit(self, shrink: bool) -> None:
        needed = max(self.heightForWidth(self.width()), 0)  # -1 without text
        if needed > self.minimumHeight() or (shrink and needed != self.minimumHeight()):
            self.setMinimumHeight(needed)
