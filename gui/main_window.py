"""The main window: docks with the controls, the views, menus and the status bar.

Start-up comes in two steps so that the window shows before pyqtgraph (about half a second of imports) has
loaded: ``MainWindow(views=False)`` builds the menus, docks and panels with empty frames where the views go;
``build_views()`` then imports the views and puts them into their frames.
"""

from __future__ import annotations

import numbers

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCursor, QFontMetrics, QGuiApplication, QIcon, QKeySequence, QPixmapCache
from PySide6.QtWidgets import (QApplication, QDialog, QDockWidget, QFileDialog, QHBoxLayout, QLabel, QMainWindow,
                               QMessageBox, QProgressBar, QScrollArea, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout,
                               QWidget)

from core import __version__
from gui import export
from gui.bottom_row import BottomRow
from gui.controller import ComputeController
from gui.panels.data_panel import DataPanel
from gui.panels.penalty_panel import PenaltyPanel, StrengthKeys
from gui.panels.strength_strip import StrengthStrip
from gui.state import AppState
from gui.strength import strength_axis_label
from gui.undo import SettingsHistory

BUSY_DELAY_MS = 300
DEFAULT_SIZE = QSize(1600, 1000)
GEOMETRY_KEY, DOCKS_KEY = "window/geometry", "window/docks"
# Curves, error curves and axes are cached as pixmaps so that a strength move repaints only what moves;
# together they need more than Qt's default 10 MB, and an overflowing cache repaints everything every frame.
PIXMAP_CACHE_KB = 48 * 1024
CONSTRAINT_SLOT = "constraint"
TABS_SLOT = "validation_tabs"
TAB_NAMES = ("validation", "stability")
PATHS_SLOT = "paths"
BARS_SLOT = "bars"
# start_then_build_views builds the views when the first computation ends, but never later than this.
VIEWS_AT_LATEST_MS = 400
BOTTOM_STRETCH = (4, 4, 3)  # bars, validation, constraint
# The row height (normal, presentation fonts) the stability view's two panels need stacked; in a lower row it
# takes the whole row, its panels side by side (1280 x 720: 50-60 px high stacked in its cell).
STABILITY_STACKED_HEIGHT = {False: 620, True: 700}
# What the CSV reader reads: comma, semicolon or tab separated text, whatever the file's name ends in.
DATA_FILE_SUFFIXES = (".csv", ".tsv", ".txt")
OPEN_FILTER = (f"Data files ({' '.join('*' + suffix for suffix in DATA_FILE_SUFFIXES)});;"
               "All files (*)")
COPY_HINT = "Click a plot first: Edit > Copy then copies its numbers"
BOTTOM_TAB_TITLES = ("Coefficients", "Constraint")  # the bars' and the constraint view's, as tabs
# Paths, the row below: their shares of the height, tight at 1280 x 720 with the controls hidden (the legend
# beside the paths scrolls: their height is their plots'). With presentation fonts there the two plot areas
# share 302 px: 151 each, the validation plot under its readout lines (at 431: 154 and 148).
CENTRAL_SIZES = {False: (454, 546), True: (426, 574)}
# The docks' width; narrower in a narrow window, where the paths' panels need the room.
DOCK_WIDTH = {False: 310, True: 250}
DOCK_HEIGHTS = (430, 570)  # penalty, data
# Beside the bottom row the docks are wider: their readouts take fewer lines of the row's height.
COMPACT_DOCK_WIDTH = 320
# A paths panel's plot area, at least (tests/gui/test_layout.py), and a margin for its rounding.
PATHS_PLOT_MIN_PX, PATHS_PLOT_SLACK_PX = 200, 4
NARROW_WINDOW_PX = 1200


def _resource(name: str):
    """Path of a resource file, or None when the resources package or the file is missing."""
    try:
        from resources import resource_path

        return str(resource_path(name))
    except (ImportError, FileNotFoundError):
        return None


def _tab_title(view) -> str:
    """A view's title as a tab says it: without its parenthesis ("Stability (bootstrap)" -> "Stability"), so
    that every tab's title fits the row with presentation fonts (the full title is the tab's tooltip)."""
    return getattr(view, "title", "").split(" (")[0]


def _frame(name: str) -> QWidget:
    """An empty container for one view, without margins."""
    frame = QWidget()
    frame.setObjectName(f"{name}_slot")
    QVBoxLayout(frame).setContentsMargins(0, 0, 0, 0)
    return frame


class MainWindow(QMainWindow):
    """RegLab's window. ``first_results`` fires once every view has painted its first complete results;
    ``views_repainted(token)`` whenever every view has painted the state ``token`` (``AppState.token``);
    ``views_built`` once ``build_views`` has put the views into the window.

    With ``views=False`` the views' places stay empty frames until ``build_views()`` is called (the
    program's start-up: the window shows first); by default the window is complete when constructed.
    """

    first_results = Signal()
    views_repainted = Signal(object)
    views_built = Signal()

    def __init__(self, state: AppState | None = None, parent=None, *, views: bool = True):
        super().__init__(parent)
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.setWindowTitle("RegLab: L1 vs L2 regularization")
        icon = _resource("reglab.svg")
        if icon:
            self.setWindowIcon(QIcon(icon))
        self.state = state or AppState(self)
        self.controller = ComputeController(self.state, self)
        self.history = SettingsHistory(self.state, self)
        self._views = []
        self._views_built = False
        self._tab = "validation"
        self._painted = {}
        self._first_done = False
        self._png_scale = export.DEFAULT_SCALE
        self._pending_export = None  # an export waiting for its view to show the current results
        self.workers_stopped = None  # after closing: whether every worker stopped within the timeout
        self._build_central()
        self._build_docks()
        self._build_menus()
        self._build_status_bar()
        self.setAcceptDrops(True)
        self.controller.data_error.connect(self.show_data_error)
        self._views_timer = QTimer(self)
        self._views_timer.setSingleShot(True)
        self._views_timer.timeout.connect(self.build_views)
        self._settings = None  # where the window's size and docks are remembered (restore_layout)
        self._default_docks = self.saveState()
        self.resize(self.default_size())
        if views:
            self.build_views()

    # -- construction ---------------------------------------------------------------------------------
    def build_views(self) -> None:
        """Import the views and put them into their frames, drawing whatever results already arrived;
        emits ``views_built``. Does nothing when they are built already."""
        if self.views_are_built:
            return
        self._views_timer.stop()
        from gui.views.bars import BarsView
        from gui.views.constraint import ConstraintView
        from gui.views.paths import PathsView
        from gui.views.stability import StabilityView
        from gui.views.validation import ValidationView

        self.paths_view = PathsView(self.state)
        self.bars_view = BarsView(self.state)
        self.validation_view = ValidationView(self.state)
        self.slots[PATHS_SLOT].layout().addWidget(self.paths_view)
        self.slots[BARS_SLOT].layout().addWidget(self.bars_view)
        tabs = self.slots[TABS_SLOT]
        tabs.insertTab(0, self.validation_view, _tab_title(self.validation_view))
        tabs.setCurrentIndex(0)
        for view in (self.paths_view, self.bars_view, self.validation_view):
            self._join(view)
        self.constraint_view = ConstraintView(self.state)
        self.constraint_view.zero_panel.message.connect(self._show_message)
        self.add_view(self.constraint_view)
        self.stability_view = StabilityView(self.state, self.controller)
        self.add_view(self.stability_view, TABS_SLOT)
        self.bottom.give_whole_row(self.stability_view, STABILITY_STACKED_HEIGHT)
        self._views_built = True
        # After the views' own slots (connected first), so that what they moved is painted together.
        self.state.strength_changed.connect(self._paint_moved_items)
        self.state.fits_changed.connect(self._paint_moved_items)
        self.choose_tab(self._tab)
        # The row was laid out with the constraint cell hidden: arrange it and share it out again.
        self.bottom.arrange(share_out=True)
        # After the views' own slots: the plots' minimum widths change with their fonts.
        self.state.presentation_changed.connect(self.bottom.arrange)
        # The paths' legend and axes take their new sizes as the paths are drawn: the room is measured again.
        for signal in (self.state.presentation_changed, self.state.models_changed, self.paths_view.repainted):
            signal.connect(self._arrange_timer.start)
        self._arrange_timer.start()
        if self.state.results():
            for view in self._views:  # results that arrived before the views
                view.refresh()
        self.views_built.emit()

    def choose_tab(self, name: str) -> None:
        """Show the "validation" or the "stability" view beside the bars (now, or once the views are built)."""
        if name not in TAB_NAMES:
            raise ValueError(f"unknown tab {name!r}; choose one of {', '.join(TAB_NAMES)}")
        self._tab = name
        if self.views_are_built:
            view = self.stability_view if name == "stability" else self.validation_view
            self.slots[TABS_SLOT].setCurrentWidget(view)

    @property
    def views_are_built(self) -> bool:
        return self._views_built

    def _build_central(self) -> None:
        # Every view's place is a plain frame (the window's neutral background) until build_views fills it.
        self.slots = {name: _frame(name) for name in (PATHS_SLOT, BARS_SLOT, CONSTRAINT_SLOT)}
        # The validation view is the first tab of a tab slot that other error/stability views can join.
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        tabs.tabBar().setVisible(False)  # shown once a second tab arrives
        self.slots[TABS_SLOT] = tabs
        # The constraint view's place: hidden (nothing drawn) until add_view fills it.
        self.slots[CONSTRAINT_SLOT].hide()
        self.bottom = BottomRow(self.slots[BARS_SLOT], tabs, self.slots[CONSTRAINT_SLOT], BOTTOM_STRETCH,
                                BOTTOM_TAB_TITLES)
        self.bottom.set_presentation(self.state.presentation)
        self.state.presentation_changed.connect(lambda: self.bottom.set_presentation(self.state.presentation))
        # The row's own main window: where the paths' panels lack the width beside the controls, the control
        # docks move into it, beside the row, and the paths take the window's whole width (``_arrange_docks``).
        self.lower = QMainWindow()
        self.lower.setWindowFlags(Qt.WindowType.Widget)
        self.lower.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks)
        self.lower.setCentralWidget(self.bottom)
        self.central = QSplitter(Qt.Orientation.Vertical)
        self.central.addWidget(self.slots[PATHS_SLOT])
        self.central.addWidget(self.lower)
        self.central.setChildrenCollapsible(False)
        self.central.setSizes(list(CENTRAL_SIZES[False]))
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.central_column = column  # the strength strip goes on top once the panels exist
        column.addWidget(self.central)
        self.setCentralWidget(holder)

    def _build_docks(self) -> None:
        self.data_panel = DataPanel(self.state)
        self.penalty_panel = PenaltyPanel(self.state)
        self.data_panel.open_csv_requested.connect(self.open_csv)
        for panel in (self.data_panel, self.penalty_panel):
            panel.message.connect(self._show_message)
        self.docks = []
        for title, panel in (("Penalty", self.penalty_panel), ("Data", self.data_panel)):
            content = panel
            if panel is self.data_panel:  # the penalty panel takes its full height: nothing of it behind a scroll
                content = QScrollArea()
                content.setWidget(panel)
                content.setWidgetResizable(True)
                content.setFrameShape(QScrollArea.Shape.NoFrame)
                content.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            dock = QDockWidget(title, self)
            dock.setObjectName(f"{title.lower()}_dock")
            dock.setWidget(content)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            # Closed with its x button, a dock hides: View > Show controls follows.
            dock.toggleViewAction().toggled.connect(self._sync_controls_action)
            self.docks.append(dock)
        self._narrow = None  # whether the docks have their narrow width (set at the first resize)
        self._compact = False  # whether the docks stand beside the bottom row, in ``lower``
        self._moving_docks = False
        self._arrange_timer = QTimer(self)
        self._arrange_timer.setSingleShot(True)
        self._arrange_timer.timeout.connect(self._arrange_docks)
        self.strength_keys = StrengthKeys(self, self.penalty_panel.slider)  # with the controls hidden too
        self.strength_strip = StrengthStrip(self.penalty_panel)
        self.strength_strip.hide()  # shown with the controls hidden
        self.central_column.insertWidget(0, self.strength_strip)
        self.resizeDocks(self.docks, list(DOCK_HEIGHTS), Qt.Orientation.Vertical)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open CSV…", self.open_csv, QKeySequence.StandardKey.Open)
        self.export_menu = file_menu.addMenu("&Export view")  # filled as the views join
        self._action(file_menu, "Export &window as PNG…", self.export_window)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        self._build_edit_menu()
        view_menu = self.menuBar().addMenu("&View")
        self.presentation_action = self._action(view_menu, "&Presentation mode", self.set_presentation,
                                                QKeySequence(Qt.Key.Key_F11), checkable=True)
        self.controls_action = self._action(view_menu, "Show &controls", self.set_controls_visible,
                                            QKeySequence("Ctrl+H"), checkable=True)
        self.controls_action.setChecked(True)
        for dock in self.docks:
            view_menu.addAction(dock.toggleViewAction())
        self._action(view_menu, "&Reset layout", self.reset_layout)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&How to read RegLab", self.show_help, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&About RegLab", self.show_about)

    def _build_edit_menu(self) -> None:
        edit_menu = self.menuBar().addMenu("&Edit")
        stack = self.history.stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z everywhere, and the platform's own redo key too (Ctrl+Y on Windows).
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        shift_z = QKeySequence("Ctrl+Shift+Z")
        self.redo_action.setShortcuts(redo_keys + [shift_z] if shift_z not in redo_keys else redo_keys)
        for action in (self.undo_action, self.redo_action):
            edit_menu.addAction(action)
            self.addAction(action)
        edit_menu.addSeparator()
        self.copy_action = self._action(edit_menu, "&Copy numbers of the plot", self.copy_view,
                                        QKeySequence.StandardKey.Copy)
        edit_menu.addSeparator()
        self._action(edit_menu, "Reset to &defaults", self.history.reset)

    def _action(self, menu, text, slot, shortcut=None, checkable=False) -> QAction:
        action = QAction(text, self)
        action.setCheckable(checkable)
        if shortcut is not None:
            action.setShortcut(shortcut)
        (action.toggled if checkable else action.triggered).connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts keep working with the menu bar hidden (full screen)
        return action

    def _add_export_actions(self, view) -> None:
        for fmt in ("PNG", "SVG"):
            self._action(self.export_menu, f"{view.title} as {fmt}…",
                         lambda _=False, v=view, f=fmt: self.export_view(v, f))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.message = QLabel()
        self.timing = QLabel()
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.busy)
        row.addWidget(self.message, 1)
        bar.addWidget(holder, 1)
        bar.addPermanentWidget(self.timing)
        # As tall as with the busy bar showing: a status bar that grows would resize, and so repaint, every view.
        bar.setFixedHeight(max(bar.sizeHint().height(), self.busy.sizeHint().height() + 4))
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self.busy.show)
        self.controller.busy_changed.connect(self._on_busy)
        self.controller.status_message.connect(self._show_message)
        self.controller.error.connect(self._show_error)
        self.controller.recompute_finished.connect(self._show_timing)

    # -- public API ------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the first computation (the window shows at once; results follow)."""
        self.controller.request_recompute()

    def start_then_build_views(self) -> None:
        """Start the first computation and build the views once it has ended (results or an error), or
        after ``VIEWS_AT_LATEST_MS``, whichever comes first.

        The views' construction (pyqtgraph's import, every plot) and the worker share the GIL: done side
        by side, diabetes' 0.1 s of computing stretched to about a second, and the views painted twice
        (empty, then with results). This way the results are usually there when the views first paint.
        """
        for signal in (self.controller.recompute_finished, self.controller.error, self.controller.data_error):
            signal.connect(self._build_views_soon)
        self.start()  # counted from here: the first job's start imports the worker machinery
        if not self.views_are_built:
            self._views_timer.start(VIEWS_AT_LATEST_MS)

    def _build_views_soon(self, *_) -> None:
        if not self.views_are_built and self.workers_stopped is None:  # not closed
            self._views_timer.start(0)  # after the controller's slot has returned

    def views(self) -> list:
        return list(self._views)

    def add_view(self, view, slot: str = CONSTRAINT_SLOT) -> None:
        """Put ``view`` into a named slot of the layout: "constraint" (an empty cell beside the validation
        view, shown once filled) or "validation_tabs" (a tab next to the validation view, named by
        ``view.title`` without its parenthesis, the full title its tooltip).

        A ``View`` subclass also joins the repaint bookkeeping (``first_results``, ``views_repainted``).
        """
        container = self.slots[slot]
        if isinstance(container, QTabWidget):
            container.setTabToolTip(container.addTab(view, _tab_title(view)), getattr(view, "title", ""))
            container.tabBar().setVisible(True)
        else:
            container.layout().addWidget(view)
            container.show()
        if hasattr(view, "repainted") and hasattr(view, "has_data"):
            self._join(view)

    def _join(self, view) -> None:
        self._views.append(view)
        view.repainted.connect(self._on_view_repainted)
        self._add_export_actions(view)

    def _shown_views(self) -> list:
        # A view on a hidden tab paints nothing: it is waited for once its tab is chosen.
        return [v for v in self._views if v.isVisible()]

    def all_views_ready(self) -> bool:
        """The views are built and every view on screen has data for every model and has painted it."""
        return self.views_are_built and all(self._view_ready(v) for v in self._shown_views())

    def _view_ready(self, view) -> bool:
        return view.has_data() and self._painted.get(view) == view.drawn_token

    def view_is_current(self, view) -> bool:
        """``view`` is on screen and shows the results of the current settings, complete and painted."""
        return self.controller.idle and view.isVisible() and self._view_ready(view)

    def show_view(self, view) -> None:
        """Bring ``view``'s tab to the front (a view on a tab behind another computes only once shown)."""
        tabs = self.slots[TABS_SLOT]
        # The page that holds it: the view itself, or the bars' or the constraint view's frame as a tab.
        page = next((tabs.widget(i) for i in range(tabs.count())
                     if tabs.widget(i) is view or tabs.widget(i).isAncestorOf(view)), None)
        if page is not None:
            tabs.setCurrentWidget(page)

    # -- slots -----------------------------------------------------------------------------------------
    def _on_view_repainted(self, token) -> None:
        self._painted[self.sender()] = token
        if all(self._painted.get(v) == token for v in self._shown_views()):
            self.views_repainted.emit(token)
        if not self._first_done and self.all_views_ready():
            self._first_done = True
            self.first_results.emit()

    def _paint_moved_items(self) -> None:
        """Have each view's scene hand its moved items to the screen now.

        A scene collects its items' updates in calls queued to itself, and each canvas is painted when its
        scene's call comes: the canvases of a strength move were painted a few ms apart, with other events in
        between; now one after the other, at once (strength move, 10000 x 200: p95 29-34 -> 21-26 ms).
        """
        for view in self._views:
            QCoreApplication.sendPostedEvents(view.canvas.scene(), QEvent.Type.MetaCall.value)

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.hide()

    def _show_message(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def _show_error(self, text: str) -> None:
        # Already in a lecturer's words (what failed, what to do): the colour alone marks it as a failure.
        self.message.setStyleSheet("color: #B00020")
        self.message.setText(text)

    def _show_timing(self, seconds: float) -> None:
        self.timing.setText(f"last recompute {seconds * 1000:.0f} ms")

    def show_data_error(self, message: str) -> None:
        if self.state.dataset is None:  # the start-up's file: the controller went to the default data
            message = f"{message}\n\nRegLab opened the built-in {self.state.source.label} data instead."
        QMessageBox.warning(self, "Cannot load the data", message)

    def open_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open CSV", "", OPEN_FILTER)
        if path:
            self.state.set_csv(path)

    def copy_view(self) -> None:
        """Put the numbers of the focused view (else the view under the mouse) on the clipboard, as
        tab-separated text; selected readout text under the mouse is copied as it is."""
        under_mouse = QApplication.widgetAt(QCursor.pos())
        if isinstance(under_mouse, QLabel) and under_mouse.hasSelectedText():
            QApplication.clipboard().setText(under_mouse.selectedText())
            return
        view = self._view_of(QApplication.focusWidget()) or self._view_of(under_mouse)
        table = view.table() if view is not None else []
        if not table:
            self._show_message(COPY_HINT if view is None else f"{view.title}: no numbers to copy yet")
            return
        QApplication.clipboard().setText(table_text(table))
        self._show_message(f"Copied {view.title}: {len(table) - 1} rows, tab-separated")

    def _view_of(self, widget):
        """The view that holds ``widget`` (None when it is not inside one)."""
        while widget is not None and widget not in self._views:
            widget = widget.parentWidget()
        return widget

    def export_view(self, view, fmt: str) -> None:
        """Ask where to save ``view`` as "PNG" (at the scale chosen in the dialog) or "SVG", then write it once it
        shows the current results."""
        self.show_view(view)  # a view behind a tab computes now, while the user chooses the file
        path, scale = self._ask_export_path(f"Export {view.title}", view.title, fmt)
        if path:
            self.export_view_to(view, path, scale)

    def export_window(self) -> None:
        """Ask where to save a PNG of the whole window, then write it once every view is current."""
        path, scale = self._ask_export_path("Export window", "RegLab window", "PNG")
        if path:
            self.export_window_to(path, scale)

    def export_view_to(self, view, path: str, scale: int = export.DEFAULT_SCALE) -> None:
        """Write ``view`` to ``path`` (SVG or PNG by its suffix) now if it is current, else as soon as it is
        (its tab is brought to the front); the status bar says which."""
        self.show_view(view)
        self._export_when_current(view.title, path, lambda: self.view_is_current(view),
                                  lambda: view.export(path, scale), view.repainted)

    def export_window_to(self, path: str, scale: int = export.DEFAULT_SCALE) -> None:
        """Write a PNG of the window to ``path`` at ``scale``, now or once every view on screen is current."""
        self._export_when_current("the window", path, lambda: self.controller.idle and self.all_views_ready(),
                                  lambda: export.write_window(self, path, scale), self.views_repainted)

    def _ask_export_path(self, caption: str, name: str, fmt: str) -> tuple[str, int]:
        """A file name from the save dialog (with the format's suffix) and, for a PNG, the scale whose filter
        was chosen; ("", scale) when cancelled."""
        suffix = fmt.lower()
        if fmt == "PNG":
            filters = {export.png_filter(scale): scale for scale in export.SCALES}
            chosen = export.png_filter(self._png_scale)
        else:
            filters = {f"{fmt} vector image (*.{suffix})": self._png_scale}
            chosen = next(iter(filters))
        path, chosen = QFileDialog.getSaveFileName(self, caption, f"{name}.{suffix}", ";;".join(filters), chosen)
        if not path:
            return "", self._png_scale
        if fmt == "PNG":
            self._png_scale = filters.get(chosen, self._png_scale)  # the next PNG starts from this one
        return (path if path.lower().endswith(f".{suffix}") else f"{path}.{suffix}"), self._png_scale

    def _export_when_current(self, what: str, path: str, is_current, write, repainted) -> None:
        if self._pending_export is not None:
            self._pending_export.cancel()  # the newer request wins
        pending = export.PendingExport(is_current, write, (repainted, self.controller.busy_changed), self)
        pending.written.connect(lambda: self._show_message(f"Saved {what} to {path}"))
        pending.failed.connect(self._show_export_error)
        self._pending_export = pending
        if not pending.try_now():
            self._show_message(f"Saving {what} to {path} once it shows the current results…")

    def _show_export_error(self, message: str) -> None:
        self._show_error(message)
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot export", message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("export_error")
        box.open()  # not modal to the program: the lecture goes on

    def set_presentation(self, on: bool) -> None:
        self.state.set_presentation(on)
        # Their height goes to the plots: at 1280 x 720 with presentation fonts, the validation plot needs it.
        # The menus' shortcuts stay (F11 leaves presentation mode, Ctrl+H shows the controls).
        self.statusBar().setVisible(not on)
        self.menuBar().setVisible(not on)
        self.central.setSizes(list(CENTRAL_SIZES[on]))
        self.showFullScreen() if on else self.showNormal()

    def set_controls_visible(self, visible: bool) -> None:
        if visible:
            self.strength_strip.hide()
        for dock in self.docks:
            dock.setVisible(visible)
        if not visible:
            # The docks' heights leave the minimum now, before the strip adds its own: beside the bottom row
            # the docks and the paths fill the height, and the window would grow by the strip's height.
            self.lower.layout().activate()
            self.central.updateGeometry()
            self.centralWidget().layout().activate()
            self.strength_strip.show()

    def _sync_controls_action(self) -> None:
        # Checked when every control dock is shown: triggered with one closed, it brings all back.
        if self._moving_docks:
            return
        self.controls_action.blockSignals(True)
        self.controls_action.setChecked(all(dock.toggleViewAction().isChecked() for dock in self.docks))
        self.controls_action.blockSignals(False)

    def show_help(self) -> None:
        path = _resource("help.html")
        dialog = QDialog(self)
        dialog.setWindowTitle("How to read RegLab")
        browser = QTextBrowser(dialog)
        browser.setOpenExternalLinks(False)
        if path:
            browser.setSource(QUrl.fromLocalFile(path))
        else:
            browser.setText("The help file is missing from this installation.")
        QVBoxLayout(dialog).addWidget(browser)
        dialog.resize(700, 700)
        dialog.show()

    def show_about(self) -> None:
        QMessageBox.about(self, "About RegLab",
                          f"<b>RegLab {__version__}</b><p>See and touch the difference between L1 (lasso) and "
                          "L2 (ridge) regularization.</p><p>Every model minimises glmnet's objective "
                          "1/(2n)·||y − b − Xw||² + λ·(α||w||₁ + (1 − α)/2·||w||₂²).</p>")

    # -- layout --------------------------------------------------------------------------------------------
    def default_size(self) -> QSize:
        """1600 x 1000, or as much of it as the screen's available area holds (its frame aside)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return DEFAULT_SIZE
        available = screen.availableGeometry().size()
        frame = self.frameGeometry().size() - self.geometry().size() if self.isVisible() else QSize(0, 0)
        return DEFAULT_SIZE.boundedTo(available - frame)

    def restore_layout(self, settings: QSettings) -> None:
        """Take the size and dock layout last saved in ``settings`` (else keep the default) and save them
        there when the window closes."""
        self._settings = settings
        geometry, docks = settings.value(GEOMETRY_KEY), settings.value(DOCKS_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if docks is not None:
            self._move_docks(compact=False)
            self.restoreState(docks)
            self._narrow = self.width() < NARROW_WINDOW_PX  # the docks' saved widths stay
            self._arrange_timer.start()
        self.controls_action.setChecked(any(not dock.isHidden() for dock in self.docks))

    def reset_layout(self) -> None:
        """The default layout: the docks at the left, shown, at their default sizes; the default window size."""
        self._move_docks(compact=False)
        self.restoreState(self._default_docks)
        for dock in self.docks:
            dock.show()
        self.controls_action.setChecked(True)
        if not (self.isFullScreen() or self.isMaximized()):
            self.resize(self.default_size())
        self._narrow = None
        self._fit_docks(self.width())
        self.central.setSizes(list(CENTRAL_SIZES[self.state.presentation]))
        self.bottom.arrange(share_out=True)
        self._arrange_timer.start()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_docks(event.size().width())
        self._arrange_timer.start()

    def _paths_need_width(self) -> int:
        """The width the paths view needs for a plot area of PATHS_PLOT_MIN_PX in every shown panel, and at least
        its strength axis' shortest label: what its axes, margins and legend (a widget beside the canvas) take
        now, plus those plot areas."""
        view = self.paths_view
        panels = [view.panel(penalty) for penalty in self.state.penalties]
        taken = view.width() - sum(panel.plot.vb.width() for panel in panels)
        label_px = QFontMetrics(panels[0].plot.getAxis("bottom").label.font()).horizontalAdvance(
            strength_axis_label(self.state.x_axis, 0.0))
        return int(taken + len(panels) * (max(PATHS_PLOT_MIN_PX, label_px) + PATHS_PLOT_SLACK_PX))

    def _arrange_docks(self) -> None:
        """Docks beside the paths where the paths' panels get their width there, else beside the bottom row.

        With presentation fonts at 1024 px, or three models in a narrow window, the panels beside the docks
        had 85-190 px of plot each. Then the docks (as tabs of one column: Penalty in front) move into the
        bottom row's own main window and the paths take the whole width; they move back when the room
        returns. Docks the user put elsewhere (right, floating) stay where they are.
        """
        if not self.views_are_built or self.workers_stopped is not None:
            return
        host = self.lower if self._compact else self
        at_left = all(host.dockWidgetArea(dock) == Qt.DockWidgetArea.LeftDockWidgetArea and not dock.isFloating()
                      for dock in self.docks)
        compact = at_left and self._paths_need_width() > self.width() - DOCK_WIDTH[self.width() < NARROW_WINDOW_PX]
        self._move_docks(compact)

    def _move_docks(self, compact: bool) -> None:
        if compact == self._compact:
            return
        self._moving_docks = True
        source, target = (self, self.lower) if compact else (self.lower, self)
        shown = [not dock.isHidden() for dock in self.docks]
        for dock in self.docks:
            source.removeDockWidget(dock)
            target.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        penalty, data = self.docks
        if compact:
            target.tabifyDockWidget(penalty, data)
        for dock, visible in zip(self.docks, shown):
            dock.setVisible(visible)
        penalty.raise_()
        self._compact = compact
        width = COMPACT_DOCK_WIDTH if compact else DOCK_WIDTH[self.width() < NARROW_WINDOW_PX]
        target.resizeDocks(self.docks, [width] * len(self.docks), Qt.Orientation.Horizontal)
        if not compact:
            target.resizeDocks(self.docks, list(DOCK_HEIGHTS), Qt.Orientation.Vertical)
        self._moving_docks = False

    def _fit_docks(self, window_width: int) -> None:
        """The docks' default width for a window this wide, when it crosses NARROW_WINDOW_PX."""
        narrow = window_width < NARROW_WINDOW_PX
        if narrow != self._narrow:
            self._narrow = narrow
            if not self._compact:
                self.resizeDocks(self.docks, [DOCK_WIDTH[narrow]] * len(self.docks), Qt.Orientation.Horizontal)

    # -- drag and drop, closing ------------------------------------------------------------------------
    @staticmethod
    def _csv_url(event):
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return next((u.toLocalFile() for u in urls if u.toLocalFile().lower().endswith(DATA_FILE_SUFFIXES)), None)

    def dragEnterEvent(self, event):
        if self._csv_url(event):
            event.acceptProposedAction()

    def dropEvent(self, event):
        path = self._csv_url(event)
        if path:
            self.state.set_csv(path)
            event.acceptProposedAction()

    def closeEvent(self, event):
        self._busy_timer.stop()
        self._views_timer.stop()
        self._arrange_timer.stop()
        if self._pending_export is not None:
            self._pending_export.cancel()
        if self.views_are_built:
            self.stability_view.stop()
        self.workers_stopped = self.controller.shutdown()
        if self._settings is not None:
            self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
            if not self._compact:  # beside the bottom row the docks are the window's choice, not the user's
                self._settings.setValue(DOCKS_KEY, self.saveState())
            self._settings.sync()
        super().closeEvent(event)


def table_text(table) -> str:
    """Rows of cells as tab-separated text: numbers in full precision (repr), one line per row."""
    return "".join("\t".join(_cell(value) for value in row) + "\n" for row in table)


def _cell(value) -> str:
    if isinstance(value, str):
        return value
    return str(int(value)) if isinstance(value, numbers.Integral) else repr(float(value))
