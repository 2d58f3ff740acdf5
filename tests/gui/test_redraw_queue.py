"""New results are drawn at each view's own turn of the event loop, and a strength move does not jump the queue."""

from core.datasets import load_builtin
from core.paths import compute_path
from core.penalties import L1, L2
from gui.state import AppState
from gui.views.paths import PathsView


def test_new_paths_wait_for_the_views_turn_even_when_the_strength_moves(qtbot):
    data = load_builtin("diabetes")
    state = AppState()
    view = PathsView(state)
    qtbot.addWidget(view)
    view.show()
    state.set_dataset(data, state.source)
    state.begin_results(1, data)
    l1 = compute_path(data.X, data.y, L1)
    state.set_path(L1, l1)
    assert view.panel(L1).path is None  # queued, not drawn inside the signal
    qtbot.waitUntil(lambda: view.panel(L1).path is l1, timeout=2000)
    assert view.drawn_token == state.token
    l2 = compute_path(data.X, data.y, L2)
    state.set_path(L2, l2)
    assert view.panel(L2).path is None and view.drawn_token != state.token  # not ready while it waits
    # The fits of a strength move: drawing them now would mean a full redraw inside the signal, several views'
    # in one turn of the event loop; the waiting redraw draws them at its turn.
    state.set_fits({}, 1)
    assert view.panel(L2).path is None and view.drawn_token != state.token
    qtbot.waitUntil(lambda: view.panel(L2).path is l2, timeout=2000)
    assert view.drawn_token == state.token
