"""The landscapes own the screen (issue 16, item 1): the real window, offscreen, at 1280x720
and 1920x1080, normal and presentation mode, 1 to 4 panels. The control column folds to a
handle that a key or a click opens; the axes have equal scale by default (a switch in the
View menu, saved in sessions); three panels line up."""

import json

import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import Qt

from gradviz.engine.session import DisplayConfig, PanelConfig, Session
from gradviz.gui.column_fold import FOLD_WIDTH
from gradviz.state import intents as i

SIZES = ((1280, 720), (1920, 1080))


def _session(panels=2, domain=((-3.0, 3.0), (-3.0, 3.0))):
    rates = (0.02, 0.09, 0.11, 0.05)
    return Session(text="x^2 + 10*y^2", domain=domain, start=(-2.5, 1.5), steps=60,
                   panels=tuple(PanelConfig("gd", {"lr": lr}) for lr in rates[:panels]))


def _window(qtbot, monkeypatch, size, panels, presentation):
    """The window at ``size`` with ``panels`` panels, in presentation mode or not. Offscreen
    Qt has one 800x800 screen: full screen is the size asked for, on a screen that tall."""
    import gradviz.gui.presentation as presentation_module

    width, height = size
    win = open_window(qtbot, _session(panels), size)
    do(win, i.SetStep(30))
    if presentation:
        monkeypatch.setattr(presentation_module, "screen_height", lambda window: height)
        monkeypatch.setattr(win, "showFullScreen", lambda: win.resize(width, height))
        win.presentation.set_active(True)
    _wait_settled(qtbot, win)
    return win


def _wait_settled(qtbot, win) -> None:
    """Until the landscapes are laid out in their domain's shape and stay so for 100 ms: the
    boxes of the window before are square too, until the layout of the new one runs."""
    boxes = None
    for _ in range(50):
        qtbot.waitUntil(lambda: _settled(win))
        now = [(v.view_box.width(), v.view_box.height()) for v in win.panels.visible_views()]
        if now == boxes:
            return
        boxes = now
        qtbot.wait(100)


def _settled(win) -> bool:
    """Every visible landscape laid out in the shape of its domain (a square here)."""
    views = win.panels.visible_views()
    return all(v.view_box.width() > 30 and abs(v.view_box.width() - v.view_box.height()) < 1.5
               for v in views)


def covered(win) -> float:
    """The share of the window the landscape panels cover (each its title, plot with axes and
    colour bar, and readout)."""
    views = win.panels.visible_views()
    return sum(v.width() * v.height() for v in views) / (win.width() * win.height())


def _ratio(view) -> float:
    """Data units per pixel in x over the same in y: 1 at equal scale. (From the range and
    the box's size: ``ViewBox.viewPixelSize`` is cached until the next paint.)"""
    (x0, x1), (y0, y1) = view.view_range()
    box = view.view_box
    return ((x1 - x0) / box.width()) / ((y1 - y0) / box.height())


@pytest.mark.parametrize("presentation", [False, True], ids=["normal", "F11"])
@pytest.mark.parametrize("panels", [1, 2, 3, 4])
@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
def test_the_landscapes_own_the_screen(qtbot, monkeypatch, size, panels, presentation):
    win = _window(qtbot, monkeypatch, size, panels, presentation)
    assert (win.width(), win.height()) == size
    views = win.panels.visible_views()
    assert len(views) == panels
    folded = presentation or size[0] < FOLD_WIDTH
    assert win.docks["controls"].isHidden() == folded
    assert win.controls_handle.isVisible() == folded
    share = covered(win)
    if win.presentation.spare_curves.opened:   # in the height the landscapes left unused
        curves = win.docks["curves"]
        share += curves.width() * curves.height() / (win.width() * win.height())
    if presentation and size == (1280, 720):
        assert share >= 0.60 + 0.1 * (panels > 1), share    # measured 0.72-0.74
    elif presentation or size[0] < FOLD_WIDTH:
        assert share >= 0.55, share                         # measured 0.56-0.60
    else:   # 1920x1080 with the controls, inspector and curves open
        assert share >= 0.35, share
    if panels == 4:
        assert all(v.width() >= 300 and v.height() >= 250 for v in views), \
            [(v.width(), v.height()) for v in views]
    # equal scale everywhere, and the boxes of one size: they line up
    for view in views:
        assert _ratio(view) == pytest.approx(1, rel=0.02)   # a pixel of a 93 px box
    sides = [v.view_box.width() for v in views]   # a pixel apart where the width is odd
    assert max(sides) - min(sides) <= 2, sides


def test_the_handle_and_ctrl_1_open_and_fold_the_column(qtbot, monkeypatch):
    win = open_window(qtbot, _session(2), (1280, 720))
    dock, handle = win.docks["controls"], win.controls_handle
    qtbot.waitUntil(lambda: handle.isVisible()
                    and handle.mapTo(win, handle.rect().topLeft()).x() == 0)   # left edge
    assert dock.isHidden() and handle.width() < 40   # a narrow strip
    before = [v.width() for v in win.views]
    qtbot.mouseClick(handle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.isVisible())
    assert not handle.isVisible()
    qtbot.waitUntil(lambda: win.views[0].width() < before[0])   # the panels make room
    qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dock.isHidden() and handle.isVisible())
    qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)   # no mouse
    qtbot.waitUntil(lambda: dock.isVisible())
    qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dock.isHidden())
    qtbot.keyClick(win, Qt.Key.Key_F2)                  # type a function: the column opens too
    qtbot.waitUntil(lambda: dock.isVisible())


def test_a_narrow_window_folds_the_column_and_a_wide_one_opens_it_again(qtbot):
    win = open_window(qtbot, _session(2), (1600, 900))
    dock = win.docks["controls"]
    assert not dock.isHidden()
    win.resize(1280, 720)
    qtbot.waitUntil(lambda: dock.isHidden())
    win.resize(1600, 900)
    qtbot.waitUntil(lambda: not dock.isHidden())
    # folded by the person: widening keeps it folded
    dock.hide()
    win.resize(1280, 720)
    qtbot.wait(20)
    win.resize(1700, 900)
    qtbot.wait(20)
    assert dock.isHidden() and win.controls_handle.isVisible()


def test_leaving_presentation_mode_gives_the_column_back(qtbot, monkeypatch):
    win = open_window(qtbot, _session(2), (1600, 900))
    monkeypatch.setattr(win, "showFullScreen", lambda: None)
    win.presentation.set_active(True)
    assert win.docks["controls"].isHidden()
    win.presentation.set_active(False)
    qtbot.waitUntil(lambda: win.docks["controls"].isVisible())
    assert not win.controls_handle.isVisible()


# --- equal scale ---------------------------------------------------------------------------



def test_round_is_round_by_default_and_the_switch_stretches(qtbot):
    """x in (-4, 4), y in (-1, 1): a 4:1 domain is held to 3:1 (no strip); a 2:1 one is drawn
    at equal scale, the box twice as wide as tall; View > Equal axis scale (E) lets the plot
    fill its panel."""
    win = open_window(qtbot, _session(2, domain=((-2.0, 2.0), (-1.0, 1.0))), (1600, 900))
    view = win.views[0]
    assert win.state.session.display.equal_scale
    qtbot.waitUntil(lambda: abs(_ratio(view) - 1) < 0.01)
    assert view.view_box.width() == pytest.approx(2 * view.view_box.height(), abs=2)
    (x0, x1), (y0, y1) = view.view_range()     # the whole domain, nothing unsampled
    assert (x0, x1, y0, y1) == pytest.approx((-2, 2, -1, 1), abs=0.02)
    action = win.actions_by_name["equal_scale"]
    assert action.isChecked() and "E" in [k.toString() for k in action.shortcuts()]
    action.trigger()
    assert not win.state.session.display.equal_scale
    qtbot.waitUntil(lambda: abs(_ratio(view) - 1) > 0.05)
    room_w, room_h = view.shape.room()
    assert view.view_box.width() == pytest.approx(room_w, abs=2)   # fills its panel
    assert view.view_box.height() == pytest.approx(room_h, abs=2)
    do(win, i.Undo())
    qtbot.waitUntil(lambda: abs(_ratio(view) - 1) < 0.01)


def test_a_very_long_domain_is_held_to_three_to_one(qtbot):
    win = open_window(qtbot, _session(1, domain=((-8.0, 8.0), (-1.0, 1.0))), (1600, 900))
    view = win.views[0]
    qtbot.waitUntil(lambda: view.view_box.width() > 3 * view.view_box.height() - 3)
    assert view.view_box.width() == pytest.approx(3 * view.view_box.height(), abs=3)
    assert not view.shape.equal


def test_equal_scale_is_saved_and_old_sessions_open_with_it(tmp_path):
    from gradviz.engine.session_io import load, save

    path = tmp_path / "s.gradviz.json"
    session = _session(1)
    save(session.replace(display=DisplayConfig(equal_scale=False)), path)
    assert json.loads(path.read_text())["display"]["equal_scale"] is False
    assert load(path).display.equal_scale is False
    data = json.loads(path.read_text())
    del data["display"]["equal_scale"]          # a session saved before the option existed
    path.write_text(json.dumps(data))
    assert load(path).display.equal_scale is True


def test_three_panels_line_up(qtbot):
    """Same heights, the same box in the same place in each, the whole domain in each (no
    grey band), readouts on one line."""
    win = open_window(qtbot, _session(3), (1280, 720))
    do(win, i.SetStep(40))
    views = win.views
    _wait_settled(qtbot, win)

    def top_in_window(widget):
        return widget.mapTo(win, widget.rect().topLeft()).y()

    assert len({v.height() for v in views}) == 1
    assert len({top_in_window(v) for v in views}) == 1
    boxes = [v.view_box.sceneBoundingRect() for v in views]
    assert len({(round(b.top()), round(b.height()), round(b.width())) for b in boxes}) == 1
    for view in views:
        (x0, x1), (y0, y1) = view.view_range()
        assert (x0, x1, y0, y1) == pytest.approx((-3, 3, -3, 3), abs=0.03)
        label = view.readout.value_labels["f"]
        assert top_in_window(label) == top_in_window(views[0].readout.value_labels["f"])


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
def test_the_regression_modes_landscapes_and_data_get_their_room(qtbot, size):
    """At 1280x720 the data go on the right of the landscapes, as tall as they are (a tab in
    front of the curves was a 1280x116 strip); at 1920x1080 beside the curves, below."""
    from gradviz.engine.session_io import load
    from gradviz.resources import examples

    session = load(next(p for p in examples() if "house-prices" in p.name))
    win = open_window(qtbot, session, size)
    data = win.data_view
    qtbot.waitUntil(lambda: data.isVisible() and data.height() > 200 and data.width() > 300)
    _wait_settled(qtbot, win)
    area = win.dockWidgetArea(win.docks["data"])
    right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
    assert area == (right if size[0] < 1500 else bottom)
    for view in win.views:
        assert view.view_box.width() >= 240 and view.view_box.height() >= 240


def test_the_tightest_header_shows_the_status_as_an_icon_and_keeps_the_rate(qtbot):
    from gradviz.gui.views.landscape import LandscapeView

    view = LandscapeView()
    qtbot.addWidget(view)
    title = "Nesterov momentum, lr 0.002"   # one spelling only: the status must give way
    view.set_title(title, (title,))
    view.set_status("diverging", "diverging since step 12", "diverging")
    view.resize(900, 400)
    view.show()
    header = view.header
    qtbot.waitUntil(lambda: header.status_words.text() == "diverging since step 12")
    view.resize(200, 400)                 # as narrow as the panel goes (its readout's width)
    qtbot.waitUntil(lambda: header.status_words.isHidden())
    assert header.title_label.text() == title
    assert header.status_label.isVisible() and not header.status_label.pixmap().isNull()
    assert header.status_label.toolTip() == "diverging since step 12"
    assert header.rect().contains(header.status_label.geometry())


def test_the_legend_shows_where_the_plot_has_room_and_shrinks_where_it_has_not(qtbot, monkeypatch):
    roomy = _window(qtbot, monkeypatch, (1280, 720), 2, True)
    qtbot.waitUntil(lambda: roomy.views[0].legend_texts() != [])
    roomy.presentation.set_active(False)
    roomy.close()
    tight = _window(qtbot, monkeypatch, (1280, 720), 4, True)
    assert tight.views[0].view_box.width() < 250   # 206 px; the legend needed ~325 x 75
    # in presentation type it does not fit: it is set in normal mode's type instead (it was
    # hidden, and nothing said what the marks were); test_canvas_window checks its size
    qtbot.waitUntil(lambda: tight.views[0].legend_texts() != [])
    legend = tight.views[0].marks.legend
    from gradviz.gui import theme

    assert theme.current().presentation
    assert legend.font().pointSizeF() < theme.font(theme.AXIS_PT - 2).pointSizeF()


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
def test_leaving_presentation_with_four_panels_leaves_them_lined_up_and_whole(
        qtbot, monkeypatch, size):
    """Seen live: after F11, Ctrl+1 and Esc with four panels one title was cut ("Gradient
    de"), a row of boxes stretched and one panel's x range shifted."""
    from test_window_layout import cut_labels

    win = _window(qtbot, monkeypatch, size, 4, True)
    qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    monkeypatch.setattr(win, "showNormal", lambda: None)
    qtbot.keyClick(win, Qt.Key.Key_Escape)
    assert not win.presentation.active
    _wait_settled(qtbot, win)
    qtbot.wait(100)
    assert _settled(win)
    ranges = {tuple(round(v, 6) for axis in view.view_range() for v in axis) for view in win.views}
    assert ranges == {(-3.0, 3.0, -3.0, 3.0)}
    assert cut_labels(win) == []


def test_a_panel_added_in_presentation_mode_lines_up_with_its_row(qtbot, monkeypatch):
    """Seen live (gallery, four panels in F11 at 1280x720): the fourth panel, added while
    presenting, had its title and plot 3 px lower than the third's and its readout 3 px
    shorter (its numbers' labels took their height from a stale size hint)."""
    from PySide6.QtCore import QPoint

    win = _window(qtbot, monkeypatch, (1280, 720), 3, True)
    do(win, i.AddPanel("momentum"))
    qtbot.waitUntil(lambda: len(win.panels.visible_views()) == 4 and _settled(win))
    qtbot.wait(100)
    views = win.panels.visible_views()

    def top(widget):
        return widget.mapTo(win, QPoint(0, 0)).y()

    for row in (views[:2], views[2:]):
        for part in (lambda v: v.header.title_label, lambda v: v.graphics, lambda v: v.readout):
            tops = [top(part(v)) for v in row]
            # before: 3 px; one is left, the rounding of the equal-scale spare height
            assert max(tops) - min(tops) <= 1, tops
        assert len({v.readout.height() for v in row}) == 1, [v.readout.height() for v in row]


# --- the playback bar, the readout and the axes give the plots their room (issue 16) -----


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "1920x1080"])
def test_the_playback_bar_is_one_row_in_presentation_mode(qtbot, monkeypatch, size):
    """Measured before: 111 px (three rows of big buttons, slider, speed) at 1.4x type."""
    win = _window(qtbot, monkeypatch, size, 2, True)
    bar = win.playback
    assert bar.one_row
    middles = {round(w.mapTo(bar, w.rect().center()).y() / 4)
               for w in (bar.play, bar.slider, bar.label, bar.speed)}
    assert len(middles) == 1, middles                        # one line, within 4 px
    assert bar.height() <= 60, bar.height()
    assert bar.play.width() >= 40 and bar.slider.width() >= 200
    win.presentation.set_active(False)
    qtbot.waitUntil(lambda: bar.rows == 3 and bar.slider.mapTo(bar, bar.slider.rect()
                                                               .topLeft()).y() > bar.play.height())


def test_a_narrower_playback_bar_takes_two_rows_then_three_in_presentation_mode(qtbot):
    """A dock beside the bar (the regression data, the backprop graph) or the control
    column: the speed goes below the rest, then three rows; the bar never asks for more
    width than its three rows need (the window could not give a dock its room)."""
    from gradviz.gui import theme
    from gradviz.gui.panels.playback import PlaybackBar

    bar = PlaybackBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.apply_style(theme.make_style("light", presentation=True))
    for width, rows in ((1400, 1), (800, 2), (400, 3), (1400, 1)):
        bar.resize(width, 120)
        assert bar.rows == rows, (width, bar.rows)
        assert bar.minimumSizeHint().width() <= 400
        if rows == 2:
            qtbot.waitUntil(lambda: bar.speed.mapTo(bar, bar.speed.rect().topLeft()).y()
                            >= bar.play.height())
    bar.apply_style(theme.make_style("light"))
    assert bar.rows == 3


@pytest.mark.parametrize("panels,side", [(4, 200), (2, 396)])
def test_each_plot_gets_its_room_at_1280x720_in_presentation_mode(qtbot, monkeypatch, panels,
                                                                   side):
    """Measured before (offscreen, main at 4d0f897): four panels' plots 105 x 105 in 617 x 283
    panels (title, readout and axes took 170 px), two panels' 396 x 396. Now four panels
    have a one-line readout and compact axes: the x name at the axis's end, smaller ticks."""
    win = _window(qtbot, monkeypatch, (1280, 720), panels, True)
    for view in win.panels.visible_views():
        assert view.view_box.width() >= side and view.view_box.height() >= side, \
            (view.view_box.width(), view.view_box.height())
    view = win.views[0]
    if panels == 4:
        assert view.is_short() and view.readout.mode == "line" and view.axes.compact
        labels = [view.readout.value_labels[k] for k in ("step", "x", "y", "f", "grad_norm")]
        tops = {label.mapTo(view, label.rect().topLeft()).y() for label in labels}
        assert len(tops) == 1                                   # one line
        assert view.readout.height() < 45, view.readout.height()
        # the x name at the right end of the tick row, the title under the ticks gone
        bottom = view.plot.getAxis("bottom")
        assert not bottom.label.isVisible() and view.axes.end_name.isVisible()
        assert view.axes.end_name.text() == "x"
        name = view.axes.end_name
        assert name.pos().x() >= bottom.width()
        # level with the tick labels, and whole inside the graphics (nothing cut)
        middle = name.mapToScene(name.boundingRect().center()).y()
        row = bottom.mapToScene(bottom.boundingRect().center()).y()
        assert abs(middle - row) <= 4, (middle, row)
        drawn = name.mapToScene(name.boundingRect()).boundingRect()
        assert view.graphics.rect().toRectF().contains(drawn), drawn


def test_a_short_panels_readout_is_one_line_of_true_numbers(qtbot):
    from gradviz.gui.views.landscape import LandscapeView
    from test_nothing_cut import _fits, _reads_back

    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(560, 620)   # taller than wide
    view.show()
    view.set_readout(254, -3.211e-22, 4.265e-6, 1.031e-43, 0.1186)
    qtbot.waitUntil(lambda: view.readout.mode == "wide")
    assert not view.axes.compact and view.plot.getAxis("bottom").label.isVisible()
    view.resize(620, 320)
    qtbot.waitUntil(lambda: view.readout.mode == "line")
    assert view.axes.compact
    for key, value in (("x", -3.211e-22), ("y", 4.265e-6), ("f", 1.031e-43),
                       ("grad_norm", 0.1186)):
        label = view.readout.value_labels[key]
        assert _fits(label) and _reads_back(label.text(), value), (key, label.text())
    # a scheduled lr makes six numbers: two rows again
    view.set_readout(254, 1.0, 2.0, 3.0, 4.0, lr=0.05)
    assert view.readout.mode == "wide"
    view.set_readout(254, 1.0, 2.0, 3.0, 4.0)
    assert view.readout.mode == "line"


def test_the_regression_data_legend_fits_its_plot_in_presentation_mode(qtbot, monkeypatch):
    """Seen live at 1280x720 F11: "Gradient descent, lr 6.3e-6" at 1.4x type was wider than
    the data's plot, its legend cut on the left. Now a shorter spelling ("GD, lr 6.3e-6"),
    then smaller type; the learning rates stay."""
    import gradviz.gui.presentation as presentation_module
    from gradviz.engine.names import rate_text
    from gradviz.engine.session_io import load
    from gradviz.resources import examples

    session = load(next(p for p in examples() if "house-prices" in p.name))
    win = open_window(qtbot, session, (1280, 720))
    monkeypatch.setattr(presentation_module, "screen_height", lambda window: 720)
    monkeypatch.setattr(win, "showFullScreen", lambda: win.resize(1280, 720))
    win.presentation.set_active(True)
    data = win.data_view
    box = data.plot.getViewBox()
    qtbot.waitUntil(lambda: data.legend_texts() != [])
    qtbot.wait(100)

    def legend_inside() -> bool:
        legend = data.legend.mapRectToItem(box, data.legend.boundingRect())
        return box.boundingRect().contains(legend)

    qtbot.waitUntil(legend_inside)
    shown = data.legend_texts()
    assert len(shown) == len(session.panels)
    for text, panel in zip(shown, session.panels):
        assert rate_text(panel.hyper["lr"]) in text, (text, panel)
    assert shown != data.legend_labels()      # shortened: the full ones did not fit
    win.presentation.set_active(False)        # normal type: fitted again
    qtbot.waitUntil(legend_inside)
