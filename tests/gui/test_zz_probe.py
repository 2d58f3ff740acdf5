from tests.gui.test_layout import _set_mode, MODES
def test_probe(window, qtbot):
    for p, c in MODES:
        _set_mode(window, qtbot, (1920, 1080), p, c)
    v = window.constraint_view
    print(v.size(), v.readout.size(), v.readout.minimumHeight(), v.key.size(), v.controls.size(), v.canvas.size(), v.zero_panel.isVisible())
    window.grab().save("/tmp/layout_probe_1920tf.png")
    assert 0
