"""PathItem draws a growing path a few segments at a time; however it gets there (the plain
Python route for a few new points, numpy's clipping for many or for points off the view), the
pixels are the same."""

import numpy as np
import pytest

from gradviz.engine.expression import parse_expression
from gradviz.engine.trajectory import run
from gradviz.gui.views import path_item
from gradviz.gui.views.landscape import LandscapeView

DOMAIN = ((-2.0, 2.0), (-1.0, 3.0))


@pytest.fixture
def path():
    # gradient descent on Rosenbrock: 300 points, small steps, a long curve
    f = parse_expression("(1 - x)^2 + 100*(y - x^2)^2")
    return run(f, "gd", (-1.8, 2.5), 300, lr=1e-3).points


def picture(qtbot, points, grow, few):
    """The view's pixels after showing ``points`` ``grow`` points at a time."""
    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(500, 420)
    view.set_color("#E69F00")
    view.set_view_range(DOMAIN)
    view.show()
    qtbot.waitExposed(view)
    old = path_item.FEW
    path_item.FEW = few
    try:
        for k in range(2, len(points) + grow, grow):
            view.set_path(points[:k])
            view.graphics.viewport().repaint()
        image = view.graphics.viewport().grab().toImage()
    finally:
        path_item.FEW = old
    bits = image.constBits()
    return np.frombuffer(bits, np.uint8)[: image.sizeInBytes()].copy()


@pytest.mark.parametrize("grow", [1, 3])
def test_a_few_new_points_a_frame_draw_what_clipping_draws(qtbot, path, grow):
    assert np.array_equal(picture(qtbot, path, grow, few=32), picture(qtbot, path, grow, few=0))


def test_a_point_off_the_view_goes_through_the_clipping(qtbot, path):
    leaving = np.vstack([path[:40], [[50.0, -80.0], [1e300, 1e300]]])
    assert np.array_equal(picture(qtbot, leaving, 1, few=32), picture(qtbot, leaving, 1, few=0))
