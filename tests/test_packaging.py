"""The ways RegLab reaches a user: `main.py --self-test` offline, the PyInstaller bundle, `pip install .`.

The bundle and pip tests are marked `packaging` (the build takes a minute or two; the fresh environment
installs PySide6, scikit-learn and SciPy): a plain `pytest` leaves them out (pyproject.toml's addopts) and
`pytest -m packaging` runs them, as .ci/run's second step does.
"""

import faulthandler
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core import __version__

ROOT = Path(__file__).resolve().parents[1]
OFFSCREEN = dict(os.environ, QT_QPA_PLATFORM="offscreen")
RUN_TIMEOUT = 300  # seconds: generous on a loaded 2-core machine; a hang must still fail

# Installed as sitecustomize.py, this refuses (and logs) every name lookup and every connection that is not a
# local Unix socket, before main.py runs.
NETWORK_GUARD = textwrap.dedent('''
    import os
    import socket

    def _record(what):
        with open(os.environ["REGLAB_NETWORK_LOG"], "a", encoding="utf-8") as log:
            log.write(what + "\\n")

    def _guard(method):
        def guarded(self, *args):
            if self.family != getattr(socket, "AF_UNIX", None):
                _record(f"{method.__name__} {args!r}")
                raise OSError("network access is blocked in this test")
            return method(self, *args)
        return guarded

    def _getaddrinfo(host, *args, **kwargs):
        _record(f"getaddrinfo {host!r}")
        raise socket.gaierror("name lookups are blocked in this test")

    for _name in ("connect", "connect_ex", "sendto"):
        setattr(socket.socket, _name, _guard(getattr(socket.socket, _name)))
    socket.getaddrinfo = _getaddrinfo
''')


def _run(command, env=None, cwd=None, timeout=RUN_TIMEOUT):
    return subprocess.run([str(part) for part in command], env=env or OFFSCREEN, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def _no_hang_dump():
    # Building and installing take minutes by design; the subprocess timeouts catch a hang instead of
    # pytest's faulthandler_timeout, whose traceback dump would only be noise here.
    faulthandler.cancel_dump_traceback_later()


def _assert_ok(result):
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


@pytest.fixture
def guarded_env(tmp_path):
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NETWORK_GUARD)
    log = tmp_path / "network.log"
    log.touch()
    return dict(OFFSCREEN, PYTHONPATH=str(guard), REGLAB_NETWORK_LOG=str(log)), log


@pytest.mark.slow  # a subprocess
def test_network_guard_catches_a_connection(guarded_env):
    # The guard must be able to fail: a deliberate connection to the loopback discard port is logged and refused.
    env, log = guarded_env
    code = "import socket\ntry:\n    socket.socket().connect(('127.0.0.1', 9))\nexcept OSError:\n    pass"
    _assert_ok(_run([sys.executable, "-c", code], env=env))
    assert log.read_text().startswith("connect (('127.0.0.1', 9),)")


@pytest.mark.slow
def test_self_test_from_source_makes_no_network_connection(guarded_env):
    env, log = guarded_env
    result = _run([sys.executable, ROOT / "main.py", "--self-test"], env=env, cwd=ROOT)
    _assert_ok(result)
    assert log.read_text() == "", "the self-test tried to reach the network"
    print(result.stdout)  # the self-test's timing line, for `pytest -s`


# the PyInstaller bundle --------------------------------------------------------------------------------------

def _frozen_executable(dist):
    if sys.platform == "darwin":
        return dist / "RegLab.app" / "Contents" / "MacOS" / "reglab"
    return dist / "reglab" / ("reglab.exe" if sys.platform == "win32" else "reglab")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """Build the one-folder bundle with packaging/build.py (which smoke-tests it); return its folder."""
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install -e '.[packaging]')")
    _no_hang_dump()
    tmp = tmp_path_factory.mktemp("pyinstaller")
    result = _run([sys.executable, ROOT / "packaging" / "build.py", "--dist", tmp / "dist", "--work", tmp / "work"],
                  timeout=1800)
    _assert_ok(result)
    assert "smoke test passed" in result.stdout
    return tmp / "dist"


@pytest.mark.packaging
@pytest.mark.slow
def test_bundle_holds_what_the_app_reads_and_not_what_it_excludes(bundle):
    if sys.platform != "linux":
        pytest.skip("checks the Linux one-folder layout")
    internal = bundle / "reglab" / "_internal"
    for needed in ("resources/help.html", "resources/icons/reglab-64.png", "resources/reglab.desktop",
                   "sklearn/datasets/data/diabetes_data_raw.csv.gz", "sklearn/datasets/data/diabetes_target.csv.gz",
                   "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/platforms/libqxcb.so"):
        assert (internal / needed).is_file(), needed
    files = {path.relative_to(internal).as_posix() for path in internal.rglob("*")}
    for excluded in ("tkinter", "matplotlib", "PIL", "PySide6/QtNetwork", "PySide6/Qt/translations",
                     "PySide6/Qt/plugins/tls", "PySide6/Qt/plugins/platforms/libqvnc", "pyqtgraph/opengl"):
        assert not any(name.startswith(excluded) for name in files), excluded


@pytest.mark.packaging
@pytest.mark.slow
def test_frozen_self_test_makes_no_network_connection(bundle, tmp_path):
    # The frozen program ignores sitecustomize: watch its system calls instead.
    strace = shutil.which("strace")
    if strace is None or sys.platform != "linux":
        pytest.skip("needs strace (Linux)")
    log = tmp_path / "connect.log"
    _assert_ok(_run([strace, "-f", "-qq", "-e", "trace=connect,sendto", "-o", log, sys.executable, "-c",
                     "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 9))"]))
    assert "AF_INET" in log.read_text()  # the watch can fail
    result = _run([strace, "-f", "-qq", "-e", "trace=connect,sendto", "-o", log,
                   _frozen_executable(bundle), "--self-test"])
    _assert_ok(result)
    attempts = [line for line in log.read_text().splitlines() if re.search(r"AF_INET6?\b", line)]
    assert attempts == []
    print(result.stdout)


# pip install . ------------------------------------------------------------------------------------------------

@pytest.mark.packaging
@pytest.mark.slow
def test_pip_install_in_a_fresh_venv_gives_a_working_reglab_command(tmp_path):
    # Install from a copy of the project, so the build leaves nothing in the work tree and only what
    # pyproject.toml ships is installed.
    _no_hang_dump()
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "main.py"):
        shutil.copy2(ROOT / name, source / name)
    for package in ("core", "gui", "resources"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "venv"
    _assert_ok(_run([sys.executable, "-m", "venv", venv]))
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / "python"
    _assert_ok(_run([python, "-m", "pip", "install", "--quiet", source], timeout=1800))
    shutil.rmtree(source)  # the installed command must not lean on the copy it came from

    reglab = bin_dir / "reglab"
    version = _run([reglab, "--version"], cwd=tmp_path)
    _assert_ok(version)
    assert __version__ in version.stdout
    _assert_ok(_run([reglab, "--self-test"], cwd=tmp_path))
    located = _run([python, "-c", "from resources import resource_path; print(resource_path('help.html'))"],
                   cwd=tmp_path)
    _assert_ok(located)
    assert Path(located.stdout.strip()).is_relative_to(venv.resolve())


# packaging/build.py's own checks -----------------------------------------------------------------------------

@pytest.fixture
def build_script():
    spec = importlib.util.spec_from_file_location("reglab_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_refuses_to_pip_install_into_an_externally_managed_python(build_script, tmp_path, monkeypatch):
    (tmp_path / "EXTERNALLY-MANAGED").write_text("[externally-managed]\n")
    monkeypatch.setattr(build_script.sysconfig, "get_path", lambda name: str(tmp_path))
    monkeypatch.setattr(build_script.sys, "base_prefix", build_script.sys.prefix)  # not a virtual environment
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(build_script.importlib.util, "find_spec",
                        lambda name: None if name == "PyInstaller" else real_find_spec(name))
    monkeypatch.setattr(build_script.subprocess, "run", lambda *a, **k: pytest.fail("pip must not run"))
    with pytest.raises(build_script.BuildError, match="PEP 668"):
        build_script.ensure_tools()


def test_build_reads_the_screenshot_size_from_the_png_header(build_script, tmp_path):
    assert build_script.png_size(ROOT / "resources" / "icons" / "reglab-48.png") == (48, 48)
    (tmp_path / "not.png").write_bytes(b"GIF89a" + bytes(30))
    assert build_script.png_size(tmp_path / "not.png") is None
