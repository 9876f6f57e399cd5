"""The caption band under the panels: a lesson scene's words and an example's notes, readable
from the back of the room in both themes, long notes shortened with More, its head (title and
scene counter) never cut to nothing."""

import pytest
from lesson_helpers import (RATE, REPO, SHIPPED, open_example, start,  # noqa: F401
                            theme_pt, window)
from PySide6.QtCore import Qt

from gradviz.state import lesson_intents as li


def test_an_examples_notes_are_under_the_panels_until_closed(qtbot, window):
    """Issue 16: an example's lesson text was a status-bar line, cut off, gone after 30 s, a
    theme change or F11. It is now the caption band's text (the title in bold, no scene
    counter, no Back/Next), kept through a theme change and presentation mode, closed by
    its ✕ and brought back by Help > Notes of this session."""
    example, band = open_example(window, qtbot, "2-learning-rate-too-large")
    assert band.head.text() == example.title and "scene" not in band.head.text()
    assert band.narration.text() == example.description and band.narration.isVisible()
    assert all(band.buttons[name].isHidden() for name in ("back", "next", "replay"))
    close = band.buttons["leave"]
    assert close.isVisible() and "Close" in close.text()
    grid = window.panels   # below the landscapes, never over them
    assert (band.mapTo(window, band.rect().topLeft()).y()
            > grid.mapTo(window, grid.rect().bottomLeft()).y())
    window.mode_actions["theme_dark"].trigger()
    window.presentation.set_active(True)
    try:   # presenting: the first two lines (test_presenting_notes_take_two_lines...)
        shown = band.narration.text()
        assert band.isVisible() and example.description.startswith(shown.rstrip(" \u2026"))
    finally:
        window.presentation.leave()
    assert band.narration.text() == example.description   # whole again
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not band.isVisible() and not window.state.view.notes
    notes = [a for a in window.actions() if a.text() == "Notes of this session"]
    assert len(notes) == 1
    notes[0].trigger()
    assert band.isVisible() and band.narration.text() == example.description
    window.documents.new()                      # a session without notes: the band goes
    window.state.flush()
    assert not band.isVisible()


def test_a_scene_that_announces_events_says_them_in_the_band(qtbot, window):
    """Lesson 7's scene 4 names the bias correction: its band says it once playback reaches
    step 44 (1 - 0.9^44 = 0.990, worked out by hand), not before."""
    from gradviz.state.intents import Seek

    start(window, next(p for p in SHIPPED if p.name.startswith("7-")))
    window.state.apply(li.GoToScene(3))
    window.state.apply(Seek(43))
    window.state.flush()
    band = window.caption
    assert band.event_line.isHidden()
    window.state.apply(Seek(44))
    window.state.flush()
    assert band.event_line.isVisible()
    assert band.event_line.text().startswith("Step 44, Adam, lr 0.1: Adam's "
                                        "bias correction has faded: 1 − β₁ᵗ = 0.990")
    assert band.event_line.text() in band.texts()


def _contrast(a, b) -> float:
    """WCAG contrast ratio of two QColors."""
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_the_caption_reads_from_the_back_of_the_room_in_both_themes(qtbot, window, dark):
    """Issue 17 item 1: the caption readable on a projector, presentation sizes, both
    themes: in presentation mode at 1280x720 the narration is set at 14 pt or more (the
    readout's 18 pt when the words fit), the title at least as large as in normal mode, and
    the words stand on the band's background at a contrast of 7:1 or more (WCAG AAA)."""
    from PySide6.QtGui import QPalette

    window.resize(1280, 720)
    if dark:
        window.mode_actions["theme_dark"].trigger()
    start(window, RATE)
    band = window.caption
    normal_head = band.head.font().pointSizeF()
    window.presentation.set_active(True)
    try:
        qtbot.waitUntil(lambda: band.isVisible() and band.narration.isVisible())
        assert band.narration.font().pointSizeF() >= 14
        assert band.head.font().pointSizeF() >= normal_head
        background = band.palette().color(QPalette.ColorRole.Base)
        for label in (band.head, band.narration):
            text = label.palette().color(QPalette.ColorRole.WindowText)
            assert _contrast(text, background) >= 7, (label.objectName(), text.name(),
                                                      background.name())
        picture = band.grab().toImage()    # what is painted: the band's own background
        assert picture.pixelColor(band.width() // 2, band.height() - 2) == background
    finally:
        window.presentation.leave()


def test_long_notes_are_shortened_with_more_to_show_them_whole(qtbot, window):
    """Example 6's description took seven lines under the panels at 1280x720 and left the
    landscapes 155 px high: notes longer than the band's budget show the sentences that fit
    and "…", and More shows them whole (Less shortens them again). A lesson's words are never
    shortened (test_every_scene_shows_its_caption_and_session compares them whole)."""
    from gradviz.engine import session_io

    window.resize(1280, 720)
    example, band = open_example(window, qtbot, "6-house-prices-scaling")
    more = band.buttons["more"]
    qtbot.waitUntil(more.isVisible)
    short = band.narration.text()
    assert short.endswith("\u2026") and example.description.startswith(short[:-2])
    assert len(short) < len(example.description)
    qtbot.wait(100)
    low = band.narration.height()
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert band.narration.text() == example.description and "Less" in more.text()
    qtbot.waitUntil(lambda: band.narration.height() > low)   # laid out whole, not clipped
    label = band.narration
    assert label.height() >= label.heightForWidth(label.width())
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert band.narration.text() == short and "More" in more.text()
    path2 = REPO / "resources" / "examples" / "2-learning-rate-too-large.gradviz.json"
    assert window.documents.open_example(path2)   # short enough: whole, no More
    window.state.flush()
    qtbot.waitUntil(lambda: band.narration.text() == session_io.load(path2).description)
    assert not more.isVisible()


def test_presenting_notes_take_two_lines_of_large_type(qtbot, window):
    """At 1280x720 in presentation mode, example 2's notes took a band of small type over
    landscapes left 140 px high with four panels: presenting, they are two lines of the
    presentation's type and "…", More shows them whole."""
    from PySide6.QtGui import QFontMetrics

    from gradviz.gui.views.caption_band import NARRATION_PT

    window.resize(1280, 720)
    window.presentation.set_active(True)
    try:
        example, band = open_example(window, qtbot, "2-learning-rate-too-large")
        more = band.buttons["more"]
        qtbot.waitUntil(more.isVisible)
        qtbot.wait(100)
        label = band.narration
        lines = label.heightForWidth(label.width()) / QFontMetrics(label.font()).lineSpacing()
        assert lines <= 2.2 and label.text().endswith("\u2026")
        assert label.font().pointSizeF() >= 0.99 * theme_pt(NARRATION_PT)
        assert example.description.startswith(label.text()[:-2])
        qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
        assert label.text() == example.description
    finally:
        window.presentation.leave()


def test_a_long_title_takes_a_row_of_its_own_rather_than_be_cut_to_nothing(qtbot, window):
    """Lesson 10 at 1280x720 in presentation mode, beside the backprop dock, headed its band
    "How the…  ·  scene 1 / 5": the title goes above the buttons when the room beside them
    holds less than half of it."""
    start(window, next(p for p in SHIPPED if p.name.startswith("10-")))
    band = window.caption
    head, buttons = band.head, band.buttons["next"]
    beside = lambda: abs(head.geometry().center().y() - buttons.geometry().center().y()) < 6
    window.resize(1900, 900)
    qtbot.waitUntil(beside)
    assert "\u2026" not in head.text()
    window.resize(1000, 720)
    qtbot.waitUntil(lambda: head.geometry().bottom() <= buttons.geometry().top())
    assert "\u2026" not in head.text() and head.text() == band.head_text
    assert head.width() >= head.fontMetrics().horizontalAdvance(band.head_text)
    window.resize(1900, 900)
    qtbot.waitUntil(beside)
