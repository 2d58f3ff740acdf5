"""New results are drawn a step at a time, each step painted before the next; a strength move does not jump
the queue."""

from core.datasets import load_builtin
from core.paths import compute_path
from core.penalties import L1, L2
from gui.state import AppState
from gui.views.paths import PathsView


def _shown_view(qtbot):
    data = load_builtin("diabetes")
    state = AppState()
    view = PathsView(state)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    state.set_dataset(data, state.source)
    state.begin_results(1, data)
    return data, state, view


def test_new_paths_wait_for_the_views_turn_even_when_the_strength_moves(qtbot):
    data, state, view = _shown_view(qtbot)
    l1 = compute_path(data.X, data.y, L1)
    state.set_path(L1, l1)
    assert view.panel(L1).path is None  # queued, not drawn inside the signal
    qtbot.waitUntil(lambda: view.drawn_token == state.token, timeout=2000)
    assert view.panel(L1).path is l1
    l2 = compute_path(data.X, data.y, L2)
    state.set_path(L2, l2)
    assert view.panel(L2).path is None and view.drawn_token != state.token  # not ready while it waits
    # The fits of a strength move: drawing them now would mean a full redraw inside the signal, several views'
    # in one turn of the event loop; the waiting redraw draws them at its turn.
    state.set_fits({}, 1)
    assert view.panel(L2).path is None and view.drawn_token != state.token
    qtbot.waitUntil(lambda: view.drawn_token == state.token, timeout=2000)
    assert view.panel(L2).path is l2


def test_each_panel_is_painted_before_the_next_is_drawn(qtbot):
    data, state, view = _shown_view(qtbot)
    l1, l2 = compute_path(data.X, data.y, L1), compute_path(data.X, data.y, L2)
    painted = []  # at each paint: (L1 drawn, L2 drawn)
    view.canvas.painted.connect(lambda: painted.append((view.panel(L1).path is l1, view.panel(L2).path is l2)))
    state.set_path(L1, l1)
    state.set_path(L2, l2)
    token = state.token
    # ``repainted``, not ``drawn_token``: the token is set when the last step is drawn, before its frame is
    # painted; only the signal says that frame has come.
    with qtbot.waitSignal(view.repainted, timeout=2000, check_params_cb=lambda drawn: drawn == token):
        pass
    assert (True, False) in painted  # L1's panel on screen while L2's was still to be drawn
    assert painted[-1] == (True, True)
