"""The header above a landscape: the optimizer and its learning rate on a chip in the panel's
colour with the status in words and its mark beside it (no play or pause sign: it is a state,
not a button), and under them a note.

The title is essential (panels running one optimizer at different rates are told apart by
it): it is never elided. When it does not fit, a shorter spelling is shown
(``engine.names.title_forms``: "Gradient descent, lr 0.02" -> "GD, lr 0.02" -> "GD 0.02"),
then smaller type, by one rule for all the panels of a window (``share_with``). The status is an icon drawn here (no font has to hold a glyph for it) with
its words beside it, shortened ("converged") or left to the icon's tooltip before the title
gives up anything. One row, as before: four panels at 1280 x 720 have no height to spare.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from gradviz.engine.names import title_forms
from gradviz.engine.run_status import KINDS
from gradviz.gui import theme

STATUS_KINDS = KINDS
LEGACY_TEXT = {"running": "running", "converged": "converged", "diverged": "diverged"}
TITLE_SCALES = (1.0, 0.9, 0.8, 0.7)
"""Type sizes the title may shrink to (of TITLE_PT) when its shortest spelling is too wide."""
NAMED_LEVELS = 2
"""Spelling levels of ``title_forms`` that still say "lr" (the full name, the short name)."""
CHIP_PADDING = 16     # the chip style's 7 px each side, and a pixel each side
CHIP_MIN_WIDTH = 24
SLACK = 8
BASE_PT = "gradviz_base_pt"   # appearance.BASE_PT: the normal size of a widget's own font


def chip_style(text_color: str, background: str) -> str:
    return (f"QLabel {{ color: {text_color}; background: {background}; border-radius: 5px;"
            " padding: 2px 7px; }")


def ink_for(background: QColor) -> str:
    """Black or white text, whichever reads better on ``background`` (WCAG relative luminance)."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    lum = 0.2126 * lin(background.redF()) + 0.7152 * lin(background.greenF()) \
        + 0.0722 * lin(background.blueF())
    return "#000000" if lum > 0.18 else "#FFFFFF"


QUIET = ("paused", "running", "finished")
"""Statuses marked by a plain sign in the words' colour, no chip: a white triangle or two bars
on a dark square read as a play or pause button (seen in live looks), and these are states."""


def status_icon(kind: str, size: int, ratio: float = 1.0) -> QPixmap:
    """A ``size`` x ``size`` mark of the status ``kind``. The quiet ones (``QUIET``) a sign in
    the status words' colour on nothing: running a dot with motion streaks behind it, paused
    the dot standing still, finished a finishing flag. The others a chip in the status's
    colour with its sign in white: converged a tick, diverging and leaving an arrow out,
    diverged an exclamation mark."""
    pix = QPixmap(round(size * ratio), round(size * ratio))
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 16.0    # drawn on a 16-unit square
    if kind in QUIET:
        _quiet_sign(p, kind, QColor(theme.status_text_color(kind, theme.current())), s)
    else:
        _chip_sign(p, kind, size, s)
    p.end()
    return pix


def _quiet_sign(p: QPainter, kind: str, ink: QColor, s: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    if kind == "finished":   # a flag on its pole
        p.drawRect(QRectF(3.5 * s, 2.5 * s, 1.6 * s, 11.5 * s))
        p.drawPolygon(QPolygonF([QPointF(5.1 * s, 2.5 * s), QPointF(13 * s, 5.25 * s),
                                 QPointF(5.1 * s, 8 * s)]))
        return
    p.drawEllipse(QPointF(10.5 * s, 8 * s), 3.4 * s, 3.4 * s)
    if kind == "running":   # streaks behind the dot: it moves
        p.setPen(QPen(ink, 1.5 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y, x0 in ((5.5, 3.5), (8.0, 2.0), (10.5, 3.5)):   # clear of the words
            p.drawLine(QPointF(x0 * s, y * s), QPointF(5.6 * s, y * s))


def _chip_sign(p: QPainter, kind: str, size: int, s: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(theme.STATUS_STYLES[kind][1]))
    p.drawRoundedRect(QRectF(0, 0, size, size), size * 0.22, size * 0.22)
    white = QColor(theme.STATUS_STYLES[kind][0])
    pen = QPen(white, 2.0 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath()
    if kind == "converged":
        path.moveTo(4 * s, 8.5 * s)
        path.lineTo(7 * s, 11.5 * s)
        path.lineTo(12 * s, 4.5 * s)
    elif kind == "diverged":
        path.moveTo(8 * s, 4 * s)
        path.lineTo(8 * s, 9 * s)
        path.moveTo(8 * s, 12 * s)
        path.lineTo(8 * s, 12.2 * s)
    else:   # diverging, leaving: an arrow out of the picture
        path.moveTo(4.5 * s, 11.5 * s)
        path.lineTo(11.5 * s, 4.5 * s)
        path.moveTo(6.5 * s, 4.5 * s)
        path.lineTo(11.5 * s, 4.5 * s)
        path.lineTo(11.5 * s, 9.5 * s)
    p.drawPath(path)


class PanelHeader(QWidget):
    """Row 1: the title chip in the panel's colour, the status in words and its icon, a close
    button (while ``set_closable(True)`` and the mouse is over it). Row 2, when there is one:
    a note. Emits ``close_requested()``."""

    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setToolTip("This panel's optimizer and learning rate (the control column changes "
                        "them) and how its run stands at the step shown: moving, converged, "
                        "diverging...")
        self.title_label = QLabel(self, objectName="panel_title")
        self.title_label.setFont(theme.font(theme.TITLE_PT, bold=True))
        self.title_label.setProperty(BASE_PT, float(theme.TITLE_PT))
        self.status_label = QLabel(self, objectName="panel_status_icon")   # the icon
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_words = QLabel(self, objectName="panel_status")
        self.status_words.setFont(theme.font(theme.NOTE_PT, bold=True))
        self.note_label = QLabel(self, objectName="panel_note")
        self.note_label.setFont(theme.font(theme.NOTE_PT))
        # one line, elided to the width; the full text is the tooltip
        self.note_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.note_label.hide()
        self._note = ""
        self.close_button = QToolButton(self, objectName="close_panel", text="\u2715")
        self.close_button.setToolTip("Remove this panel")
        self.close_button.setAutoRaise(True)
        self.close_button.setFont(theme.font(theme.READOUT_PT))
        self.close_button.clicked.connect(self.close_requested)
        self.close_button.hide()
        self._build_layout()
        # The texts are fitted to the width (_fit), not the width to the texts: without a
        # small minimum, the labels' own minimum (their current text) held the panel wider
        # than its grid cell or an exported picture's size.
        for label in (self.title_label, self.status_words):
            label.setMinimumWidth(CHIP_MIN_WIDTH)
        self._title = ""
        self._forms: tuple[str, ...] = ("",)
        self._status = ("", "")     # (full, short)
        self.status_kind = ""
        self._closable = False
        self._peers = lambda: [self]
        self.set_color(theme.PANEL_COLORS[0])
        self.set_status("paused")

    def _build_layout(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 2, 4, 2)
        outer.setSpacing(1)
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addWidget(self.title_label)
        self._row.addStretch(1)
        self._row.addWidget(self.status_words)
        self._row.addWidget(self.status_label)
        self._row.addWidget(self.close_button)
        outer.addLayout(self._row)
        outer.addWidget(self.note_label)

    # --- the title ---------------------------------------------------------------------------

    def set_title(self, text: str, forms=None) -> None:
        """The title, and optionally its shorter spellings ``forms`` (longest first); by
        default ``engine.names.title_forms(text)``."""
        forms = tuple(forms) if forms else title_forms(text)
        if text != self._title or forms != self._forms:
            self._title, self._forms = text, forms
            self._fit()

    def title_text(self) -> str:
        """The whole title (the chip may show a shorter spelling of it)."""
        return self._title

    def share_with(self, peers) -> None:
        """Fit the title by one rule with the headers ``peers()`` returns (the window's
        shown panels, this one among them): every one at the same spelling level, status
        words and type size, the first that fits all of them. Titles side by side then read
        alike ("GD 0.02" beside "GD 0.09", never beside "GD, lr 0.11")."""
        self._peers = peers

    def _fit(self) -> None:
        """The first choice, of :meth:`_choices`, that fits every header of the window."""
        peers = [h for h in self._peers() if h.width() > 0] or [self]
        if self not in peers:
            peers = [self]
        depth = max(len(h._forms) for h in peers)
        choices = self._choices(depth)
        chosen = next((c for c in choices if all(h._fits(*c) for h in peers)), choices[-1])
        for header in peers:
            header._show_choice(*chosen)

    @staticmethod
    def _choices(depth: int) -> list[tuple[float, int, int]]:
        """(type scale, spelling level, status words: 0 full, 1 short, 2 none), best first:
        while the title keeps its "lr" (levels 0 and 1: "Gradient descent, lr 0.02", "GD, lr
        0.02"), the status in full ("diverged at step 12"), then short, then only its icon
        (the icon's tooltip has the words); then the bare levels ("GD 0.02") likewise; then
        smaller type. A number without "lr" beside "μ 0.9" reads as anything."""
        named = range(min(NAMED_LEVELS, depth))
        choices = [(1.0, level, words) for words in (0, 1, 2) for level in named]
        choices += [(1.0, level, words) for level in range(len(named), depth)
                    for words in (0, 1, 2)]
        return choices + [(scale, depth - 1, 2) for scale in TITLE_SCALES[1:]]

    def _room(self) -> float:
        margins = self.layout().contentsMargins()
        gap = self._row.spacing()
        # a spacing on each side of the stretch and the icon, and a few pixels of slack for
        # the labels' own margins (a label narrower than its text by 4 pixels cuts it)
        room = self.width() - margins.left() - margins.right() - 3 * gap - SLACK \
            - self.status_label.sizeHint().width()
        if self.close_button.isVisibleTo(self):
            room -= self.close_button.sizeHint().width() + gap
        return room

    def _form(self, level: int) -> str:
        return self._forms[min(level, len(self._forms) - 1)]

    def _fits(self, scale: float, level: int, words: int) -> bool:
        metrics = QFontMetrics(theme.font(theme.TITLE_PT * scale, bold=True))
        status = self._status[words] if words < 2 else ""
        extra = self.status_words.fontMetrics().horizontalAdvance(status) \
            + self._row.spacing() if status else 0
        return metrics.horizontalAdvance(self._form(level)) + CHIP_PADDING + extra \
            <= self._room()

    def _show_choice(self, scale: float, level: int, words: int) -> None:
        font = theme.font(theme.TITLE_PT * scale, bold=True)
        text = self._form(level)
        status = self._status[words] if words < 2 else ""
        full = self._status[0]
        if font != self.title_label.font():
            self.title_label.setFont(font)
        if text != self.title_label.text():
            self.title_label.setText(text)
        self.title_label.setToolTip(self._title if text != self._title else "")
        if status != self.status_words.text():
            self.status_words.setText(status)
        self.status_words.setVisible(bool(status))
        self.status_words.setToolTip(full if status != full else "")
        self.status_label.setToolTip(full)

    # --- the status --------------------------------------------------------------------------

    def set_status(self, kind: str, text: str = "", short: str = "") -> None:
        """kind: one of ``engine.run_status.KINDS`` ("paused", "running", "converged",
        "diverging", "leaving", "diverged", "finished"); text: the words ("converged at step
        12"), by default the kind; short: fewer words for a narrow panel (by default the text
        up to " at step" / " since step" / " after ")."""
        if kind not in STATUS_KINDS:
            raise ValueError(f"status kind must be one of {STATUS_KINDS}, got {kind!r}")
        text = text or LEGACY_TEXT.get(kind, kind)
        status = (text, short or short_status(text))
        if status != self._status:
            self._status = status
            self._fit_status()
        if kind != self.status_kind:
            self.status_kind = kind
            self._draw_icon()
            self.status_words.setStyleSheet(
                f"color: {theme.status_text_color(kind, theme.current())};")

    def status_text(self) -> str:
        """The whole status in words, e.g. "converged at step 12"."""
        return self._status[0]

    def _draw_icon(self) -> None:
        if not self.status_kind:
            return
        size = self.title_label.sizeHint().height()
        self.status_label.setPixmap(status_icon(self.status_kind, size,
                                                self.devicePixelRatioF()))
        self.status_label.setFixedSize(size, size)
        self.status_label.setToolTip(self._status[0])

    def _fit_status(self) -> None:
        self._fit()

    # --- the note ------------------------------------------------------------------------------

    def set_note(self, text: str, tip: str = "") -> None:
        """A muted note after the status (lr schedule, gradient noise, tuned lr); "" hides it.
        ``tip``: the tooltip (the same in full)."""
        if (text, tip or text.strip()) == (self._note, self.note_label.toolTip()):
            return   # called every frame in the overlay
        self._note = text
        self.note_label.setToolTip(tip or text.strip())
        self.note_label.setVisible(bool(text))
        self._elide_note()

    def note(self) -> str:
        """The note in full (the label may show it shortened with "…")."""
        return self._note

    def _elide_note(self) -> None:
        room = max(self.width() - 8, 40)
        text = self.note_label.fontMetrics().elidedText(self._note, Qt.TextElideMode.ElideRight,
                                                        room)
        if text != self.note_label.text():
            self.note_label.setText(text)

    # --- style, size, close button -------------------------------------------------------

    def apply_style(self, style) -> None:
        """The note in the style's muted colour (the chips keep theirs in every theme); the
        title fitted again once the new fonts are in (presentation mode scales them)."""
        self.note_label.setStyleSheet(f"color: {style.muted_text};")
        kind, self.status_kind = self.status_kind, ""
        self.set_status(kind or "paused", *self._status)
        QTimer.singleShot(0, self, self._refit)   # not called once the header is gone

    def _refit(self) -> None:
        self._fit()
        self._draw_icon()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()
        self._elide_note()

    def set_closable(self, closable: bool) -> None:
        """Offer the close button: it shows while the mouse is over the header (so pictures
        of the window never carry it)."""
        self._closable = bool(closable)
        self._show_close(self._closable and self.underMouse())

    def enterEvent(self, event) -> None:
        super().enterEvent(event)
        self._show_close(self._closable)

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self._show_close(False)

    def _show_close(self, on: bool) -> None:
        if on != self.close_button.isVisibleTo(self):
            self.close_button.setVisible(on)
            self._fit()   # the button takes room from the title

    def set_color(self, color) -> None:
        """Chip background ``color`` (anything QColor takes); text black or white to match."""
        c = QColor(color)
        self.title_label.setStyleSheet(chip_style(ink_for(c), c.name()))


def short_status(text: str) -> str:
    """The status without its step: "converged at step 12" -> "converged", "diverging since
    step 4" -> "diverging", "still moving at step 60" -> "still moving"."""
    for cut in (" at step", " since step", " after "):
        if cut in text:
            return text.split(cut)[0]
    return text
