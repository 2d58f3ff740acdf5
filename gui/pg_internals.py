"""The parts of pyqtgraph that RegLab uses but pyqtgraph does not publish, named in one place.

The fast paint paths draw an axis outside its paint (``gui.views.base.settle``) and draw their own labels
(``gui.views.feature_axis``, ``gui.views.axes``): an ``AxisItem`` keeps its drawing in ``picture`` (None:
drawn again at the next paint), made by ``generateDrawSpecs(p)`` and ``drawPicture(p, axisSpec, tickSpecs,
textSpecs)`` in the tick font ``style["tickFont"]``. The views also read an axis' ``labelText``, ``range`` and
``fixedHeight``, a layout's ``items`` and ``layout``, a plot's ``layout``, a data item's ``curve``, the ``text``
and ``opts`` of labels and the ``opts`` of bars. None of this is public API: tests/gui/test_pg_internals.py
checks every name here on the installed pyqtgraph, and pyproject.toml bounds pyqtgraph to the releases that
passed it.
"""

from __future__ import annotations

# Instance attributes, by the pyqtgraph class that sets them.
ATTRIBUTES = {
    "AxisItem": ("picture", "style", "labelText", "range", "fixedHeight"),
    "GraphicsLayout": ("items", "layout"),
    "PlotItem": ("layout",),
    "PlotDataItem": ("curve",),
    "LabelItem": ("text", "opts"),
    "BarGraphItem": ("opts",),
}
# Methods that the fast paint paths call or override, with their parameters.
AXIS_METHODS = {
    "generateDrawSpecs": ("self", "p"),
    "drawPicture": ("self", "p", "axisSpec", "tickSpecs", "textSpecs"),
}


def forget_drawing(axis) -> None:
    """Make ``axis`` draw itself again at its next paint (it keeps its last drawing until then)."""
    axis.picture = None


def has_drawing(axis) -> bool:
    return axis.picture is not None


def tick_font(axis):
    """The QFont of ``axis``' tick labels (None: the widget's font)."""
    return axis.style["tickFont"]


def label_text(axis) -> str:
    return axis.labelText


def plot_items(canvas):
    """The items of a ``GraphicsLayoutWidget``'s central layout."""
    return canvas.ci.items


def layout_of(canvas):
    """The ``QGraphicsGridLayout`` of a ``GraphicsLayoutWidget``'s central layout."""
    return canvas.ci.layout


def plot_layout(plot):
    """The ``QGraphicsGridLayout`` of a ``PlotItem`` (its axes, title and view box)."""
    return plot.layout


def curve_of(item):
    """The ``PlotCurveItem`` that draws a ``PlotDataItem``'s line."""
    return item.curve


def draw_now(axis) -> None:
    """What ``AxisItem.paint`` does when its drawing is missing, outside the paint."""
    from PySide6.QtGui import QPainter, QPicture

    size = (axis.minimumSize(), axis.maximumSize())
    picture = QPicture()
    painter = QPainter(picture)
    try:
        if tick_font(axis):
            painter.setFont(tick_font(axis))
        specs = axis.generateDrawSpecs(painter)  # measures the labels, and resizes the axis if they need it
        if specs is not None:
            axis.drawPicture(painter, *specs)
    finally:
        painter.end()
    if (axis.minimumSize(), axis.maximumSize()) == size:  # else it was drawn for the old size
        axis.picture = picture
