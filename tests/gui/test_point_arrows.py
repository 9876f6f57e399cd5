"""Geometry of the arrows at the current point (views/point_arrows.arrow_pairs)."""

import math

import numpy as np
import pytest

from gradviz.gui.views.point_arrows import HEAD_PX, arrow_pairs


def test_true_length_arrow_ends_at_origin_plus_vector():
    # 0.01 data units a pixel in x, 0.02 in y: the vector (0.5, 0.4) is 50 px by 20 px
    pairs = arrow_pairs((1.0, 2.0), (0.5, 0.4), (0.01, 0.02))
    assert pairs.shape == (6, 2)
    assert pairs[0] == pytest.approx((1.0, 2.0)) and pairs[1] == pytest.approx((1.5, 2.4))
    # both barbs start at the tip and are HEAD_PX long on screen
    for start, end in (pairs[2:4], pairs[4:6]):
        assert start == pytest.approx((1.5, 2.4))
        px = (end - start) / np.array([0.01, 0.02])
        assert math.hypot(*px) == pytest.approx(HEAD_PX)


def test_fixed_length_arrow_keeps_the_direction_on_screen():
    # vector (3, 0) in data, 0.1 a pixel: drawn 72 px long = 7.2 data units, pointing +x
    pairs = arrow_pairs((0.0, 0.0), (3.0, 0.0), (0.1, 0.1), fixed_px=72.0)
    assert pairs[1] == pytest.approx((7.2, 0.0))
    # a diagonal on screen stays diagonal when x and y scales differ: (1, 2) data units at
    # (0.01, 0.02) per pixel is (100, 100) px, drawn at 72 px: 72/sqrt(2) px on each axis
    tip = arrow_pairs((0.0, 0.0), (1.0, 2.0), (0.01, 0.02), fixed_px=72.0)[1]
    side = 72 / math.sqrt(2)
    assert tip == pytest.approx((side * 0.01, side * 0.02))


def test_short_arrows_shrink_their_heads_and_tiny_ones_vanish():
    pairs = arrow_pairs((0.0, 0.0), (0.1, 0.0), (0.01, 0.01))  # 10 px long
    barb = (pairs[3] - pairs[2]) / 0.01
    assert math.hypot(*barb) == pytest.approx(6.0)  # 60% of 10 px
    assert arrow_pairs((0.0, 0.0), (0.01, 0.0), (0.01, 0.01)).shape == (0, 2)  # 1 px
    assert arrow_pairs((0.0, 0.0), (0.0, 0.0), (0.01, 0.01)).shape == (0, 2)
    assert arrow_pairs((0.0, 0.0), (math.nan, 1.0), (0.01, 0.01)).shape == (0, 2)


def _view(qtbot):
    from gradviz.gui.views.landscape import LandscapeView

    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(420, 380)
    view.set_view_range(((-3.0, 3.0), (-3.0, 3.0)))
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.parametrize("origin", [(0.0, 0.0), (2.9, 2.9), (-2.9, 0.0), (0.0, -2.95)])
def test_labels_never_overlap_each_other_the_point_or_the_plot_edge(qtbot, origin):
    view = _view(qtbot)
    # the three arrows close together: their labels past the tips would collide
    view.set_point_vectors(origin, grad=(1.0, 0.1), step=(-0.4, -0.04), momentum=(-1.0, 0.0))
    rects = view.arrows.label_rects()
    assert set(rects) == {"grad", "step", "momentum"}
    box = view.view_box.boundingRect()
    px, py = view.arrows._to_px_point(origin)
    for kind, (x, y, w, h) in rects.items():
        assert -0.5 <= x and x + w <= box.width() + 0.5 and -0.5 <= y \
            and y + h <= box.height() + 0.5, kind
        assert not (x < px < x + w and y < py < y + h), kind    # not on the current point
    kinds = list(rects)
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            ra, rb = rects[a], rects[b]
            assert not (ra[0] < rb[0] + rb[2] and rb[0] < ra[0] + ra[2]
                        and ra[1] < rb[1] + rb[3] and rb[1] < ra[1] + ra[3]), (a, b)


def test_the_gradient_is_drawn_under_the_path_shorter_than_the_momentum(qtbot):
    view = _view(qtbot)
    view.set_point_vectors((0.0, 0.0), grad=(1.0, 0.0), momentum=(0.0, 1.0))
    assert view.arrows.grad_item.zValue() < view.items.path.zValue() < view.arrows.item.zValue()
    shown = view.arrows.shown()
    pixel = view.view_box.viewPixelSize()
    grad_px = (shown["grad"][1][0] - shown["grad"][0][0]) / pixel[0]
    momentum_px = (shown["momentum"][1][1] - shown["momentum"][0][1]) / pixel[1]
    assert grad_px == pytest.approx(0.75 * momentum_px)


def test_a_label_keeps_off_the_path_where_it_can(qtbot):
    """Descent came from the left along y = 0: the gradient points back along it, and its
    label past the tip would sit on the path; it goes beside it."""
    view = _view(qtbot)
    path = np.column_stack([np.linspace(-2.5, 0.0, 30), np.zeros(30)])
    view.set_path(path)
    view.set_point_vectors((0.0, 0.0), grad=(-1.0, 0.0))
    x, y, w, h = view.arrows.label_rects()["grad"]
    for px, py in (view.arrows._to_px_point(p) for p in path):
        assert not (x - 3 <= px <= x + w + 3 and y - 3 <= py <= y + h + 3)


def test_arrow_fraction_falls_a_quarter_a_decade_below_the_typical_gradient():
    from gradviz.gui.views.point_arrows import arrow_fraction

    assert arrow_fraction(30.0, 30.0) == 1.0 and arrow_fraction(3000.0, 30.0) == 1.0
    assert arrow_fraction(3.0, 30.0) == pytest.approx(0.75)
    assert arrow_fraction(0.03, 30.0) == pytest.approx(0.25)
    assert arrow_fraction(2e-5, 30.0) == 0.0
    assert arrow_fraction(2e-5, None) == 1.0 and arrow_fraction(1.0, math.nan) == 1.0


def _px_length(view, pairs):
    pixel = view.view_box.viewPixelSize()
    return math.hypot((pairs[1][0] - pairs[0][0]) / pixel[0],
                      (pairs[1][1] - pairs[0][1]) / pixel[1])


def test_the_gradient_arrow_vanishes_at_a_minimum_in_the_window(qtbot):
    """Gradient descent at lr 0.09 on x^2 + 10y^2: |grad f| 30 at the start, 6e-5 at step 60
    (the typical |grad f| of the landscape is ~30). The arrows at the point showed both at
    one length."""
    from gui_helpers import open_window

    from gradviz.engine.session import PanelConfig, Session
    from gradviz.state.intents import SetStep

    session = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)),
                      start=(-2.5, 1.5), panels=(PanelConfig("momentum",
                                                             {"lr": 0.02, "momentum": 0.5}),),
                      steps=150)
    window = open_window(qtbot, session, (1280, 720))
    view = window.views[0]
    window.state.apply(SetStep(0))
    start = view.arrows.shown()
    window.state.apply(SetStep(20))
    middle = view.arrows.shown()
    window.state.apply(SetStep(150))
    end = view.arrows.shown()
    norms = window.state.runs[0].trajectory.grad_norms
    assert norms[0] > 20 and 1e-9 < norms[150] < 1e-3 and norms[20] < norms[0] / 5
    assert _px_length(view, start["grad"]) > 30
    assert _px_length(view, middle["grad"]) < 0.9 * _px_length(view, start["grad"])
    assert "grad" not in end and "momentum" not in end


def test_labels_keep_off_the_minimum_and_the_start(qtbot):
    """Momentum's label past its tip sat on the minimum's star (example 5, step 20)."""
    view = _view(qtbot)
    view.set_landscape(np.linspace(-3, 3, 5), np.linspace(-3, 3, 5), np.zeros((5, 5)), None,
                       [(0.0, 0.0)], "f")
    view.set_start(-1.0, -1.5)
    # momentum from (-1.6, 0) along +x: its label past the tip lands on the star at (0, 0);
    # the step from (-1, -0.5) down: its label past the tip lands on the start
    view.set_point_vectors((-1.0, -0.5), step=(0.0, -0.75), momentum=(1.0, 0.0))
    rects = view.arrows.label_rects()
    for point in ((0.0, 0.0), (-1.0, -1.5)):
        px, py = view.arrows._to_px_point(point)
        for kind, (x, y, w, h) in rects.items():
            assert not (x - 4 <= px <= x + w + 4 and y - 4 <= py <= y + h + 4), (kind, point)


def test_a_small_plot_shows_the_arrows_without_labels(qtbot):
    from gradviz.gui.views.landscape import LandscapeView

    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(240, 230)   # a plot of ~120 px: four panels in presentation mode
    view.set_view_range(((-3.0, 3.0), (-3.0, 3.0)))
    view.show()
    qtbot.waitExposed(view)
    view.set_point_vectors((0.0, 0.0), grad=(1.0, 0.1), step=(-1.5, -0.15), momentum=(-1.0, 0))
    assert set(view.arrows.shown()) == {"grad", "step", "momentum"}
    assert view.arrows.label_rects() == {}
    view.resize(520, 480)
    qtbot.wait(20)
    view.set_point_vectors((0.0, 0.0), grad=(1.0, 0.1), step=(-1.5, -0.15), momentum=(-1.0, 0))
    assert set(view.arrows.label_rects()) == {"grad", "step", "momentum"}


def test_an_arrow_that_would_hide_under_the_point_is_not_drawn_nor_labelled(qtbot):
    # example 5's converged panel: a momentum arrow of ~10 px under the 16 px dot, its label
    # alone a long way off
    view = _view(qtbot)
    view.arrows.set_typical(30.0)
    view.set_point_vectors((0.0, 0.0), grad=(20.0, 0.0), momentum=(0.011, 0.0))   # ~10 px
    assert "momentum" not in view.arrows.shown()
    assert "momentum" not in view.arrows.label_rects()
    assert "grad" in view.arrows.shown()


def test_a_step_hidden_under_the_point_gets_no_label(qtbot):
    # gradient descent at lr 0.02 slowing down: a 3 px step under the 16 px dot, and the
    # word "step" beside the point with no arrow to be seen (1920x1080, example 2)
    view = _view(qtbot)
    pixel = view.view_box.viewPixelSize()
    view.set_point_vectors((0.0, 0.0), step=(3 * pixel[0], 0.0))
    assert "step" not in view.arrows.shown() and "step" not in view.arrows.label_rects()
    view.set_point_vectors((0.0, 0.0), step=(30 * pixel[0], 0.0))
    assert "step" in view.arrows.label_rects()


def test_labels_keep_off_the_probe_while_it_shows(qtbot):
    """Seen live: the probe's crosshair sat on the step's label, each hiding half the other."""
    from gradviz.gui.views.probe_items import SIZE_PX

    view = _view(qtbot)
    view.set_point_vectors((-1.0, -0.5), step=(0.0, -0.75))
    x, y, w, h = view.arrows.label_rects()["step"]
    under = view.view_box.mapSceneToView(view.view_box.mapToScene(x + w / 2, y + h / 2))
    view.probe.set_probe(under.x(), under.y())          # right on the label's spot
    view.probe.set_probe_visible(True)
    px, py = view.arrows._to_px_point((under.x(), under.y()))
    half = SIZE_PX / 2
    x, y, w, h = view.arrows.label_rects()["step"]
    assert x >= px + half or x + w <= px - half or y >= py + half or y + h <= py - half
    view.probe.set_probe_visible(False)                 # hidden: the label comes back
    hidden = view.arrows.label_rects()["step"]
    assert hidden[0] < px < hidden[0] + hidden[2] and hidden[1] < py < hidden[1] + hidden[3]
