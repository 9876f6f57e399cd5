"""gui/qt_start.py: pyqtgraph imported through lazy mirrors of PySide6's modules sees the same
objects, and PySide6 classes nobody uses are never created. Each case runs in a fresh Python,
the only place where "before pyqtgraph is imported" can be arranged."""

import json

CHECK = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
if {prepare}:
    from gradviz.gui.qt_start import prepare
    prepare()
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui, QtWidgets
calendar_created = "QCalendarWidget" in vars(PySide6.QtWidgets)
widget_names = len(vars(PySide6.QtWidgets))
app = pg.mkQApp()
plot = pg.PlotWidget()
plot.plot([0, 1, 2], [2, 0, 1])
plot.resize(200, 150)
image = plot.grab().toImage()
feature = sys.modules["PySide6.support.feature"]
print(json.dumps({{
    "same": [QtCore.QObject is PySide6.QtCore.QObject, QtGui.QColor is PySide6.QtGui.QColor,
             QtWidgets.QApplication is PySide6.QtWidgets.QApplication,
             QtCore.Qt.AlignmentFlag is PySide6.QtCore.Qt.AlignmentFlag],
    "version": QtCore.__version__ == PySide6.QtCore.__version__,
    "info": pg.Qt.VERSION_INFO,
    "opengl_widget": hasattr(QtWidgets, "QOpenGLWidget"),
    "calendar_created": calendar_created,
    "widget_names": widget_names,
    "feature_check": feature._mod_uses_pyside.__name__,
    "picture": [image.width(), image.height()],
}}))
"""


def _run(fresh_python, prepare):
    done = fresh_python("-c", CHECK.format(prepare=prepare))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_pyqtgraph_through_the_mirrors_sees_pyside6s_own_objects(fresh_python):
    seen = _run(fresh_python, prepare=True)
    assert seen["same"] == [True, True, True, True]
    assert seen["version"] is True
    assert seen["info"].startswith("PySide6 ")
    assert seen["opengl_widget"] is True
    assert seen["picture"] == [200, 150]


def test_unused_pyside6_classes_are_never_created(fresh_python):
    # The ordinary import creates every class (pyqtgraph's _copy_attrs touches each name);
    # through the mirrors an unused widget class stays uncreated.
    plain, mirrored = _run(fresh_python, prepare=False), _run(fresh_python, prepare=True)
    assert plain["calendar_created"] is True
    assert mirrored["calendar_created"] is False
    assert mirrored["widget_names"] < plain["widget_names"] / 2


def test_the_feature_check_is_answered_without_reading_sources(fresh_python):
    assert _run(fresh_python, prepare=True)["feature_check"] == "_uses_no_feature"
    assert _run(fresh_python, prepare=False)["feature_check"] == "_mod_uses_pyside"
