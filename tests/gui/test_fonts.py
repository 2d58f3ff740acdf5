"""The labels must be drawn with a real font, not the boxes of a missing one."""

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics


def test_real_font_families_exist(qapp):
    families = QFontDatabase.families()
    assert families, "no font family: every label would be drawn as boxes"
    font = QFont()
    # A font that has the letters we draw: the width of "L1 keeps" is not that of the same number of boxes.
    metrics = QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "L1 keeps 4 of 10 features λ±·")
    assert QFontInfo(font).family() in families
