"""Small helpers shared by the GUI tests (pytest puts this folder on sys.path)."""

import contextlib

from PySide6.QtCore import Qt


def record(signal):
    """A list that collects the arguments of every emission of ``signal``."""
    calls = []
    signal.connect(lambda *args: calls.append(args))
    return calls


def type_into(qtbot, field, text):
    """Replace a line edit's text as a user would, finishing with Return."""
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def do(window, *intents):
    """Apply ``intents`` to the window's state one after the other as its widgets would, each
    time waiting for any function it made the state prepare (off the GUI thread) to be shown."""
    for intent in intents:
        window.state.apply(intent)
        window.state.flush()


def open_window(qtbot, session=None, size=(1680, 960)):
    """The main window as most GUI tests open it: ``create_window(session)`` at ``size``
    (width, height), shown, the session opened and computed; qtbot closes it when the test
    ends."""
    from gradviz.gui.app import create_window, open_session

    _, win = create_window(session)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    open_session(win)
    win.state.flush()
    return win


@contextlib.contextmanager
def session_window(session, size=(1440, 860)):
    """A main window showing ``session`` at its step and zoomed view, laid out but never on
    screen; deleted afterwards."""
    import shiboken6
    from PySide6.QtCore import Qt

    from gradviz.gui.app import create_window, open_session

    _, window = create_window(session)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.resize(*size)
    window.show()
    try:
        open_session(window, session)
        window.state.flush()
        yield window
    finally:
        window.close()
        if shiboken6.isValid(window):
            shiboken6.delete(window)


@contextlib.contextmanager
def documented_window(tmp_path, monkeypatch, session=None, size=(1280, 720)):
    """The window as the app opens it, with its file handling (a throwaway settings file,
    autosave under ``tmp_path``); closed afterwards without the unsaved-changes question."""
    from PySide6.QtCore import QSettings

    from gradviz.gui.app import create_window, open_session

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    _, window = create_window(session)
    window.resize(*size)
    window.show()
    open_session(window)
    window.state.flush()
    window.start_documents(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        yield window
    finally:
        window.documents.autosave.discard()
        window.removeEventFilter(window.documents)
        window.close()


def tick_label_rects(axis):
    """The rectangles of the labels a pyqtgraph ``axis`` draws now, top to bottom."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return sorted((rect for rect, _, text in texts if text), key=lambda r: r.top())
