"""Session files: save then open reproduces a session field for field; every kind of broken file
gives one message naming the problem."""

import dataclasses
import json

import pytest

from gradviz.engine import session as sessions
from gradviz.engine import session_io as io
from gradviz.engine.session import DisplayConfig, PanelConfig, Session

FULL = Session(
    text="a*x^2 + b*sin(y)", domain=((-4.0, 2.5), (-1.0, 3.0)), start=(0.5, -0.25),
    panels=(PanelConfig("nesterov", {"lr": 0.03, "momentum": 0.8}),
            PanelConfig("adam", {"lr": 0.2, "betas": (0.8, 0.99), "amsgrad": True}),
            PanelConfig("rmsprop", {"lr": 0.01, "centered": True})),
    params={"a": 2.5, "b": -1.0}, steps=321, preset=None,
    display=DisplayConfig(contours=False, arrows=True, arrow_density=33, normalise=True,
                          minima=False, scale="log"),
    current_step=123, view=((-1.0, 1.0), (0.0, 0.5)), title="A title", description="Ünïcode ² ok")


def _good():
    """A valid file's decoded JSON, to break one field at a time."""
    return json.loads(io.to_json(FULL))


def test_save_then_open_reproduces_every_field(tmp_path):
    path = tmp_path / "s.gradviz.json"
    io.save(FULL, path)
    loaded = io.load(path)
    for spec in dataclasses.fields(Session):
        assert getattr(loaded, spec.name) == getattr(FULL, spec.name), spec.name
    assert loaded == FULL
    assert [p.name for p in tmp_path.iterdir()] == ["s.gradviz.json"]  # no temporary left


def test_default_session_round_trips():
    session = sessions.default_session()
    assert io.from_json(io.to_json(session)) == session


def test_file_starts_with_format_version_title():
    data = json.loads(io.to_json(FULL))
    assert list(data)[:4] == ["format", "version", "title", "description"]
    assert data["format"] == "gradviz-session" and data["version"] == 1
    assert data["domain"] == [[-4.0, 2.5], [-1.0, 3.0]]
    assert data["panels"][1] == {"optimizer": "adam",
                                 "hyper": {"lr": 0.2, "betas": [0.8, 0.99], "amsgrad": True}}
    assert '"domain": [[-4.0, 2.5], [-1.0, 3.0]]' in io.to_json(FULL)  # short lists: one line


def test_fields_with_defaults_may_be_left_out():
    data = {"format": "gradviz-session", "version": 1, "text": "x^2 + y^2",
            "domain": [[-1, 1], [-2, 2]], "start": [0.5, 0.5],
            "panels": [{"optimizer": "gd"}], "display": {"scale": "linear"}}
    session = io.from_dict(data)
    assert session.panels == (PanelConfig("gd", {}),)
    assert session.steps == sessions.DEFAULT_STEPS and session.current_step == 0
    assert session.display == DisplayConfig(scale="linear")
    assert session.domain == ((-1.0, 1.0), (-2.0, 2.0)) and session.view is None


def test_params_become_the_functions_own():
    data = _good()
    data["params"] = {"a": 3}  # b left out: the parser's default, 1.0
    assert io.from_dict(data).params == {"a": 3.0, "b": 1.0}


def test_every_field_has_a_validator():
    """A new field needs one line in session_io's tables (bool fields are read as bools)."""
    for cls, table in ((Session, io.SESSION_FIELDS), (DisplayConfig, io.DISPLAY_FIELDS),
                       (PanelConfig, io.PANEL_FIELDS)):
        for spec in dataclasses.fields(cls):
            assert spec.name in table or isinstance(spec.default, bool), (
                f"add a line for {cls.__name__}.{spec.name} to gradviz/engine/session_io.py")


def _set(path, value):
    def change(data):
        *parents, last = path
        target = data
        for key in parents:
            target = target[key]
        target[last] = value
    return change


def _drop(key):
    def change(data):
        del data[key]
    return change


BROKEN = {
    "wrong format": (_set(["format"], "something-else"), 'must be "gradviz-session"'),
    "no format": (_drop("format"), "not a gradviz session"),
    "newer version": (_set(["version"], 2), "unsupported session version 2"),
    "version as text": (_set(["version"], "1"), '"version" must be a whole number'),
    "missing text": (_drop("text"), 'missing field "text"'),
    "missing panels": (_drop("panels"), 'missing field "panels"'),
    "unknown field": (_set(["colour"], "red"), 'unknown field "colour"'),
    "unknown display field": (_set(["display", "sparkle"], True),
                              'display: unknown field "sparkle"'),
    "text not text": (_set(["text"], 42), "text: expected text, not 42"),
    "text too long": (_set(["text"], "x+" * 600 + "y"), "text: text too long (1201 characters"),
    "text does not parse": (_set(["text"], "sin(x +* y)"), "text: the function cannot be read"),
    "steps as text": (_set(["steps"], "many"), 'steps: expected a whole number, not "many"'),
    "steps fractional": (_set(["steps"], 10.5), "steps: expected a whole number"),
    "steps huge": (_set(["steps"], 10**9), "steps: 1000000000 is out of range (1 to 10000)"),
    "steps zero": (_set(["steps"], 0), "steps: 0 is out of range"),
    "current step beyond": (_set(["current_step"], 400), "current_step: 400 is beyond"),
    "bool as number": (_set(["steps"], True), "steps: expected a whole number, not true"),
    "display bool wrong": (_set(["display", "contours"], "yes"),
                           'display.contours: expected true or false, not "yes"'),
    "display scale": (_set(["display", "scale"], "cubic"), 'display.scale: "cubic" is not one'),
    "arrow density": (_set(["display", "arrow_density"], 10**6),
                      "display.arrow_density: 1000000 is out of range"),
    "domain empty": (_set(["domain", 0], [2, 2]), "domain.x: empty range (from 2 to 2)"),
    "domain inverted": (_set(["domain", 1], [3, -3]), "domain.y: inverted range"),
    "domain shape": (_set(["domain"], [1, 2, 3]), "domain: expected a list of two values"),
    "domain huge": (_set(["domain", 0, 1], 1e300), "domain.x.max: 1e+300 is out of range"),
    "start text": (_set(["start", 1], "0"), 'start.y: expected a number, not "0"'),
    "view inverted": (_set(["view", 0], [1, -1]), "view.x: inverted range"),
    "no panels": (_set(["panels"], []), "panels: 0 panels; a session has 1 to 4"),
    "too many panels": (_set(["panels"], [{"optimizer": "gd"}] * 5), "panels: 5 panels"),
    "panels not a list": (_set(["panels"], {"optimizer": "gd"}),
                          "panels: expected a list of panels"),
    "panel not an object": (_set(["panels", 0], "gd"), "panels[0]: expected an object"),
    "unknown optimizer": (_set(["panels", 1, "optimizer"], "sgdx"),
                          'panels[1].optimizer: unknown optimizer "sgdx" (valid: gd,'),
    "unknown hyperparameter": (_set(["panels", 0, "hyper", "warp"], 1.0),
                               'panels[0].hyper: nesterov has no hyperparameter "warp"'),
    "hyperparameter type": (_set(["panels", 1, "hyper", "amsgrad"], 1),
                            "panels[1].hyper.amsgrad: expected true or false, not 1"),
    "hyperparameter text": (_set(["panels", 0, "hyper", "lr"], "fast"),
                            'panels[0].hyper.lr: expected a number, not "fast"'),
    "hyperparameter range": (_set(["panels", 0, "hyper", "lr"], -0.1),
                             "panels[0].hyper: Invalid lr value: -0.1"),
    "betas too short": (_set(["panels", 1, "hyper", "betas"], [0.9]),
                        "panels[1].hyper.betas: expected a list of 2 numbers"),
    "beta out of range": (_set(["panels", 1, "hyper", "betas"], [0.9, 1.5]),
                          "panels[1].hyper: Invalid beta parameter at index 1"),
    "param name": (_set(["params", "not a name"], 1.0), '"not a name" is not a parameter name'),
    "param unknown": (_set(["params", "zz"], 1.0), 'params: "zz" is not a parameter'),
    "param text": (_set(["params", "a"], "2"), 'params.a: expected a number, not "2"'),
    "too many params": (_set(["params"], {f"p{i}": 1.0 for i in range(40)}),
                        "params: too many parameters (40; at most 32)"),
    "unknown preset": (_set(["preset"], "everest"), 'preset: "everest" is not one of'),
    "title too long": (_set(["title"], "t" * 300), "title: text too long"),
    "top level list": (lambda data: [data], "expected a JSON object, found a list"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_session_names_the_problem(case):
    change, expected = BROKEN[case]
    data = _good()
    replaced = change(data)  # None, or a whole new document
    data = data if replaced is None else replaced
    with pytest.raises(io.SessionError) as caught:
        io.from_json(json.dumps(data))
    message = caught.value.message
    assert expected in message
    assert "\n" not in message and "Traceback" not in message


RAW = {
    "empty": (b"", "the file is empty"),
    "only spaces": (b"  \n", "the file is empty"),
    "not json": (b"hello", "not valid JSON: Expecting value at line 1, column 1"),
    "truncated": (io.to_json(FULL)[:200].encode(), "the file ends too early (truncated?)"),
    "trailing garbage": (io.to_json(FULL).encode() + b"}", "not valid JSON: Extra data"),
    "binary": (bytes(range(256)), "not UTF-8 text"),
    "NaN": (io.to_json(FULL).replace('"steps": 321', '"steps": NaN').encode(),
            "NaN is not a number gradviz accepts"),
    "Infinity": (io.to_json(FULL).replace("0.03", "-Infinity").encode(),
                 "-Infinity is not a number"),
    "overflowing float": (io.to_json(FULL).replace("0.03", "1e999").encode(),
                          "the number 1e999 is too large"),
    "enormous integer": (io.to_json(FULL).replace("321", "9" * 5000).encode(),
                         "is too large"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "nested 100000 deep (at most 64)"),
    "duplicate key": (io.to_json(FULL).replace('"steps": 321', '"steps": 321, "steps": 5')
                      .encode(), 'the field "steps" appears twice'),
}


@pytest.mark.parametrize("case", sorted(RAW))
def test_broken_bytes_name_the_problem(case):
    data, expected = RAW[case]
    with pytest.raises(io.SessionError) as caught:
        io.from_bytes(data)
    assert expected in caught.value.message


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.gradviz.json"
    path.write_bytes(b" " * (io.MAX_FILE_BYTES + 1))
    with pytest.raises(io.SessionError, match=r"^cannot read the file: it is too large \(1,000,001 bytes; at most 1,000,000\)$"):
        io.load(path)
    with pytest.raises(io.SessionError, match=r"\(1,000,001 bytes; at most 1,000,000\)$"):
        io.from_bytes(b" " * (io.MAX_FILE_BYTES + 1))


def test_missing_file(tmp_path):
    with pytest.raises(io.SessionError, match="cannot read the file: No such file"):
        io.load(tmp_path / "nothing.gradviz.json")


def test_a_byte_order_mark_is_accepted():
    assert io.from_bytes(b"\xef\xbb\xbf" + io.to_json(FULL).encode()) == FULL


def test_saving_never_writes_nan():
    with pytest.raises(ValueError):
        io.to_json(FULL.replace(start=(float("nan"), 0.0)))
