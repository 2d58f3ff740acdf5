"""The Qt binding must not leak or steal references: PySide6 6.12.0 on Python 3.11 dropped one reference
to None on every void call, and CPython aborted ("none_dealloc") after seconds of dragging a slider."""

import sys

from PySide6.QtWidgets import QWidget


def test_void_calls_keep_none_alive(qapp):
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.setWindowTitle("RegLab")
    assert abs(sys.getrefcount(None) - before) < 100
