"""A leading- and trailing-edge throttle: the first request of a burst runs at once, the last one runs when
the interval ends, and nothing in between. (superqt has one, but importing superqt costs about a second of
start-up, so the workers' module is loaded only once the window is up.)"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal


class Throttler(QObject):
    """Emits ``triggered`` at most once per ``interval_ms``, on the leading and on the trailing edge."""

    triggered = Signal()

    def __init__(self, interval_ms: int, parent=None):
        super().__init__(parent)
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timeout)

    def throttle(self) -> None:
        """Request an emission."""
        if self._timer.isActive():
            self._pending = True
            return
        self._emit()

    def stop(self) -> None:
        """Drop any pending emission and stop the timer."""
        self._pending = False
        self._timer.stop()

    def has_pending(self) -> bool:
        """An emission is waiting for the end of the interval."""
        return self._pending

    def _emit(self) -> None:
        self._pending = False
        self._timer.start()
        self.triggered.emit()

    def _on_timeout(self) -> None:
        if self._pending:
            self._emit()
