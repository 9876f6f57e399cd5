"""The probe starts where it hides nothing: not on the minimum, the start or the way between."""

import numpy as np
import pytest

from gradviz.engine.presets import PRESETS
from gradviz.engine.probe_spot import default_probe, probe_spot
from gradviz.engine.session import from_preset

SQUARE = ((-1.0, 1.0), (-1.0, 1.0))


def test_with_nothing_to_avoid_the_probe_is_at_the_centre():
    assert probe_spot(SQUARE) == pytest.approx((0.0, 0.0))


def test_a_minimum_at_the_centre_sends_the_probe_to_a_corner_of_the_inset_lattice():
    # candidates run from -0.7 to 0.7 (15% in from each edge): the corners are furthest
    x, y = probe_spot(SQUARE, marks=[(0.0, 0.0)])
    assert abs(x) == pytest.approx(0.7) and abs(y) == pytest.approx(0.7)


def test_the_line_from_start_to_minimum_is_avoided_too():
    # start bottom-left, minimum top-right: the diagonal is taken; the probe goes to the
    # far side of it, top-left or bottom-right corner of the lattice
    x, y = probe_spot(SQUARE, marks=[(-0.8, -0.8), (0.8, 0.8)], lines=[((-0.8, -0.8), (0.8, 0.8))])
    assert (x, y) in [pytest.approx((-0.7, 0.7)), pytest.approx((0.7, -0.7))]


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_probe_keeps_clear_of_its_start_and_minima(key):
    session = from_preset(key)
    (x0, x1), (y0, y1) = session.domain
    px, py = default_probe(session)
    assert x0 < px < x1 and y0 < py < y1
    for mx, my in [session.start] + [(m.x, m.y) for m in PRESETS[key].minima]:
        if x0 <= mx <= x1 and y0 <= my <= y1:
            assert np.hypot((px - mx) / (x1 - x0), (py - my) / (y1 - y0)) > 0.12, (mx, my)
