"""Trajectory data export: one CSV row per panel and step, every per-step value, checked against
hand-computed steps."""

import csv
import io
import json
import math

import pytest

from gradviz.engine import export
from gradviz.engine.session import PanelConfig, Session

SESSION = Session(text="x^2 + y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(1.0, 2.0),
                  panels=(PanelConfig("gd", {"lr": 0.1}),
                          PanelConfig("momentum", {"lr": 0.1, "momentum": 0.5})),
                  steps=4)


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_panel_and_step():
    rows = _rows(export.to_csv(SESSION))
    assert len(rows) == 2 * (4 + 1)
    assert [(r["panel"], r["optimizer"], r["step"]) for r in rows[:6]] == [
        ("1", "gd", "0"), ("1", "gd", "1"), ("1", "gd", "2"), ("1", "gd", "3"), ("1", "gd", "4"),
        ("2", "momentum", "0")]


def test_csv_values_by_hand():
    rows = _rows(export.to_csv(SESSION))
    first = rows[0]
    # f(1, 2) = 1 + 4 = 5; grad = (2x, 2y) = (2, 4), |grad| = sqrt(20); step -lr*grad
    assert float(first["x"]) == 1 and float(first["y"]) == 2 and float(first["f"]) == 5
    assert (float(first["dfdx"]), float(first["dfdy"])) == (2, 4)
    assert float(first["grad_norm"]) == pytest.approx(math.sqrt(20))
    assert (float(first["update_x"]), float(first["update_y"])) == pytest.approx((-0.2, -0.4))
    # gd: p1 = p0 - 0.1 * 2 p0 = 0.8 p0
    assert (float(rows[1]["x"]), float(rows[1]["y"])) == pytest.approx((0.8, 1.6))
    assert rows[4]["update_x"] == "" and rows[4]["update_y"] == ""  # nothing leaves the last
    assert rows[0]["momentum_buffer_x"] == ""  # gd has no momentum buffer
    # momentum 0.5: b1 = g0 = (2, 4), p1 = (0.8, 1.6); g1 = (1.6, 3.2), b2 = 0.5 b1 + g1
    m1, m2 = rows[6], rows[7]
    assert (float(m1["momentum_buffer_x"]), float(m1["momentum_buffer_y"])) == (2, 4)
    assert int(m1["count"]) == 1
    assert (float(m2["momentum_buffer_x"]), float(m2["momentum_buffer_y"])) == pytest.approx(
        (0.5 * 2 + 1.6, 0.5 * 4 + 3.2))
    assert (float(m2["x"]), float(m2["y"])) == pytest.approx((0.8 - 0.1 * 2.6, 1.6 - 0.1 * 5.2))


def test_csv_step_range():
    rows = _rows(export.to_csv(SESSION, first=2, last=3))
    assert [(r["panel"], r["step"]) for r in rows] == [("1", "2"), ("1", "3"), ("2", "2"),
                                                       ("2", "3")]
    with pytest.raises(ValueError, match="outside the run"):
        export.to_csv(SESSION, first=0, last=5)


def test_json_columns_and_session():
    data = json.loads(export.to_json(SESSION, first=1, last=4))
    assert data["format"] == "gradviz-trajectories" and data["session"]["steps"] == 4
    gd, momentum = data["panels"]
    assert gd["hyper"] == {"lr": 0.1, "weight_decay": 0.0}
    assert gd["steps"] == [1, 2, 3, 4]
    assert gd["columns"]["x"] == pytest.approx([0.8, 0.64, 0.512, 0.4096])
    assert gd["columns"]["update_x"][-1] is None  # JSON has no NaN: null
    assert momentum["columns"]["momentum_buffer_y"][0] == 4
    assert gd["diverged_at"] is None


def test_diverged_values_are_written_honestly():
    blowup = SESSION.replace(text="x^4 + y^4", start=(10.0, 10.0), steps=6,
                             panels=(PanelConfig("gd", {"lr": 1.0}),))
    rows = _rows(export.to_csv(blowup))
    assert any(r["f"] in ("inf", "nan") for r in rows)
    data = json.loads(export.to_json(blowup))  # strict JSON: no NaN or Infinity tokens
    assert data["panels"][0]["diverged_at"] is not None
