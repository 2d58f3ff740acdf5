"""The README's commands and .ci/run agree: the same system packages, the same test command, each test run once."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import test_packaging

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _readme_system_packages():
    commands = re.findall(r"^ {4}sudo apt-get install (.+)$", README, flags=re.MULTILINE)
    return {package for command in commands for package in command.split()}


def _ci_system_packages():
    listed = re.search(r"^system_packages=\(([^)]*)\)", CI_RUN, flags=re.MULTILINE)
    assert listed, ".ci/run lists no system_packages"
    return set(listed.group(1).split())


def test_ci_installs_exactly_the_system_packages_the_readme_lists():
    assert _readme_system_packages() == _ci_system_packages()


def test_readme_lists_python3_venv_for_its_own_venv_commands():
    # Debian's and Ubuntu's python3 has no ensurepip without it: `python3 -m venv` fails at once.
    assert "python3-venv" in _readme_system_packages()


def test_ci_runs_the_readme_test_command_verbatim():
    test_command = re.search(r"Run the tests:\n\n {4}(.+)\n", README).group(1)
    assert test_command.endswith("-m pytest")
    assert test_command in CI_RUN.splitlines()
    assert ".venv/bin/python -m pytest -m packaging" in CI_RUN


def _collected(*options):
    """The tests a run of tests/test_packaging.py with these options selects, and how many it collects in all."""
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             *options, "tests/test_packaging.py"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    selected = {line for line in result.stdout.splitlines() if "::" in line}
    counts = re.search(r"^(\d+)(?:/(\d+))? tests? collected", result.stdout, flags=re.MULTILINE)
    return selected, int(counts.group(2) or counts.group(1))


@pytest.mark.slow  # two pytest runs
def test_the_default_run_leaves_out_the_packaging_tests_that_ci_runs_next():
    default, collected = _collected()
    packaging, _ = _collected("-m", "packaging")
    assert "tests/test_packaging.py::test_pip_install_in_a_fresh_venv_gives_a_working_reglab_command" in packaging
    assert default.isdisjoint(packaging)
    assert len(default) + len(packaging) == collected  # every test runs in one of the two steps


def test_the_quick_run_leaves_out_the_packaging_tests_too():
    # `-m "not slow"` replaces the default `-m "not packaging"`, so every packaging test must also be slow.
    for test in vars(test_packaging).values():
        marks = {mark.name for mark in getattr(test, "pytestmark", [])}
        assert "packaging" not in marks or "slow" in marks, test.__name__


def _is_slow_mark(node) -> bool:
    """Whether an AST decorator or ``pytestmark`` element is ``pytest.mark.slow``."""
    return isinstance(node, ast.Attribute) and node.attr == "slow"


def _calls_subprocess(function) -> bool:
    return any(isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "subprocess"
               for node in ast.walk(function))


def _names_called(function) -> set:
    return {node.func.id for node in ast.walk(function) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def _loads_100000_rows(function) -> bool:
    """Whether the function asks a window, the state or core for built-in data of 100000 rows or more."""
    loaders = {"make_window", "set_builtin", "load_builtin"}
    for call in ast.walk(function):
        name = getattr(call, "func", None)
        if not isinstance(call, ast.Call) or getattr(name, "id", getattr(name, "attr", None)) not in loaders:
            continue
        for argument in [*call.args, *(keyword.value for keyword in call.keywords)]:
            if isinstance(argument, ast.Dict) and any(
                    isinstance(key, ast.Constant) and key.value == "n_samples" and isinstance(value, ast.Constant)
                    and value.value >= 100_000 for key, value in zip(argument.keys, argument.values)):
                return True
    return False


def test_every_test_that_starts_a_process_or_loads_100000_rows_is_slow():
    # The README says `-m "not slow"` leaves out the slow tests: those that start a process or load 100000 rows.
    unmarked = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        functions = {node.name: node for node in module.body if isinstance(node, ast.FunctionDef)}
        module_slow = any(_is_slow_mark(node) for statement in module.body if isinstance(statement, ast.Assign)
                          for target in statement.targets if getattr(target, "id", None) == "pytestmark"
                          for node in ast.walk(statement.value))
        spawning = {name for name, function in functions.items() if _calls_subprocess(function)}
        for name, function in functions.items():
            slow = module_slow or any(_is_slow_mark(node) for decorator in function.decorator_list
                                      for node in ast.walk(decorator))
            heavy = name in spawning or _names_called(function) & spawning or _loads_100000_rows(function)
            if name.startswith("test_") and not slow and heavy:
                unmarked.append(f"{path.relative_to(ROOT)}::{name}")
    assert unmarked == []
