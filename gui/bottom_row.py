"""The row under the coefficient paths: its views side by side where they fit, as tabs where the row runs short."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsView, QSplitter, QTabWidget, QWidget

from gui import style

# A cell's width for a plot area of at least 200 px beside its axis, with normal and with presentation fonts.
CELL_WIDTH = {False: 330, True: 430}


def _plots_min_width(widget: QWidget) -> int:
    """The widest minimum of the plot layouts (pyqtgraph canvases) in ``widget``, with their frames."""
    widths = [0]
    for canvas in widget.findChildren(QGraphicsView):
        layout = getattr(canvas, "ci", None)
        if layout is not None:
            frame = canvas.width() - canvas.viewport().width()
            widths.append(int(layout.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()) + frame + 2)
    return max(widths)


class BottomRow(QSplitter):
    """The bars, the error views' tabs (validation, stability) and the constraint view, left to right.

    Side by side while the row is wide enough for every cell's minimum width; narrower, the constraint view
    becomes the last tab beside the error views; narrower still, the bars become the first: every view stays
    one click away and none is clipped. ``arrange()`` chooses (the row calls it when resized).
    """

    def __init__(self, bars: QWidget, tabs: QTabWidget, constraint: QWidget, stretch: tuple[int, int, int],
                 titles: tuple[str, str]):
        super().__init__(Qt.Orientation.Horizontal)
        self.tabs = tabs
        self._cells = (bars, tabs, constraint)
        self._titles = dict(zip((bars, constraint), titles))
        self._stretch = dict(zip(self._cells, stretch))
        self._presentation = False
        self._tabbed: tuple = ()  # the cells that are tabs now
        self._whole_row: dict = {}  # page -> {presentation: row height below which it takes the whole row}
        self._placing = False
        self._given_row = None  # the page the whole row is given to now
        tabs.currentChanged.connect(lambda _index: self._placing or self.arrange())
        for cell in self._cells:
            self.addWidget(cell)
        self.setChildrenCollapsible(False)
        self._share_out()

    # -- public API ------------------------------------------------------------------------------------
    @property
    def tabbed(self) -> tuple:
        """The cells (bars, constraint) shown as tabs beside the error views, left to right."""
        return self._tabbed

    def give_whole_row(self, page: QWidget, below_height: dict) -> None:
        """While ``page`` is the current tab and the row is lower than ``below_height[presentation]``, every
        cell becomes a tab and ``page`` gets the row's whole width (the stability view's two panels side by
        side: stacked they need more height than a short window's row has)."""
        self._whole_row[page] = below_height
        self.arrange()

    def set_presentation(self, on: bool) -> None:
        """Presentation fonts for the tab titles; the cells' minimum widths follow."""
        self._presentation = on
        font = QFont()
        if on:
            font.setPointSize(style.Scale.for_mode(True).font_pt)
        self.tabs.tabBar().setFont(font)
        self.arrange()

    def arrange(self, share_out: bool = False) -> None:
        """Put the cells side by side or into the tabs as the row's width allows; with ``share_out``, share the
        row out among the cells by their stretch factors even when the arrangement stays."""
        bars, tabs, constraint = self._cells
        filled = constraint.layout().count() > 0  # the constraint view's place is empty until add_view fills it
        need = {cell: self._needed_width(cell) for cell in self._cells}
        width = self.width()
        current = self.tabs.currentWidget()
        if current in self._tabbed and self._given_row is not None:
            current = self._given_row  # the bars or the constraint view chosen among the whole row's tabs
        whole_row = current in self._whole_row and self.height() < self._whole_row[current][self._presentation]
        self._given_row = current if filled and whole_row else None
        if filled and whole_row:
            tabbed = (bars, constraint)
        elif not filled or width >= sum(need.values()):
            tabbed = ()
        elif width >= need[bars] + max(need[tabs], need[constraint], self._tab_bar_width(constraint)):
            tabbed = (constraint,)
        else:
            tabbed = (bars, constraint)
        for cell in self._cells:
            cell.setMinimumWidth(need[cell] if cell not in tabbed else 0)
        if tabbed != self._tabbed:
            self._place(tabbed)
            share_out = True
        if share_out:
            self._share_out()

    # -- Qt --------------------------------------------------------------------------------------------
    def minimumSizeHint(self) -> QSize:
        # The row adapts to any width down to one cell: the window must not take the side-by-side minimum.
        return QSize(CELL_WIDTH[self._presentation], super().minimumSizeHint().height())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size() != event.oldSize():
            self.arrange()

    # -- helpers ---------------------------------------------------------------------------------------
    def _needed_width(self, cell: QWidget) -> int:
        if cell is self.tabs:  # its own pages only, not the cells it holds as tabs now
            pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
            widths = [page.minimumSizeHint().width() for page in pages if page not in self._titles]
        else:
            widths = [cell.minimumSizeHint().width()] if cell.isVisibleTo(self) or cell in self._tabbed else []
        # A plot's title and axes need more than its canvas asks for (a QGraphicsView has no minimum of its own).
        widths += [_plots_min_width(page) for page in ([cell] if cell is not self.tabs else
                                                       [self.tabs.widget(i) for i in range(self.tabs.count())
                                                        if self.tabs.widget(i) not in self._titles])]
        return max([CELL_WIDTH[self._presentation], *widths])

    def _tab_bar_width(self, *extra: QWidget) -> int:
        """The width the tab bar needs for every title, with ``extra`` cells as tabs too (scroll arrows would
        hide a tab behind a second click)."""
        bar = self.tabs.tabBar()
        titles = [bar.tabText(i) for i in range(bar.count()) if self.tabs.widget(i) not in extra]
        titles += [self._titles[cell] for cell in extra if self.tabs.indexOf(cell) < 0]
        metrics = bar.fontMetrics()
        padding = bar.tabSizeHint(0).width() - metrics.horizontalAdvance(bar.tabText(0)) if bar.count() else 40
        return sum(metrics.horizontalAdvance(title) + padding for title in titles)

    def _place(self, tabbed: tuple) -> None:
        self._placing = True
        try:
            self._place_cells(tabbed)
        finally:
            self._placing = False

    def _place_cells(self, tabbed: tuple) -> None:
        bars, tabs, constraint = self._cells
        current = tabs.currentWidget()
        for cell in (bars, constraint):
            index = tabs.indexOf(cell)
            if cell in tabbed and index < 0:
                tabs.insertTab(0 if cell is bars else tabs.count(), cell, self._titles[cell])
            elif cell not in tabbed and index >= 0:
                tabs.removeTab(index)
                self.insertWidget(self.indexOf(tabs) + (0 if cell is bars else 1), cell)
                cell.show()
        self._tabbed = tabbed
        if current is not None and tabs.indexOf(current) >= 0:
            tabs.setCurrentWidget(current)
        tabs.tabBar().setVisible(tabs.count() > 1)

    def _share_out(self) -> None:
        cells = [self.widget(i) for i in range(self.count())]
        total = sum(self._stretch[cell] for cell in cells if not cell.isHidden())
        width = max(self.width(), 1)
        for index, cell in enumerate(cells):
            self.setStretchFactor(index, self._stretch[cell])
        self.setSizes([width * self._stretch[cell] // total if not cell.isHidden() else 0 for cell in cells])
