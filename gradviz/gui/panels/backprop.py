"""The backpropagation panel: f's computation graph, stepped forward and backward.

Holds a :class:`~gradviz.gui.views.graph_view.GraphView`, a caption saying in words what the
current step does, and the controls: Forward (run the forward pass from the start), Backward
(run the backward pass from f), a step back and forward, play and pause, the speed, fit to
view, and in the regression mode the house drawn. Keys while it has focus: Right and Left a
step, Home and End the first and last step, Space play or pause.

It computes nothing: whoever owns it (the window) makes the walkthrough at the current point,
``gradviz.engine.backprop.prepare(objective).at(x, y)`` or
``gradviz.engine.backprop_regression.walkthrough(loss, w, b, house)``, and hands it to
``set_walkthrough``; when the point moves, a new walkthrough of the same graph keeps the step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QBoxLayout, QComboBox, QHBoxLayout, QLabel, QPushButton,
                               QSizePolicy, QStyle, QToolButton, QVBoxLayout, QWidget)

from gradviz.engine.backprop_text import number
from gradviz.gui import theme
from gradviz.gui.panels.fields import LogScale, SliderField
from gradviz.gui.views.graph_view import GraphView

SPEED_RANGE = (0.25, 20.0)   # steps a second
DEFAULT_SPEED = 1.5
LEGEND_ROOM = 560
"""Panel height (px, at the normal type size; more for larger type) from which the colours'
legend is shown above the graph. It takes four lines: in presentation type at 1280x720 (a
690 px dock) it left the graph 300 px, which showed a 4-node graph at 0.43x, scrolling."""
POINTS = (("probe", "at the probe"), ("panel", "at the inspected panel's point"))


class BackpropPanel(QWidget):
    """The view, its caption and controls (see the module).

    Signals, on user input only: ``choice_requested(int)`` another house picked (regression;
    make the walkthrough for it and call ``set_walkthrough``), ``point_requested(str)`` the
    graph should follow the probe ("probe") or the inspected panel's point ("panel"),
    ``play_toggled(bool)``.
    Notification: ``step_changed(int)`` whenever the step shown changes.
    """

    choice_requested = Signal(int)
    point_requested = Signal(str)
    play_toggled = Signal(bool)
    step_changed = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = QLabel(objectName="backprop_title")
        self.title.setWordWrap(True)
        self.legend = QLabel(objectName="backprop_legend")
        self.legend.setWordWrap(True)
        self.view = GraphView(self)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.view.setFocusProxy(self)
        self.caption = QLabel(objectName="backprop_caption")
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.forward = self._button("Forward", "Run the forward pass from the start: each "
                                    "node's value from its arguments' values")
        self.backward = self._button("Backward", "Run the backward pass from f: each node's "
                                     "∂f/∂node, handed back along each edge (the chain rule)")
        self.step_back = self._tool("step_back", "SP_MediaSeekBackward", "One step back (Left)")
        self.play = self._tool("play", "SP_MediaPlay", "Play (Space)", checkable=True)
        self.step_forward = self._tool("step_forward", "SP_MediaSeekForward",
                                       "One step forward (Right)")
        self.position = QLabel(objectName="backprop_position")
        self.speed = SliderField("backprop_speed", LogScale(*SPEED_RANGE, per_decade=20,
                                                            digits=2), DEFAULT_SPEED, *SPEED_RANGE)
        self.speed.setToolTip("Steps a second while playing")
        self.fit = self._button("Fit", "Fit the graph to the view (the wheel zooms, dragging "
                                "pans)")
        self.house = QComboBox(objectName="backprop_house")
        self.house.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.house.setMinimumContentsLength(10)
        self.house.setToolTip("The house drawn: the graph is the same for every house")
        self.house.setVisible(False)
        self.point = QComboBox(objectName="backprop_point")
        for key, text in POINTS:
            self.point.addItem(text, key)
        self.point.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.point.setMinimumContentsLength(10)
        self.point.setToolTip("Where the graph is evaluated: the pinned probe (click a "
                              "landscape to move it) or the inspected panel's current point")
        self.walk = None
        self._step = 0
        self._stop_at = None
        self._timer = QTimer(self)
        self._lay_out()
        self._connect()
        self.apply_style(theme.current())
        self._show()

    # --- the public API ---------------------------------------------------------------------

    def set_walkthrough(self, walk) -> None:
        """Show ``walk`` (a Walkthrough). The same graph at another point keeps the step;
        another graph starts at step 0."""
        same = self.walk is not None and walk.structure == self.walk.structure
        self.walk = walk
        if not same:
            self._step = 0
            self.set_playing(False)
        self._set_choices(walk)
        self.view.set_walkthrough(walk)
        self._show_legend()
        self._go(self._step if same else 0, announce=not same)

    def step(self) -> int:
        return self._step

    def last_step(self) -> int:
        return len(self.walk.steps) - 1 if self.walk is not None and self.walk.steps else 0

    def set_step(self, k: int) -> None:
        """Show the state after step ``k`` (clamped into range)."""
        self._go(k)

    def step_by(self, delta: int) -> None:
        self._go(self._step + int(delta))

    def run_forward(self) -> None:
        """The forward pass from its start, played to its end."""
        self._go(0)
        self._play_until(self._first_backward() - 1)

    def run_backward(self) -> None:
        """The backward pass from f, played to the end (the gradient)."""
        self._go(self._first_backward())
        self._play_until(self.last_step())

    def set_playing(self, playing: bool) -> None:
        playing = bool(playing) and self.walk is not None and self._step < self.last_step()
        if playing:
            self._timer.start(round(1000 / self.speed.value()))
        else:
            self._timer.stop()
            self._stop_at = None
        self.play.setChecked(playing)
        self._show_playing()

    def playing(self) -> bool:
        return self._timer.isActive()

    def set_point_choice(self, key: str) -> None:
        """Show which point the graph follows ("probe" or "panel"), silently."""
        self.point.blockSignals(True)
        self.point.setCurrentIndex(max(self.point.findData(key), 0))
        self.point.blockSignals(False)

    def set_speed(self, steps_per_second: float) -> None:
        self.speed.set_value(steps_per_second)
        self._on_speed_changed(self.speed.value())

    def apply_style(self, style) -> None:
        """Type, colours and button sizes for ``style`` (a ``theme.Style``)."""
        self.title.setFont(theme.font(theme.LABEL_PT, bold=True))
        self.caption.setFont(theme.font(theme.READOUT_PT))
        self.legend.setFont(theme.font(theme.NOTE_PT))
        self.view.apply_style(style)
        self._show_legend()
        for button in (self.step_back, self.play, self.step_forward):
            button.setIconSize(QSize(style.icon_px, style.icon_px))

    # --- inside -----------------------------------------------------------------------------

    def _button(self, text, tip):
        button = QPushButton(text, objectName=f"backprop_{text.lower()}")
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _tool(self, name, icon, tip, checkable=False):
        button = QToolButton(objectName=f"backprop_{name}")
        button.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _lay_out(self):
        stepping = QHBoxLayout()
        for widget in (self.forward, self.backward, self.step_back, self.play,
                       self.step_forward):
            stepping.addWidget(widget)
        stepping.addWidget(self.position, 1)
        following = QHBoxLayout()   # where the graph is evaluated, and which house
        following.addWidget(self.point, 1)
        following.addWidget(self.house, 1)
        following.addWidget(self.fit)
        pace = QHBoxLayout()
        pace.addWidget(QLabel("speed"))
        pace.addWidget(self.speed, 1)
        pace.addWidget(QLabel("steps/s"))
        # one row where the panel is wide, three where it is narrow (a dock at the side of a
        # 1280 x 720 window: about 400 px)
        self._rows = (stepping, following, pace)
        self.controls = controls = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        for row in self._rows:
            controls.addLayout(row, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.caption)
        layout.addLayout(controls)

    def _connect(self):
        self.forward.clicked.connect(self.run_forward)
        self.backward.clicked.connect(self.run_backward)
        self.step_back.clicked.connect(lambda: self._on_step_clicked(-1))
        self.step_forward.clicked.connect(lambda: self._on_step_clicked(1))
        self.play.clicked.connect(self._on_play_clicked)
        self.fit.clicked.connect(self.view.fit)
        self.speed.value_changed.connect(self._on_speed_changed)
        self.house.activated.connect(self.choice_requested)
        self.point.activated.connect(lambda i: self.point_requested.emit(self.point.itemData(i)))
        self._timer.timeout.connect(self._on_timer_timeout)

    def _first_backward(self) -> int:
        return self.walk.first_backward if self.walk is not None else 0

    def _go(self, k, announce=False):
        """Show step ``k``; ``step_changed`` when it is another step (or ``announce``)."""
        if self.walk is None:
            return
        k = max(0, min(int(k), self.last_step()))
        changed = k != self._step
        self._step = k
        self.view.show_step(k)
        self._show()
        if changed or announce:
            self.step_changed.emit(k)

    def _play_until(self, k):
        self.set_playing(True)
        self._stop_at = k if self.playing() else None
        self.play_toggled.emit(self.playing())

    def _set_choices(self, walk):
        choices = list(walk.choices)
        if [self.house.itemText(i) for i in range(self.house.count())] != choices:
            self.house.blockSignals(True)
            self.house.clear()
            self.house.addItems(choices)
            self.house.blockSignals(False)
        self.house.setVisible(bool(choices))
        if choices:
            self.house.setCurrentIndex(walk.choice)

    def _show(self):
        walk = self.walk
        if walk is None:
            self.title.setText("")
            self.caption.setText("")
            self.position.setText("")
            return
        if walk.refusal:
            self.title.setText(walk.refusal)
            self.caption.setText("")
            self.position.setText("")
            return
        self.title.setText(_title(walk))
        step = walk.steps[self._step]
        self.caption.setText(step.caption)
        self.position.setText(_position(walk, self._step))
        self.step_back.setEnabled(self._step > 0)
        self.step_forward.setEnabled(self._step < self.last_step())

    def _show_legend(self):
        gs, o = self.view.gs, self.walk.output if self.walk is not None else "f"
        red = "Orange" if gs.dark else "Red"
        self.legend.setText(
            f"Each box is one operation; arrows bring its inputs. "
            f"<span style='color:{gs.forward.name()}'><b>Blue</b>: values (forward pass, left "
            f"to right)</span>. <span style='color:{gs.backward.name()}'><b>{red}</b>: "
            f"∂{o}/∂box, how much {o} changes per unit change of the box (backward pass, right "
            f"to left, by the chain rule)</span>.")
        self.view.setToolTip(self.legend.text())   # where the legend has no room (resize)

    def _show_playing(self):
        icon = "SP_MediaPause" if self.play.isChecked() else "SP_MediaPlay"
        self.play.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)))
        self.play.setToolTip("Pause (Space)" if self.play.isChecked() else "Play (Space)")

    # --- handlers ---------------------------------------------------------------------------

    def _on_step_clicked(self, delta):
        self.set_playing(False)
        self.step_by(delta)

    def _on_play_clicked(self, checked):
        if checked and self._step >= self.last_step():
            self._go(0)
        self.set_playing(checked)
        self.play_toggled.emit(self.playing())

    def _on_speed_changed(self, steps_per_second):
        if self._timer.isActive():
            self._timer.setInterval(round(1000 / steps_per_second))

    def _on_timer_timeout(self):
        self.step_by(1)
        end = self.last_step() if self._stop_at is None else self._stop_at
        if self._step >= end:
            self.set_playing(False)
            self.play_toggled.emit(False)

    def resizeEvent(self, event):  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        needed = sum(row.sizeHint().width() for row in self._rows)
        wide = event.size().width() >= needed + 24
        self.controls.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                   else QBoxLayout.Direction.TopToBottom)
        self._fit_legend()

    def changeEvent(self, event):  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        # while hidden, on showing: a hidden dock's legend changing with F11 changed the
        # window's saved layout, and leaving F11 did not give the same state back
        if event.type() == QEvent.Type.FontChange and self.isVisible():
            self._fit_legend()

    def showEvent(self, event):  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._fit_legend()

    def _fit_legend(self):
        """A short panel (a side dock at 1280 x 720) keeps its height for the graph: the
        colours' legend is then the graph's tooltip."""
        room = LEGEND_ROOM * max(theme.current().font_scale, 1.0)
        self.legend.setVisible(self.height() >= room)

    def _moves(self):
        return {Qt.Key.Key_Right: lambda: self._on_step_clicked(1),
                Qt.Key.Key_Left: lambda: self._on_step_clicked(-1),
                Qt.Key.Key_Home: lambda: self._go(0),
                Qt.Key.Key_End: lambda: self._go(self.last_step()),
                Qt.Key.Key_Space: lambda: self._on_play_clicked(not self.playing())}

    def event(self, event):  # noqa: N802 (Qt's name)
        # While the panel has focus its keys step the walkthrough, not the window's playback
        # (whose Left, Right and Space are window shortcuts): claim them first.
        if (event.type() == QEvent.Type.ShortcutOverride and self.walk is not None
                and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and event.key() in self._moves()):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event):  # noqa: N802 (Qt's name)
        moves = self._moves()
        if event.key() in moves and self.walk is not None:
            moves[event.key()]()
            event.accept()
            return
        super().keyPressEvent(event)


def _title(walk) -> str:
    o = walk.output
    names = [walk.nodes[i].name for i in walk.inputs]
    where = ", ".join(f"{n} = {number(v)}" for n, v in zip(names, walk.point))
    return f"{o}({', '.join(names)}) = {walk.formula}   at {where}:   {o} = {number(walk.value)}"


def _position(walk, k) -> str:
    step = walk.steps[k]
    first_backward = walk.first_backward
    if step.phase in ("start", "forward"):
        return f"forward {k} / {first_backward - 1}"
    if step.phase == "backward":
        return f"backward {k - first_backward + 1} / {len(walk.steps) - 1 - first_backward}"
    return "done"
