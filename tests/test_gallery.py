"""The gallery's parts that need no screen: the list of states and their tours, the checks of
what the window said, the contact sheet, the index, the command line."""

import re
from pathlib import Path

import pytest

from gradviz import gallery
from gradviz.gallery_states import (SCREEN, PROJECTOR, STATES, mismatches, session_argument,
                                    tour_lines)
from gradviz.gui.tour import NAME, parse_tour

README = Path(__file__).resolve().parents[1] / "README.md"


def expected(state, fact):
    return dict(state.expect).get(fact)


def test_states_have_unique_names_that_a_tour_accepts():
    names = [s.name for s in STATES]
    assert len(set(names)) == len(names) == 20
    assert all(NAME.fullmatch(name) for name in names)
    assert names == sorted(names)          # the index and the sheet read in this order


def test_states_cover_what_the_issue_asks_for():
    for size in (PROJECTOR, SCREEN):
        sized = [s for s in STATES if s.size == size]
        assert {s.presentation for s in sized} == {False, True}
        assert {s.theme for s in sized} == {"light", "dark"}
        assert any(s.playing for s in sized)
    assert {expected(s, "panels") for s in STATES} >= {1, 2, 3, 4}
    assert any(expected(s, "mode") == "regression" for s in STATES)
    assert any(expected(s, "view3d") for s in STATES)
    assert any(expected(s, "overlay") for s in STATES)
    assert any(expected(s, "error") for s in STATES)
    assert any(expected(s, "legend") for s in STATES)
    assert any(s.session == "diverging" for s in STATES)
    # a state that says it plays is checked for it; the presentation/theme ones likewise
    for s in STATES:
        assert (expected(s, "playing") is True) == s.playing
        assert expected(s, "presentation") in (None, s.presentation)
        assert expected(s, "theme") in (None, s.theme)


def test_every_tour_parses_and_pictures_its_state_once_at_the_end():
    for state in STATES:
        lines = parse_tour("\n".join(tour_lines(state)))
        words = [line.word for line in lines]
        assert words[0] == "maximize" and words[-2:] == ["shot", "quit"]
        assert lines[-2].argument == state.name
        assert ("F11" in [line.argument for line in lines]) == state.presentation
        assert f"theme_{state.theme}" in [line.argument for line in lines]
        if state.playing:   # Space pressed, then time passes before the picture
            assert words[-5:-2] == ["key", "key", "wait"] and lines[-4].argument == "Space"


def test_sessions_the_gallery_writes_are_session_files(tmp_path):
    from gradviz.engine import session_io

    for state in STATES:
        path = session_argument(state, tmp_path)
        if state.session is None:
            assert path is None
        else:
            session = session_io.load(path)    # an example, or the diverging one written here
            assert session.panels
    diverging = session_io.load(tmp_path / "diverging.gradviz.json")
    assert [p.hyper["lr"] for p in diverging.panels] == [0.09, 0.55]
    assert diverging.current_step == diverging.steps == 400


FACTS = {"step": 260, "steps": 1000, "playing": True, "panels": 2, "mode": "function",
         "view3d": False, "legend": True, "overlay": False, "presentation": False,
         "theme": "light", "error": None, "window": [1280, 701], "screen": [1280, 720]}


def test_mismatches_name_what_the_window_said_otherwise():
    playing = STATES[0]
    assert playing.playing and playing.size == PROJECTOR
    assert mismatches(playing, FACTS) == []
    at_the_end = {**FACTS, "step": 1000}           # still "playing" at the last step: not mid-run
    assert mismatches(playing, at_the_end) == ["playing: expected True, the window says True"]
    paused = {**FACTS, "playing": False, "panels": 3}
    assert mismatches(playing, paused) == ["playing: expected True, the window says False",
                                           "panels: expected 2, the window says 3"]
    typo = next(s for s in STATES if expected(s, "error"))
    assert mismatches(typo, {**FACTS, "error": "expected a number"}) == []
    assert mismatches(typo, FACTS) == ["error: expected True, the window says None"]
    big = {**FACTS, "screen": [1920, 1080]}
    assert mismatches(playing, big) == ["screen: expected 1280x720, got [1920, 1080]"]


def result(state, folder, facts=FACTS, problems=()):
    return {"state": state, "picture": folder / f"{state.name}.png", "facts": facts,
            "problems": list(problems)}


def test_the_index_has_the_sheet_and_a_row_per_picture(tmp_path):
    results = [result(STATES[0], tmp_path),
               result(STATES[1], tmp_path, None, ["gradviz did not finish within 120 s"])]
    text = gallery.index_text(results)
    assert "![all pictures](sheet.png)" in text
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert rows[0].startswith(f"| [{STATES[0].name}]({STATES[0].name}.png) | 1280x720 |")
    assert "step 260 of 1000, playing, 2 panels, light, legend" in rows[0]
    assert rows[1].endswith("| no picture | gradviz did not finish within 120 s |")


def test_describe_says_modes_and_errors_in_words():
    facts = {**FACTS, "playing": False, "panels": 1, "presentation": True, "theme": "dark",
             "view3d": True, "mode": "regression", "overlay": True, "legend": False,
             "error": "expected a number"}
    assert gallery.describe(facts) == ("step 260 of 1000, paused, 1 panel, dark, presentation "
                                       "mode, 3D, regression mode, overlay, "
                                       "error: expected a number")


def solid_png(path, size, color):
    from PySide6.QtGui import QColor, QImage

    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path))


def test_the_sheet_puts_thumbnails_in_rows_with_captions(qapp, tmp_path):
    from PySide6.QtGui import QColor

    from gradviz.gui.contact_sheet import (CAPTION_HEIGHT, GAP, THUMB_WIDTH, compose_sheet,
                                           sheet_layout)

    solid_png(tmp_path / "a.png", (1280, 720), "#ff0000")
    solid_png(tmp_path / "b.png", (1920, 1080), "#0000ff")
    entries = [(tmp_path / "a.png", "first"), (tmp_path / "b.png", "second"),
               (tmp_path / "missing.png", "third")]
    sheet = compose_sheet(entries, columns=2)
    corners, size = sheet_layout([270, 270, 270], 2, THUMB_WIDTH, caption=CAPTION_HEIGHT)
    assert corners[:2] == [(GAP, GAP), (2 * GAP + THUMB_WIDTH, GAP)]
    assert (sheet.width(), sheet.height()) == size
    assert sheet.width() == 3 * GAP + 2 * THUMB_WIDTH
    colour = lambda x, y: QColor(sheet.pixel(x, y)).name()   # noqa: E731
    (ax, ay), (bx, by), (cx, cy) = corners
    assert colour(ax + 240, ay + 135) == "#ff0000"          # 1280x720 at 480 wide: 270 tall
    assert colour(bx + 240, by + 135) == "#0000ff"          # 1920x1080 likewise
    assert colour(ax + 240, ay + 272) != "#ff0000"          # below it: the caption's page
    assert colour(cx + 5, cy + 5) == "#bbbbbb"              # a missing picture: a grey box
    caption_row = [colour(x, ay + 270 + 8) for x in range(ax, ax + 100)]
    assert any(c != "#ffffff" for c in caption_row)         # its caption is written there


def test_the_readme_shows_the_gallery_s_readme_pictures():
    text = README.read_text(encoding="utf-8")
    for state in (s for s in STATES if s.readme):
        assert f"resources/screenshots/{state.name}.png" in text
        assert (README.parent / "resources" / "screenshots" / f"{state.name}.png").is_file()
    assert "python -m gradviz.gallery" in text
    shown = re.findall(r"resources/screenshots/([\w-]+)\.png", text)
    assert set(shown) <= {s.name for s in STATES}      # every screenshot comes from it


def test_the_command_line_lists_states_and_says_what_is_missing(capsys, monkeypatch):
    assert gallery.main(["--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == [s.name for s in STATES]
    assert gallery.main([]) == 2
    assert "give a folder" in capsys.readouterr().err
    assert gallery.main(["out", "--only", "nope"]) == 2
    assert "no state named nope" in capsys.readouterr().err
    monkeypatch.setattr(gallery.shutil, "which", lambda tool: None)
    assert gallery.main(["out"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [gallery.MISSING] and "xvfb openbox" in err[0]


@pytest.mark.parametrize("text, problem", [
    ("wiggle 3", "tour line 1: unknown word 'wiggle'"),
    ("maximize\nwait 61", "tour line 2: wait takes 0 to 60 seconds"),
    ("wait soon", "wait takes seconds"),
    ("shot ../../etc/x", "a picture's name is letters, digits, - and _"),
    ("key", "'key' needs an argument"),
    ("quit now", "'quit' takes no argument"),
])
def test_a_broken_tour_is_one_line_naming_its_line(text, problem):
    from gradviz.arguments import UserError

    with pytest.raises(UserError, match=re.escape(problem)):
        parse_tour(text)


def test_a_tour_keeps_what_is_typed_as_typed():
    lines = parse_tour("# a comment\n\ntype  x^2 + 3*y^\nkey Ctrl+Shift+N\n")
    assert [(line.word, line.argument, line.number) for line in lines] == [
        ("type", " x^2 + 3*y^", 3), ("key", "Ctrl+Shift+N", 4)]
