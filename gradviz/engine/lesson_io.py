"""Reading and checking lesson files (the format: docs/lesson-format.md; the dataclasses:
:mod:`gradviz.engine.lesson_types`; the way in: :mod:`gradviz.engine.lessons`).

Files are untrusted. Only regular files are opened (a FIFO or a device is refused before it is
read, without blocking), at most MAX_FILE_BYTES are read, JSON is nested at most MAX_DEPTH
deep (checked on the text before it is decoded), numbers must be finite, a key may not repeat,
every field is checked and an unknown one is an error, and each scene's session goes through
the session code (``session_io.from_dict``: its function parsed by the safe parser). The
first problem raises LessonError with one line naming where it is (``scenes[2].play.to``).
"""

from __future__ import annotations

from gradviz.engine import strict_json
from gradviz.engine.lesson_types import (
    BACKPROP_PASSES,
    FORMAT,
    HIGHLIGHTS,
    PLAY_SPEEDS,
    VERSION,
    Lesson,
    LessonError,
    Play,
    Question,
    Scene,
)

MAX_FILE_BYTES = 512_000      # eight scenes of a real lesson: about 10 kB
MAX_DEPTH = 12                # lesson > scenes > scene > session > regression > points > point
MAX_SCENES = 20
MAX_TITLE, MAX_SUMMARY, MAX_NARRATION = 200, 1000, 600
MAX_PROMPT, MAX_OPTION, MAX_EXPLANATION = 300, 120, 600
MAX_OPTIONS, MAX_HIGHLIGHTS = 6, 8
MERGED = ("display", "regression")
"""Session fields that a scene's "changes" merge key by key; any other field is replaced."""


def read_file(path) -> str:
    """The text of the regular file at ``path`` (UTF-8), at most MAX_FILE_BYTES."""
    return strict_json.read_text(path, MAX_FILE_BYTES, LessonError, "lesson")


def decode(text: str):
    """The JSON value of ``text``: finite numbers, unique keys, nested at most MAX_DEPTH."""
    return strict_json.decode(text, LessonError, "lesson", MAX_DEPTH)


# --- the lesson and its scenes ------------------------------------------------------------


def lesson(data) -> Lesson:
    """A checked Lesson from a decoded JSON object."""
    _fields(data, "", required=("format", "version", "title", "scenes"), optional=("summary",))
    if data["format"] != FORMAT:
        raise LessonError(f'not a gradviz lesson: "format" must be "{FORMAT}"')
    version = data["version"]
    if not _is_int(version):
        raise LessonError(f'"version" must be a whole number, not {_show(version)}')
    if version != VERSION:
        newer = " (written by a newer gradviz; update gradviz to open it)" if version > VERSION else ""
        raise LessonError(f"unsupported lesson version {version}: this gradviz reads "
                          f"version {VERSION}{newer}")
    title = _text(data["title"], "title", MAX_TITLE, empty=False)
    summary = _text(data.get("summary", ""), "summary", MAX_SUMMARY)
    scenes = data["scenes"]
    if not isinstance(scenes, list) or not 1 <= len(scenes) <= MAX_SCENES:
        raise LessonError(f"scenes: expected a list of 1 to {MAX_SCENES} scenes, not "
                          f"{_show(scenes)}")
    built, previous = [], None
    for i, raw in enumerate(scenes):
        scene, previous = _scene(raw, f"scenes[{i}]", previous)
        built.append(scene)
    return Lesson(title, summary, tuple(built))


def _scene(raw, where, previous):
    """(Scene, its session as a JSON object) from ``raw``; ``previous`` the last scene's."""
    _fields(raw, where, required=("narration",),
            optional=("session", "changes", "play", "highlight", "question", "inspect",
                      "backprop", "events"))
    if ("session" in raw) == ("changes" in raw):
        raise LessonError(f'{where}: give either "session" (a whole session) or "changes" '
                          f"(to the scene before), not {'both' if 'session' in raw else 'neither'}")
    if "changes" in raw and previous is None:
        raise LessonError(f'{where}.changes: the first scene needs a whole "session"')
    body = raw.get("session") if "session" in raw else _merged(previous, raw["changes"], where)
    session, body = _session(body, where)
    narration = _text(raw["narration"], f"{where}.narration", MAX_NARRATION, empty=False)
    play = _play(raw["play"], f"{where}.play", session) if "play" in raw else None
    highlight = _highlight(raw.get("highlight", []), f"{where}.highlight")
    question = (_question(raw["question"], f"{where}.question", session)
                if "question" in raw else None)
    inspect = (_integer(raw["inspect"], f"{where}.inspect", 0, len(session.panels) - 1)
               if "inspect" in raw else None)
    backprop = raw.get("backprop")
    if backprop is not None and backprop not in BACKPROP_PASSES:
        raise LessonError(f"{where}.backprop: {_show(backprop)} is not one of "
                          f"{', '.join(BACKPROP_PASSES)}")
    events = _events(raw.get("events", []), f"{where}.events")
    return (Scene(session, narration, play, highlight, question, inspect, backprop, events),
            body)


def _merged(previous, changes, where):
    if not isinstance(changes, dict):
        raise LessonError(f"{where}.changes: expected an object of session fields, "
                          f"not {_show(changes)}")
    merged = dict(previous)
    for key, value in changes.items():
        if key in MERGED and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _session(body, where):
    """(checked Session, its JSON object as gradviz writes it) of a scene."""
    from gradviz.engine import session_io
    from gradviz.engine.session_fields import SessionError

    if not isinstance(body, dict):
        raise LessonError(f"{where}.session: expected a session object, not {_show(body)}")
    try:
        session = session_io.from_dict({"format": session_io.FORMAT,
                                        "version": session_io.VERSION, **body})
    except SessionError as error:
        raise LessonError(f"{where}: {error.message}") from None
    return session, {k: v for k, v in session_io.to_dict(session).items()
                     if k not in ("format", "version")}


def _play(raw, where, session):
    _fields(raw, where, required=("to",), optional=("from", "speed"))
    start = _integer(raw.get("from", session.current_step), f"{where}.from", 0, session.steps)
    stop = _integer(raw["to"], f"{where}.to", start, session.steps)
    speed = raw.get("speed")
    if speed is not None:
        if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not (
                PLAY_SPEEDS[0] <= speed <= PLAY_SPEEDS[1]):
            raise LessonError(f"{where}.speed: expected {PLAY_SPEEDS[0]:g} to "
                              f"{PLAY_SPEEDS[1]:g} steps a second, not {_show(speed)}")
        speed = float(speed)
    return Play(start, stop, speed)


def _highlight(raw, where):
    return _names(raw, where, HIGHLIGHTS, MAX_HIGHLIGHTS, ("names", "a highlight", "a name"))


def _events(raw, where):
    """The kinds of event a scene's caption announces (``engine.events.KINDS``), each once."""
    from gradviz.engine.events import KINDS

    return _names(raw, where, KINDS, len(KINDS),
                  ("kinds of event", "a kind of event", "a kind"))


def _names(raw, where, valid, limit, words):
    """``raw`` as a tuple: a list of at most ``limit`` names from ``valid``, each once;
    ``words`` (what they are, what one is, and "a name") for the one-line messages."""
    many, one, each = words
    if not isinstance(raw, list) or len(raw) > limit:
        raise LessonError(f"{where}: expected a list of at most {limit} {many}, "
                          f"not {_show(raw)}")
    for i, name in enumerate(raw):
        if name not in valid:
            raise LessonError(f"{where}[{i}]: {_show(name)} is not {one} "
                              f"(valid: {', '.join(valid)})")
    if len(set(raw)) != len(raw):
        raise LessonError(f"{where}: {each} appears twice")
    return tuple(raw)


def _question(raw, where, session):
    _fields(raw, where, required=("kind", "prompt"),
            optional=("reveal_step", "panel", "options", "answer", "explanation"))
    prompt = _text(raw["prompt"], f"{where}.prompt", MAX_PROMPT, empty=False)
    explanation = _text(raw.get("explanation", ""), f"{where}.explanation", MAX_EXPLANATION)
    if raw["kind"] == "point":
        _only(raw, where, ("options", "answer"), "a point question")
        step = _integer(raw.get("reveal_step"), f"{where}.reveal_step", 0, session.steps)
        panel = _integer(raw.get("panel", 0), f"{where}.panel", 0, len(session.panels) - 1)
        return Question("point", prompt, step, panel, explanation=explanation)
    if raw["kind"] == "choice":
        _only(raw, where, ("reveal_step", "panel"), "a choice question")
        options = raw.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= MAX_OPTIONS:
            raise LessonError(f"{where}.options: expected a list of 2 to {MAX_OPTIONS} options, "
                              f"not {_show(options)}")
        options = tuple(_text(o, f"{where}.options[{i}]", MAX_OPTION, empty=False)
                        for i, o in enumerate(options))
        answer = _integer(raw.get("answer"), f"{where}.answer", 0, len(options) - 1)
        if not explanation:
            raise LessonError(f"{where}.explanation: a choice question needs one")
        return Question("choice", prompt, options=options, answer=answer, explanation=explanation)
    raise LessonError(f'{where}.kind: {_show(raw["kind"])} is not one of point, choice')


# --- small checks -----------------------------------------------------------------------------


def _fields(raw, where, required, optional=()):
    at = f"{where}: " if where else ""
    if not isinstance(raw, dict):
        raise LessonError(f"{at}expected an object {{...}}, not {_show(raw)}")
    unknown = [k for k in raw if k not in required and k not in optional]
    if unknown:
        raise LessonError(f'{at}unknown field "{unknown[0][:40]}"')
    for name in required:
        if name not in raw:
            raise LessonError(f'missing field "{where + "." if where else ""}{name}"')


def _only(raw, where, forbidden, kind):
    for name in forbidden:
        if name in raw:
            raise LessonError(f"{where}.{name}: {kind} has none")


def _text(value, where, limit, empty=True):
    if not isinstance(value, str):
        raise LessonError(f"{where}: expected text, not {_show(value)}")
    if len(value) > limit:
        raise LessonError(f"{where}: text too long ({len(value)} characters; at most {limit})")
    if not empty and not value.strip():
        raise LessonError(f"{where}: must not be empty")
    return value


def _integer(value, where, low, high):
    if not _is_int(value):
        raise LessonError(f"{where}: expected a whole number, not {_show(value)}")
    if not low <= value <= high:
        raise LessonError(f"{where}: {value} is out of range ({low} to {high})")
    return value


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


_show = strict_json.show
