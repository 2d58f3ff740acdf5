"""RegLab's benchmark suite: prints a table and writes JSON.

    python3 bench/run.py [--smoke | --quick | --full] [--json PATH] [--only SECTION,...] [--setup | --no-setup]
    python3 bench/run.py --soak [--seeds N] [--actions N] [--first-seed S]

Sections: recompute (RegLab vs R's glmnet vs scikit-learn, with accuracy), strength (moving the strength
control in the real window, offscreen), responsiveness (event-loop gaps during a 100000 x 50 recompute),
startup (process start to first painted window and to every view drawn, beside a bare PySide6 window),
memory (peak resident memory). Every time is a median over repeats; every ratio is measured in the same run.
--smoke is tiny and checks only that the harness works (CI runs it); --quick takes under two minutes;
--full is what docs/performance.md reports. --setup installs R's glmnet (Debian: r-cran-glmnet) if it is
missing and exits; --quick and --full do that by themselves unless --no-setup is given.
--soak runs the long random-action soak of the window (tests/gui/soak.py) on N seeds instead, and exits 1
when it found a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _use_project_venv() -> None:
    """Re-run under the project's .venv (README, Quick start) when it exists and started by another Python."""
    venv = ROOT / ".venv"
    venv_python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if venv_python.exists() and Path(sys.prefix).resolve() != venv.resolve():
        os.execv(str(venv_python), [str(venv_python), *sys.argv])


if __name__ == "__main__":
    _use_project_venv()
    sys.path.insert(0, str(ROOT))

from bench import machine, modes  # noqa: E402  (after the path and venv set-up above)
from bench.report import TITLES, format_report  # noqa: E402

SECTIONS = tuple(TITLES)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    for mode in modes.MODES:
        size.add_argument(f"--{mode}", dest="mode", action="store_const", const=mode,
                          help=modes.MODES[mode].help)
    parser.set_defaults(mode="quick")
    parser.add_argument("--json", type=Path, default=None,
                        help="where to write the results (default: bench/results/<mode>.json)")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections among {', '.join(SECTIONS)}")
    setup = parser.add_mutually_exclusive_group()
    setup.add_argument("--setup", action="store_true", help="install R's glmnet (apt-get) if missing, then exit")
    setup.add_argument("--no-setup", action="store_true", help="never install anything; skip glmnet if missing")
    soak = parser.add_argument_group("soak")
    soak.add_argument("--soak", action="store_true", help="run the long random-action soak of the window, offscreen")
    soak.add_argument("--seeds", type=int, default=5, help="number of seeds (default 5)")
    soak.add_argument("--first-seed", type=int, default=1, help="the first seed (default 1)")
    soak.add_argument("--actions", type=int, default=2000, help="actions per seed (default 2000)")
    args = parser.parse_args(argv)
    args.sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(args.sections) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose among {', '.join(SECTIONS)}")
    return args


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def glmnet_status(args) -> str | None:
    """None when glmnet is usable (installing it first where this run may), else why it is skipped."""
    from bench.glmnet import ensure_glmnet, glmnet_missing_reason

    may_install = args.setup or (modes.MODES[args.mode].install_glmnet and not args.no_setup)
    return ensure_glmnet(log) if may_install else glmnet_missing_reason()


def run_soak(args) -> int:
    """The long soak: every seed on a fresh window; 1 when any run found a failure."""
    import tempfile
    from collections import Counter

    from tests.gui.soak import run_soak as soak_seeds

    seeds = range(args.first_seed, args.first_seed + args.seeds)
    log(f"soak: {args.seeds} seed(s) from {args.first_seed}, {args.actions} actions each")
    with tempfile.TemporaryDirectory(prefix="reglab_soak_") as folder:
        reports = soak_seeds(seeds, args.actions, Path(folder), log=print)
    kinds = Counter(f.kind for r in reports for f in r.failures)
    log(f"soak: {sum(len(r.actions) for r in reports)} actions in {sum(r.seconds for r in reports):.0f} s, "
        f"{sum(kinds.values())} failure(s){': ' if kinds else ''}{', '.join(f'{k} x{n}' for k, n in kinds.items())}")
    return 1 if kinds else 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.soak:
        return run_soak(args)
    glmnet_skip = glmnet_status(args) if (args.setup or "recompute" in args.sections) else "not needed"
    if args.setup:
        print("glmnet: ready" if glmnet_skip is None else f"glmnet: cannot be had: {glmnet_skip}")
        return 0 if glmnet_skip is None else 1
    if glmnet_skip is not None and "recompute" in args.sections:
        log(f"glmnet peer skipped: {glmnet_skip}")
    plan = modes.MODES[args.mode]
    started = time.perf_counter()
    from bench.glmnet import glmnet_version

    results = {
        "mode": args.mode,
        "command": " ".join(["python3", "bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": machine.describe(glmnet_version() if glmnet_skip is None else None),
        "glmnet_skipped": glmnet_skip,
        "sections": {},
    }
    for name in args.sections:
        results["sections"][name] = plan.run_section(name, glmnet=glmnet_skip is None, log=log,
                                                       done=results["sections"])
    results["duration_s"] = round(time.perf_counter() - started, 1)
    results["load_average_end"] = machine.load_average()
    print(format_report(results))
    out = args.json or ROOT / "bench" / "results" / f"{args.mode}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=float))
    log(f"wrote {out} ({results['duration_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
