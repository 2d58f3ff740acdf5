"""The baseline for start-up: a bare PySide6 window that prints when its first frame is painted, then quits.

    python bench/bare_window.py   ->   prints "painted <unix time>"
"""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class BareWindow(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        print(f"painted {time.time():.6f}", flush=True)
        QTimer.singleShot(0, QApplication.instance().quit)  # after the frame is flushed


if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = BareWindow()
    window.resize(1600, 1000)
    window.show()
    sys.exit(app.exec())
