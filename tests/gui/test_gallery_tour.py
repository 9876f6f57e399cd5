"""A tour (gui/tour.py) drives the real window through its own keys and menus: shortcuts
reach their actions, typed text reaches the field with the focus, and each picture comes
with what the window said at that moment."""

import json

from gui_helpers import open_window

from gradviz.engine.session import PanelConfig, Session
from gradviz.gui import theme
from gradviz.gui.tour import TourPlayer, parse_tour, window_facts

BOWL = Session(text="x^2 + 3*y^2", domain=((-2.0, 2.0), (-2.0, 2.0)), start=(1.5, 1.5),
               panels=(PanelConfig("gd", {"lr": 0.05}), PanelConfig("adam", {"lr": 0.1})),
               steps=400)


def test_a_tour_presses_keys_triggers_actions_types_and_pictures(qtbot, qapp, tmp_path):
    win = open_window(qtbot, BOWL, (1280, 720))
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)   # window shortcuts need it active
    lines = parse_tour("\n".join([
        "key Ctrl+Shift+N", "action theme_dark", "key Space", "wait 0.3", "shot playing",
        "key Space", "key F2", "type x^2 + ", "wait 0.5", "shot typo", "quit",
        "shot never"]))
    finished = []
    player = TourPlayer(qapp, win, lines, str(tmp_path), done=lambda: finished.append(True))
    try:
        player.next_line()
        qtbot.waitUntil(lambda: bool(finished), timeout=20000)
        playing = json.loads((tmp_path / "playing.json").read_text(encoding="utf-8"))
        typo = json.loads((tmp_path / "typo.json").read_text(encoding="utf-8"))
    finally:
        win.appearance.set_mode("light")
        theme.set_current(theme.make_style())
    assert playing["panels"] == 3 and playing["theme"] == "dark"       # Ctrl+Shift+N, menu
    assert playing["playing"] and 0 < playing["step"] < 400            # Space: mid-run
    assert not typo["playing"] and typo["step"] >= playing["step"]     # Space again: paused
    assert typo["error"] and win.controls.editor.text() == "x^2 + "    # F2 then typing
    assert not (tmp_path / "never.json").exists() and finished == [True]   # quit ends it
    assert window_facts(win)["window"] == [win.width(), win.height()]
