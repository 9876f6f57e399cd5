"""Import PySide6 and pyqtgraph without two start-up taxes that buy gradviz nothing.

Measured on the 2-core CI machine (``gradviz bench``, start-up section, and ``-X importtime``):

1. pyqtgraph keeps its own copies of QtCore, QtGui and QtWidgets and fills them with
   ``_copy_attrs``: ``getattr`` on every name of the three PySide6 modules. PySide6 creates its
   ~800 classes lazily, on first access, so that loop creates all of them: ~0.22 s of the
   ~0.43 s ``import pyqtgraph`` takes. :func:`prepare` puts the three copies in place first as
   :class:`_Mirror` modules that fetch a name from PySide6 when it is first used, and answer
   ``_copy_attrs``'s "do you have it?" without fetching. pyqtgraph then sees the same objects,
   only later, and only the ones it uses.
2. Once PySide6 is imported, every later import runs PySide6's ``__feature__`` check, which reads
   the module's source looking for ``from __feature__ import`` (~0.08 s over the ~350 modules
   gradviz imports after Qt). gradviz and its libraries never use ``__feature__`` (snake_case /
   true_property), so the check is answered "no" without reading.

Both rely on internals of the pinned versions (pyproject: PySide6 6.8-6.10, pyqtgraph 0.14);
tests/gui/test_qt_start.py checks them, so a version bump that changes them fails there first.
Calling :func:`prepare` twice changes nothing.
"""

from __future__ import annotations

import sys
import types

_QT_MODULES = ("QtCore", "QtGui", "QtWidgets")


class _Mirror(types.ModuleType):
    """pyqtgraph.Qt.QtCore (Gui, Widgets): PySide6's module, each name fetched on first use."""

    def __init__(self, name, source):
        super().__init__(name)
        self.__dict__["_gradviz_source"] = source

    def __getattr__(self, name):
        caller = sys._getframe(1)
        if (caller.f_code.co_name == "_copy_attrs"
                and caller.f_globals.get("__name__") == "pyqtgraph.Qt"):
            return True   # "present": _copy_attrs only asks for names the source lists
        value = getattr(self.__dict__["_gradviz_source"], name)
        self.__dict__[name] = value   # the next access is an ordinary attribute
        return value


def _uses_no_feature(module):
    return False


def prepare() -> None:
    """Import PySide6's QtCore, QtGui and QtWidgets and ready the cheaper pyqtgraph import.
    Call before anything imports pyqtgraph (later calls change nothing)."""
    import PySide6.QtCore
    import PySide6.QtGui
    import PySide6.QtWidgets

    feature = sys.modules.get("PySide6.support.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_no_feature
    if "pyqtgraph.Qt" in sys.modules:
        return   # too late: pyqtgraph has its copies already
    sources = {"QtCore": PySide6.QtCore, "QtGui": PySide6.QtGui,
               "QtWidgets": PySide6.QtWidgets}
    for name in _QT_MODULES:
        sys.modules.setdefault(f"pyqtgraph.Qt.{name}", _Mirror(f"pyqtgraph.Qt.{name}",
                                                                sources[name]))

