"""Typeset mathematics in the window: LaTeX drawn by ziamath (pure Python, MIT, ~4 MB with
its STIX Two Math font and latex2mathml) as SVG, which QtSvg paints.

Typesetting costs 10-90 ms a formula (measured: ``gradviz bench``-style timing in the report),
far too much for the GUI thread while someone types. So a ``Typesetter`` does it on one worker
thread, newest request first (older ones still waiting are dropped), and keeps every SVG it
made (an LRU of ``CACHE_SIZE``): a formula seen before, the inspector's rules above all, is
drawn at once. A ``MathLabel`` shows its plain text until the picture arrives, and for good
when ziamath is missing or fails on a formula (the packaged app without its font data, say).
"""

from __future__ import annotations

import threading
import time
import warnings
from collections import OrderedDict

from PySide6.QtCore import QByteArray, QObject, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

# ziamath loads its font through a deprecated importlib call: not our warning to show
warnings.filterwarnings("ignore", category=DeprecationWarning, module="ziamath")

CACHE_SIZE = 256
START_DELAY = 1.0
"""Seconds the typesetter waits after it is made (the window's start-up) before its first
formula: its thread shares Python's lock with the GUI thread, and importing ziamath and
setting three formulas doubled the time to the first painted frame (0.27 s -> 0.50 s of
load and paint, ``gradviz bench --only startup``). The plain text shows meanwhile."""
POLL_MS = 50
MIN_SCALE = 0.7
"""A typeset formula is shrunk at most to this to fit its column; wider ones (Goldstein-
Price's gradient, a product of three long sums) show as wrapped plain text."""
QUIET = 0.2
"""Seconds without a new request before the typesetter starts: while someone types, each
parsed edit asks for new formulas, and none of them would be seen."""
PT_TO_PX = 96 / 72


def svg_of(latex: str, size_px: float, color: str) -> str | None:
    """The SVG of ``latex`` at ``size_px`` pixels a em in ``color``, or None (no ziamath, or
    it cannot typeset this)."""
    with warnings.catch_warnings():   # ziamath's own use of a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import ziamath
        except Exception:   # noqa: BLE001 - not installed, or its font missing (a bundle)
            return None
    ziamath.config.svg2 = False   # QtSvg reads xlink:href, not SVG 2's href
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return ziamath.Latex(latex, size=size_px, color=color).svg()
    except Exception:   # noqa: BLE001 - a formula ziamath cannot set falls back to text
        return None


def picture(svg: str, ratio: float, max_width: float | None = None) -> QPixmap | None:
    """``svg`` painted at ``ratio`` device pixels a pixel, scaled down (not below
    ``MIN_SCALE``) to ``max_width`` logical pixels if it is wider; None if it cannot be read
    or would still be wider (a formula is never cut: its plain text wraps instead)."""
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    scale = 1.0
    if max_width and size.width() > max_width:
        scale = max_width / size.width()
        if scale < MIN_SCALE:
            return None
    w, h = size.width() * scale, size.height() * scale
    image = QImage(max(1, round(w * ratio)), max(1, round(h * ratio)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(p, QRectF(0, 0, image.width(), image.height()))
    p.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class Typesetter(QObject):
    """One worker thread typesetting LaTeX into SVG; ``ready(key)`` when ``svg(key)`` has it.
    A key is (latex, size_px, color).

    The worker never touches Qt (a thread emitting signals while the interpreter shuts down
    can crash it): it leaves what it made in a list that a timer on the GUI thread empties
    every ``POLL_MS`` while work is pending."""

    ready = Signal(object)

    def __init__(self):
        super().__init__()
        self._cache: OrderedDict = OrderedDict()
        self._failed: set = set()
        self._queue: list = []
        self._done: list = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._asked = 0.0     # when the last request came (time.monotonic)
        self._working = False  # a formula is being typeset (set and read under the lock)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._thread = threading.Thread(target=self._work, name="typesetter", daemon=True)
        self._thread.start()

    def svg(self, key):
        """The SVG made for ``key``, or None (not yet, or it failed: see ``failed``)."""
        with self._lock:
            svg = self._cache.get(key)
            if svg is not None:
                self._cache.move_to_end(key)
            return svg

    def failed(self, key) -> bool:
        with self._lock:
            return key in self._failed

    def request(self, key) -> None:
        """Typeset ``key`` soon; newer requests go first."""
        with self._lock:
            if key in self._cache or key in self._failed:
                return
            if key in self._queue:
                self._queue.remove(key)
            self._queue.append(key)
            del self._queue[:-64]    # what nobody waits for any more
            self._asked = time.monotonic()
        self._wake.set()
        if not self._timer.isActive():
            self._timer.start()

    def idle(self) -> bool:
        """Nothing waits or is being typeset (the bench times frames after that: typesetting
        shares Python's lock with the GUI thread)."""
        with self._lock:
            return not self._queue and not self._working and not self._done

    def drop_waiting(self) -> None:
        """Forget the formulas not started yet (their window went: nobody waits for them)."""
        with self._lock:
            self._queue.clear()

    def _on_timer_timeout(self) -> None:
        with self._lock:
            done, self._done = self._done, []
            idle = not self._queue and not self._wake.is_set()
        for key in done:
            self.ready.emit(key)
        if idle and not done:
            self._timer.stop()

    def _work(self) -> None:
        time.sleep(START_DELAY)
        while True:
            self._wake.wait()
            while time.monotonic() - self._asked < QUIET:
                time.sleep(QUIET / 4)
            with self._lock:
                if not self._queue:
                    self._wake.clear()
                    continue
                key = self._queue.pop()
                self._working = True
            svg = None
            try:
                svg = svg_of(*key)
            finally:   # stored and no longer working in one step: idle() never sees between
                with self._lock:
                    self._working = False
                    if svg is None:
                        self._failed.add(key)
                    else:
                        self._cache[key] = svg
                        while len(self._cache) > CACHE_SIZE:
                            self._cache.popitem(last=False)
                    self._done.append(key)


_typesetter: Typesetter | None = None


def typesetter() -> Typesetter:
    """The application's one Typesetter."""
    global _typesetter
    if _typesetter is None:
        _typesetter = Typesetter()
    return _typesetter


class MathLabel(QLabel):
    """A label showing ``set_math(latex, text)``: the plain ``text`` at once, the typeset
    ``latex`` when it is ready, in the label's font size and text colour."""

    def __init__(self, parent=None, *, scale: float = 1.15, objectName: str = ""):
        super().__init__(parent, objectName=objectName)
        self._latex, self._text = "", ""
        self._scale = scale      # math a little larger than the text around it reads alike
        self._key = None
        self._shown_key = None
        self.group: MathGroup | None = None   # labels typeset together (MathGroup)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        typesetter().ready.connect(self._on_typesetter_ready)

    def set_math(self, latex: str, text: str) -> None:
        """Show ``text`` (plain) now and ``latex`` typeset when ready; "" for both clears."""
        if (latex, text) == (self._latex, self._text):
            return
        self._latex, self._text = latex, text
        self._shown_key = None
        self.setToolTip(text)
        self.refresh()

    def plain_text(self) -> str:
        return self._text

    def is_typeset(self) -> bool:
        """The typeset picture is on screen (not the plain text)."""
        return self._shown_key is not None and self._shown_key == self._key

    def picture_ready(self) -> bool:
        """Nothing more will come for the formula shown: its picture is made, or it failed,
        or there is none to make."""
        if self._key is None:
            return True
        return typesetter().svg(self._key) is not None or typesetter().failed(self._key)

    def show_current(self, typeset: bool) -> None:
        """Show the picture (``typeset``, when it is made) or the plain text."""
        svg = typesetter().svg(self._key) if typeset and self._key is not None else None
        if svg is not None:
            self._show(svg)
        elif self._shown_key is not None or self.text() != self._text:
            self._shown_key = None
            self.setText(self._text)

    def key(self):
        """(latex, size in pixels, colour): what is asked of the typesetter."""
        px = self.font().pointSizeF() * PT_TO_PX * self._scale
        color = self.palette().color(self.foregroundRole()).name()
        return (self._latex, round(px, 1), color)

    def refresh(self) -> None:
        """Ask for the picture in the current font and colour (after a style change)."""
        if not self._latex:
            self._key = None
            self.setText(self._text)
            return
        self._key = self.key()
        if not self.picture_ready():
            typesetter().request(self._key)
        if self.group is not None:
            self.group.update()
            return
        svg = typesetter().svg(self._key)
        if svg is not None:
            self._show(svg)
        elif self._shown_key is None:
            self.setText(self._text)

    def _show(self, svg: str) -> None:
        pixmap = picture(svg, self.devicePixelRatioF(), self.width() or None)
        if pixmap is None:
            self.setMinimumHeight(0)
            self.setText(self._text)
            self._shown_key = None
            return
        self.setPixmap(pixmap)
        self.setMinimumHeight(round(pixmap.height() / pixmap.devicePixelRatio()))
        self._shown_key = self._key

    @Slot(object)   # a slot: Qt drops the connection when the label is deleted
    def _on_typesetter_ready(self, key) -> None:
        if key == self._key:
            if self.group is not None:
                self.group.update()
                return
            svg = typesetter().svg(key)
            if svg is not None:
                self._show(svg)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._key is not None and event.oldSize().width() != event.size().width():
            svg = typesetter().svg(self._key)   # scaled again, or now it fits, or no longer
            if svg is not None and (self.group is None or self.group.ready()):
                self._show(svg)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.PaletteChange) and self._latex:
            self.refresh()


class MathGroup:
    """Formulas shown as one block (f and its two partial derivatives): each label shows its
    picture only once every one's is made, until then all show their plain text. Typed one by
    one, newest first, the block was seen half typeset, half plain while someone typed (live:
    df/dx typeset, df/dy plain). A formula too wide for its picture still wraps as text."""

    def __init__(self, labels):
        self.labels = tuple(labels)
        for label in self.labels:
            label.group = self

    def ready(self) -> bool:
        return all(label.picture_ready() for label in self.labels)

    def update(self) -> None:
        typeset = self.ready()
        for label in self.labels:
            label.show_current(typeset)


def drop_waiting() -> None:
    """The application's Typesetter (if made) forgets the formulas not started yet."""
    if _typesetter is not None:
        _typesetter.drop_waiting()
