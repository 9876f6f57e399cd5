"""Start-up does only what the first frame needs: the File menu lists the example lessons
without parsing them (no sympy), and an example that cannot be read says so when opened."""

import json
import textwrap

from gradviz import resources
from gradviz.engine import session_io

STARTUP = textwrap.dedent("""
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from gradviz.gui.app import create_window, open_session
    app, window = create_window()
    window.resize(1280, 720); window.show(); open_session(window)
    docs = window.start_documents(QSettings(sys.argv[1], QSettings.Format.IniFormat))
    docs.start()
    window.state.flush()
    app.processEvents()
    print(json.dumps({"titles": [a.text() for a in docs.examples_menu.actions()],
                      "enabled": docs.examples_menu.isEnabled(),
                      "landscape": window.state.landscape is not None,
                      "sympy": sorted(m for m in sys.modules if m.split(".")[0] == "sympy")}),
          flush=True)
    docs.autosave.discard()
    os._exit(0)   # no teardown: tearing Qt down at exit is not what this test is about
""")


def test_the_window_and_its_examples_menu_start_without_sympy(fresh_python, tmp_path):
    result = fresh_python("-c", STARTUP, str(tmp_path / "settings.ini"),
                          env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["sympy"] == []
    assert shown["landscape"] and shown["enabled"]
    titles = [session_io.load(path).title for path in resources.examples()]
    assert len(titles) >= 5 and shown["titles"] == titles


COLLECTIONS_DURING_START = textwrap.dedent("""
    import gc, os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = []
    gc.callbacks.append(lambda phase, info: phase == "start" and started.append(info))
    from gradviz.gui.qt_app import start_qt
    before = len(started)
    start_qt()   # numpy, the engine, PySide6, pyqtgraph, the QApplication
    print(len(started) - before, gc.isenabled(), flush=True)
    os._exit(0)
""")


def test_importing_qt_and_pyqtgraph_sets_off_no_collection(fresh_python):
    """Automatic collection is off from the start of Qt's start-up, not only once the
    QApplication exists: the imports before it set off ~100 collections (~20 ms)."""
    result = fresh_python("-c", COLLECTIONS_DURING_START)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "False"]


def test_read_title_reads_only_the_title(tmp_path):
    path = tmp_path / "a.gradviz.json"
    path.write_text(json.dumps({"format": "gradviz-session", "version": 1, "title": "Hills",
                                "text": "x^2 + (y"}), encoding="utf-8")   # text not parsed
    assert session_io.read_title(path) == "Hills"
    path.write_text(json.dumps({"format": "gradviz-session", "title": 3}), encoding="utf-8")
    assert session_io.read_title(path) == ""
    path.write_text("[1, 2]", encoding="utf-8")
    assert session_io.read_title(path) == ""
    for broken in ("{", "", '{"title": NaN}'):
        path.write_text(broken, encoding="utf-8")
        try:
            session_io.read_title(path)
        except session_io.SessionError as error:
            assert error.message
        else:
            raise AssertionError(f"{broken!r} was read")
    try:
        session_io.read_title(tmp_path / "missing.gradviz.json")
    except session_io.SessionError as error:
        assert "cannot read" in error.message
    else:
        raise AssertionError("a missing file was read")


def test_an_example_that_cannot_be_read_says_so(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from gradviz.gui.app import create_window, open_session

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    _, window = create_window()
    window.resize(1280, 720)
    window.show()
    open_session(window)
    window.state.flush()
    docs = window.start_documents(QSettings(str(tmp_path / "s.ini"),
                                            QSettings.Format.IniFormat))
    errors = []
    monkeypatch.setattr(docs, "error", lambda title, message: errors.append((title, message)))
    broken = tmp_path / "9-broken.gradviz.json"
    broken.write_text(json.dumps({"format": "gradviz-session", "version": 1, "title": "Broken",
                                  "text": "x^2 + (y"}), encoding="utf-8")
    before = window.state.session
    assert docs.open_example(broken) is False
    assert errors and errors[0][0] == "Cannot open the example 9-broken.gradviz.json"
    assert "domain" in errors[0][1]   # the first problem, named in one line
    assert window.state.session == before
    docs.autosave.discard()
    window.removeEventFilter(docs)
    window.close()
    window.deleteLater()


# --- what the first frame does not show is built when first needed ----------------------------

def test_the_data_dock_is_built_when_first_opened_and_filled_at_once(qtbot):
    """The regression data dock is closed at start: its view is made when the regression
    mode first opens it, and shows the houses then."""
    from gui_helpers import do, open_window

    from gradviz.state import intents as i

    window = open_window(qtbot, size=(1280, 720))
    assert window.docks["data"].widget() is None

    do(window, i.SetMode("regression"))
    window.state.flush()
    assert window.docks["data"].isVisible() and window.docks["data"].widget() is window.data_view
    x, y = window.data_view.points.getData()
    loss = window.state.objective
    assert len(x) == len(loss.data.x) and list(y) == list(loss.data.y)   # the houses, at once
