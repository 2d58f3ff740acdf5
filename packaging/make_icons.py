"""Render resources/reglab.svg into the raster icons the platforms need.

    python3 packaging/make_icons.py

writes resources/icons/reglab-<size>.png (16..512, Linux desktop entry and the window icon),
resources/reglab.ico (Windows, PyInstaller) and resources/reglab.icns (macOS, PyInstaller).
The outputs are committed: run this again only after changing the SVG.
Both container formats are written by hand (PNG-compressed entries, as Windows Vista+ and
macOS 10.7+ read them) because Qt's writers store a single size per file.
"""

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SVG = RESOURCES / "reglab.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's PNG-capable ICNS element types and their pixel sizes (the @2x ones share a size with another).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"ic11", 32), (b"ic12", 64), (b"ic07", 128),
    (b"ic08", 256), (b"ic13", 256), (b"ic09", 512), (b"ic14", 512), (b"ic10", 1024),
)


def render_png(renderer, size):
    """Render the SVG into a square transparent image of `size` pixels; return its PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size} px icon as PNG")
    return bytes(data)


def ico_bytes(pngs):
    """ICO container: header, one 16-byte directory entry per size, then the PNG payloads."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, payloads = [], []
    for size, png in pngs.items():
        dim = size % 256  # 0 means 256 in an ICO directory entry
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset))
        payloads.append(png)
        offset += len(png)
    return header + b"".join(entries) + b"".join(payloads)


def icns_bytes(elements):
    """ICNS container: 'icns', total length, then (type, length incl. 8-byte header, PNG) elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main():
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt's image plugins alive)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: render_png(renderer, size) for size in sizes}
    (RESOURCES / "icons").mkdir(exist_ok=True)
    for size in PNG_SIZES:
        (RESOURCES / "icons" / f"reglab-{size}.png").write_bytes(pngs[size])
    (RESOURCES / "reglab.ico").write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    (RESOURCES / "reglab.icns").write_bytes(icns_bytes([(kind, pngs[size]) for kind, size in ICNS_TYPES]))
    print(f"wrote {len(PNG_SIZES)} PNGs, reglab.ico and reglab.icns into {RESOURCES}")


if __name__ == "__main__":
    main()
