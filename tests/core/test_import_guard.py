"""core/ is pure numerics: no module of it may import Qt, pyqtgraph or superqt."""

import ast
import pathlib

import pytest

CORE = pathlib.Path(__file__).resolve().parents[2] / "core"
FORBIDDEN = ("PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "superqt", "qtpy")


def _imported_modules(source: str):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


@pytest.mark.parametrize("module", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_does_not_import_qt(module):
    imported = {name.split(".")[0] for name in _imported_modules(module.read_text())}
    assert not imported & set(FORBIDDEN), f"{module.name} imports {imported & set(FORBIDDEN)}"


def test_guard_sees_an_import():
    # The guard must be able to fail: it finds a Qt import written anywhere in a module.
    assert "PySide6" in {n.split(".")[0] for n in _imported_modules("def f():\n    from PySide6 import QtCore\n")}
