"""RegLab's entry point: command-line flags, the QApplication and the main window.

    python main.py [--dataset NAME | --csv PATH [--target NAME]]
                   [--screenshot PATH [--size WxH] [--presentation] [--hide-controls]]
                   [--self-test] [--version]
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # before the heavy imports: start-up timings count from here

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

DEFAULT_SIZE = (1600, 1000)
FIRST_RESULTS_TIMEOUT_S = 120
GIL_SWITCH_INTERVAL_S = 0.001


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        # One line and status 2 for every flag error (argparse would print the whole usage first).
        self.exit(2, f"reglab: error: {message}\n")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1600x1000, got {text!r}") from None
    if not (100 <= width <= 10000 and 100 <= height <= 10000):
        raise argparse.ArgumentTypeError(f"size must be between 100x100 and 10000x10000, got {text!r}")
    return width, height


def parse_args(argv=None) -> argparse.Namespace:
    from core import __version__
    from core.datasets import BUILTIN_DATASETS

    parser = _ArgumentParser(prog="reglab", description="See and touch L1 (lasso) against L2 (ridge).")
    data = parser.add_mutually_exclusive_group()
    data.add_argument("--dataset", choices=BUILTIN_DATASETS, help="built-in dataset to open (default: diabetes)")
    data.add_argument("--csv", metavar="PATH", help="CSV file to open")
    parser.add_argument("--target", metavar="NAME", help="target column of the CSV file (default: the last one)")
    parser.add_argument("--tab", choices=("validation", "stability"), default="validation",
                        help="the view shown beside the coefficient bars (default: validation)")
    parser.add_argument("--screenshot", metavar="PATH", help="save a PNG of the window with its first results, exit")
    parser.add_argument("--size", type=_size, default=DEFAULT_SIZE, metavar="WxH",
                        help="window size for --screenshot (default 1600x1000)")
    parser.add_argument("--presentation", action="store_true",
                        help="with --screenshot: in presentation mode (the window at --size, as a projector's full screen)")
    parser.add_argument("--hide-controls", action="store_true", help="with --screenshot: with the controls hidden")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window offscreen, check the first results, print timings, exit")
    parser.add_argument("--version", action="version", version=f"RegLab {__version__}")
    args = parser.parse_args(argv)
    if args.target is not None and args.csv is None:
        parser.error("--target needs --csv")
    if args.screenshot and args.self_test:
        parser.error("--screenshot and --self-test exclude each other")
    if (args.presentation or args.hide_controls) and not args.screenshot:
        parser.error("--presentation and --hide-controls go with --screenshot")
    return args


def _headless(args) -> bool:
    return args.self_test or (args.screenshot is not None and not (os.environ.get("DISPLAY")
                                                                    or os.environ.get("WAYLAND_DISPLAY")))


def build_window(argv=None):
    """Parse ``argv``, create the QApplication and the complete main window (views built) with its first
    computation started.

    Returns ``(app, window)``; the window is not shown yet.
    """
    app, window = _build(parse_args(argv), views=True)
    window.start()
    return app, window


def _quiet_offscreen_messages() -> None:
    """Drop the offscreen platform's notice that it ignores size hints (it would print once per resize)."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message):
        if "does not support propagateSizeHints" not in message:
            sys.stderr.write(f"{message}\n")

    qInstallMessageHandler(handler)


def _build(args, views: bool):
    if _headless(args):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        _quiet_offscreen_messages()
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow
    from gui.state import AppState

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("RegLab")
    from gui.log import setup_logging

    setup_logging()  # the log's folder is named after the application
    # The workers run Python between their numpy calls; a GUI thread that gives up the GIL (in many Qt calls)
    # waits for the switch interval to get it back. 1 ms instead of 5: the longest event-loop gap during a
    # 100000 x 50 recompute fell from a median of 56 to 48 ms (6 runs each), the recompute itself no slower.
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    # The data source is set before the window's controller listens: the one computation starts with
    # window.start() (a source set afterwards started a second one, and a bad file was reported twice).
    state = AppState()
    if args.csv:
        state.set_csv(os.path.abspath(args.csv), args.target)
    elif args.dataset:
        state.set_builtin(args.dataset, {})
    window = MainWindow(state, views=views)
    state.setParent(window)
    if _headless(args):
        # No one could close a message box: the run reports the loader's message on stderr instead.
        window.controller.data_error.disconnect(window.show_data_error)
    window.choose_tab(args.tab)
    return app, window


def _wait_for_first_results(app, window) -> str | None:
    """Run the event loop until every view has painted its first results; an error message on failure."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    failure = []
    window.first_results.connect(loop.quit)
    window.controller.data_error.connect(lambda message: (failure.append(message), loop.quit()))
    window.controller.error.connect(lambda message: (failure.append(message), loop.quit()))
    QTimer.singleShot(FIRST_RESULTS_TIMEOUT_S * 1000, loop.quit)
    if not window.all_views_ready():
        loop.exec()
    if failure:
        return failure[0]
    if not window.all_views_ready():
        return f"the views had no results after {FIRST_RESULTS_TIMEOUT_S} s"
    return None


def _show(app, window) -> float:
    """Show the window, paint it, then (from the event loop) start computing and build the views; returns
    the time from start-up to the first frame.

    The window's first frame has the views' places empty: loading the workers' modules and pyqtgraph
    (the views) would delay it by about a second.
    """
    from PySide6.QtCore import QTimer

    window.show()
    app.processEvents()
    window.repaint()
    shown = time.perf_counter() - _STARTED
    QTimer.singleShot(0, window.start_then_build_views)
    return shown


def _sanity_problems(window) -> list[str]:
    """What is wrong with the results every view shows (empty when all are finite and of the right shape)."""
    import numpy as np

    state = window.state
    dataset, problems = state.results_dataset, []
    p = dataset.n_features
    for result in state.results():
        name = result.penalty.short_name
        path, fit, holdout, cv = result.path, result.fit, result.holdout, result.cv
        k = len(path.lambdas)
        checks = {"path coefs": (path.coefs, (k, p)), "fit coef": (fit.coef, (p,)),
                  "hold-out error": (np.column_stack([holdout.train_mse, holdout.val_mse]), (len(holdout.lambdas), 2)),
                  "CV mean": (np.column_stack([cv.mean, cv.se]), (len(cv.lambdas), 2))}
        for what, (values, shape) in checks.items():
            values = np.asarray(values)
            if values.shape != shape:
                problems.append(f"{name} {what} has shape {values.shape}, expected {shape}")
            elif not np.all(np.isfinite(values)):
                problems.append(f"{name} {what} is not finite")
    return problems


def _screenshot(app, window, args) -> int:
    if args.presentation:
        window.presentation_action.setChecked(True)
        window.showNormal()  # a projector's full screen is a window of --size (offscreen, the screen is 800 x 800)
    window.controls_action.setChecked(not args.hide_controls)
    window.resize(*args.size)
    _show(app, window)
    failure = _wait_for_first_results(app, window)
    if failure:
        print(f"reglab: screenshot failed: {failure}", file=sys.stderr)
        return 1
    app.processEvents()
    image = window.grab().toImage()
    if not image.save(args.screenshot, "PNG"):
        print(f"reglab: cannot write {args.screenshot}", file=sys.stderr)
        return 1
    return 0


def _self_test(app, window) -> int:
    first_window = _show(app, window)
    painted = []  # the moment the last view painted its first results (not when the event loop got back here)
    window.first_results.connect(lambda: painted.append(time.perf_counter() - _STARTED))
    failure = _wait_for_first_results(app, window)
    first_results = painted[0] if painted else time.perf_counter() - _STARTED
    problems = [failure] if failure else _sanity_problems(window)
    if problems:
        print(f"reglab self-test FAILED: {'; '.join(problems)}", file=sys.stderr)
        return 1
    print(f"reglab self-test passed: first window {first_window:.2f} s, first results of every view "
          f"{first_results:.2f} s ({window.state.results_dataset.n_samples} x "
          f"{window.state.results_dataset.n_features}, {len(window.state.results())} models)")
    return 0


def _run(app, window, args) -> int:
    if args.self_test:
        return _self_test(app, window)
    if args.screenshot:
        return _screenshot(app, window, args)
    _show(app, window)
    return app.exec()


def main(argv=None) -> int:
    args = parse_args(argv)
    app, window = _build(args, views=False)
    if not (args.self_test or args.screenshot):  # those stay reproducible: no saved sizes or docks
        from PySide6.QtCore import QSettings

        window.restore_layout(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "RegLab", "RegLab"))
    status = _run(app, window, args)
    window.close()
    if not window.workers_stopped:
        # A worker is inside one long numpy or import step and would finish after the interpreter began
        # to tear down: leave now (its result is not needed) rather than make the user wait for it.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    return status


if __name__ == "__main__":
    sys.exit(main())
