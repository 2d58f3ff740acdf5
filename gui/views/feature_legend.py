"""The paths' legend: every feature, findable by typing, its colour and line style; a click highlights it everywhere."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gui import style

LEGEND_CHARS = 11  # the names' width in "n"s: longer ones are elided, and their tooltip says them whole
SWATCH_PX = (28, 12)
INDEX_ROLE = Qt.ItemDataRole.UserRole


class FeatureLegend(QWidget):
    """A filter box over a scrolling list of the features, each with a sample of its line.

    Clicking a feature sets ``AppState.highlighted_feature`` (clicking it again clears it); the list's
    current row follows the state, whoever sets it.
    """

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("find a feature")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Type part of a name: the list shows the features that match")
        self.list = QListWidget()
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setIconSize(QSize(*SWATCH_PX))
        self.list.setToolTip("Click a feature to highlight it in every view; click it again to clear")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        self._shown = None  # (names, pens) listed
        self.filter.textChanged.connect(self._apply_filter)
        self.list.itemClicked.connect(self._on_clicked)
        state.highlight_changed.connect(self._show_highlight)
        self.set_font_pt(style.Scale.for_mode(state.presentation).font_pt)

    def set_font_pt(self, font_pt: int) -> None:
        font = QFont()
        font.setPointSize(font_pt)
        for widget in (self.filter, self.list):
            widget.setFont(font)
        self.setFixedWidth(QFontMetrics(font).horizontalAdvance("n" * LEGEND_CHARS) + SWATCH_PX[0] + 24)

    def set_features(self, names, pens) -> None:
        """List ``names`` (p,) with line samples drawn with ``pens`` (p,); nothing to do when they are listed."""
        shown = (tuple(names), tuple(pens))
        if self._shown is not None and self._shown[0] == shown[0] and all(
                a == b for a, b in zip(self._shown[1], shown[1])):
            return
        self._shown = shown
        self.list.clear()
        for index, (name, line_pen) in enumerate(zip(names, pens)):
            item = QListWidgetItem(_swatch(line_pen), name)
            item.setToolTip(name)
            item.setData(INDEX_ROLE, index)
            self.list.addItem(item)
        self._apply_filter(self.filter.text())
        self._show_highlight()

    def rows(self) -> list[tuple[str, object]]:
        """(name, pen) of every feature the list shows now (the filter's matches)."""
        if self._shown is None:
            return []
        names, pens = self._shown
        return [(names[row], pens[row]) for row in range(self.list.count()) if not self.list.item(row).isHidden()]

    def _apply_filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(wanted not in item.text().casefold())

    def _on_clicked(self, item: QListWidgetItem) -> None:
        index = item.data(INDEX_ROLE)
        self.state.set_highlighted_feature(None if self.state.highlighted_feature == index else index)

    def _show_highlight(self) -> None:
        index = self.state.highlighted_feature
        self.list.blockSignals(True)
        if index is None or not 0 <= index < self.list.count():
            self.list.clearSelection()
            self.list.setCurrentRow(-1)
        else:
            self.list.setCurrentRow(index)
            self.list.scrollToItem(self.list.item(index))
        self.list.blockSignals(False)

    def paint_picture(self, painter: QPainter) -> None:
        """Draw the listed rows in view as vector lines and text at the painter's origin (for SVG export)."""
        painter.setFont(self.list.font())
        origin = self.list.viewport().mapTo(self, QPointF(0, 0).toPoint())
        names, pens = self._shown or ((), ())
        viewport = self.list.viewport().rect()
        for row in range(self.list.count()):
            item = self.list.item(row)
            rect = self.list.visualItemRect(item)
            if item.isHidden() or not viewport.intersects(rect):
                continue
            rect = QRectF(rect.translated(origin))
            y = rect.center().y()
            painter.setPen(pens[row])
            painter.drawLine(QLineF(rect.left() + 4, y, rect.left() + SWATCH_PX[0], y))
            painter.setPen(style.FOREGROUND)
            text_rect = QRectF(rect.left() + SWATCH_PX[0] + 8, rect.top(), rect.width() - SWATCH_PX[0] - 8,
                               rect.height())
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             names[row])


def _swatch(line_pen) -> QIcon:
    pixmap = QPixmap(*SWATCH_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(line_pen)
    painter.drawLine(QLineF(2, SWATCH_PX[1] / 2, SWATCH_PX[0] - 2, SWATCH_PX[1] / 2))
    painter.end()
    return QIcon(pixmap)
