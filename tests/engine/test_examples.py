"""The example sessions in resources/examples: they open, and each still teaches its lesson
(the numbers below are what the description promises)."""

import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from gradviz import resources
from gradviz.engine import parse_expression, run
from gradviz.engine import session_io as io

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "resources" / "examples").glob("*.gradviz.json"))


def _runs(session):
    if session.mode == "regression":
        from gradviz.engine.scene import compute_runs, objective_for

        return [r.trajectory for r in compute_runs(objective_for(session), session)]
    f = parse_expression(session.text, session.params)
    return [run(f, p.optimizer, session.start, session.steps, **p.hyper) for p in session.panels]


def _example(stem):
    return io.load(REPO / "resources" / "examples" / f"{stem}.gradviz.json")


def test_there_are_five_lessons():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_opens_with_a_title_and_description(path):
    session = io.load(path)
    assert 10 <= len(session.title) <= 80
    assert len(session.description) > 200
    assert session.current_step <= session.steps
    for trajectory in _runs(session):  # every panel runs from the start it shows
        assert np.allclose(trajectory.points[0], session.start)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_file_is_written_as_gradviz_writes_it(path):
    """Examples are plain saves: opening and saving again changes nothing."""
    assert io.to_json(io.load(path)) == path.read_text(encoding="utf-8")


def test_ravine_adam_arrives_while_descent_crawls():
    gd, adam = _runs(_example("1-ravine-adam"))
    # Along x descent shrinks the distance by 1 - 0.09 * 0.2 = 0.982 a step once y has settled:
    # after 150 steps x is still about 2.5 * 0.982^150 = 0.16 from the minimum.
    assert abs(gd.points[150][0]) > 0.1
    assert np.hypot(*adam.points[150]) < 0.01


def test_learning_rate_above_two_over_twenty_grows():
    slow, fast, too_large = _runs(_example("2-learning-rate-too-large"))
    # y is multiplied by 1 - 20 lr each step: 0.6, -0.8 and -1.2.
    assert abs(slow.points[10][1]) == pytest.approx(1.5 * 0.6**10)
    assert abs(fast.points[10][1]) == pytest.approx(1.5 * 0.8**10)
    assert abs(too_large.points[10][1]) == pytest.approx(1.5 * 1.2**10)
    assert abs(too_large.points[-1][1]) > 3  # out of the picture by the end


def test_saddle_holds_descent_and_not_adam():
    gd, adam = _runs(_example("3-saddle-point"))
    near_saddle = lambda t: np.hypot(*t.points.T) < 0.1  # noqa: E731
    assert near_saddle(gd).sum() >= 20  # descent sits at (0, 0) for 20 steps or more
    assert near_saddle(adam).sum() == 0
    assert gd.points[-1] == pytest.approx((1, 0), abs=1e-3)
    assert adam.points[-1] == pytest.approx((1, 0), abs=1e-3)


def test_several_minima_three_ends():
    ends = [tuple(np.round(t.points[-1], 2)) for t in _runs(_example("4-several-minima"))]
    assert ends == [(3.58, -1.85), (3.0, 2.0), (-3.78, -3.28)]


def test_momentum_overshoots_past_the_minimum():
    gd, heavy, light = _runs(_example("5-momentum-overshoot"))
    assert gd.points[:, 0].max() <= 0  # descent never crosses x = 0 ...
    assert heavy.points[:, 0].max() > 1  # ... momentum 0.9 goes 1 past it, from x0 = -2.5
    arrived = [t.converged_at(tol=1e-5, step_tol=1e-7) for t in (gd, heavy, light)]
    assert arrived[2] < arrived[0] and arrived[1] is None


def test_resource_dir_in_a_checkout():
    assert resources.resource_dir() == REPO / "resources"
    assert resources.examples() == EXAMPLES


def test_resource_dir_override(tmp_path, monkeypatch):
    (tmp_path / "examples").mkdir()
    monkeypatch.setenv("GRADVIZ_RESOURCES", str(tmp_path))
    assert resources.resource_dir() == tmp_path
    assert resources.examples() == []


def test_resource_dir_in_a_pyinstaller_bundle(tmp_path, monkeypatch):
    (tmp_path / "resources" / "examples").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_dir() == tmp_path / "resources"


def test_resource_dir_of_an_installed_wheel(tmp_path, monkeypatch):
    """Installed from a wheel: resources/ is not beside the package but under the prefix."""
    share = tmp_path / "share" / "gradviz" / "resources" / "examples"
    share.mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "site" / "gradviz" / "x.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    assert resources.resource_dir() == share.parent


def test_the_wheel_ships_the_examples():
    """pyproject's data-files list every example, so an installed gradviz finds them."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    data_files = config["tool"]["setuptools"]["data-files"]
    patterns = data_files["share/gradviz/resources/examples"]
    shipped = {p for pattern in patterns for p in REPO.glob(pattern)}
    assert set(EXAMPLES) <= shipped



def test_house_prices_crawl_unscaled_and_arrive_scaled():
    from gradviz.engine import regression_mode as rm

    session = _example("6-house-prices-scaling")
    assert session.mode == "regression" and not session.regression.scaled
    gd, adam = _runs(session)
    # the slope is found within 20 steps, the intercept hardly moves (best: 7.34)
    assert gd.points[20][0] == pytest.approx(3.44, abs=0.01)
    assert abs(gd.points[-1][1]) < 0.05
    assert adam.points[-1][1] > 3 * gd.points[-1][1]
    scaled = rm.with_scaling(session, True)
    gd_scaled, _ = _runs(scaled)
    assert scaled.panels[0].hyper["lr"] == 0.1      # 0.2 / lambda_max, lambda_max = 2
    assert gd_scaled.points[100] == pytest.approx((152.72, 412.93), abs=0.01)
