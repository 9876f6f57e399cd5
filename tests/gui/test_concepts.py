"""Help > Concepts: every concept has a short explanation, and selecting one frames the part
of the window that shows it; closing the list takes the frames away."""

from gui_helpers import documented_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from gradviz.engine.lesson_types import HIGHLIGHTS
from gradviz.gui.concepts import CONCEPTS

NAMES = {"gradient", "partial derivative", "gradient descent", "learning rate",
         "loss function", "momentum", "adam", "convergence", "divergence"}


def test_the_nine_concepts_are_short_and_point_at_real_parts():
    assert {c.name.lower() for c in CONCEPTS} == NAMES
    for concept in CONCEPTS:
        assert 150 <= len(concept.text) <= 450, concept.name
        assert concept.highlight and set(concept.highlight) <= set(HIGHLIGHTS)


def test_selecting_a_concept_frames_what_shows_it(qtbot, tmp_path, monkeypatch):
    with documented_window(tmp_path, monkeypatch) as window:
        for dock in window.docks.values():
            dock.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
        dialog = window.concepts_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.text.text() == CONCEPTS[0].text
        graphics = [v.graphics for v in window.panels.visible_views()]
        framed = window.frames.framed()    # the ∇f arrow and the probe: round each, not the panel
        assert framed and all(t.widget in graphics and t.rect().width() < t.widget.width() / 2
                              for t in framed)
        row = [c.name for c in CONCEPTS].index("Learning rate")
        dialog.list.setCurrentRow(row)
        lr_fields = [w for w in window.frames.framed() if isinstance(w, QWidget)
                     and w.objectName() == "lr"]
        assert len(lr_fields) == len(window.state.session.panels)
        dialog.list.setCurrentRow([c.name for c in CONCEPTS].index("Convergence"))
        assert window.frames.framed() == [window.docks["curves"], window.playback.slider]
        dialog.close()
        assert window.frames.framed() == []


def test_hovering_a_concept_frames_what_shows_it_and_leaving_goes_back(qtbot, tmp_path,
                                                                       monkeypatch):
    """Issue 17 asks that hovering or selecting a concept highlights the thing on screen;
    only selecting did."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    with documented_window(tmp_path, monkeypatch) as window:
        for dock in window.docks.values():
            dock.show()
        window.show_concepts()
        dialog = window.concepts_dialog
        names = [c.name for c in CONCEPTS]
        dialog.list.setCurrentRow(names.index("Convergence"))
        selected = window.frames.framed()
        assert selected == [window.docks["curves"], window.playback.slider]
        item = dialog.list.item(names.index("Learning rate"))
        point = dialog.list.visualItemRect(item).center()
        qtbot.mouseMove(dialog.list.viewport(), point)
        qtbot.waitUntil(lambda: any(isinstance(w, QWidget) and w.objectName() == "lr"
                                    for w in window.frames.framed()))
        assert dialog.text.text() == CONCEPTS[names.index("Convergence")].text   # words stay
        QApplication.sendEvent(dialog.list.viewport(), QEvent(QEvent.Type.Leave))
        assert window.frames.framed() == selected
        dialog.close()
