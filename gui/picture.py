"""How a view (or the window) is drawn into an SVG as vector paths clipped to each plot, or into a PNG at a scale.

What the screen shows comes partly from caches (curves and axes kept as pixmaps, the canvas background
too, scatter symbols stamped from an atlas): drawn into an SVG they would be embedded raster images, and
into a 2x PNG blurred ones. While a picture is drawn, every cache is switched off and pyqtgraph's items
are told they are being exported (they then draw each symbol as a path); afterwards both come back.
"""

from __future__ import annotations

from contextlib import contextmanager

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QImage, QPainter, QPainterPath, QPalette, QTextDocument
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QLabel, QStyleOptionGraphicsItem, QWidget

from gui import style
from gui.export import ExportError
from gui.svg_cleanup import portable_svg

SVG_DPI = 96  # the document's size in mm then shows it at its size on screen


def widget_svg(root: QWidget, parts: list[QWidget], title: str) -> bytes:
    """An SVG document of ``parts`` (widgets inside ``root``) where they stand in ``root``."""
    area = _area(root, parts)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)  # SVG 1.1 has clip paths, SVG Tiny 1.2 has not
    generator.setOutputDevice(buffer)
    generator.setSize(area.size())
    generator.setViewBox(QRect(QPoint(0, 0), area.size()))
    generator.setTitle(title)
    generator.setDescription("Exported from RegLab")
    generator.setResolution(SVG_DPI)
    _paint(generator, root, parts, area, vector=True)
    return portable_svg(bytes(buffer.data()).decode("utf-8")).encode("utf-8")


def widget_png(root: QWidget, parts: list[QWidget], scale: int) -> bytes:
    """A PNG of ``parts`` (widgets inside ``root``) at ``scale`` times their size on screen."""
    area = _area(root, parts)
    image = QImage(area.size() * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    _paint(image, root, parts, area, vector=False)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def _area(root: QWidget, parts: list[QWidget]) -> QRect:
    """The rectangle in ``root`` that holds every visible part."""
    area = QRect()
    for part in parts:
        if part.isVisible():
            area = area.united(QRect(part.mapTo(root, QPoint(0, 0)), part.size()))
    if area.isEmpty():
        raise ExportError(f"{getattr(root, 'title', 'The window')} is not on screen: nothing to export.")
    return area


def _paint(device, root: QWidget, parts: list[QWidget], area: QRect, vector: bool) -> None:
    painter = QPainter(device)
    try:
        painter.fillRect(QRect(QPoint(0, 0), area.size()), QColor(style.BACKGROUND))
        with vector_drawing(root):
            for part in parts:
                if part.isVisible():
                    painter.save()
                    painter.translate(part.mapTo(root, QPoint(0, 0)) - area.topLeft())
                    if not vector:
                        # Inside a view, on the picture's background; the window on its own.
                        flags = QWidget.RenderFlag.DrawChildren
                        if part is root:
                            flags |= QWidget.RenderFlag.DrawWindowBackground
                        QWidget.render(part, painter, QPoint(0, 0), renderFlags=flags)
                    elif isinstance(part, QGraphicsView):
                        _draw_scene_items(painter, part)
                    elif isinstance(part, QLabel):
                        _draw_label(painter, part)
                    elif hasattr(part, "paint_picture"):  # a widget that draws itself as vectors (a legend)
                        part.paint_picture(painter)
                    painter.restore()
    finally:
        painter.end()


# Qt's SVG writer keeps the clip of a painter state after that state is restored: a text label's clip then cut
# away the curves drawn after it, and a QLabel's clip was placed without the painter's offset. So in an SVG,
# each item is drawn with its own clip set afresh, and a label's text without one.
def _draw_scene_items(painter: QPainter, canvas: QGraphicsView) -> None:
    """Paint ``canvas``'s visible items bottom to top, each clipped to its clipping ancestors."""
    view_transform = canvas.viewportTransform()
    base = painter.transform()
    for item in canvas.scene().items(Qt.SortOrder.AscendingOrder):
        if not item.isVisible() or item.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents:
            continue
        device = item.deviceTransform(view_transform)
        painter.save()
        painter.setTransform(base)
        clip = _clip_of(item, view_transform)
        if clip is None:
            painter.setClipping(False)
        else:
            painter.setClipPath(clip)
        painter.setTransform(device * base)
        painter.setOpacity(item.effectiveOpacity())
        option = QStyleOptionGraphicsItem()
        option.exposedRect = item.boundingRect()
        item.paint(painter, option, canvas.viewport())
        painter.restore()


def _clip_of(item: QGraphicsItem, view_transform) -> QPainterPath | None:
    """The clip, in the canvas's pixels, that the scene applies to ``item`` (None: not clipped)."""
    clip = None
    flags = QGraphicsItem.GraphicsItemFlag
    if item.flags() & flags.ItemClipsToShape:
        clip = item.deviceTransform(view_transform).map(item.shape())
    parent = item.parentItem()
    while parent is not None:
        if parent.flags() & flags.ItemClipsChildrenToShape:
            shape = parent.deviceTransform(view_transform).map(parent.shape())
            clip = shape if clip is None else clip.intersected(shape)
        parent = parent.parentItem()
    return clip


def _draw_label(painter: QPainter, label: QLabel) -> None:
    """A QLabel's (rich) text at the painter's origin, without a clip."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    if label.textFormat() == Qt.TextFormat.RichText:
        document.setHtml(label.text())
    else:
        document.setPlainText(label.text())
    contents = label.contentsRect()
    if label.wordWrap():
        document.setTextWidth(contents.width())
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette.setColor(QPalette.ColorRole.Text, label.palette().color(QPalette.ColorRole.WindowText))
    room = contents.height() - document.size().height()  # placed in its height as the label places it
    alignment, flag = label.alignment(), Qt.AlignmentFlag
    offset = room / 2 if alignment & flag.AlignVCenter else room if alignment & flag.AlignBottom else 0.0
    painter.translate(contents.left(), contents.top() + offset)
    document.documentLayout().draw(painter, context)


@contextmanager
def vector_drawing(root: QWidget):
    """Within: every graphics view under ``root`` (``root`` too) draws without its caches, and pyqtgraph's items
    in export mode. Restored afterwards."""
    canvases = root.findChildren(QGraphicsView)
    if isinstance(root, QGraphicsView):
        canvases.append(root)
    saved_views = [(canvas, canvas.cacheMode()) for canvas in canvases]
    items = [item for canvas in canvases if canvas.scene() is not None for item in canvas.scene().items()]
    saved_items = [(item, item.cacheMode()) for item in items]
    exported = [item for item in items if isinstance(item, pg.GraphicsItem)]
    try:
        for canvas, _ in saved_views:
            canvas.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        for item, _ in saved_items:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        for item in exported:
            item.setExportMode(True, {"antialias": True})
        yield
    finally:
        for item in exported:
            item.setExportMode(False)
        for item, mode in saved_items:
            item.setCacheMode(mode)
        for canvas, mode in saved_views:
            canvas.setCacheMode(mode)
            canvas.resetCachedContent()
