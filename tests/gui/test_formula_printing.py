"""The gradient formulas under the function field are printed (sympy) by the job that prepares
the function, off the GUI thread; the window shows what the job printed and never prints again,
not even when the job's printing ran out of time (issue 15: sympy only off the GUI thread)."""

import threading
import time

import pytest
from gui_helpers import open_window

from gradviz.engine import symbolic
from gradviz.engine.session import PanelConfig, Session

BOWL = Session(text="x^2 + 10*y^2", domain=((-3.0, 3.0), (-3.0, 3.0)), start=(-2.5, 1.5),
               panels=(PanelConfig("gd", {"lr": 0.05}),), steps=60)


@pytest.fixture
def printing(monkeypatch):
    """Every formula printing runs out of its time (as a large one does under load); returns
    the threads printing was asked on."""
    threads = []

    def out_of_time(outputs, deadline=None):
        threads.append(threading.current_thread())
        time.sleep(max(deadline - time.monotonic(), 0.0) + 0.01)   # until past its deadline
        return tuple(symbolic.TOO_LONG for _ in outputs)

    monkeypatch.setattr(symbolic, "print_nodes", out_of_time)
    return threads


def test_a_formula_whose_printing_ran_out_of_time_is_not_printed_again_on_the_gui_thread(
        qtbot, printing):
    window = open_window(qtbot, BOWL, (1400, 860))
    field = window.controls.editor.line_edit
    field.selectAll()
    qtbot.keyClicks(field, "x^2 + 3*y^2 + sin(x)")   # no preset: its gradient is printed
    qtbot.waitUntil(lambda: window.state.session.text == "x^2 + 3*y^2 + sin(x)", timeout=20000)
    qtbot.wait(50)
    assert printing, "the job printed nothing"
    assert all(thread is not threading.main_thread() for thread in printing), printing
    editor = window.controls.editor
    assert editor.dfdx_label.plain_text() == f"∂f/∂x = {symbolic.TOO_LONG}"
    assert window.state.editor.gradient == (symbolic.TOO_LONG, symbolic.TOO_LONG)
