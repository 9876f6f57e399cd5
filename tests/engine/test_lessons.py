"""Lesson files: the shipped lessons load and every scene runs; broken and hostile files are
refused with one line naming the field; a scene's changes merge into the scene before."""

import copy
import json
import os
import re
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from gradviz import resources
from gradviz.engine import lessons
from gradviz.engine.lesson_io import MAX_DEPTH, MAX_FILE_BYTES
from gradviz.engine.lessons import HIGHLIGHTS, LessonError
from gradviz.engine.presets import PRESETS
from gradviz.engine.scene import compute_runs, objective_for

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "resources" / "lessons").glob("*.gradviz-lesson.json"),
                 key=lambda p: int(p.name.partition("-")[0]))   # 2 before 10
SENTENCE_END = re.compile(r"[.?!](?=\s+[A-Z(−∇|])|[.?!]$")


def sentences(text):
    return len(SENTENCE_END.findall(text.strip()))


# --- the shipped lessons ------------------------------------------------------------------------


def test_at_least_eight_lessons_ship_and_are_found():
    assert len(SHIPPED) >= 8
    assert lessons.shipped() == SHIPPED
    assert [lessons.read_title(p) for p in SHIPPED] == [lessons.load(p).title for p in SHIPPED]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_scene_of_a_shipped_lesson_builds_and_runs(path):
    lesson = lessons.load(path)
    assert 4 <= len(lesson.scenes) <= 8
    assert 10 <= len(lesson.title) <= 60 and lesson.summary
    for i, scene in enumerate(lesson.scenes):
        where = f"scene {i}"
        session = scene.session
        assert 1 <= sentences(scene.narration) <= 3, f"{where}: {scene.narration!r}"
        if session.preset is not None and session.mode == "function":
            assert session.text == PRESETS[session.preset].expression, where
        runs = [r.trajectory for r in compute_runs(objective_for(session), session)]
        assert all(np.allclose(t.points[0], session.start) for t in runs), where
        if scene.play is not None:
            assert scene.play.start == session.current_step, f"{where}: play starts elsewhere"
        if scene.question is not None and scene.question.kind == "point":
            assert np.all(np.isfinite(lessons.answer_point(scene))), where
        if scene.question is not None and scene.question.kind == "choice":
            assert scene.question.explanation, where


def test_shipped_lessons_extend_the_example_sessions():
    """The examples stay: each still opens (test_examples.py checks their numbers)."""
    examples = resources.examples()
    assert len(examples) == 6
    titles = {lessons.load(p).title for p in SHIPPED}
    assert {"What a gradient is", "Choosing a learning rate", "A saddle point"} <= titles


def test_the_wheel_and_the_bundle_ship_the_lessons():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["data-files"]["share/gradviz/resources/lessons"]
    assert set(SHIPPED) <= {p for pattern in patterns for p in REPO.glob(pattern)}
    spec = (REPO / "packaging" / "gradviz.spec").read_text()
    assert 'rglob("*")' in spec            # the spec takes resources/ whole, lessons included


def test_lessons_are_found_in_a_pyinstaller_bundle(tmp_path, monkeypatch):
    folder = tmp_path / "resources" / "lessons"
    (tmp_path / "resources" / "examples").mkdir(parents=True)
    folder.mkdir()
    (folder / "1-a.gradviz-lesson.json").write_text("{}")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert lessons.shipped() == [folder / "1-a.gradviz-lesson.json"]


# --- the format -----------------------------------------------------------------------------------


def small():
    """A valid two-scene lesson as a JSON object."""
    return {
        "format": "gradviz-lesson", "version": 1, "title": "A bowl", "summary": "",
        "scenes": [
            {"session": {"text": "x^2 + 10*y^2", "domain": [[-3, 3], [-3, 3]],
                         "start": [-2.5, 1.5], "panels": [{"optimizer": "gd", "hyper": {"lr": 0.02}}],
                         "steps": 60, "display": {"arrows": False}},
             "narration": "A bowl.", "highlight": ["probe", "slices"]},
            {"changes": {"display": {"contours": False},
                         "panels": [{"optimizer": "adam", "hyper": {"lr": 0.1}}]},
             "narration": "Adam now.", "play": {"from": 0, "to": 60, "speed": 10},
             "question": {"kind": "point", "prompt": "Where?", "reveal_step": 50}},
        ],
    }


def test_changes_merge_display_and_replace_panels():
    lesson = lessons.from_dict(small())
    first, second = (scene.session for scene in lesson.scenes)
    assert first.display.arrows is False and first.display.contours is True
    assert second.display.arrows is False and second.display.contours is False   # merged
    assert [p.optimizer for p in second.panels] == ["adam"]                      # replaced
    assert second.text == first.text and second.steps == 60                     # kept
    assert lesson.scenes[1].play == lessons.Play(0, 60, 10.0)
    assert lesson.scenes[1].question == lessons.Question("point", "Where?", 50, 0)
    assert lesson.scenes[0].highlight == ("probe", "slices")


def test_a_scene_names_the_inspected_panel_and_the_backprop_pass():
    data = small()
    data["scenes"][0]["session"]["panels"].append({"optimizer": "adam"})
    data["scenes"][0].update(inspect=1, backprop="backward")
    first, second = lessons.from_dict(data).scenes
    assert (first.inspect, first.backprop) == (1, "backward")
    assert (second.inspect, second.backprop) == (None, None)   # not carried to the next


def test_a_point_question_is_answered_by_its_panels_run():
    scene = lessons.from_dict(small()).scenes[1]
    run = compute_runs(objective_for(scene.session), scene.session)[0].trajectory
    assert lessons.answer_point(scene) == tuple(run.points[50])


def _refused(data):
    with pytest.raises(LessonError) as caught:
        lessons.from_json(json.dumps(data) if not isinstance(data, str) else data)
    message = caught.value.message
    assert "\n" not in message and "Traceback" not in message
    return message


def _changed(path, value):
    data = copy.deepcopy(small())
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize("path, value, expected", [
    (("format",), "gradviz-session", 'not a gradviz lesson: "format" must be "gradviz-lesson"'),
    (("version",), 2, "unsupported lesson version 2: this gradviz reads version 1 (written by a newer"),
    (("version",), "1", '"version" must be a whole number, not "1"'),
    (("title",), KeyError, 'missing field "title"'),
    (("title",), " ", "title: must not be empty"),
    (("colour",), "red", 'unknown field "colour"'),
    (("scenes",), [], "scenes: expected a list of 1 to 20 scenes"),
    (("scenes", 0, "narration"), 7, "scenes[0].narration: expected text, not 7"),
    (("scenes", 0, "narration"), "x" * 601, "scenes[0].narration: text too long (601 characters"),
    (("scenes", 0, "highlight"), ["probe", "grad_arow"],
     'scenes[0].highlight[1]: "grad_arow" is not a highlight (valid: landscape,'),
    (("scenes", 0, "highlight"), ["probe", "probe"], "scenes[0].highlight: a name appears twice"),
    (("scenes", 0, "session", "steps"), 0, "scenes[0]: steps: 0 is out of range (1 to 10000)"),
    (("scenes", 0, "session", "text"), "__import__('os').system('x')",
     "scenes[0]: text: the function cannot be read"),
    (("scenes", 1, "changes", "panels"), [{"optimizer": "sgdx"}],
     'scenes[1]: panels[0].optimizer: unknown optimizer "sgdx"'),
    (("scenes", 1, "changes"), [1], "scenes[1].changes: expected an object of session fields"),
    (("scenes", 1, "session"), {}, 'scenes[1]: give either "session" (a whole session) or '
     '"changes" (to the scene before), not both'),
    (("scenes", 1, "play", "to"), 61, "scenes[1].play.to: 61 is out of range (0 to 60)"),
    (("scenes", 1, "play", "from"), 61, "scenes[1].play.from: 61 is out of range (0 to 60)"),
    (("scenes", 1, "play", "speed"), 0, "scenes[1].play.speed: expected 1 to 500 steps a second"),
    (("scenes", 1, "play", "loop"), True, 'scenes[1].play: unknown field "loop"'),
    (("scenes", 1, "question", "kind"), "essay", 'scenes[1].question.kind: "essay" is not one of'),
    (("scenes", 1, "question", "reveal_step"), KeyError,
     "scenes[1].question.reveal_step: expected a whole number, not null"),
    (("scenes", 1, "question", "panel"), 1, "scenes[1].question.panel: 1 is out of range (0 to 0)"),
    (("scenes", 1, "question", "answer"), 0, "scenes[1].question.answer: a point question has none"),
    (("scenes", 1, "inspect"), 1, "scenes[1].inspect: 1 is out of range (0 to 0)"),
    (("scenes", 1, "inspect"), "adam", 'scenes[1].inspect: expected a whole number, not "adam"'),
    (("scenes", 0, "backprop"), "sideways",
     'scenes[0].backprop: "sideways" is not one of forward, backward, gradient'),
    (("scenes", 0, "events"), ["overshot"],
     'scenes[0].events[0]: "overshot" is not a kind of event (valid: overshoot, divergence,'),
    (("scenes", 0, "events"), ["bias", "bias"], "scenes[0].events: a kind appears twice"),
    (("scenes", 0, "events"), "bias", 'scenes[0].events: expected a list of at most 6 kinds'),
])
def test_a_broken_lesson_gets_one_line_naming_the_field(path, value, expected):
    assert _refused(_changed(path, value)).startswith(expected)


def test_the_first_scene_needs_a_whole_session():
    data = small()
    data["scenes"] = data["scenes"][1:]
    assert _refused(data) == 'scenes[0].changes: the first scene needs a whole "session"'


@pytest.mark.parametrize("question, expected", [
    ({"kind": "choice", "prompt": "Which?", "options": ["a"], "answer": 0, "explanation": "e"},
     "scenes[0].question.options: expected a list of 2 to 6 options"),
    ({"kind": "choice", "prompt": "Which?", "options": ["a", "b"], "answer": 2, "explanation": "e"},
     "scenes[0].question.answer: 2 is out of range (0 to 1)"),
    ({"kind": "choice", "prompt": "Which?", "options": ["a", "b"], "answer": 1},
     "scenes[0].question.explanation: a choice question needs one"),
    ({"kind": "choice", "prompt": "", "options": ["a", "b"], "answer": 1, "explanation": "e"},
     "scenes[0].question.prompt: must not be empty"),
])
def test_a_broken_choice_question_is_named(question, expected):
    data = small()
    data["scenes"][0]["question"] = question
    assert _refused(data).startswith(expected)


@pytest.mark.parametrize("text, expected", [
    ("", "the file is empty"),
    ("{", "the file ends too early (truncated?) at line 1"),
    ('{"title": NaN}', "not valid JSON for a lesson: NaN is not a number"),
    ('{"title": 1e999}', "the number 1e999 is too large"),
    ('{"title": 1, "title": 2}', 'the field "title" appears twice in one object'),
    ("[" * 13 + "]" * 13, "not a lesson file: the JSON is nested 13 deep (at most 12)"),
    ("[" * 100000, "not a lesson file: the JSON is nested 100000 deep (at most 12)"),
    ('"a lesson"', "expected an object {...}, not \"a lesson\""),
])
def test_hostile_json_is_refused_before_anything_is_built(text, expected):
    assert _refused(text).startswith(expected)
    assert MAX_DEPTH == 12


def test_brackets_inside_text_do_not_count_as_nesting():
    data = small()
    data["summary"] = "[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{ \\\" ["
    assert lessons.from_dict(json.loads(json.dumps(data))).summary.startswith("[[[[")
    assert lessons.from_json(json.dumps(data)).summary == data["summary"]


def test_files_too_large_not_utf8_or_not_regular_are_refused(tmp_path):
    big = tmp_path / "big.gradviz-lesson.json"
    big.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(LessonError, match=r"it is too large \(512,001 bytes; at most 512,000\)"):
        lessons.load(big)
    latin = tmp_path / "latin.gradviz-lesson.json"
    latin.write_bytes('{"title": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(LessonError, match="not UTF-8 text"):
        lessons.load(latin)
    with pytest.raises(LessonError, match="not a regular file"):
        lessons.load(tmp_path)
    with pytest.raises(LessonError, match="cannot read the file"):
        lessons.load(tmp_path / "missing.gradviz-lesson.json")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.gradviz-lesson.json"
    os.mkfifo(fifo)
    with pytest.raises(LessonError, match="not a regular file"):
        lessons.load(fifo)


def test_a_lesson_file_round_trip(tmp_path):
    path = tmp_path / "1-bowl.gradviz-lesson.json"
    path.write_text(json.dumps(small(), ensure_ascii=False), encoding="utf-8")
    assert lessons.load(path) == lessons.from_dict(small())
    assert lessons.read_title(path) == "A bowl"


def test_the_highlight_list_is_documented():
    doc = (REPO / "docs" / "lesson-format.md").read_text(encoding="utf-8")
    for name in HIGHLIGHTS:
        assert f"`{name}`" in doc


def test_a_field_name_never_reaches_the_terminal_raw():
    text = '{"title": "t", "\\u001b[2J": 1, "\\u001b[2J": 2}'
    with pytest.raises(LessonError) as caught:
        lessons.from_json(text)
    assert "\x1b" not in caught.value.message and "\\u001b[2J" in caught.value.message
