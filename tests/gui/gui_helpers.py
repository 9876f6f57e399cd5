"""Small helpers shared by the GUI tests (pytest puts this folder on sys.path)."""

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


def open_window(qtbot, session=None, size=(1680, 960)):
    """The main window as most GUI tests open it: ``create_window(session)`` at ``size``
    (width, height), shown, the session loaded; qtbot closes it when the test ends."""
    from gradviz.gui.app import create_window

    _, win = create_window(session)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    win.controller.load()
    return win
