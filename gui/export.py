"""Views and the window as picture files: the scales offered, writing only once a picture is current, and
atomic writes with a message for the user when a file cannot be written. How a picture is drawn: ``gui.picture``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

SCALES = (1, 2, 3)
DEFAULT_SCALE = 2  # for slides: a projector or a printed page shows a 1x picture blurred
EXPORT_FAILED = "RegLab could not draw the picture to export (details in the log). Try again, or try SVG."


class ExportError(Exception):
    """A picture could not be written; the message is for the user and names the file."""


def png_filter(scale: int) -> str:
    """The save dialog's filter that chooses a PNG at ``scale``."""
    return f"PNG image at {scale}x screen size (*.png)"


class PendingExport(QObject):
    """Writes a picture once what it shows is current, never before.

    ``is_current()`` is asked now (``try_now``) and again after each of ``signals`` (queued: a view's
    ``repainted`` comes from within a paint, and drawing the view again there would be a recursive paint).
    ``written`` or ``failed(message)`` follows the one write.
    """

    written = Signal()
    failed = Signal(str)

    def __init__(self, is_current, write, signals, parent=None):
        super().__init__(parent)
        self._is_current, self._write = is_current, write
        self._signals = signals
        for signal in signals:
            signal.connect(self.try_now, Qt.ConnectionType.QueuedConnection)

    def try_now(self, *_) -> bool:
        """Write if what the picture shows is current; True once written (or failed)."""
        if self._write is None or not self._is_current():
            return self._write is None
        write = self._write
        self.cancel()
        try:
            write()
        except ExportError as exc:
            self.failed.emit(str(exc))
        except Exception:  # noqa: BLE001 - logged; the user reads a sentence, never the exception
            from gui.log import logger

            logger.exception("export failed")
            self.failed.emit(EXPORT_FAILED)
        else:
            self.written.emit()
        return True

    def cancel(self) -> None:
        """Forget the write (a newer export replaces it, or the window closes)."""
        self._write = None
        for signal in self._signals:
            signal.disconnect(self.try_now)
        self._signals = ()


def write_view(view, path: str, scale: int = DEFAULT_SCALE) -> None:
    """Write what ``view`` shows (``view.export_parts()``) to ``path``: an SVG when it ends in .svg, else a PNG
    at ``scale``. Raises ``ExportError``."""
    from gui import picture  # pyqtgraph and QtSvg: not on the way to the first window

    parts = view.export_parts()
    if path.lower().endswith(".svg"):
        write_atomically(path, picture.widget_svg(view, parts, view.title))
    else:
        write_atomically(path, picture.widget_png(view, parts, scale))


def write_window(window: QWidget, path: str, scale: int = DEFAULT_SCALE) -> None:
    """Write a PNG of the whole ``window`` at ``scale`` to ``path``. Raises ``ExportError``."""
    from gui import picture

    write_atomically(path, picture.widget_png(window, [window], scale))


def _umask() -> int:
    """The process's file mode creation mask (reading it means setting it: it is put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so that a failed write leaves
    whatever ``path`` held before untouched. The file gets the permissions any new file gets (0o666 less the
    umask), not the temporary file's owner-only 0o600. Raises ``ExportError`` with a message for the user."""
    folder = os.path.dirname(os.path.abspath(path))
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".reglab-export-", suffix=".part")
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        with contextlib.suppress(OSError):  # a FAT-formatted USB stick has no modes and refuses (EPERM)
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.remove(temporary)
        reason = exc.strerror or str(exc)
        raise ExportError(f"Cannot write {path}: {reason}. Choose another folder or file name.") from None
