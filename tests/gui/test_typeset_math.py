"""Formulas as mathematics: f and its gradient in the editor, the update rules and the hatted
rows of the inspector, typeset off the GUI thread; plain text meanwhile."""

import threading

import pytest

from gradviz.engine.expression import parse_expression
from gradviz.engine.inspect import inspect
from gradviz.engine.trajectory import run
from gradviz.gui.views import math_view


@pytest.fixture
def editor(qtbot):
    from gradviz.gui.panels.expression import ExpressionEditor

    widget = ExpressionEditor()
    qtbot.addWidget(widget)
    widget.resize(360, 300)
    widget.show()
    return widget


def test_the_editor_typesets_f_and_its_gradient_off_the_gui_thread(editor, qtbot, monkeypatch):
    threads = []
    real = math_view.svg_of
    monkeypatch.setattr(math_view, "svg_of", lambda *a: threads.append(
        threading.current_thread() is threading.main_thread()) or real(*a))
    editor.set_objective(parse_expression("(1-x)^2 + 100*(y-x^2)^2 + 0.5*b", {"b": 2.0}))
    labels = (editor.f_label, editor.dfdx_label, editor.dfdy_label)
    # at once: the plain text (what is there until the typesetter is done)
    assert editor.dfdx_label.plain_text() == "∂f/∂x = -400*x*(-x^2 + y) + 2*x - 2"
    assert editor.f_label.plain_text() == "f(x, y) = (1-x)^2 + 100*(y-x^2)^2 + 0.5*b"
    qtbot.waitUntil(lambda: all(label.is_typeset() for label in labels), timeout=20000)
    assert threads and not any(threads)          # never typeset on the GUI thread
    for label in labels:
        pix = label.pixmap()
        assert not pix.isNull() and label.toolTip() == label.plain_text()
    # a fraction (∂f over ∂x) stands taller than a line of text
    assert editor.dfdx_label.pixmap().height() / editor.dfdx_label.pixmap().devicePixelRatio() \
        > 1.6 * editor.dfdx_label.fontMetrics().height()


def test_f_and_its_gradient_turn_typeset_together_never_half_and_half(editor, qtbot,
                                                                      monkeypatch):
    """Typeset newest first, the block was seen half typeset, half plain (live, while
    typing): each now waits for the others' pictures."""
    gate, held = threading.Event(), []
    real = math_view.svg_of

    def svg_of(latex, *rest):
        if latex in held:
            gate.wait(20)
        return real(latex, *rest)

    monkeypatch.setattr(math_view, "svg_of", svg_of)
    labels = (editor.f_label, editor.dfdx_label, editor.dfdy_label)
    editor.f_label.show()
    editor.set_objective(parse_expression("x^2 + 7.25*y^3 + x*y"))
    held.append(editor.f_label.key()[0])   # before the typesetter's quiet 0.2 s is over; the
    setter = math_view.typesetter()        # last asked is typeset first, f's comes last
    qtbot.waitUntil(lambda: all(setter.svg(label.key()) is not None for label in labels[1:]),
                    timeout=20000)
    qtbot.wait(3 * math_view.POLL_MS)   # their "ready" delivered
    for label in labels:
        assert not label.is_typeset() and label.text() == label.plain_text(), label.objectName()
    gate.set()
    qtbot.waitUntil(lambda: all(label.is_typeset() for label in labels), timeout=20000)


def test_a_formula_seen_before_is_drawn_at_once(editor, qtbot):
    f = parse_expression("x^2 + 3*y^2")
    editor.set_objective(f)
    qtbot.waitUntil(lambda: editor.dfdy_label.is_typeset(), timeout=20000)
    editor.set_objective(parse_expression("x^2 + 4*y^2"))
    editor.set_objective(parse_expression("x^2 + 3*y^2"))
    qtbot.waitUntil(lambda: editor.dfdy_label.is_typeset(), timeout=20000)


def test_the_inspector_typesets_its_rules_and_keeps_the_hats(qtbot):
    from gradviz.gui.panels.inspector import Inspector

    traj = run(parse_expression("(1-x)^2 + 100*(y-x^2)^2"), "adam", (-1.0, 1.0), 10,
               record="all", lr=0.05)
    ins = Inspector()
    qtbot.addWidget(ins)
    ins.resize(420, 900)
    ins.set_panels(["Adam"], ["#E69F00"])
    ins.set_inspection(inspect(traj, 3))
    ins.show()
    rules = ins.rule_labels()
    assert [label.plain_text() for label in rules][:4] == [
        "g = ∂f/∂x", "m = β₁·m + (1−β₁)·g", "v = β₂·v + (1−β₂)·g²", "m̂ = m/(1−β₁ᵗ)"]
    hatted = ins._rows["m_hat"][0]
    assert isinstance(hatted, math_view.MathLabel) and ins.row_label("m_hat").startswith("m̂")
    qtbot.waitUntil(lambda: all(label.is_typeset() for label in rules + [hatted]), timeout=30000)
    # the next step: same rules, new numbers, nothing typeset again
    shown = [label.pixmap().cacheKey() for label in rules]
    ins.set_inspection(inspect(traj, 4))
    assert [label.pixmap().cacheKey() for label in ins.rule_labels()] == shown
    assert "0.05" in ins.formula_text()


def test_the_last_step_shows_dashes_not_nan(qtbot):
    from gradviz.gui.panels.inspector import NOT_THERE, Inspector

    traj = run(parse_expression("x^2 + y^2"), "adam", (1.0, 1.0), 5, record="all", lr=0.1)
    ins = Inspector()
    qtbot.addWidget(ins)
    ins.set_panels(["Adam"], ["#E69F00"])
    ins.set_inspection(inspect(traj, 5))
    texts = [ins.row_text(key) for key in ins._rows]
    assert ins.row_text("applied_step") == (NOT_THERE, NOT_THERE)
    assert not any("NaN" in t for pair in texts for t in pair)
    ins.set_inspection(inspect(traj, 4))
    assert NOT_THERE not in ins.row_text("applied_step")


def test_a_formula_too_wide_for_its_column_shows_wrapped_text_not_a_cut_picture(editor, qtbot):
    from gradviz.engine.presets import PRESETS

    editor.set_objective(parse_expression(PRESETS["goldstein_price"].expression))
    label = editor.dfdx_label            # a product of long sums: no place to break it
    qtbot.waitUntil(lambda: math_view.typesetter().svg(label.key()) is not None, timeout=30000)
    qtbot.wait(100)
    assert not label.is_typeset() and label.text() == label.plain_text()
    assert label.pixmap().isNull() and label.wordWrap()
    assert editor.dfdy_label.plain_text().startswith("∂f/∂y = ")


def test_the_typesetter_is_idle_only_when_nothing_waits_or_is_typeset(qtbot):
    typesetter = math_view.typesetter()
    qtbot.waitUntil(typesetter.idle, timeout=30000)
    key = (r"\frac{\partial f}{\partial x} = 17 x^{3} + \sqrt{y}", 23, "#102030")   # new
    typesetter.request(key)
    assert not typesetter.idle()
    qtbot.waitUntil(typesetter.idle, timeout=30000)
    assert typesetter.svg(key) is not None
