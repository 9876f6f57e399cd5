"""``SceneCanvas``: what a picture shows, drawn offscreen from an application state by the
same views and presenters as the window: the landscape panels (a ``PanelGrid``) and, for a
picture of every panel of a regression session, the data view with each panel's fitted line
(``data``, a widget of its own that ``frames.PanelCamera`` draws to the right of the panels),
and a lesson scene's caption below the panels (``caption``, a ``state.lesson_view.Caption``).

Never on screen: ``gradviz render`` and File > Export draw it, and the window on screen keeps
its size and step while an animation renders.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gradviz.gui.panel_grid import PanelGrid
from gradviz.gui.presenters.houses import HousesPresenter
from gradviz.gui.presenters.ideas import IdeasPresenter
from gradviz.gui.presenters.landscapes import LandscapesPresenter
from gradviz.gui.presenters.regression import RegressionDataPresenter

SIZE = (1440, 860)   # unless given the picture's size (export.offscreen_scene)


class SceneCanvas(QWidget):
    def __init__(self, state, with_data=False, caption=None):
        super().__init__()
        self.state = state
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.panels = PanelGrid(len(state.session.panels))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panels)
        self.landscapes = LandscapesPresenter(state, self.panels)
        self.caption = None
        if caption is not None:   # the words alone: no buttons in a picture
            from gradviz.gui.views.caption_band import CaptionBand

            self.caption = CaptionBand(interactive=False)
            self.caption.set_caption(caption)
            layout.addWidget(self.caption)
        self.ideas = IdeasPresenter(state, self.panels)
        self.guess = None   # a predict scene's guess beside the run (lesson_view.GuessShown)
        if caption is not None and caption.guess is not None:
            from gradviz.gui.views.guess_mark import GuessPicture

            self.guess = GuessPicture(state, self.panels, caption.guess)
        self.data = None
        self.data_presenter = None
        self.houses = None
        if with_data:
            from gradviz.gui.views.regression_data import RegressionDataView

            self.data = RegressionDataView()
            self.data.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            self.data_presenter = RegressionDataPresenter(state, self.data)
            self.houses = HousesPresenter(state, self.data)
        self.resize(*SIZE)

    @property
    def views(self):
        return self.panels.views

    def show(self) -> None:
        super().show()
        if self.data is not None:
            self.data.show()

    def close(self) -> bool:
        for view in self.views:   # linked views must not call into one being deleted
            view.unlink_view()
        if self.data is not None:
            self.data.close()
        return super().close()
