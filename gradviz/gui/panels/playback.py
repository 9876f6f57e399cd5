"""The playback bar: play, step, scrub, speed and loop over a computed trajectory.

The keys named in the tooltips are window actions (owned by the main window); the bar
only shows them so people can learn them.
"""

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
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
SPEED_ROW_WIDTH = 200   # px: the speed slider and its field, in one row
ROW_SLIDER_MIN = 200    # px: the step slider at least this long, or more rows
ROW_GAP = 12            # px
ROW_ICON = 0.75
"""In one row (presentation mode) the icons are this share of the style's size: the bar is
then ~50 px high at 1.4x type instead of ~110, room a caption band and four panels need."""


class PlaybackBar(QWidget):
    """Buttons (objectNames "reset", "step_back", "play", "step_forward", "loop"), a scrub
    slider "step" over 0..N, a label "step_label" reading "step k / N", and "speed".

    Three rows (buttons; slider and step; speed), or in presentation mode one row (buttons,
    slider, step, speed) where the bar is wide enough for it, else two (the speed below);
    ``rows`` says which.

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
        self.speed_row = QWidget(objectName="speed_row")   # "speed", the slider, "steps/s"
        speed_row = QHBoxLayout(self.speed_row)
        speed_row.setContentsMargins(0, 0, 0, 0)
        speed_row.addWidget(QLabel("speed"))
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(QLabel("steps/s"))
        self.rows = 0              # 3, or in presentation mode 1 or 2 (as the width allows)
        self._row_wanted = False   # presentation mode: one row where it fits
        self._row_width = self._two_rows_width = 0   # what they need (apply_style)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # the bar's minimum is minimumSizeHint's (below), not the layout's of one row
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._lay_out(3)
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
        self._measure_rows()
        self._lay_out(self._rows_for(self.width()))
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

    def _parts(self, rows: int):
        """([(widget, row, column, column span)], {column: stretch}) for ``rows`` rows: three
        on a grid of 7 columns; two, the speed below the rest; or one row of 9 columns."""
        buttons = (self.reset, self.step_back, self.play, self.step_forward)
        parts = [(b, 0, i, 1) for i, b in enumerate(buttons)]
        if rows == 3:
            parts += [(self.loop, 0, 6, 1), (self.slider, 1, 0, 6), (self.label, 1, 6, 1),
                      (self.speed_row, 2, 0, 7)]
            return parts, {i: 1 for i in range(4)}
        parts += [(self.loop, 0, 4, 1), (self.slider, 0, 5, 1), (self.label, 0, 6, 1)]
        if rows == 1:
            return parts + [(self.speed_row, 0, 8, 1)], {5: 3, 8: 1}
        return parts + [(self.speed_row, 1, 5, 2)], {5: 1}

    def _lay_out(self, rows: int) -> None:
        """Put the parts in ``rows`` rows (the same widgets, moved)."""
        if rows == self.rows and self._layout.count():
            return
        self.rows = rows
        layout = self._layout
        for i in range(layout.columnCount()):
            layout.setColumnStretch(i, 0)
            layout.setColumnMinimumWidth(i, 0)
        parts, stretch = self._parts(rows)
        for widget, row, column, span in parts:
            layout.removeWidget(widget)
            layout.addWidget(widget, row, column, 1, span)
        for column, factor in stretch.items():
            layout.setColumnStretch(column, factor)
        # the loop button a little apart from the others; in a row, the step from the speed
        layout.setColumnMinimumWidth({3: 5, 2: 7, 1: 7}[rows], ROW_GAP)
        self.speed.setMaximumWidth(SPEED_ROW_WIDTH if rows == 1 else QWIDGETSIZE_MAX)

    @property
    def one_row(self) -> bool:
        return self.rows == 1

    def _measure_rows(self) -> None:
        """The widths one row and two rows need: every part at its minimum, the step slider
        at least ``ROW_SLIDER_MIN`` px, and the spacing between them."""
        spacing = max(self._layout.horizontalSpacing(), 6)
        first = [w.minimumSizeHint().width() for w in self.buttons()]
        first += [self.label.fontMetrics().horizontalAdvance("step 10,000 / 10,000"),
                  ROW_SLIDER_MIN]
        speed = [SPEED_ROW_WIDTH] + [w.sizeHint().width()
                                     for w in self.speed_row.findChildren(QLabel)]
        self._two_rows_width = sum(first) + len(first) * spacing
        self._row_width = self._two_rows_width + ROW_GAP + sum(speed) + len(speed) * spacing

    def _rows_for(self, width: int) -> int:
        """Presentation mode: one row where it fits, else two; otherwise three."""
        if not self._row_wanted:
            return 3
        return 1 if width >= self._row_width else 2 if width >= self._two_rows_width else 3

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """No wider than three rows need (the buttons side by side): in one row or two the
        bar takes more room only where there is more, and gives it back for a dock."""
        hint = super().minimumSizeHint()
        spacing = max(self._layout.horizontalSpacing(), 6)
        buttons = sum(b.minimumSizeHint().width() for b in self.buttons())
        return QSize(min(hint.width(), buttons + ROW_GAP + 5 * spacing), hint.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._lay_out(self._rows_for(self.width()))

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
