"""The pyqtgraph internals of gui.pg_internals are there, with the meaning RegLab relies on.

A pyqtgraph release that renames or changes one fails here, naming it, rather than as a slow or wrong paint.
"""

import inspect

import pyqtgraph as pg
import pytest

from gui import pg_internals

VERSION = f"pyqtgraph {pg.__version__}"


def _instance(class_name):
    if class_name == "AxisItem":
        return pg.AxisItem("bottom")
    if class_name == "GraphicsLayout":
        return pg.GraphicsLayoutWidget().ci
    if class_name == "PlotItem":
        return pg.PlotItem()
    if class_name == "PlotDataItem":
        return pg.PlotDataItem()
    if class_name == "LabelItem":
        return pg.LabelItem("text")
    return pg.BarGraphItem(x=[0.0], height=[1.0], width=0.5)


def _paint(canvas):
    image = pg.QtGui.QImage(canvas.size(), pg.QtGui.QImage.Format.Format_ARGB32)
    painter = pg.QtGui.QPainter(image)
    canvas.scene().render(painter)
    painter.end()


@pytest.mark.parametrize("class_name, name", [(c, n) for c, names in pg_internals.ATTRIBUTES.items() for n in names])
def test_each_attribute_is_set_by_its_class(qapp, class_name, name):
    assert hasattr(_instance(class_name), name), f"{VERSION}: {class_name} no longer has the attribute {name!r}"


@pytest.mark.parametrize("name, parameters", pg_internals.AXIS_METHODS.items())
def test_each_axis_method_takes_the_parameters_the_views_pass_and_override(name, parameters):
    method = getattr(pg.AxisItem, name, None)
    assert method is not None, f"{VERSION}: AxisItem has no method {name!r}"
    found = tuple(inspect.signature(method).parameters)
    assert found == parameters, f"{VERSION}: AxisItem.{name} takes {found}, not {parameters}"


def test_an_axis_drawn_outside_its_paint_keeps_that_drawing_until_forgotten(qtbot):
    canvas = pg.GraphicsLayoutWidget()
    qtbot.addWidget(canvas)
    plot = canvas.addPlot()
    canvas.resize(400, 300)
    canvas.show()
    qtbot.waitExposed(canvas)
    assert plot in pg_internals.plot_items(canvas), f"{VERSION}: GraphicsLayout.items no longer holds its plots"
    pg_internals.layout_of(canvas).activate()
    axis = plot.getAxis("bottom")
    pg_internals.forget_drawing(axis)
    assert not pg_internals.has_drawing(axis)
    for _ in range(2):  # the first drawing may resize the axis, which discards it (as in gui.views.base.settle)
        pg_internals.draw_now(axis)
        pg_internals.layout_of(canvas).activate()
    assert pg_internals.has_drawing(axis), f"{VERSION}: AxisItem.picture is not kept after drawing"
    drawn = axis.picture
    _paint(canvas)
    assert axis.picture is drawn, f"{VERSION}: AxisItem.paint redraws a kept picture"
    pg_internals.forget_drawing(axis)
    _paint(canvas)
    assert pg_internals.has_drawing(axis), f"{VERSION}: AxisItem.paint does not draw again when picture is None"


def test_the_tick_font_and_the_label_text_are_the_ones_set(qapp):
    axis = pg.AxisItem("left")
    font = pg.QtGui.QFont()
    font.setPointSize(17)
    axis.setStyle(tickFont=font)
    axis.setLabel("error")
    assert pg_internals.tick_font(axis).pointSize() == 17, f"{VERSION}: AxisItem.style['tickFont'] is not the tick font"
    assert pg_internals.label_text(axis) == "error", f"{VERSION}: AxisItem.labelText is not the label"


def test_the_views_own_axes_build_on_this_pyqtgraph(qapp):
    # FeatureAxis reads AxisItem.range from the resize that pyqtgraph's own __init__ makes (0.13.7 sets it after).
    from gui.views.axes import NonzeroAxis
    from gui.views.feature_axis import FeatureAxis

    try:
        FeatureAxis().set_names(["age", "sex", "bmi"])
        NonzeroAxis().set_counts([0.0, 1.0], [1, 2])
    except AttributeError as exc:
        pytest.fail(f"{VERSION}: {exc}")


def test_a_plots_layout_and_a_data_items_curve_are_what_the_views_use_them_for(qapp):
    plot = pg.PlotItem()
    assert isinstance(pg_internals.plot_layout(plot), pg.QtWidgets.QGraphicsGridLayout), \
        f"{VERSION}: PlotItem.layout is no longer its grid layout"
    item = pg.PlotDataItem([0.0, 1.0], [1.0, 2.0])
    assert isinstance(pg_internals.curve_of(item), pg.PlotCurveItem), \
        f"{VERSION}: PlotDataItem.curve is no longer the curve that draws its line"
