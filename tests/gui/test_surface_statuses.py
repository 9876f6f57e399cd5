"""The 3D view's legend says what the flat panels say: "running" while playback runs (it kept
saying "paused", the status at the moment the 3D view was turned on; seen in the gallery)."""

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui import gl_check
from gradviz.gui.presenters.surface import SurfacePresenter
from gradviz.state import AppState
from gradviz.state import intents as i

BOWL = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
               panels=(PanelConfig("gd", {"lr": 0.05}), PanelConfig("adam", {"lr": 0.1})),
               steps=100)


class Signal:
    def connect(self, slot):
        pass


class DrawingView:
    """Stands for the OpenGL view: what it was asked to show."""

    def set_scene(self, *args):
        pass

    def show_step(self, k, diverged):
        self.step = k


class Page:
    """Stands for the 3D page, drawing (OpenGL works): keeps the legend it was given."""

    reset_requested = Signal()

    def __init__(self):
        self.gl_view, self.legend = DrawingView(), None

    def showing_scene(self):
        return True

    def show_scene(self, *args):
        pass

    def set_legend(self, entries):
        self.legend = [text for _, text in entries]

    def set_step(self, k):
        pass


class Stack:
    def setCurrentWidget(self, widget):  # noqa: N802 (Qt's name)
        pass


def test_the_3d_legend_says_running_while_playing_and_paused_after(monkeypatch):
    monkeypatch.setattr(gl_check, "known_answer", lambda: (True, "works"))
    state = AppState(BOWL)
    state.apply(i.OpenSession(BOWL))
    page = Page()
    SurfacePresenter(state, page, Stack(), panels=None)
    state.apply(i.SetDisplay("view3d", True))
    assert page.legend == ["Gradient descent, lr 0.05: paused", "Adam, lr 0.1: paused"]
    state.apply(i.Play())
    assert page.legend == ["Gradient descent, lr 0.05: running", "Adam, lr 0.1: running"]
    state.apply(i.Tick(state.clock() + 0.2))
    assert page.gl_view.step == state.step > 0 and page.legend[1] == "Adam, lr 0.1: running"
    state.apply(i.Pause())
    assert page.legend == ["Gradient descent, lr 0.05: paused", "Adam, lr 0.1: paused"]


def test_the_3d_legend_explains_the_white_minimum_dots(monkeypatch, qtbot):
    """The white dot on the surface (a known minimum) was the one mark without a word."""
    from gradviz.engine.session import from_preset
    from gradviz.gui.views.surface3d import SurfacePage

    monkeypatch.setattr(gl_check, "known_answer", lambda: (True, "works"))
    session = from_preset("rosenbrock")
    state = AppState(session)
    state.apply(i.OpenSession(session))
    assert state.landscape.minima   # Rosenbrock's (1, 1)
    page = Page()
    SurfacePresenter(state, page, Stack(), panels=None)
    state.apply(i.SetDisplay("view3d", True))
    assert page.legend[-1] == "minimum"
    shown = SurfacePage()
    qtbot.addWidget(shown)
    shown.set_legend([("#E69F00", "GD, lr 0.05: paused"), ("#FFFFFF", "minimum")])
    assert "\u25cb" in shown.legend.text() and shown.legend_text().endswith("minimum")
