"""Qt's SVG output made readable by every SVG renderer.

``QSvgGenerator`` writes each drawing call as a group carrying the painter's whole transform, and a cosmetic
pen (pyqtgraph's pens: a width in screen pixels) as ``vector-effect="non-scaling-stroke"``. A plot's transform
is far from uniform (a budget of 1 spans hundreds of pixels, a coefficient of 1 a few), and renderers without
that SVG Tiny 1.2 feature (librsvg, Inkscape) scale the stroke with it: a 3 px line became a band hundreds of
pixels wide. Here the shapes drawn with such pens are mapped into the document's coordinates, where their
stroke width is what the screen showed; everything else in the group keeps the group's transform.
Qt also writes an empty path (an item with nothing to draw) as ``d=""``, which renderers reject: dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_MATRIX = re.compile(rf"matrix\(\s*({_NUMBER})\s*,\s*({_NUMBER})\s*,\s*({_NUMBER})\s*,\s*({_NUMBER})\s*,"
                     rf"\s*({_NUMBER})\s*,\s*({_NUMBER})\s*\)")
# Qt writes paths with absolute commands only (M, L, C, Z): every pair of numbers is one point.
_PATH_TOKEN = re.compile(rf"[A-Za-z]|{_NUMBER}")
_ABSOLUTE_COMMANDS = set("MLCZ")
_NON_SCALING = "non-scaling-stroke"

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


def portable_svg(svg: str) -> str:
    """``svg`` (as ``QSvgGenerator`` writes it) with cosmetic strokes in document coordinates and without
    empty paths."""
    root = ET.fromstring(svg)
    for parent in root.iter():
        for child in list(parent):
            if child.tag == _tag("path") and not child.get("d", "").strip():
                parent.remove(child)
    for group in root.iter(_tag("g")):
        matrix = _matrix(group.get("transform"))
        if matrix is not None and any(child.get("vector-effect") == _NON_SCALING for child in group):
            _flatten(group, matrix)
    return '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + ET.tostring(root, encoding="unicode")


def _flatten(group: ET.Element, matrix: tuple[float, ...]) -> None:
    """Move ``group``'s transform into its children: mapped into the coordinates of a cosmetic stroke, kept as
    an attribute by the others."""
    transform = group.attrib.pop("transform")
    for child in group:
        if child.get("vector-effect") != _NON_SCALING or not _map_shape(child, matrix):
            own = child.get("transform")
            child.set("transform", transform if own is None else f"{transform} {own}")


def _map_shape(element: ET.Element, matrix) -> bool:
    """Map ``element``'s geometry by ``matrix``; False when its kind is not one Qt draws a cosmetic stroke as."""
    tag = element.tag
    if tag in (_tag("polyline"), _tag("polygon")):
        numbers = [float(v) for v in re.findall(_NUMBER, element.get("points", ""))]
        element.set("points", " ".join(_point(matrix, x, y) for x, y in zip(numbers[::2], numbers[1::2])))
    elif tag == _tag("path"):
        tokens = _PATH_TOKEN.findall(element.get("d", ""))
        if not {t for t in tokens if t.isalpha()} <= _ABSOLUTE_COMMANDS:
            return False
        element.set("d", _mapped_path(tokens, matrix))
    elif tag == _tag("rect"):
        x, y, width, height = (float(element.get(name, 0.0)) for name in ("x", "y", "width", "height"))
        corners = ((x, y), (x + width, y), (x + width, y + height), (x, y + height))
        for name in ("x", "y", "width", "height", "rx", "ry"):
            element.attrib.pop(name, None)
        element.tag = _tag("path")
        element.set("d", "M" + " L".join(_point(matrix, *corner) for corner in corners) + " Z")
    elif tag == _tag("line"):
        for x_name, y_name in (("x1", "y1"), ("x2", "y2")):
            x, y = _apply(matrix, float(element.get(x_name, 0.0)), float(element.get(y_name, 0.0)))
            element.set(x_name, _number(x))
            element.set(y_name, _number(y))
    else:
        return False
    element.set("vector-effect", "none")
    return True


def _mapped_path(tokens: list[str], matrix) -> str:
    out, pending = [], []
    for token in tokens:
        if token.isalpha():
            out.append(token)
        else:
            pending.append(float(token))
            if len(pending) == 2:
                out.append(_point(matrix, *pending))
                pending = []
    return " ".join(out)


def _matrix(transform: str | None):
    match = _MATRIX.fullmatch(transform.strip()) if transform else None
    return None if match is None else tuple(float(v) for v in match.groups())


def _apply(matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _point(matrix, x: float, y: float) -> str:
    mapped_x, mapped_y = _apply(matrix, x, y)
    return f"{_number(mapped_x)},{_number(mapped_y)}"


def _number(value: float) -> str:
    return f"{value:.7g}"


def _tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"
