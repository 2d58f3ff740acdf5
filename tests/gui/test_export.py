"""Exports: SVG as valid vector paths clipped to each plot with the view's readout, PNG at a chosen scale, the
whole window, never a stale picture, atomic writes and clear messages when a file cannot be written."""

import os
import re
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFileDialog, QGraphicsItem, QMessageBox

from gui import export
from gui.svg_cleanup import SVG_NS, portable_svg
from tests.gui.conftest import wait_ready

CORRELATED = {"n_samples": 100, "n_groups": 3, "group_size": 3, "rho": 0.9, "seed": 0}
# Words of each view's readout or legend that an exported picture must show.
READOUT_WORDS = {"PathsView": "bmi", "BarsView": "keeps", "ValidationView": "Lower CV error",
                 "ConstraintView": "least squares", "StabilityView": "resamples"}
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def export_now(qtbot, window, view, path, scale=export.DEFAULT_SCALE):
    window.export_view_to(view, str(path), scale)
    qtbot.waitUntil(path.exists, timeout=60_000)


def svg_text(path) -> str:
    return " ".join("".join(node.itertext()) for node in ET.parse(path).getroot().iter(f"{{{SVG_NS}}}text"))


def clip_rects(svg: str) -> list[QRectF]:
    rects = []
    for d in re.findall(r'<clipPath[^>]*>\s*<path[^>]*\sd="([^"]*)"', svg):
        numbers = [float(v) for v in re.findall(NUMBER, d)]
        xs, ys = numbers[::2], numbers[1::2]
        rects.append(QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    return rects


def plot_rects(view) -> list[QRectF]:
    """Each plot area (view box) of ``view``, in the canvas's pixels."""
    import pyqtgraph as pg

    return [view.canvas.viewportTransform().mapRect(item.vb.sceneBoundingRect())
            for item in view.canvas.ci.items if isinstance(item, pg.PlotItem)]


def same_rect(a: QRectF, b: QRectF, tolerance=0.5) -> bool:
    return all(abs(u - v) <= tolerance for u, v in zip(a.getRect(), b.getRect()))


@pytest.fixture
def all_shown(window, qtbot):
    """The window on diabetes with the stability tab in front and computed."""
    window.choose_tab("stability")
    qtbot.waitUntil(lambda: window.view_is_current(window.stability_view), timeout=60_000)
    return window


def test_svg_is_vector_clipped_to_every_plot_valid_and_shows_the_readout(all_shown, qtbot, tmp_path):
    window = all_shown
    for view in window.views():
        name = type(view).__name__
        path = tmp_path / f"{name}.svg"
        export_now(qtbot, window, view, path)
        svg = path.read_text()
        assert "<image" not in svg, name  # no cached pixmap drawn into it
        clips = clip_rects(svg)
        for plot in plot_rects(view):
            assert any(same_rect(plot, clip) for clip in clips), (name, plot)
        assert READOUT_WORDS[name] in svg_text(path), name
        assert 'd=""' not in svg and "non-scaling-stroke" not in svg.split("</defs>")[1], name
        renderer = QSvgRenderer(str(path))  # a Qt warning ("Invalid path data") fails the test
        assert renderer.isValid(), name


@pytest.mark.slow  # a subprocess
@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert (librsvg2-bin) is not installed")
def test_svg_renders_without_complaint_in_librsvg(all_shown, qtbot, tmp_path):
    for view in all_shown.views():
        path = tmp_path / f"{type(view).__name__}.svg"
        export_now(qtbot, all_shown, view, path)
        done = subprocess.run(["rsvg-convert", str(path), "-o", str(tmp_path / "out.png")],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stderr == "", (path.name, done.stderr)


def test_constraint_export_includes_its_readout_and_clips_the_contours(window, qtbot, tmp_path):
    view = window.constraint_view
    path = tmp_path / "constraint.svg"
    export_now(qtbot, window, view, path)
    text = svg_text(path)
    assert "least squares" in text and "L1" in text and "L2" in text
    height = view.key.geometry().bottom() + 1 - view.canvas.geometry().top()
    assert QSvgRenderer(str(path)).viewBox().height() == height  # canvas, readout and key; not the controls
    png = tmp_path / "constraint.png"
    export_now(qtbot, window, view, png, scale=2)
    assert QImage(str(png)).height() == 2 * height


@pytest.mark.parametrize("scale", export.SCALES)
def test_png_is_scale_times_the_view(window, qtbot, tmp_path, scale):
    view = window.paths_view
    path = tmp_path / "paths.png"
    export_now(qtbot, window, view, path, scale)
    image = QImage(str(path))
    # The canvas and, beside it, the legend of the features.
    area = view.canvas.geometry().united(view.legend.geometry())
    assert (image.width(), image.height()) == (scale * area.width(), scale * area.height())


def test_save_dialog_offers_the_scales_with_2x_first_chosen(window, qtbot, tmp_path, monkeypatch):
    asked = []

    def dialog(parent, caption, name, filters, chosen):
        asked.append((filters.split(";;"), chosen))
        return str(tmp_path / "bars"), export.png_filter(3)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    window.export_view(window.bars_view, "PNG")
    qtbot.waitUntil((tmp_path / "bars.png").exists)
    assert asked[0] == ([export.png_filter(s) for s in export.SCALES], export.png_filter(2))
    assert QImage(str(tmp_path / "bars.png")).width() == 3 * window.bars_view.canvas.width()
    window.export_view(window.bars_view, "PNG")
    assert asked[1][1] == export.png_filter(3)  # the last choice is offered next


def test_window_exports_as_png_at_the_scale(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "window.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(path), export.png_filter(2)))
    action = next(a for a in window.findChildren(type(window.presentation_action)) if "window as PNG" in a.text())
    action.trigger()
    qtbot.waitUntil(path.exists)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (2 * window.width(), 2 * window.height())


def test_hidden_stability_tab_exports_the_current_data_not_the_old(make_window, qtbot, tmp_path):
    """Stability on correlated data, back to validation, switch to diabetes, export the stability view."""
    window = make_window(builtin="correlated", params=CORRELATED)
    wait_ready(qtbot, window)
    window.choose_tab("stability")
    qtbot.waitUntil(lambda: window.view_is_current(window.stability_view), timeout=60_000)
    window.choose_tab("validation")
    window.state.set_builtin("diabetes", {})
    wait_ready(qtbot, window)
    for suffix in ("svg", "png"):
        path = tmp_path / f"stability.{suffix}"
        window.export_view_to(window.stability_view, str(path))
        assert window.stability_view.isVisible()  # its tab came to the front, and it computes
        qtbot.waitUntil(path.exists, timeout=60_000)
    text = svg_text(tmp_path / "stability.svg")
    assert "bmi" in text and "s5" in text and "g1.a" not in text
    assert window.message.text() == f"Saved {window.stability_view.title} to {tmp_path / 'stability.png'}"


def test_export_waits_while_results_are_computing(window, qtbot, tmp_path):
    path = tmp_path / "validation.svg"
    window.state.set_cv_folds(4)  # a recompute: the validation curves on screen are the old ones
    window.export_view_to(window.validation_view, str(path))
    assert not path.exists() and "once it shows the current results" in window.message.text()
    qtbot.waitUntil(path.exists, timeout=60_000)
    assert window.controller.idle and window.state.result(window.state.penalties[0]).cv.fold_errors.shape[0] == 4


def test_caches_come_back_after_an_export(window, qtbot, tmp_path):
    items = [item for item in window.paths_view.canvas.scene().items()
             if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    assert items
    export_now(qtbot, window, window.paths_view, tmp_path / "paths.svg")
    assert all(item.cacheMode() != QGraphicsItem.CacheMode.NoCache for item in items)


def test_unwritable_folder_gives_a_message_and_keeps_the_old_file(window, qtbot, tmp_path, monkeypatch):
    old = tmp_path / "paths.svg"
    old.write_text("the lecturer's old picture")

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")  # what mkstemp raises in a read-only folder

    monkeypatch.setattr(export.tempfile, "mkstemp", read_only)
    window.export_view_to(window.paths_view, str(old))
    assert old.read_text() == "the lecturer's old picture"
    assert "Cannot write" in window.message.text() and "Permission denied" in window.message.text()
    box = window.findChild(QMessageBox, "export_error")
    assert box is not None and str(old) in box.text()
    box.close()


def test_failed_replace_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    old = tmp_path / "picture.png"
    old.write_bytes(b"old")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "replace", fail)
    with pytest.raises(export.ExportError, match="No space left on device"):
        export.write_atomically(str(old), b"new picture")
    assert old.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["picture.png"]


@pytest.mark.skipif(os.name != "posix", reason="file modes and the umask are POSIX's")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_an_exported_file_gets_the_permissions_the_umask_gives(tmp_path, umask, mode):
    old_umask = os.umask(umask)
    try:
        export.write_atomically(str(tmp_path / "new.png"), b"picture")
        (tmp_path / "old.png").write_bytes(b"old")
        export.write_atomically(str(tmp_path / "old.png"), b"picture")
        assert os.umask(umask) == umask  # read back unchanged
    finally:
        os.umask(old_umask)
    for name in ("new.png", "old.png"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == mode, name
        assert (tmp_path / name).read_bytes() == b"picture"


def test_a_folder_without_file_modes_still_takes_the_export(tmp_path, monkeypatch):
    def refuse(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(export.os, "chmod", refuse)
    export.write_atomically(str(tmp_path / "stick.png"), b"picture")
    assert (tmp_path / "stick.png").read_bytes() == b"picture"


def test_missing_folder_is_reported(window, tmp_path):
    target = tmp_path / "no such folder" / "paths.png"
    window.export_view_to(window.paths_view, str(target))
    assert "Cannot write" in window.message.text() and not target.exists()
    window.findChild(QMessageBox, "export_error").close()


def test_cosmetic_strokes_are_mapped_into_document_coordinates():
    svg = (f'<svg xmlns="{SVG_NS}"><g stroke-width="3" transform="matrix(2,0,0,-100,10,20)">'
           '<polyline vector-effect="non-scaling-stroke" points="1,0 2,1 "/>'
           '<path vector-effect="non-scaling-stroke" d="M1,0 L2,1 C0,0 1,1 2,2 Z"/>'
           '<text x="0" y="0">label</text><path d=""/></g></svg>')
    root = ET.fromstring(portable_svg(svg))
    group = root.find(f"{{{SVG_NS}}}g")
    assert "transform" not in group.attrib
    polyline, path, text = list(group)
    assert polyline.get("points") == "12,20 14,-80" and polyline.get("vector-effect") == "none"
    assert path.get("d") == "M 12,20 L 14,-80 C 10,20 12,-80 14,-180 Z"
    assert text.get("transform") == "matrix(2,0,0,-100,10,20)"  # kept: text is not a cosmetic stroke


@pytest.mark.slow  # a subprocess
def test_the_export_menu_loads_no_drawing_code_before_the_first_window():
    """The window shows before pyqtgraph loads (gui.main_window): the export module must not load it, nor QtSvg."""
    code = ("import sys, gui.main_window; "
            "print([m for m in ('pyqtgraph', 'PySide6.QtSvg', 'gui.picture') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=str(Path(__file__).resolve().parents[2]))
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr
