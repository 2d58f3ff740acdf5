"""main.py as a user runs it: --screenshot, --self-test, --version and flag errors (in child processes)."""

import os
import pathlib
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run_main(*args, timeout=120):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


def test_screenshot_writes_a_png_of_the_requested_size(tmp_path, qapp):
    target = tmp_path / "shot.png"
    done = run_main("--screenshot", str(target), "--size", "1200x800")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1200, 800)
    # Not blank: the plots put many distinct colours on the white background.
    colours = {image.pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 800, 7)}
    assert len(colours) > 50


def test_self_test_passes_and_prints_one_line():
    done = run_main("--self-test", "--dataset", "sparse")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reglab self-test passed: first window")
    assert done.stderr == ""


@pytest.mark.parametrize("args", [["--size", "12"], ["--dataset", "nope"], ["--target", "y"]])
def test_flag_errors_print_one_line_and_exit_2(args):
    done = run_main(*args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "error" in done.stderr


def test_version():
    from core import __version__

    done = run_main("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"RegLab {__version__}"


def test_screenshot_can_show_the_stability_tab(tmp_path, qapp):
    # --tab stability waits for the bootstrap picture too (a shown view counts as ready only with its data).
    target = tmp_path / "stability.png"
    done = run_main("--screenshot", str(target), "--size", "1600x1000", "--tab", "stability")
    assert done.returncode == 0, done.stderr
    assert QImage(str(target)).width() == 1600


def test_choose_tab_switches_the_view_beside_the_bars(make_window, qtbot):
    window = make_window(start=False)
    window.choose_tab("stability")
    assert window.slots["validation_tabs"].currentWidget() is window.stability_view
    window.choose_tab("validation")
    assert window.slots["validation_tabs"].currentWidget() is window.validation_view
    with pytest.raises(ValueError, match="unknown tab"):
        window.choose_tab("paths")
