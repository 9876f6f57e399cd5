"""The playback bar: play, step, scrub, speed and loop over a computed trajectory.

The keys named in the tooltips are window actions (owned by the main window); the bar
only shows them so people can learn them.
"""

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gradviz.gui.panels.fields import LogScale, SliderField

SPEED_RANGE = (1.0, 500.0)  # steps a second
# Big enough to hit on a projector or a touchpad in a hurry.
BUTTON_SIZE = QSize(44, 36)
ICON_SIZE = QSize(24, 24)


class PlaybackBar(QWidget):
    """Buttons (objectNames "reset", "step_back", "play", "step_forward", "loop"), a scrub
    slider "step" over 0..N, a label "step_label" reading "step k / N", and "speed".

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
        self._lay_out()
        self.set_range(0)
        self._connect()
        self.apply_style(None)

    def buttons(self):
        return (self.reset, self.step_back, self.play, self.step_forward, self.loop)

    def apply_style(self, style) -> None:
        """Buttons, icons and the step label sized for ``style`` (a ``theme.Style``; None: the
        normal size). Presentation mode makes them half as large again."""
        scale = style.icon_px / ICON_SIZE.width() if style is not None else 1.0
        for button in self.buttons():
            button.setIconSize(ICON_SIZE * scale)
            button.setMinimumSize(BUTTON_SIZE * scale)
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

    def _lay_out(self):
        buttons = QHBoxLayout()
        for button in (self.reset, self.step_back, self.play, self.step_forward):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(self.loop)
        scrub = QHBoxLayout()
        scrub.addWidget(self.slider, 1)
        scrub.addWidget(self.label)
        speed = QHBoxLayout()
        speed.addWidget(QLabel("speed"))
        speed.addWidget(self.speed, 1)
        speed.addWidget(QLabel("steps/s"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(scrub)
        layout.addLayout(speed)

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
