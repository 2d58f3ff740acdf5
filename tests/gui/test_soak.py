"""The soak: seeded random actions over every control of the window (tests/gui/soak.py)."""

import pytest

from tests.gui import soak
from tests.gui.conftest import wait_ready

# Failure kinds of the bugs issue 13 lists, tolerated here until the branch that fixes them ("robust") is
# merged: remove each kind once its fix is in, and the soak fails again whenever that bug comes back.
KNOWN_UNFIXED = frozenset({
    soak.DEPENDENT_PARAMETERS,
    soak.CV_FOLDS_ABOVE_SAMPLES,
    soak.VALIDATION_SHARE,
    soak.CONSTRAINT_PAIR_INDEX,
    soak.STALE_TARGET_LIST,
    soak.STALE_STRENGTH_LINE,
    soak.CONTROLLER_BUSY_FOREVER,
})
SHORT_SEED, SHORT_ACTIONS = 1, 200


def run_soak(make_window, tmp_path, seed, n_actions):
    window = make_window()
    report = soak.SoakDriver(window, soak.SoakFiles(tmp_path), seed).run(n_actions)
    print(report.format(KNOWN_UNFIXED))
    return report


@pytest.mark.qt_no_exception_capture
def test_short_soak_finds_no_failure_but_the_known_ones(make_window, tmp_path):
    report = run_soak(make_window, tmp_path, SHORT_SEED, SHORT_ACTIONS)
    assert not report.unexpected(KNOWN_UNFIXED), report.format(KNOWN_UNFIXED)
