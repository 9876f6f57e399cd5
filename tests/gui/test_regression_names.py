"""The regression mode speaks w, b and L everywhere a function says x, y and f: the inspector's
columns, rows and update rule, the hover box, the slices (titles, axis labels, readout) and the
curves (dock title, axis titles, log boxes); the function mode says x, y, f again."""

import pytest
from gui_helpers import do, open_window
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QCheckBox

from gradviz.engine import session as sessions
from gradviz.state import intents as i

SESSION = sessions.from_preset("booth", optimizers=("gd", "momentum"), steps=120)


@pytest.fixture
def window(qtbot):
    win = open_window(qtbot, SESSION, (1600, 960))
    return win


def _hover(window, fx=0.3, fy=0.6):
    """The mouse over the first landscape, a fraction (fx, fy) across its shown range."""
    view = window.views[0]
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    point = QPointF(x0 + fx * (x1 - x0), y0 + fy * (y1 - y0))
    view.probe._on_scene_mouse_moved(view.view_box.mapViewToScene(point))
    return view


def _everything(window):
    """Every text this test is about, in one dict."""
    ins, slices, curves = window.inspector, window.slices, window.curves
    ins.select(1)                                 # the momentum panel: it has a buffer
    do(window, i.SetStep(5))
    view = _hover(window)
    return {
        "heads": ins.column_heads(),
        "grad_row": ins.row_label("grad"),
        "buffer_row": ins.row_label("momentum_buffer"),
        "formula": ins.formula_text(),
        "box": view.probe.box_text(),
        "titles": slices.titles(),
        "slopes": slices.slope_texts(),
        "slice_axes": (slices.x_plot.label_text(), slices.y_plot.label_text()),
        "slice_readout": slices.readout_text(),
        "dock": window.docks["curves"].windowTitle(),
        "curve_axes": curves.y_labels(),
        "log_boxes": (curves.checks["log_f"].text(), curves.checks["log_grad"].text()),
        "grad_box": window.controls.display.findChild(QCheckBox, "grad_arrow").text(),
        "arrows_menu": window.actions_by_name["arrows"].text(),
    }


def test_regression_mode_names_w_b_L_everywhere(window):
    do(window, i.SetMode("regression"))
    window.docks["slices"].show()                  # the data view took its place: bring it back
    t = _everything(window)
    assert t["heads"] == ("w", "b")
    assert t["grad_row"] == "\u2207L = (\u2202L/\u2202w, \u2202L/\u2202b)"
    assert t["buffer_row"] == "m, momentum buffer"
    assert "along w:" in t["formula"] and "along b:" in t["formula"]
    assert "g = \u2202L/\u2202w" in t["formula"] and "m = \u03bc\u00b7m + g" in t["formula"]
    assert "w \u2190 w \u2212 lr\u00b7m" in t["formula"] and "along x:" not in t["formula"]
    box = t["box"].splitlines()
    assert box[0].startswith("cursor (")
    assert [line.split()[0] for line in box[1::2]] == ["L", "\u2202L/\u2202w", "\u2202L/\u2202b",
                                                     "|\u2207L|"]
    assert t["titles"][0].startswith("L(w, b\u2080 = ") and t["titles"][0].endswith(") along w")
    assert t["titles"][1].startswith("L(w\u2080 = ") and t["titles"][1].endswith(", b) along b")
    assert t["slopes"][0].startswith("slope \u2202L/\u2202w = ")
    assert t["slopes"][1].startswith("slope \u2202L/\u2202b = ")
    assert t["slice_axes"][0].startswith("w\u00a0") and t["slice_axes"][1].startswith("b\u00a0")
    for name in ("L = ", "\u2202L/\u2202w = ", "\u2202L/\u2202b = ", "|\u2207L| = "):
        assert name in t["slice_readout"]
    assert t["dock"] == "L and |\u2207L| by step"
    assert t["curve_axes"] == ("L", "|\u2207L|")
    assert t["log_boxes"] == ("log L", "log |\u2207L|")
    assert t["grad_box"] == "\u2207L" and t["arrows_menu"] == "Arrows of -\u2207L (the field)"
    everything = repr(t)
    assert "\u2202f" not in everything and "\u2207f" not in everything


def test_scaled_feature_names_carry_primes(window):
    do(window, i.SetMode("regression"))
    window.controls.regression.scaled.setChecked(True)
    window.state.flush()   # the scaled loss is prepared off the GUI thread
    window.docks["slices"].show()
    t = _everything(window)
    assert t["heads"] == ("w\u2032", "b\u2032")
    assert "along w\u2032:" in t["formula"]
    assert t["titles"][0].startswith("L(w\u2032, b\u2032\u2080 = ")
    assert "\u2202L/\u2202b\u2032" in t["box"]


def test_function_mode_says_x_y_f_before_and_after(window):
    before = _everything(window)
    do(window, i.SetMode("regression"))
    window.docks["slices"].show()
    do(window, i.SetMode("function"))
    window.docks["slices"].show()
    after = _everything(window)
    for t in (before, after):
        assert t["heads"] == ("x", "y")
        assert t["grad_row"] == "\u2207f = (\u2202f/\u2202x, \u2202f/\u2202y)"
        assert t["buffer_row"] == "b, momentum buffer"
        assert "along x:" in t["formula"] and "b = \u03bc\u00b7b + g" in t["formula"]
        assert [line.split()[0] for line in t["box"].splitlines()[1::2]] == [
            "f", "\u2202f/\u2202x", "\u2202f/\u2202y", "|\u2207f|"]
        assert t["titles"][0].startswith("f(x, y\u2080 = ")
        assert t["slopes"][1].startswith("slope \u2202f/\u2202y = ")
        assert t["slice_axes"][0].startswith("x\u00a0")
        assert "|\u2207f| = " in t["slice_readout"]
        assert t["dock"] == "f and |\u2207f| by step"
        assert t["curve_axes"] == ("f", "|\u2207f|")
        assert t["log_boxes"] == ("log f", "log |\u2207f|")
        assert t["grad_box"] == "\u2207f" and t["arrows_menu"] == "Arrows of -\u2207f (the field)"


def test_tuning_help_names_the_value_it_compares(window):
    # the tune buttons' tooltips and Panels > Tune's status tip say which final value is
    # compared: L in the regression mode (also on a panel added there), f again after it
    tip = window.actions_by_name["tune"].statusTip
    assert "lowest final f" in tip()
    assert "lowest final f." in window.controls.tuners[0].button.toolTip()
    do(window, i.SetMode("regression"), i.AddPanel())
    assert "lowest final L" in tip()
    assert all("lowest final L." in t.button.toolTip() for t in window.controls.tuners)
    assert len(window.controls.tuners) == 3
    do(window, i.SetMode("function"))
    assert "lowest final f" in tip()
    assert all("lowest final f." in t.button.toolTip() for t in window.controls.tuners)
