"""RegLab's log: a failure keeps its traceback, on stderr and in a rotating file in the user's state directory.

The status bar says briefly what failed ("RegLab could not compute ... (details in the log)"); the log says
why. ``REGLAB_LOG_DIR`` overrides the folder (the tests point it at a temporary one).
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER_NAME = "reglab"
LOG_DIR_ENV = "REGLAB_LOG_DIR"
LOG_FILE = "reglab.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"

logger = logging.getLogger(LOGGER_NAME)


def log_directory() -> Path:
    """``$REGLAB_LOG_DIR``, else Qt's AppLocalDataLocation (e.g. ~/.local/share/RegLab); set the application's
    name first."""
    folder = os.environ.get(LOG_DIR_ENV)
    if folder:
        return Path(folder)
    from PySide6.QtCore import QStandardPaths

    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation))


def setup_logging() -> Path | None:
    """Send RegLab's log records to stderr and to the rotating log file; returns the file's path (None when it
    cannot be written: then stderr only). Calling it again changes nothing."""
    if logger.handlers:
        return next((Path(h.baseFilename) for h in logger.handlers if isinstance(h, RotatingFileHandler)), None)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    formatter = logging.Formatter(_FORMAT)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.WARNING)
    stderr.setFormatter(formatter)
    logger.addHandler(stderr)
    path = log_directory() / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        logger.warning("cannot write the log file %s: %s", path, exc)
        return None
    file_handler.setFormatter(formatter)
    logger.addHandler(file_handler)
    return path


def could_not_compute(what: str) -> str:
    """The status bar's words for an unexpected failure while computing ``what``."""
    return f"RegLab could not compute {what} (details in the log)."
