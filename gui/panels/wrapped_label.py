"""A word-wrapped label that keeps room for all its lines."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLabel


class WrappedLabel(QLabel):
    """A word-wrapped label whose size hints are as high as its text's lines at its width: layouts that do not
    ask for height-for-width (a dock's, a form's rows with an Ignored width policy) would clip the second
    line, and QLabel's own hint guesses a narrow width (three lines where one fits).

    The height is held, not set as a minimum height: QLabel's heightForWidth never drops below an explicit
    minimum, so a label once grown (presentation fonts) would keep the room for lines it no longer has. It
    grows only while its width stays, so that a text changing at every strength move does not resize (and so
    repaint) the panel each time; a new width or font measures it again.
    """

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._lines_px = 0  # the height held for the text's lines at the label's width

    def setText(self, text: str) -> None:
        super().setText(text)
        self._measure(shrink=False)

    def heightForWidth(self, width: int) -> int:
        needed = super().heightForWidth(width)
        return max(needed, self._lines_px) if width == self.width() else needed

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._lines_px)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._lines_px)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._measure(shrink=True)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation fonts: more lines, or fewer again
            self._measure(shrink=True)

    def _measure(self, shrink: bool) -> None:
        needed = max(super().heightForWidth(self.width()), 0)  # -1 without text
        if needed > self._lines_px or (shrink and needed != self._lines_px):
            self._lines_px = needed
            self.updateGeometry()
