"""Sections "strength", "responsiveness", "startup" and "memory": the real window, each run in a fresh process.

Start-up from source is ``python main.py --self-test`` (the real window, offscreen, exits after every view has
painted its first results; it reports both times from its first line). Process start to that first line is
Python's own start-up, measured side by side as the time a ``python -c`` process takes to run its first
statement, and added. The bare PySide6 window (bench/bare_window.py) reports its first paint as a Unix time.
Peak resident memory is the child's, taken by a small launcher (bench/peak_rss.py): a child spawned by
the benchmark itself would inherit the benchmark's own high-water mark.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import data
from bench.timing import Timing

ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).with_name("gui_probe.py")
BARE_WINDOW = Path(__file__).with_name("bare_window.py")
PEAK_RSS = Path(__file__).with_name("peak_rss.py")

STRENGTH_MEDIAN_S, STRENGTH_P95_S = 0.016, 0.033
MAX_GAP_S = 0.050
FIRST_WINDOW_S, ALL_VIEWS_S = 0.6, 1.5
MEMORY_LIMITS_MB = {"diabetes": 300, "corr_100000x50": 600}
SELF_TEST_LINE = re.compile(r"first window ([0-9.]+) s, first results of every view ([0-9.]+) s")


@dataclass(frozen=True)
class Child:
    stdout: str
    peak_rss_mb: float


def run_child(args: list[str]) -> Child:
    """Run ``python ARGS`` offscreen from the project root; its stdout and its own peak RSS. Raises on failure."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(PEAK_RSS), sys.executable, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"`python {' '.join(args)}` failed ({done.returncode}): {done.stderr.strip()[-600:]}")
    peak_kib = int(done.stderr.strip().rsplit("peak_rss_kib ", 1)[1])
    return Child(stdout=done.stdout, peak_rss_mb=peak_kib / 1024)  # Linux reports KiB


def strength(datasets: tuple[str, ...], moves: int, log) -> dict:
    rows = []
    for name in datasets:
        log(f"strength: {data.label(name)}: {moves} moves")
        result = json.loads(run_child([str(PROBE), "strength", name, str(moves)]).stdout)
        timing = Timing(tuple(result["latencies"]))
        rows.append({"dataset": result["dataset"], "moves": result["moves"], "dropped": result["dropped"],
                     "latency": timing.as_dict(),
                     "met": timing.median <= STRENGTH_MEDIAN_S and timing.p95 <= STRENGTH_P95_S
                     and result["dropped"] == 0})
    return {"rows": rows, "notes": [
        "one move = from the strength slider's setValue to the moment the new fits are in the state and every view "
        "has painted what it drew (MainWindow.all_views_ready); moves are 2 fit-throttle intervals apart, so each "
        "starts fresh; a move not completed within 2 s counts as dropped"]}


def strength_table(section: dict):
    headers = ["dataset", "moves", "dropped", "median ms", "p95 ms", "max ms", "target", "met"]
    rows = [[r["dataset"], r["moves"], r["dropped"], _ms(r["latency"]["median"]), _ms(r["latency"]["p95"]),
             _ms(max(r["latency"]["samples"])), "median <= 16, p95 <= 33", _met(r["met"])] for r in section["rows"]]
    return headers, rows


def responsiveness(name: str, log) -> dict:
    log(f"responsiveness: loading {data.label(name)} into the window")
    result = json.loads(run_child([str(PROBE), "responsiveness", name]).stdout)
    result["met"] = result["max_gap_s"] <= MAX_GAP_S
    return {"rows": [result], "notes": [
        "a 1 ms PreciseTimer on the GUI thread from the dataset change until every view shows the new results "
        "(data generation, paths, hold-out and CV curves on the workers, then drawing)"]}


def responsiveness_table(section: dict):
    headers = ["dataset", "recompute s", "ticks", "max gap ms", "p99 gap ms", "gaps > 50 ms", "target", "met"]
    rows = [[r["dataset"], f"{r['recompute_s']:.2f}", r["ticks"], _ms(r["max_gap_s"]), _ms(r["p99_gap_s"]),
             r["gaps_over_50ms"], "max gap <= 50 ms", _met(r["met"])] for r in section["rows"]]
    return headers, rows


def startup(repeats: int, log) -> dict:
    """Side by side, ``repeats`` times: Python's own start, a bare PySide6 window, RegLab's window and views."""
    python, bare, first_window, all_views = [], [], [], []
    for repeat in range(repeats):
        log(f"startup: run {repeat + 1}/{repeats}")
        python.append(_python_start_s())
        bare.append(_bare_window_s())
        child = run_child(["main.py", "--self-test"])
        match = SELF_TEST_LINE.search(child.stdout)
        if match is None:
            raise RuntimeError(f"unexpected self-test output: {child.stdout!r}")
        first_window.append(python[-1] + float(match.group(1)))
        all_views.append(python[-1] + float(match.group(2)))
    timings = {key: Timing(tuple(values)) for key, values in
               (("python", python), ("bare_window", bare), ("first_window", first_window), ("all_views", all_views))}
    row = {key: t.as_dict() for key, t in timings.items()}
    row["ratio_bare"] = timings["first_window"].median / timings["bare_window"].median
    row["met_first_window"] = timings["first_window"].median <= FIRST_WINDOW_S
    row["met_all_views"] = timings["all_views"].median <= ALL_VIEWS_S
    return {"rows": [row], "notes": [
        "RegLab = python main.py --self-test (diabetes); its own times from main.py's first line plus Python's "
        "start-up (a `python -c` process to its first statement) measured in the same run",
        "bare = a PySide6 QMainWindow process to its first painted frame (bench/bare_window.py)"]}


def startup_table(section: dict):
    headers = ["what", "median s", "min s", "target", "met"]
    r = section["rows"][0]
    rows = [["python start (to first statement)", f"{r['python']['median']:.3f}", f"{r['python']['min']:.3f}", "", ""],
            ["bare PySide6 window", f"{r['bare_window']['median']:.3f}", f"{r['bare_window']['min']:.3f}", "", ""],
            ["RegLab first window", f"{r['first_window']['median']:.3f}", f"{r['first_window']['min']:.3f}",
             f"<= {FIRST_WINDOW_S}", _met(r["met_first_window"])],
            ["RegLab every view drawn", f"{r['all_views']['median']:.3f}", f"{r['all_views']['min']:.3f}",
             f"<= {ALL_VIEWS_S}", _met(r["met_all_views"])],
            ["ratio first window / bare", f"{r['ratio_bare']:.2f}", "", "", ""]]
    return headers, rows


def memory(datasets: tuple[str, ...], log, responsiveness: dict | None = None) -> dict:
    """Peak RSS after start-up (diabetes: main.py --self-test) and after loading a big set into the window.

    A ``responsiveness`` section of the same run that loaded the same dataset already measured the latter.
    """
    measured = {row["dataset"]: row["peak_rss_mb"] for row in (responsiveness or {}).get("rows", [])}
    rows = []
    for name in datasets:
        log(f"memory: {data.label(name)}")
        if name == "diabetes":
            peak = run_child(["main.py", "--self-test"]).peak_rss_mb
        elif data.label(name) in measured:
            peak = measured[data.label(name)]
        else:
            peak = json.loads(run_child([str(PROBE), "responsiveness", name]).stdout)["peak_rss_mb"]
        limit = MEMORY_LIMITS_MB.get(name)
        rows.append({"dataset": data.label(name), "peak_rss_mb": peak, "limit_mb": limit,
                     "met": None if limit is None else peak <= limit})
    return {"rows": rows, "notes": ["peak resident set size of the window's process (bench/peak_rss.py launcher; VmHWM "
                                    "inside the probe)"]}


def memory_table(section: dict):
    headers = ["after loading", "peak RSS MB", "target MB", "met"]
    rows = [[r["dataset"], f"{r['peak_rss_mb']:.0f}", r["limit_mb"] or "-", _met(r["met"])] for r in section["rows"]]
    return headers, rows


def _python_start_s() -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", "import time; print(time.time())"], capture_output=True,
                         text=True, check=True)
    return float(out.stdout) - start


def _bare_window_s() -> float:
    start = time.time()
    out = run_child([str(BARE_WINDOW)]).stdout
    return float(out.split()[1]) - start


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _met(value) -> str:
    return {True: "met", False: "NOT met", None: "n/a"}[value]
