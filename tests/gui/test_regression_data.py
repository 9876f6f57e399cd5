"""The regression data view: the points on screen are the data; each line is y = w*x + b."""

import numpy as np
import pytest
from PySide6.QtGui import QColor

from gradviz.gui import theme
from gradviz.gui.views.regression_data import RegressionDataView


@pytest.fixture
def view(qtbot):
    view = RegressionDataView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    view.set_data([50.0, 100.0, 150.0], [160.0, 330.0, 480.0])
    return view


def test_points_on_screen_are_the_data(view):
    xs, ys = view.points.getData()
    assert xs.tolist() == [50.0, 100.0, 150.0] and ys.tolist() == [160.0, 330.0, 480.0]
    assert view.plot.getAxis("bottom").labelText == "floor area (m\u00b2)"
    assert view.plot.getAxis("left").labelText == "price (thousands)"
    # 0 and every point are in view: the intercept is visible
    (x0, x1), (y0, y1) = view.plot.getViewBox().viewRange()
    assert x0 < 0 < 50 and 150 < x1 and y0 < 0 and 480 < y1


def test_each_line_is_w_x_plus_b_in_its_panel_colour(view):
    view.set_lines([(3.0, 10.0, theme.panel_color(0), "Adam"),
                    (1.5, 100.0, theme.panel_color(1), "GD")])
    for curve, (w, b) in zip(view.lines, [(3.0, 10.0), (1.5, 100.0)]):
        xs, ys = curve.getData()
        assert len(xs) == 2 and xs[0] < 50 and xs[1] > 150
        assert ys[0] == pytest.approx(w * xs[0] + b) and ys[1] == pytest.approx(w * xs[1] + b)
    assert view.lines[0].opts["pen"].color() == QColor(theme.panel_color(0))
    assert view.lines[1].opts["pen"].color() == QColor(theme.panel_color(1))
    assert view.legend_labels() == ["Adam", "GD"]
    assert view.legend.isVisible()


def test_lines_move_every_frame_without_new_items(view):
    view.set_lines([(3.0, 10.0, "#E69F00", "a"), (1.0, 0.0, "#56B4E9", "b")])
    items = list(view.lines)
    for k in range(5):
        view.set_lines([(3.0 - k, 10.0 * k, "#E69F00", "a"), (1.0, k, "#56B4E9", "b")])
    assert view.lines == items
    xs, ys = view.lines[0].getData()
    assert ys[1] == pytest.approx(-1.0 * xs[1] + 40.0)
    view.set_lines([(2.0, 0.0, "#E69F00", "a")])            # one panel left: the other is gone
    assert len(view.lines[1].getData()[0]) == 0 and view.legend_labels() == ["a"]


def test_scaled_coefficients_are_drawn_in_the_data_units(view):
    # x' = (x - 100)/50; w' = 75, b' = 325 is y = 75*(x - 100)/50 + 325 = 1.5x + 175
    view.set_feature_scaling((100.0, 50.0))
    view.set_lines([(75.0, 325.0, "#E69F00", "scaled")])
    xs, ys = view.lines[0].getData()
    assert ys == pytest.approx(1.5 * xs + 175.0)
    view.set_feature_scaling(None)
    view.set_lines([(75.0, 325.0, "#E69F00", "scaled")])
    xs, ys = view.lines[0].getData()
    assert ys == pytest.approx(75.0 * xs + 325.0)


def test_a_diverged_line_is_hidden(view):
    view.set_lines([(np.nan, 1.0, "#E69F00", "diverged"), (np.inf, 0.0, "#56B4E9", "x")])
    assert all(len(line.getData()[0]) == 0 for line in view.lines)


def test_the_plot_draws_the_points(view):
    image = view.grab().toImage()
    dark = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if QColor(image.pixel(x, y)).name() == "#303030")
    assert dark > 3
