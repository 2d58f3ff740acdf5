"""main.py as a user runs it: --screenshot, --self-test, --version and flag errors (in child processes)."""

import os
import pathlib
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run_main(*args, timeout=120):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


@pytest.mark.slow  # a subprocess
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


@pytest.mark.slow  # a subprocess
def test_self_test_passes_and_prints_one_line():
    done = run_main("--self-test", "--dataset", "sparse")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reglab self-test passed: first window")
    assert done.stderr == ""


@pytest.mark.slow  # a subprocess
@pytest.mark.parametrize("args", [["--size", "12"], ["--dataset", "nope"], ["--target", "y"]])
def test_flag_errors_print_one_line_and_exit_2(args):
    done = run_main(*args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "error" in done.stderr


@pytest.mark.slow  # a subprocess
def test_version():
    from core import __version__

    done = run_main("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"RegLab {__version__}"


@pytest.mark.slow  # a subprocess
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


# A bad file on the command line ---------------------------------------------------------------------------

def _bad_inputs(tmp_path):
    """Each way the start-up's data can be bad: (flags, what the loader's message says)."""
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    good = tmp_path / "good.csv"
    good.write_text("a,b,y\n" + "".join(f"{i},{i * i % 7},{i % 3}\n" for i in range(20)))
    return {"missing": (["--csv", str(tmp_path / "missing.csv")], "does not exist"),
            "empty": (["--csv", str(empty)], "empty.csv"),
            "binary": (["--csv", str(binary)], "binary"),
            "no such target": (["--csv", str(good), "--target", "nosuch"], "nosuch")}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["missing", "empty", "binary", "no such target"])
def test_a_headless_run_with_bad_data_prints_the_message_and_exits_1(tmp_path, kind):
    # It waited forever behind a message box no one could see or close.
    flags, says = _bad_inputs(tmp_path)[kind]
    done = run_main("--self-test", *flags, timeout=60)
    assert done.returncode == 1
    assert says in done.stderr and len(done.stderr.strip().splitlines()) == 1
    shot = tmp_path / "shot.png"
    done = run_main("--screenshot", str(shot), *flags, timeout=60)
    assert done.returncode == 1 and says in done.stderr and not shot.exists()


@pytest.fixture
def in_process_main(monkeypatch, qtbot):
    """main.py's start-up in this process: (main module, build(argv) -> (app, window)); no message handler
    of its own (pytest-qt's must see the warnings) and the GIL switch interval left alone."""
    import main

    monkeypatch.setattr(main, "_quiet_offscreen_messages", lambda: None)
    monkeypatch.setattr(sys, "setswitchinterval", lambda interval: None)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    windows = []

    def build(argv):
        app, window = main._build(main.parse_args(argv), views=False)
        qtbot.addWidget(window)
        windows.append(window)
        return app, window

    yield main, build
    for window in windows:
        window.close()


@pytest.fixture
def message_boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def test_a_headless_run_shows_no_message_box_and_says_why_on_stderr(in_process_main, message_boxes, tmp_path,
                                                                    capsys):
    main, build = in_process_main
    argv = ["--self-test", "--csv", str(tmp_path / "missing.csv")]
    app, window = build(argv)
    assert main._run(app, window, main.parse_args(argv)) == 1
    assert message_boxes == []
    assert "'missing.csv' does not exist" in capsys.readouterr().err


def test_a_bad_start_up_file_is_shown_once_and_the_default_data_opens(in_process_main, message_boxes, tmp_path,
                                                                       qtbot):
    main, build = in_process_main
    app, window = build(["--csv", str(tmp_path / "missing.csv")])
    main._show(app, window)
    qtbot.waitUntil(lambda: window.controller.idle and window.all_views_ready(), timeout=60_000)
    assert len(message_boxes) == 1  # it came twice: the file was set after the controller listened, and loaded twice
    assert "'missing.csv' does not exist" in message_boxes[0] and "diabetes" in message_boxes[0]
    assert window.state.source.builtin == "diabetes"
    assert window.state.results_dataset.feature_names[:3] == ("age", "sex", "bmi")
    assert window.data_panel.dataset_box.currentText() == "diabetes"


def test_the_start_up_data_is_loaded_once(in_process_main, tmp_path, qtbot):
    main, build = in_process_main
    app, window = build(["--dataset", "sparse"])
    assert window.controller.generation == 0  # nothing computed before the window shows
    main._show(app, window)
    qtbot.waitUntil(lambda: window.controller.idle and window.all_views_ready(), timeout=60_000)
    assert window.controller.generation == 1
