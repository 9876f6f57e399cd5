"""The display options of the ideas (flow, curvature, houses, backprop dock) in session files:
written only when set, read back as written, a wrong value one clear message."""

import dataclasses

import pytest

from gradviz.engine import session as sessions
from gradviz.engine import session_io as io
from gradviz.engine.session_fields import SessionError

NEW = ("flow", "curvature", "house_arrows", "residuals", "residual_squares", "backprop_at",
       "backprop_house")


def test_a_session_at_the_defaults_does_not_name_them():
    text = io.to_json(sessions.default_session())
    assert not any(f'"{key}"' in text for key in NEW)


def test_each_set_option_is_written_and_read_back():
    display = dataclasses.replace(sessions.DisplayConfig(), flow=True, curvature=True,
                                  house_arrows=False, residuals=False, residual_squares=True,
                                  backprop_at="panel", backprop_house=7)
    session = sessions.default_session().replace(display=display)
    text = io.to_json(session)
    assert all(f'"{key}"' in text for key in NEW)
    assert io.from_json(text).display == display


@pytest.mark.parametrize("key, value, words", [
    ("backprop_at", "mouse", '"mouse" is not one of probe, panel'),
    ("backprop_house", -1, "-1 is out of range"),
    ("flow", "yes", "expected true or false")])
def test_a_wrong_value_is_one_message(key, value, words):
    import json

    data = io.to_dict(sessions.default_session())
    data["display"][key] = value
    with pytest.raises(SessionError, match=words):
        io.from_json(json.dumps(data))
