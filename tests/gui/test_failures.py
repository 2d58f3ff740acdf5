"""Unexpected failures reach the user as a sentence (what failed, where the details are), never as an exception;
the log file keeps the traceback."""

import re

import pytest

from tests.gui.conftest import wait_ready

# Any Python exception's name, e.g. "ValueError", "KeyError", "FloatingPointError", "Traceback".
EXCEPTION_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b|Traceback")


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    """RegLab's log set up afresh into ``tmp_path``: yields the file's path."""
    from gui import log

    monkeypatch.setenv(log.LOG_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(log.logger, "handlers", [])
    path = log.setup_logging()
    yield path
    for handler in log.logger.handlers:
        handler.close()


def _log_text(path) -> str:
    from gui import log

    for handler in log.logger.handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["problem", "fits"])
def test_a_failing_job_says_so_in_words_and_logs_its_traceback(window, qtbot, monkeypatch, log_file, capsys, where):
    from core.paths import Problem
    from gui import jobs

    def broken(*args, **kwargs):
        raise FloatingPointError(f"boom in the {where}")

    wait_ready(qtbot, window)
    if where == "problem":
        monkeypatch.setattr(Problem, "from_data", broken)
        change = lambda: window.state.set_standardize(False)  # noqa: E731
    else:
        monkeypatch.setattr(jobs, "fit_models", broken)
        change = lambda: window.state.set_strength(0.3)  # noqa: E731
    with qtbot.waitSignal(window.controller.error, timeout=30_000):
        change()
    text = window.message.text()
    assert text.startswith("RegLab could not compute") and text.endswith("(details in the log).")
    assert not EXCEPTION_NAME.search(text) and "Error" not in text, text
    logged = _log_text(log_file)
    assert "Traceback (most recent call last)" in logged and f"FloatingPointError: boom in the {where}" in logged
    capsys.readouterr()  # the traceback went to stderr too: the log's second place


def test_an_unexpected_failure_while_exporting_says_so_in_words(window, qtbot, monkeypatch, log_file, tmp_path,
                                                                capsys):
    from gui import export

    def broken(*args, **kwargs):
        raise IndexError("boom while drawing")

    wait_ready(qtbot, window)
    monkeypatch.setattr(window.bars_view, "export", broken)
    window.export_view_to(window.bars_view, str(tmp_path / "bars.png"))
    qtbot.waitUntil(lambda: window.message.text() == export.EXPORT_FAILED)
    assert not EXCEPTION_NAME.search(window.message.text())
    assert "IndexError: boom while drawing" in _log_text(log_file)
    capsys.readouterr()
