"""Build RegLab's packaged executable with PyInstaller, then smoke-test it.

    python3 packaging/build.py [--onefile] [--no-strip] [--dist DIR] [--work DIR]

Run it with the Python that has RegLab's dependencies (a virtual environment: `pip install -e .`).
It installs PyInstaller into that environment if it is missing, builds packaging/reglab.spec (one folder,
dist/reglab/, by default), runs the result with --self-test and with --screenshot on Qt's offscreen
platform, and exits non-zero when the build or either run fails. It prints the bundle size and build time.
"""

import argparse
import importlib.util
import os
import struct
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "reglab.spec"
APP_MODULES = ("PySide6", "pyqtgraph", "numpy", "sklearn", "superqt", "threadpoolctl")
SMOKE_TIMEOUT = 180  # seconds; a frozen start takes ~1 s, a hung one must still fail the build


class BuildError(RuntimeError):
    """A step failed; the message says which and what to do."""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onefile", action="store_true",
                        help="one self-unpacking executable instead of a folder (slower start: 2-3 s)")
    parser.add_argument("--no-strip", action="store_true", help="keep the symbols of the shared libraries")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's working folder (default: build/pyinstaller/)")
    return parser.parse_args(argv)


def _is_externally_managed():
    """True for a system Python that refuses pip installs (PEP 668) and is not a virtual environment."""
    in_venv = sys.prefix != sys.base_prefix
    return not in_venv and Path(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED").exists()


def ensure_tools():
    """Check RegLab's dependencies are importable and install PyInstaller if it is missing."""
    missing = [name for name in APP_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise BuildError(f"{sys.executable} lacks RegLab's dependencies ({', '.join(missing)}). Build from a "
                         f"virtual environment: python3 -m venv .venv && .venv/bin/python -m pip install -e . "
                         f"&& .venv/bin/python packaging/build.py")
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    if _is_externally_managed():
        raise BuildError(f"PyInstaller is missing and {sys.executable} is a system Python that refuses pip "
                         f"installs (PEP 668). Use a virtual environment as above.")
    print("PyInstaller is missing: installing it into", sys.prefix, flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "pyinstaller>=6.10"], check=True)


def folder_size(path):
    """Total size in bytes of the files under `path` (or of the file itself)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def bundle_paths(dist, onefile):
    """(what to measure, the executable) for this platform's PyInstaller layout."""
    exe_suffix = ".exe" if sys.platform == "win32" else ""
    if sys.platform == "darwin":
        app = dist / "RegLab.app"
        return app, app / "Contents" / "MacOS" / "reglab"
    if onefile:
        exe = dist / f"reglab{exe_suffix}"
        return exe, exe
    return dist / "reglab", dist / "reglab" / f"reglab{exe_suffix}"


def build(args):
    """Run PyInstaller on the spec; return the build time in seconds."""
    env = dict(os.environ, REGLAB_ONEFILE="1" if args.onefile else "0", REGLAB_STRIP="0" if args.no_strip else "1")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(args.dist), "--workpath", str(args.work), str(SPEC)]
    start = time.perf_counter()
    if subprocess.run(command, env=env, cwd=ROOT).returncode != 0:
        raise BuildError("PyInstaller failed (its messages are above)")
    return time.perf_counter() - start


def _run_frozen(exe, *flags):
    """Run the frozen executable offscreen, echo its output, raise BuildError unless it exits 0."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        result = subprocess.run([str(exe), *flags], env=env, capture_output=True, text=True, timeout=SMOKE_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"smoke test: {exe.name} {' '.join(flags)} did not finish in {SMOKE_TIMEOUT} s") from exc
    for output in (result.stdout.strip(), result.stderr.strip()):
        if output:
            print(output, flush=True)
    if result.returncode != 0:
        raise BuildError(f"smoke test: {exe.name} {' '.join(flags)} exited with status {result.returncode}")
    return result.stdout


def png_size(path):
    """(width, height) from a PNG file's header, or None when the file is not a PNG."""
    with open(path, "rb") as file:
        header = file.read(24)
    if len(header) < 24 or header[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", header[16:24])


def smoke_test(exe, dist):
    """The frozen program must pass its self-test and write a real screenshot."""
    _run_frozen(exe, "--self-test")
    screenshot = dist / "smoke-screenshot.png"
    screenshot.unlink(missing_ok=True)
    _run_frozen(exe, "--screenshot", str(screenshot), "--size", "1600x1000")
    size = png_size(screenshot) if screenshot.exists() else None
    if size != (1600, 1000):
        raise BuildError(f"smoke test: --screenshot wrote no 1600x1000 PNG at {screenshot} (got {size})")
    print(f"screenshot: {screenshot}", flush=True)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    args.dist, args.work = args.dist.resolve(), args.work.resolve()
    try:
        ensure_tools()
        seconds = build(args)
        bundle, exe = bundle_paths(args.dist, args.onefile)
        print(f"built {bundle} in {seconds:.0f} s: {folder_size(bundle) / 2**20:.0f} MiB", flush=True)
        smoke_test(exe, args.dist)
    except (BuildError, subprocess.CalledProcessError) as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 1
    print(f"smoke test passed: {exe}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
