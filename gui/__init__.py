"""RegLab's user interface: PySide6 + pyqtgraph. State, compute controller, panels and views."""

import sys


def _guard_none_refcount() -> None:
    """Work around PySide6 6.12.0 on Python < 3.12, which drops one reference to None on every call of a
    Qt method returning void (and to True/False on some calls back from C++): None's count reaches zero
    after some ten thousand calls (seconds of dragging the strength) and CPython aborts with
    "none_dealloc". Python 3.12 made these objects immortal; PySide6 6.11 does not have the bug. Until the
    dependency pin excludes 6.12.0, give them counts no run can exhaust (the object's first word)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    import PySide6

    if tuple(PySide6.__version_info__[:3]) == (6, 12, 0):
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_guard_none_refcount()
