"""One picture of many: the gallery's contact sheet, composed with QImage and QPainter.

Thumbnails of equal width in rows of ``columns``, each with its caption underneath, on a white
page; a picture that cannot be read becomes a grey box saying so, so one failure does not hide
the others. Needs a QGuiApplication (text is drawn with the application's font).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

THUMB_WIDTH = 480       # pixels: a 1280x720 picture at 3/8, a 1920x1080 one at 1/4
GAP = 16                # pixels between thumbnails and around the page
CAPTION_LINES = 2
CAPTION_POINTS = 10
LINE_HEIGHT = round(CAPTION_POINTS * 1.8)           # pixels a caption line
CAPTION_HEIGHT = CAPTION_LINES * LINE_HEIGHT + 4    # pixels under each thumbnail


def sheet_layout(heights, columns, width=THUMB_WIDTH, caption=0):
    """Where each thumbnail goes: ``[(x, y), ...]`` top-left corners, and the page size.

    ``heights``: each thumbnail's height (px) at ``width``; a row is as tall as its tallest
    thumbnail plus ``caption`` (px) for the text under it.
    """
    corners, top = [], GAP
    for start in range(0, len(heights), columns):
        row = heights[start:start + columns]
        corners += [(GAP + i * (width + GAP), top) for i in range(len(row))]
        top += max(row) + caption + GAP
    used = min(columns, len(heights)) if heights else 1
    return corners, (GAP + used * (width + GAP), top)


def compose_sheet(entries, columns=4, width=THUMB_WIDTH) -> QImage:
    """A contact sheet of ``entries``: ``[(path of a PNG, caption), ...]``, in order."""
    pictures = [QImage(str(path)) for path, _ in entries]
    heights = [round(p.height() * width / p.width()) if not p.isNull() else width * 9 // 16
               for p in pictures]
    font = QFont()
    font.setPointSize(CAPTION_POINTS)
    corners, (page_width, page_height) = sheet_layout(heights, columns, width, CAPTION_HEIGHT)
    sheet = QImage(page_width, page_height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("white"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setFont(font)
    for picture, height, (x, y), (path, caption) in zip(pictures, heights, corners, entries):
        box = QRect(x, y, width, height)
        if picture.isNull():
            painter.fillRect(box, QColor("#bbbbbb"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"missing: {path}")
        else:
            painter.drawImage(box, picture)
        painter.setPen(QColor("#222222"))
        painter.drawText(QRect(x, y + height + 2, width, CAPTION_LINES * LINE_HEIGHT),
                         Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignTop, caption)
    painter.end()
    return sheet
