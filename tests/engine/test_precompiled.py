"""Precompiled presets: the stored table is what the compiler makes today, a preset parsed from
it is bit for bit the compiled one, and gradviz opens on a preset without importing sympy."""

import json

import numpy as np
import pytest

from gradviz.engine import precompiled
from gradviz.engine.builder import build
from gradviz.engine.expression import parse_expression
from gradviz.engine.objective import Objective
from gradviz.engine.presets import PRESETS


def test_stored_table_matches_the_compiler():
    fresh = precompiled.table()
    assert set(fresh) == {p.expression for p in PRESETS.values()}
    stored = precompiled.DATA_FILE.read_text(encoding="utf-8")
    assert stored == precompiled.source(fresh), (
        "gradviz/engine/precompiled_data.py is out of date: run "
        "python -m gradviz.engine.precompiled")


@pytest.mark.parametrize("key", PRESETS)
def test_a_preset_from_the_table_is_the_compiled_one(key):
    text = PRESETS[key].expression
    stored = parse_expression(text)
    assert isinstance(stored._compiled, precompiled.Precompiled)
    compiled = Objective(text, *build(text))
    assert stored.text == compiled.text and stored.parameters == compiled.parameters == ()
    assert stored.gradient_text == compiled.gradient_text
    (x0, x1), (y0, y1) = PRESETS[key].domain
    x, y = np.meshgrid(np.linspace(x0, x1, 37), np.linspace(y0, y1, 23))
    for a, b in zip(stored.value_and_gradient(x, y), compiled.value_and_gradient(x, y)):
        assert np.array_equal(a, b, equal_nan=True)
    assert np.array_equal(stored.value(x, y), compiled.value(x, y), equal_nan=True)
    for a, b in zip(stored.gradient(x, y), compiled.gradient(x, y)):
        assert np.array_equal(a, b, equal_nan=True)   # Ackley: 0 / 0 at its tip
    assert stored.scalar_value_and_gradient()(0.25, -0.5) == \
        compiled.scalar_value_and_gradient()(0.25, -0.5)
    assert stored.expr == compiled.expr                    # built on demand, with sympy
    assert stored.gradient_expr == compiled.gradient_expr
    assert stored.text_of_value == compiled.text_of_value


def test_other_texts_are_parsed():
    spaced = PRESETS["rosenbrock"].expression.replace(" ", "")   # not the stored text: parsed
    f = parse_expression(spaced)
    assert not isinstance(f._compiled, precompiled.Precompiled)
    assert f.value(1.0, 1.0) == 0.0


STARTUP = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from gradviz.gui.app import create_window
app, window = create_window()
window.resize(1280, 720)
window.show()
window.controller.load()
app.processEvents()
loaded = window.controller.landscape is not None and len(window.controller.runs) == 2
print(json.dumps({"loaded": loaded, "sympy": sorted(m for m in sys.modules
                                                    if m == "sympy" or m.startswith("sympy."))}))
"""


def test_the_window_opens_on_the_default_preset_without_sympy(fresh_python):
    # importing sympy is about a quarter of the start-up: it waits for the first typed function
    result = fresh_python("-c", STARTUP)
    assert result.returncode == 0, result.stderr   # no crash at exit either (README: Clean exits)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["loaded"]
    assert report["sympy"] == [], "something on the start-up path imports sympy"
