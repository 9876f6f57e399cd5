"""Render resources/icons/gradviz.svg into the PNG, ICO and ICNS files next to it.

    .venv/bin/python packaging/make_icons.py

Run it after changing the SVG and commit the results: builds and the window use the files, so
neither needs to render SVG. Writes gradviz-N.png for N in SIZES (Linux desktops, the window
icon), gradviz.ico (Windows: PNG entries 16-256 px, readable since Vista) and gradviz.icns (macOS:
PNG entries 16-1024 px). Needs PySide6 (QtSvg), nothing else.
"""

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "gradviz.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (Apple's codes). macOS scales the nearest
# size for the @2x slots that are left out (ic11-ic14 would repeat these pictures); ic10 is
# 512@2x, the Retina Finder icon.
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024))


def render_png(size):
    """The SVG drawn antialiased on a transparent size x size canvas, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico(pngs):
    """A Windows .ico holding PNG images: ``pngs`` maps size -> PNG bytes."""
    sizes = sorted(pngs)
    offset = 6 + 16 * len(sizes)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the one-byte field
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    return header + entries + blobs


def icns(pngs):
    """A macOS .icns holding PNG images: ``pngs`` maps size -> PNG bytes."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter on images needs one
    pngs = {size: render_png(size) for size in sorted(set(SIZES) | {1024})}
    for size in SIZES:
        (ICONS / f"gradviz-{size}.png").write_bytes(pngs[size])
    (ICONS / "gradviz.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / "gradviz.icns").write_bytes(icns(pngs))
    print(f"wrote {len(SIZES)} PNGs, gradviz.ico and gradviz.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
