"""The playback bar: play, step, scrub, speed and loop over a computed trajectory.

The keys named in the tooltips are window actions (owned by the main window); the bar
only shows them so people can learn them.
"""

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from gradviz.gui.panels.fields import LogScale, SliderField

SPEED_RANGE = (1.0, 500.0)  # steps a second
# Big enough to hit on a projector or a touchpad in a hurry.
BUTTON_SIZE = QSize(44, 36)
ICON_SIZE = QSize(24, 24)
QWIDGETSIZE_MAX = (1 << 24) - 1
SPEED_ROW_WIDTH = 220   # px: the speed slider and its field, in one row
ROW_SLIDER_MIN = 240    # px: the step slider at least this long, or three rows again
ROW_GAP = 12            # px
ROW_ICON = 0.75
"""In one row (presentation mode) the icons are this share of the style's size: the bar is
then ~50 px high at 1.4x type instead of ~110, room a caption band and four panels need."""


class PlaybackBar(QWidget):
    """Buttons (objectNames "reset", "step_back", "play", "step_forward", "loop"), a scrub
    slider "step" over 0..N, a label "step_label" reading "step k / N", and "speed".

    Three rows (buttons; slider and step; speed), or in presentation mode one row (buttons,
    slider, step, speed) where the bar is wide enough for it (``one_row``).

    Signals, on user input only: ``play_toggled(bool playing)``, ``step_requested(int k)``,
    ``step_by_requested(int delta)`` (+1 or -1), ``reset_requested()``,
    ``speed_changed(float steps_per_second)``, ``loop_changed(bool)``.
    """

    play_toggled = Signal(bool)
    step_requested = Signal(int)
    step_by_requested = Signal(int)
    reset_requested = Signal()
    speed_changed = Signal(float)
    loop_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.reset = self._button("reset", "SP_MediaSkipBackward", "Back to step 0 (Home)")
        self.step_back = self._button("step_back", "SP_MediaSeekBackward", "One step back (Left)")
        self.play = self._button("play", "SP_MediaPlay", "Play (Space)", checkable=True)
        self.step_forward = self._button(
            "step_forward", "SP_MediaSeekForward", "One step forward (Right)")
        self.loop = self._button("loop", "SP_BrowserReload", "Loop: start again after the "
                                 "last step", checkable=True)
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="step")
        self.slider.setToolTip("Drag to any step")
        self.label = QLabel(objectName="step_label")
        self.label.setToolTip("The step shown, of the steps every run takes (the Run section's "
                              "steps field sets how many)")
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.speed = SliderField("speed", LogScale(*SPEED_RANGE, per_decade=40, digits=2),
                                 30.0, *SPEED_RANGE)
        self.speed.setToolTip("Playback speed in steps a second, 1 to 500 (+ / -)")
        self.speed_words = (QLabel("speed"), QLabel("steps/s"))
        self.one_row = False
        self._row_wanted = False   # presentation mode: one row where it fits
        self._row_width = 0        # the width one row needs (measured in apply_style)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._lay_out(one_row=False)
        self.set_range(0)
        self._connect()
        self.apply_style(None)

    def buttons(self):
        return (self.reset, self.step_back, self.play, self.step_forward, self.loop)

    def apply_style(self, style) -> None:
        """Buttons, icons and the step label sized for ``style`` (a ``theme.Style``; None: the
        normal size). Presentation mode makes them half as large again, and puts everything
        in one row where the bar is wide enough (smaller buttons then)."""
        scale = style.icon_px / ICON_SIZE.width() if style is not None else 1.0
        self._row_wanted = style is not None and style.presentation
        self._size_buttons(scale * (ROW_ICON if self._row_wanted else 1.0))
        self._measure_row()
        self._lay_out(one_row=self._row_fits())
        widest = self.label.fontMetrics().horizontalAdvance("step 10,000 / 10,000")
        # A fixed size (the row's height): a new step then repaints the label alone, see
        # ReadoutBar.
        self.label.setFixedSize(widest, max(self.label.sizeHint().height(),
                                            self.slider.sizeHint().height()))

    def _button(self, name, icon, tip, checkable=False):
        button = QToolButton(objectName=name)
        button.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)))
        button.setIconSize(ICON_SIZE)
        button.setMinimumSize(BUTTON_SIZE)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setCheckable(checkable)
        return button

    def _size_buttons(self, scale: float) -> None:
        for button in self.buttons():
            button.setIconSize(ICON_SIZE * scale)
            button.setMinimumSize(BUTTON_SIZE * scale)

    def _parts(self, one_row: bool):
        """([(widget, row, column, column span)], {column: stretch}) in either arrangement:
        three rows on a grid of 7 columns, or one row of 11."""
        buttons = (self.reset, self.step_back, self.play, self.step_forward)
        speed_word, unit = self.speed_words
        if one_row:
            parts = [(b, 0, i, 1) for i, b in enumerate(buttons)]
            parts += [(self.loop, 0, 4, 1), (self.slider, 0, 5, 1), (self.label, 0, 6, 1),
                      (speed_word, 0, 8, 1), (self.speed, 0, 9, 1), (unit, 0, 10, 1)]
            return parts, {5: 3, 9: 1}   # column 7: a gap between the step and "speed"
        parts = [(b, 0, i, 1) for i, b in enumerate(buttons)]
        parts += [(self.loop, 0, 6, 1), (self.slider, 1, 0, 6), (self.label, 1, 6, 1),
                  (speed_word, 2, 0, 1), (self.speed, 2, 1, 5), (unit, 2, 6, 1)]
        return parts, {i: 1 for i in range(4)}

    def _lay_out(self, one_row: bool) -> None:
        """Put the parts in one row or three (the same widgets, moved)."""
        if one_row == self.one_row and self._layout.count():
            return
        self.one_row = one_row
        layout = self._layout
        for i in range(layout.columnCount()):
            layout.setColumnStretch(i, 0)
            layout.setColumnMinimumWidth(i, 0)
        parts, stretch = self._parts(one_row)
        for widget, row, column, span in parts:
            layout.removeWidget(widget)
            layout.addWidget(widget, row, column, 1, span)
        for column, factor in stretch.items():
            layout.setColumnStretch(column, factor)
        # the loop button a little apart from the others; in a row, the step from "speed"
        layout.setColumnMinimumWidth(7 if one_row else 5, ROW_GAP)
        self.speed.setMaximumWidth(SPEED_ROW_WIDTH if one_row else QWIDGETSIZE_MAX)

    def _measure_row(self) -> None:
        """The width one row needs: every part at its minimum, the slider at least
        ``ROW_SLIDER_MIN`` px, and the spacing between them."""
        hints = [w.minimumSizeHint().width() for w in self.buttons()]
        hints += [self.label.fontMetrics().horizontalAdvance("step 10,000 / 10,000"),
                  ROW_SLIDER_MIN, SPEED_ROW_WIDTH]
        hints += [w.sizeHint().width() for w in self.speed_words]
        self._row_width = (sum(hints) + ROW_GAP
                           + len(hints) * max(self._layout.horizontalSpacing(), 6))

    def _row_fits(self) -> bool:
        return self._row_wanted and self.width() >= self._row_width

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._row_fits() != self.one_row:
            self._lay_out(one_row=self._row_fits())

    def _connect(self):
        self.play.clicked.connect(self._on_play_clicked)
        self.step_back.clicked.connect(lambda: self.step_by_requested.emit(-1))
        self.step_forward.clicked.connect(lambda: self.step_by_requested.emit(1))
        self.reset.clicked.connect(self.reset_requested)
        self.loop.clicked.connect(self.loop_changed)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.speed.value_changed.connect(self.speed_changed)

    # setters (silent)

    def set_range(self, n):
        """Scrub over steps 0..``n``; the current step is clamped into range."""
        self.slider.blockSignals(True)
        self.slider.setRange(0, int(n))
        self.slider.setPageStep(max(1, int(n) // 20))
        self.slider.blockSignals(False)
        self._show_step()

    def set_step(self, k):
        self.slider.blockSignals(True)
        self.slider.setValue(int(k))
        self.slider.blockSignals(False)
        self._show_step()

    def set_playing(self, playing):
        self.play.setChecked(bool(playing))
        self._show_playing()

    def set_speed(self, steps_per_second):
        self.speed.set_value(steps_per_second)

    def set_loop(self, on):
        self.loop.setChecked(bool(on))

    def step(self):
        return self.slider.value()

    def _show_step(self):
        self.label.setText(f"step {self.slider.value():,} / {self.slider.maximum():,}")

    def _show_playing(self):
        playing = self.play.isChecked()
        icon = "SP_MediaPause" if playing else "SP_MediaPlay"
        self.play.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)))
        self.play.setToolTip("Pause (Space)" if playing else "Play (Space)")

    # handlers

    def _on_play_clicked(self, checked):
        self._show_playing()
        self.play_toggled.emit(checked)

    def _on_slider_value_changed(self, k):
        self._show_step()
        self.step_requested.emit(k)
